"""The template builder: the state shared by the sheet modules and the order they run in."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .. import framework as fw
from .. import layout
from ..engine import choice_word
from ..formulas import number, quote
from ..messages import text
from .calc import Calculation
from .consolidation import ConsolidationSheet
from .decisions import DecisionSheet
from .help import HelpSheet
from .info import InfoSheet
from .meta import MetaSheet
from .monthly import MonthlySheets
from .python import PythonSection
from .report_form import ReportFormSheet
from .results import ResultsSheet
from .style import FIXED_TIME, HEAD_FILL, HEAD_ROW, MONTH_COLS, fit_row, party_header, style_cell
from .subordinates import SubordinatesSheet
from .year import YearSheet


class Builder(InfoSheet, MonthlySheets, SubordinatesSheet, YearSheet, Calculation, ResultsSheet,
              ReportFormSheet, DecisionSheet, PythonSection, ConsolidationSheet, HelpSheet,
              MetaSheet):
    """Builds one template workbook; each sheet's code lives in its own module."""

    def __init__(self, spec: layout.TemplateSpec, lang: str = "vi",
                 frameworks: Mapping[str, Any] | None = None):
        """``frameworks``: frameworks by id to build with instead of the shipped ones (a
        locality's edited ruleset)."""
        self.spec, self.lang = spec, lang
        ids = [i for i in (spec.main, *spec.linked, *spec.rulesets) if i]
        self.fws = {i: fw.load(i) for i in ids}
        self.fws.update(fw.related(self.fws[spec.main]) if spec.main else {})
        self.fws.update({i: f for i, f in (frameworks or {}).items() if i in self.fws})
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.names: dict[str, str] = {}
        self.calc_row = 1
        self.t: Callable[..., str] = lambda code, **kw: text(code, lang, **kw)

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

    def head_row(self, ws, titles: list[str], row: int = HEAD_ROW, first: int = 1) -> None:
        """The white-on-red header row of a table whose first column is ``first``."""
        for col, head in enumerate(titles, start=first):
            self.cell(ws, row, col, head, bold=True, color="FFFFFF", fill=HEAD_FILL,
                      align="center", box=True, wrap=True)

    def print_setup(self, ws, title_rows: str | None = None, area: str | None = None) -> None:
        """A4 landscape, one page wide; ``area``: what is printed, when not the whole sheet
        (no spreadsheet then prints what lies outside it)."""
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
        if area:
            ws.print_area = area

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
        self.form_ws = self.sheet("tpl_sheet_report_form") if self.year_ws is not None else None
        self.dec_ws = self.sheet("tpl_sheet_decisions") if spec.decisions else None
        self.calc_ws = self.wb.create_sheet("_tinh")
        self.calc_ws.sheet_state = "hidden"
        self.meta_ws = self.wb.create_sheet("_fourgood")
        self.meta_ws.sheet_state = "veryHidden"

        self.info_sheet()
        self.blocks: dict[str, dict[str, Any]] = {}
        self.sheet_rows: dict[str, dict[str, int]] = {}  # framework id -> its entries' rows
        if self.subs_ws is not None:
            self.subordinates_sheet()
        if self.meet_ws is not None:
            link = spec.linked[0]
            rows = self.monthly_sheet(self.meet_ws, self.fws[link], "S", "tpl_title_meeting")
            self.sheet_rows[link] = rows
            self.blocks[link] = self.period_block(self.fws[link], self.meet_ws.title, rows,
                                                  MONTH_COLS)
            self.sheet_results(self.meet_ws, self.fws[link], rows, "S")
        if main is not None:
            rows = self.monthly_sheet(self.main_ws, main, "M", "tpl_title_main")
            self.sheet_rows[spec.main] = rows
            self.blocks[spec.main] = self.period_block(main, self.main_ws.title, rows, MONTH_COLS)
            self.sheet_results(self.main_ws, main, rows, "M")
        if self.year_ws is not None:
            self.year_sheet()
        if main is not None:
            self.results_sheet(main)
        else:
            self.consolidation_results()
        if self.form_ws is not None:
            self.report_form_sheet()
        if self.dec_ws is not None:
            self.decision_sheet()
        self.help_sheet()
        self.meta_sheet()
        for name, target in sorted(self.names.items()):
            self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.properties.creator = "fourgood"
        self.wb.properties.created = self.wb.properties.modified = FIXED_TIME
        self.wb.properties.lastModifiedBy = "fourgood"
        return self.wb


def _absolute(cell: str) -> str:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = cell[len(letters):]
    return f"${letters}${digits}"
