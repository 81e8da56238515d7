"""The «Kết quả» sheet of a unit workbook: monthly and year-end results, gaps in words."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from openpyxl.formatting.rule import FormulaRule

from .. import layout
from ..engine import Model, choice_word, short_title
from ..formulas import Ex, choose, condition, number, quote, text_expr
from .style import (CRIT_FILL, FIRST_MONTH_COL, GREEN, HEAD_ROW, MONTH_COLS, RED, YEAR, YEAR_COL)


class ResultsSheet:

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
                 year: str | None, name: str, fmt: str = "0.##", bold: bool = False,
                 wrap: bool = False) -> int:
            nonlocal row
            self.cell(ws, row, 1, label, box=True, align="center", bold=bold)
            self.cell(ws, row, 2, title, box=True, wrap=True, bold=bold)
            self.fit(ws, row, title, 44)
            self.cell(ws, row, 3, maximum, box=True, align="center", bold=bold)
            for c in MONTH_COLS:
                self.cell(ws, row, FIRST_MONTH_COL + MONTH_COLS.index(c), "=" + monthly(c),
                          box=True, align="center", fmt=fmt, bold=bold, size=10, wrap=wrap)
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
                     lambda c: choose(f"_tinh!{c}{other['band']}", ranks),
                     f"IF(COUNT(_tinh!${MONTH_COLS[0]}${other['band']}:${MONTH_COLS[-1]}"
                     f"${other['band']})=0,\"\",IF({year_ok},"  # no scored meeting: nothing
                     f"{quote(other_fw['year_rollup']['title'][self.lang])},"
                     f"{quote(self.t('label_not_met'))}))",
                     "sh_band")
            self.fit(ws, row - 1, other_fw["year_rollup"]["title"][self.lang], 16, size=10)
        res = line("", self.t("tpl_result_month"), "", lambda c: self.result_text(block, c), None,
                   "result", bold=True, wrap=True)
        self.fit(ws, res, self.t("tpl_status_incomplete"), ws.column_dimensions[MONTH_COLS[0]].width,
                 size=10)  # «Chưa đủ dữ liệu» on two lines, not over the next months
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
                 ("rating", "tpl_rating", choose(rank_cell, level_titles)),
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
        self.python_section(ws, row + 1, framework)
        ws.freeze_panes = f"D{HEAD_ROW + 1}"
        self.protect(ws)
        # the Python rows below are for the screen: an official page ends with the gaps
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}", f"A1:{YEAR}{row - 1}")

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
                                            items=Ex(self.unmet_items(crit, block, calc)))
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

    def unmet_items(self, crit: Mapping[str, Any], block: Mapping[str, Any], calc) -> str:
        """The items of a criterion not met, with their figures, as the engine words them
        («Tỷ lệ …» mới 99,5%, cần 100%): a formula joining them with «; »."""
        parts = []
        for item in crit["items"]:
            rec, title = block["items"][item["id"]], short_title(item["title"])
            if item["kind"] in ("percent", "derived"):
                words = text_expr("gap_item_percent", self.lang, title=title,
                                  actual=Ex(calc(rec["value"])), need=item["target"])
            else:
                words = text_expr("gap_item_flag", self.lang, title=title)
            parts.append(f"IF({calc(rec['flag'])}=1,\"\",{words}&\"; \")")
        joined = "&".join(parts)
        return f"LEFT({joined},MAX(0,LEN({joined})-2))"  # without the last «; »

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
                           + text_expr("gap_rating", self.lang, actual=Ex(choose(cell, titles)),
                                       need=title)
                           + "," + text_expr("gap_rating_missing", self.lang, need=title) + ")")
            else:
                continue
            pieces.append(f"IF({test},\"\",{message}&\" \")")
        joined = "&".join(pieces) if pieces else '""'
        return f"IF({recognized},{quote(self.t('tpl_nothing_missing'))},{joined})"
