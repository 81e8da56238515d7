"""The hidden «_tinh» sheet: every measure compiled from the framework's conditions."""
from __future__ import annotations

from typing import Any, Callable, Mapping


from .. import layout
from ..engine import Model
from ..formulas import (all_of, choice_test, condition, count_met, number, quote, typed_count,
                        typed_empty, typed_entries, typed_filled, typed_is)
from .style import MONTH_COLS, PERIOD_COLS, QUARTER_COLS, YEAR_COLUMN, ref


class Calculation:

    def period_block(self, framework: Mapping[str, Any], sheet: str, rows: Mapping[str, int],
                     cols: list[str]) -> dict[str, Any]:
        """Hidden calculation rows of one framework over ``cols`` (months, or one column);
        returns the calc rows of its measures."""
        model = Model(framework)
        p = model.precision
        out: dict[str, Any] = {"items": {}, "ok": [], "filled": [], "crit": {}}
        item_rows: dict[str, dict[str, int]] = out["items"]
        calc = lambda f: self.calc({c: f(c) for c in cols})  # noqa: E731

        for kind, entry in layout.entries(framework):
            x = lambda c, r=rows[entry["id"]]: ref(sheet, c, r)  # noqa: E731
            rec: dict[str, int] = {}
            out["filled"].append(entry["id"])
            if kind == "points":
                step, top = number(entry["step"]), number(entry["max"])
                rec["ok"] = calc(lambda c: f"IF(ISNUMBER({x(c)}),IF(AND({x(c)}>=0,{x(c)}<={top},"
                                           f"ABS({x(c)}/{step}-ROUND({x(c)}/{step},0))<1E-9),1,0),0)")
                rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,{x(c)},0)")
                rec["score"] = rec["value"]
            elif kind in ("met", "veto"):
                choice = "veto" if kind == "veto" else "met"
                blank = typed_empty("{}") + "," if kind == "veto" else ""
                rec["ok"] = calc(lambda c: "IF(OR(" + blank.format(x(c))
                                 + choice_test(x(c), choice, True) + ","
                                 + choice_test(x(c), choice, False) + "),1,0)")
                rec["value"] = calc(lambda c: f"IF({choice_test(x(c), choice, True)},1,0)")
                rec["flag"] = rec["value"]
                top = number(entry.get("max", 0))
                rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,{top},0)")
            elif kind == "percent":
                rec["ok"] = calc(lambda c: f"IF(ISNUMBER({x(c)}),IF(AND({x(c)}>=0,{x(c)}<=1),1,0),0)")
                rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND({x(c)}*100,6),0)")
                if "target" in entry:
                    rec["flag"] = calc(lambda c: f"IF(AND({c}{rec['ok']}=1,{c}{rec['value']}>="
                                                 f"{number(entry['target'])}),1,0)")
                    top = number(entry.get("max", 0))
                    rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,{top},0)")
            item_rows[entry["id"]] = rec
            out["ok"].append(rec["ok"])
        for crit in framework["criteria"]:
            for item in crit["items"]:
                rec = {}
                if item["kind"] == "linked":
                    other = self.blocks[item["link"]["framework"]]
                    lmax = number(other["max"])
                    rec["ok"] = calc(lambda c: f"IF({c}{other['status']}=2,1,0)")
                    rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND({c}{other['total']}"
                                                  f"*{number(item['max'])}/{lmax},{p}),0)")
                    rec["score"] = rec["value"]
                elif item["kind"] == "derived":
                    col = lambda c: self.sub_range(self.sub_month_cols[MONTH_COLS.index(c)])  # noqa
                    total = typed_entries(self.sub_range('B'))
                    rec["ok"] = calc(lambda c: f"IF({total}>0,1,0)")
                    rec["value"] = calc(lambda c: f"IF({c}{rec['ok']}=1,ROUND(100*({count_met(col(c))})"
                                                  f"/{total},{p}),0)")
                    rec["flag"] = calc(lambda c: f"IF(AND({c}{rec['ok']}=1,{c}{rec['value']}>="
                                                 f"{number(item['target'])}),1,0)")
                    rec["score"] = calc(lambda c: f"IF({c}{rec['flag']}=1,"
                                                  f"{number(item.get('max', 0))},0)")
                else:
                    continue
                item_rows[item["id"]] = rec
                out["ok"].append(rec["ok"])
        # criteria, total, completeness
        met_mode = framework.get("scoring") == "met"
        for crit in framework["criteria"]:
            items = [item_rows[i["id"]] for i in crit["items"]]
            if met_mode:
                flags = ",".join("{c}" + str(r["flag"]) for r in items)
                out["crit"][crit["id"]] = calc(lambda c, f=flags: f"IF(MIN({f.format(c=c)})=1,1,0)")
            else:
                scores = ",".join("{c}" + str(r["score"]) for r in items)
                out["crit"][crit["id"]] = calc(lambda c, s=scores: f"ROUND(SUM({s.format(c=c)}),{p})")
        crit_list = ",".join("{c}" + str(r) for r in out["crit"].values())
        out["total"] = calc(lambda c: f"ROUND(SUM({crit_list.format(c=c)}),{p})")
        typed = [rows[e] for e in out["filled"]]
        linked_filled = [self.blocks[i["link"]["framework"]]["filled_row"]
                         for cr in framework["criteria"] for i in cr["items"] if i["kind"] == "linked"]
        out["filled_row"] = calc(lambda c: "+".join(
            [typed_filled([ref(sheet, c, r) for r in typed])]
            + [f"{c}{r}" for r in linked_filled]))
        oks = ",".join("{c}" + str(r) for r in out["ok"])
        n_ok = len(out["ok"])
        out["invalid"] = calc(lambda c: f"{n_ok}-SUM({oks.format(c=c)})")
        out["status"] = calc(lambda c: f"IF({c}{out['filled_row']}=0,0,IF({c}{out['invalid']}=0,2,1))")
        # vetoes
        measure = lambda c: lambda r: self.measure(out, c, r)  # noqa: E731
        crit_cells = lambda c: [f"{c}{r}" for r in out["crit"].values()]  # noqa: E731
        trig = [f"{{c}}{item_rows[v['id']]['flag']}" for v in framework.get("vetoes", [])
                if "when" not in v]
        conds = [v["when"] for v in framework.get("vetoes", []) if "when" in v]

        def veto_formula(c: str) -> str:
            parts = [t.format(c=c) for t in trig]
            for cond in conds:
                entry_id = cond["ref"].split(":", 1)[1]
                guard = f"{c}{item_rows[entry_id]['ok']}=1"
                test = condition(cond, model, measure(c))
                parts.append(f"IF(AND({guard},{test}),1,0)")
            return "+".join(parts) if parts else "0"

        out["vetoes"] = calc(veto_formula)
        out["max"] = sum(model.criterion_max(cr) for cr in framework["criteria"])
        if "achievement" in framework:
            tests = lambda c: [condition(cd, model, measure(c), crit_cells(c))  # noqa: E731
                               for cd in framework["achievement"]["conditions"]]
            out["four_good"] = calc(lambda c: f"IF({c}{out['status']}=2,IF({all_of(tests(c))},1,0),\"\")")
        if framework.get("bands"):
            bands = framework["bands"]

            def band(c: str) -> str:
                formula = "1"
                for n, b in reversed(list(enumerate(bands[:-1]))):
                    formula = f"IF({c}{out['total']}>={number(b['min'])},{len(bands) - n},{formula})"
                return f"IF({c}{out['status']}=2,{formula},\"\")"

            out["band"] = calc(band)
        if framework.get("levels"):
            out["rank"] = calc(lambda c: f"IF({c}{out['status']}=2,IF({c}{out['vetoes']}>0,1,"
                                         f"{level_chain(model, measure(c), crit_cells(c))}),\"\")")
        return out

    def measure(self, block: Mapping[str, Any], col: str, ref_: str) -> str:
        """The calc cell of a period measure in column ``col``."""
        if ref_ == "total":
            return f"{col}{block['total']}"
        if ref_ == "veto_count":
            return f"{col}{block['vetoes']}"
        kind, _, target = ref_.partition(":")
        if kind == "criterion":
            return f"{col}{block['crit'][target]}"
        return f"{col}{block['items'][target]['value']}"

    def rating_rank(self) -> str:
        """Calc cells of each ruleset (its quarters in D:F where it rates them, its year in
        G) and the selected ruleset's year rank; fills the quarter sheet's results."""
        self.rating_years: dict[str, dict[str, Any]] = {}
        for ruleset in self.spec.rulesets:
            framework = self.fws[ruleset]
            cols = PERIOD_COLS if "quarters" in framework else [YEAR_COLUMN]
            block = self.period_block(framework, self.year_ws.title, dict(self.year_rows), cols)
            self.blocks[ruleset] = block
            own = lambda key, b=block: f"_tinh!${YEAR_COLUMN}${b[key]}"  # noqa: E731
            year = {"status": own("status"), "total": own("total"), "vetoes": own("vetoes"),
                    "rank": own("rank"), "crit": {c: f"_tinh!${YEAR_COLUMN}${r}"
                                                 for c, r in block["crit"].items()}}
            if "quarters" in framework:
                year = self.rating_year_block(framework, block)
            self.rating_years[ruleset] = year
        quarterly = [r for r in self.spec.rulesets if "quarters" in self.fws[r]]
        self.rating_year = self.rating_years[quarterly[0]] if quarterly else None
        self.is_quarter_ruleset = self.select_ruleset(
            ["TRUE" if r in quarterly else "FALSE" for r in self.spec.rulesets])
        years = [self.rating_years[r] for r in self.spec.rulesets]
        row = self.calc({"D": self.select_ruleset([y["rank"] for y in years])})
        self.rating_total_cell = self.select_ruleset(
            [f"IF({y['status']}=0,\"\",{y['total']})" for y in years])
        self.name("FG_CY_rating_rank", "_tinh", f"D{row}")
        self.quarter_results()
        return f"_tinh!$D${row}"

    def quota_formulas(self, where: list[tuple[str, str]], levels_range: str, outstanding: str,
                       base: str, count: str, allowed: str,
                       otherwise: str | None = None) -> dict[str, str]:
        """A group's rating quota as native formulas (``engine.check_quota``; the allowance
        rounded as ``engine.quota_allowed``): ``where``, the (range, cell) pairs that pick the
        group's rows, whose levels are typed in ``levels_range`` (where it is empty, in
        ``otherwise``, when given); the cells of its outstanding flag, base, count and
        allowance.
        Returns the formulas of the base (rated from the base level up), the count (rated
        the top level), the allowance, the verdict, and how many are rated at all."""
        ruleset = self.fws[self.spec.rulesets[0]]
        quota, levels = ruleset["quota"], ruleset["levels"]
        top = next(lvl for lvl in levels if lvl["id"] == quota["level"])
        base_index = [lvl["id"] for lvl in levels].index(quota["base_at_least"])
        titles = lambda chosen: typed_count(  # noqa: E731
            levels_range, [t for lvl in chosen for t in lvl["title"].values()], *where,
            otherwise=otherwise)
        flag = choice_test(outstanding, "veto", True)
        pct = (f"IF({flag},{number(quota['outstanding_max_percent'])},"
               f"{number(quota['max_percent'])})")
        rounding = quota["rounding"]
        share = (f"ROUND({base}*{pct}/100,0)" if rounding["method"] == "nearest"
                 else f"INT({base}*{pct}/100)")
        if "at_least_one_from" in rounding:
            share = f"IF({base}>={number(rounding['at_least_one_from'])},MAX(1,{share}),{share})"
        return {"base": titles(levels[: base_index + 1]), "count": titles([top]),
                "allowed": share,
                "ok": f"IF({count}<={allowed},{quote(self.t('label_yes'))},"
                      f"{quote(self.t('label_no'))})",
                "rated": titles(levels)}

    def select_ruleset(self, values: list[str]) -> str:
        """The value of the ruleset chosen on «Thông tin» (``values``: one per ruleset, in
        ``spec.rulesets`` order; the first when the choice is empty or unknown)."""
        shorts = [self.fws[r]["short"] for r in self.spec.rulesets]
        formula = values[0]
        for short, value in reversed(list(zip(shorts[1:], values[1:]))):
            test = typed_is("FG_INFO_ruleset", [short["vi"], short["en"]])
            formula = f"IF({test},{value},{formula})"
        return formula

    def rating_year_block(self, framework: Mapping[str, Any], block: Mapping[str, Any]
                          ) -> dict[str, Any]:
        """The year of a ruleset that rates quarters (its own calc rows, column G): the
        points as its year rule says (the form's, or their mean with the quarters rated),
        the vetoes of the form and of every quarter, and its level (``engine.rate_year``)."""
        G = YEAR_COLUMN
        model, rule = Model(framework), framework["quarters"]["year"]
        p = model.precision
        quarters = lambda r: f"{QUARTER_COLS[0]}{r}:{QUARTER_COLS[-1]}{r}"  # noqa: E731
        status = block["status"]
        crit = {}
        for cr in framework["criteria"]:
            own = f"{G}{block['crit'][cr['id']]}"
            formula = own
            if rule["points"] == "mean":
                rated = f"COUNTIF({quarters(status)},2)"
                summed = f"SUMIF({quarters(status)},2,{quarters(block['crit'][cr['id']])})"
                formula = f"IF({G}{status}=2,ROUND(({summed}+{own})/({rated}+1),{p}),{own})"
            crit[cr["id"]] = self.calc({G: formula})
        total = self.calc({G: f"ROUND(SUM({','.join(f'{G}{r}' for r in crit.values())}),{p})"})
        vetoes = self.calc({G: f"{G}{block['vetoes']}" + (
            f"+SUM({quarters(block['vetoes'])})" if rule["quarter_vetoes"] else "")})

        def measure(ref_: str) -> str:
            if ref_ == "total":
                return f"{G}{total}"
            if ref_ == "veto_count":
                return f"{G}{vetoes}"
            kind, _, target = ref_.partition(":")
            return f"{G}{crit[target]}" if kind == "criterion" else self.measure(block, G, ref_)

        rank = self.calc({G: f"IF({G}{status}=2,IF({G}{vetoes}>0,1,"
                             f"{level_chain(model, measure, [f'{G}{r}' for r in crit.values()])}"
                             "),\"\")"})
        cell = lambda r: f"_tinh!${G}${r}"  # noqa: E731
        return {"status": cell(status), "total": cell(total), "vetoes": cell(vetoes),
                "rank": cell(rank), "crit": {c: cell(r) for c, r in crit.items()}}

    def year_measures(self, framework: Mapping[str, Any], block: Mapping[str, Any],
                      rank_cell: str | None = None) -> dict[str, str]:
        span = lambda r: f"_tinh!${MONTH_COLS[0]}${r}:${MONTH_COLS[-1]}${r}"  # noqa: E731
        out = {"periods_assessed": f"COUNTIF({span(block['status'])},2)",
               "periods_with_veto": f"COUNTIF({span(block['vetoes'])},\">0\")"}
        if "four_good" in block:
            out["periods_achieved"] = f"COUNTIF({span(block['four_good'])},1)"
        if "band" in block:
            out["min_band"] = (f"IF(COUNT({span(block['band'])})=0,\"\","
                               f"MIN({span(block['band'])}))")
            for n, band in enumerate(framework["bands"]):
                out[f"band_count:{band['id']}"] = (f"COUNTIF({span(block['band'])},"
                                                   f"{len(framework['bands']) - n})")
        if rank_cell:
            out["rating"] = rank_cell
        return out

    def year_test(self, framework: Mapping[str, Any], block: Mapping[str, Any],
                  rank_cell: str | None = None) -> str:
        measures = self.year_measures(framework, block, rank_cell)
        levels = self.fws[self.spec.rulesets[0]]["levels"]

        def rank(ref_: str, value: Any) -> int:
            order = levels if ref_ == "rating" else framework["bands"]
            ids = [e["id"] for e in order]
            return len(ids) - ids.index(value)

        return all_of([condition(c, Model(framework), lambda r: f"({measures[r]})", rank=rank)
                       for c in framework["year_rollup"]["conditions"]])


def level_chain(model: Model, measure: Callable[[str], str], criteria: list[str]) -> str:
    """The rank of the highest level whose conditions hold (the lowest, 1, otherwise):
    IF(conditions of the first level, n, IF(…, n-1, … 1)); ``criteria``: the criterion
    score cells."""
    levels = model.levels
    formula = "1"
    for n, lvl in reversed(list(enumerate(levels[:-1]))):
        test = all_of([condition(cd, model, measure, criteria) for cd in lvl["conditions"]])
        formula = f"IF({test},{len(levels) - n},{formula})"
    return formula
