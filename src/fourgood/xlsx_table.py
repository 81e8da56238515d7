"""Header-row tables in .xlsx sheets, as edited by an IT officer (roster, framework).

A column is found by its header in Vietnamese, in English, or both written as
"Vietnamese / English"; header case, diacritics form and spacing do not matter.
Every value keeps its sheet, row and column so that an error can say where it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from .engine import Invalid, is_blank, parse_flag, parse_number
from .errors import FourgoodError, Problem, where_text
from .messages import Message, fold, msg, nfc


def header(field_titles: Sequence[str]) -> str:
    """The header written on export: "Vietnamese / English"."""
    vi, en = field_titles
    return vi if fold(vi) == fold(en) else f"{vi} / {en}"


def _header_keys(titles: Sequence[str]) -> set[str]:
    return {fold(t) for t in titles} | {fold(header(titles))}


def open_workbook(path: Path, error: type[FourgoodError]):
    """Open an .xlsx read-only for values, turning any failure into a clear error."""
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML or format errors all mean: not a readable workbook
        raise error(msg("xl_not_workbook", file=path.name, detail=type(exc).__name__)) from None


@dataclass
class Table:
    """The rows of one sheet below its header row, keyed by field name."""

    file: str
    sheet: str
    columns: dict[str, str]  # field -> header text found
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, row: int | None, field_name: str | None) -> Message:
        """Where a value is: sheet, row and column (as far as known)."""
        if row is None:
            return msg("xl_where_sheet", sheet=self.sheet)
        if field_name is None or field_name not in self.columns:
            return msg("xl_where_row", sheet=self.sheet, row=row)
        return msg("xl_where", sheet=self.sheet, row=row, column=self.columns[field_name])

    def bad(self, index: int, field_name: str, detail: Message) -> None:
        """Record a problem with one cell."""
        row = self.row_numbers[index]
        self.problems.append(Problem(
            "bad_cell", where_text(self.locate(row, field_name)),
            msg("xl_bad_cell", sheet=self.sheet, row=row,
                column=self.columns.get(field_name, field_name), detail=detail)))

    def _value(self, row: Mapping[str, Any], name: str, parse, code: str) -> Any:
        value = row.get(name)
        if is_blank(value):
            return None
        try:
            return parse(value)
        except Invalid:
            self.bad(next(i for i, r in enumerate(self.rows) if r is row), name,
                     msg(code, value=value))
            return None

    def flag(self, row: Mapping[str, Any], name: str) -> bool | None:
        """A yes/no cell («Có»/«Không», x, 1/0…), or None when empty or invalid."""
        return self._value(row, name, parse_flag, "xl_expect_flag")

    def number(self, row: Mapping[str, Any], name: str) -> float | int | None:
        """A number cell (decimal comma understood); integers stay integers."""
        value = self._value(row, name, parse_number, "xl_expect_number")
        return int(value) if isinstance(value, float) and value.is_integer() else value

    def number_or_text(self, row: Mapping[str, Any], name: str) -> float | int | str | None:
        """A cell that holds either a number or a word (e.g. a threshold or a level id)."""
        word = self.text(row, name)
        try:
            value = parse_number(row.get(name)) if word is not None else None
        except Invalid:
            return word
        return int(value) if isinstance(value, float) and value.is_integer() else value

    def text(self, row: Mapping[str, Any], name: str) -> str | None:
        """A text cell, NFC and stripped; None when empty."""
        value = row.get(name)
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return nfc(str(value)).strip()


def read_table(workbook, file: str, sheet: str | None,
               columns: Mapping[str, Sequence[str]], required: Sequence[str],
               error: type[FourgoodError], sheet_titles: Sequence[str] = ()) -> Table:
    """Read one sheet (``sheet`` by any of ``sheet_titles``, or the first) as a Table."""
    if sheet is None:
        ws = workbook.worksheets[0]
    else:
        wanted = {fold(t) for t in (sheet, *sheet_titles)}
        ws = next((w for w in workbook.worksheets if fold(w.title) in wanted), None)
        if ws is None:
            raise error(msg("xl_missing_sheet", file=file, sheet=sheet))
    rows = ws.iter_rows(values_only=True)
    head = next(rows, ())
    index: dict[str, int] = {}
    found: dict[str, str] = {}
    for col, title in enumerate(head):
        if is_blank(title):
            continue
        for name, titles in columns.items():
            if fold(str(title)) in _header_keys(titles) and name not in index:
                index[name], found[name] = col, nfc(str(title))
    missing = [name for name in required if name not in index]
    if missing:
        column = header(columns[missing[0]])
        raise error(msg("xl_missing_column", sheet=ws.title, column=column))
    table = Table(file, ws.title, found)
    for number, values in enumerate(rows, start=2):
        row = {name: values[col] if col < len(values) else None for name, col in index.items()}
        if all(is_blank(v) for v in row.values()):
            continue
        table.rows.append(row)
        table.row_numbers.append(number)
    return table


def open_table(path: Path, sheet: str | None, columns: Mapping[str, Sequence[str]],
               required: Sequence[str], error: type[FourgoodError]) -> Table:
    """Open a workbook and read one sheet as a Table."""
    workbook = open_workbook(path, error)
    try:
        return read_table(workbook, path.name, sheet, columns, required, error)
    finally:
        workbook.close()
