"""The results sheet of the consolidation workbook: counts, ratings, quota."""
from __future__ import annotations


from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..engine import choice_word
from ..formulas import count_met, quote, typed_count, typed_entries
from .style import (CRIT_FILL, FIRST_MONTH_COL, HEAD_ROW, INPUT_FILL, MONTH_COLS, YEAR,
                    YEAR_COL, fit_row)


class ConsolidationSheet:

    def consolidation_results(self) -> None:
        """Results of the consolidation workbook: counts by month, ratings, quota by group."""
        ws = self.res_ws
        ruleset = self.fws[self.spec.rulesets[0]]
        self.results_frame(ws, "", self.t("tpl_col_year"), 12)
        ids = self.sub_range("B")
        row = HEAD_ROW + 1
        listed = typed_entries(ids)
        lines = [("expected", "tpl_subs_expected", lambda rng: listed),
                 ("reported", "tpl_subs_reported", typed_entries),
                 ("achieved", "tpl_subs_achieved", count_met),
                 ("percent", "tpl_subs_percent",
                  lambda rng: f"IF({listed}=0,\"\",ROUND(100*({count_met(rng)})/{listed},2))")]
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
            count = typed_count(ratings, list(lvl["title"].values()))
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
        ws.merge_cells(f"A{row}:{YEAR}{row}")
        self.cell(ws, row, 1, self.t("tpl_quota_title", level=top["title"][self.lang]), bold=True,
                  fill=CRIT_FILL, box=True)
        row += 1
        base_level = levels[base_index]["title"][self.lang]
        cols = [("B", "tpl_quota_group"), ("C", "tpl_quota_outstanding"),
                ("D", "tpl_quota_base"), ("E", "tpl_quota_count"), ("F", "tpl_quota_allowed"),
                ("G", "tpl_quota_ok")]
        ws.row_dimensions[row].height = 42
        for col, code in cols:
            label = self.t(code, level=base_level if col == "D" else top["title"][self.lang])
            self.cell(ws, row, ord(col) - 64, label, bold=True, box=True, wrap=True,
                      align="center", size=10)
            fit_row(ws, row, label, ws.column_dimensions[col].width or 8.43, size=10)
        row += 1
        first = row
        groups = self.sub_range("E")
        for _ in range(layout.QUOTA_ROWS):
            g = f"$B{row}"
            self.cell(ws, row, 2, None, box=True, fill=INPUT_FILL, unlocked=True)
            self.cell(ws, row, 3, None, box=True, fill=INPUT_FILL, unlocked=True, align="center")
            formulas = self.quota_formulas([(groups, g)], ratings, f"$C{row}", f"D{row}",
                                           f"E{row}", f"F{row}")
            for col, key in enumerate(("base", "count", "allowed", "ok"), 4):
                self.cell(ws, row, col, f"=IF({g}=\"\",\"\",{formulas[key]})", box=True,
                          align="center")
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
