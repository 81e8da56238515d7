"""The product's look, one home: fonts, fills, borders, columns, the party-document header."""
from __future__ import annotations

import functools
from copy import copy
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from .. import layout
from ..formulas import quote
from ..messages import text

FONT = "Times New Roman"
FIRST_MONTH_COL = 4  # D
YEAR_COL = FIRST_MONTH_COL + layout.MONTHS  # P
NOTES_COL = YEAR_COL
HEAD_ROW = 7
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
HEAD_FILL = PatternFill("solid", fgColor="9C0A0A")
CRIT_FILL = PatternFill("solid", fgColor="F2E4E4")
GREEN = PatternFill("solid", fgColor="C6EFCE")
RED = PatternFill("solid", fgColor="FFC7CE")
AMBER = PatternFill("solid", fgColor="FFEB9C")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIXED_TIME = layout.FIXED_TIME
# A percentage kept as a number of percent (90.91) and shown with its sign («90.91%»);
# General rather than 0.##, which Excel shows as «100.%» for a whole number.
PERCENT = 'General"%"'


def month_col(m: int) -> str:
    """Column letter of month ``m`` (1..12) in every monthly sheet."""
    return get_column_letter(FIRST_MONTH_COL + m - 1)


MONTH_COLS = [month_col(m) for m in range(1, layout.MONTHS + 1)]
YEAR = get_column_letter(YEAR_COL)
# The «Quý và năm» sheet: a column per quarter I–III, the year's, then the notes.
QUARTER_COLS = ["D", "E", "F"]
YEAR_COLUMN = "G"  # the year: what «Cuối năm» held
PERIOD_COLS = QUARTER_COLS + [YEAR_COLUMN]
QUARTER_NOTES = "H"
QUARTER_LAST_COL = 8  # H


