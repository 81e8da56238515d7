"""The «Thẩm định, quyết định» sheet of a committee's and of the consolidation workbook:
one row per directly subordinate unit and period (quarters I–III, the year) with the unit's
proposal (filled by ``consolidate --into``), the appraisal and the decision (typed), and, to
its right on the same header row, the quota of each comparable group on the decided levels
(native formulas, red when over) under the quota rule in words.
``fourgood decide`` records what was typed in the ledger (``fourgood.decisions``).

Printed on A4 landscape: two print ranges, the columns a signer reads (``layout.
DECISION_PRINTED``) and the quota table, each ending at its last filled row (``consolidate
--into`` narrows them; a blank template prints a few rows), the header row repeated."""
from __future__ import annotations

from typing import Any, Mapping

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..engine import choice_word, quota_rule
from ..formulas import Ex, choice_test, quote, text_expr, typed_empty
from .style import AMBER, CRIT_FILL, GREEN, HEAD_ROW, INPUT_FILL, RED, fit_row, text_height

FILLED = CRIT_FILL  # what consolidate --into writes: the proposal and what is recorded
ROW_HEIGHT = 27  # a decision row as built: two lines of size 10
UNWRAPPED = ("no", "period", "points", "day")  # the decision columns shown on one line


def row_heights(values: Mapping[str, Any]) -> dict[str, list[float | None]]:
    """The height each decision row written with ``values`` (defined name -> a list, or
    row index -> value) needs for its wrapped texts, by defined name (``namedcells.write``):
    a long reason or remark grows its row instead of being cut on screen and on paper."""
    out: dict[str, list[float | None]] = {}
    for key, width, _ in layout.DECISION_COLUMNS:
        name = f"FG_DEC_{key.upper()}"
        if key in UNWRAPPED or name not in values:
            continue
        given = values[name]
        cells = dict(given) if isinstance(given, Mapping) else dict(enumerate(given))
        needed: list[float | None] = [None] * (max(cells, default=-1) + 1)
        for n, value in cells.items():
            if value not in (None, ""):
                needed[n] = max(ROW_HEIGHT, text_height(str(value), width, size=10))
        out[name] = needed
    return out


