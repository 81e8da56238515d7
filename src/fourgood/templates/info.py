"""The «Thông tin» sheet: the unit's identification."""
from __future__ import annotations


from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..formulas import quote
from .style import (INPUT_FILL)


class InfoSheet:

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
                from ..roster import TYPE_TITLES
                c.value = TYPE_TITLES[self.spec.unit_type][self.lang]
            self.name(layout.info_name(key), ws.title, f"B{n}")
        self.protect(ws)
        self.print_setup(ws)
