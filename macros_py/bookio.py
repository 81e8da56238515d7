"""Read and write an ``xlwings.Book`` through its defined names, in the shapes of
``fourgood.namedcells`` (a scalar, a row or column as a list, a block as rows).

The same code serves desktop Excel (COM), xlwings Lite / Server and the tests (xlwings'
remote engine): only xlwings' public Book, Name, Range and Note API is used.
"""
from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from typing import Any, Iterable, Mapping

from fourgood.messages import clean_text
from fourgood.cellref import Target, cells_of, parse_target, shape, split_ref

EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system)
POINTS_PER_CHARACTER = 5.7  # Calibri 11: the default 8.43-character column is 48 points


def targets(book) -> dict[str, Target]:
    """The workbook-scoped defined names that point at cells."""
    out = {}
    for name in book.names:
        if "!" in name.name:  # sheet-scoped: not one of the template's names
            continue
        refers = name.refers_to or ""
        target = parse_target(refers.lstrip("="))
        if target is not None:
            out[name.name] = target
    return out


def read(book, names: Mapping[str, Target], only: Iterable[str] | None = None) -> dict[str, Any]:
    """Values of defined names (empty cells as None)."""
    wanted = set(only) if only is not None else None
    out = {}
    for name, t in names.items():
        if wanted is not None and name not in wanted:
            continue
        block = (book.sheets[t.sheet].range((t.min_row, t.min_col), (t.max_row, t.max_col))
                 .options(ndim=2, empty=None).value)
        out[name] = shape(t, [[None if v == "" else v for v in row] for row in block])
    return out


def cell_value(value: Any) -> Any:
    """A value as one cell can hold it (text cleaned and within Excel's limit, None as
    empty, a date as its serial number: a date cell then shows it in its own format, where
    Office.js would receive the date as text)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, date):
        return (value - (EPOCH if isinstance(value, datetime) else EPOCH.date())
                ).total_seconds() / 86400
    return "" if value is None else value


def column_widths(sheet, widths: Iterable[float]) -> None:
    """Set the widths of the first columns, in characters as desktop Excel counts them
    (Office.js — xlwings Lite, Server and the tests — takes points)."""
    scale = POINTS_PER_CHARACTER if isinstance(sheet.book.api, dict) else 1
    for index, width in enumerate(widths, 1):
        sheet.range((1, index)).column_width = round(width * scale, 1)


def write(book, names: Mapping[str, Target], values: Mapping[str, Any]) -> None:
    """Write values through defined names: a name whose cells are all given in one range
    (each call to Excel costs far more than the cells it carries), else one contiguous run
    of a row at a time."""
    for name, value in values.items():
        t = names[name]
        cells = sorted((split_ref(ref), v) for ref, v in cells_of(t, value).items())
        sheet = book.sheets[t.sheet]
        rows = sorted({r for (r, _), _ in cells})
        columns = sorted({c for (_, c), _ in cells})
        if cells and len(cells) == (rows[-1] - rows[0] + 1) * (columns[-1] - columns[0] + 1):
            width = len(columns)  # the cells fill their rectangle: sorted row by row
            block = [cells[i:i + width] for i in range(0, len(cells), width)]
            sheet.range(cells[0][0], cells[-1][0]).value = [
                [cell_value(v) for _, v in row] for row in block]
            continue
        for row, run in groupby(cells, key=lambda cell: cell[0][0]):
            run = list(run)
            for _, part in groupby(enumerate(run), key=lambda p: p[1][0][1] - p[0]):
                part = [cell for _, cell in part]
                first = part[0][0]
                sheet.range(first, (row, part[-1][0][1])).value = [
                    [cell_value(v) for _, v in part]]


def set_notes(book, notes: Mapping[tuple[str, str], str], managed: Iterable[tuple[str, str]]
              ) -> None:
    """Put ``notes`` ({(sheet, cell): text}) on their cells and remove the notes of the
    other ``managed`` cells (the input cells whose notes fourgood writes)."""
    for sheet_name, ref in managed:
        text = notes.get((sheet_name, ref))
        cell = book.sheets[sheet_name].range(ref)
        note = cell.note
        if text is None:
            if note is not None:
                note.delete()
        elif note is None:
            cell.add_note(cell_value(text))
        else:
            note.text = cell_value(text)
