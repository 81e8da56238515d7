"""The «Hướng dẫn» sheet: steps and the source of every criterion."""
from __future__ import annotations



from ..engine import Model
from .style import (AMBER, CRIT_FILL)


class HelpSheet:

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
                           year_sheet=self.year_ws.title, results=self.res_ws.title,
                           report_form=self.form_ws.title)
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
