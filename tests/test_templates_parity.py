"""Parity (docs/design.md, invariant 3): for random fills of every template, including the
edges, the native formulas recalculated by LibreOffice give the engine's numbers and results.

Each fill goes through the real ``fill`` path (named cells, zip-part editing); the engine
reads the inputs back from the filled workbook (strict, as from any received workbook).
Values are now and then typed as officers type them (``typed``): every reading of a
workbook must agree on them (docs/design.md, invariant 12; reading.py).
"""
from __future__ import annotations

import copy
import os
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import lovalues
from fourgood import assess, engine, framework as fw, layout, namedcells, templates
from fourgood.decisions import level_id
from fourgood.messages import text
from fourgood.reading import CURRENT

FILLS = int(os.environ.get("FOURGOOD_PARITY_FILLS", "200"))
FWS = {i: fw.load(i) for i in fw.shipped_ids()}
APPROX = dict(abs=1e-9)


TYPED = 0.05  # how often a value is typed as an officer may type it
ENGLISH = {"Đạt": "Met", "Không đạt": "Not met", "Có": "Yes", "Không": "No",
           **{lvl["title"]["vi"]: lvl["title"]["en"]
              for r in ("xep-loai-366", "xep-loai-124") for lvl in FWS[r]["levels"]}}


def typed(rng: random.Random, value: Any) -> Any:
    """``value``, or now and then the way an officer may type it, written as typed
    (``{"text": …}``): a choice with spaces around it, in lower or upper case, in English,
    with a non-breaking or zero-width space, decomposed (Unikey's «Unicode tổ hợp») or with
    a look-alike Ð; a number as text (a decimal comma, spaces, a per cent sign); a cell of
    spaces only, ordinary or not."""
    if value is None or isinstance(value, dict) or rng.random() >= TYPED:
        return value
    blank = [" ", "   ", "\u00a0", "\u200b"]
    if isinstance(value, str):
        forms = [value + " ", " " + value, "  " + value + "  ", value.lower(), value.upper(),
                 ENGLISH.get(value, value), " " + ENGLISH.get(value, value).lower() + " ",
                 value + "\u00a0", "\u200b" + value, unicodedata.normalize("NFD", value),
                 value.replace("Đ", "\u00d0").replace("đ", "\u00f0")]
    else:
        number = f"{value:g}"
        forms = [number, " " + number + " ", number.replace(".", ","), number + "%"]
    return {"text": rng.choice(forms + blank)}


def typed_values(rng: random.Random, values: dict[str, Any]) -> dict[str, Any]:
    return {k: typed(rng, v) for k, v in values.items()}


def points(framework_id: str) -> dict[str, dict]:
    return {i["id"]: i for c in FWS[framework_id]["criteria"] for i in c["items"]
            if i["kind"] == "points"}


def on_step(rng: random.Random, item: dict, low: float = 0.0) -> float:
    steps = int(round(item["max"] / item["step"]))
    first = int(round(low / item["step"]))
    return rng.randint(first, steps) * item["step"]


def full(framework_id: str) -> dict[str, Any]:
    return {k: v["max"] for k, v in points(framework_id).items()}


def meeting_values(rng: random.Random) -> dict[str, Any] | None:
    items = points("sinh-hoat-chi-bo")
    mode = rng.choice(["random", "random", "full", "edge90", "edge70", "edge50", "blank", "bad"])
    if mode == "blank":
        return None
    if mode == "random":
        return {k: on_step(rng, v, v["max"] / 2) for k, v in items.items()}
    values = full("sinh-hoat-chi-bo")
    if mode.startswith("edge"):
        loss = 100 - int(mode[4:]) + rng.choice([0, 0.5])  # exactly on the band edge, or just below
        for key in ("m3.3", "m3.4", "m3.1", "m3.2", "m4.1", "m4.2", "m2.1"):
            cut = min(loss, values[key])
            values[key] -= cut
            loss -= cut
    if mode == "bad":
        values[rng.choice(sorted(values))] = rng.choice([{"text": "4,5"}, "abc", 99, 0.3])
    return typed_values(rng, values)


