"""Read and write a workbook's cells through its defined names.

Writing edits only the XML of the worksheets it touches, inside the zip, and copies every
other part byte for byte: shapes, buttons, form controls and add-in parts an openpyxl
load-and-save would drop all survive (docs/design.md, invariant 8).
"""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from .cellref import Target, cells_of, column_index, parse_target, shape

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


_DECLARED = re.compile(rb'<\?xml[^>]*?\bencoding\s*=\s*["\']([^"\']*)["\']')


def parse_xml(data: bytes) -> Any:
    """A part of an untrusted workbook, parsed: by Python's own (C) parser where the part
    plainly holds no declaration at all — UTF-8, and no «<!» anywhere, so no DTD and no
    entity — else by defusedxml, which refuses entities and external references. The same
    tree either way; the first several times faster."""
    text = data.removeprefix(b"\xef\xbb\xbf")
    declared = _DECLARED.match(text)
    ascii_start = text[:1] == b"<" and text[1:2] not in (b"", b"\x00")  # not UTF-16 or -32
    if (ascii_start and b"<!" not in text
            and (declared is None or declared[1].lower() in (b"utf-8", b"utf8"))):
        return ET.fromstring(data)
    return SafeET.fromstring(data)


def defined_names(archive: zipfile.ZipFile, keep: Callable[[str], Any] | None = None,
                  root: Any = None) -> dict[str, Target]:
    """The workbook-scoped defined names of an open .xlsx archive (only those ``keep``
    accepts; ``root``: its workbook.xml, already parsed)."""
    root = workbook_root(archive) if root is None else root
    out = {}
    for node in root.iterfind("m:definedNames/m:definedName", NS):
        if keep is not None and not keep(node.get("name") or ""):
            continue
        if node.get("localSheetId") is None and node.text:
            target = parse_target(node.text)
            if target is not None:
                out[node.get("name")] = target
    return out


def workbook_root(archive: zipfile.ZipFile) -> Any:
    """The parsed xl/workbook.xml of an open .xlsx archive."""
    return parse_xml(archive.read("xl/workbook.xml"))


def sheet_parts(archive: zipfile.ZipFile, root: Any = None) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML (``root``: workbook.xml, parsed)."""
    root = workbook_root(archive) if root is None else root
    rels = parse_xml(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("rel:Relationship", NS)}
    out = {}
    for sheet in root.iterfind("m:sheets/m:sheet", NS):
        target = targets[sheet.get(f"{{{NS['r']}}}id")]
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def serial(value: date) -> int:
    """A date (or the day of a datetime) as Excel holds it: days since 30/12/1899."""
    return ((value.date() if isinstance(value, datetime) else value) - date(1899, 12, 30)).days


def _cell_xml(ref: str, style: str | None, value: Any) -> str:
    attrs = f' r="{ref}"' + (f' s="{style}"' if style else "")
    if value is None or value == "":
        return f"<c{attrs}/>"
    if isinstance(value, bool):
        return f'<c{attrs} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        value = serial(value)
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        return f"<c{attrs}><v>{text}</v></c>"
    return f'<c{attrs} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


_ROW = re.compile(r"<row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</row>)", re.S)
_CELL = re.compile(r"<c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)", re.S)
_ROW_NO = re.compile(r'\br="(\d+)"')
_CELL_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(r'\bs="(\d+)"')


def _set_cells(xml: str, edits: Mapping[str, Any],
               heights: Mapping[int, float] | None = None) -> str:
    """A worksheet's XML with the cells ``edits`` names (ref -> value) written, each keeping
    its style; rows and cells are created in order where missing; ``heights``: row number ->
    the height (points) an edited row needs at least. One pass over the sheet: rows that are
    not edited are kept byte for byte."""
    xml = re.sub(r"<sheetData\s*/>", "<sheetData></sheetData>", xml, count=1)
    start = xml.index("<sheetData>") + len("<sheetData>")
    end = xml.index("</sheetData>")
    heights = heights or {}
    wanted: dict[int, dict[int, tuple[str, Any]]] = {}
    for ref, value in edits.items():
        found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        wanted.setdefault(int(found[2]), {})[column_index(found[1])] = (ref, value)
    rows: list[tuple[int, str]] = []  # (row number, its XML)
    for row in _ROW.finditer(xml, start, end):
        number = int(_ROW_NO.search(row["attrs"])[1])
        changes = wanted.pop(number, None)
        rows.append((number, row[0] if changes is None else _edited_row(
            _taller(row["attrs"], heights.get(number)), row["body"] or "", changes)))
    rows += [(number, _edited_row(_taller(f' r="{number}"', heights.get(number)), "", changes))
             for number, changes in wanted.items()]
    rows.sort(key=lambda r: r[0])
    return xml[:start] + "".join(text for _, text in rows) + xml[end:]


_HEIGHT = re.compile(r'\s(?:ht|customHeight)="[^"]*"')


def _taller(attrs: str, height: float | None) -> str:
    """A row's attributes with its height at least ``height`` points (None: as it is)."""
    found = re.search(r'\bht="([\d.]+)"', attrs)
    if height is None or (found and float(found[1]) >= height):
        return attrs
    return f'{_HEIGHT.sub("", attrs)} ht="{height:g}" customHeight="1"'


