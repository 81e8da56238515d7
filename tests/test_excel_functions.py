"""The worksheet functions (=FG_TONG_DIEM, =FG_XEP_LOAI, =FG_CON_THIEU, =FG_XEP_LOAI_NAM;
=FG_DIEM_QUY, =FG_XEP_LOAI_QUY on the quarter sheet) equal the engine, called with exactly the ranges the templates' «Kết quả» cells pass: on
workbooks recalculated by LibreOffice, on hypothesis-generated fills, and through
``xlwings.server``'s custom-function dispatch as xlwings Lite and Server call them."""
from __future__ import annotations

import random
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import xlharness
from conftest import recomputed
from fourgood import assess, engine, layout, namedcells
from fourgood.cellref import parse_target
from fourgood import framework as fw
from fourgood.messages import text
from macros_py import functions
from test_templates_parity import document

FWS = fw.shipped()
CALL = re.compile(r"^=IFERROR\((FG_[A-Z_]+)\((.*)\),\"\"\)$")
SHARE = re.compile(r"»: \d+/\d+ đạt \(([\d,]+)%\)")
RANGE = re.compile(r"^'([^']+)'!(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)$")


@lru_cache(maxsize=None)
def calls(template: Path) -> list[tuple[str, int | None, str, list[str]]]:
    """Every worksheet-function cell of a template's «Kết quả»: (name, month index or None
    for the year cell, function, arguments as written)."""
    wb = openpyxl.load_workbook(template)
    with zipfile.ZipFile(template) as archive:
        targets = namedcells.defined_names(archive)
    out = []
    for name in ("FG_FN_total", "FG_FN_result", "FG_FN_year", "FG_FN_quarter_total",
                 "FG_FN_quarter_level"):
        t = targets[name]
        for i, ref in enumerate(t.cells()):
            found = CALL.match(wb[t.sheet][ref].value)
            assert found, (name, ref)
            out.append((name, None if name == "FG_FN_year" else i, found[1],
                        found[2].split(",")))
    return out


def argument(grids: dict[str, list[list[Any]]], named: dict[str, Any], arg: str) -> Any:
    """An argument's value as the spreadsheet passes it: ranges as rows, empty cells None
    (``grids``: each sheet's values from A1, ``xlharness.Loaded``)."""
    ranged = RANGE.match(arg)
    if ranged:
        t = parse_target(f"'{ranged[1]}'!{ranged[2]}")
        grid = grids[ranged[1]]
        return [[None if v == "" else v for v in (grid[r] + [""] * t.max_col)[
            t.min_col - 1:t.max_col]] for r in range(t.min_row - 1, t.max_row)]
    if arg.startswith('"'):
        return arg.strip('"')
    return named[arg]


def results(template: Path, grids: dict[str, list[list[Any]]], named: dict[str, Any],
            direct: bool = True) -> list[tuple[str, int | None, tuple[str, list[Any]], Any]]:
    """(name, month, (function, arguments), direct result or None) of every function cell."""
    out = []
    for name, month, function, args in calls(template):
        values = [argument(grids, named, a) for a in args]
        out.append((name, month, (function, values),
                    getattr(functions, function)(*values) if direct else None))
    return out


def check(want: assess.Assessment, got, lang: str = "vi") -> None:
    for name, month, _, value in got:
        if name.startswith("FG_FN_quarter_"):  # quarters I–III, then the year
            key = layout.PERIODS[month]
            if name == "FG_FN_quarter_total":
                total = assess.quarter_total(want.rated, key)
                assert value == ("" if total is None else pytest.approx(total)), (name, key)
            else:
                assert value == (assess.quarter_word(FWS, want.rated, key, lang) or ""), key
            continue
        if name == "FG_FN_year":
            assert value == text("label_recognized" if want.year.recognized
                                 else "label_not_recognized", lang)
            continue
        result = want.months[str(month + 1)]
        if name == "FG_FN_total":
            assert value == ("" if result.status == "blank" else pytest.approx(result.total))
        else:
            assert value == (assess.month_word(result, lang) or "")