def cell_month(rng: random.Random) -> dict[str, Any] | None:
    items = points("chi-bo-bon-tot")
    mode = rng.choice(["blank", "random", "random", "high", "full", "zero", "total90", "total89.5",
                       "crit80", "crit79", "veto", "bad", "partial"])
    if mode == "blank":
        return None
    values: dict[str, Any] = full("chi-bo-bon-tot")
    if mode == "random":
        values = {k: on_step(rng, v) for k, v in items.items()}
    elif mode == "high":
        values = {k: on_step(rng, v, v["max"] * 0.8) for k, v in items.items()}
    elif mode == "zero":
        values = {k: 0 for k in items}
    elif mode in ("total90", "total89.5"):  # every criterion >= 80%, total exactly on the edge
        values.update({"c1.1": 10, "c3.1": 7.5, "c4.1": 7.5 if mode == "total90" else 7})
    elif mode in ("crit80", "crit79"):  # criterion 2 exactly 16/20, or 15.5
        values.update({"c2.2": 1 if mode == "crit80" else 0.5})
    elif mode == "veto":
        values[rng.choice(["v-ky-luat", "v-mat-doan-ket"])] = "Có"
    elif mode == "bad":
        values[rng.choice(sorted(items))] = rng.choice([{"text": "4,5"}, "abc", 16, -1, 0.25])
    elif mode == "partial":
        del values[rng.choice(sorted(items))]
    for veto in ("v-ky-luat", "v-mat-doan-ket"):
        values.setdefault(veto, rng.choice([None, "Không", "Không", "Có"]) if mode == "random"
                          else None)
    meeting = full("sinh-hoat-chi-bo") if mode in ("full", "total90", "total89.5", "crit80",
                                                  "crit79") else meeting_values(rng)
    period: dict[str, Any] = {"values": typed_values(rng, values)}
    if meeting is not None:
        period["linked"] = {"sinh-hoat-chi-bo": {"values": meeting}}
    return period


def committee_month(rng: random.Random) -> dict[str, Any] | None:
    mode = rng.choice(["blank", "random", "all", "all", "edge", "bad", "veto"])
    if mode == "blank":
        return None
    values: dict[str, Any] = {}
    for veto in ("v-ky-luat", "v-mat-doan-ket"):  # a committee's vetoes, as a cell's
        values[veto] = ("Có" if mode == "veto" and rng.random() < 0.7 else
                        rng.choice([None, "Không", "Có"]) if mode == "random" else
                        rng.choice([None, "Không"]))
    for crit in FWS["dang-bo-co-so-bon-tot"]["criteria"]:
        for item in crit["items"]:
            if item["kind"] == "met":
                values[item["id"]] = rng.choice(["Đạt", "Không đạt"]) if mode == "random" else "Đạt"
            elif item["kind"] == "percent":
                edge = [item["target"], item["target"] - 0.01, 100, 0]
                values[item["id"]] = (rng.choice(edge) if mode == "edge" else
                                      rng.randint(0, 100) if mode == "random" else 100)
    if mode == "bad":
        values[rng.choice(sorted(values))] = rng.choice(["abc", "x", 150])
    return {"values": typed_values(rng, values)}


def rating(rng: random.Random, rulesets: tuple[str, ...]) -> dict[str, Any] | None:
    if rng.random() < 0.15:
        return None
    return {"framework": rng.choice(rulesets), "values": rating_values(rng)}


