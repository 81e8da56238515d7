"""The consolidation report: a workbook for the board, and the same figures as JSON.

Text that comes from received files (file names, senders, names typed in workbooks, gaps)
is always written as text, never as a formula (DESIGN invariant 7).
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule

from .consolidate import month_line, without_file
from .messages import clean_text, text
from .roster import TYPE_TITLES
from .templates import (AMBER, GREEN, HEAD_FILL, RED, fit_row, party_header, save,
                        style_cell)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, col: int, value: Any, **style: Any):
    """Write a value; a string is always stored as text, even one that looks like a formula,
    and cleaned of what no sheet can hold."""
    cell = style_cell(ws, row, col, clean_text(value) if isinstance(value, str) else value,
                      **style)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


class Report:
    """Builds the report workbook from ``consolidate.figures``."""

    def __init__(self, f: Mapping[str, Any], lang: str = "vi"):
        self.f, self.lang = f, lang
        period = {"month": f["month"], "year": f["year"]}
        self.t = lambda code, **kw: text(code, lang, **{**period, **kw})  # noqa: E731
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    def title(self, entry: Mapping[str, str] | None) -> str:
        return entry[self.lang] if entry else ""

    def sheet(self, code: str, title_code: str, widths: Sequence[float], head: Sequence[str]):
        ws = self.wb.create_sheet(self.t(code))
        ws.sheet_view.showGridLines = False
        f = self.f
        party_header(ws, (f["root_name"].upper(), self.t("rep_board").upper()),
                     self.t(title_code, month=f["month"], year=f["year"]), len(widths),
                     self.lang)
        for row in ws.iter_rows(max_row=5):  # the roster's names: text, even «=HYPERLINK(…»
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[chr(64 + n)].width = width
        self.head(ws, 7, head, white=True)
        ws.freeze_panes = "A8"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "7:7"
        return ws

    def table(self, ws, name: str, columns: int, last: int) -> None:
        """Make the block from the header row (7) to ``last`` an Excel table named ``name``
        (a ListObject, so that pandas, Power Query or ``ws.tables`` find it)."""
        ref = f"A7:{get_column_letter(columns)}{max(last, 8)}"
        ws.add_table(Table(displayName=name, ref=ref, tableStyleInfo=TableStyleInfo(
            name="TableStyleLight1", showRowStripes=False)))

    def head(self, ws, row: int, labels: Sequence[str], white: bool = False) -> None:
        """A table's header row (non-empty labels only)."""
        for col, label in enumerate(labels, start=1):
            if label:
                style_cell(ws, row, col, label, bold=True, box=True, align="center", wrap=True,
                           color="FFFFFF" if white else None, fill=HEAD_FILL if white else None,
                           size=10)
        ws.row_dimensions[row].height = 30
        for col, label in enumerate(labels, start=1):  # taller where a label needs it
            width = ws.column_dimensions[get_column_letter(col)].width or 8.43
            fit_row(ws, row, label, width, size=10)

    def rows(self, ws, rows: Sequence[Sequence[Any]], first: int = 8, wrap_cols: Sequence[int] = (),
             widths: Sequence[float] = ()) -> int:
        row = first
        for values in rows:
            for col, value in enumerate(values, start=1):
                put(ws, row, col, value, box=True, wrap=col in wrap_cols, size=10,
                    align=None if col in wrap_cols or isinstance(value, str) else "center",
                    fmt="0.##" if isinstance(value, float) else None)
            for col in wrap_cols:
                if isinstance(values[col - 1], str) and widths:
                    fit_row(ws, row, values[col - 1], widths[col - 1], size=10)
            row += 1
        return row

    def build(self) -> Workbook:
        self.summary()
        self.by_type()
        self.by_parent()
        self.units()
        self.files()
        self.weak()
        self.trend()
        self.missing()
        self.rejected()
        self.recognition()
        self.quota()
        return self.wb

    def summary(self) -> None:
        f, s = self.f, self.f["summary"]
        widths = [44, 90]
        ws = self.sheet("rep_sheet_summary", "rep_title", widths,
                        [self.t("rep_col_item"), self.t("rep_col_value")])
        figures = [("rep_month", month_line(f, self.lang)),
                   ("rep_expected", s["expected"]), ("rep_received", s["received"]),
                   ("rep_on_time", s["on_time"]), ("rep_missing", s["missing"]),
                   ("rep_rejected_files", s["rejected_files"]), ("rep_four_good", s["four_good"]),
                   ("rep_four_good_percent", s["four_good_percent"]),
                   ("rep_files_found", f["files_found"]), ("rep_deadline", _date(f["deadline"]))]
        last = self.rows(ws, [(self.t(code, month=f["month"]), value) for code, value in figures],
                         wrap_cols=(2,), widths=widths) - 1
        deadline = ws.cell(last, 2)  # the last figure
        deadline.number_format = "dd/mm/yyyy"
        deadline.alignment = deadline.alignment.copy(horizontal="left")
        self.table(ws, "TongHop", 2, last)

    def breakdown(self, code: str, title_code: str, head_code: str, first_width: float,
                  rows: list[tuple[str, Mapping[str, Any]]], table: str):
        """Units expected, reported and Four-good by some grouping (a name per row); returns
        the sheet and its last row."""
        widths = [first_width, 16, 16, 18, 18]
        ws = self.sheet(code, title_code, widths,
                        [self.t(k) for k in (head_code, "rep_expected", "rep_received",
                                             "rep_four_good", "rep_four_good_percent")])
        last = self.rows(ws, [(name, v["expected"], v["received"], v["four_good"], v["percent"])
                              for name, v in rows], wrap_cols=(1,), widths=widths) - 1
        self.table(ws, table, len(widths), last)
        return ws, last

    def by_type(self) -> None:
        self.breakdown("rep_sheet_by_type", "rep_title_by_type", "rep_col_type", 30,
                       [(TYPE_TITLES[k][self.lang], v) for k, v in self.f["by_type"].items()],
                       "TheoLoai")

    def by_parent(self) -> None:
        ws, last = self.breakdown("rep_sheet_by_parent", "rep_title_by_parent",
                                  "rep_col_parent", 40,
                                  [(p["name"], p) for p in self.f["by_parent"]], "TheoCapTren")
        chart = BarChart()
        chart.type = "bar"
        chart.title = self.t("rep_chart_parent")
        chart.y_axis.title = self.t("rep_chart_units")
        chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=7, max_row=max(last, 8)),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=8, max_row=max(last, 8)))
        chart.y_axis.scaling.min = 0
        chart.height, chart.width = 9, 16
        ws.add_chart(chart, "G7")  # beside the table: printed on the same page

    def units(self) -> None:
        widths = [5, 20, 32, 12, 12, 9, 9, 9, 20, 10, 46]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_type", "rep_col_result",
                "rep_col_points", "rep_col_criteria_met", "rep_col_achieved", "rep_col_rating",
                "rep_col_recognized", "rep_col_gaps"]
        ws = self.sheet("rep_sheet_units", "rep_title_units", widths, [self.t(k) for k in keys])
        results = {"complete": None, "incomplete": self.t("tpl_status_incomplete"),
                   "blank": self.t("rep_not_reported"), "missing": self.t("rep_not_reported")}
        rows = []
        for n, u in enumerate(self.f["units"], 1):
            result = results[u["status"]] or self.t("label_met" if u["four_good"]
                                                    else "label_not_met")
            total = u["total"] if u["received"] else None  # points, or criteria met
            points = u["type"] == "chi-bo"
            rows.append((n, u["unit"], u["name"], TYPE_TITLES[u["type"]][self.lang], result,
                         total if points else None, None if points else total, u["achieved"],
                         self.title(u["rating_title"]),
                         self.t("label_yes" if u["recognized"] else "label_no"),
                         " ".join(g[self.lang] for g in u["gaps"])))
        last = self.rows(ws, rows, wrap_cols=(3, 9, 11), widths=widths) - 1
        self.table(ws, "DonVi", len(widths), last)
        cells = f"E8:E{max(last, 8)}"
        for word, fill in ((self.t("label_met"), GREEN), (self.t("label_not_met"), RED),
                           (self.t("tpl_status_incomplete"), AMBER),
                           (self.t("rep_not_reported"), AMBER)):
            ws.conditional_formatting.add(cells, FormulaRule(formula=[f'E8="{word}"'], fill=fill))

    def files(self) -> None:
        widths = [5, 44, 22, 12, 14, 60]
        keys = ["rep_col_no", "rep_col_file", "rep_col_id", "rep_col_received_at",
                "rep_col_state", "rep_col_warnings"]
        ws = self.sheet("rep_sheet_files", "rep_title_files", widths, [self.t(k) for k in keys])
        last = self.rows(ws, [(n, a["file"], a["unit"], _date(a["received_at"]),
                               self.t("rep_current" if a["current"] else "rep_superseded"),
                               " ".join(m[self.lang] for m in a["messages"]))
                              for n, a in enumerate(self.f["accepted"], 1)], wrap_cols=(2, 6),
                         widths=widths) - 1
        for row in range(8, last + 1):
            ws.cell(row, 4).number_format = "dd/mm/yyyy"
        self.table(ws, "TepDaNhan", len(widths), last)

    def weak(self) -> None:
        widths = [34, 10, 60, 16, 16, 12]
        keys = ["rep_col_framework", "rep_col_criterion", "rep_col_name", "rep_col_failed",
                "rep_col_assessed", "rep_col_percent"]
        ws = self.sheet("rep_sheet_weak", "rep_title_weak", widths, [self.t(k) for k in keys])
        last = self.rows(ws, [(self.title(w["framework_title"]), w["number"],
                               self.title(w["title"]), w["failed"], w["assessed"], w["percent"])
                              for w in self.f["weak_criteria"]], wrap_cols=(1, 3),
                         widths=widths) - 1
        self.table(ws, "TieuChiYeu", len(widths), last)

    def trend(self) -> None:
        widths = [12, 16, 16, 16]
        keys = ["rep_col_month", "rep_received", "rep_four_good_units", "rep_four_good_percent"]
        ws = self.sheet("rep_sheet_trend", "rep_title_trend", widths, [self.t(k) for k in keys])
        last = self.rows(ws, [(t["month"], t["received"], t["four_good"], t["percent"])
                              for t in self.f["trend"]]) - 1
        self.table(ws, "TheoThang", len(widths), last)
        chart = LineChart()
        chart.title = self.t("rep_chart_trend")
        chart.y_axis.title = self.t("rep_chart_units")
        chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=7, max_row=last),
                       titles_from_data=True)
        for series in chart.series:
            series.smooth = False  # straight segments: a smoothed curve dips below zero
        chart.y_axis.scaling.min = 0
        chart.set_categories(Reference(ws, min_col=1, min_row=8, max_row=last))
        chart.height, chart.width = 9, 18
        ws.add_chart(chart, "F7")

    def missing(self) -> None:
        widths = [5, 30, 50, 40, 36]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_parent", "rep_col_email"]
        ws = self.sheet("rep_sheet_missing", "rep_title_missing", widths, [self.t(k) for k in keys])
        names = {u["unit"]: u["name"] for u in self.f["units"]}
        names[self.f["root"]] = self.f["root_name"]
        last = self.rows(ws, [(n, u["unit"], u["name"], names.get(u["parent"], ""), u["email"])
                              for n, u in enumerate(self.f["missing_units"], 1)],
                         wrap_cols=(3, 4), widths=widths) - 1
        self.table(ws, "ChuaNop", len(widths), last)

    def rejected(self) -> None:
        widths = [5, 50, 88]
        keys = ["rep_col_no", "rep_col_file", "rep_col_reason"]
        ws = self.sheet("rep_sheet_rejected", "rep_title_rejected", widths,
                        [self.t(k) for k in keys])
        last = self.rows(ws, [(n, r["file"], without_file(r[self.lang], r["file"]))
                              for n, r in enumerate(self.f["rejected"], 1)], wrap_cols=(2, 3),
                         widths=widths) - 1
        self.table(ws, "BiTuChoi", len(widths), last)

    def recognition(self) -> None:
        widths = [5, 30, 50, 26, 14, 14]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_rating", "rep_col_assessed",
                "rep_col_achieved"]
        ws = self.sheet("rep_sheet_recognition", "rep_title_recognition", widths,
                        [self.t(k) for k in keys])
        last = self.rows(ws, [(n, u["unit"], u["name"], self.title(u["rating_title"]),
                               u["assessed"], u["achieved"])
                              for n, u in enumerate(self.f["recognition"], 1)], wrap_cols=(3,),
                         widths=widths) - 1
        if not self.f["recognition"]:  # said above the table, which stays empty
            put(ws, 6, 1, self.t("rep_none_recognized"), italic=True)
        self.table(ws, "CongNhan", len(widths), last)

    def quota(self) -> None:
        widths = [36, 22, 12, 16, 16, 16, 14]
        keys = ["rep_col_parent", "rep_col_group", "rep_col_units", "rep_col_quota_base",
                "rep_col_quota_count", "rep_col_quota_allowed", "rep_col_quota_ok"]
        ws = self.sheet("rep_sheet_quota", "rep_quota_title", widths, [self.t(k) for k in keys])
        row = 8
        for q in self.f["quota"]:
            group = TYPE_TITLES[q["group"]][self.lang] if q["group"] in TYPE_TITLES else q["group"]
            values = (q["parent_name"], group, q["units"], q["base"], q["count"],
                      q["allowed"], self.t("label_yes" if q["ok"] else "label_no"))
            for col, value in enumerate(values, start=1):
                put(ws, row, col, value, box=True, size=10, wrap=col <= 2,
                    align=None if col <= 2 else "center", fill=None if q["ok"] else RED)
            row += 1
        self.table(ws, "TyLeXepLoai", len(widths), row - 1)


def _date(value: str | None) -> date | None:
    """The day of an ISO date or time (as the ledger keeps them), for a date cell."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def write_report(f: Mapping[str, Any], path: Path, lang: str = "vi") -> None:
    """Write the report workbook atomically (temporary file, then rename)."""
    workbook = Report(f, lang).build()
    workbook.properties.creator = "fourgood"
    save(workbook, path, stable=False)


def write_json(f: Mapping[str, Any], path: Path) -> None:
    """Write the JSON summary atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(f, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
