"""The «Báo cáo tự đánh giá» sheet: the unit's printed report of a quarter or the year
(the shape of Guidance 43's form Mẫu 01, section B.I: the points …/30, …/70, …/100 and the
proposed level), under the party-document header and above the signature (Guidance 36).
Every value is a formula on the quarter sheet, chosen by one cell, so it prints from any
spreadsheet without Python."""
from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..formulas import Ex, choice_test, quote, text_expr, typed_is
from .style import INPUT_FILL, committee_formula, party_header

COLUMNS = {"A": 5, "B": 58, "C": 12, "D": 22}  # printed: A4 portrait
CHOOSER = "F"  # the period chooser, right of the printed page
BLANK = "……"


class ReportFormSheet:

    def report_form_sheet(self) -> None:
        ws, t = self.form_ws, self.t
        labels = [t(f"period_q{q}") for q in range(1, layout.QUARTERS + 1)] + [t("period_year")]
        for col, width in {**COLUMNS, "E": 3, CHOOSER: 22}.items():
            ws.column_dimensions[col].width = width
        # the chooser, outside the printed page
        self.cell(ws, 1, 6, t("tpl_rf_choose"), bold=True)
        self.cell(ws, 2, 6, labels[0], fill=INPUT_FILL, unlocked=True, box=True,
                  align="center", bold=True)
        dv = DataValidation(type="list", formula1=quote(",".join(labels)), allow_blank=False)
        dv.error = t("tpl_dv_choice", choices=", ".join(labels))
        dv.errorTitle, dv.showErrorMessage = t("tpl_dv_title"), True
        ws.add_data_validation(dv)
        dv.add(f"{CHOOSER}2")
        self.cell(ws, 3, 6, t("tpl_rf_choose_note"), italic=True, size=9)
        self.name("FG_RF_period", ws.title, f"{CHOOSER}2")
        self.cell(ws, 5, 6, t("tpl_rf_number_label"), bold=True, wrap=True)
        ws.row_dimensions[5].height = 30
        self.cell(ws, 6, 6, None, fill=INPUT_FILL, unlocked=True, box=True, align="center")
        self.name("FG_RF_number", ws.title, f"{CHOOSER}6")
        index = "FG_CF_period"
        formula = "1"
        for n, label in reversed(list(enumerate(labels[1:], 2))):
            formula = f"IF({typed_is('FG_RF_period', [label])},{n},{formula})"
        row = self.calc({"D": formula})
        self.name(index, "_tinh", f"D{row}")
        codes = [f"tpl_rf_period_q{q}" for q in range(1, layout.QUARTERS + 1)]
        period = text_expr("tpl_rf_period_year", self.lang, year=Ex("FG_INFO_year"))
        for n, code in reversed(list(enumerate(codes, 1))):
            phrase = text_expr(code, self.lang, year=Ex("FG_INFO_year"))
            period = f"IF({index}={n},{phrase},{period})"

        def pick(name: str) -> str:
            """The chosen period's value of a quarter sheet row named ``name``."""
            return f"INDEX({name},1,{index})"

        def shown(name: str) -> str:
            return f"IF({pick(name)}=\"\",{quote(BLANK)},{pick(name)})"

        issuer = "FG_INFO_unit_name"  # a committee's report is its party committee's
        issuer = committee_formula(issuer) if self.spec.subordinates else issuer
        party_header(ws, ("=UPPER(FG_INFO_parent_name)", f"=UPPER({issuer})"),
                     t("tpl_rf_title"), 4, self.lang)
        ws.merge_cells("A4:B4")  # «Số 05-BC/CB», as typed beside the page, or room for it
        typed = "TRIM(FG_RF_number)"
        number = text_expr("notice_number", self.lang, number=Ex(typed))
        self.cell(ws, 4, 1, f"=IF({typed}=\"\",{quote(t(f'tpl_rf_number_{self.spec.id}'))},"
                            f"IF(LEFT({typed},3)=\"Số \",{typed},{number}))",
                  align="center", size=12)
        ws.merge_cells("A6:D6")
        subtitle = text_expr("tpl_rf_subtitle", self.lang, period=Ex(f"UPPER({period})"))
        self.cell(ws, 6, 1, "=" + subtitle, bold=True, align="center", size=13)
        ws.row_dimensions[6].height = 20
        ws.merge_cells("A8:D8")
        intro = text_expr("tpl_rf_intro", self.lang, ruleset=Ex("FG_INFO_ruleset"),
                          unit=Ex("FG_INFO_unit_name"), period=Ex(period))
        self.cell(ws, 8, 1, "=" + intro, wrap=True, size=12)
        ws.row_dimensions[8].height = 34
        row = 10

        def heading(code: str, **params) -> None:
            nonlocal row
            ws.merge_cells(f"A{row}:D{row}")
            self.cell(ws, row, 1, t(code, **params), bold=True, size=12)
            row += 1

        def line(label: str, value: str, unit: str = "", bold: bool = False,
                 name: str | None = None) -> None:
            nonlocal row
            self.cell(ws, row, 2, label, wrap=True, bold=bold, size=12)
            self.fit(ws, row, label, COLUMNS["B"], size=12)
            self.cell(ws, row, 3, "=" + value, align="right", bold=bold, size=12, fmt="0.##")
            self.cell(ws, row, 4, unit, bold=bold, size=12)
            if name:
                self.name(name, ws.title, f"C{row}")
            row += 1

        ruleset = self.fws[self.spec.rulesets[0]]
        heading("tpl_rf_points")
        for n, crit in enumerate(ruleset["criteria"], 1):
            line(t("tpl_rf_group", n=n, title=crit["title"][self.lang]),
                 shown(layout.quarter_result_name(crit["id"])),
                 t("tpl_rf_of", max=crit["max"]), name=f"FG_RF_{layout.safe(crit['id'])}")
        line(t("tpl_rf_total"), shown(layout.quarter_result_name("total")),
             t("tpl_rf_of", max=sum(c["max"] for c in ruleset["criteria"])), bold=True,
             name="FG_RF_total")
        row += 1
        heading("tpl_rf_basis")
        for entry in ruleset.get("indicators", []):
            kind = entry["kind"]
            target = self.year_rows[entry["id"]]
            values = f"'{self.year_ws.title}'!$D${target}:$G${target}"
            value = f"INDEX({values},1,{index})"
            if kind == "percent":
                value = f"IF(ISNUMBER({value}),ROUND({value}*100,2)&\"%\",{quote(BLANK)})"
            else:
                value = f"IF({value}=\"\",{quote(BLANK)},{value})"
            line("– " + entry["title"][self.lang].replace(" (%)", ""), value)
        self.cell(ws, row, 2, "– " + t("tpl_rf_vetoes"), size=12)
        ws.merge_cells(f"C{row}:D{row}")
        self.cell(ws, row, 3, "=" + self.veto_words(index), size=12, wrap=True, align="left")
        ws.row_dimensions[row].height = 33
        row += 1
        line("– " + t("tpl_quarter_evidence", title=self.fws[self.spec.main]["title"][self.lang]),
             shown(layout.quarter_result_name("evidence")), name="FG_RF_evidence")
        row += 1
        ws.merge_cells(f"A{row}:B{row}")
        self.cell(ws, row, 1, t("tpl_rf_level"), bold=True, size=12)
        ws.merge_cells(f"C{row}:D{row}")
        self.cell(ws, row, 3, "=" + shown(layout.quarter_result_name("level")), bold=True,
                  size=12, wrap=True)
        ws.row_dimensions[row].height = 33
        self.name("FG_RF_level", ws.title, f"C{row}")
        row += 1
        ws.merge_cells(f"A{row}:D{row}")
        flags = layout.result_name("rating_flags", year=True)
        note = text_expr("tpl_rf_flags", self.lang, flags=Ex(flags))
        self.cell(ws, row, 1, f"=IF(AND({index}=4,LEN({flags})>0),{note},\"\")", italic=True,
                  wrap=True, size=11)
        ws.row_dimensions[row].height = 30
        row += 2
        sign = row
        for n, (code, bold, italic) in enumerate(((f"tpl_rf_sign_{self.spec.id}", True, False),
                                                  ("tpl_rf_secretary", True, False),
                                                  ("tpl_rf_signature", False, True))):
            ws.merge_cells(f"C{row + n}:D{row + n}")
            self.cell(ws, row + n, 3, t(code), bold=bold, italic=italic, align="center",
                      size=12 if not italic else 11)
        ws.merge_cells(f"C{row + 6}:D{row + 6}")
        self.cell(ws, row + 6, 3, "=IF(FG_INFO_secretary=\"\",\"\",FG_INFO_secretary)",
                  bold=True, align="center", size=12)
        self.cell(ws, sign, 1, t("tpl_rf_recipients"), bold=True, italic=True, size=11)
        ws.merge_cells(f"A{sign + 1}:B{sign + 1}")
        standing = committee_formula("FG_INFO_parent_name")
        self.cell(ws, sign + 1, 1, "=" + text_expr(
            "tpl_rf_to_parent", self.lang,
            parent=Ex(f"IF(TRIM(FG_INFO_parent_name)=\"\",{quote(BLANK)},{standing})")),
            size=10)
        ws.merge_cells(f"A{sign + 2}:B{sign + 2}")
        self.cell(ws, sign + 2, 1, t("tpl_rf_to_file"), size=10)
        last = row + 6
        self.protect(ws)
        ws.print_area = f"A1:D{last}"
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left, ws.page_margins.right = 0.8, 0.6
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_options.horizontalCentered = True

    def veto_words(self, index: str) -> str:
        """The vetoes recorded in the chosen period (a quarter, or the year with its
        quarters' vetoes named by quarter), or «Không có»."""
        quarters = self.fws[self.spec.rulesets[0]].get("quarters")
        yes = lambda cell: choice_test(cell, "veto", True)  # noqa: E731
        pieces = []
        for kind, entry in layout.entries(self.fws[self.spec.rulesets[0]]):
            if kind != "veto":
                continue
            target = self.year_rows[entry["id"]]
            title = quote(entry["title"][self.lang] + "; ")
            cell = f"INDEX('{self.year_ws.title}'!$D${target}:$G${target},1,{index})"
            pieces.append(f"IF({yes(cell)},{title},\"\")")
            if quarters:
                for q, col in enumerate(("D", "E", "F"), 1):
                    named = quote(f"{self.t(f'period_q{q}')}: {entry['title'][self.lang]}; ")
                    quarter = f"'{self.year_ws.title}'!${col}${target}"
                    pieces.append(f"IF(AND({index}=4,{yes(quarter)}),{named},\"\")")
        joined = "&".join(pieces)
        none = quote(self.t("tpl_rf_no_veto"))
        return f"IF(LEN({joined})=0,{none},LEFT({joined},LEN({joined})-2))"