def _edited_row(attrs: str, body: str, changes: Mapping[int, tuple[str, Any]]) -> str:
    cells: list[tuple[int, str]] = []
    for cell in _CELL.finditer(body):
        found = _CELL_REF.search(cell["attrs"])
        column = column_index(found[1])
        if column in changes:
            style = _STYLE.search(cell["attrs"])
            ref, value = changes[column]
            cells.append((column, _cell_xml(ref, style[1] if style else None, value)))
        else:
            cells.append((column, cell[0]))
    present = {column for column, _ in cells}
    cells += [(column, _cell_xml(ref, None, value))
              for column, (ref, value) in changes.items() if column not in present]
    cells.sort(key=lambda c: c[0])
    return f"<row{attrs}>" + "".join(text for _, text in cells) + "</row>"


_PRINT_RANGE = re.compile(r"(?P<head>(?:'(?:[^']|'')*'|[^,'!]+)!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+):"
                          r"\$(?P<c2>[A-Z]+)\$)(?P<r2>\d+)")


def _print_through(xml: str, sheets: list[str], ends: Mapping[str, list[Target]]) -> str:
    """workbook.xml with each print range that holds the first cell of a target in ``ends``
    (sheet name -> targets, each cut to the rows printed) ending at that target's last row;
    a sheet without a print area keeps printing as it did."""
    def end(found: re.Match) -> str:
        sheet = sheets[int(found["sheet"])]
        if sheet not in ends:
            return found[0]

        def cut(area: re.Match) -> str:
            rows = range(int(area["r1"]), int(area["r2"]) + 1)
            cols = range(column_index(area["c1"]), column_index(area["c2"]) + 1)
            last = next((t.max_row for t in ends[sheet]
                         if t.min_row in rows and t.min_col in cols), None)
            return area[0] if last is None else f"{area['head']}{last}"

        return found["open"] + _PRINT_RANGE.sub(cut, found["areas"]) + "</definedName>"

    return re.sub(r'(?P<open><definedName name="_xlnm\.Print_Area" localSheetId="(?P<sheet>\d+)"'
                  r'[^>]*>)(?P<areas>[^<]*)</definedName>', end, xml)


def properties(path: Path) -> str:
    """The document properties of the workbook ``path`` (its ``core.xml``), or ""."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""


def stamp_saved(core: bytes, moment: datetime) -> bytes:
    """``docProps/core.xml`` with its save time (``dcterms:modified``) set to ``moment``
    (UTC), as the spreadsheet that saved the workbook would write it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, core)


