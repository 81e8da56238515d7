"""Run the Excel scripts on real workbooks through xlwings' remote engine.

``book_json`` turns an .xlsx into the JSON Excel's Office.js client sends (book, defined
names, every sheet's values from A1, notes); ``run`` calls a script with an ``xw.Book``
built from it and returns the actions it asks Excel to take; ``apply`` carries those actions
out on a copy of the file, refusing any that Excel would refuse on a protected sheet;
``outcome`` works out in memory what ``apply`` would leave (for the many random fills).
"""
from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import openpyxl
import python_calamine
import xlwings as xw
from openpyxl.comments import Comment

from fourgood import namedcells
from fourgood.cellref import column_letter
from macros_py import bookio


def _comments(archive: zipfile.ZipFile, parts: dict[str, str]) -> dict[tuple[str, str], str]:
    """Every note of an open .xlsx by (sheet, cell), read from its comments parts."""
    out = {}
    for sheet, part in parts.items():
        folder, name = part.rsplit("/", 1)
        try:
            rels = namedcells.parse_xml(archive.read(f"{folder}/_rels/{name}.rels"))
        except KeyError:
            continue
        for rel in rels.iterfind("rel:Relationship", namedcells.NS):
            if not rel.get("Type", "").endswith("/comments"):
                continue
            target = rel.get("Target")
            target = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            tree = namedcells.parse_xml(archive.read(target))
            for comment in tree.iterfind("m:commentList/m:comment", namedcells.NS):
                text = "".join(t.text or "" for t in comment.iter(f"{{{namedcells.NS['m']}}}t"))
                out[(sheet, comment.get("ref"))] = text
    return out


class Loaded:
    """A workbook as Excel's Office.js client sees it: each sheet's values from A1, the
    defined names, the notes (read with calamine and from the zip: no openpyxl)."""

    def __init__(self, path: Path):
        data = Path(path).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.names = namedcells.defined_names(archive)
            self.notes = _comments(archive, namedcells.sheet_parts(archive))
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            self.sheet_names = list(book.sheet_names)
            self.grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                          or [[""]] for name in self.sheet_names}
        finally:
            book.close()
        self.name = Path(path).name

    def json(self, active: str | None = None) -> dict[str, Any]:
        """The Office.js payload: book, defined names, every sheet's values and notes;
        ``active``: the sheet the button is pressed on (else the first)."""
        sheets = []
        for name in self.sheet_names:
            values = self.grids[name]
            width = max(len(r) for r in values)
            sheets.append({"name": name, "values": [list(r) + [""] * (width - len(r))
                                                    for r in values],
                           "pictures": [], "tables": [], "shapes": [],
                           "notes": [{"address": ref} for (sheet, ref) in self.notes
                                     if sheet == name]})
        json_names = []
        for name, t in self.names.items():
            first = f"{column_letter(t.min_col)}{t.min_row}"
            last = f"{column_letter(t.max_col)}{t.max_row}"
            address = first if t.single else f"{first}:{last}"
            json_names.append({"name": name, "sheet_index": self.sheet_names.index(t.sheet),
                               "address": address, "book_scope": True,
                               "scope_sheet_name": None, "scope_sheet_index": None,
                               "refers_to": f"='{t.sheet}'!{address}"})
        return {"client": "Office.js", "version": xw.__version__,
                "book": {"name": self.name, "selection": "A1", "active_sheet_index":
                         self.sheet_names.index(active) if active else 0},
                "names": json_names, "sheets": sheets}


def book_json(path: Path) -> dict[str, Any]:
    """The Office.js payload of a workbook: values as a spreadsheet holds them."""
    return Loaded(path).json()


def run(script: Callable, path: Path | Loaded, active: str | None = None
        ) -> list[dict[str, Any]]:
    """The actions ``script`` asks of Excel for the workbook at ``path``, the button
    pressed on the sheet ``active`` (else the first)."""
    loaded = path if isinstance(path, Loaded) else Loaded(path)
    book = xw.Book(json=loaded.json(active))
    try:
        script(book)
        return book.json()["actions"]
    finally:
        book.close()


