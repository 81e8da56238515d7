"""The consolidation report: a workbook for the board, and the same figures as JSON.

Text that comes from received files (file names, senders, names typed in workbooks, gaps)
is always written as text, never as a formula (docs/design.md, invariant 7).
"""
from __future__ import annotations

import itertools
import json
import os
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import orjson
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Font as DrawingFont, Paragraph
from openpyxl.drawing.text import ParagraphProperties
from openpyxl.formatting.rule import FormulaRule

from .consolidate import Stream, decision_step, month_line, quarter_line
from .messages import text, without_file
from .outputs import REPORT_MARK
from .roster import TYPE_TITLES
from .templates import (AMBER, GREEN, HEAD_FILL, RED, fit_row, party_header, save,
                        style_cell)
from .templates.style import FONT, committee_name, look_id, text_height
from .xlsx_rows import KINDS, Rows

HEADER_WIDTH = 120  # characters: the party header's two blocks side by side, with room
CHART_WIDTH, CHART_HEIGHT = 24, 14  # cm: a chart on its own page, as wide as the header
CHART_PAGE = 17  # cm: the most an A4 landscape page holds
ONE_PAGE_ROWS = 20  # table rows that surely fit on the first page, under the party header
CHART_FONT = 1000  # hundredths of a point: the charts' text, in the document's font
SIGNING_INCHES = 0.9  # under the footer's three lines: room to sign (blank lines at a
# footer's end are laid out differently in each section, and the two blocks would not level)
FOOTER_INCHES = 1.6  # the bottom margin: the room to sign and the footer's three lines