def quarters(rng: random.Random) -> dict[str, Any] | None:
    """Quarters I–III of the 366 form: blank, rated (on a level's edge), with a veto, or
    with a value the form refuses (points over 30 or 70, text)."""
    if rng.random() < 0.15:
        return None
    out = {}
    for q in ("1", "2", "3"):
        mode = rng.choice(["blank", "form", "form", "form", "veto", "over", "partial"])
        if mode == "blank":
            continue
        values = rating_values(rng)
        if mode == "veto":
            values[rng.choice(["v-mat-doan-ket", "v-suy-thoai"])] = "Có"
        elif mode == "over":
            values.update(rng.choice([{"g.1": 30.5}, {"k.1": 71}, {"g.1": {"text": "28"}}]))
        elif mode == "partial":
            values = {k: v for k, v in values.items() if rng.random() < 0.5}
        out[q] = {"values": values}
    return out


def rating_values(rng: random.Random) -> dict[str, Any]:
    """One period of a rating form, on and around the levels' edges."""
    total = rng.choice([90, 89.5, 70, 69.5, 50, 49.5, None])
    g = rng.choice([30, 25, 20]) if total is None else min(30, total)
    k = on_step(rng, points("xep-loai-366")["k.1"]) if total is None else total - g
    values: dict[str, Any] = {
        "g.1": g, "k.1": k,
        "dung-han": rng.choice([100, 100, 99, 80]), "vuot": rng.choice([30, 29, 50, 0]),
        "tre-han": rng.choice([0, 20, 21]), "hoan-thanh": rng.choice([100, 100, 95, 70, 69.99]),
        "khong-ky-luat": rng.choice(["Đạt", "Không đạt"]),
        "khac-phuc": rng.choice(["Đạt", "Không đạt"]),
    }
    for veto in ("v-cong-tac-can-bo", "v-mat-doan-ket", "v-ky-luat-nhiem-vu", "v-suy-thoai"):
        values[veto] = "Có" if rng.random() < 0.05 else rng.choice([None, "Không"])
    if rng.random() < 0.1:
        del values[rng.choice(["g.1", "dung-han", "khac-phuc"])]
    return typed_values(rng, values)


def subordinates(rng: random.Random, count: int, consolidation: bool) -> list[dict]:
    levels = [lvl["id"] for lvl in FWS["xep-loai-366"]["levels"]]
    subs = []
    for n in range(count):
        sub = {"id": f"dv-{n + 1}", "name": f"Đơn vị {n + 1}",
               "months": {str(m): typed(rng, rng.choice(["Đạt", "Đạt", "Không đạt", None]))
                          for m in range(1, 13)}}
        if consolidation:
            sub.update(type=rng.choice(["chi-bo", "dang-bo-co-so"]),
                       group=rng.choice(["xa-phuong", "co-quan", "su-nghiep"]),
                       rating=rng.choice(levels + [None]),
                       decided=rng.choice(levels + [None, None]))  # decided, else proposed
        subs.append(sub)
    return subs


def document(template_id: str, rng: random.Random) -> dict[str, Any]:
    spec = layout.TEMPLATES[template_id]
    doc: dict[str, Any] = {"info": {"unit_name": "Đơn vị thử", "parent_name": "Đảng bộ thành phố",
                                    "year": 2024}}
    if template_id == "tong-hop":
        doc["subordinates"] = subordinates(rng, rng.randint(0, layout.SUBORDINATE_ROWS), True)
        doc["quota_groups"] = [{"group": g, "outstanding": rng.random() < 0.3}
                               for g in ("xa-phuong", "co-quan", "su-nghiep", "khac")]
        return doc
    make = cell_month if template_id == "chi-bo" else committee_month
    doc["periods"] = {str(m): p for m in range(1, 13) if (p := make(rng)) is not None}
    doc["rating"] = rating(rng, spec.rulesets)
    if doc["rating"] is not None:
        doc["quarters"] = quarters(rng)
    if spec.subordinates:
        doc["subordinates"] = subordinates(rng, rng.choice([0, 1, 2, 3, 5]), False)
    return doc


PERIOD_LABELS = ["Quý I", "Quý II", "Quý III", "Cả năm"]  # the printed report's choice


