"""Assess a workbook's inputs: the strict recomputation every reader of a workbook shares.

Pure (engine and layout only), so the consolidation reader, the Excel scripts and the
worksheet functions compute a workbook's results the same way, under Pyodide too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from . import engine, layout
from .messages import text


@dataclass
class Assessment:
    """The results of one workbook's document, recomputed from its raw inputs."""

    doc: dict[str, Any]
    months: dict[str, engine.PeriodResult]
    rating: engine.PeriodResult | None  # the year's quality rating, with its quarters
    year: engine.YearResult
    rated: engine.RatedYear | None = None  # the quarters and the year of the rating

    def quarter_evidence(self, key: str) -> tuple[int, int]:
        """(months achieved, months assessed) of quarter ``key``, or of the year ("year")."""
        if key == "year":
            return self.year.periods_achieved, self.year.periods_assessed
        return engine.quarter_evidence(self.months, key)


def evaluate_months(spec: layout.TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                    doc: Mapping[str, Any]) -> dict[str, engine.PeriodResult]:
    """Every month of ``doc`` evaluated as the workbook's formulas evaluate it (strict)."""
    main, reading = frameworks[spec.main], layout.reading_for(doc)
    return {k: engine.evaluate(main, dict(v, period=v.get("period", k)), frameworks, reading)
            for k, v in doc["periods"].items()}


def assess(spec: layout.TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
           doc: dict[str, Any], months: dict[str, engine.PeriodResult] | None = None
           ) -> Assessment:
    """Months, quarters, year-end rating and year roll-up of a unit workbook's document."""
    months = months if months is not None else evaluate_months(spec, frameworks, doc)
    reading = layout.reading_for(doc)
    rated = None
    if doc.get("rating"):
        ruleset = frameworks[doc["rating"]["framework"]]
        rated = engine.rate_year(ruleset, doc["rating"], doc.get("quarters"), frameworks,
                                 strict=reading)
    rating = rated.year if rated is not None else None
    year = engine.evaluate_year(frameworks[spec.main], doc["periods"], rating=rating,
                                frameworks=frameworks, strict=reading, results=months)
    return Assessment(doc, months, rating, year, rated)


def month_word(result: engine.PeriodResult, lang: str) -> str | None:
    """A month's result as the workbook's «Kết quả tháng» formula writes it."""
    if result.status == "blank":
        return None
    if result.status == "incomplete":
        return text("tpl_status_incomplete", lang)
    return engine.choice_word("met", bool(result.four_good), lang)


def quarter_result(rated: engine.RatedYear | None, key: str) -> engine.PeriodResult | None:
    """A quarter's result (``key`` "1".."3") or the year's ("year"); None where the ruleset
    does not rate that quarter."""
    if rated is None:
        return None
    return rated.year if key == "year" else rated.quarters.get(key)


def quarter_word(frameworks: Mapping[str, Mapping[str, Any]], rated: engine.RatedYear | None,
                 key: str, lang: str) -> str | None:
    """A quarter's or the year's level as the quarter sheet's «Mức xếp loại» formula writes
    it: the level, «Chưa đủ dữ liệu», nothing for a blank period, or «chỉ xếp loại cả năm»
    where a yearly-only ruleset finds the quarter typed in."""
    result = quarter_result(rated, key)
    if result is None:
        typed = rated is not None and any(e.period == f"Q{key}" for e in rated.errors)
        return text("tpl_quarter_yearly", lang) if typed else None
    if result.status != "complete":
        return month_word(result, lang)
    levels = frameworks[result.framework]["levels"]
    return next(lvl["title"][lang] for lvl in levels if lvl["id"] == result.rating)


def quarter_total(rated: engine.RatedYear | None, key: str) -> float | None:
    """A quarter's or the year's points as the quarter sheet shows them (None: blank)."""
    result = quarter_result(rated, key)
    return None if result is None or result.status == "blank" else result.total


def cached_differences(named: Mapping[str, Any], months: Mapping[str, engine.PeriodResult],
                       lang: str, rated: engine.RatedYear | None = None,
                       frameworks: Mapping[str, Mapping[str, Any]] | None = None
                       ) -> list[tuple[str, int, Any, Any]]:
    """Cached monthly results (``FG_R_total``, ``FG_R_result``) and quarterly ones
    (``FG_RQ_total``, ``FG_RQ_level``, with ``rated`` and its ``frameworks``) that disagree with the
    recomputation, as (name, index, cached, computed): a formula overwritten by hand, or
    results saved before the inputs changed."""
    expected: list[tuple[str, int, Any]] = []
    for m, result in months.items():
        i = int(m) - 1
        expected += [("FG_R_total", i, None if result.status == "blank" else result.total),
                     ("FG_R_result", i, month_word(result, lang))]
    if rated is not None and frameworks is not None:
        for i, key in enumerate(layout.PERIODS):
            expected += [("FG_RQ_total", i, quarter_total(rated, key)),
                         ("FG_RQ_level", i, quarter_word(frameworks, rated, key, lang))]
    out = []
    for name, i, computed in expected:
        row = named.get(name)
        if not isinstance(row, list) or i >= len(row) or row[i] is None:
            continue
        cached = row[i]
        same = (abs(cached - computed) < 1e-6 if isinstance(cached, (int, float))
                and isinstance(computed, (int, float)) else cached == computed)
        if not same:
            out.append((name, i, cached, "" if computed is None else computed))
    return out
