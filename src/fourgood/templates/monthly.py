"""The monthly input sheets («Tự đánh giá», «Sinh hoạt»): items × T1..T12."""
from __future__ import annotations

from typing import Any, Mapping

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter

from .. import layout
from ..engine import choice_word
from ..formulas import Ex, choose, number, quote, text_expr
from .style import (AMBER, CRIT_FILL, FIRST_MONTH_COL, GREEN, HEAD_ROW, INPUT_FILL,
                    MONTH_COLS, NOTES_COL, RED)


class MonthlySheets:

    def monthly_sheet(self, ws, framework: Mapping[str, Any], role: str,
                      title_code: str) -> dict[str, int]:
        """Criteria and items as rows, months as columns; returns the row of each entry."""
        labels = layout.row_labels(framework)
        title = text_expr(title_code, self.lang, title=framework["title"][self.lang].upper(),
                          year=Ex("FG_INFO_year"))
        self.document_header(ws, "=" + title, NOTES_COL)
        widths = {"A": 6, "B": 50, "C": 7, get_column_letter(NOTES_COL): 26}
        for col, width in widths.items():
            ws.column_dimensions[col].width = width
        for col in MONTH_COLS:
            ws.column_dimensions[col].width = 6.2
        heads = [self.t("tpl_col_no"), self.t("tpl_col_content"), self.t("tpl_col_max")]
        heads += [self.t("tpl_col_month", m=m) for m in range(1, 13)] + [self.t("tpl_col_notes")]
        self.head_row(ws, heads)
        ws.row_dimensions[HEAD_ROW].height = 30
        rows: dict[str, int] = {}
        row = HEAD_ROW + 1
        met_mode = framework.get("scoring") == "met"
        for crit in framework["criteria"]:
            label = labels[crit["id"]]
            self.cell(ws, row, 1, label, bold=True, fill=CRIT_FILL, box=True, align="center")
            self.cell(ws, row, 2, crit["title"][self.lang], bold=True, fill=CRIT_FILL, box=True,
                      wrap=True)
            self.fit(ws, row, crit["title"][self.lang], widths["B"])
            self.cell(ws, row, 3, "" if met_mode else crit["max"], bold=True, fill=CRIT_FILL,
                      box=True, align="center")
            rows[crit["id"]] = row
            for col in range(FIRST_MONTH_COL, NOTES_COL + 1):
                self.cell(ws, row, col, None, bold=True, fill=CRIT_FILL, box=True, align="center",
                          fmt="0.##")
            row += 1
            for item in crit["items"]:
                rows[item["id"]] = row
                self.entry_row(ws, row, labels[item["id"]], item, item["kind"], role)
                row += 1
        if framework.get("vetoes"):
            ws.merge_cells(f"A{row}:{get_column_letter(NOTES_COL)}{row}")
            self.cell(ws, row, 1, self.t("tpl_vetoes"), bold=True, fill=CRIT_FILL, box=True)
            row += 1
            for veto in (v for v in framework["vetoes"] if "when" not in v):
                rows[veto["id"]] = row
                self.entry_row(ws, row, labels[veto["id"]], veto, "veto", role)
                row += 1
        rows["_total"] = row
        rows["_result"] = row + 1
        for r, code in ((row, "tpl_met_count" if met_mode else "tpl_total"),
                        (row + 1, "tpl_result_month")):
            ws.merge_cells(f"A{r}:C{r}")
            self.cell(ws, r, 1, self.t(code), bold=True, fill=CRIT_FILL, box=True, align="right")
            for col in range(FIRST_MONTH_COL, NOTES_COL + 1):
                self.cell(ws, r, col, None, bold=True, fill=CRIT_FILL, box=True, align="center",
                          size=9 if r == row + 1 else 11, wrap=True, fmt="0.##")
        ws.freeze_panes = f"D{HEAD_ROW + 1}"
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")
        return rows

    def entry_row(self, ws, row: int, label: str, entry: Mapping[str, Any], kind: str,
                  role: str) -> None:
        self.cell(ws, row, 1, label, box=True, align="center")
        self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True)
        top = entry.get("max", "")
        if kind == "percent":
            top = f"≥ {number(entry['target'])}%" if "target" in entry else "%"
        elif kind in ("met", "veto"):
            top = ""
        self.cell(ws, row, 3, top, box=True, align="center")
        typed = kind not in ("linked", "derived")
        fmt = "0%" if kind == "percent" else ("0.##" if kind in ("points", "linked") else None)
        for col in MONTH_COLS:
            self.cell(ws, row, FIRST_MONTH_COL + MONTH_COLS.index(col), None, box=True,
                      align="center", fill=INPUT_FILL if typed else CRIT_FILL, unlocked=typed,
                      fmt=fmt, size=10 if kind in ("met", "veto") else 11)
        self.cell(ws, row, NOTES_COL, None, box=True, wrap=True, fill=INPUT_FILL, unlocked=True)
        if typed:
            cells = f"{MONTH_COLS[0]}{row}:{MONTH_COLS[-1]}{row}"
            self.validation(ws, kind, entry, cells, f"{MONTH_COLS[0]}{row}")
            self.name(layout.input_name(role, entry["id"]), ws.title, f"{MONTH_COLS[0]}{row}",
                      f"{MONTH_COLS[-1]}{row}")
        elif kind == "linked":
            sheet = self.meet_ws.title
            ws.cell(row=row, column=2).value = (entry["title"][self.lang] + " — "
                                                + self.t("tpl_linked_note", sheet=sheet))
        self.fit(ws, row, ws.cell(row=row, column=2).value, ws.column_dimensions["B"].width)

    def sheet_results(self, ws, framework: Mapping[str, Any], rows: Mapping[str, int],
                      role: str) -> None:
        """Show criterion subtotals, linked and derived values, total and month result in an
        input sheet itself (references to the calculation rows), each row named
        ``FG_<role>T_<criterion>`` / ``_total`` / ``_result``."""
        block = self.blocks[framework["id"]]
        met_mode = framework.get("scoring") == "met"
        words = {a: choice_word("met", a, self.lang) for a in (True, False)}
        for c in MONTH_COLS:
            calc = lambda r: f"_tinh!{c}{r}"  # noqa: E731
            status = calc(block["status"])
            for crit in framework["criteria"]:
                value = calc(block["crit"][crit["id"]])
                if met_mode:
                    ws[f"{c}{rows[crit['id']]}"] = (f"=IF({status}=0,\"\",IF({value}=1,"
                                                    f"{quote(words[True])},{quote(words[False])}))")
                else:
                    ws[f"{c}{rows[crit['id']]}"] = f"=IF({status}=0,\"\",{value})"
                for item in crit["items"]:
                    if item["kind"] in ("linked", "derived"):
                        rec = block["items"][item["id"]]
                        ws[f"{c}{rows[item['id']]}"] = (f"=IF({calc(rec['ok'])}=1,"
                                                        f"{calc(rec['value'])},\"\")")
                        if item["kind"] == "derived":
                            ws[f"{c}{rows[item['id']]}"].number_format = '0.##"%"'
            ws[f"{c}{rows['_total']}"] = f"=IF({status}=0,\"\",{calc(block['total'])})"
            ws[f"{c}{rows['_result']}"] = "=" + self.result_text(block, c, framework)
        for key in [crit["id"] for crit in framework["criteria"]] + ["_total", "_result"]:
            self.name(f"FG_{role}T_{layout.safe(key.lstrip('_'))}", ws.title,
                      f"{MONTH_COLS[0]}{rows[key]}", f"{MONTH_COLS[-1]}{rows[key]}")
        self.result_formatting(ws, f"{MONTH_COLS[0]}{rows['_result']}:"
                                   f"{MONTH_COLS[-1]}{rows['_result']}")

    def result_text(self, block: Mapping[str, Any], c: str,
                    framework: Mapping[str, Any] | None = None) -> str:
        """A month's result in words: «Đạt»/«Không đạt» for an achievement rule, else the
        band (a meeting's «Tốt», «Khá», …); «Chưa đủ» while incomplete."""
        status = f"_tinh!{c}{block['status']}"
        if "four_good" in block:
            fg = f"_tinh!{c}{block['four_good']}"
            outcome = (f"IF({fg}=1,{quote(choice_word('met', True, self.lang))},"
                       f"{quote(choice_word('met', False, self.lang))})")
        else:
            bands = framework["bands"]
            outcome = choose(f"_tinh!{c}{block['band']}",
                             {len(bands) - n: b["title"][self.lang] for n, b in enumerate(bands)})
        return (f"IF({status}=0,\"\",IF({status}=1,{quote(self.t('tpl_status_incomplete'))},"
                f"{outcome}))")

    def result_formatting(self, ws, cells: str) -> None:
        first = cells.split(":")[0]
        for word, fill in ((choice_word("met", True, self.lang), GREEN),
                           (choice_word("met", False, self.lang), RED),
                           (self.t("tpl_status_incomplete"), AMBER)):
            ws.conditional_formatting.add(cells, FormulaRule(formula=[f"{first}={quote(word)}"],
                                                             fill=fill, stopIfTrue=True))
