"""The Python part of «Kết quả»: cells the «Xếp loại» script fills, a native check that
they still match the inputs, and cells that call the Python worksheet functions.

Without Python every cell here stays empty (the worksheet functions fall back through
IFERROR), and the native formulas above remain the one source of the live results.
"""
from __future__ import annotations

from typing import Any, Mapping

from openpyxl.formatting.rule import FormulaRule

from ..formulas import quote
from .style import (AMBER, CRIT_FILL, FIRST_MONTH_COL, GREEN, MONTH_COLS, PERIOD_COLS,
                    QUARTER_NOTES, YEAR, YEAR_COL, YEAR_COLUMN)

# Inputs whose change makes the stamped Python results stale (besides FG_M/S/Y_ names).
CHECKSUM_NAMES = ("FG_INFO_ruleset", "FG_SUB_ID", "FG_SUB_STATUS")


def udf_call(function: str, args: list[str], lang: str | None = None, slots: int = 0) -> str:
    """A worksheet-function call that shows nothing where the function is unknown (no
    add-in, or another spreadsheet). A language other than Vietnamese is passed as the
    argument after ``slots`` (empty optional arguments fill the gap)."""
    if lang not in (None, "vi"):
        args = args + ['""'] * (slots - len(args)) + [quote(lang)]
    return f"IFERROR({function}({','.join(args)}),\"\")"


