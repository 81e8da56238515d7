"""The notice a decision sends back down: the units with their decided levels and
recognitions, under the party-document header (Guidance 36-HD/VPTW), ready to sign; one
A4 page per decision number, with the decision record's check code."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook

from .messages import text
from .outputs import NOTICE_MARK
from .templates import party_header, save, style_cell
from .templates.style import HEAD_FILL, fit_row

WIDTHS = (5, 44, 11, 28, 13, 26)


def write_notice(path: Path, *, issuer: str, body: str, sign: str, number: str,
                 day: date | None, rows: Sequence[Mapping[str, Any]], check: str,
                 lang: str = "vi") -> None:
    """Write the notice of decision ``number`` (``rows``: name, period, level, recognized,
    note) of ``issuer``'s body ``body`` (a code: «BAN THƯỜNG VỤ», «ĐẢNG ỦY»); ``sign``: the
    signing line's code («T/M BAN THƯỜNG VỤ»); ``check``: the decision record's check code."""
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    ws.title = t("notice_sheet")
    ws.sheet_view.showGridLines = False
    last = len(WIDTHS)
    for n, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[chr(64 + n)].width = width
    party_header(ws, (issuer.upper(), t(body)), t("notice_title"), last, lang)
    for cell in ws[1] + ws[2]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # names from the roster: text, never a formula
    ws.merge_cells("A4:C4")
    style_cell(ws, 4, 1, t("notice_number", number=number), align="center", size=12)
    ws.merge_cells(f"A6:{chr(64 + last)}6")
    when = f"{day.day}/{day.month}/{day.year}" if day else "…"
    style_cell(ws, 6, 1, t("notice_subtitle", number=number, day=when), bold=True,
               align="center", size=13, wrap=True)
    ws.row_dimensions[6].height = 36
    heads = [t(f"notice_col_{key}") for key in ("no", "unit", "period", "level", "recognized",
                                               "note")]
    for n, head in enumerate(heads, 1):
        style_cell(ws, 8, n, head, bold=True, color="FFFFFF", fill=HEAD_FILL, box=True,
                   align="center", wrap=True, size=11)
    ws.row_dimensions[8].height = 32
    row = 9
    for n, r in enumerate(rows, 1):
        values = (n, r["name"], r["period"], r["level"], r["recognized"], r["note"])
        for col, value in enumerate(values, 1):
            cell = style_cell(ws, row, col, value, box=True, wrap=True, size=11,
                              align="center" if col in (1, 3, 5) else None)
            if isinstance(value, str):
                cell.data_type = "s"
        for col in (2, 4, 6):
            fit_row(ws, row, str(values[col - 1] or ""), WIDTHS[col - 1])
        row += 1
    row += 1
    ws.merge_cells(f"A{row}:{chr(64 + last)}{row}")
    style_cell(ws, row, 1, t("notice_check", check=check), italic=True, size=9)
    row += 2
    sign_row = row
    for n, (code, bold, italic) in enumerate(((sign, True, False), ("tpl_rf_secretary", True, False),
                                              ("tpl_rf_signature", False, True))):
        ws.merge_cells(f"D{row + n}:F{row + n}")
        style_cell(ws, row + n, 4, t(code), bold=bold, italic=italic, align="center",
                   size=12 if not italic else 11)
    style_cell(ws, sign_row, 1, t("tpl_rf_recipients"), bold=True, italic=True, size=11)
    for n, code in enumerate(("notice_to_units", "tpl_rf_to_file"), 1):
        ws.merge_cells(f"A{sign_row + n}:C{sign_row + n}")
        style_cell(ws, sign_row + n, 1, t(code), size=10)
    ws.print_area = f"A1:{chr(64 + last)}{sign_row + 6}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1  # the signature with the list
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.8, 0.6
    ws.print_options.horizontalCentered = True
    wb.properties.title = NOTICE_MARK
    wb.properties.creator = "fourgood"
    save(wb, path, stable=False)
