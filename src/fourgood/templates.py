"""Templates: one macro-free .xlsx per unit type, generated from the frameworks.

Every live result is a native Excel formula compiled from the framework's conditions
(``formulas``), so a workbook shows correct results in Excel, LibreOffice, WPS and on the web
without Python. Every input and result cell has a defined name (``layout``).
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable, Mapping

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from . import framework as fw
from . import layout
from .engine import CHOICES, Model, choice_word
from .formulas import Ex, all_of, choice_test, condition, count_met, number, quote, text_expr
from .messages import text

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
FIXED_TIME = _dt.datetime(2024, 1, 1)


def month_col(m: int) -> str:
    """Column letter of month ``m`` (1..12) in every monthly sheet."""
    return get_column_letter(FIRST_MONTH_COL + m - 1)


MONTH_COLS = [month_col(m) for m in range(1, layout.MONTHS + 1)]
YEAR = get_column_letter(YEAR_COL)


def ref(sheet: str, col: str, row: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"'{sheet}'!{d}{col}{d}{row}"


def style_cell(ws, row: int, col: int, value: Any = None, *, bold: bool = False,
               italic: bool = False, size: int = 11, fill: PatternFill | None = None,
               wrap: bool = False, align: str | None = None, box: bool = False,
               fmt: str | None = None, color: str | None = None, unlocked: bool = False):
    """Set a cell's value and style in the product's look (Times New Roman)."""
    c = ws.cell(row=row, column=col)
    if value is not None:
        c.value = value
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
    return c


def fit_row(ws, row: int, text_: str, width: float, size: int = 11) -> None:
    """Make ``row`` tall enough for ``text_`` wrapped in a column ``width`` wide."""
    per_line = max(1.0, width * 1.15 * 11 / size)
    lines = max(1, -(-len(text_) // int(per_line)))
    height = 15 * lines * size / 11
    current = ws.row_dimensions[row].height or 15
    ws.row_dimensions[row].height = max(current, height)


def party_header(ws, bodies: tuple[str, str], title: str, last_col: int, lang: str) -> None:
    """Party-document header (Guidance 36-HD/VPTW): the superior body over the issuing body
    top left, «ĐẢNG CỘNG SẢN VIỆT NAM» and place and date (italic) top right, the title."""
    split = max(2, last_col // 2)
    left, right = get_column_letter(split), get_column_letter(split + 1)
    for row, value, bold in ((1, bodies[0], False), (2, bodies[1], True), (3, "*", False)):
        ws.merge_cells(f"A{row}:{left}{row}")
        style_cell(ws, row, 1, value, bold=bold, align="center", size=12)
    last = get_column_letter(last_col)
    ws.merge_cells(f"{right}1:{last}1")
    c = style_cell(ws, 1, split + 1, text("tpl_party", lang), bold=True, align="center", size=12)
    c.font = Font(name=FONT, bold=True, underline="single", size=12)
    ws.merge_cells(f"{right}2:{last}2")
    style_cell(ws, 2, split + 1, text("tpl_place_date", lang), italic=True, align="center",
               size=12)
    ws.merge_cells(f"A5:{last}5")
    style_cell(ws, 5, 1, title, bold=True, align="center", size=14)
    ws.row_dimensions[5].height = 24


class Builder:
    """Builds one template workbook."""

    def __init__(self, spec: layout.TemplateSpec, lang: str = "vi"):
        self.spec, self.lang = spec, lang
        ids = [i for i in (spec.main, *spec.linked, *spec.rulesets) if i]
        self.fws = {i: fw.load(i) for i in ids}
        self.fws.update(fw.related(self.fws[spec.main]) if spec.main else {})
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.names: dict[str, str] = {}
        self.calc_row = 1
        self.t: Callable[..., str] = lambda code, **kw: text(code, lang, **kw)

    # ---- helpers -------------------------------------------------------------------------
    def sheet(self, code: str):
        ws = self.wb.create_sheet(self.t(code))
        ws.sheet_view.showGridLines = False
        return ws

    def name(self, name: str, sheet: str, first: str, last: str | None = None) -> None:
        """Define ``name`` for a cell or a range of ``sheet``."""
        a = _absolute(first)
        b = _absolute(last) if last else None
        self.names[name] = f"'{sheet}'!{a}" + (f":{b}" if b else "")

    cell = staticmethod(style_cell)

    fit = staticmethod(fit_row)

    def document_header(self, ws, title: str, last_col: int) -> None:
        """Party-document header with the unit's own names (formulas on «Thông tin»)."""
        party_header(ws, ("=UPPER(FG_INFO_parent_name)", "=UPPER(FG_INFO_unit_name)"), title,
                     last_col, self.lang)

    def head_row(self, ws, titles: list[str], row: int = HEAD_ROW) -> None:
        """The white-on-red header row of a table."""
        for col, head in enumerate(titles, start=1):
            self.cell(ws, row, col, head, bold=True, color="FFFFFF", fill=HEAD_FILL,
                      align="center", box=True, wrap=True)

    def results_frame(self, ws, title_col: str, year_head: str, year_width: int) -> None:
        """Header, column widths and header row shared by the results sheets."""
        self.document_header(ws, "=" + text_expr("tpl_title_results", self.lang,
                                                 year=Ex("FG_INFO_year")), YEAR_COL)
        for col, width in {"A": 6, "B": 44, "C": 7}.items():
            ws.column_dimensions[col].width = width
        for col in MONTH_COLS:
            ws.column_dimensions[col].width = 7
        ws.column_dimensions[YEAR].width = year_width
        heads = [self.t("tpl_col_no"), self.t("tpl_results_month"), title_col]
        heads += [self.t("tpl_col_month", m=m) for m in range(1, 13)] + [year_head]
        self.head_row(ws, heads)

    def print_setup(self, ws, title_rows: str | None = None) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.print_options.horizontalCentered = True
        if title_rows:
            ws.print_title_rows = title_rows

    def protect(self, ws) -> None:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False

    def calc(self, formulas: Mapping[str, str]) -> int:
        """Write one row of the hidden calculation sheet; returns its row number."""
        row = self.calc_row
        for col, formula in formulas.items():
            self.calc_ws[f"{col}{row}"] = "=" + formula
        self.calc_row += 1
        return row

    def validation(self, ws, kind: str, entry: Mapping[str, Any], cells: str, first: str) -> None:
        title = self.t("tpl_dv_title")
        if kind == "points":
            step, top = entry["step"], entry["max"]
            formula = (f"IF(ISNUMBER({first}),AND({first}>=0,{first}<={number(top)},"
                       f"ABS({first}/{number(step)}-ROUND({first}/{number(step)},0))<0.000000001),"
                       f"FALSE)")
            dv = DataValidation(type="custom", formula1=formula, allow_blank=True)
            dv.error = self.t("tpl_dv_points", max=top, step=step, example=top - step)
        elif kind == "percent":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                                allow_blank=True)
            dv.error = self.t("tpl_dv_percent")
        else:
            choice = "veto" if kind == "veto" else "met"
            words = [choice_word(choice, a, self.lang) for a in (True, False)]
            dv = DataValidation(type="list", formula1=quote(",".join(words)), allow_blank=True)
            dv.error = self.t("tpl_dv_choice", choices=", ".join(words))
        dv.errorTitle = title
        dv.showErrorMessage = True
        dv.errorStyle = "stop"
        ws.add_data_validation(dv)
        dv.add(cells)

    # ---- sheets --------------------------------------------------------------------------
    def build(self) -> Workbook:
        spec = self.spec
        self.help_ws = self.sheet("tpl_sheet_help")
        self.info_ws = self.sheet("tpl_sheet_info")
        main = self.fws.get(spec.main) if spec.main else None
        self.main_ws = self.sheet("tpl_sheet_main") if main else None
        self.meet_ws = self.sheet("tpl_sheet_meeting") if spec.linked else None
        subs_code = "tpl_sheet_units" if spec.main is None else "tpl_sheet_subs"
        self.subs_ws = self.sheet(subs_code) if spec.subordinates else None
        self.year_ws = self.sheet("tpl_sheet_year") if spec.rulesets and main else None
        self.res_ws = self.sheet("tpl_sheet_results")
        self.calc_ws = self.wb.create_sheet("_tinh")
        self.calc_ws.sheet_state = "hidden"
        self.meta_ws = self.wb.create_sheet("_fourgood")
        self.meta_ws.sheet_state = "veryHidden"

        self.info_sheet()
        self.blocks: dict[str, dict[str, Any]] = {}
        if self.subs_ws is not None:
            self.subordinates_sheet()
        if self.meet_ws is not None:
            link = spec.linked[0]
            rows = self.monthly_sheet(self.meet_ws, self.fws[link], "S", "tpl_title_meeting")
            self.blocks[link] = self.period_block(self.fws[link], self.meet_ws.title, rows,
                                                  MONTH_COLS)
        if main is not None:
            rows = self.monthly_sheet(self.main_ws, main, "M", "tpl_title_main")
            self.blocks[spec.main] = self.period_block(main, self.main_ws.title, rows, MONTH_COLS)
            self.linked_cells(main, rows)
        if self.year_ws is not None:
            self.year_sheet()
        if main is not None:
            self.results_sheet(main)
        else:
            self.consolidation_results()
        self.help_sheet()
        self.meta_sheet()
        for name, target in sorted(self.names.items()):
            self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.properties.creator = "fourgood"
        self.wb.properties.created = self.wb.properties.modified = FIXED_TIME
        self.wb.properties.lastModifiedBy = "fourgood"
        return self.wb

    def info_sheet(self) -> None:
        ws = self.info_ws
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 60
        ws.merge_cells("A1:B1")
        self.cell(ws, 1, 1, self.t("tpl_info_title"), bold=True, size=14, align="center")
        keys = [k for k in layout.INFO_KEYS if k != "ruleset" or self.year_ws is not None]
        for n, key in enumerate(keys, start=3):
            self.cell(ws, n, 1, self.t(f"tpl_info_{key}"), bold=True, box=True)
            c = self.cell(ws, n, 2, None, box=True, fill=INPUT_FILL, unlocked=True, align="left")
            if key == "ruleset":
                choices = [self.fws[r]["short"][self.lang] for r in self.spec.rulesets]
                c.value = choices[0]
                dv = DataValidation(type="list", formula1=quote(",".join(choices)))
                ws.add_data_validation(dv)
                dv.add(f"B{n}")
            if key == "unit_type":
                from .roster import TYPE_TITLES
                c.value = TYPE_TITLES[self.spec.unit_type][self.lang]
            self.name(layout.info_name(key), ws.title, f"B{n}")
        self.protect(ws)
        self.print_setup(ws)

    def monthly_sheet(self, ws, framework: Mapping[str, Any], role: str,
                      title_code: str) -> dict[str, int]:
        """Criteria and items as rows, months as columns; returns the row of each entry."""
        model = Model(framework)
        title = text_expr(title_code, self.lang, title=framework["title"][self.lang].upper(),
                          year=Ex("FG_INFO_year"))
        self.document_header(ws, "=" + title, NOTES_COL)
        widths = {"A": 6, "B": 50, "C": 7, get_column_letter(NOTES_COL): 26}
        for col, width in widths.items():
            ws.column_dimensions[col].width = width
        for col in MONTH_COLS:
            ws.column_dimensions[col].width = 6.2
        heads = [self.t("tpl_col_no"), self.t("tpl_col_content"), self.t("tpl_col_max")]
        heads += [self.t("tpl_col_month", m=m) for m in range(1, 13)] + [self.t("tpl_col_notes")]
        self.head_row(ws, heads)
        ws.row_dimensions[HEAD_ROW].height = 30
        rows: dict[str, int] = {}
        row = HEAD_ROW + 1
        met_mode = framework.get("scoring") == "met"
        for crit in framework["criteria"]:
            label = model.labels[crit["id"]]
            self.cell(ws, row, 1, label, bold=True, fill=CRIT_FILL, box=True, align="center")
            self.cell(ws, row, 2, crit["title"][self.lang], bold=True, fill=CRIT_FILL, box=True,
                      wrap=True)
            self.fit(ws, row, crit["title"][self.lang], widths["B"])
            self.cell(ws, row, 3, "" if met_mode else crit["max"], bold=True, fill=CRIT_FILL,
                      box=True, align="center")
            rows[crit["id"]] = row
            for col in range(FIRST_MONTH_COL, NOTES_COL + 1):
                self.cell(ws, row, col, None, bold=True, fill=CRIT_FILL, box=True, align="center",
                          fmt="0.##")
            row += 1
            for item in crit["items"]:
                rows[item["id"]] = row
                self.entry_row(ws, row, model.labels[item["id"]], item, item["kind"], role)
                row += 1
        if framework.get("vetoes"):
            ws.merge_cells(f"A{row}:{get_column_letter(NOTES_COL)}{row}")
            self.cell(ws, row, 1, self.t("tpl_vetoes"), bold=True, fill=CRIT_FILL, box=True)
            row += 1
            for n, veto in enumerate(v for v in framework["vetoes"] if "when" not in v):
                rows[veto["id"]] = row
                self.entry_row(ws, row, f"PQ{n + 1}", veto, "veto", role)
                row += 1
        rows["_total"] = row
        rows["_result"] = row + 1
        for r, code in ((row, "tpl_met_count" if met_mode else "tpl_total"),
                        (row + 1, "tpl_result_month")):
            ws.merge_cells(f"A{r}:C{r}")
            self.cell(ws, r, 1, self.t(code), bold=True, fill=CRIT_FILL, box=True, align="right")
            for col in range(FIRST_MONTH_COL, NOTES_COL + 1):
                self.cell(ws, r, col, None, bold=True, fill=CRIT_FILL, box=True, align="center",
                          size=9 if r == row + 1 else 11, wrap=True, fmt="0.##")
        ws.freeze_panes = f"D{HEAD_ROW + 1}"
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")
        return rows

    def entry_row(self, ws, row: int, label: str, entry: Mapping[str, Any], kind: str,
                  role: str) -> None:
        self.cell(ws, row, 1, label, box=True, align="center")
        self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True)
        top = entry.get("max", "")
        if kind == "percent":
            top = f"≥ {number(entry['target'])}%" if "target" in entry else "%"
        elif kind in ("met", "veto"):
            top = ""
        self.cell(ws, row, 3, top, box=True, align="center")
        typed = kind not in ("linked", "derived")
        fmt = "0%" if kind == "percent" else ("0.##" if kind in ("points", "linked") else None)
        for col in MONTH_COLS:
            self.cell(ws, row, FIRST_MONTH_COL + MONTH_COLS.index(col), None, box=True,
                      align="center", fill=INPUT_FILL if typed else CRIT_FILL, unlocked=typed,
                      fmt=fmt, size=10 if kind in ("met", "veto") else 11)
        self.cell(ws, row, NOTES_COL, None, box=True, wrap=True, fill=INPUT_FILL, unlocked=True)
        if typed:
            cells = f"{MONTH_COLS[0]}{row}:{MONTH_COLS[-1]}{row}"
            self.validation(ws, kind, entry, cells, f"{MONTH_COLS[0]}{row}")
            self.name(layout.input_name(role, entry["id"]), ws.title, f"{MONTH_COLS[0]}{row}",
                      f"{MONTH_COLS[-1]}{row}")
        elif kind == "linked":
            sheet = self.meet_ws.title
            ws.cell(row=row, column=2).value = (entry["title"][self.lang] + " — "
                                                + self.t("tpl_linked_note", sheet=sheet))
        self.fit(ws, row, ws.cell(row=row, column=2).value, ws.column_dimensions["B"].width)

    def subordinates_sheet(self) -> None:
        ws = self.subs_ws
        consolidation = self.spec.main is None
        extra = ["tpl_col_type", "tpl_col_group", "tpl_col_rating"] if consolidation else []
        self.document_header(ws, "=" + text_expr("tpl_title_subs", self.lang,
                                                 year=Ex("FG_INFO_year")), 4 + len(extra) + 12)
        heads = ["tpl_col_no", "tpl_col_id", "tpl_col_name", *extra]
        first_month = len(heads) + 1
        self.sub_month_cols = [get_column_letter(first_month + m) for m in range(12)]
        self.sub_first_row = HEAD_ROW + 1
        last_row = HEAD_ROW + layout.SUBORDINATE_ROWS
        achieved_col = first_month + 12
        titles = [self.t(h) for h in heads]
        titles += [self.t("tpl_col_month", m=m) for m in range(1, 13)]
        titles += [self.t("tpl_col_months_achieved")]
        self.head_row(ws, titles)
        widths = {"A": 5, "B": 24, "C": 44}
        if consolidation:
            widths.update({"D": 14, "E": 14, "F": 24})
        for col, width in widths.items():
            ws.column_dimensions[col].width = width
        for col in self.sub_month_cols:
            ws.column_dimensions[col].width = 8
        ws.column_dimensions[get_column_letter(achieved_col)].width = 11
        words = [choice_word("met", a, self.lang) for a in (True, False)]
        for r in range(self.sub_first_row, last_row + 1):
            self.cell(ws, r, 1, r - HEAD_ROW, box=True, align="center")
            for col in range(2, first_month + 12):
                self.cell(ws, r, col, None, box=True, fill=INPUT_FILL, unlocked=True,
                          align="center" if col >= first_month else None, size=10)
            span = f"{self.sub_month_cols[0]}{r}:{self.sub_month_cols[-1]}{r}"
            self.cell(ws, r, achieved_col, f"=IF(B{r}=\"\",\"\",{count_met(span)})", box=True,
                      align="center", fill=CRIT_FILL)
        block = f"{self.sub_month_cols[0]}{self.sub_first_row}:{self.sub_month_cols[-1]}{last_row}"
        dv = DataValidation(type="list", formula1=quote(",".join(words)), allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(block)
        self.name("FG_SUB_ID", ws.title, f"B{self.sub_first_row}", f"B{last_row}")
        self.name("FG_SUB_NAME", ws.title, f"C{self.sub_first_row}", f"C{last_row}")
        self.name("FG_SUB_STATUS", ws.title, f"{self.sub_month_cols[0]}{self.sub_first_row}",
                  f"{self.sub_month_cols[-1]}{last_row}")
        if consolidation:
            for col, key in (("D", "TYPE"), ("E", "GROUP"), ("F", "RATING")):
                self.name(f"FG_SUB_{key}", ws.title, f"{col}{self.sub_first_row}",
                          f"{col}{last_row}")
            levels = [lvl["title"][self.lang] for lvl in self.fws[self.spec.rulesets[0]]["levels"]]
            dv = DataValidation(type="list", formula1=quote(",".join(levels)), allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"F{self.sub_first_row}:F{last_row}")
        ws.freeze_panes = f"D{self.sub_first_row}"
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")

    def sub_range(self, col: str) -> str:
        last = HEAD_ROW + layout.SUBORDINATE_ROWS
        return f"'{self.subs_ws.title}'!${col}${self.sub_first_row}:${col}${last}"

    def year_sheet(self) -> None:
        """The year-end rating inputs: the union of the rulesets' entries, one value column."""
        ws = self.year_ws
        self.document_header(ws, "=" + text_expr("tpl_title_year", self.lang,
                                                 year=Ex("FG_INFO_year")), 5)
        for col, width in {"A": 6, "B": 70, "C": 10, "D": 14, "E": 30}.items():
            ws.column_dimensions[col].width = width
        heads = ["tpl_col_no", "tpl_col_item", "tpl_col_max", "tpl_col_value", "tpl_col_notes"]
        self.head_row(ws, [self.t(h) for h in heads])
        row = HEAD_ROW + 1
        self.cell(ws, row, 1, "", box=True)
        self.cell(ws, row, 2, self.t("tpl_ruleset"), bold=True, box=True)
        self.cell(ws, row, 3, "", box=True)
        self.cell(ws, row, 4, "=FG_INFO_ruleset", box=True, align="center", wrap=True, size=10)
        ws.merge_cells(f"D{row}:E{row}")
        row += 1
        self.year_rows: dict[str, int] = {}
        seen: set[str] = set()
        sections = [("criteria", None), ("indicators", "tpl_indicators"),
                    ("vetoes", "tpl_year_vetoes")]
        for key, head in sections:
            entries = []
            for ruleset in self.spec.rulesets:
                for kind, entry in layout.entries(self.fws[ruleset]):
                    group = ("criteria" if any(entry in c["items"]
                                               for c in self.fws[ruleset]["criteria"])
                             else "vetoes" if kind == "veto" else "indicators")
                    if group == key and entry["id"] not in seen:
                        seen.add(entry["id"])
                        entries.append((kind, entry))
            if not entries:
                continue
            if head:
                ws.merge_cells(f"A{row}:E{row}")
                self.cell(ws, row, 1, self.t(head), bold=True, fill=CRIT_FILL, box=True)
                row += 1
            for n, (kind, entry) in enumerate(entries, 1):
                self.cell(ws, row, 1, n, box=True, align="center")
                self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True)
                self.fit(ws, row, entry["title"][self.lang], 70)
                top = entry.get("max", "%" if kind == "percent" else "")
                self.cell(ws, row, 3, top, box=True, align="center")
                self.cell(ws, row, 4, None, box=True, fill=INPUT_FILL, unlocked=True,
                          align="center", fmt="0%" if kind == "percent" else "0.##")
                self.cell(ws, row, 5, None, box=True, fill=INPUT_FILL, unlocked=True, wrap=True)
                self.validation(ws, kind, entry, f"D{row}", f"D{row}")
                self.name(layout.input_name("Y", entry["id"]), ws.title, f"D{row}")
                self.year_rows[entry["id"]] = row
                row += 1
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")

    # ---- calculation ---------------------------------------------------------------------
    def period_block(self, framework: Mapping[str, Any], sheet: str, rows: Mapping[str, int],
                     cols: list[str]) -> dict[str, Any]:
        """Hidden calculation rows of one framework over ``cols`` (months, or one column);
        returns the calc rows of its measures."""
        model = Model(framework)
        p = model.precision
        out: dict[str, Any] = {"items": {}, "ok": [], "filled": [], "crit": {}}
        item_rows: dict[str, dict[str, int]] = out["items"]
        calc = lambda f: self.calc({c: f(c) for c in cols})  # noqa: E731

        for kind, entry in layout.entries(framework):
            x = lambda c, r=rows[entry["id"]]: ref(sheet, c, r)  # noqa: E731
            rec: dict[str, int] = {}
            out["filled"].append(entry["id"])
            if kind == "points":
                step, top = number(entry["step"]), number(entry["max"])
                rec["ok"] = calc(lambda c: f"IF(ISNUMBER({x(c)}),IF(AND({x(c)}>=0,{x(c)}<={top},"
                                           f"ABS({x(c)}/{step}-ROUND({x(c)}/{step},0))<1E-9),1,0),0)")
                rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,{x(c)},0)")
                rec["score"] = rec["value"]
            elif kind in ("met", "veto"):
                choice = "veto" if kind == "veto" else "met"
                blank = "ISBLANK({})," if kind == "veto" else ""
                rec["ok"] = calc(lambda c: "IF(OR(" + blank.format(x(c))
                                 + choice_test(x(c), choice, True) + ","
                                 + choice_test(x(c), choice, False) + "),1,0)")
                rec["value"] = calc(lambda c: f"IF({choice_test(x(c), choice, True)},1,0)")
                rec["flag"] = rec["value"]
                top = number(entry.get("max", 0))
                rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,{top},0)")
            elif kind == "percent":
                rec["ok"] = calc(lambda c: f"IF(ISNUMBER({x(c)}),IF(AND({x(c)}>=0,{x(c)}<=1),1,0),0)")
                rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND({x(c)}*100,6),0)")
                if "target" in entry:
                    rec["flag"] = calc(lambda c: f"IF(AND({c}{rec['ok']}=1,{c}{rec['value']}>="
                                                 f"{number(entry['target'])}),1,0)")
                    top = number(entry.get("max", 0))
                    rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,{top},0)")
            item_rows[entry["id"]] = rec
            out["ok"].append(rec["ok"])
        for crit in framework["criteria"]:
            for item in crit["items"]:
                rec = {}
                if item["kind"] == "linked":
                    other = self.blocks[item["link"]["framework"]]
                    lmax = number(other["max"])
                    rec["ok"] = calc(lambda c: f"IF({c}{other['status']}=2,1,0)")
                    rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND({c}{other['total']}"
                                                  f"*{number(item['max'])}/{lmax},{p}),0)")
                    rec["score"] = rec["value"]
                elif item["kind"] == "derived":
                    col = lambda c: self.sub_range(self.sub_month_cols[MONTH_COLS.index(c)])  # noqa
                    total = f"COUNTA({self.sub_range('B')})"
                    rec["ok"] = calc(lambda c: f"IF({total}>0,1,0)")
                    rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND(100*({count_met(col(c))})"
                                                  f"/{total},{p}),0)")
                    rec["flag"] = calc(lambda c: f"IF(AND({c}{rec['ok']}=1,{c}{rec['value']}>="
                                                 f"{number(item['target'])}),1,0)")
                    rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,"
                                                  f"{number(item.get('max', 0))},0)")
                else:
                    continue
                item_rows[item["id"]] = rec
                out["ok"].append(rec["ok"])
        # criteria, total, completeness
        met_mode = framework.get("scoring") == "met"
        for crit in framework["criteria"]:
            items = [item_rows[i["id"]] for i in crit["items"]]
            if met_mode:
                flags = ",".join("{c}" + str(r["flag"]) for r in items)
                out["crit"][crit["id"]] = calc(lambda c, f=flags: f"IF(MIN({f.format(c=c)})=1,1,0)")
            else:
                scores = ",".join("{c}" + str(r["score"]) for r in items)
                out["crit"][crit["id"]] = calc(lambda c, s=scores: f"ROUND(SUM({s.format(c=c)}),{p})")
        crit_list = ",".join("{c}" + str(r) for r in out["crit"].values())
        out["total"] = calc(lambda c: f"ROUND(SUM({crit_list.format(c=c)}),{p})")
        typed = [rows[e] for e in out["filled"]]
        linked_filled = [self.blocks[i["link"]["framework"]]["filled_row"]
                         for cr in framework["criteria"] for i in cr["items"] if i["kind"] == "linked"]
        out["filled_row"] = calc(lambda c: "+".join(
            [f"COUNTA({','.join(ref(sheet, c, r) for r in typed)})"]
            + [f"{c}{r}" for r in linked_filled]))
        oks = ",".join("{c}" + str(r) for r in out["ok"])
        n_ok = len(out["ok"])
        out["invalid"] = calc(lambda c: f"{n_ok}-SUM({oks.format(c=c)})")
        out["status"] = calc(lambda c: f"IF({c}{out['filled_row']}=0,0,IF({c}{out['invalid']}=0,2,1))")
        # vetoes
        measure = lambda c: lambda r: self.measure(out, c, r)  # noqa: E731
        crit_cells = lambda c: [f"{c}{r}" for r in out["crit"].values()]  # noqa: E731
        trig = [f"{{c}}{item_rows[v['id']]['flag']}" for v in framework.get("vetoes", [])
                if "when" not in v]
        conds = [v["when"] for v in framework.get("vetoes", []) if "when" in v]

        def veto_formula(c: str) -> str:
            parts = [t.format(c=c) for t in trig]
            for cond in conds:
                entry_id = cond["ref"].split(":", 1)[1]
                guard = f"{c}{item_rows[entry_id]['ok']}=1"
                test = condition(cond, model, measure(c))
                parts.append(f"IF(AND({guard},{test}),1,0)")
            return "+".join(parts) if parts else "0"

        out["vetoes"] = calc(veto_formula)
        out["max"] = sum(model.criterion_max(cr) for cr in framework["criteria"])
        if "achievement" in framework:
            tests = lambda c: [condition(cd, model, measure(c), crit_cells(c))  # noqa: E731
                               for cd in framework["achievement"]["conditions"]]
            out["four_good"] = calc(lambda c: f"IF({c}{out['status']}=2,IF({all_of(tests(c))},1,0),\"\")")
        if framework.get("bands"):
            bands = framework["bands"]

            def band(c: str) -> str:
                formula = "1"
                for n, b in reversed(list(enumerate(bands[:-1]))):
                    formula = f"IF({c}{out['total']}>={number(b['min'])},{len(bands) - n},{formula})"
                return f"IF({c}{out['status']}=2,{formula},\"\")"

            out["band"] = calc(band)
        if framework.get("levels"):
            levels = framework["levels"]

            def level(c: str) -> str:
                formula = "1"
                for n, lvl in reversed(list(enumerate(levels[:-1]))):
                    test = all_of([condition(cd, model, measure(c), crit_cells(c))
                                   for cd in lvl["conditions"]])
                    formula = f"IF({test},{len(levels) - n},{formula})"
                return f"IF({c}{out['status']}=2,IF({c}{out['vetoes']}>0,1,{formula}),\"\")"

            out["rank"] = calc(level)
        return out

    def measure(self, block: Mapping[str, Any], col: str, ref_: str) -> str:
        """The calc cell of a period measure in column ``col``."""
        if ref_ == "total":
            return f"{col}{block['total']}"
        if ref_ == "veto_count":
            return f"{col}{block['vetoes']}"
        kind, _, target = ref_.partition(":")
        if kind == "criterion":
            return f"{col}{block['crit'][target]}"
        return f"{col}{block['items'][target]['value']}"

    def linked_cells(self, framework: Mapping[str, Any], rows: Mapping[str, int]) -> None:
        """Show criterion subtotals, linked and derived values, total and month result in the
        input sheet itself (references to the calculation rows)."""
        ws, block = self.main_ws, self.blocks[framework["id"]]
        met_mode = framework.get("scoring") == "met"
        words = {a: choice_word("met", a, self.lang) for a in (True, False)}
        for c in MONTH_COLS:
            calc = lambda r: f"_tinh!{c}{r}"  # noqa: E731
            status = calc(block["status"])
            for crit in framework["criteria"]:
                value = calc(block["crit"][crit["id"]])
                if met_mode:
                    ws[f"{c}{rows[crit['id']]}"] = (f"=IF({status}=0,\"\",IF({value}=1,"
                                                    f"{quote(words[True])},{quote(words[False])}))")
                else:
                    ws[f"{c}{rows[crit['id']]}"] = f"=IF({status}=0,\"\",{value})"
                for item in crit["items"]:
                    if item["kind"] in ("linked", "derived"):
                        rec = block["items"][item["id"]]
                        ws[f"{c}{rows[item['id']]}"] = (f"=IF({calc(rec['ok'])}=1,"
                                                        f"{calc(rec['value'])},\"\")")
                        if item["kind"] == "derived":
                            ws[f"{c}{rows[item['id']]}"].number_format = '0.##"%"'
            ws[f"{c}{rows['_total']}"] = f"=IF({status}=0,\"\",{calc(block['total'])})"
            ws[f"{c}{rows['_result']}"] = "=" + self.result_text(block, c)
        for r in (rows["_result"],):
            self.result_formatting(ws, f"{MONTH_COLS[0]}{r}:{MONTH_COLS[-1]}{r}")

    def result_text(self, block: Mapping[str, Any], c: str) -> str:
        status, fg = f"_tinh!{c}{block['status']}", f"_tinh!{c}{block['four_good']}"
        met = choice_word("met", True, self.lang)
        unmet = choice_word("met", False, self.lang)
        return (f"IF({status}=0,\"\",IF({status}=1,{quote(self.t('tpl_status_incomplete'))},"
                f"IF({fg}=1,{quote(met)},{quote(unmet)})))")

    def result_formatting(self, ws, cells: str) -> None:
        first = cells.split(":")[0]
        for word, fill in ((choice_word("met", True, self.lang), GREEN),
                           (choice_word("met", False, self.lang), RED),
                           (self.t("tpl_status_incomplete"), AMBER)):
            ws.conditional_formatting.add(cells, FormulaRule(formula=[f"{first}={quote(word)}"],
                                                             fill=fill, stopIfTrue=True))

    # ---- results -------------------------------------------------------------------------
    def results_sheet(self, framework: Mapping[str, Any]) -> None:
        ws, block, model = self.res_ws, self.blocks[framework["id"]], Model(framework)
        p = model.precision
        self.results_frame(ws, self.t("tpl_col_max"), self.t("tpl_col_year"), 16)
        row = HEAD_ROW + 1
        met_mode = framework.get("scoring") == "met"
        words = {a: choice_word("met", a, self.lang) for a in (True, False)}
        status_row = f"_tinh!${MONTH_COLS[0]}${block['status']}:${MONTH_COLS[-1]}${block['status']}"
        ratio = next((c["value"] for c in framework.get("achievement", {}).get("conditions", [])
                      if c["ref"] == "min_criterion_ratio"), None)

        def line(label: str, title: str, maximum: Any, monthly: Callable[[str], str],
                 year: str | None, name: str, fmt: str = "0.##", bold: bool = False) -> int:
            nonlocal row
            self.cell(ws, row, 1, label, box=True, align="center", bold=bold)
            self.cell(ws, row, 2, title, box=True, wrap=True, bold=bold)
            self.fit(ws, row, title, 44)
            self.cell(ws, row, 3, maximum, box=True, align="center", bold=bold)
            for c in MONTH_COLS:
                self.cell(ws, row, FIRST_MONTH_COL + MONTH_COLS.index(c), "=" + monthly(c),
                          box=True, align="center", fmt=fmt, bold=bold, size=10)
            self.cell(ws, row, YEAR_COL, "=" + year if year else None, box=True, align="center",
                      fmt=fmt, bold=bold, size=10, wrap=True)
            self.name(layout.result_name(name), ws.title, f"{MONTH_COLS[0]}{row}",
                      f"{MONTH_COLS[-1]}{row}")
            if year:
                self.name(layout.result_name(name, year=True), ws.title, f"{YEAR}{row}")
            row += 1
            return row - 1

        def average(calc_row: int) -> str:
            values = f"_tinh!${MONTH_COLS[0]}${calc_row}:${MONTH_COLS[-1]}${calc_row}"
            return (f"IF(COUNTIF({status_row},2)=0,\"\",ROUND(SUMIF({status_row},2,{values})"
                    f"/COUNTIF({status_row},2),{p}))")

        for crit in framework["criteria"]:
            cr = block["crit"][crit["id"]]
            if met_mode:
                r = line(model.labels[crit["id"]], crit["title"][self.lang], "",
                         lambda c, cr=cr: (f"IF(_tinh!{c}{block['status']}=0,\"\",IF(_tinh!{c}{cr}=1,"
                                           f"{quote(words[True])},{quote(words[False])}))"),
                         None, crit["id"])
                self.result_formatting(ws, f"{MONTH_COLS[0]}{r}:{MONTH_COLS[-1]}{r}")
            else:
                r = line(model.labels[crit["id"]], crit["title"][self.lang], crit["max"],
                         lambda c, cr=cr: f"IF(_tinh!{c}{block['status']}=0,\"\",_tinh!{c}{cr})",
                         average(cr), crit["id"])
                if ratio is not None:
                    need = number(model.criterion_need(crit, ratio))
                    first = f"{MONTH_COLS[0]}{r}"
                    cells = f"{first}:{MONTH_COLS[-1]}{r}"
                    ws.conditional_formatting.add(cells, FormulaRule(
                        formula=[f"AND(ISNUMBER({first}),{first}>={need})"], fill=GREEN))
                    ws.conditional_formatting.add(cells, FormulaRule(
                        formula=[f"AND(ISNUMBER({first}),{first}<{need})"], fill=RED))
        total_code = "tpl_met_count" if met_mode else "tpl_total"
        line("", self.t(total_code), block["max"] if not met_mode else len(framework["criteria"]),
             lambda c: f"IF(_tinh!{c}{block['status']}=0,\"\",_tinh!{c}{block['total']})",
             None if met_mode else average(block["total"]), "total", bold=True)
        if framework.get("vetoes"):
            line("", self.t("tpl_vetoes_count"), "",
                 lambda c: f"IF(_tinh!{c}{block['status']}=0,\"\",_tinh!{c}{block['vetoes']})",
                 None, "vetoes")
        for key in self.spec.linked:
            other, other_fw = self.blocks[key], self.fws[key]
            line("", self.t("tpl_meeting_total"), other["max"],
                 lambda c: f"IF(_tinh!{c}{other['status']}=0,\"\",_tinh!{c}{other['total']})",
                 None, "sh_total")
            ranks = {len(other_fw["bands"]) - n: b["title"][self.lang]
                     for n, b in enumerate(other_fw["bands"])}
            year_ok = self.year_test(other_fw, other)
            line("", self.t("tpl_meeting_band"), "",
                     lambda c: _choose(f"_tinh!{c}{other['band']}", ranks),
                     f"IF({year_ok},{quote(other_fw['year_rollup']['title'][self.lang])},\"—\")",
                     "sh_band")
            self.fit(ws, row - 1, other_fw["year_rollup"]["title"][self.lang], 16, size=10)
        res = line("", self.t("tpl_result_month"), "", lambda c: self.result_text(block, c), None,
                   "result", bold=True)
        self.result_formatting(ws, f"{MONTH_COLS[0]}{res}:{MONTH_COLS[-1]}{res}")
        # year end
        row += 1
        ws.merge_cells(f"A{row}:{YEAR}{row}")
        self.cell(ws, row, 1, self.t("tpl_results_year"), bold=True, fill=CRIT_FILL, box=True)
        row += 1
        rank_cell = self.rating_rank()
        levels = self.fws[self.spec.rulesets[0]]["levels"]
        level_titles = {len(levels) - n: lvl["title"][self.lang] for n, lvl in enumerate(levels)}
        year = self.year_measures(framework, block, rank_cell)
        recognized = self.year_test(framework, block, rank_cell)
        rollup = framework["year_rollup"]
        yes, no = self.t("label_recognized"), self.t("label_not_recognized")
        items = [("assessed", "tpl_assessed", year["periods_assessed"]),
                 ("achieved", "tpl_achieved", year["periods_achieved"]),
                 ("with_veto", "tpl_with_veto", year["periods_with_veto"]),
                 ("rating_total", "tpl_rating_total", self.rating_total_cell),
                 ("rating", "tpl_rating", _choose(rank_cell, level_titles)),
                 ("recognized", "tpl_recognition",
                  f"IF({recognized},{quote(yes)},{quote(no)})")]
        for key, code, formula in items:
            ws.merge_cells(f"B{row}:{MONTH_COLS[-1]}{row}")
            self.cell(ws, row, 2, self.t(code) if key != "recognized"
                      else rollup["title"][self.lang], box=True, bold=key == "recognized")
            self.cell(ws, row, YEAR_COL, "=" + formula, box=True, align="center", wrap=True,
                      bold=key == "recognized", size=10)
            if key in ("rating", "recognized"):
                self.fit(ws, row, no if key == "recognized" else level_titles[1], 16, size=10)
            self.name(layout.result_name(key, year=True), ws.title, f"{YEAR}{row}")
            row += 1
        rec_cell = f"{YEAR}{row - 1}"
        ws.conditional_formatting.add(rec_cell, FormulaRule(formula=[f"{rec_cell}={quote(yes)}"],
                                                            fill=GREEN))
        ws.conditional_formatting.add(rec_cell, FormulaRule(formula=[f"{rec_cell}={quote(no)}"],
                                                            fill=RED))
        self.cell(ws, row, 2, self.t("tpl_gaps"), box=True, bold=True)
        ws.merge_cells(f"C{row}:{YEAR}{row}")
        self.cell(ws, row, 3, "=" + self.year_gaps(framework, year, recognized), box=True,
                  wrap=True, size=10)
        ws.row_dimensions[row].height = 45
        self.name(layout.result_name("gaps", year=True), ws.title, f"C{row}")
        row += 2
        # gaps by month
        ws.merge_cells(f"A{row}:{YEAR}{row}")
        self.cell(ws, row, 1, self.t("tpl_gaps_month"), bold=True, fill=CRIT_FILL, box=True)
        row += 1
        first = row
        for m, c in enumerate(MONTH_COLS, 1):
            self.cell(ws, row, 1, self.t("tpl_col_month", m=m), box=True, align="center")
            self.cell(ws, row, 2, "=" + self.result_text(block, c), box=True, align="center")
            ws.merge_cells(f"C{row}:{YEAR}{row}")
            self.cell(ws, row, 3, "=" + self.month_gaps(framework, block, c), box=True,
                      wrap=True, size=10)
            ws.row_dimensions[row].height = 30
            row += 1
        self.result_formatting(ws, f"B{first}:B{row - 1}")
        self.name(layout.result_name("gaps"), ws.title, f"C{first}", f"C{row - 1}")
        for name, key in (("status", "status"), ("four_good", "four_good")):
            r = block[key]
            self.name(f"FG_C_{name}", "_tinh", f"{MONTH_COLS[0]}{r}", f"{MONTH_COLS[-1]}{r}")
        ws.freeze_panes = f"D{HEAD_ROW + 1}"
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")

    def rating_rank(self) -> str:
        """Calc cells of each ruleset (one column, D) and the selected ruleset's rank."""
        ranks, totals = [], []
        for ruleset in self.spec.rulesets:
            rows = dict(self.year_rows)
            block = self.period_block(self.fws[ruleset], self.year_ws.title, rows, ["D"])
            ranks.append(f"_tinh!D{block['rank']}")
            totals.append(f"IF(_tinh!D{block['status']}=0,\"\",_tinh!D{block['total']})")
        shorts = [self.fws[r]["short"] for r in self.spec.rulesets]

        def select(values: list[str]) -> str:
            formula = values[0]
            for short, value in reversed(list(zip(shorts[1:], values[1:]))):
                test = f"OR(FG_INFO_ruleset={quote(short['vi'])},FG_INFO_ruleset={quote(short['en'])})"
                formula = f"IF({test},{value},{formula})"
            return formula

        row = self.calc({"D": select(ranks)})
        self.rating_total_cell = select(totals)
        self.name("FG_CY_rating_rank", "_tinh", f"D{row}")
        return f"_tinh!$D${row}"

    def year_measures(self, framework: Mapping[str, Any], block: Mapping[str, Any],
                      rank_cell: str | None = None) -> dict[str, str]:
        span = lambda r: f"_tinh!${MONTH_COLS[0]}${r}:${MONTH_COLS[-1]}${r}"  # noqa: E731
        out = {"periods_assessed": f"COUNTIF({span(block['status'])},2)",
               "periods_with_veto": f"COUNTIF({span(block['vetoes'])},\">0\")"}
        if "four_good" in block:
            out["periods_achieved"] = f"COUNTIF({span(block['four_good'])},1)"
        if "band" in block:
            out["min_band"] = (f"IF(COUNT({span(block['band'])})=0,\"\","
                               f"MIN({span(block['band'])}))")
            for n, band in enumerate(framework["bands"]):
                out[f"band_count:{band['id']}"] = (f"COUNTIF({span(block['band'])},"
                                                   f"{len(framework['bands']) - n})")
        if rank_cell:
            out["rating"] = rank_cell
        return out

    def year_test(self, framework: Mapping[str, Any], block: Mapping[str, Any],
                  rank_cell: str | None = None) -> str:
        measures = self.year_measures(framework, block, rank_cell)
        levels = self.fws[self.spec.rulesets[0]]["levels"]

        def rank(ref_: str, value: Any) -> int:
            order = levels if ref_ == "rating" else framework["bands"]
            ids = [e["id"] for e in order]
            return len(ids) - ids.index(value)

        return all_of([condition(c, Model(framework), lambda r: f"({measures[r]})", rank=rank)
                       for c in framework["year_rollup"]["conditions"]])

    def month_gaps(self, framework: Mapping[str, Any], block: Mapping[str, Any], c: str) -> str:
        """What a month is missing, in words, from the failed conditions."""
        model = Model(framework)
        calc = lambda r: f"_tinh!{c}{r}"  # noqa: E731
        pieces = []
        for cond in framework["achievement"]["conditions"]:
            ref_, need = cond["ref"], cond["value"]
            if ref_ == "total":
                total = calc(block["total"])
                pieces.append(f"IF({total}<{number(need)},"
                              + text_expr("gap_total", self.lang, short=Ex(f"ROUND({number(need)}-{total},2)"),
                                          need=need, actual=Ex(total)) + "&\" \",\"\")")
            elif ref_ == "min_criterion_ratio":
                for crit in framework["criteria"]:
                    score = calc(block["crit"][crit["id"]])
                    points = model.criterion_need(crit, need)
                    n = model.labels[crit["id"]]
                    if framework.get("scoring") == "met":
                        message = text_expr("gap_criterion_unmet", self.lang, n=n,
                                            items=crit["title"][self.lang][:60])
                    else:
                        message = text_expr("gap_criterion_points", self.lang, n=n,
                                            short=Ex(f"ROUND({number(points)}-{score},2)"),
                                            pct=model.round(need * 100), need=points,
                                            max=model.criterion_max(crit))
                    pieces.append(f"IF({score}<{number(points)},{message}&\" \",\"\")")
            elif ref_ == "veto_count":
                for veto in framework.get("vetoes", []):
                    flag = block["items"].get(veto["id"], {}).get("flag")
                    if flag:
                        pieces.append(f"IF({calc(flag)}=1,"
                                      + text_expr("gap_veto", self.lang, title=veto["title"])
                                      + "&\" \",\"\")")
        status = calc(block["status"])
        incomplete = text_expr("gap_incomplete", self.lang, count=Ex(calc(block["invalid"])))
        joined = "&".join(pieces) if pieces else '""'
        return (f"IF({status}=0,\"\",IF({status}=1,{incomplete},IF({calc(block['four_good'])}=1,"
                f"{quote(self.t('tpl_nothing_missing'))},{joined})))")

    def year_gaps(self, framework: Mapping[str, Any], measures: Mapping[str, str],
                  recognized: str) -> str:
        pieces = []
        levels = self.fws[self.spec.rulesets[0]]["levels"]
        for cond in framework["year_rollup"]["conditions"]:
            ref_, need = cond["ref"], cond["value"]
            actual = Ex(measures[ref_])
            if ref_ in ("periods_assessed", "periods_achieved", "periods_with_veto"):
                test = condition(cond, Model(framework), lambda r: f"({measures[r]})")
                message = text_expr(f"gap_{ref_}", self.lang, actual=actual, need=need)
            elif ref_ == "rating":
                title = next(lvl["title"] for lvl in levels if lvl["id"] == need)
                rank = len(levels) - [lvl["id"] for lvl in levels].index(need)
                cell = measures[ref_]
                test = f"IF(ISNUMBER({cell}),{cell}>={rank},FALSE)"
                titles = {len(levels) - n: lvl["title"][self.lang] for n, lvl in enumerate(levels)}
                message = (f"IF(ISNUMBER({cell}),"
                           + text_expr("gap_rating", self.lang, actual=Ex(_choose(cell, titles)),
                                       need=title)
                           + "," + text_expr("gap_rating_missing", self.lang, need=title) + ")")
            else:
                continue
            pieces.append(f"IF({test},\"\",{message}&\" \")")
        joined = "&".join(pieces) if pieces else '""'
        return f"IF({recognized},{quote(self.t('tpl_nothing_missing'))},{joined})"

    def consolidation_results(self) -> None:
        """Results of the consolidation workbook: counts by month, ratings, quota by group."""
        ws = self.res_ws
        ruleset = self.fws[self.spec.rulesets[0]]
        self.results_frame(ws, "", self.t("tpl_col_year"), 12)
        ids = self.sub_range("B")
        row = HEAD_ROW + 1
        lines = [("expected", "tpl_subs_expected", lambda rng: f"COUNTA({ids})"),
                 ("reported", "tpl_subs_reported", lambda rng: f"COUNTA({rng})"),
                 ("achieved", "tpl_subs_achieved", count_met),
                 ("percent", "tpl_subs_percent",
                  lambda rng: f"IF(COUNTA({ids})=0,\"\",ROUND(100*({count_met(rng)})/COUNTA({ids}),2))")]
        for key, code, formula in lines:
            self.cell(ws, row, 1, "", box=True)
            self.cell(ws, row, 2, self.t(code), box=True, bold=key == "percent")
            self.cell(ws, row, 3, "", box=True)
            for m, c in enumerate(MONTH_COLS):
                rng = self.sub_range(self.sub_month_cols[m])
                self.cell(ws, row, FIRST_MONTH_COL + m, "=" + formula(rng), box=True,
                          align="center", size=10, fmt="0.##")
            self.name(layout.result_name(key), ws.title, f"{MONTH_COLS[0]}{row}",
                      f"{MONTH_COLS[-1]}{row}")
            row += 1
        row += 1
        ratings = self.sub_range("F")
        for n, lvl in enumerate(ruleset["levels"]):
            count = "+".join(f"COUNTIF({ratings},{quote(lvl['title'][lang])})" for lang in ("vi", "en"))
            ws.merge_cells(f"B{row}:{MONTH_COLS[-1]}{row}")
            self.cell(ws, row, 2, self.t("tpl_level_count", level=lvl["title"][self.lang]), box=True)
            self.cell(ws, row, YEAR_COL, "=" + count, box=True, align="center")
            self.name(layout.result_name(f"level_{lvl['id']}", year=True), ws.title, f"{YEAR}{row}")
            row += 1
        row += 1
        quota = ruleset["quota"]
        levels = ruleset["levels"]
        top = next(lvl for lvl in levels if lvl["id"] == quota["level"])
        base_index = [lvl["id"] for lvl in levels].index(quota["base_at_least"])
        base_titles = [lvl["title"][lang] for lvl in levels[: base_index + 1] for lang in ("vi", "en")]
        ws.merge_cells(f"A{row}:{YEAR}{row}")
        self.cell(ws, row, 1, self.t("tpl_quota_title", level=top["title"][self.lang]), bold=True,
                  fill=CRIT_FILL, box=True)
        row += 1
        base_level = levels[base_index]["title"][self.lang]
        cols = [("B", "tpl_quota_group"), ("C", "tpl_quota_outstanding"),
                ("D", "tpl_quota_base"), ("E", "tpl_quota_count"), ("F", "tpl_quota_allowed"),
                ("G", "tpl_quota_ok")]
        for col, code in cols:
            self.cell(ws, row, ord(col) - 64, self.t(code, level=base_level if col == "D"
                                                     else top["title"][self.lang]),
                      bold=True, box=True, wrap=True, align="center", size=10)
        ws.row_dimensions[row].height = 42
        row += 1
        first = row
        groups = self.sub_range("E")
        yes = CHOICES["veto"][True]
        for _ in range(layout.QUOTA_ROWS):
            g = f"$B{row}"
            self.cell(ws, row, 2, None, box=True, fill=INPUT_FILL, unlocked=True)
            self.cell(ws, row, 3, None, box=True, fill=INPUT_FILL, unlocked=True, align="center")
            base = "+".join(f"COUNTIFS({groups},{g},{ratings},{quote(t)})" for t in base_titles)
            count = "+".join(f"COUNTIFS({groups},{g},{ratings},{quote(top['title'][lang])})"
                             for lang in ("vi", "en"))
            outstanding = "OR(" + ",".join(f"$C{row}={quote(w)}" for w in yes) + ")"
            pct = (f"IF({outstanding},{number(quota['outstanding_max_percent'])},"
                   f"{number(quota['max_percent'])})")
            formulas = {4: base, 5: count, 6: f"INT(D{row}*{pct}/100)",
                        7: f"IF(E{row}<=F{row},{quote(self.t('label_yes'))},{quote(self.t('label_no'))})"}
            for col, formula in formulas.items():
                self.cell(ws, row, col, f"=IF({g}=\"\",\"\",{formula})", box=True, align="center")
            row += 1
        dv = DataValidation(type="list", formula1=quote(",".join(
            choice_word("veto", a, self.lang) for a in (True, False))), allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"C{first}:C{row - 1}")
        for col, key in (("B", "GROUP"), ("C", "OUTSTANDING"), ("D", "BASE"), ("E", "COUNT"),
                         ("F", "ALLOWED"), ("G", "OK")):
            self.name(f"FG_QUOTA_{key}", ws.title, f"{col}{first}", f"{col}{row - 1}")
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")

    # ---- instructions and identification --------------------------------------------------
    def help_sheet(self) -> None:
        ws = self.help_ws
        ws.column_dimensions["A"].width = 12
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 60
        main = self.fws.get(self.spec.main)
        title = (main or self.fws[self.spec.rulesets[0]])["title"][self.lang]
        ws.merge_cells("A1:D1")
        self.cell(ws, 1, 1, self.t("tpl_help_title", title=title if main
                                   else self.t("tpl_sheet_units")).upper(),
                  bold=True, size=14, align="center")
        if main:
            extra = ""
            if self.meet_ws is not None:
                extra = self.t("tpl_help_extra_meeting", sheet=self.meet_ws.title)
            elif self.subs_ws is not None:
                extra = self.t("tpl_help_extra_subs", sheet=self.subs_ws.title)
            steps = self.t("tpl_help_steps", main=self.main_ws.title, extra=extra,
                           year_sheet=self.year_ws.title, results=self.res_ws.title)
        else:
            steps = self.t("tpl_help_consolidation", sheet=self.subs_ws.title,
                           results=self.res_ws.title)
        row = 3
        for line_ in steps.split("\n"):
            ws.merge_cells(f"A{row}:D{row}")
            self.cell(ws, row, 1, line_, wrap=True)
            self.fit(ws, row, line_, 150)
            row += 1
        row += 1
        ws.merge_cells(f"A{row}:D{row}")
        self.cell(ws, row, 1, self.t("tpl_help_sources"), bold=True, size=12)
        row += 1
        ws.merge_cells(f"A{row}:D{row}")
        self.cell(ws, row, 1, self.t("tpl_help_assumed"), italic=True, wrap=True)
        ws.row_dimensions[row].height = 32
        row += 1
        self.head_row(ws, [self.t(code) for code in ("tpl_col_no", "tpl_col_content",
                                                     "tpl_col_source", "tpl_col_notes")], row)
        row += 1
        shown = [f for f in (self.spec.main, *self.spec.linked, *self.spec.rulesets[:1]) if f]
        for framework_id in shown:
            data = self.fws[framework_id]
            model = Model(data)
            ws.merge_cells(f"A{row}:D{row}")
            self.cell(ws, row, 1, data["title"][self.lang], bold=True, fill=CRIT_FILL, box=True)
            row += 1
            for crit in data["criteria"]:
                for entry in [crit, *crit["items"]]:
                    status = self.t(f"fwx_status_{entry['source']['status']}")
                    self.cell(ws, row, 1, model.labels[entry["id"]], box=True, align="center",
                              bold=entry is crit)
                    self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True,
                              bold=entry is crit)
                    self.cell(ws, row, 3, status, box=True, align="center",
                              fill=AMBER if entry["source"]["status"] == "assumed" else None)
                    self.cell(ws, row, 4, entry["source"]["ref"], box=True, wrap=True, size=10)
                    self.fit(ws, row, entry["title"][self.lang], 70)
                    self.fit(ws, row, entry["source"]["ref"], 60, size=10)
                    row += 1
        self.protect(ws)
        self.print_setup(ws)
        ws.page_setup.orientation = "portrait"

    def meta_sheet(self) -> None:
        ws = self.meta_ws
        rows = [("template_id", self.spec.id), ("template_version", layout.TEMPLATE_VERSION),
                ("unit_id", None), ("year", None), ("lang", self.lang)]
        for n, (key, value) in enumerate(rows, start=1):
            ws.cell(row=n, column=1, value=key)
            ws.cell(row=n, column=2, value=value)
            self.name(layout.meta_name(key), ws.title, f"B{n}")
        row = len(rows) + 2
        ws.cell(row=row, column=1, value="framework")
        ws.cell(row=row, column=2, value="version")
        ws.cell(row=row, column=3, value="sha256")
        for framework_id in sorted(self.fws):
            row += 1
            data = self.fws[framework_id]
            ws.cell(row=row, column=1, value=framework_id)
            ws.cell(row=row, column=2, value=data["version"])
            ws.cell(row=row, column=3, value=fw.framework_hash(data))
        row += 2
        ws.cell(row=row, column=1, value="name")
        ws.cell(row=row, column=2, value="refers_to")
        for name, target in sorted(self.names.items()):
            row += 1
            ws.cell(row=row, column=1, value=name)
            ws.cell(row=row, column=2, value=target)