def names_of(template_id: str, doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The named values ``fill`` writes for ``doc``, with the cells an officer picks from a
    list now and then typed (``typed``): the ruleset, the printed report's period, the
    consolidation's ratings and outstanding flags."""
    spec = layout.TEMPLATES[template_id]
    names = layout.document_to_names(spec, FWS, doc)
    raw = lambda value: t["text"] if isinstance(t := typed(rng, value), dict) else t  # noqa
    if spec.rulesets and spec.main:
        names["FG_RF_period"] = rng.choice(PERIOD_LABELS)
    for key in ("FG_INFO_ruleset", "FG_RF_period"):
        if key in names:
            names[key] = raw(names[key])
    for key in ("FG_SUB_RATING", "FG_SUB_DECIDED", "FG_QUOTA_OUTSTANDING"):
        if key in names:
            names[key] = [raw(v) for v in names[key]]
    return names


WORKBOOK_FILLS = 100  # of each unit template's fills, the ones the Excel side runs on


def make_fills(work: Path, lo: lovalues.LibreOffice, built: dict[str, Path], part: int = 0,
               parts: int = 1) -> list[tuple[str, Path, Path]]:
    """(template id, filled workbook, what LibreOffice computed) for ``FILLS`` random fills
    of every template (``built``: template id -> template; the first fill of each all blank);
    with ``parts``, only every ``parts``-th fill from ``part`` (each fill drawn from its own
    seed: the same fills whoever makes them). The first ``WORKBOOK_FILLS`` of each unit
    template are also saved recalculated, as a spreadsheet saves them (the Excel side and the
    consolidation read them). LibreOffice recalculates them all in memory, each template
    loaded once (``lovalues.compute``)."""
    todo = []
    for template_id, n in [(t, n) for t in layout.TEMPLATES for n in range(FILLS)][part::parts]:
        rng = random.Random(f"20241121-{template_id}-{n}")
        doc = document(template_id, rng)
        if n == 0:  # the all-blank workbook
            doc = {"info": doc["info"]}
        todo.append((template_id, n, names_of(template_id, doc, rng)))
    made, saved = [], set()
    for template_id, n, names in todo:
        path = work / "filled" / f"{template_id}-{n:03d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        namedcells.write(built[template_id], names, path)
        made.append((template_id, path))
        if template_id != "tong-hop" and n < WORKBOOK_FILLS:
            saved.add(path)
    done = lovalues.compute(lo, [(built[t], p) for t, p in made], work / "recalculated",
                            save=saved)
    return [(t, p, r) for (t, p), r in zip(made, done)]


def blank_or(value: Any) -> Any:
    return None if value == "" else value


def shown(framework: dict[str, Any], score: float) -> Any:
    """A criterion's score as the sheets show it: points, or «Đạt»/«Không đạt»."""
    if framework.get("scoring") == "met":
        return "Đạt" if score == 1 else "Không đạt"
    return pytest.approx(score, **APPROX)


def check_sheet_rows(got: dict[str, Any], role: str, framework: dict[str, Any],
                     r: engine.PeriodResult, i: int, where: str) -> None:
    """The subtotal, total and result rows of an input sheet (``FG_<role>T_…``) show the
    engine's figures for month ``i``: nothing for a blank month."""
    name = lambda key: f"FG_{role}T_{layout.safe(key)}"  # noqa: E731
    if r.status == "blank":
        keys = [c.id for c in r.criteria] + ["total", "result"]
        assert all(blank_or(got[name(k)][i]) is None for k in keys), where
        return
    assert got[name("total")][i] == pytest.approx(r.total, **APPROX), where
    for crit in r.criteria:
        assert got[name(crit.id)][i] == shown(framework, crit.score), f"{where} {crit.id}"
    if r.status == "incomplete":
        expected = text("tpl_status_incomplete")
    elif "achievement" in framework:
        expected = "Đạt" if r.four_good else "Không đạt"
    else:
        expected = next(b["title"]["vi"] for b in framework["bands"] if b["id"] == r.band)
    assert got[name("result")][i] == expected, where


def check_unit_workbook(template_id: str, filled: Path, recalculated: Path) -> None:
    spec = layout.TEMPLATES[template_id]
    doc = layout.names_to_document(spec, FWS, namedcells.read(filled))
    got = lovalues.read(recalculated)
    main = FWS[spec.main]
    met_word = {True: "Đạt", False: "Không đạt"}
    results = {}
    for m in range(1, 13):
        period = doc["periods"][str(m)]
        r = engine.evaluate(main, period, FWS, strict=True)
        results[str(m)] = period
        i = m - 1
        where = f"{filled.name} T{m}"
        status = {"blank": 0, "incomplete": 1, "complete": 2}[r.status]
        assert got["FG_C_status"][i] == status, where
        for link in spec.linked:  # the meeting sheet's own subtotals, total and result
            sub = r.linked.get(link) or engine.evaluate(
                FWS[link], period.get("linked", {}).get(link, {}), FWS, strict=True)
            check_sheet_rows(got, "S", FWS[link], sub, i, f"{where} {link}")
        check_sheet_rows(got, "M", main, r, i, where)
        if r.status == "blank":
            assert blank_or(got["FG_R_total"][i]) is None, where
            continue
        assert got["FG_R_total"][i] == pytest.approx(r.total, **APPROX), where
        for crit in r.criteria:
            cell = got[layout.result_name(crit.id)][i]
            assert cell == shown(main, crit.score), f"{where} {crit.id}"
        if main.get("vetoes"):
            assert got["FG_R_vetoes"][i] == len(r.vetoes), where
        expected_result = (text("tpl_status_incomplete") if r.status == "incomplete"
                           else met_word[bool(r.four_good)])
        assert got["FG_R_result"][i] == expected_result, where
        assert got["FG_C_four_good"][i] == ("" if r.four_good is None else int(r.four_good)) \
            or (r.four_good is None and got["FG_C_four_good"][i] is None), where
        for link in spec.linked:
            sub = r.linked.get(link) or engine.evaluate(FWS[link], period.get("linked", {}).get(link, {}),
                                                        FWS, strict=True)
            if sub.status != "blank":
                assert got["FG_R_sh_total"][i] == pytest.approx(sub.total, **APPROX), where
            bands = {b["id"]: b["title"]["vi"] for b in FWS[link]["bands"]}
            assert blank_or(got["FG_R_sh_band"][i]) == (bands.get(sub.band)), where
    ruleset_id = doc["rating"]["framework"]
    rated = engine.rate_year(FWS[ruleset_id], doc["rating"], doc.get("quarters"), FWS,
                             strict=True).year  # the year with its quarters
    year = engine.evaluate_year(main, results, rating=rated, frameworks=FWS, strict=True)
    where = f"{filled.name} year"
    assert got["FG_RY_assessed"] == year.periods_assessed, where
    assert got["FG_RY_achieved"] == year.periods_achieved, where
    assert got["FG_RY_with_veto"] == year.periods_with_veto, where
    titles = {lvl["id"]: lvl["title"]["vi"] for lvl in FWS[ruleset_id]["levels"]}
    assert blank_or(got["FG_RY_rating"]) == titles.get(rated.rating), where
    if rated.status != "blank":
        assert got["FG_RY_rating_total"] == pytest.approx(rated.total, **APPROX), where
    recognized = text("label_recognized" if year.recognized else "label_not_recognized")
    assert got["FG_RY_recognized"] == recognized, where
    if main["scoring"] == "points":
        assert blank_or(got["FG_RY_total"]) == (None if year.total is None
                                                else pytest.approx(year.total, **APPROX)), where
        for crit in year.criteria:
            cell = blank_or(got[layout.result_name(crit["id"], year=True)])
            assert cell == (None if crit["score"] is None
                            else pytest.approx(crit["score"], **APPROX)), where
    check_quarters(spec, doc, got, results, filled.name)
    for link in spec.linked:
        periods = {k: v.get("linked", {}).get(link, {}) for k, v in results.items()}
        meeting_year = engine.evaluate_year(FWS[link], periods, frameworks=FWS, strict=True)
        title = FWS[link]["year_rollup"]["title"]["vi"]
        scored = any(r.band for r in meeting_year.periods.values())  # a month with a band
        expected = title if meeting_year.recognized else ("Không đạt" if scored else None)
        assert blank_or(got["FG_RY_sh_band"]) == expected, where


def check_quarters(spec, doc: dict[str, Any], got: dict[str, Any], periods: dict[str, Any],
                   name: str) -> None:
    """The quarter sheet (each quarter and the year: points by criterion, total, vetoes,
    proposed level, months' evidence, the year's flags) and the printed report of the
    period chosen in its cell show the engine's figures."""
    a = assess.assess(spec, FWS, doc)
    rated = a.rated
    for i, key in enumerate(layout.PERIODS):
        where = f"{name} {key}"
        result = assess.quarter_result(rated, key)
        shown = result is not None and result.status != "blank"
        assert blank_or(got["FG_RQ_total"][i]) == (
            pytest.approx(result.total, **APPROX) if shown else None), where
        assert blank_or(got["FG_RQ_level"][i]) == assess.quarter_word(FWS, rated, key, "vi"), \
            where
        for n, crit in enumerate(FWS["xep-loai-366"]["criteria"]):
            assert blank_or(got[layout.quarter_result_name(crit["id"])][i]) == (
                pytest.approx(result.criteria[n].score, **APPROX) if shown else None), where
        assert blank_or(got["FG_RQ_vetoes"][i]) == (len(result.vetoes) if shown else None), where
        achieved, assessed = a.quarter_evidence(key)
        assert blank_or(got["FG_RQ_evidence"][i]) == (f"{achieved}/{assessed}" if assessed
                                                       else None), where
    flags = " ".join(f.vi for f in rated.flags) if rated else ""
    assert (got["FG_RY_rating_flags"] or "") == flags, name
    chosen = next((n for n, label in enumerate(PERIOD_LABELS)
                   if CURRENT.matches(got["FG_RF_period"], [label])), 0)
    key = layout.PERIODS[chosen]
    total = assess.quarter_total(rated, key)
    assert got["FG_RF_total"] == ("……" if total is None else pytest.approx(total, **APPROX)), name
    assert got["FG_RF_level"] == (assess.quarter_word(FWS, rated, key, "vi") or "……"), name


def check_consolidation(filled: Path, recalculated: Path) -> None:
    spec = layout.TEMPLATES["tong-hop"]
    named = namedcells.read(filled)
    doc = layout.names_to_document(spec, FWS, named)
    got = lovalues.read(recalculated)
    ruleset = FWS[spec.rulesets[0]]
    for m in range(1, 13):
        i = m - 1
        statuses = layout.subordinate_statuses(doc, m)
        share = engine.subordinate_share(statuses)
        reported = sum(1 for s in statuses if s is not None)
        assert got["FG_R_expected"][i] == share["total"], filled.name
        if not reported:  # a month no unit has reached: blank, not 0
            assert [blank_or(got[f"FG_R_{k}"][i]) for k in ("reported", "achieved", "percent")
                    ] == [None] * 3, filled.name
            continue
        assert got["FG_R_reported"][i] == reported, filled.name
        assert got["FG_R_achieved"][i] == share["achieved"], filled.name
        percent = engine.excel_round(100 * share["achieved"] / share["total"], 2) \
            if share["total"] else None
        assert blank_or(got["FG_R_percent"][i]) == (None if percent is None
                                                    else pytest.approx(percent, **APPROX))
    ratings = [level_id(ruleset, r if CURRENT.empty(d) else d, CURRENT)  # decided first
               for r, d in zip(named["FG_SUB_RATING"], named["FG_SUB_DECIDED"])]
    groups = named["FG_SUB_GROUP"]
    ids = named["FG_SUB_ID"]
    for lvl in ruleset["levels"]:
        count = sum(1 for n, r in enumerate(ratings) if r == lvl["id"] and ids[n])
        assert got[layout.result_name(f"level_{lvl['id']}", year=True)] == count
    for n, group in enumerate(got["FG_QUOTA_GROUP"]):
        if not group:
            continue
        outstanding = CURRENT.matches(named["FG_QUOTA_OUTSTANDING"][n],
                                      engine.CHOICES["veto"][True])
        members = [ratings[k] for k, g in enumerate(groups) if g == group and ids[k]]
        quota = engine.check_quota(ruleset, members, outstanding)
        shown = [got[f"FG_QUOTA_{k}"][n] for k in ("BASE", "COUNT", "ALLOWED", "OK")]
        if not any(members):  # no unit of the group rated yet: nothing to show
            assert [blank_or(v) for v in shown] == [None] * 4, f"{filled.name} {group}"
            continue
        assert shown[:3] == [quota.base, quota.count, quota.allowed], f"{filled.name} {group}"
        assert shown[3] == text("label_yes" if quota.ok else "label_no")


@pytest.mark.parametrize("template_id", list(layout.TEMPLATES))
def test_formulas_equal_the_engine_on_random_fills(fills, template_id):
    checked = 0
    for tid, filled, recalculated in fills:
        if tid != template_id:
            continue
        if tid == "tong-hop":
            check_consolidation(filled, recalculated)
        else:
            check_unit_workbook(tid, filled, recalculated)
        checked += 1
    assert checked == FILLS


def test_the_mean_roll_up_of_a_locality_is_computed_by_the_formulas_too(libreoffice, tmp_path):
    """A locality that chooses «year points = mean of the quarters and the year-end form»
    (``quarters.year.points: mean``) gets native formulas that equal the engine with its
    framework: random quarters and years recalculated by LibreOffice."""
    ruleset = copy.deepcopy(FWS["xep-loai-366"])
    ruleset["quarters"]["year"]["points"] = "mean"
    frameworks = {**FWS, ruleset["id"]: ruleset}
    spec = layout.TEMPLATES["chi-bo"]
    template = tmp_path / "chi-bo-mean.xlsx"
    templates.save(templates.build("chi-bo", frameworks=frameworks), template)
    rng = random.Random(20261202)
    made = []
    for n in range(30):
        doc = {"info": {"year": 2024},
               "rating": {"framework": ruleset["id"], "values": rating_values(rng)},
               "quarters": quarters(rng) or {}}
        path = tmp_path / "filled" / f"mean-{n:02d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        namedcells.write(template, layout.document_to_names(spec, frameworks, doc), path)
        made.append(path)
    checked = 0
    for filled, computed in zip(made, lovalues.compute(libreoffice, [(template, f) for f in made],
                                                       tmp_path / "out")):
        doc = layout.names_to_document(spec, frameworks, namedcells.read(filled))
        rated = engine.rate_year(ruleset, doc["rating"], doc["quarters"], frameworks,
                                 strict=True)
        got = lovalues.read(computed)
        year = rated.year
        assert blank_or(got["FG_RQ_total"][3]) == (
            None if year.status == "blank" else pytest.approx(year.total, **APPROX)), filled.name
        assert blank_or(got["FG_RQ_level"][3]) == assess.quarter_word(
            frameworks, rated, "year", "vi"), filled.name
        checked += year.status == "complete" and any(q.complete for q in rated.quarters.values())
    assert checked >= 5  # years averaged with rated quarters, not only the form alone
