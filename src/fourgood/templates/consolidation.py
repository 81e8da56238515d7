"""The results sheet of the consolidation workbook: counts, ratings, quota."""
from __future__ import annotations


from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..engine import choice_word, quota_rule
from ..formulas import count_met, quote, typed_count, typed_entries
from .style import (CRIT_FILL, FIRST_MONTH_COL, HEAD_ROW, INPUT_FILL, MONTH_COLS, PERCENT,
                    YEAR, YEAR_COL, fit_row)


class ConsolidationSheet:

    def consolidation_results(self) -> None:
        """Results of the consolidation workbook: counts by month, ratings, quota by group."""
        ws = self.res_ws
        ruleset = self.fws[self.spec.rulesets[0]]
        self.results_frame(ws, "", self.t("tpl_col_year"), 12)
        ids = self.sub_range("B")
        row = HEAD_ROW + 1
        listed = typed_entries(ids)

        def reached(formula):  # a month no unit has reported yet shows blanks, not 0
            return lambda rng: f"IF({typed_entries(rng)}=0,\"\",{formula(rng)})"

        lines = [("expected", "tpl_subs_expected", lambda rng: listed, "0"),
                 ("reported", "tpl_subs_reported", reached(typed_entries), "0"),
                 ("achieved", "tpl_subs_achieved", reached(count_met), "0"),
                 ("percent", "tpl_subs_percent",
                  reached(lambda rng: f"IF({listed}=0,\"\","
                                      f"ROUND(100*({count_met(rng)})/{listed},2))"),
                  PERCENT)]
        for key, code, formula, fmt in lines:
            self.cell(ws, row, 1, "", box=True)
            self.cell(ws, row, 2, self.t(code), box=True, bold=key == "percent")
            self.cell(ws, row, 3, "", box=True)
            for m, c in enumerate(MONTH_COLS):
                rng = self.sub_range(self.sub_month_cols[m])
                self.cell(ws, row, FIRST_MONTH_COL + m, "=" + formula(rng), box=True,
                          align="center", size=10, fmt=fmt)
            self.name(layout.result_name(key), ws.title, f"{MONTH_COLS[0]}{row}",
                      f"{MONTH_COLS[-1]}{row}")
            row += 1
        row += 1
        ratings, decided = self.sub_range("F"), self.sub_range("G")  # decided, else proposed
        for n, lvl in enumerate(ruleset["levels"]):
            count = typed_count(decided, list(lvl["title"].values()), otherwise=ratings)
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
        ws.merge_cells(f"A{row}:{YEAR}{row}")
        rule = quota_rule(ruleset).text(self.lang)
        self.cell(ws, row, 1, rule, italic=True, wrap=True, size=10)
        fit_row(ws, row, rule, sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
                                   for c in range(1, YEAR_COL + 1)), size=10)
        row += 1
        base_level = levels[base_index]["title"][self.lang]
        # each column of the quota table spans month columns: headers on two lines at most
        cols = [("B", "B", "tpl_quota_group"), ("C", "E", "tpl_quota_outstanding"),
                ("F", "H", "tpl_quota_base"), ("I", "K", "tpl_quota_count"),
                ("L", "N", "tpl_quota_allowed"), ("O", YEAR, "tpl_quota_ok")]

        def span(first: str, last: str, r: int) -> None:
            """Merge ``first``:``last`` of row ``r``, boxed all round."""
            start, end = column_index_from_string(first), column_index_from_string(last)
            for c in range(start + 1, end + 1):
                self.cell(ws, r, c, None, box=True)
            if first != last:
                ws.merge_cells(f"{first}{r}:{last}{r}")

        for first, last, code in cols:
            label = self.t(code, level=base_level if code == "tpl_quota_base"
                           else top["title"][self.lang])
            span(first, last, row)
            self.cell(ws, row, column_index_from_string(first), label, bold=True, box=True,
                      wrap=True, align="center", size=10)
            width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in
                        range(column_index_from_string(first), column_index_from_string(last) + 1))
            fit_row(ws, row, label, width, size=10)
        row += 1
        first = row
        groups = self.sub_range("E")
        at = {"outstanding": "C", "base": "F", "count": "I", "allowed": "L", "ok": "O"}
        for _ in range(layout.QUOTA_ROWS):
            g = f"$B{row}"
            for start, last, _code in cols:
                span(start, last, row)
            self.cell(ws, row, 2, None, box=True, fill=INPUT_FILL, unlocked=True)
            self.cell(ws, row, 3, None, box=True, fill=INPUT_FILL, unlocked=True, align="center")
            formulas = self.quota_formulas([(groups, g)], decided, f"$C{row}", f"F{row}",
                                           f"I{row}", f"L{row}", otherwise=ratings)
            for key in ("base", "count", "allowed", "ok"):  # blank until a unit is rated
                self.cell(ws, row, column_index_from_string(at[key]),
                          f"=IF(OR({g}=\"\",{formulas['rated']}=0),\"\",{formulas[key]})",
                          box=True, align="center")
            row += 1
        dv = DataValidation(type="list", formula1=quote(",".join(
            choice_word("veto", a, self.lang) for a in (True, False))), allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"C{first}:C{row - 1}")
        for col, key in (("B", "GROUP"), *((at[k], k.upper()) for k in at)):
            self.name(f"FG_QUOTA_{key}", ws.title, f"{col}{first}", f"{col}{row - 1}")
        self.protect(ws)  # consolidate --into prints only the groups it lists
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}", f"A1:{YEAR}{row - 1}")