def _absolute(cell: str) -> str:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = cell[len(letters):]
    return f"${letters}${digits}"


def _choose(cell: str, labels: Mapping[int, str]) -> str:
    """Text of a rank cell: IF(cell=4,"Tốt",IF(cell=3,"Khá",…,"")) ."""
    formula = '""'
    for rank, label in sorted(labels.items()):
        formula = f"IF({cell}={rank},{quote(label)},{formula})"
    return formula


def build(template_id: str, lang: str = "vi") -> Workbook:
    """The template workbook ``template_id`` in ``lang``."""
    return Builder(layout.TEMPLATES[template_id], lang).build()


def save(workbook: Workbook, path: Path, stable: bool = True) -> None:
    """Save through a temporary file renamed into place. ``stable``: fixed timestamps
    (document properties and zip entries), so that the same template builds to the same
    bytes; a report keeps the real time it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if not stable:
        workbook.save(tmp)
        tmp.replace(path)
        return
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)
    tmp.replace(path)


def build_all(out_dir: Path | str, lang: str = "vi") -> list[Path]:
    """Write every template into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for template_id, spec in layout.TEMPLATES.items():
        path = out / spec.file_name
        save(build(template_id, lang), path)
        paths.append(path)
    return paths


def template_path(template_id: str, template_dir: Path | None, cache: Path, lang: str) -> Path:
    """A template file: from ``template_dir`` when given, else freshly built into ``cache``."""
    spec = layout.TEMPLATES[template_id]
    if template_dir is not None:
        return Path(template_dir) / spec.file_name
    path = cache / f"{lang}-{spec.file_name}"
    if not path.exists():
        save(build(template_id, lang), path)
    return path


