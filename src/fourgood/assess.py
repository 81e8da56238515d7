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
    rating: engine.PeriodResult | None
    year: engine.YearResult


def evaluate_months(spec: layout.TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                    doc: Mapping[str, Any]) -> dict[str, engine.PeriodResult]:
    """Every month of ``doc`` evaluated as the workbook's formulas evaluate it (strict)."""
    main = frameworks[spec.main]
    return {k: engine.evaluate(main, dict(v, period=v.get("period", k)), frameworks, strict=True)
            for k, v in doc["periods"].items()}


def assess(spec: layout.TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
           doc: dict[str, Any], months: dict[str, engine.PeriodResult] | None = None
           ) -> Assessment:
    """Months, year-end rating and year roll-up of a unit workbook's document."""
    months = months if months is not None else evaluate_months(spec, frameworks, doc)
    rating = None
    if doc.get("rating"):
        ruleset = frameworks[doc["rating"]["framework"]]
        rating = engine.evaluate(ruleset, doc["rating"], frameworks, strict=True)
    year = engine.evaluate_year(frameworks[spec.main], doc["periods"], rating=rating,
                                frameworks=frameworks, strict=True, results=months)
    return Assessment(doc, months, rating, year)


def month_word(result: engine.PeriodResult, lang: str) -> str | None:
    """A month's result as the workbook's «Kết quả tháng» formula writes it."""
    if result.status == "blank":
        return None
    if result.status == "incomplete":
        return text("tpl_status_incomplete", lang)
    return engine.choice_word("met", bool(result.four_good), lang)


def cached_differences(named: Mapping[str, Any], months: Mapping[str, engine.PeriodResult],
                       lang: str) -> list[tuple[str, int, Any, Any]]:
    """Cached monthly results (``FG_R_total``, ``FG_R_result``) that disagree with the
    recomputation, as (name, month index, cached, computed): a formula overwritten by hand,
    or results saved before the inputs changed."""
    out = []
    for m, result in months.items():
        i = int(m) - 1
        expected = {"FG_R_total": None if result.status == "blank" else result.total,
                    "FG_R_result": month_word(result, lang)}
        for key, computed in expected.items():
            row = named.get(key)
            if not isinstance(row, list) or i >= len(row) or row[i] is None:
                continue
            cached = row[i]
            same = (abs(cached - computed) < 1e-6 if isinstance(cached, (int, float))
                    and isinstance(computed, (int, float)) else cached == computed)
            if not same:
                out.append((key, i, cached, "" if computed is None else computed))
    return out
