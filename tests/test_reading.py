"""One reading of a typed value (docs/design.md, invariant 12; reading.py): what an officer
typed gives one result in the sheet (LibreOffice), the Classify button (xlwings' remote
engine), the worksheet functions and the consolidation reader. The examples are the ones
officers hit: a cell «cleared» with a space, a choice with a space after it, Unikey's
decomposed Unicode, a look-alike Ð, a non-breaking space pasted from the web."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest

import xlharness
from conftest import ROOT, full_values, recomputed
from fourgood import assess, engine, layout, namedcells, reader, roster
from fourgood import framework as fw
from fourgood.reading import CURRENT, LEGACY, Invalid, diagnose, excel_trim, of_version
from macros_py import scripts
from test_excel_functions import results

FWS = fw.shipped()
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731  Unikey's «tổ hợp»
ROSTER = roster.build({"id": "thu", "name": "Đảng bộ thử", "year": 2024, "units": [
    {"id": "dang-bo-thu", "name": "Đảng bộ thử", "type": "dang-bo-cap-tren", "parent": None},
    {"id": "dbcs-thu", "name": "Đảng bộ cơ sở thử", "type": "dang-bo-co-so",
     "parent": "dang-bo-thu", "group": "xa-phuong"},
    {"id": "cb-thu", "name": "Chi bộ thử", "type": "chi-bo", "parent": "dbcs-thu",
     "group": "xa-phuong"}]})
UNIT = {"chi-bo": "cb-thu", "dang-bo-co-so": "dbcs-thu"}


def test_the_python_reading_is_excels_trim_and_nothing_more():
    assert excel_trim("  Đạt   không  ") == "Đạt không"
    assert excel_trim("Đạt\u00a0") == "Đạt\u00a0"  # TRIM leaves a non-breaking space
    assert CURRENT.empty("   ") and not CURRENT.empty("\u00a0") and not LEGACY.empty(" ")
    assert CURRENT.choice(" đạt ", {True: ("Đạt",), False: ("Không đạt",)}) is True
    assert of_version("1.1.0") is LEGACY and of_version("1.2.0") is CURRENT
    for raw, code in [("\u00a0", "typed_special_blank"), ("Đạt\u00a0", "typed_special_space"),
                      ("\u200bĐạt", "typed_special_space"), (NFD("Không đạt"), "typed_decomposed"),
                      ("Ðạt", "typed_look_alike"), ("Đ\u0430t", "not_a_choice"),
                      ("Dat", "not_a_choice")]:
        assert diagnose(raw, ["Đạt", "Không đạt"]) == code, raw
    with pytest.raises(Invalid) as refused:
        CURRENT.number("4,5")
    assert refused.value.code == "text_in_number_cell"


def meeting() -> dict[str, Any]:
    return {"sinh-hoat-chi-bo": {"values": full_values(FWS["sinh-hoat-chi-bo"])}}


def cell_full(**typed: Any) -> dict[str, Any]:
    values = full_values(FWS["chi-bo-bon-tot"])
    values.update({k: {"text": v} for k, v in typed.items()})
    return {"values": values, "linked": meeting()}


def committee_full(word: str = "Đạt") -> dict[str, Any]:
    framework = FWS["dang-bo-co-so-bon-tot"]
    values = full_values(framework)
    values.update({k: {"text": word} for k, v in values.items() if v == "Đạt"})
    for item_id in engine.derived_items(framework):  # the «Chi bộ trực thuộc» sheet's share
        del values[item_id]
    return {"values": values}


# month -> what an officer typed, and what every path must then show
CELL = {
    1: (cell_full(), "Đạt"),                                         # the reference month
    3: ({"values": {"c1.1": {"text": " "}}}, None),                  # «cleared» with a space
    4: (cell_full(**{"v-ky-luat": " "}), "Đạt"),                     # a space in a veto
    5: (cell_full(**{"v-ky-luat": "Không ", "v-mat-doan-ket": " có"}), "Không đạt"),
    6: (cell_full(**{"v-ky-luat": NFD("Không")}), "Chưa đủ dữ liệu"),  # Unikey «tổ hợp»
    7: (cell_full(**{"v-ky-luat": "Không\u00a0"}), "Chưa đủ dữ liệu"),  # pasted from the web
    8: (cell_full(**{"v-ky-luat": "\u00a0"}), "Chưa đủ dữ liệu"),
    9: (cell_full(**{"c1.1": "4,5"}), "Chưa đủ dữ liệu"),            # text in a number cell
}
COMMITTEE = {
    1: (committee_full(), ["Đạt", "Đạt"]),
    2: (committee_full("Đạt "), ["Đạt ", "Đạt"]),                   # total 5 against 6 before
    3: (committee_full("đạt"), [" Đạt", "Đạt  "]),
    4: (committee_full("Ðạt"), ["Đạt", "Đạt"]),                     # a look-alike Ð
    5: (committee_full(NFD("Đạt")), ["Đạt", NFD("Đạt")]),           # criterion 5: 50 %, not 100
}
NOTES = {("chi-bo", 6): "Unicode dựng sẵn", ("chi-bo", 7): "dấu cách đặc biệt",
         ("chi-bo", 8): "Delete", ("dang-bo-co-so", 4): "Ð thay cho Đ",
         ("dang-bo-co-so", 5): "Unicode dựng sẵn"}


def examples() -> dict[str, dict[str, Any]]:
    cell = {"info": {"unit_id": "cb-thu", "year": 2024},
            "periods": {str(m): period for m, (period, _) in CELL.items()}}
    committee = {"info": {"unit_id": "dbcs-thu", "year": 2024},
                 "periods": {str(m): period for m, (period, _) in COMMITTEE.items()},
                 "subordinates": [
                     {"id": f"cb-{n}", "name": f"Chi bộ {n}",
                      "months": {str(m): {"text": subs[n]} for m, (_, subs) in COMMITTEE.items()}}
                     for n in range(2)]}
    return {"chi-bo": cell, "dang-bo-co-so": committee}


@pytest.fixture(scope="module")
def typed_books(libreoffice, built_templates, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """(filled, recalculated) workbook of each unit template holding the examples."""
    work = tmp_path_factory.mktemp("typed")
    filled = {}
    for template_id, doc in examples().items():
        path = work / f"{UNIT[template_id]}.xlsx"
        names = layout.document_to_names(layout.TEMPLATES[template_id], FWS, doc)
        names[layout.meta_name("unit_id")] = UNIT[template_id]
        names[layout.meta_name("year")] = 2024
        namedcells.write(built_templates[template_id], names, path)
        filled[template_id] = path
    done = libreoffice.convert(list(filled.values()), work / "recalculated")
    return {t: (p, r) for (t, p), r in zip(filled.items(), done)}


def every_path(template_id: str, recalculated: Path, template: Path) -> tuple[dict[str, list[Any]], list[str]]:
    """Each month's (total, result) as the sheet, the engine, Classify, the functions and
    the consolidation reader see them; with Classify's notes."""
    named = namedcells.read(recalculated)
    engine_view = recomputed(template_id, named)
    classified, notes, _ = xlharness.outcome(
        recalculated, xlharness.run(scripts.classify, recalculated), template)
    calls = results(template, xlharness.Loaded(recalculated).grids, named, direct=False)
    served = xlharness.serve_functions("macros_py.functions", [c for _, _, c, _ in calls])
    functions = {(n, m): v for (n, m, _, _), v in zip(calls, served)}
    source = reader.Source(recalculated.name, str(recalculated), None)
    received = reader.read_submission(source, recalculated.read_bytes(), ROSTER, FWS)
    assert not [w for w in received.warnings if w.code == "warn_differs"], received.warnings
    blank = lambda v: None if v in ("", None) else v  # noqa: E731
    paths: dict[str, list[Any]] = {"sheet": [], "engine": [], "classify": [], "functions": [],
                                   "consolidation": []}
    for i in range(12):
        month = engine_view.months[str(i + 1)]
        got = received.months[str(i + 1)]
        paths["sheet"].append((blank(named["FG_R_total"][i]), blank(named["FG_R_result"][i])))
        for key, result in (("engine", month), ("consolidation", got)):
            paths[key].append((None if result.status == "blank" else result.total,
                               assess.month_word(result, "vi")))
        paths["classify"].append((classified["FG_PY_total"][i], classified["FG_PY_result"][i]))
        paths["functions"].append((blank(functions[("FG_FN_total", i)]),
                                   blank(functions[("FG_FN_result", i)])))
    return paths, list(notes.values())