class PythonSection:

    def checksum_cell(self) -> str:
        """A native checksum of every input (values, text lengths and their positions):
        the stamp keeps its value at «Xếp loại», so a later change of any input shows."""
        terms = []
        names = sorted(n for n in self.names
                       if n.startswith(("FG_M_", "FG_S_", "FG_Y_", "FG_Q_"))
                       or n in CHECKSUM_NAMES)
        for weight, name in enumerate(names, 1):
            rng = self.names[name]
            where = f"(ROW({rng})*37+COLUMN({rng}))"
            row = self.calc({"D": f"SUMPRODUCT({rng},{where})+7*SUMPRODUCT(LEN({rng})*{where})"})
            terms.append(f"{weight}*D{row}")
        row = self.calc({"D": f"ROUND({'+'.join(terms)},4)"})
        self.name("FG_C_checksum", "_tinh", f"D{row}")
        return f"_tinh!$D${row}"

    def python_section(self, ws, row: int, framework: Mapping[str, Any]) -> int:
        """The «Xếp loại» outputs, the stale-result check and the worksheet functions,
        from ``row`` down; returns the next free row."""
        checksum = self.checksum_cell()

        def heading(code: str) -> None:
            nonlocal row
            ws.merge_cells(f"A{row}:{YEAR}{row}")
            self.cell(ws, row, 1, self.t(code), bold=True, fill=CRIT_FILL, box=True, wrap=True)
            self.fit(ws, row, self.t(code), 140)
            row += 1

        def label(code: str, merge_to: str) -> None:
            ws.merge_cells(f"B{row}:{merge_to}{row}")
            self.cell(ws, row, 1, "", box=True)
            self.cell(ws, row, 2, self.t(code), box=True, wrap=True)

        def months(code: str, name: str | None, formula=None, year_name: str | None = None,
                   year_formula: str | None = None) -> None:
            """A row of twelve monthly cells (unlocked outputs, or formulas) and a year cell."""
            nonlocal row
            self.cell(ws, row, 1, "", box=True)
            ws.merge_cells(f"B{row}:C{row}")
            self.cell(ws, row, 2, self.t(code), box=True, wrap=True)
            self.fit(ws, row, self.t(code), 50)
            for m, c in enumerate(MONTH_COLS):
                value = "=" + formula(c) if formula else None
                self.cell(ws, row, FIRST_MONTH_COL + m, value, box=True, align="center",
                          size=10, fmt="0.##", unlocked=formula is None, wrap=True)
            value = "=" + year_formula if year_formula else None
            self.cell(ws, row, YEAR_COL, value, box=True, align="center", size=10, wrap=True,
                      unlocked=year_formula is None, fmt="0.##")
            if name:
                self.name(name, ws.title, f"{MONTH_COLS[0]}{row}", f"{MONTH_COLS[-1]}{row}")
            if year_name:
                self.name(year_name, ws.title, f"{YEAR}{row}")
            row += 1

        def wide(code: str, name: str, height: float, formula: str | None = None) -> int:
            """A label and one wide cell (C:P) for text."""
            nonlocal row
            self.cell(ws, row, 1, "", box=True)
            self.cell(ws, row, 2, self.t(code), box=True, wrap=True)
            ws.merge_cells(f"C{row}:{YEAR}{row}")
            self.cell(ws, row, 3, "=" + formula if formula else None, box=True, wrap=True,
                      size=10, unlocked=formula is None)
            ws.row_dimensions[row].height = height
            self.name(name, ws.title, f"C{row}")
            row += 1
            return row - 1

        def year_value(code: str, name: str, fmt: str = "0.##") -> None:
            nonlocal row
            label(code, MONTH_COLS[-1])
            self.cell(ws, row, YEAR_COL, None, box=True, align="center", size=10, wrap=True,
                      unlocked=True, fmt=fmt)
            self.name(name, ws.title, f"{YEAR}{row}")
            row += 1

        heading("tpl_py_title")
        stamped = "FG_PY_checksum"
        state = wide("tpl_py_state", "FG_PY_stale", 18,
                     f"IF({stamped}=\"\",\"\",IFERROR(IF(ABS({checksum}-{stamped})<0.000001,"
                     f"{quote(self.t('tpl_py_current'))},{quote(self.t('tpl_py_stale'))}),"
                     f"{quote(self.t('tpl_py_stale'))}))")
        cell = f"C{state}"
        for word, fill in ((self.t("tpl_py_stale"), AMBER), (self.t("tpl_py_current"), GREEN)):
            ws.conditional_formatting.add(cell, FormulaRule(formula=[f"{cell}={quote(word)}"],
                                                            fill=fill))
        months("tpl_py_total", "FG_PY_total", year_name="FG_PY_year_total")
        months("tpl_py_result", "FG_PY_result", year_name="FG_PY_recognized")
        year_value("tpl_py_rating", "FG_PY_rating")
        wide("tpl_py_check", "FG_PY_check", 45)
        wide("tpl_py_gaps", "FG_PY_gaps", 75)
        wide("tpl_py_stamp", "FG_PY_stamp", 18)
        year_value("tpl_py_checksum", "FG_PY_checksum", fmt="0.####")
        row += 1
        heading("tpl_fn_title")
        sheets = [self.udf_ranges(framework["id"])]
        sheets += [self.udf_ranges(link) for link in self.spec.linked]
        month = lambda c: [a for labels, col in sheets for a in (labels, col(c, c))]  # noqa: E731
        year = [a for labels, col in sheets for a in (labels, col(f"${MONTH_COLS[0]}",
                                                                    f"${MONTH_COLS[-1]}"))]
        months("tpl_fn_total", "FG_FN_total", lambda c: udf_call("FG_TONG_DIEM", month(c)))
        months("tpl_fn_result", "FG_FN_result",
               lambda c: udf_call("FG_XEP_LOAI", month(c), self.lang, 4),
               year_name="FG_FN_year",
               year_formula=udf_call("FG_XEP_LOAI_NAM", year[:2] + ["FG_RY_rating"] + year[2:],
                                     self.lang, 5))
        return row

    def quarter_python(self, ws, row: int) -> int:
        """The quarter sheet's Python rows from ``row`` down: the points and levels that
        «Xếp loại» writes, and the same computed by the worksheet functions (FG_DIEM_QUY,
        FG_XEP_LOAI_QUY: one column is a quarter, the four columns D:G the year)."""
        first, last = min(self.year_rows.values()), max(self.year_rows.values())
        labels = f"'{ws.title}'!$A${first}:$A${last}"
        span = lambda a, b: f"'{ws.title}'!{a}${first}:{b}${last}"  # noqa: E731
        values = {col: span(col, col) for col in PERIOD_COLS}
        values[YEAR_COLUMN] = span(f"${PERIOD_COLS[0]}", f"${YEAR_COLUMN}")
        rows = [("tpl_py_title", None), ("tpl_py_quarter_total", None),
                ("tpl_py_quarter_level", None), ("tpl_fn_title", None),
                ("tpl_fn_quarter_total",
                 lambda c: udf_call("FG_DIEM_QUY", [labels, values[c], "FG_INFO_ruleset"])),
                ("tpl_fn_quarter_level",
                 lambda c: udf_call("FG_XEP_LOAI_QUY", [labels, values[c], "FG_INFO_ruleset"],
                                    self.lang, 3))]
        names = {"tpl_py_quarter_total": "FG_PY_quarter_total",
                 "tpl_py_quarter_level": "FG_PY_quarter_level",
                 "tpl_fn_quarter_total": "FG_FN_quarter_total",
                 "tpl_fn_quarter_level": "FG_FN_quarter_level"}
        for code, formula in rows:
            if code not in names:  # a heading
                ws.merge_cells(f"A{row}:{QUARTER_NOTES}{row}")
                self.cell(ws, row, 1, self.t(code), bold=True, fill=CRIT_FILL, box=True,
                          wrap=True)
                self.fit(ws, row, self.t(code), 130)
                row += 1
                continue
            self.cell(ws, row, 1, "", box=True)
            ws.merge_cells(f"B{row}:C{row}")
            self.cell(ws, row, 2, self.t(code), box=True, wrap=True)
            for n, col in enumerate(PERIOD_COLS):
                self.cell(ws, row, 4 + n, "=" + formula(col) if formula else None, box=True,
                          align="center", size=10, fmt="0.##", unlocked=formula is None,
                          wrap=True)
            self.name(names[code], ws.title, f"{PERIOD_COLS[0]}{row}", f"{YEAR_COLUMN}{row}")
            row += 1
        return row

    def udf_ranges(self, framework_id: str):
        """A monthly sheet as worksheet-function arguments: its label column, and a function
        of the first and last month column letters giving the values between them."""
        rows = self.sheet_rows[framework_id]
        sheet = (self.main_ws if framework_id == self.spec.main else self.meet_ws).title
        first, last = min(rows.values()), rows["_total"] - 1
        return (f"'{sheet}'!$A${first}:$A${last}",
                lambda a, b: f"'{sheet}'!{a}${first}:{b}${last}")
