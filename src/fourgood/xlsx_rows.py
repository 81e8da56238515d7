"""Table rows written straight into a saved sheet's XML, a row at a time.

openpyxl writes everything of a report but its tables' rows: the party header, the header
rows, styles, tables, charts, print setup. The rows — a row per unit and per file, tens of
thousands at a province's scale — are then written into the saved sheet as XML text, from
an iterator, each cell with a style number the workbook already holds (``look_id``), so that
a row costs microseconds and no memory is held per row. Every text is an inline string:
never a formula, whatever it begins with (DESIGN invariant 7).
"""
from __future__ import annotations

import math
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FLUSH = 500  # rows per write


@dataclass
class Rows:
    """The rows of one sheet from row ``first`` on: ``count`` sequences of values (None, a
    number, a date or a text), each cell's style number from ``style(col, value, values)``,
    each row's height in points (or None) from ``height(values)``."""

    first: int
    count: int
    columns: int
    values: Iterable[Sequence[Any]]
    style: Callable[[int, Any, Sequence[Any]], int]
    height: Callable[[Sequence[Any]], float | None]

    @property
    def last(self) -> int:
        return self.first + self.count - 1


def _cell(ref: str, style: int, value: Any) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        value = to_excel(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return f'<c r="{ref}" s="{style}" t="e"><v>#NUM!</v></c>'
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    text = escape(str(value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _row_xml(number: int, letters: Sequence[str], rows: Rows, values: Sequence[Any]) -> str:
    height = rows.height(values)
    attrs = f' ht="{float(height)!r}" customHeight="1"' if height else ""
    cells = "".join(_cell(f"{letters[col]}{number}", rows.style(col + 1, value, values), value)
                    for col, value in enumerate(values))
    return f'<row r="{number}"{attrs}>{cells}</row>'


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the name of its part in ``package`` (a workbook openpyxl saved)."""
    rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{_PKG}Relationship")}
    parts = {}
    for sheet in ET.fromstring(package.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


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