def ref(sheet: str, col: str, row: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"'{sheet}'!{d}{col}{d}{row}"


def style_cell(ws, row: int, col: int, value: Any = None, **look: Any):
    """Set a cell's value and style in the product's look (Times New Roman; ``look``: the
    keywords of ``_styled``)."""
    c = ws.cell(row=row, column=col)
    if value is not None:
        c.value = value
    return _styled(c, **look)


def look_id(ws, **look: Any) -> int:
    """The workbook's style number of a look (the keywords of ``_styled``), for cells
    written as XML rather than as openpyxl cells (the report's rows)."""
    return _styled(Cell(ws), **look).style_id


def _styled(c, *, bold: bool = False, italic: bool = False, size: int = 11,
            fill: PatternFill | None = None, wrap: bool = False, align: str | None = None,
            box: bool = False, fmt: str | None = None, color: str | None = None,
            unlocked: bool = False):
    """Give cell ``c`` a look. Each look is built once per workbook and then given to
    every cell that has it (a report styles hundreds of thousands of cells)."""
    key = (bold, italic, size, fill, wrap, align, box, fmt, color, unlocked)
    looks = c.parent.parent.__dict__.setdefault("_fourgood_looks", {})
    fresh = not c.has_style  # a look replaces a cell's style only where it had none
    if fresh and key in looks:
        c._style = copy(looks[key])
        return c
    c.font = Font(name=FONT, bold=bold, italic=italic, size=size, color=color)
    c.alignment = Alignment(wrap_text=wrap, horizontal=align, vertical="center")
    if fill is not None:
        c.fill = fill
    if box:
        c.border = BOX
    if fmt:
        c.number_format = fmt
    if unlocked:
        c.protection = Protection(locked=False)
    if fresh:
        looks[key] = copy(c._style)
    return c


@functools.lru_cache(maxsize=4096)  # a report's columns repeat their texts row after row
def text_height(text_: str, width: float, size: int = 11) -> float:
    """The height in points of a row showing ``text_`` wrapped in a column ``width`` wide."""
    text_, per_line = str(text_), int(max(1.0, width * 1.15 * 11 / size))
    if len(text_) <= per_line:  # one line, however it is split into words
        return 15 * size / 11
    lines, used = 1, 0
    for word in text_.split():  # wrapped at spaces, as the spreadsheet does
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        while used > per_line:  # a word longer than the line is broken
            lines, used = lines + 1, used - per_line
    return 15 * lines * size / 11


def fit_row(ws, row: int, text_: str, width: float, size: int = 11) -> None:
    """Make ``row`` tall enough for ``text_`` wrapped in a column ``width`` wide."""
    current = ws.row_dimensions[row].height or 15
    ws.row_dimensions[row].height = max(current, text_height(text_, width, size))


def party_header(ws, bodies: tuple[str, str], title: str, last_col: int, lang: str,
                 split: int | None = None, place_date: str | None = None) -> None:
    """Party-document header (Guidance 36-HD/VPTW): the superior body over the issuing body
    top left, «ĐẢNG CỘNG SẢN VIỆT NAM» and place and date (italic; ``place_date``, else a
    line to fill by hand) top right, the title. ``split``: the last column of the left
    block (default: half the columns, at least A:B)."""
    if split is None:
        split = max(2, last_col // 2) if last_col > 2 else 1
    left, right = get_column_letter(split), get_column_letter(split + 1)
    last = get_column_letter(last_col)

    def merge(cells: str) -> None:
        first, end = cells.split(":")
        if first != end:
            ws.merge_cells(cells)

    for row, value, bold in ((1, bodies[0], False), (2, bodies[1], True), (3, "*", False)):
        merge(f"A{row}:{left}{row}")
        style_cell(ws, row, 1, value, bold=bold, align="center", size=12)
    merge(f"{right}1:{last}1")
    c = style_cell(ws, 1, split + 1, text("tpl_party", lang), bold=True, align="center", size=12)
    c.font = Font(name=FONT, bold=True, underline="single", size=12)
    merge(f"{right}2:{last}2")
    style_cell(ws, 2, split + 1, place_date or text("tpl_place_date", lang), italic=True,
               align="center", size=12)
    ws.merge_cells(f"A5:{last}5")
    style_cell(ws, 5, 1, title, bold=True, align="center", size=14)
    ws.row_dimensions[5].height = 24


# A party organisation's name and its committee's, as papers name them (the committee
# issues, its standing body decides and receives): the prefix of the organisation's name,
# the committee's, and whether the rest is a place («Lào Cai, ngày …»). The first that
# matches counts; a name that matches none (already a committee's) is kept.
COMMITTEES = (("Đảng bộ tỉnh ", "Tỉnh ủy ", True), ("Đảng bộ thành phố ", "Thành ủy ", True),
              ("Đảng bộ thị xã ", "Thị ủy ", True), ("Đảng bộ huyện ", "Huyện ủy ", True),
              ("Đảng bộ quận ", "Quận ủy ", True), ("Đảng bộ phường ", "Đảng ủy phường ", True),
              ("Đảng bộ xã ", "Đảng ủy xã ", True),
              ("Đảng bộ thị trấn ", "Đảng ủy thị trấn ", True), ("Đảng bộ ", "Đảng ủy ", False))


def _committee(name: str) -> tuple[str, str, bool] | None:
    """The entry of ``COMMITTEES`` a name (spaces collapsed) begins with, or None."""
    return next(((prefix, committee, place) for prefix, committee, place in COMMITTEES
                 if name[:len(prefix)].casefold() == prefix.casefold()), None)


def committee_name(name: str) -> str:
    """«Đảng bộ thành phố Lào Cai» -> «Thành ủy Lào Cai»; «Đảng bộ Y tế» -> «Đảng ủy Y tế»
    (``committee_formula`` in a sheet)."""
    name = " ".join(name.split())
    found = _committee(name)
    return found[1] + name[len(found[0]):] if found else name


def place_name(name: str) -> str | None:
    """The place a territorial party organisation writes on its papers («Lào Cai»), or None."""
    name = " ".join(name.split())
    found = _committee(name)
    return name[len(found[0]):] if found and found[2] else None


def committee_formula(expr: str) -> str:
    """``committee_name`` of the text ``expr`` as an Excel expression (Excel compares
    text case aside, as ``committee_name`` does)."""
    name = f"TRIM({expr})"
    out = name
    for prefix, committee, _ in reversed(COMMITTEES):
        out = (f"IF(LEFT({name},{len(prefix)})={quote(prefix)},"
               f"{quote(committee)}&MID({name},{len(prefix) + 1},255),{out})")
    return out
