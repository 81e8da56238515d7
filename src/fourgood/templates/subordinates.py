"""The subordinate cells (committee) or units (consolidation) sheet."""
from __future__ import annotations


from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..engine import choice_word
from ..formulas import Ex, count_met, quote, text_expr, typed_empty
from .style import CRIT_FILL, HEAD_ROW, INPUT_FILL, fit_row


class SubordinatesSheet:

    def subordinates_sheet(self) -> None:
        ws = self.subs_ws
        consolidation = self.spec.main is None
        extra = (["tpl_col_type", "tpl_col_group", "tpl_col_rating", "tpl_col_decided"]
                 if consolidation else [])
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
            widths.update({"D": 14, "E": 26, "F": 22, "G": 22})
        for col, width in widths.items():
            ws.column_dimensions[col].width = width
        for col in self.sub_month_cols:
            ws.column_dimensions[col].width = 8
        ws.column_dimensions[get_column_letter(achieved_col)].width = 11
        for n, title in enumerate(titles, start=1):  # as tall as its longest title needs
            fit_row(ws, HEAD_ROW, title, ws.column_dimensions[get_column_letter(n)].width)
        words = [choice_word("met", a, self.lang) for a in (True, False)]
        for r in range(self.sub_first_row, last_row + 1):
            ws.row_dimensions[r].height = 28  # two lines: a long name is wrapped, not cut
            self.cell(ws, r, 1, r - HEAD_ROW, box=True, align="center")
            for col in range(2, first_month + 12):
                self.cell(ws, r, col, None, box=True, fill=INPUT_FILL, unlocked=True,
                          align="center" if col >= first_month else None, size=10,
                          wrap=col == 3 or (consolidation and col in (5, 6, 7)))  # names
            span = f"{self.sub_month_cols[0]}{r}:{self.sub_month_cols[-1]}{r}"
            self.cell(ws, r, achieved_col, f"=IF({typed_empty(f'B{r}')},\"\",{count_met(span)})", box=True,
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
            for col, key in (("D", "TYPE"), ("E", "GROUP"), ("F", "RATING"), ("G", "DECIDED")):
                self.name(f"FG_SUB_{key}", ws.title, f"{col}{self.sub_first_row}",
                          f"{col}{last_row}")
            levels = [lvl["title"][self.lang] for lvl in self.fws[self.spec.rulesets[0]]["levels"]]
            dv = DataValidation(type="list", formula1=quote(",".join(levels)), allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"F{self.sub_first_row}:G{last_row}")
        ws.freeze_panes = f"D{self.sub_first_row}"
        self.protect(ws)
        # every row, to be filled by hand; consolidate --into prints only the units it lists
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}",
                         f"A1:{get_column_letter(achieved_col)}{last_row}")

    def sub_range(self, col: str) -> str:
        last = HEAD_ROW + layout.SUBORDINATE_ROWS
        return f"'{self.subs_ws.title}'!${col}${self.sub_first_row}:${col}${last}"