class Report:
    """Builds the report workbook from ``consolidate.figures``; the tables' rows are in
    ``streams``, written when the workbook is saved (``write_report``)."""

    def __init__(self, f: Mapping[str, Any], lang: str = "vi"):
        self.f, self.lang = f, lang
        self.streams: dict[str, Rows] = {}
        period = {"month": f["month"], "year": f["year"]}
        self.t = lambda code, **kw: text(code, lang, **{**period, **kw})  # noqa: E731
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    def title(self, entry: Mapping[str, str] | None) -> str:
        return entry[self.lang] if entry else ""

    def sheet(self, code: str, title_code: str, widths: Sequence[float], head: Sequence[str],
              **title: Any):
        """A sheet under the party header, with the table's columns and header row. The
        header is at least ``HEADER_WIDTH`` wide (a narrow table's columns are widened in
        proportion), split at the column boundary nearest its middle, so its two blocks never
        crowd."""
        ws = self.wb.create_sheet(self.t(code))
        ws.sheet_view.showGridLines = False
        f = self.f
        columns = [w * max(1.0, HEADER_WIDTH / sum(widths)) for w in widths]  # widened
        reached = list(itertools.accumulate(columns))[:-1]  # the left block's possible ends
        split = min(range(len(reached)), key=lambda n: abs(reached[n] - sum(columns) / 2)) + 1 \
            if reached else 1
        party_header(ws, (committee_name(f["root_name"]).upper(), self.t("rep_board").upper()),
                     self.t(title_code, **{"month": f["month"], "year": f["year"], **title}),
                     len(columns), self.lang, split=split)
        for row in ws.iter_rows(max_row=5):  # the roster's names: text, even «=HYPERLINK(…»
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for n, width in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        self.head(ws, 7, head, white=True)
        ws.freeze_panes = "A8"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "7:7"
        self.sign_footer(ws)
        return ws

    def sign_footer(self, ws) -> None:
        """Who made the sheet and who approves it, with the date line, in the page footer:
        a place to sign on the paper that leaves the table the only thing in the cells (a
        data person loads it as it is), and the page's number over the maker's title. Bold
        and italic are switched by &B and &I: Excel takes at most 255 characters a footer."""
        hint = f"&I{self.t('tpl_rf_signature')}&I"
        page = self.t("rep_page", page="&P", pages="&N")  # over the left title: the two level
        sections = {"left": f"{page}\n&B{self.t('rep_sign_maker')}&B\n{hint}",
                    "right": f"&I{self.t('tpl_place_date')}&I\n"
                             f"&B{self.t('rep_sign_approver')}&B\n{hint}"}
        footer = _Footer()
        for where, words in sections.items():
            part = getattr(footer, where)
            part.text, part.font, part.size = words, f"{FONT},Regular", 11
        ws.HeaderFooter.oddFooter = footer
        ws.page_margins.bottom, ws.page_margins.footer = FOOTER_INCHES, SIGNING_INCHES

    @staticmethod
    def table(ws, name: str, columns: int, last: int) -> None:
        """Make the block from the header row (7) to ``last`` an Excel table named ``name``
        (a ListObject, so that pandas, Power Query or ``ws.tables`` find it); its columns
        are named by the header row."""
        table = Table(displayName=name, ref=f"A7:{get_column_letter(columns)}{max(last, 8)}",
                      tableStyleInfo=TableStyleInfo(name="TableStyleLight1",
                                                    showRowStripes=False))
        table._initialise_columns()
        for column in table.tableColumns:
            column.name = ws.cell(7, column.id).value
        ws.add_table(table)

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

    def rows(self, ws, table: str, count: int, rows: Iterable[Sequence[Any]],
             widths: Sequence[float], wrap_cols: Sequence[int] = (),
             marked: Callable[[Sequence[Any]], bool] | None = None,
             centred: Sequence[int] = (), lines: int = 1, none: str = "rep_no_rows") -> int:
        """The rows of ``ws``'s table ``table`` from row 8: ``count`` of them, written when
        the workbook is saved (``xlsx_rows``), texts wrapped in ``wrap_cols`` with the row as
        tall as they need and at least ``lines`` lines (rows of even height where most
        texts take that many), or centred in ``centred``, a ``marked`` row in red; returns
        the last row. Without rows, the message ``none`` says so above the table: a printed
        page is never an empty one."""
        looks = {red: [{k: look_id(ws, **self._look(col in wrap_cols, k, red, col in centred))
                        for k in KINDS} for col in range(1, len(widths) + 1)]
                 for red in ((False, True) if marked else (False,))}

        def looks_of(values: Sequence[Any]) -> list[dict[str, int]]:
            return looks[bool(marked and marked(values))]

        least = text_height("", 1, size=10) * lines if lines > 1 else 0
        widths = [ws.column_dimensions[get_column_letter(n)].width  # as widened by ``sheet``
                  for n in range(1, len(widths) + 1)]

        def height(values: Sequence[Any]) -> float | None:  # None: the default, 15 points
            needed = max((text_height(values[col - 1], widths[col - 1], size=10)
                          for col in wrap_cols if isinstance(values[col - 1], str)),
                         default=0)
            needed = max(needed, least)
            return needed if needed > 15 else None

        if not count:
            style_cell(ws, 6, 1, self.t(none), italic=True)
        block = Rows(8, count, len(widths), rows, looks_of, height)
        self.streams[ws.title] = block
        self.table(ws, table, len(widths), block.last)
        return block.last

    @staticmethod
    def _look(wrap: bool, kind: str, red: bool, centred: bool = False) -> dict[str, Any]:
        """A table cell's look: boxed, 10 points; texts left (wrapped where asked) unless
        ``centred``, numbers centred, decimals without needless zeros, dates as
        day/month/year."""
        align = None if wrap or (kind == "text" and not centred) else "center"
        fmt = {"decimal": "0.##", "date": "dd/mm/yyyy"}.get(kind)
        if kind == "date" and wrap:
            align = "left"
        return {"box": True, "wrap": wrap, "size": 10, "align": align, "fmt": fmt,
                "fill": RED if red else None}

    @staticmethod
    def below(ws, chart, last: int) -> None:
        """Put ``chart`` under the table ending at row ``last``, as wide as the header, and
        print it on a page of its own after the table: whole, its plot not squeezed."""
        chart.width = CHART_WIDTH
        chart.height = max(chart.height, CHART_HEIGHT)
        last = max(last, 8)
        ws.row_breaks.append(Break(id=last))
        ws.add_chart(chart, f"A{last + 2}")
        if last - 7 <= ONE_PAGE_ROWS:  # the table on one page: no header row over the chart
            ws.print_title_rows = None

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
        self.quarter()
        self.quarters()
        self.decisions()
        self.quota()
        return self.wb

    def summary(self) -> None:
        f, s = self.f, self.f["summary"]
        widths = [44, 12, 12, 70]  # a figure's number, date or words, each in its column
        ws = self.sheet("rep_sheet_summary", "rep_title", widths,
                        [self.t(k) for k in ("rep_col_item", "rep_col_value",
                                             "rep_col_value_date", "rep_col_value_text")])
        q = f["quarter_summary"]
        due = _date(f["quarter_due"])
        figures = [("rep_month", month_line(f, self.lang)),
                   ("rep_expected", s["expected"]), ("rep_received", s["received"]),
                   ("rep_on_time", s["on_time"]), ("rep_missing", s["missing"]),
                   ("rep_rejected_files", s["rejected_files"]), ("rep_four_good", s["four_good"]),
                   ("rep_four_good_percent", s["four_good_percent"]),
                   ("rep_files_found", f["files_found"]), ("rep_deadline", _date(f["deadline"])),
                   ("rep_quarter", quarter_line(f, self.lang)),
                   ("rep_quarter_rated", q["rated"] if f["quarter"] else None),
                   ("rep_quarter_on_time", q["on_time"] if f["quarter"] else None),
                   ("rep_quarter_due", due),
                   *[(f"rep_steps_{step}", f["decision_steps"][period][step],
                      {"period": self.period(period)})
                     for period in f["decision_steps"] for step in ("proposed", "appraised",
                                                                    "decided")]]

        def typed(value: Any) -> tuple[Any, Any, Any]:  # (number, date, text)
            if isinstance(value, date):
                return None, value, None
            return (None, None, value) if isinstance(value, str) else (value, None, None)

        self.rows(ws, "TongHop", len(figures),
                  ((self.t(code, month=f["month"], **(extra[0] if extra else {})),
                    *typed(value)) for code, value, *extra in figures), widths,
                  wrap_cols=(1, 4))

    def breakdown(self, code: str, title_code: str, head_code: str, first_width: float,
                  rows: list[tuple[str, Mapping[str, Any]]], table: str):
        """Units expected, reported and Four-good by some grouping (a name per row); returns
        the sheet and its last row."""
        widths = [first_width, 16, 16, 18, 18]
        ws = self.sheet(code, title_code, widths,
                        [self.t(k) for k in (head_code, "rep_expected", "rep_received",
                                             "rep_four_good", "rep_four_good_percent")])
        last = self.rows(ws, table, len(rows),
                         ((name, v["expected"], v["received"], v["four_good"], v["percent"])
                          for name, v in rows), widths, wrap_cols=(1,))
        return ws, last

    def by_type(self) -> None:
        self.breakdown("rep_sheet_by_type", "rep_title_by_type", "rep_col_type", 30,
                       [(TYPE_TITLES[k][self.lang], v) for k, v in self.f["by_type"].items()],
                       "TheoLoai")

    def by_parent(self) -> None:
        ws, last = self.breakdown("rep_sheet_by_parent", "rep_title_by_parent",
                                  "rep_col_parent", 40,
                                  [(p["name"], p) for p in self.f["by_parent"]], "TheoCapTren")
        chart = _in_document_font(BarChart())
        chart.type = "bar"
        chart.title = self.t("rep_chart_parent")
        chart.y_axis.title = self.t("rep_chart_units")
        chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=7, max_row=max(last, 8)),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=8, max_row=max(last, 8)))
        chart.y_axis.scaling.min = 0
        chart.height = min(CHART_PAGE, max(CHART_HEIGHT, 0.6 * len(self.f["by_parent"]) + 3))
        self.below(ws, chart, last)

    def units(self) -> None:
        widths = [5, 20, 30, 12, 12, 9, 9, 9, 18, 18, 11, 11, 50]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_type", "rep_col_result",
                "rep_col_points", "rep_col_criteria_met", "rep_col_achieved", "rep_col_rating",
                "rep_col_rating_decided", "rep_col_recognized", "rep_col_recognized_decided",
                "rep_col_gaps"]
        ws = self.sheet("rep_sheet_units", "rep_title_units", widths, [self.t(k) for k in keys])
        results = {"complete": None, "incomplete": self.t("tpl_status_incomplete"),
                   "blank": self.t("rep_not_reported"), "missing": self.t("rep_not_reported")}
        met, not_met = self.t("label_met"), self.t("label_not_met")
        yes, no = self.t("label_yes"), self.t("label_no")

        def row(n: int, u: Mapping[str, Any]) -> tuple:
            result = results[u["status"]] or (met if u["four_good"] else not_met)
            total = u["total"] if u["received"] else None  # points, or criteria met
            points = u["type"] == "chi-bo"
            return (n, u["unit"], u["name"], TYPE_TITLES[u["type"]][self.lang], result,
                    total if points else None, None if points else total, u["achieved"],
                    self.title(u["rating_title"]), self.title(u["rating_decided_title"]),
                    yes if u["eligible"] else no, self.yes_no(u["recognized_decided"]),
                    " ".join(g[self.lang] for g in u["gaps"]))

        units = self.f["units"]
        last = self.rows(ws, "DonVi", len(units), (row(n, u) for n, u in enumerate(units, 1)),
                         widths, wrap_cols=(3, 9, 10, 13), lines=2)  # most gaps: two lines
        cells = f"E8:E{max(last, 8)}"
        for word, fill in ((self.t("label_met"), GREEN), (self.t("label_not_met"), RED),
                           (self.t("tpl_status_incomplete"), AMBER),
                           (self.t("rep_not_reported"), AMBER)):
            ws.conditional_formatting.add(cells, FormulaRule(formula=[f'E8="{word}"'], fill=fill))

    def files(self) -> None:
        widths = [5, 44, 22, 12, 14, 30, 36, 60]
        keys = ["rep_col_no", "rep_col_file", "rep_col_id", "rep_col_received_at",
                "rep_col_state", "rep_col_sender", "rep_col_signature", "rep_col_warnings"]
        ws = self.sheet("rep_sheet_files", "rep_title_files", widths, [self.t(k) for k in keys])
        accepted = self.f["accepted"]

        def state(a: Mapping[str, Any]) -> str:  # an old copy resent is said as such
            return self.t("rep_current" if a["current"] else "rep_old_copy" if any(
                m.get("code") == "warn_old_copy" for m in a["messages"]) else "rep_superseded")

        self.rows(ws, "TepDaNhan", len(accepted),
                  ((n, a["file"], a["unit"], _date(a["received_at"]), state(a), a["sender"],
                    self.signature(a["signature"]),
                    " ".join(m[self.lang] for m in a["messages"]))
                   for n, a in enumerate(accepted, 1)), widths, wrap_cols=(2, 6, 7, 8))

    def signature(self, facts: dict | None) -> str | None:
        """What is known of a signed message's signature (provenance, never verified)."""
        if not facts:
            return None
        if facts.get("parses") and facts.get("signer"):
            return self.t("signature_parses", signer=facts["signer"])
        return self.t("signature_broken")

    def weak(self) -> None:
        widths = [34, 10, 60, 16, 16, 12]
        keys = ["rep_col_framework", "rep_col_criterion", "rep_col_name", "rep_col_failed",
                "rep_col_assessed", "rep_col_percent"]
        ws = self.sheet("rep_sheet_weak", "rep_title_weak", widths, [self.t(k) for k in keys])
        weak = self.f["weak_criteria"]
        self.rows(ws, "TieuChiYeu", len(weak),
                  ((self.title(w["framework_title"]), w["number"], self.title(w["title"]),
                    w["failed"], w["assessed"], w["percent"]) for w in weak), widths,
                  wrap_cols=(1, 3))

    def trend(self) -> None:
        widths = [12, 16, 16, 16]
        keys = ["rep_col_month", "rep_received", "rep_four_good_units", "rep_four_good_percent"]
        ws = self.sheet("rep_sheet_trend", "rep_title_trend", widths, [self.t(k) for k in keys])
        trend = self.f["trend"]
        last = self.rows(ws, "TheoThang", len(trend),
                         ((t["month"], t["received"], t["four_good"], t["percent"])
                          for t in trend), widths)
        chart = _in_document_font(LineChart())
        chart.title = self.t("rep_chart_trend")
        chart.y_axis.title = self.t("rep_chart_units")
        chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=7, max_row=last),
                       titles_from_data=True)
        for series in chart.series:
            series.smooth = False  # straight segments: a smoothed curve dips below zero
        chart.y_axis.scaling.min = 0
        chart.set_categories(Reference(ws, min_col=1, min_row=8, max_row=last))
        self.below(ws, chart, last)

    def missing(self) -> None:
        widths = [5, 26, 44, 34, 30, 44]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_parent", "rep_col_email",
                "rep_col_missing_note"]
        ws = self.sheet("rep_sheet_missing", "rep_title_missing", widths, [self.t(k) for k in keys])
        names = {p["unit"]: p["name"] for p in self.f["by_parent"]}  # every unit with units
        missing = self.f["missing_units"]
        note = lambda u: self.t("rep_missing_rejected", files="; ".join(  # noqa: E731
            u["rejected_files"])) if u.get("rejected_files") else ""
        self.rows(ws, "ChuaNop", len(missing),
                  ((n, u["unit"], u["name"], names.get(u["parent"], ""), u["email"], note(u))
                   for n, u in enumerate(missing, 1)), widths, wrap_cols=(3, 4, 6),
                  none="rep_none_missing")

    def rejected(self) -> None:
        widths = [5, 50, 88]
        keys = ["rep_col_no", "rep_col_file", "rep_col_reason"]
        ws = self.sheet("rep_sheet_rejected", "rep_title_rejected", widths,
                        [self.t(k) for k in keys])
        rejected = self.f["rejected"]
        self.rows(ws, "BiTuChoi", len(rejected),
                  ((n, r["file"], without_file(r[self.lang], r["file"]))
                   for n, r in enumerate(rejected, 1)), widths, wrap_cols=(2, 3),
                  none="rep_none_rejected")

    def recognition(self) -> None:
        widths = [5, 24, 34, 20, 20, 11, 11, 12, 14, 14]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_rating",
                "rep_col_rating_decided", "rep_col_assessed", "rep_col_achieved",
                "rep_col_recognized", "rep_col_recognized_decided", "rep_col_decision_number"]
        ws = self.sheet("rep_sheet_recognition", "rep_title_recognition", widths,
                        [self.t(k) for k in keys])
        recognition = self.f["recognition"]
        yes, no = self.t("label_yes"), self.t("label_no")
        self.rows(ws, "CongNhan", len(recognition),
                  ((n, u["unit"], u["name"], self.title(u["rating_title"]),
                    self.title(u["rating_decided_title"]), u["assessed"], u["achieved"],
                    yes if u["eligible"] else no,
                    self.yes_no(u["recognized_decided"]) or self.t("rep_not_decided"),
                    u["number"]) for n, u in enumerate(recognition, 1)), widths,
                  wrap_cols=(3, 4, 5, 9))
        if not recognition:  # said above the table, which stays empty
            style_cell(ws, 6, 1, self.t("rep_none_recognized"), italic=True)

    def period(self, key: str) -> str:
        """A quarter's or the year's name: «Quý II», «Cả năm»."""
        return self.t(f"period_q{key}" if key != "year" else "period_year")

    def level(self, p: Mapping[str, Any]) -> str:
        """A period's proposed level in words, or why there is none."""
        if p["status"] == "complete":
            return self.title(p["level_title"])
        return {"incomplete": self.t("tpl_status_incomplete"),
                "missing": self.t("rep_not_reported")}.get(p["status"],
                                                          self.t("rep_quarter_blank"))

    def quarter(self) -> None:
        """The report's quarter, unit by unit: points, proposed level, vetoes, the months'
        evidence, when it came and whether before it was due, what a higher level needs."""
        q = self.f["quarter"]
        period = self.t(f"tpl_rf_period_q{q}").upper() if q else ""
        widths = [5, 20, 30, 9, 9, 9, 18, 18, 8, 11, 12, 9, 40]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_general", "rep_col_tasks",
                "rep_col_total", "rep_col_level", "rep_col_decided", "rep_col_vetoes",
                "rep_col_evidence", "rep_col_sent", "rep_col_on_time", "rep_col_next"]
        ws = self.sheet("rep_sheet_quarter", "rep_title_quarter", widths,
                        [self.t(k) for k in keys], period=period)
        yes, no = self.t("label_yes"), self.t("label_no")
        titles = self.level_titles()

        def row(n: int, u: Mapping[str, Any]) -> tuple:
            p = u["quarters"]["periods"][str(q)]
            general, tasks = (p["criteria"] or [None, None])[:2]
            evidence = "/".join(map(str, p["evidence"])) if p.get("evidence") else None
            done = p["status"] == "complete"
            return (n, u["unit"], u["name"], general, tasks, p["total"] if done else None,
                    self.level(p), titles[self.decided(u, str(q))],
                    p["vetoes"] if done else None, evidence,
                    _date(p["received_at"]), (yes if p["on_time"] else no) if done else None,
                    " ".join(g[self.lang] for g in u["quarter_gaps"]))

        units = self.f["units"] if q else []
        self.rows(ws, "Quy", len(units), (row(n, u) for n, u in enumerate(units, 1)), widths,
                  wrap_cols=(3, 7, 8, 13), marked=lambda values: values[11] == no)
        if not q:
            style_cell(ws, 6, 1, self.t("rep_no_quarter"), italic=True)

    def quarters(self) -> None:
        """Every unit's quarters and year side by side: points and proposed level of each,
        and the notes on the year's level."""
        keys = ["1", "2", "3", "year"]
        widths = [5, 18, 26] + [7, 17, 17] * len(keys) + [34]
        heads = [self.t("rep_col_no"), self.t("rep_col_id"), self.t("rep_col_name")]
        for key in keys:
            heads += [self.t(code, period=self.period(key)) for code in (
                "rep_col_points_of", "rep_col_level_of", "rep_col_decided_of")]
        titles = self.level_titles()
        heads.append(self.t("rep_col_flags"))
        ws = self.sheet("rep_sheet_quarters", "rep_title_quarters", widths, heads)

        def row(n: int, u: Mapping[str, Any]) -> tuple:
            periods = u["quarters"]["periods"]
            cells: list[Any] = [n, u["unit"], u["name"]]
            for key in keys:
                p = periods[key]
                cells += [p["total"] if p["status"] == "complete" else None, self.level(p),
                          titles[self.decided(u, key)]]
            cells.append(" ".join(g[self.lang] for g in u["quarters"]["flags"]))
            return tuple(cells)

        units = self.f["units"]
        self.rows(ws, "QuyVaNam", len(units), (row(n, u) for n, u in enumerate(units, 1)),
                  widths, wrap_cols=(3, 5, 6, 8, 9, 11, 12, 14, 15, 16))

    def decisions(self) -> None:
        """Each unit's report quarter and year, once proposed, through the three steps
        (Regulation 366, Art. 12): proposed, appraised, decided — by whom, with the
        decision's number and date and the recognition; and a later workbook not used for a
        decided period."""
        f = self.f
        periods = ([str(f["quarter"])] if f["quarter"] else []) + ["year"]
        widths = [5, 20, 30, 10, 20, 20, 20, 13, 11, 26, 12, 16, 36]
        keys = ["rep_col_no", "rep_col_id", "rep_col_name", "rep_col_period", "rep_col_level",
                "rep_col_appraised", "rep_col_decided", "rep_col_decision_number",
                "rep_col_decision_day", "rep_col_decided_by", "rep_col_recognized_decided",
                "rep_col_step", "rep_col_after"]
        ws = self.sheet("rep_sheet_decisions", "rep_title_decisions", widths,
                        [self.t(k) for k in keys])
        names = {p["unit"]: p["name"] for p in f["by_parent"]}  # every unit with units
        after = {(a["unit"], a["period"]): a for a in f["after_decision"]}
        yes, no = self.t("label_yes"), self.t("label_no")
        titles = self.level_titles()

        def rows() -> Iterable[tuple]:  # a unit's period once it is proposed or stepped
            n = 0
            for u in f["units"]:
                for period in periods:
                    if decision_step(u, period) is None:
                        continue
                    n += 1
                    step = u["decisions"].get(period) or {}
                    p = u["quarters"]["periods"][period]
                    late = after.get((u["unit"], period))
                    recognized = step.get("recognized")
                    yield (n, u["unit"], u["name"], self.period(period), self.level(p),
                           titles.get(step.get("appraised"), ""),
                           titles.get(step.get("level"), ""), step.get("number"),
                           _date(step.get("day")), names.get(step.get("by"), step.get("by")),
                           None if recognized is None else (yes if recognized else no),
                           self.t(f"rep_step_{decision_step(u, period)}"),
                           self.t("rep_after_decision", file=late["source"],
                                  number=late["number"]) if late else None)

        count = sum(sum(counts.values()) for counts in f["decision_steps"].values())
        self.rows(ws, "ThamDinhQuyetDinh", count, rows(), widths, wrap_cols=(3, 10, 13))

    @staticmethod
    def decided(u: Mapping[str, Any], period: str) -> str | None:
        """The level decided for a unit's period and in force (None: not decided)."""
        return (u["decisions"].get(period) or {}).get("level")

    def yes_no(self, answer: bool | None) -> str | None:
        """«Có» / «Không» for a decided yes or no; None when nothing is decided."""
        return None if answer is None else self.t("label_yes" if answer else "label_no")

    def level_titles(self) -> dict[str | None, str]:
        from .framework import shipped

        return {None: "", **{lvl["id"]: lvl["title"][self.lang]
                             for lvl in shipped()["xep-loai-366"]["levels"]}}

    def quota(self) -> None:
        widths = [30, 18, 10, 9, 14, 14, 12, 12, 24, 14, 14, 12, 12]
        keys = ["rep_col_parent", "rep_col_group", "rep_col_period", "rep_col_units",
                "rep_col_quota_base", "rep_col_quota_count", "rep_col_quota_allowed",
                "rep_col_quota_ok", "rep_col_quota_basis", "rep_col_decided_base",
                "rep_col_decided_count", "rep_col_decided_allowed", "rep_col_decided_ok"]
        ws = self.sheet("rep_sheet_quota", "rep_quota_title", widths, [self.t(k) for k in keys])
        rule = self.f["quota_rule"][self.lang]  # how the most allowed is counted, in words
        ws.merge_cells(f"A6:{get_column_letter(len(widths))}6")
        style_cell(ws, 6, 1, rule, italic=True, wrap=True, size=10)
        fit_row(ws, 6, rule, sum(ws.column_dimensions[get_column_letter(n)].width
                                 for n in range(1, len(widths) + 1)), size=10)
        yes, no = self.t("label_yes"), self.t("label_no")
        quota = self.f["quota"]

        def group(q: Mapping[str, Any]) -> str:
            return TYPE_TITLES[q["group"]][self.lang] if q["group"] in TYPE_TITLES else q["group"]

        self.rows(ws, "TyLeXepLoai", len(quota),
                  ((q["parent_name"], group(q), self.period(q["period"]), q["units"], q["base"],
                    q["count"], q["allowed"], yes if q["ok"] else no,
                    self.t("rep_quota_basis", **{k: q["in_force"][k] for k in (
                        "decided", "proposed")}),
                    q["in_force"]["base"], q["in_force"]["count"], q["in_force"]["allowed"],
                    yes if q["in_force"]["ok"] else no)
                   for q in quota), widths,
                  wrap_cols=(1, 2, 9), marked=lambda values: no in (values[7], values[12]),
                  centred=(8, 13))


