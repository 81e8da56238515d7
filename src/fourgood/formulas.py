"""Native Excel formulas derived from a framework (pure; used by the template builder).

Only functions Excel 2010, LibreOffice, WPS and Excel on the web all know are used:
IF, AND, OR, NOT, ISNUMBER, ISBLANK, ROUND, ABS, SUM, SUMIF, SUMPRODUCT, MIN, MAX, COUNT,
COUNTA, COUNTIF, COUNTIFS, INDEX, LEN, LEFT, TRIM, UPPER.
The choice words and the rounding are the engine's own (``engine.CHOICES``, ``Model.round``),
so a threshold is never restated here: every number comes from the framework.

A typed cell is read only through ``typed_empty``, ``typed_filled``, ``typed_is``,
``choice_test``, ``typed_count`` and ``typed_entries``: the formula half of the one reading of a typed value, whose Python half is
``reading.py``. The two must move together.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from .engine import CHOICES, Model
from .messages import CATALOGUE, _render


def quote(text: str) -> str:
    """An Excel string literal."""
    return '"' + text.replace('"', '""') + '"'


def choose(cell: str, labels: Mapping[int, str]) -> str:
    """Text of a rank cell: IF(cell=4,"Tốt",IF(cell=3,"Khá",…,"")) ."""
    formula = '""'
    for rank, label in sorted(labels.items()):
        formula = f"IF({cell}={rank},{quote(label)},{formula})"
    return formula


def number(value: float) -> str:
    """An Excel number literal (no exponent, no needless .0)."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class Ex(str):
    """An Excel expression fragment (as opposed to literal text) in ``text_expr`` params."""


def text_expr(code: str, lang: str, **params: Any) -> str:
    """A catalogue message as an Excel text expression; ``Ex`` params are spliced in as
    expressions (their value shown as Excel formats it), the rest rendered as literals."""
    template = CATALOGUE[code][0 if lang == "vi" else 1]
    parts: list[str] = []
    for piece in re.split(r"(\{\w+(?::s)?\})", template):
        if not piece:
            continue
        if piece.startswith("{") and piece.endswith("}"):
            name, _, spec = piece[1:-1].partition(":")
            value = params[name]
            if spec:  # the English plural «s», after a count
                parts.append(f'IF(({value})=1,"","s")' if isinstance(value, Ex)
                             else quote(format(_render(value, lang), spec)))
            else:
                parts.append(f"({value})" if isinstance(value, Ex)
                             else quote(str(_render(value, lang))))
        else:
            parts.append(quote(piece))
    return "&".join(parts) if parts else '""'


def typed_empty(cell: str) -> str:
    """True when a typed ``cell`` holds nothing, or only ordinary spaces."""
    return f"LEN(TRIM({cell}))=0"


def typed_filled(cells: Sequence[str]) -> str:
    """How many of the typed ``cells`` (single cells) are filled in."""
    return "+".join(f"IF({typed_empty(c)},0,1)" for c in cells) or "0"


def typed_is(cell: str, words: Sequence[str]) -> str:
    """True when a typed ``cell`` holds one of ``words``, spaces around it aside."""
    return "OR(" + ",".join(f"TRIM({cell})={quote(w)}" for w in words) + ")"


def choice_test(cell: str, kind: str, answer: bool) -> str:
    """True when ``cell`` holds one of the drop-down words for ``answer`` (any language)."""
    return typed_is(cell, CHOICES[kind][answer])


def typed_count(cells: str, words: Sequence[str], *where: tuple[str, str],
                otherwise: str | None = None) -> str:
    """How many of the typed ``cells`` (a range) hold one of ``words`` on the rows where each
    ``(range, cell)`` of ``where`` is equal (COUNTIFS, but reading the cells as TRIM does);
    with ``otherwise`` (a range beside it), that range's cell where ``cells`` is empty."""
    rows = "".join(f"*({span}={cell})" for span, cell in where)
    tests = lambda rng: "+".join(f"(TRIM({rng})={quote(w)})" for w in words)  # noqa: E731
    if otherwise is None:
        return f"SUMPRODUCT(({tests(cells)})*1{rows})"
    return (f"SUMPRODUCT(((LEN(TRIM({cells}))>0)*({tests(cells)})"
            f"+(LEN(TRIM({cells}))=0)*({tests(otherwise)}))*1{rows})")


def typed_entries(cells: str) -> str:
    """How many cells of the typed range ``cells`` are filled in (COUNTA, reading as TRIM)."""
    return f"SUMPRODUCT((LEN(TRIM({cells}))>0)*1)"


def count_met(cells: str) -> str:
    """How many of ``cells`` hold the «Đạt» / "Met" drop-down word."""
    return typed_count(cells, CHOICES["met"][True])


OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "=": "="}


def condition(cond: Mapping[str, Any], model: Model, measure: Callable[[str], str],
              criteria: Sequence[str] = (), rank: Callable[[str, Any], int] | None = None) -> str:
    """A framework condition as an Excel boolean.

    ``measure(ref)`` gives the cell of a period or year measure; ``criteria`` the cells of
    the criterion scores (for ``min_criterion_ratio``); ``rank(ref, id)`` the rank of a band
    or level id (higher is better) for the ordinal refs.
    """
    ref, op, value = cond["ref"], OPS[cond["op"]], cond["value"]
    if ref == "min_criterion_ratio":
        needs = [model.criterion_need(c, value) for c in model.criteria]
        return "AND(" + ",".join(f"{cell}{op}{number(n)}" for cell, n in zip(criteria, needs)) + ")"
    cell = measure(ref)
    if rank is not None and ref in ("rating", "min_band"):
        return f"IF(ISNUMBER({cell}),{cell}{op}{rank(ref, value)},FALSE)"
    return f"{cell}{op}{number(value)}"


def all_of(tests: Sequence[str]) -> str:
    """AND of the tests (TRUE when there are none)."""
    return "AND(" + ",".join(tests) + ")" if tests else "TRUE"