@pytest.mark.parametrize("template_id", ["chi-bo", "dang-bo-co-so"])
def test_one_typed_value_gives_one_result_on_every_path(typed_books, built_templates,
                                                        template_id):
    _, recalculated = typed_books[template_id]
    paths, notes = every_path(template_id, recalculated, built_templates[template_id])
    for name, seen in paths.items():
        assert seen == paths["sheet"], name
    expected = CELL if template_id == "chi-bo" else {
        m: (p, "Đạt" if m in (1, 2, 3) else "Chưa đủ dữ liệu") for m, (p, _) in COMMITTEE.items()}
    for month, (_, result) in expected.items():
        assert paths["sheet"][month - 1][1] == result, month
    if template_id == "dang-bo-co-so":  # spaces and case forgiven: the reference total
        assert paths["sheet"][1][0] == paths["sheet"][2][0] == paths["sheet"][0][0]
    for (tid, month), words in NOTES.items():
        if tid == template_id:
            assert any(words in n and f"tháng {month}" in n for n in notes), (month, notes)


def test_criterion_5_reads_the_cells_results_as_the_sheet_counts_them(typed_books):
    """«Đạt » and «Đạt» are two cells achieved (100 %); a decomposed «Đạt» is not counted
    (50 %), in the sheet and in the consolidation alike."""
    _, recalculated = typed_books["dang-bo-co-so"]
    named = namedcells.read(recalculated)
    received = reader.read_submission(reader.Source("c.xlsx", str(recalculated), None),
                                      recalculated.read_bytes(), ROSTER, FWS)
    framework = FWS["dang-bo-co-so-bon-tot"]
    [derived] = engine.derived_items(framework)
    criterion = next(c["id"] for c in framework["criteria"]
                     if derived in {i["id"] for i in c["items"]})
    for month, share in ((1, 100), (2, 100), (3, 100), (5, 50)):
        items = {i.id: i for c in received.months[str(month)].criteria for i in c.items}
        assert items[derived].value == share, month
        assert named[layout.result_name(criterion)][month - 1] == (
            "Đạt" if share == 100 else "Không đạt"), month


