"""The «Quý và năm» sheet: the quality rating's inputs and results for quarters I–III and
the year (Regulation 366: quarters rated on their own, quarter IV only within the year)."""
from __future__ import annotations

from typing import Any, Mapping

from openpyxl.formatting.rule import FormulaRule

from .. import layout
from ..engine import quarter_months
from ..formulas import Ex, choose, quote, text_expr
from .style import (AMBER, CRIT_FILL, GREEN, HEAD_ROW, INPUT_FILL, MONTH_COLS, PERIOD_COLS,
                    QUARTER_COLS, QUARTER_LAST_COL, QUARTER_NOTES, RED, YEAR_COLUMN)


class YearSheet:

    def year_sheet(self) -> None:
        """The rating form's entries as rows (the union of the rulesets' entries), one input
        column per rated quarter and one for the year, then the results of each."""
        ws = self.year_ws
        self.quarter_fws = layout.quarter_rulesets(self.spec, self.fws)
        self.document_header(ws, "=" + text_expr("tpl_title_year", self.lang,
                                                 year=Ex("FG_INFO_year")), QUARTER_LAST_COL)
        for col, width in {"A": 6, "B": 58, "C": 8, QUARTER_NOTES: 30}.items():
            ws.column_dimensions[col].width = width
        for col in PERIOD_COLS:
            ws.column_dimensions[col].width = 15
        quarters = self.fws[self.quarter_fws[0]]["quarters"] if self.quarter_fws else None
        if quarters:
            ws.merge_cells(f"A6:{QUARTER_NOTES}6")
            due = quarters["due"]
            note = self.t("tpl_quarter_note", month=due["month_of_quarter"],
                          day=due["before_day"])
            self.cell(ws, 6, 1, note, italic=True, wrap=True, size=10)
            self.fit(ws, 6, note, 150, size=10)
        heads = [self.t("tpl_col_no"), self.t("tpl_col_item"), self.t("tpl_col_max")]
        heads += [self.t(f"period_q{q}") for q in range(1, layout.QUARTERS + 1)]
        heads += [self.t("period_year"), self.t("tpl_col_notes")]
        self.head_row(ws, heads)
        row = HEAD_ROW + 1
        self.cell(ws, row, 1, "", box=True)
        self.cell(ws, row, 2, self.t("tpl_ruleset"), bold=True, box=True)
        self.cell(ws, row, 3, "", box=True)
        self.cell(ws, row, 4, "=FG_INFO_ruleset", box=True, align="center", size=10)
        ws.merge_cells(f"D{row}:{QUARTER_NOTES}{row}")
        row += 1
        self.cell(ws, row, 1, "", box=True)
        self.cell(ws, row, 2, self.t("tpl_quarter_months"), box=True, italic=True, size=10)
        self.cell(ws, row, 3, "", box=True)
        for q, col in enumerate(QUARTER_COLS, 1):
            months = quarter_months(q)
            self.cell(ws, row, 4 + q - 1, self.t("tpl_months_span", first=months[0],
                                                 last=months[-1]),
                      box=True, align="center", italic=True, size=10)
        self.cell(ws, row, 7, self.t("tpl_months_span", first=1, last=layout.MONTHS), box=True,
                  align="center", italic=True, size=10)
        self.cell(ws, row, 8, "", box=True)
        row += 1
        if quarters:
            self.cell(ws, row, 1, "", box=True)
            self.cell(ws, row, 2, self.t("tpl_quarter_due"), box=True, italic=True, size=10)
            self.cell(ws, row, 3, "", box=True)
            for q, col in enumerate(QUARTER_COLS, 1):
                month = quarter_months(q)[0] + quarters["due"]["month_of_quarter"] - 1
                day = quarters["due"]["before_day"]
                due = text_expr("tpl_due_before", self.lang, day=day, month=month,
                                year=Ex("FG_INFO_year"))
                undated = quote(self.t("tpl_due_before_day", day=day, month=month))
                self.cell(ws, row, 3 + q, f"=IF(FG_INFO_year=\"\",{undated},{due})", box=True,
                          align="center", italic=True, size=10)
            self.cell(ws, row, 7, "", box=True)
            self.cell(ws, row, 8, "", box=True)
            row += 1
        self.year_rows: dict[str, int] = {}
        quarter_ids = {entry["id"] for _, entry in layout.quarter_entries(self.spec, self.fws)}
        labels = self.rating_labels = {}
        for ruleset in self.spec.rulesets:
            for entry_id, label in layout.rating_labels(self.fws[ruleset]).items():
                labels.setdefault(entry_id, label)
        seen: set[str] = set()
        sections = [("criteria", "tpl_rating_points"), ("indicators", "tpl_indicators"),
                    ("vetoes", "tpl_year_vetoes")]
        for key, head in sections:
            entries = []
            for ruleset in self.spec.rulesets:
                for kind, entry in layout.entries(self.fws[ruleset]):
                    group = ("criteria" if any(entry in c["items"]
                                               for c in self.fws[ruleset]["criteria"])
                             else "vetoes" if kind == "veto" else "indicators")
                    if group == key and entry["id"] not in seen:
                        seen.add(entry["id"])
                        entries.append((kind, entry))
            if not entries:
                continue
            ws.merge_cells(f"A{row}:{QUARTER_NOTES}{row}")
            self.cell(ws, row, 1, self.t(head), bold=True, fill=CRIT_FILL, box=True)
            row += 1
            for kind, entry in entries:
                self.cell(ws, row, 1, labels[entry["id"]], box=True, align="center")
                self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True)
                self.fit(ws, row, entry["title"][self.lang], 58)
                top = entry.get("max", "%" if kind == "percent" else "")
                self.cell(ws, row, 3, top, box=True, align="center")
                by_quarter = entry["id"] in quarter_ids
                for col in PERIOD_COLS:
                    typed = by_quarter or col == YEAR_COLUMN
                    self.cell(ws, row, 4 + PERIOD_COLS.index(col), None if typed else "—",
                              box=True, fill=INPUT_FILL if typed else CRIT_FILL,
                              unlocked=typed, align="center",
                              fmt="0%" if kind == "percent" else "0.##",
                              size=10 if kind in ("met", "veto") else 11)
                self.cell(ws, row, 8, None, box=True, fill=INPUT_FILL, unlocked=True, wrap=True)
                first = QUARTER_COLS[0] if by_quarter else YEAR_COLUMN
                self.validation(ws, kind, entry, f"{first}{row}:{YEAR_COLUMN}{row}",
                                f"{first}{row}")
                if by_quarter:
                    self.name(layout.input_name("Q", entry["id"]), ws.title,
                              f"{QUARTER_COLS[0]}{row}", f"{QUARTER_COLS[-1]}{row}")
                self.name(layout.input_name("Y", entry["id"]), ws.title, f"{YEAR_COLUMN}{row}")
                self.year_rows[entry["id"]] = row
                row += 1
        self.year_results_row = row
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")

    def quarter_results(self) -> None:
        """The results of each quarter and of the year, below the inputs (after the
        calculation blocks exist: ``rating_rank``)."""
        ws, row = self.year_ws, self.year_results_row
        ws.merge_cells(f"A{row}:{QUARTER_NOTES}{row}")
        self.cell(ws, row, 1, self.t("tpl_quarter_results"), bold=True, fill=CRIT_FILL,
                  box=True)
        row += 1
        main = self.blocks[self.spec.main]
        words = self.rating_words()

        def line(label: str, title: str, maximum: Any, formula, name: str,
                 bold: bool = False, fmt: str = "0.##") -> int:
            nonlocal row
            self.cell(ws, row, 1, label, box=True, align="center", bold=bold)
            self.cell(ws, row, 2, title, box=True, wrap=True, bold=bold)
            self.cell(ws, row, 3, maximum, box=True, align="center", bold=bold)
            for col in PERIOD_COLS:
                self.cell(ws, row, 4 + PERIOD_COLS.index(col), "=" + formula(col), box=True,
                          align="center", bold=bold, size=10, wrap=True, fmt=fmt)
            self.cell(ws, row, 8, "", box=True)
            self.name(layout.quarter_result_name(name), ws.title, f"D{row}",
                      f"{YEAR_COLUMN}{row}")
            row += 1
            return row - 1

        first = self.fws[self.spec.rulesets[0]]
        for n, crit in enumerate(first["criteria"], 1):
            line(str(n), crit["title"][self.lang], crit["max"],
                 lambda col, c=crit["id"]: self.rating_cell(col, "crit", c), crit["id"])
        line("", self.t("tpl_total"), sum(c["max"] for c in first["criteria"]),
             lambda col: self.rating_cell(col, "total"), "total", bold=True)
        line("", self.t("tpl_vetoes_count"), "",
             lambda col: self.rating_cell(col, "vetoes"), "vetoes")
        level = line("", self.t("tpl_rating_level"), "",
                     lambda col: self.rating_cell(col, "level"), "level", bold=True)
        self.fit(ws, level, words[1], 15, size=10)
        cells = f"D{level}:{YEAR_COLUMN}{level}"
        for fill, ranks in ((GREEN, (4, 3)), (AMBER, (2,)), (RED, (1,))):
            for rank in ranks:
                word = words.get(rank)
                if word:
                    ws.conditional_formatting.add(cells, FormulaRule(
                        formula=[f"D{level}={quote(word)}"], fill=fill))
        said = self.t("tpl_quarter_evidence", title=self.fws[self.spec.main]["title"][self.lang])
        evidence = line("", said, "", lambda col: self.evidence_cell(main, col), "evidence")
        self.fit(ws, evidence, said, 58)
        ws.merge_cells(f"D{row}:{QUARTER_NOTES}{row}")
        self.cell(ws, row, 1, "", box=True)
        self.cell(ws, row, 2, self.t("tpl_year_flags"), box=True, bold=True)
        self.cell(ws, row, 3, "", box=True)
        self.cell(ws, row, 4, "=" + self.flags_text(), box=True, wrap=True, size=10)
        ws.row_dimensions[row].height = 32
        self.name(layout.result_name("rating_flags", year=True), ws.title, f"D{row}")
        ws.conditional_formatting.add(f"D{row}", FormulaRule(formula=[f"LEN(D{row})>0"],
                                                             fill=AMBER))
        ws.print_area = f"A1:{QUARTER_NOTES}{row}"  # the Python rows below are for the screen
        row += 2
        self.quarter_python(ws, row)

    def rating_words(self) -> dict[int, str]:
        levels = self.fws[self.spec.rulesets[0]]["levels"]
        return {len(levels) - n: lvl["title"][self.lang] for n, lvl in enumerate(levels)}

    def evidence_cell(self, block: Mapping[str, Any], col: str) -> str:
        """Months achieved of months assessed: a quarter's own months, or the year's."""
        if col == YEAR_COLUMN:
            months = MONTH_COLS
        else:
            q = QUARTER_COLS.index(col) + 1
            months = [MONTH_COLS[m - 1] for m in quarter_months(q)]
        span = lambda r: f"_tinh!${months[0]}${r}:${months[-1]}${r}"  # noqa: E731
        assessed = f"COUNTIF({span(block['status'])},2)"
        achieved = f"COUNTIF({span(block['four_good'])},1)"
        return f"IF({assessed}=0,\"\",{achieved}&\"/\"&{assessed})"

    def flags_text(self) -> str:
        """The year's flags in words (a warning, never a rule): the year's level above every
        rated quarter's, a quarter rated a flagged level below the year's (engine._year_flags)."""
        if not self.quarter_fws:
            return '""'
        ruleset = self.fws[self.quarter_fws[0]]
        rule, levels = ruleset["quarters"]["year"], ruleset["levels"]
        rank = lambda level: len(levels) - [lv["id"] for lv in levels].index(level)  # noqa
        titles = {rank(lv["id"]): lv["title"][self.lang] for lv in levels}
        block, year = self.blocks[ruleset["id"]], self.rating_year
        quarters = f"_tinh!D{block['rank']}:F{block['rank']}"
        pieces = []
        if rule["flag_above_every_quarter"]:
            best = f"MAX({quarters})"
            text = text_expr("flag_year_above_quarters", self.lang,
                             level=Ex(choose(year["rank"], titles)), best=Ex(choose(best, titles)))
            pieces.append(f"IF(AND(ISNUMBER({year['rank']}),COUNT({quarters})>0),"
                          f"IF({year['rank']}>{best},{text}&\" \",\"\"),\"\")")
        for q, col in enumerate(QUARTER_COLS, 1):
            for level in rule["flag_quarter_levels"]:
                text = text_expr("flag_quarter_level", self.lang, quarter=self.t(f"period_q{q}"),
                                 level=titles[rank(level)])
                pieces.append(f"IF(AND(_tinh!{col}{block['rank']}={rank(level)},"
                              f"{year['rank']}>{rank(level)}),{text}&\" \",\"\")")
        flags = "&".join(pieces) if pieces else '""'
        rated = f"AND({self.is_quarter_ruleset},ISNUMBER({year['rank']}))"  # on a year's level
        return f"IF({rated},TRIM({flags}),\"\")"

    def rating_cell(self, col: str, what: str, crit: str | None = None) -> str:
        """A result of the quarter sheet in column ``col``: a criterion's points, the total,
        the vetoes or the level, as the chosen ruleset gives them."""
        if col in QUARTER_COLS:
            if not self.quarter_fws:
                return '""'
            block = self.blocks[self.quarter_fws[0]]
            status = f"_tinh!{col}{block['status']}"
            value = {"crit": lambda: f"_tinh!{col}{block['crit'][crit]}",
                     "total": lambda: f"_tinh!{col}{block['total']}",
                     "vetoes": lambda: f"_tinh!{col}{block['vetoes']}",
                     "level": lambda: self.level_word(status, f"_tinh!{col}{block['rank']}")}[what]()
            shown = value if what == "level" else f"IF({status}=0,\"\",{value})"
            yearly = (quote(self.t("tpl_quarter_yearly")) if what == "level" else '""')
            return (f"IF({self.is_quarter_ruleset},{shown},IF(_tinh!{col}{block['filled_row']}>0,"
                    f"{yearly},\"\"))")
        values = []
        for ruleset in self.spec.rulesets:
            year = self.rating_years[ruleset]
            status = year["status"]
            value = {"crit": lambda: year["crit"][crit], "total": lambda: year["total"],
                     "vetoes": lambda: year["vetoes"],
                     "level": lambda: self.level_word(status, year["rank"])}[what]()
            values.append(value if what == "level" else f"IF({status}=0,\"\",{value})")
        return self.select_ruleset(values)

    def level_word(self, status: str, rank: str) -> str:
        return (f"IF({status}=0,\"\",IF({status}=1,{quote(self.t('tpl_status_incomplete'))},"
                f"{choose(rank, self.rating_words())}))")
