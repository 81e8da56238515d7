"""The «Cuối năm» sheet: year-end rating inputs."""
from __future__ import annotations



from .. import layout
from ..formulas import Ex, text_expr
from .style import (CRIT_FILL, HEAD_ROW, INPUT_FILL)


class YearSheet:

    def year_sheet(self) -> None:
        """The year-end rating inputs: the union of the rulesets' entries, one value column."""
        ws = self.year_ws
        self.document_header(ws, "=" + text_expr("tpl_title_year", self.lang,
                                                 year=Ex("FG_INFO_year")), 5)
        for col, width in {"A": 6, "B": 70, "C": 10, "D": 14, "E": 30}.items():
            ws.column_dimensions[col].width = width
        heads = ["tpl_col_no", "tpl_col_item", "tpl_col_max", "tpl_col_value", "tpl_col_notes"]
        self.head_row(ws, [self.t(h) for h in heads])
        row = HEAD_ROW + 1
        self.cell(ws, row, 1, "", box=True)
        self.cell(ws, row, 2, self.t("tpl_ruleset"), bold=True, box=True)
        self.cell(ws, row, 3, "", box=True)
        self.cell(ws, row, 4, "=FG_INFO_ruleset", box=True, align="center", wrap=True, size=10)
        ws.merge_cells(f"D{row}:E{row}")
        row += 1
        self.year_rows: dict[str, int] = {}
        seen: set[str] = set()
        sections = [("criteria", None), ("indicators", "tpl_indicators"),
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
            if head:
                ws.merge_cells(f"A{row}:E{row}")
                self.cell(ws, row, 1, self.t(head), bold=True, fill=CRIT_FILL, box=True)
                row += 1
            for n, (kind, entry) in enumerate(entries, 1):
                self.cell(ws, row, 1, n, box=True, align="center")
                self.cell(ws, row, 2, entry["title"][self.lang], box=True, wrap=True)
                self.fit(ws, row, entry["title"][self.lang], 70)
                top = entry.get("max", "%" if kind == "percent" else "")
                self.cell(ws, row, 3, top, box=True, align="center")
                self.cell(ws, row, 4, None, box=True, fill=INPUT_FILL, unlocked=True,
                          align="center", fmt="0%" if kind == "percent" else "0.##")
                self.cell(ws, row, 5, None, box=True, fill=INPUT_FILL, unlocked=True, wrap=True)
                self.validation(ws, kind, entry, f"D{row}", f"D{row}")
                self.name(layout.input_name("Y", entry["id"]), ws.title, f"D{row}")
                self.year_rows[entry["id"]] = row
                row += 1
        self.protect(ws)
        self.print_setup(ws, f"{HEAD_ROW}:{HEAD_ROW}")