def test_a_workbook_of_an_older_template_is_read_as_its_own_formulas_read(libreoffice, tmp_path):
    """A workbook sent out with template 1.0.0 counts a cell of spaces as typed (its
    formulas have no TRIM): the consolidation reads it so, and so does not call it stale."""
    old = ROOT / "tests" / "data" / "cb-phong-lao-dong-tbxh-mau-1.0.0.xlsx"
    named = namedcells.read(old)
    month = next(m for m in range(12) if named["FG_R_total"][m] is not None)
    typed = tmp_path / "typed.xlsx"
    namedcells.write(old, {"FG_M_c1_1": {month: " "}}, typed)
    [recalculated] = libreoffice.convert([typed], tmp_path / "r")
    tree = roster.load(ROOT / "samples" / "roster-lao-cai-2024.json")
    received = reader.read_submission(reader.Source("old.xlsx", str(recalculated), None),
                                      recalculated.read_bytes(), tree, FWS)
    sheet = namedcells.read(recalculated)
    assert sheet["FG_R_result"][month] == "Chưa đủ dữ liệu"
    assert received.months[str(month + 1)].status == "incomplete"
    assert not [w for w in received.warnings if w.code == "warn_differs"]
    assert [w.code for w in received.warnings if w.code == "warn_template_older"]


def test_the_consolidation_reads_every_random_fill_as_its_sheets_show(workbooks, tmp_path):
    """The consolidation leg of the parity fills: the reader's recomputation of each
    recalculated workbook equals its sheets, and no workbook whose formulas were never
    touched is called stale or tampered."""
    checked = 0
    for template_id, _, path in workbooks:
        copy = tmp_path / f"{template_id}.xlsx"
        names = {layout.meta_name("unit_id"): UNIT[template_id], layout.meta_name("year"): 2024}
        namedcells.write(path, names, copy)
        received = reader.read_submission(reader.Source(path.name, str(copy), None),
                                          copy.read_bytes(), ROSTER, FWS)
        assert not [w for w in received.warnings if w.code == "warn_differs"], \
            (path.name, [w.vi for w in received.warnings if w.code == "warn_differs"])
        sheet = namedcells.read(path)
        for m in range(12):
            result = received.months[str(m + 1)]
            total = sheet["FG_R_total"][m]
            assert (None if result.status == "blank" else pytest.approx(result.total)) == \
                (None if total in ("", None) else total), (path.name, m)
        checked += 1
    assert checked >= 200
