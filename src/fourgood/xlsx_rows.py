"""Table rows written straight into a saved sheet's XML, a row at a time.

openpyxl writes everything of a report but its tables' rows: the party header, the header
rows, styles, tables, charts, print setup. The rows — a row per unit and per file, tens of
thousands at a province's scale — are then written into the saved sheet as XML text, from
an iterator, each cell with a style number the workbook already holds (``look_id``), so that
a row costs microseconds and no memory is held per row. Every text is cleaned of what no
sheet can hold and written as an inline string: never a formula, whatever it begins with
(docs/design.md, invariant 7).
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Callable, Iterable, Mapping, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from .messages import clean_text

_FLUSH = 500  # rows per write


# What a cell holds, as its look depends on it.
KINDS = ("empty", "number", "decimal", "date", "text")
_KIND = {type(None): "empty", bool: "number", int: "number", float: "decimal", str: "text"}


def kind(value: Any) -> str:
    """The kind of a value (``KINDS``): a date (or time) is a date, any other value not
    listed is written as its text."""
    found = _KIND.get(type(value))
    if found is None:
        return "date" if isinstance(value, date) else "text"
    return "empty" if value == "" else found


@dataclass
class Rows:
    """The rows of one sheet from row ``first`` on: ``count`` sequences of values (None, a
    number, a date or a text), each row's cells' style numbers from ``looks(values)`` (for
    each column, kind -> style number), each row's height in points (or None) from
    ``height(values)``."""

    first: int
    count: int
    columns: int
    values: Iterable[Sequence[Any]]
    looks: Callable[[Sequence[Any]], Sequence[Mapping[str, int]]]
    height: Callable[[Sequence[Any]], float | None]

    @property
    def last(self) -> int:
        return self.first + self.count - 1


@functools.lru_cache(maxsize=8192)  # titles, words and names repeat down a column
def _text(value: str) -> str:
    text = clean_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<is><t{space}>{text}</t></is>"


def _cell(ref: str, looks: Mapping[str, int], value: Any) -> str:
    kind_ = kind(value)
    style = looks[kind_]
    if kind_ == "empty":
        return f'<c r="{ref}" s="{style}"/>'
    if kind_ == "text":
        return f'<c r="{ref}" s="{style}" t="inlineStr">{_text(str(value))}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if kind_ == "date":
        value = to_excel(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f'<c r="{ref}" s="{style}" t="e"><v>#NUM!</v></c>'
    return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'


def _row_xml(number: int, letters: Sequence[str], rows: Rows, values: Sequence[Any]) -> str:
    height = rows.height(values)
    attrs = f' ht="{float(height)!r}" customHeight="1"' if height else ""
    looks = rows.looks(values)
    cells = "".join(_cell(f"{letters[col]}{number}", looks[col], value)
                    for col, value in enumerate(values))
    return f'<row r="{number}"{attrs}>{cells}</row>'


def write_sheet(xml: bytes, rows: Rows, out: IO[bytes]) -> None:
    """Write the sheet part ``xml`` (as openpyxl saved it, rows above ``rows.first`` only)
    to ``out`` with ``rows`` added at the end of its data, and its extent set to match."""
    head, end, tail = xml.partition(b"</sheetData>")
    if not end:  # a sheet without any row is saved as <sheetData/>
        head, _, tail = xml.partition(b"<sheetData/>")
        head += b"<sheetData>"
    last_col = get_column_letter(rows.columns)
    extent = f'<dimension ref="A1:{last_col}{max(rows.last, rows.first - 1)}"'.encode()
    out.write(re.sub(rb'<dimension ref="[^"]*"', extent, head, count=1))
    letters = [get_column_letter(c) for c in range(1, rows.columns + 1)]
    chunk, number = [], rows.first - 1
    for number, values in enumerate(rows.values, start=rows.first):
        chunk.append(_row_xml(number, letters, rows, values))
        if len(chunk) >= _FLUSH:
            out.write("".join(chunk).encode("utf-8"))
            chunk = []
    if number != rows.last:  # the table's range was set from the count
        raise ValueError(f"{rows.count} rows announced, {number - rows.first + 1} given")
    out.write("".join(chunk).encode("utf-8"))
    out.write(b"</sheetData>" + tail)