class DecisionSheet:

    def decision_sheet(self) -> None:
        ws = self.dec_ws
        ruleset = self.fws[self.spec.rulesets[0]]
        levels = [lvl["title"][self.lang] for lvl in ruleset["levels"]]
        columns = layout.DECISION_COLUMNS
        printed = get_column_letter(layout.DECISION_PRINTED)
        self.document_header(ws, "=" + text_expr("tpl_title_decisions", self.lang,
                                                 year=Ex("FG_INFO_year")),
                             layout.DECISION_PRINTED)
        ws.merge_cells(f"A6:{printed}6")
        note = self.t("tpl_dec_note")
        self.cell(ws, 6, 1, note, italic=True, wrap=True, size=10)
        self.head_row(ws, [self.t(f"tpl_dec_{key}") for key, _, _ in columns])
        fit_row(ws, 6, note, sum(w for _, w, _ in columns[:layout.DECISION_PRINTED]), size=10)
        for n, (key, width, _) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(n)].width = width
            fit_row(ws, HEAD_ROW, self.t(f"tpl_dec_{key}"), width)
        first, last = HEAD_ROW + 1, HEAD_ROW + layout.DECISION_ROWS
        col = {key: get_column_letter(n) for n, (key, _, _) in enumerate(columns, 1)}
        for r in range(first, last + 1):
            ws.row_dimensions[r].height = ROW_HEIGHT
            for n, (key, _, kind) in enumerate(columns, 1):
                value = r - HEAD_ROW if key == "no" else None
                if key == "state":
                    value = "=" + self.decision_state(col, r)
                self.cell(ws, r, n, value, box=True, size=10,
                          wrap=key not in UNWRAPPED,
                          fill=INPUT_FILL if kind == "typed" else FILLED if kind == "filled"
                          else None, unlocked=kind in ("typed", "filled"),
                          align="center" if key in ("no", "period", "points", "day",
                                                    "recognized", "rerate") else None,
                          fmt="dd/mm/yyyy" if key == "day" else "0.##")
        for key, (code, choices) in {"appraised": ("tpl_dv_choice", levels),
                                     "level": ("tpl_dv_choice", levels),
                                     "recognized": ("tpl_dv_choice", [
                                         choice_word("veto", a, self.lang) for a in (True, False)]),
                                     "rerate": ("tpl_dv_choice", [
                                         choice_word("veto", a, self.lang) for a in (True, False)])
                                     }.items():
            dv = DataValidation(type="list", formula1=quote(",".join(choices)), allow_blank=True)
            dv.error, dv.errorTitle = self.t(code, choices=", ".join(choices)), self.t("tpl_dv_title")
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{col[key]}{first}:{col[key]}{last}")
        dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73415",
                            allow_blank=True)  # 2000-01-01 .. 2100-12-31
        dv.error, dv.errorTitle = self.t("tpl_dv_date"), self.t("tpl_dv_title")
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{col['day']}{first}:{col['day']}{last}")
        for key, letter in col.items():
            if key != "no":
                self.name(f"FG_DEC_{key.upper()}", ws.title, f"{letter}{first}", f"{letter}{last}")
        self.name("FG_DEC_HEAD", ws.title, f"A{HEAD_ROW}",
                  f"{get_column_letter(len(columns))}{HEAD_ROW}")
        state = f"{col['state']}{first}:{col['state']}{last}"
        for code, fill in (("tpl_dec_state_recorded", GREEN), ("tpl_dec_state_to_record", GREEN),
                           ("tpl_dec_state_reason", RED), ("tpl_dec_state_appraise", AMBER),
                           ("tpl_dec_state_decide", AMBER)):
            ws.conditional_formatting.add(state, FormulaRule(
                formula=[f"{col['state']}{first}={quote(self.t(code))}"], fill=fill))
        quota = self.decision_quota(ws, col)
        ws.freeze_panes = f"D{first}"
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")
        ws.print_area = [f"A1:{printed}{HEAD_ROW + layout.DECISION_PRINT_BLANK}",
                         f"{quota[0]}5:{quota[1]}{HEAD_ROW + layout.DECISION_QUOTA_PRINT_BLANK}"]

    def decision_state(self, col: dict[str, str], r: int) -> str:
        """A row's step in words: not proposed, awaiting appraisal or decision, a reason needed
        (decided otherwise than proposed, or re-rated), to be recorded, recorded."""
        c = lambda key: f"${col[key]}{r}"  # noqa: E731
        yes = choice_test(c("rerate"), "veto", True)
        needs_reason = (f"AND({typed_empty(c('reason'))},OR({yes},AND(LEN({c('proposed')})>0,"
                        f"TRIM({c('level')})<>{c('proposed')})))")
        t = lambda code: quote(self.t(code))  # noqa: E731
        appraise = (f"IF(LEN({c('proposed')})=0,{t('tpl_dec_state_none')},"
                    f"{t('tpl_dec_state_appraise')})")
        return (f"IF({c('unit')}=\"\",\"\",IF({typed_empty(c('level'))},"
                f"IF({typed_empty(c('appraised'))},{appraise},"
                f"{t('tpl_dec_state_decide')}),IF({needs_reason},{t('tpl_dec_state_reason')},"
                f"IF(LEN({c('recorded')})>0,{t('tpl_dec_state_recorded')},"
                f"{t('tpl_dec_state_to_record')}))))")

    def decision_quota(self, ws, col: dict[str, str]) -> tuple[str, str]:
        """The quota of each comparable group and period on the decided levels, right of the
        decision rows on their header row: its title and rule in words above, then those
        decided from the base level up, those decided the top level, the most allowed.
        Returns its first and last column letters."""
        ruleset = self.fws[self.spec.rulesets[0]]
        quota, levels = ruleset["quota"], ruleset["levels"]
        top = next(lvl for lvl in levels if lvl["id"] == quota["level"])
        base_index = [lvl["id"] for lvl in levels].index(quota["base_at_least"])
        start = len(layout.DECISION_COLUMNS) + 2  # one narrow column apart from the decisions
        ws.column_dimensions[get_column_letter(start - 1)].width = 2
        q = {key: get_column_letter(n)
             for n, (key, _, _) in enumerate(layout.DECISION_QUOTA_COLUMNS, start)}
        first_col, last_col = q["group"], q["ok"]
        width = sum(w for _, w, _ in layout.DECISION_QUOTA_COLUMNS)
        for n, (_, w, _) in enumerate(layout.DECISION_QUOTA_COLUMNS, start):
            ws.column_dimensions[get_column_letter(n)].width = w
        ws.merge_cells(f"{first_col}5:{last_col}5")
        title = self.t("tpl_dec_quota_title", level=top["title"][self.lang])
        self.cell(ws, 5, start, title, bold=True, wrap=True, size=10)
        fit_row(ws, 5, title, width, size=10)
        ws.merge_cells(f"{first_col}6:{last_col}6")
        rule = quota_rule(ruleset).text(self.lang)
        self.cell(ws, 6, start, rule, italic=True, wrap=True, size=10)
        fit_row(ws, 6, rule, width, size=10)
        heads = [self.t(f"tpl_dq_{key}", level=levels[base_index]["title"][self.lang]
                        if key == "base" else top["title"][self.lang],
                        percent=quota["outstanding_max_percent"])
                 for key, _, _ in layout.DECISION_QUOTA_COLUMNS]
        self.head_row(ws, heads, HEAD_ROW, start)
        for head, (_, w, _) in zip(heads, layout.DECISION_QUOTA_COLUMNS):
            fit_row(ws, HEAD_ROW, head, w)
        first = HEAD_ROW + 1
        span = lambda key: (f"${col[key]}${HEAD_ROW + 1}:"  # noqa: E731
                            f"${col[key]}${HEAD_ROW + layout.DECISION_ROWS}")
        for r in range(first, first + layout.DECISION_QUOTA_ROWS):
            g, p = f"${q['group']}{r}", f"${q['period']}{r}"
            formulas = self.quota_formulas(
                [(span("group"), g), (span("period"), p)], span("level"),
                f"${q['outstanding']}{r}", f"{q['base']}{r}", f"{q['count']}{r}",
                f"{q['allowed']}{r}")
            for n, (key, _, kind) in enumerate(layout.DECISION_QUOTA_COLUMNS, start):
                formula = formulas.get(key)
                value = f"=IF({g}=\"\",\"\",{formula})" if formula else None
                self.cell(ws, r, n, value, box=True, size=10, wrap=key == "group",
                          align=None if key == "group" else "center",
                          fill=FILLED if kind == "filled" else None, unlocked=kind == "filled")
        last = first + layout.DECISION_QUOTA_ROWS - 1
        cells = f"{q['count']}{first}:{q['ok']}{last}"
        ws.conditional_formatting.add(cells, FormulaRule(
            formula=[f"${q['ok']}{first}={quote(self.t('label_no'))}"], fill=RED))
        for key, letter in q.items():
            self.name(f"FG_DQ_{key.upper()}", ws.title, f"{letter}{first}", f"{letter}{last}")
        return first_col, last_col