def unit_document(roster, unit, year: int, lang: str = "vi") -> dict[str, Any]:
    """The pre-filled part of a unit's workbook: identification, and the units under it."""
    from .roster import TYPE_TITLES

    parent = roster[unit.parent].name if unit.parent else ""
    doc: dict[str, Any] = {"info": {"unit_name": unit.name, "unit_id": unit.id,
                                    "unit_type": TYPE_TITLES[unit.type][lang],
                                    "parent_name": parent, "year": year}}
    spec = layout.TEMPLATE_FOR_TYPE[unit.type]
    if spec.subordinates:
        under = (roster.children(unit.id) if spec.main else list(roster.descendants(unit.id)))
        under = [u for u in under if spec.main is None or u.type == "chi-bo"]
        doc["subordinates"] = [{"id": u.id, "name": u.name, "type": u.type,
                                "group": roster.quota_group(u.id)[1]} for u in under]
    return doc


def new_workbook(roster, unit_id: str, year: int, out: Path, template_dir: Path | None = None,
                 cache: Path | None = None, lang: str = "vi") -> Path:
    """Write the pre-filled workbook of one unit of ``roster`` to ``out``."""
    from . import namedcells

    unit = roster[unit_id]
    spec = layout.TEMPLATE_FOR_TYPE[unit.type]
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        template = template_path(spec.id, template_dir, cache or Path(tmp), lang)
        doc = unit_document(roster, unit, year, lang)
        values = layout.document_to_names(spec, fw.shipped(), doc, lang)
        values.update({layout.meta_name("unit_id"): unit.id, layout.meta_name("year"): year})
        out.parent.mkdir(parents=True, exist_ok=True)
        namedcells.write(template, values, out)
    return out


def fill(path: Path, doc: Mapping[str, Any], out: Path) -> list[str]:
    """Write an input document into a copy of a fourgood workbook, as an officer would type
    it; returns the zip parts edited (every other part is copied unchanged)."""
    from . import namedcells

    meta = namedcells.read(path, [layout.meta_name("template_id"), layout.meta_name("lang")])
    spec = layout.TEMPLATES[meta[layout.meta_name("template_id")]]
    lang = meta.get(layout.meta_name("lang")) or "vi"
    frameworks = fw.shipped()
    return namedcells.write(path, layout.document_to_names(spec, frameworks, doc, lang), out)