class Refused(AssertionError):
    """An action Excel would refuse (a locked cell of a protected sheet, a format change)."""


ALLOWED = {"setValues", "addNote", "setNoteText", "deleteNote", "alert", "addSheet",
           "sheetClearContents"}
# unprotected sheets only; row heights are left to the spreadsheet (no layout engine here)
FORMATTING = {"setColumnWidth", "setWrapText", "setFontProperty", "setAutofit"}


class Locks:
    """Which sheets are protected and which of their cells are left unlocked."""

    def __init__(self, wb: openpyxl.Workbook):
        self.protected = [ws.protection.sheet for ws in wb.worksheets]
        self.titles = [ws.title for ws in wb.worksheets]
        self.unlocked = [{c.coordinate for row in ws.iter_rows() for c in row
                          if c.has_style and not c.protection.locked} for ws in wb.worksheets]

    def check(self, actions: list[dict[str, Any]]) -> None:
        """Raise Refused for the first action Excel would refuse (sheets the actions add
        are unprotected)."""
        protected, titles, unlocked = list(self.protected), list(self.titles), list(self.unlocked)
        for action in actions:
            func = action["func"]
            if func not in ALLOWED | FORMATTING:
                raise Refused(f"{func} is not something fourgood's scripts ask of Excel")
            if func == "addSheet":
                protected.insert(action["args"][0], False)
                titles.insert(action["args"][0], action["args"][1])
                unlocked.insert(action["args"][0], set())
            if func in ("alert", "addSheet"):
                continue
            n = action["sheet_position"]
            if func in FORMATTING or func == "sheetClearContents":
                if protected[n]:
                    raise Refused(f"{titles[n]} is protected: {func} is refused")
            if func == "setValues" and protected[n]:
                for i, row in enumerate(action["values"]):
                    for j in range(len(row)):
                        ref = f"{column_letter(action['start_column'] + j + 1)}" \
                              f"{action['start_row'] + i + 1}"
                        if ref not in unlocked[n]:
                            raise Refused(f"{titles[n]}!{ref} is locked")


@lru_cache(maxsize=None)
def _template_locks(template: Path) -> Locks:
    return Locks(openpyxl.load_workbook(template))


def outcome(path: Path, actions: list[dict[str, Any]], template: Path
            ) -> tuple[dict[str, Any], dict[tuple[str, str], str], list[str]]:
    """What ``apply`` leaves, worked out in memory: the defined names' values (as
    ``namedcells.read`` gives them), the notes by (sheet, cell) and the alerts. Locks are
    those of ``template``, which every fill of it shares; raises Refused as ``apply``."""
    _template_locks(template).check(actions)
    loaded = Loaded(path)
    sheets, grids, notes = list(loaded.sheet_names), loaded.grids, dict(loaded.notes)
    alerts = []
    for action in actions:
        func = action["func"]
        if func == "alert":
            alerts.append(action["args"][0])
        elif func == "addSheet":
            sheets.insert(action["args"][0], action["args"][1])
            grids[action["args"][1]] = [[""]]
        elif func == "sheetClearContents":
            grids[sheets[action["sheet_position"]]] = [[""]]
        elif func == "setValues":
            grid = grids[sheets[action["sheet_position"]]]
            for i, row in enumerate(action["values"]):
                r = action["start_row"] + i
                grid.extend([] for _ in range(r + 1 - len(grid)))
                for j, value in enumerate(row):
                    c = action["start_column"] + j
                    grid[r].extend("" for _ in range(c + 1 - len(grid[r])))
                    grid[r][c] = value
        elif func in ("addNote", "setNoteText", "deleteNote"):
            key = (sheets[action["sheet_position"]], action["args"][0].replace("$", ""))
            if func == "deleteNote":
                notes.pop(key, None)
            else:
                notes[key] = action["args"][1]
    return namedcells.read_book(None, loaded.names, grids=grids), notes, alerts