class _Footer(HeaderFooterItem):
    """A page footer whose line breaks are written as they are: openpyxl writes them as
    «_x000a_», which LibreOffice prints as those letters."""

    def __str__(self) -> str:
        return super().__str__().replace("_x000a_", "\n")


def _in_document_font(chart):
    """``chart`` with every text (title, axes, legend) in the document's font: a default
    text style on the chart space, which openpyxl does not offer (a subclass of an openpyxl
    chart loses its serialised fields, so the writing is wrapped instead)."""
    write = chart._write

    def written():
        tree = write()
        rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(
            latin=DrawingFont(typeface=FONT), cs=DrawingFont(typeface=FONT), sz=CHART_FONT)),
            endParaRPr=CharacterProperties())])
        after = [n for n, child in enumerate(tree) if child.tag.rsplit("}", 1)[-1] in
                 ("chart", "spPr")]
        tree.insert(after[-1] + 1, rich.to_tree("txPr"))
        return tree

    chart._write = written
    return chart


def _date(value: str | None) -> date | None:
    """The day of an ISO date or time (as the ledger keeps them), for a date cell."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def write_report(f: Mapping[str, Any], path: Path, lang: str = "vi") -> None:
    """Write the report workbook atomically (temporary file, then rename)."""
    report = Report(f, lang)
    workbook = report.build()
    workbook.properties.creator = "fourgood"
    workbook.properties.title = REPORT_MARK
    save(workbook, path, stable=False, rows=report.streams)


def write_json(f: Mapping[str, Any], path: Path) -> None:
    """Write the JSON summary atomically (as ``json.dumps(f, indent=2, sort_keys=True)``
    would, its long lists an item at a time: never whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")

    def dumps(value: Any, pad: str) -> str:
        try:  # orjson writes the same text as json, ≈ 14 times faster
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
                                ).decode("utf-8")
        except TypeError:  # what orjson refuses (an integer beyond 64 bits): json writes it
            text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
        return text.replace("\n", "\n" + pad)

    with open(tmp, "w", encoding="utf-8") as out:
        for n, key in enumerate(sorted(f)):
            out.write(("{" if n == 0 else ",") + f"\n  {json.dumps(key, ensure_ascii=False)}: ")
            value = f[key]
            if not isinstance(value, Stream) or not len(value):
                out.write(dumps(list(value) if isinstance(value, Stream) else value, "  "))
                continue
            for m, item in enumerate(value):
                out.write(("[" if m == 0 else ",") + "\n    " + dumps(item, "    "))
            out.write("\n  ]")
        out.write("\n}\n")
    os.replace(tmp, path)