def write(src: Path | str, values: Mapping[str, Any], dst: Path | str,
          print_rows: Mapping[str, int] | None = None,
          saved_at: datetime | None = None,
          heights: Mapping[str, Sequence[float | None]] | None = None) -> list[str]:
    """Copy ``src`` to ``dst`` writing ``values`` (by defined name) into the cells; returns the
    zip parts that were edited. ``print_rows``: defined name -> how many of its rows are
    printed (the print range of its sheet that holds it then ends there); ``saved_at``: the
    save time the copy carries (``stamp_saved``), else the one of ``src``; ``heights``:
    defined name -> the height each of its rows needs at least (points; None: as it is),
    so that a text written wrapped is not cut. Raises KeyError for a name the workbook does
    not define."""
    src, dst = Path(src), Path(dst)
    with zipfile.ZipFile(src) as archive:
        root = workbook_root(archive)
        names = defined_names(archive, root=root)
        parts = sheet_parts(archive, root)
        edits: dict[str, dict[str, Any]] = {}
        for name, value in values.items():
            target = names[name]
            edits.setdefault(parts[target.sheet], {}).update(cells_of(target, value))
        tall: dict[str, dict[int, float]] = {}
        for name, needed in (heights or {}).items():
            rows = tall.setdefault(parts[names[name].sheet], {})
            for n, height in enumerate(needed):
                if height:
                    row = names[name].min_row + n
                    rows[row] = max(rows.get(row, 0), height)
        ends: dict[str, list[Target]] = {}
        for name, count in (print_rows or {}).items():
            target = names[name]
            ends.setdefault(target.sheet, []).append(
                dataclasses.replace(target, max_row=target.min_row + count - 1))
        sheets = list(parts)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.tmp")
        edited = set(edits)
        with zipfile.ZipFile(tmp, "w") as out:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename in edits:
                    data = _set_cells(data.decode("utf-8"), edits[info.filename],
                                      tall.get(info.filename)).encode("utf-8")
                elif info.filename == "docProps/core.xml" and saved_at is not None:
                    data = stamp_saved(data, saved_at)
                    edited.add(info.filename)
                elif info.filename == "xl/workbook.xml" and ends:
                    new = _print_through(data.decode("utf-8"), sheets, ends).encode("utf-8")
                    if new != data:
                        data = new
                        edited.add(info.filename)
                out.writestr(info, data, compress_type=info.compress_type)
    tmp.replace(dst)
    return sorted(edited)


def read(source: Path | str | bytes, only: Iterable[str] | None = None) -> dict[str, Any]:
    """Values of the defined names of a workbook (a path or its bytes), cached values for
    formulas: a scalar for one cell, a list for a row or column, a list of rows for a block.
    Empty cells are None. Values are read with calamine: no macro runs, nothing is trusted."""
    import python_calamine

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = defined_names(archive)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return read_book(book, names, only)
    finally:
        book.close()


def read_book(book, names: Mapping[str, Target], only: Iterable[str] | None = None,
              rows: Mapping[str, int] | None = None,
              grids: dict[str, list[list[Any]]] | None = None) -> dict[str, Any]:
    """``read`` on an open calamine workbook whose defined names are already parsed; with
    ``rows``, only that many rows of each sheet are turned into values; ``grids``: sheets
    already turned into values (each sheet read here is added to it)."""
    wanted = set(only) if only is not None else None
    grids = {} if grids is None else grids
    out: dict[str, Any] = {}
    for name, target in names.items():
        if wanted is not None and name not in wanted:
            continue
        if target.sheet not in grids:
            grids[target.sheet] = book.get_sheet_by_name(target.sheet).to_python(
                skip_empty_area=False, nrows=(rows or {}).get(target.sheet))
        grid = grids[target.sheet]
        width = target.max_col - target.min_col + 1
        block = []
        for r in range(target.min_row - 1, target.max_row):
            cells = grid[r][target.min_col - 1: target.max_col] if r < len(grid) else []
            block.append([None if v == "" else v for v in cells] + [None] * (width - len(cells)))
        out[name] = shape(target, block)
    return out