def apply(path: Path, actions: list[dict[str, Any]], out: Path) -> list[str]:
    """Carry out ``actions`` on a copy of ``path`` written to ``out``; returns the alerts.
    Raises Refused for anything a protected template would not allow."""
    wb = openpyxl.load_workbook(path)
    Locks(wb).check(actions)
    alerts = []
    for action in actions:
        func = action["func"]
        if func == "alert":
            alerts.append(action["args"][0])
            continue
        if func == "addSheet":
            wb.create_sheet(action["args"][1], action["args"][0])
            continue
        ws = wb.worksheets[action["sheet_position"]]
        if func in FORMATTING:
            first_row, first_col = action["start_row"] + 1, action["start_column"] + 1
            for row in ws.iter_rows(first_row, first_row + action["row_count"] - 1, first_col,
                                    first_col + action["column_count"] - 1):
                for cell in row:
                    if func == "setColumnWidth":  # Office.js counts points
                        width = action["args"][0] / bookio.POINTS_PER_CHARACTER
                        ws.column_dimensions[cell.column_letter].width = width
                    elif func == "setAutofit":
                        ws.row_dimensions[cell.row].height = None
                    elif func == "setWrapText":
                        alignment = copy.copy(cell.alignment)
                        alignment.wrap_text = action["args"][0]
                        cell.alignment = alignment
                    else:
                        font = copy.copy(cell.font)
                        setattr(font, action["args"][0], action["args"][1])
                        cell.font = font
            continue
        if func == "sheetClearContents":
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
            continue
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    cell = ws.cell(action["start_row"] + i + 1, action["start_column"] + j + 1)
                    cell.value = None if value == "" else value
                    if isinstance(value, str):
                        cell.data_type = "s"  # written as text, never as a formula
        else:
            ref = action["args"][0].replace("$", "")
            if func == "deleteNote":
                ws[ref].comment = None
            else:
                ws[ref].comment = Comment(action["args"][1], "fourgood")
    wb.save(out)
    return alerts


def notes(path: Path) -> dict[tuple[str, str], str]:
    """Every note of a workbook by (sheet, cell)."""
    return Loaded(path).notes


SERVE = """
import asyncio, importlib, json, sys
# Not Pyodide: xlwings asks for pyodide.ffi once per cell; a failed import is not cached and
# searches the whole path each time, so answer "no such module" at once.
sys.modules.setdefault("pyodide", None)
from xlwings.server import custom_functions_call

module = importlib.import_module(sys.argv[1])

async def call(item):
    data = {"func_name": item["func"], "args": item["args"], "version": "dev",
            "client": "Office.js", "runtime": "1.4", "culture_info_name": "vi-VN",
            "date_format": None}
    try:
        return await custom_functions_call(data, module)
    except Exception as error:
        return {"error": repr(error)}

async def main(items):
    return [await call(item) for item in items]

json.dump(asyncio.run(main(json.load(sys.stdin))), sys.stdout)
"""


def office_arg(value: Any) -> Any:
    """A function argument as Office.js sends it: a range or a value as rows, empty as ""."""
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
    return [["" if v is None else v for v in row] for row in rows]


def serve_functions(module: str, calls: list[tuple[str, list[Any]]]) -> list[Any]:
    """Results of worksheet-function calls dispatched by ``xlwings.server`` the way xlwings
    Lite and Server do (``XLWINGS_ON_SERVER=true``), in a fresh Python: one value per call
    (the 1×1 result unwrapped), or {"error": …}."""
    import json
    import os
    import subprocess
    import sys

    payload = [{"func": f, "args": [office_arg(a) for a in args]} for f, args in calls]
    done = subprocess.run([sys.executable, "-c", SERVE, module], input=json.dumps(payload),
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "XLWINGS_ON_SERVER": "true"})
    return [r if isinstance(r, dict) else r[0][0] for r in json.loads(done.stdout)]