def test_functions_equal_the_engine_on_recalculated_workbooks(workbooks, built_templates):
    """Every function cell of every random fill, called as xlwings Lite and Server call it
    (``xlwings.server``'s dispatch, the remote-engine leg) with the ranges it passes."""
    seen, dispatched = [], []
    for template_id, _, path in workbooks:
        named = namedcells.read(path)
        got = results(built_templates[template_id], xlharness.Loaded(path).grids, named,
                      direct=False)
        gaps = [("FG_CON_THIEU", values) for _, _, (function, values), _ in got
                if function == "FG_XEP_LOAI"]
        seen.append((recomputed(template_id, named), got, path.name, len(gaps)))
        dispatched += [call for _, _, call, _ in got] + gaps
    served = iter(xlharness.serve_functions("macros_py.functions", dispatched))
    for want, got, name, count in seen:
        got = [(n, m, call, next(served)) for n, m, call, _ in got]
        check(want, got)
        months = [m for n, m, (function, _), _ in got if function == "FG_XEP_LOAI"]
        for month, gaps in zip(months, [next(served) for _ in range(count)]):
            result = want.months[str(month + 1)]
            if result.status == "blank":
                assert gaps == ""
            elif result.status == "incomplete":
                assert all(e.message.text("vi") in gaps for e in result.errors)
            else:  # a subordinate share is seen as its percentage: "mới 50%", not "1/2"
                said = " ".join(SHARE.sub(r"» mới \1%", g.text("vi")) for g in result.gaps)
                assert gaps == (said or text("tpl_nothing_missing")), (name, month)


def derived_values(template: Path, grids: dict[str, list[list[Any]]],
                   want: assess.Assessment) -> None:
    """Put in a committee's derived rows what their formulas show (the engine's share, as
    the parity test proves): a workbook only filled is not calculated."""
    framework = FWS[want.year.framework]
    labels = layout.row_labels(framework)
    grid = grids[RANGE.match(calls(template)[0][3][0])[1]]
    for item_id in engine.derived_items(framework):
        row = next(r for r in grid if r and functions._label(r[0]) == labels[item_id])
        row.extend("" for _ in range(4 + 12 - len(row)))
        for m in range(12):
            result = want.months[str(m + 1)]
            items = {i.id: i for c in result.criteria for i in c.items}
            row[3 + m] = items[item_id].value if result.status != "blank" else ""


def generated(template_id: str, seed: int, built_templates, tmp_path: Path):
    """A workbook filled from a random document as ``fill`` writes it, opened as Excel
    would pass its ranges to the functions."""
    doc = document(template_id, random.Random(seed))
    spec = layout.TEMPLATES[template_id]
    path = tmp_path / f"{template_id}-{seed}.xlsx"
    namedcells.write(built_templates[template_id], layout.document_to_names(spec, FWS, doc),
                     path)
    named = namedcells.read(path)
    want = recomputed(template_id, named)
    grids = xlharness.Loaded(path).grids
    derived_values(built_templates[template_id], grids, want)
    return want, grids, named


@pytest.mark.slow
@pytest.mark.parametrize("template_id", ["chi-bo", "dang-bo-co-so"])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_functions_equal_the_engine_on_generated_fills(template_id, seed, built_templates,
                                                       tmp_path):
    want, grids, named = generated(template_id, seed, built_templates, tmp_path)
    check(want, results(built_templates[template_id], grids, named))


@pytest.mark.slow  # a fresh interpreter dispatching as xlwings Server does
def test_functions_through_the_server_dispatch(built_templates, tmp_path):
    """xlwings Lite and Server call the same functions through ``custom_functions_call``:
    the same results, English on request, and an error value for ranges that are not a
    monthly sheet."""
    direct, dispatched = [], []
    for n in range(12):
        template_id = ("chi-bo", "dang-bo-co-so")[n % 2]
        want, grids, named = generated(template_id, 1000 + n, built_templates, tmp_path)
        got = results(built_templates[template_id], grids, named)
        check(want, got)
        for _, _, (function, values), value in got:
            direct.append(value)
            dispatched.append((function, values))
        function, values = next(c for _, _, c, _ in got if c[0] == "FG_XEP_LOAI")
        english = values[:4] + [None] * (4 - len(values[:4])) + ["en"]
        direct.append(functions.FG_XEP_LOAI(*english))
        dispatched.append(("FG_XEP_LOAI", english))
    served = xlharness.serve_functions("macros_py.functions", dispatched)
    assert served == [pytest.approx(v) if isinstance(v, float) else v for v in direct]
    assert {"Met", "Not met", "Incomplete"} & set(served)
    [wrong] = xlharness.serve_functions("macros_py.functions",
                                        [("FG_TONG_DIEM", [[["x"], ["y"]], [[1], [2]]])])
    assert "error" in wrong and "STT" in wrong["error"]
