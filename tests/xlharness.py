"""Run the Excel scripts on real workbooks through xlwings' remote engine.

``book_json`` turns an .xlsx into the JSON Excel's Office.js client sends (book, defined
names, every sheet's values from A1, notes); ``run`` calls a script with an ``xw.Book``
built from it and returns the actions it asks Excel to take; ``apply`` carries those actions
out on a copy of the file, refusing any that Excel would refuse on a protected sheet.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Callable

import openpyxl
import python_calamine
import xlwings as xw
from openpyxl.comments import Comment

from fourgood import namedcells
from fourgood.cellref import column_letter
from macros_py import bookio


def book_json(path: Path) -> dict[str, Any]:
    """The Office.js payload of a workbook: values as a spreadsheet holds them."""
    data = Path(path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = namedcells.defined_names(archive)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet_names = book.sheet_names
    sheets = []
    for name in sheet_names:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False) or [[""]]
        width = max(len(r) for r in values)
        sheets.append({"name": name, "values": [list(r) + [""] * (width - len(r)) for r in values],
                       "pictures": [], "tables": [], "notes": [], "shapes": []})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in sheets:
        ws = wb[sheet["name"]]
        sheet["notes"] = [{"address": c.coordinate} for row in ws.iter_rows() for c in row
                          if c.comment is not None]
    book.close()
    json_names = []
    for name, t in names.items():
        first = f"{column_letter(t.min_col)}{t.min_row}"
        last = f"{column_letter(t.max_col)}{t.max_row}"
        address = first if t.single else f"{first}:{last}"
        json_names.append({"name": name, "sheet_index": sheet_names.index(t.sheet),
                           "address": address, "book_scope": True, "scope_sheet_name": None,
                           "scope_sheet_index": None,
                           "refers_to": f"='{t.sheet}'!{address}"})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
            "names": json_names, "sheets": sheets}


def run(script: Callable, path: Path) -> list[dict[str, Any]]:
    """The actions ``script`` asks of Excel for the workbook at ``path``."""
    book = xw.Book(json=book_json(path))
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


def apply(path: Path, actions: list[dict[str, Any]], out: Path) -> list[str]:
    """Carry out ``actions`` on a copy of ``path`` written to ``out``; returns the alerts.
    Raises Refused for anything a protected template would not allow."""
    wb = openpyxl.load_workbook(path)
    alerts = []
    for action in actions:
        func = action["func"]
        if func not in ALLOWED | FORMATTING:
            raise Refused(f"{func} is not something fourgood's scripts ask of Excel")
        if func == "alert":
            alerts.append(action["args"][0])
            continue
        if func == "addSheet":
            wb.create_sheet(action["args"][1], action["args"][0])
            continue
        ws = wb.worksheets[action["sheet_position"]]
        if func in FORMATTING or func == "sheetClearContents":
            if ws.protection.sheet:
                raise Refused(f"{ws.title} is protected: {func} is refused")
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
                        cell.alignment = cell.alignment.copy(wrap_text=action["args"][0])
                    else:
                        cell.font = cell.font.copy(**{action["args"][0]: action["args"][1]})
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
                    if ws.protection.sheet and cell.protection.locked:
                        raise Refused(f"{ws.title}!{cell.coordinate} is locked")
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
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.comment.text for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.comment is not None}


SERVE = """
import asyncio, importlib, json, sys
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

json.dump([asyncio.run(call(item)) for item in json.load(sys.stdin)], sys.stdout)
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
