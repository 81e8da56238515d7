"""Scores, classification, gaps and roll-ups.

Pure: standard library only and no I/O, so the same code runs in the CLI, in the
consolidation and inside Excel under Pyodide. A framework is the plain dict of its JSON
file (schemas/framework.schema.json); every rule is read from it, none is restated here.

Inputs of one period::

    {"period": "2024-03",
     "values": {"c1.1": 14.5, "c3.1": "4,5", "v-ky-luat": "Không", ...},
     "linked": {"sinh-hoat-chi-bo": {"values": {...}}}}

Conditions are ``{"ref", "op", "value"}``. Period refs: ``total``, ``min_criterion_ratio``,
``veto_count``, ``criterion:ID``, ``item:ID``. Year refs: ``periods_assessed``,
``periods_achieved``, ``periods_with_veto``, ``min_band``, ``band_count:BAND``, ``rating``.
``min_band`` and ``rating`` compare by rank (the first band or level is the highest).
"""
from __future__ import annotations

import dataclasses
import math
import operator
import re
from dataclasses import dataclass, field
from datetime import date as _date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Mapping, Sequence

from .errors import Problem
from .framework import per_object
from .messages import Message, Sentences, fold, msg, nfc
from .reading import CURRENT, Invalid, Reading, visible

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}
ORDINAL_REFS = ("min_band", "rating")
TITLE_CUT = 60

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_TRUE = {"đạt", "dat", "có", "co", "x", "yes", "y", "true", "met", "1", "✓"}
_FALSE = {"không đạt", "khong dat", "chưa đạt", "chua dat", "không", "khong", "no", "n",
          "false", "not met", "0"}
# The words a workbook's drop-down lists offer (both languages); in strict mode (reading a
# workbook) only these are accepted, as the workbook's own formulas accept them (reading.py).
CHOICES = {
    "met": {True: ("Đạt", "Met"), False: ("Không đạt", "Not met")},
    "veto": {True: ("Có", "Yes"), False: ("Không", "No")},
}


def excel_round(value: float, digits: int) -> float:
    """Round as Excel's ROUND does: on the value's 15 significant digits, half away from
    zero (so an average of 15.944999999999999 rounds to 15.95, as in a spreadsheet).
    Numbers of 15 digits or more before the point have no decimals left to round."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(f"{value:.15g}").quantize(quantum, rounding=ROUND_HALF_UP))


def is_blank(raw: Any) -> bool:
    """True for a value nobody filled in: None, or only ordinary spaces (reading.py)."""
    return CURRENT.empty(raw)


def parse_number(raw: Any, percent: bool = False) -> float:
    """Read a number as an officer may type it: 4.5, "4,5", " 4,5 ", "95%" (percent items)."""
    if isinstance(raw, bool):
        raise Invalid("not_a_number")
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            raise Invalid("not_a_number")
        return float(raw)
    if isinstance(raw, str):
        text = nfc(raw).strip().replace("\u00a0", "").replace(" ", "")
        if percent and text.endswith("%"):
            text = text[:-1]
        if _NUMBER.match(text):
            return float(text.replace(",", "."))
    raise Invalid("not_a_number")


def choice_word(kind: str, answer: bool, lang: str) -> str:
    """The drop-down word for ``answer`` in ``lang`` (e.g. «Đạt» / "Met")."""
    return CHOICES[kind][answer][0 if lang == "vi" else 1]


def derived_items(framework: Mapping[str, Any]) -> list[str]:
    """Ids of the items derived from subordinate units (a committee's criterion 5)."""
    return [i["id"] for c in framework["criteria"] for i in c["items"] if i["kind"] == "derived"]


def parse_flag(raw: Any) -> bool:
    """Read met / not met (or yes / no): booleans, 1/0, "Đạt", "Không đạt", "Có", "Không", "x"."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = " ".join(fold(raw).split())
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise Invalid("not_a_choice")


@dataclass
class ItemResult:
    id: str
    label: str
    kind: str
    value: float | bool | None
    score: float
    max: float
    met: bool | None = None
    share: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "label": self.label, "kind": self.kind, "value": self.value,
               "score": self.score, "max": self.max, "met": self.met}
        if self.share is not None:
            out["achieved"], out["total"] = self.share
        return out


@dataclass
class CriterionResult:
    id: str
    number: int
    title: dict[str, str]
    score: float
    max: float
    achieved: bool | None
    items: list[ItemResult]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "title": self.title, "score": self.score,
                "max": self.max, "achieved": self.achieved,
                "items": [i.to_dict() for i in self.items]}


@dataclass
class PeriodResult:
    """The result of one period (a month, a meeting or a year's rating)."""

    framework: str
    period: str | None
    status: str  # "complete", "incomplete" or "blank"
    total: float
    max: float
    criteria: list[CriterionResult]
    vetoes: list[str]
    indicators: dict[str, float | bool | None]
    four_good: bool | None = None
    band: str | None = None
    rating: str | None = None
    gaps: list[Message] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    linked: dict[str, "PeriodResult"] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "period": self.period, "status": self.status,
            "total": self.total, "max": self.max,
            "criteria": [c.to_dict() for c in self.criteria],
            "vetoes": list(self.vetoes), "indicators": dict(self.indicators),
            "four_good": self.four_good, "band": self.band, "rating": self.rating,
            "gaps": [g.to_dict() for g in self.gaps],
            "errors": [e.to_dict() for e in self.errors],
            "linked": {k: v.to_dict() for k, v in self.linked.items()},
        }


@dataclass
class YearResult:
    """Months rolled up to the year: counts, averages, recognition and its gaps."""

    framework: str
    periods: dict[str, PeriodResult]
    periods_assessed: int
    periods_achieved: int
    periods_with_veto: int
    total: float | None
    max: float
    criteria: list[dict[str, Any]]
    min_band: str | None
    rating: str | None
    recognized: bool
    gaps: list[Message]
    errors: list[Problem]

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "periods": {k: v.to_dict() for k, v in self.periods.items()},
            "periods_assessed": self.periods_assessed, "periods_achieved": self.periods_achieved,
            "periods_with_veto": self.periods_with_veto,
            "total": self.total, "max": self.max, "criteria": self.criteria,
            "min_band": self.min_band, "four_good": self.recognized, "recognized": self.recognized,
            "rating": self.rating,
            "gaps": [g.to_dict() for g in self.gaps], "errors": [e.to_dict() for e in self.errors],
        }


def _cut(text: str) -> str:
    if len(text) <= TITLE_CUT:
        return text
    cut = text[: TITLE_CUT - 1]
    if text[len(cut)] != " " and " " in cut:  # at a word's end
        cut = cut[: cut.rfind(" ")]
    if cut.count("«") > cut.count("»"):  # never leave an inner quote open
        cut = cut[: cut.rfind("«")]
    return cut.rstrip(" ,;:-—(") + "…"


def short_title(title: Mapping[str, str]) -> dict[str, str]:
    """A title cut to TITLE_CUT characters at a word's end (with «…», no quote left open),
    for texts that quote it."""
    return {lang: _cut(t) for lang, t in title.items()}


_MODELS: dict[Reading | None, dict[int, tuple[Any, "Model"]]] = {}  # by reading


def reading_of(strict: bool | Reading) -> Reading | None:
    """The reading of typed values ``strict`` asks for: a workbook's (``True``: the current
    template's; or the ``Reading`` of an older one), or None for the lenient reading of
    values given as data (``False``: «4,5», «đạt», «x» understood)."""
    return CURRENT if strict is True else (strict or None)


class Model:
    """Lookups over one framework dict (``Model.of``: built once per framework)."""

    def __init__(self, framework: Mapping[str, Any], strict: bool | Reading = False):
        self.fw = framework
        self.reading = reading_of(strict)  # a workbook's: text is not a number, only choices
        self.id: str = framework["id"]
        self.kind: str = framework["kind"]
        self.scoring: str = framework.get("scoring", "points")
        self.precision: int = framework.get("precision", 2)
        self.criteria: list[dict] = list(framework.get("criteria", []))
        self.indicators: list[dict] = list(framework.get("indicators", []))
        self.vetoes: list[dict] = list(framework.get("vetoes", []))
        self.bands: list[dict] = list(framework.get("bands", []))
        self.levels: list[dict] = list(framework.get("levels", []))
        self.labels: dict[str, str] = {}
        self.titles: dict[str, dict[str, str]] = {}
        for n, crit in enumerate(self.criteria, 1):
            self.labels[crit["id"]] = str(n)
            self.titles[crit["id"]] = crit["title"]
            for j, item in enumerate(crit["items"], 1):
                self.labels[item["id"]] = f"{n}.{j}"
                self.titles[item["id"]] = item["title"]
        for entry in self.indicators + self.vetoes:
            self.titles[entry["id"]] = entry["title"]
        self.derived = frozenset(i["id"] for c in self.criteria for i in c["items"]
                                 if i.get("kind") == "derived")
        self._shown: dict[str, dict[str, str]] = {}
        self._untyped: dict[int, tuple[Any, dict]] = {}  # by frameworks given

    def round(self, value: float) -> float:
        return excel_round(value, self.precision)

    def criterion_max(self, crit: Mapping[str, Any]) -> float:
        if self.scoring == "met":
            return 1.0
        return float(sum(i.get("max", 0) for i in crit["items"]))

    @classmethod
    def of(cls, framework: Mapping[str, Any], strict: bool | Reading = False) -> "Model":
        """The model of ``framework``, built once per framework object and reading."""
        reading = reading_of(strict)
        return per_object(_MODELS.setdefault(reading, {}), framework,
                          lambda: cls(framework, reading or False))

    def empty(self, raw: Any) -> bool:
        """True for an input not filled in, as this model's reading counts it."""
        return (self.reading or CURRENT).empty(raw)

    def display(self, entry_id: str) -> dict[str, str]:
        """The name of an item in messages: its label and a shortened title."""
        shown = self._shown.get(entry_id)
        if shown is None:
            title = short_title(self.titles.get(entry_id, {"vi": entry_id, "en": entry_id}))
            label = self.labels.get(entry_id)
            shown = self._shown[entry_id] = {
                lang: (f"{label} «{t}»" if label else f"«{t}»") if lang == "vi"
                else (f"{label} '{t}'" if label else f"'{t}'") for lang, t in title.items()}
        return shown

    def criterion_need(self, crit: Mapping[str, Any], ratio: float) -> float:
        """Points a criterion needs to reach ``ratio`` of its maximum (rounded as in Excel)."""
        return self.round(ratio * self.criterion_max(crit))


def _input_error(model: Model, code: str, item_id: str, raw: Any, **extra: Any) -> Problem:
    shown = visible(raw) if isinstance(raw, str) else raw  # a special space made visible
    params: dict[str, Any] = {"item": model.display(item_id), "value": "" if raw is None else shown}
    params.update(extra)
    return Problem(code, item_id, msg(code, **params), item=item_id, value=raw)


def _number(model: Model, raw: Any, percent: bool = False) -> float:
    if model.reading is not None:
        return model.reading.number(raw)
    return parse_number(raw, percent)


def _flag(model: Model, raw: Any, kind: str = "met") -> bool:
    return model.reading.choice(raw, CHOICES[kind]) if model.reading else parse_flag(raw)


def _read_points(model: Model, item: Mapping[str, Any], raw: Any) -> float:
    value = _number(model, raw)
    low, high = 0.0, float(item["max"])
    if not low <= value <= high:
        raise Invalid("out_of_range")
    step = item.get("step")
    if step:
        ratio = value / step
        if abs(ratio - round(ratio)) > 1e-9:
            raise Invalid("off_step")
    return value


def _read_percent(model: Model, raw: Any) -> float:
    value = _number(model, raw, percent=True)
    if not 0 <= value <= 100:
        raise Invalid("out_of_range")
    return value


def _range_params(item: Mapping[str, Any], raw: Any) -> dict[str, Any]:
    """Range, step and the nearest valid value, for an error message."""
    high = float(item["max"]) if item["kind"] == "points" else 100.0
    step = float(item.get("step") or 1)
    try:
        near = parse_number(raw, percent=True) / step
        near = round(near) * step if math.isfinite(near) else high
    except Invalid:
        near = high
    return {"low": 0, "high": high, "step": step, "example": min(max(near, 0.0), high)}


def _read_share(model: Model, raw: Any) -> tuple[float, tuple[int, int] | None]:
    """A derived share: a percentage, or {"achieved": a, "total": n} from the subordinates."""
    if isinstance(raw, Mapping):
        achieved, total = raw.get("achieved"), raw.get("total")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (achieved, total)):
            raise Invalid("bad_share")
        if total == 0:
            raise Invalid("no_subordinates")
        if not 0 <= achieved <= total:
            raise Invalid("bad_share")
        return model.round(100 * achieved / total), (achieved, total)
    return _read_percent(model, raw), None


def evaluate(framework: Mapping[str, Any], inputs: Mapping[str, Any],
             frameworks: Mapping[str, Mapping[str, Any]] | None = None,
             strict: bool | Reading = False) -> PeriodResult:
    """Score one period: items, criteria, total, vetoes, achievement, band or rating, gaps.

    ``frameworks`` supplies the frameworks that linked items refer to, by id.
    Missing or invalid values are reported in ``errors`` and count as 0; the classification
    (``four_good``, ``band``, ``rating``) is only given when every input is valid.
    ``strict`` reads values as a workbook's formulas do (``True``, or the ``Reading`` of an
    older template; reading.py): text in a number cell is an error (not "4,5" understood)
    and a choice must be one of ``CHOICES``, spaces around it aside.
    """
    model = Model.of(framework, strict)
    frameworks = frameworks if frameworks is not None else _NO_FRAMEWORKS
    values = inputs.get("values") or {}
    key = _derived_key(model, values)
    if key is not None and nothing_typed({**inputs, "values": {}}):
        # a month not filled yet (a committee's maybe with its cells' criterion 5): the same
        # result for the same derived values, every time
        results = per_object(model._untyped, frameworks, dict, limit=8)
        if key not in results:
            if len(results) >= 256:
                results.clear()
            results[key] = _evaluate(model, {"values": dict(values)}, frameworks)
        return dataclasses.replace(results[key], period=inputs.get("period"))
    return _evaluate(model, inputs, frameworks)


def _derived_key(model: Model, values: Mapping[str, Any]) -> tuple | None:
    """``values`` as a key when they are derived items' only (None otherwise, or when a
    value cannot be a key)."""
    if not set(values) <= model.derived:
        return None
    try:
        key = tuple(sorted((k, tuple(sorted(v.items())) if isinstance(v, Mapping) else v)
                           for k, v in values.items()))
        hash(key)
    except TypeError:
        return None
    return key


_NO_FRAMEWORKS: Mapping[str, Mapping[str, Any]] = {}


def nothing_typed(inputs: Mapping[str, Any]) -> bool:
    """Nothing typed in a period's inputs, nor in its linked periods'."""
    return (not inputs.get("values") and set(inputs) <= {"values", "linked", "period"}
            and all(isinstance(p, Mapping) and nothing_typed(p)
                    for p in (inputs.get("linked") or {}).values()))


def _evaluate(model: Model, inputs: Mapping[str, Any],
              frameworks: Mapping[str, Mapping[str, Any]]) -> PeriodResult:
    framework = model.fw
    values: Mapping[str, Any] = inputs.get("values") or {}
    errors: list[Problem] = []
    known = set(model.labels) | {e["id"] for e in model.indicators + model.vetoes}
    for key in values:
        if key not in known:
            message = msg("unknown_item", item=key, framework=model.id)
            errors.append(Problem("unknown_item", key, message, item=key, value=values[key]))
    typed = known - set(derived_items(framework))  # derived values are not typed in
    filled = any(not model.empty(values.get(k)) for k in typed)
    linked: dict[str, PeriodResult] = {}

    criteria: list[CriterionResult] = []
    for n, crit in enumerate(model.criteria, 1):
        items = [_evaluate_item(model, item, values, inputs, frameworks, errors, linked)
                 for item in crit["items"]]
        if model.scoring == "met":
            score = 1.0 if all(i.met for i in items) else 0.0
        else:
            score = model.round(sum(i.score for i in items))
        criteria.append(CriterionResult(crit["id"], n, crit["title"], score,
                                        model.criterion_max(crit), None, items))
    filled = filled or any(r.status != "blank" for r in linked.values())

    indicators: dict[str, Any] = {}
    for ind in model.indicators:
        indicators[ind["id"]] = _read_entry(model, ind, values.get(ind["id"]), errors)

    total = model.round(sum(c.score for c in criteria))
    max_total = float(sum(c.max for c in criteria))
    measures = _period_measures(criteria, total, indicators)
    vetoes = []
    for veto in model.vetoes:
        if "when" in veto:
            if _holds(veto["when"], measures, model, criteria) is True:
                vetoes.append(veto["id"])
        else:
            raw = values.get(veto["id"])
            if not model.empty(raw):
                try:
                    if _flag(model, raw, "veto"):
                        vetoes.append(veto["id"])
                except Invalid as bad:
                    errors.append(_input_error(model, bad.code, veto["id"], raw))
    measures["veto_count"] = len(vetoes)

    status = "complete" if not errors else ("incomplete" if filled else "blank")
    result = PeriodResult(model.id, inputs.get("period"), status, total, max_total, criteria,
                          vetoes, indicators, errors=errors, linked=linked)
    _classify(model, result, measures)
    return result


def _read_entry(model: Model, entry: Mapping[str, Any], raw: Any,
                errors: list[Problem]) -> float | bool | None:
    """Read an indicator (percent or met) and record an error when it is missing or invalid."""
    if model.empty(raw):
        errors.append(_input_error(model, "missing", entry["id"], raw))
        return None
    try:
        return _flag(model, raw) if entry["kind"] == "met" else _read_percent(model, raw)
    except Invalid as bad:
        errors.append(_input_error(model, bad.code, entry["id"], raw,
                                   **_range_params(entry, raw)))
        return None


def _evaluate_item(model: Model, item: Mapping[str, Any], values: Mapping[str, Any],
                   inputs: Mapping[str, Any], frameworks: Mapping[str, Mapping[str, Any]],
                   errors: list[Problem], linked: dict[str, PeriodResult]) -> ItemResult:
    kind, item_id = item["kind"], item["id"]
    max_points = float(item.get("max", 1 if model.scoring == "met" else 0))
    result = ItemResult(item_id, model.labels[item_id], kind, None, 0.0, max_points)
    if kind == "linked":
        link = item["link"]
        other = frameworks.get(link["framework"])
        other_inputs = (inputs.get("linked") or {}).get(link["framework"]) or {}
        if other is None:
            errors.append(_input_error(model, "linked_missing", item_id, None,
                                       framework=link["framework"]))
            return result
        sub = evaluate(other, other_inputs, frameworks, model.reading or False)
        linked[link["framework"]] = sub
        if sub.status == "blank":
            errors.append(_input_error(model, "linked_missing", item_id, None,
                                       framework=other["title"]))
        elif sub.complete:
            result.value = result.score = model.round(sub.total * max_points / sub.max)
        else:
            errors.extend(sub.errors)
        return result
    raw = values.get(item_id)
    if model.empty(raw):
        errors.append(_input_error(model, "missing", item_id, raw))
        return result
    try:
        if kind == "points":
            result.value = result.score = _read_points(model, item, raw)
        elif kind == "met":
            result.value = result.met = _flag(model, raw)
            result.score = max_points if result.met else 0.0
        else:  # percent or derived
            if kind == "derived":
                result.value, result.share = _read_share(model, raw)
            else:
                result.value = _read_percent(model, raw)
            result.met = result.value >= item["target"]
            result.score = max_points if result.met else 0.0
    except Invalid as bad:
        extra = _range_params(item, raw)
        if isinstance(raw, Mapping):
            extra.update(achieved=raw.get("achieved"), total=raw.get("total"))
        errors.append(_input_error(model, bad.code, item_id, raw, **extra))
    return result


def _period_measures(criteria: Sequence[CriterionResult], total: float,
                     indicators: Mapping[str, Any]) -> dict[str, Any]:
    measures: dict[str, Any] = {"total": total}
    ratios = [c.score / c.max for c in criteria if c.max]
    measures["min_criterion_ratio"] = min(ratios) if ratios else None
    for crit in criteria:
        measures[f"criterion:{crit.id}"] = crit.score
        for item in crit.items:
            measures[f"item:{item.id}"] = item.value
    for key, value in indicators.items():
        measures[f"item:{key}"] = value
    return measures


def _as_number(value: Any) -> Any:
    return float(value) if isinstance(value, bool) else value


def _rank(order: Sequence[Mapping[str, Any]], entry_id: str | None) -> int | None:
    ids = [e["id"] for e in order]
    return len(ids) - ids.index(entry_id) if entry_id in ids else None


def _holds(cond: Mapping[str, Any], measures: Mapping[str, Any], model: Model,
           criteria: Sequence[CriterionResult] = (),
           ordinals: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> bool | None:
    """Whether a condition holds; None when its measure is unknown."""
    ref, op = cond["ref"], OPS[cond["op"]]
    if ref == "min_criterion_ratio":
        crits = {c["id"]: c for c in model.criteria}
        return all(op(c.score, model.criterion_need(crits[c.id], cond["value"]))
                   for c in criteria)
    actual = measures.get(ref)
    if actual is None:
        return None
    if ordinals and ref in ordinals:
        return op(_rank(ordinals[ref], actual), _rank(ordinals[ref], cond["value"]))
    return op(_as_number(actual), _as_number(cond["value"]))


def _classify(model: Model, result: PeriodResult, measures: Mapping[str, Any]) -> None:
    """Set four_good, band or rating and the gaps, once every input is valid."""
    if not result.complete:
        result.gaps = [msg("gap_incomplete", count=len(result.errors))]
        return
    crits = result.criteria
    if "achievement" in model.fw:
        conditions = model.fw["achievement"]["conditions"]
        ratio = next((c["value"] for c in conditions if c["ref"] == "min_criterion_ratio"), None)
        for crit_result, crit in zip(crits, model.criteria):
            if ratio is not None:
                crit_result.achieved = crit_result.score >= model.criterion_need(crit, ratio)
        failed = [c for c in conditions if not _holds(c, measures, model, crits)]
        result.four_good = not failed
        result.gaps = [g for c in failed for g in _period_gaps(model, c, result, measures)]
    if model.bands:
        result.band = next(b["id"] for b in model.bands if result.total >= b["min"])
    if model.levels:
        index = len(model.levels) - 1
        if not result.vetoes:
            index = next(i for i, lvl in enumerate(model.levels)
                         if all(_holds(c, measures, model, crits) for c in lvl["conditions"]))
        result.rating = model.levels[index]["id"]
        if index > 0:
            target = model.levels[index - 1]
            if result.vetoes:
                result.gaps = [msg("gap_rating_veto", title=model.titles[v],
                                   level=model.levels[-1]["title"]) for v in result.vetoes]
            else:  # one sentence: the next level, then each condition it lacks
                details = [g for c in target["conditions"]
                           if not _holds(c, measures, model, crits)
                           for g in _period_gaps(model, c, result, measures)]
                result.gaps = [msg("gap_next_level", level=target["title"],
                                   detail=Sentences(details))] if details else []


def _period_gaps(model: Model, cond: Mapping[str, Any], result: PeriodResult,
                 measures: Mapping[str, Any]) -> list[Message]:
    """What a failed period condition is missing, in words."""
    ref, need = cond["ref"], cond["value"]
    if ref == "total":
        return [msg("gap_total", short=model.round(need - result.total), need=need,
                    actual=result.total)]
    if ref == "veto_count":
        return [msg("gap_veto", title=model.titles[v]) for v in result.vetoes]
    if ref == "min_criterion_ratio":
        gaps = []
        for crit_result, crit in zip(result.criteria, model.criteria):
            points = model.criterion_need(crit, need)
            if crit_result.score >= points:
                continue
            if model.scoring == "met":
                unmet = [_item_gap(model, i) for i in crit_result.items if not i.met]
                gaps.append(msg("gap_criterion_unmet", n=crit_result.number, items=unmet))
            else:
                gaps.append(msg("gap_criterion_points", n=crit_result.number,
                                short=model.round(points - crit_result.score),
                                pct=model.round(need * 100), need=points, max=crit_result.max))
        return gaps
    actual = measures.get(ref)
    entry_id = ref.split(":", 1)[1] if ":" in ref else ref
    entry = next((e for e in model.indicators if e["id"] == entry_id), None)
    if entry is not None and entry["kind"] == "met":
        return [msg("gap_flag_unmet", title=model.titles[entry_id])]
    return [msg("gap_condition", title=model.titles.get(entry_id, {"vi": ref, "en": ref}),
                actual=actual, op=_op_text(cond["op"]), need=need)]


def _item_gap(model: Model, item: ItemResult) -> Message:
    title = short_title(model.titles[item.id])
    target = next(i.get("target") for c in model.criteria for i in c["items"] if i["id"] == item.id)
    if item.share is not None:
        return msg("gap_item_share", title=title, achieved=item.share[0], total=item.share[1],
                   actual=item.value, need=target)
    if item.kind in ("percent", "derived"):
        return msg("gap_item_percent", title=title, actual=item.value, need=target)
    return msg("gap_item_flag", title=title)


def _op_text(op: str) -> str:
    return {">=": "≥", "<=": "≤"}.get(op, op)


def evaluate_year(framework: Mapping[str, Any], periods: Mapping[str, Mapping[str, Any]], *,
                  rating: PeriodResult | None = None,
                  frameworks: Mapping[str, Mapping[str, Any]] | None = None,
                  strict: bool | Reading = False,
                  results: Mapping[str, PeriodResult] | None = None) -> YearResult:
    """Roll the periods of a year up to recognition (e.g. ≥ 10 months assessed, ≥ 9 achieved).

    ``periods`` maps a period key ("1".."12") to its inputs; blank periods are simply not
    assessed. ``rating`` is the year's quality rating (``evaluate`` of a rating ruleset),
    whose framework must be in ``frameworks`` when a condition refers to ``rating``.
    ``results``: the periods already evaluated (``evaluate`` of each, keyed as ``periods``).
    """
    model = Model.of(framework)
    frameworks = frameworks or {}
    if results is None:
        results = {str(k): evaluate(framework, dict(v, period=v.get("period", str(k))),
                                    frameworks, strict)
                   for k, v in periods.items()}
    done = [r for r in results.values() if r.complete]
    errors = [dataclasses.replace(e, period=key)
              for key, r in results.items() if r.status == "incomplete" for e in r.errors]
    measures: dict[str, Any] = {
        "periods_assessed": len(done),
        "periods_achieved": sum(1 for r in done if r.four_good),
        "periods_with_veto": sum(1 for r in results.values() if r.vetoes),
        "rating": rating.rating if rating is not None else None,
    }
    if model.bands:
        ranked = [r.band for r in done]
        measures["min_band"] = (min(ranked, key=lambda b: _rank(model.bands, b))
                                if ranked else None)
        for band in model.bands:
            measures[f"band_count:{band['id']}"] = ranked.count(band["id"])
    gaps = recognition_gaps(model.fw, measures, frameworks.get(rating.framework)
                            if rating is not None else None)

    criteria = []
    for n, crit in enumerate(model.criteria, 1):
        scores = [r.criteria[n - 1].score for r in done]
        criteria.append({"id": crit["id"], "number": n, "title": crit["title"],
                         "score": model.round(sum(scores) / len(scores)) if scores else None,
                         "max": model.criterion_max(crit)})
    average = model.round(sum(r.total for r in done) / len(done)) if done else None
    max_total = float(sum(model.criterion_max(c) for c in model.criteria))
    return YearResult(model.id, results, measures["periods_assessed"],
                      measures["periods_achieved"], measures["periods_with_veto"], average,
                      max_total, criteria, measures.get("min_band"), measures["rating"],
                      not gaps, gaps, errors)


def recognition_gaps(framework: Mapping[str, Any], measures: Mapping[str, Any],
                     ruleset: Mapping[str, Any] | None = None) -> list[Message]:
    """The year-end recognition conditions of ``framework`` that ``measures`` (months
    assessed, achieved and with a veto, the year's ``rating`` level of ``ruleset``, …) do
    not meet, each in words; empty when the year may be recognised."""
    model = Model.of(framework)
    ordinals: dict[str, Sequence[Mapping[str, Any]]] = {"min_band": model.bands}
    if ruleset is not None:
        ordinals["rating"] = ruleset.get("levels", [])
    return [_year_gap(model, c, measures, ordinals)
            for c in model.fw.get("year_rollup", {}).get("conditions", [])
            if not _holds(c, measures, model, ordinals=ordinals)]


RATING_GAPS = ("gap_rating", "gap_rating_missing")  # what ``_year_gap`` says of the rating


def recognized_with(framework: Mapping[str, Any], ruleset: Mapping[str, Any],
                    gaps: Sequence[Mapping[str, Any]], level: str | None) -> bool:
    """Whether a year is recognised with ``level`` (of ``ruleset``: a decided level) in place
    of the level it proposed, given the recognition gaps ``evaluate_year`` found on its
    proposal (``gaps``, as dicts): every other condition met, and the rating conditions of
    ``framework``'s year-end recognition by ``level``."""
    if any(g.get("code") not in RATING_GAPS for g in gaps):
        return False
    conditions = (framework.get("year_rollup") or {}).get("conditions", [])
    return all(_holds(c, {"rating": level}, Model.of(framework),
                      ordinals={"rating": ruleset.get("levels", [])})
               for c in conditions if c["ref"] == "rating")


def _year_gap(model: Model, cond: Mapping[str, Any], measures: Mapping[str, Any],
              ordinals: Mapping[str, Sequence[Mapping[str, Any]]]) -> Message:
    ref, need = cond["ref"], cond["value"]
    actual = measures.get(ref)
    if ref in ("periods_assessed", "periods_achieved", "periods_with_veto"):
        return msg(f"gap_{ref}", actual=actual, need=need)
    if ref == "rating":
        levels = ordinals.get("rating", [])
        title = _title_of(levels, need)
        if actual is None:
            return msg("gap_rating_missing", need=title)
        return msg("gap_rating", actual=_title_of(levels, actual), need=title)
    if ref == "min_band":
        return msg("gap_min_band", actual=_title_of(model.bands, actual),
                   need=_title_of(model.bands, need))
    if ref.startswith("band_count:"):
        band = ref.split(":", 1)[1]
        return msg("gap_band_count", actual=actual, need=need, band=_title_of(model.bands, band))
    return msg("gap_condition", title={"vi": ref, "en": ref}, actual=actual,
               op=_op_text(cond["op"]), need=need)


def _title_of(order: Sequence[Mapping[str, Any]], entry_id: Any) -> Any:
    return next((e["title"] for e in order if e["id"] == entry_id), entry_id or "—")


def rated(framework_id: str, level: str) -> PeriodResult:
    """A year's quality rating known only by its level (as a workbook's rating cell shows
    it), for ``evaluate_year``."""
    return PeriodResult(framework_id, None, "complete", 0.0, 0.0, [], [], {}, rating=level)


def quarter_months(key: str | int) -> range:
    """The months (1..12) of quarter ``key`` (1..4)."""
    q = int(key)
    return range(3 * q - 2, 3 * q + 1)


def quarter_due(ruleset: Mapping[str, Any], year: int, key: str | int) -> _date | None:
    """The day before which quarter ``key``'s report of ``year`` is on time (None: the
    ruleset has no quarters)."""
    spec = ruleset.get("quarters")
    if spec is None:
        return None
    due = spec["due"]
    return _date(year, quarter_months(key)[0] + due["month_of_quarter"] - 1, due["before_day"])


def quarter_evidence(months: Mapping[str, PeriodResult], key: str | int) -> tuple[int, int]:
    """(months achieved, months assessed) of quarter ``key`` among a year's evaluated
    months (keyed "1".."12"): the evidence shown beside the quarter's form."""
    done = [months[str(m)] for m in quarter_months(key)
            if str(m) in months and months[str(m)].complete]
    return sum(1 for r in done if r.four_good), len(done)


@dataclass
class RatedYear:
    """A rating ruleset's quarters and year (Regulation 366, Art. 15.1: the quarterly
    results are the basis of the year)."""

    framework: str
    quarters: dict[str, PeriodResult]  # "1".."3": each rated on its own
    form: PeriodResult                 # the year-end form as typed
    year: PeriodResult                 # the year: points and vetoes by the roll-up; its level
    flags: list[Message]               # warnings on the year's level (never a rule)
    errors: list[Problem]              # quarter inputs the ruleset does not rate

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework,
                "quarters": {k: v.to_dict() for k, v in self.quarters.items()},
                "form": self.form.to_dict(), "year": self.year.to_dict(),
                "flags": [f.to_dict() for f in self.flags],
                "errors": [e.to_dict() for e in self.errors]}


def _quarter_name(key: Any) -> Any:
    return msg(f"period_q{key}") if str(key) in ("1", "2", "3") else str(key)


def rate_year(ruleset: Mapping[str, Any], year_inputs: Mapping[str, Any],
              quarters: Mapping[str, Mapping[str, Any]] | None = None,
              frameworks: Mapping[str, Mapping[str, Any]] | None = None,
              strict: bool | Reading = False) -> RatedYear:
    """Rate a year and its quarters by a rating ruleset (``quarters``: "1".."3" -> inputs).

    Each quarter the ruleset rates (``quarters.rated``) is scored and rated on its own. The
    year is the year-end form, its points and vetoes taken as ``quarters.year`` says (the
    form's points or the mean with the quarters; a veto in any quarter counts), with flags
    when its level stands above every quarter's or a quarter had a flagged level. A ruleset
    without quarters (124) rates the year only: typed quarter inputs are errors
    (``quarters_not_rated``), as is a quarter not rated on its own (``quarter_unknown``)."""
    model = Model.of(ruleset, strict)
    spec = ruleset.get("quarters")
    keys = [str(q) for q in spec["rated"]] if spec else []
    quarters = quarters or {}
    errors = []
    for key in sorted(quarters, key=str):
        if str(key) in keys or nothing_typed(quarters[key]):
            continue
        code = "quarter_unknown" if spec else "quarters_not_rated"
        errors.append(Problem(code, f"Q{key}", msg(
            code, quarter=_quarter_name(key), ruleset=ruleset.get("short", ruleset["title"])),
            item=f"Q{key}", period=f"Q{key}"))
    results = {key: evaluate(ruleset, dict(quarters.get(key) or {}, period=f"Q{key}"),
                             frameworks, strict) for key in keys}
    form = evaluate(ruleset, year_inputs, frameworks, strict)
    year = form if spec is None else _year_of_quarters(model, spec["year"], form, results)
    flags = _year_flags(model, spec["year"], year, results) if spec and year.rating else []
    return RatedYear(model.id, results, form, year, flags, errors)


def _year_of_quarters(model: Model, rule: Mapping[str, Any], form: PeriodResult,
                      quarters: Mapping[str, PeriodResult]) -> PeriodResult:
    """The year-end form rated with its quarters, as the ruleset's year rule says (an
    incomplete form keeps its own points, and shows the quarters' vetoes)."""
    if form.status == "blank":
        return form
    from_quarters = ([(key, v) for key, r in quarters.items() for v in r.vetoes]
                     if rule["quarter_vetoes"] else [])
    vetoes = [*form.vetoes, *(v for _, v in from_quarters)]  # each as often as recorded
    if not form.complete:
        return dataclasses.replace(form, vetoes=vetoes)
    done = [r for r in quarters.values() if r.complete]
    criteria = form.criteria
    if rule["points"] == "mean" and done:
        criteria = [dataclasses.replace(c, score=model.round(
            sum(r.criteria[n].score for r in (*done, form)) / (len(done) + 1)))
            for n, c in enumerate(form.criteria)]
    total = model.round(sum(c.score for c in criteria))
    year = dataclasses.replace(form, criteria=criteria, total=total, vetoes=vetoes, gaps=[],
                               rating=None)
    measures = _period_measures(criteria, total, form.indicators)
    measures["veto_count"] = len(vetoes)
    _classify(model, year, measures)
    if from_quarters:  # each veto named where it was recorded
        lowest = model.levels[-1]["title"]
        year.gaps = ([msg("gap_rating_veto", title=model.titles[v], level=lowest)
                      for v in form.vetoes]
                     + [msg("gap_rating_veto_quarter", quarter=_quarter_name(key),
                            title=model.titles[v], level=lowest) for key, v in from_quarters])
    return year


def _year_flags(model: Model, rule: Mapping[str, Any], year: PeriodResult,
                quarters: Mapping[str, PeriodResult]) -> list[Message]:
    """Warnings on a year's level: above every rated quarter's; a quarter at a flagged level
    below the year's (a year already at that level or lower agrees with it: no warning)."""
    flags = []
    rated = {key: r.rating for key, r in quarters.items() if r.rating}
    title = lambda level: _title_of(model.levels, level)  # noqa: E731
    if rule["flag_above_every_quarter"] and rated:
        best = max(rated.values(), key=lambda level: _rank(model.levels, level))
        if _rank(model.levels, year.rating) > _rank(model.levels, best):
            flags.append(msg("flag_year_above_quarters", level=title(year.rating),
                             best=title(best)))
    for key, level in rated.items():
        if level in rule["flag_quarter_levels"] and \
                _rank(model.levels, year.rating) > _rank(model.levels, level):
            flags.append(msg("flag_quarter_level", quarter=_quarter_name(key),
                             level=title(level)))
    return flags


def subordinate_share(four_good: Iterable[bool | None]) -> dict[str, int]:
    """Roll subordinate cells up to a committee's derived criterion (e.g. criterion 5).

    Each element is one expected cell's result for the period: True (Four-good), False,
    or None (not reported, which counts as not achieved).
    """
    results = list(four_good)
    return {"achieved": sum(1 for r in results if r is True), "total": len(results)}


@dataclass(frozen=True)
class QuotaResult:
    """The rating quota of one group of comparable units."""

    level: str
    base: int
    count: int
    allowed: int
    max_percent: float
    ok: bool

    @property
    def excess(self) -> int:
        return max(0, self.count - self.allowed)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "base": self.base, "count": self.count,
                "allowed": self.allowed, "max_percent": self.max_percent, "ok": self.ok,
                "excess": self.excess}


def check_quota(ruleset: Mapping[str, Any], ratings: Iterable[str | None],
                outstanding: bool = False) -> QuotaResult:
    """Check the top-level quota in a group (e.g. HTXSNV ≤ 20% of those rated HTTNV or above).

    ``ratings`` holds the level id of each unit of the group (None for not rated);
    ``outstanding`` selects the higher share that outstanding groups may have.
    """
    quota = ruleset["quota"]
    levels = ruleset["levels"]
    ratings = list(ratings)
    base_rank = _rank(levels, quota["base_at_least"])
    base = sum(1 for r in ratings if r is not None and _rank(levels, r) >= base_rank)
    count = sum(1 for r in ratings if r == quota["level"])
    percent = quota["outstanding_max_percent"] if outstanding else quota["max_percent"]
    allowed = quota_allowed(quota, base, percent)
    return QuotaResult(quota["level"], base, count, allowed, percent, count <= allowed)


def quota_allowed(quota: Mapping[str, Any], base: int, percent: float) -> int:
    """The most units allowed the top level: ``percent`` of ``base`` rounded as
    ``quota.rounding`` says (down, or to the nearest with halves up), and at least one where
    ``at_least_one_from`` is set and ``base`` reaches it. The native formulas are
    ``templates.calc.quota_formulas``."""
    rounding = quota["rounding"]
    share = Decimal(base) * Decimal(str(percent)) / 100
    allowed = int(share.to_integral_value(
        ROUND_HALF_UP if rounding["method"] == "nearest" else ROUND_FLOOR))
    least = rounding.get("at_least_one_from")
    return max(allowed, 1) if least is not None and base >= least else allowed


def quota_rule(ruleset: Mapping[str, Any]) -> Message:
    """A ruleset's quota in words, with the rounding's source note: «Tối đa 20 % số đơn vị
    «Hoàn thành tốt nhiệm vụ» trở lên, làm tròn xuống (giả định: …)»."""
    quota = ruleset["quota"]
    rounding = quota["rounding"]
    base = next(lvl["title"] for lvl in ruleset["levels"] if lvl["id"] == quota["base_at_least"])
    least = rounding.get("at_least_one_from")
    return msg("quota_rule", percent=quota["max_percent"],
               outstanding=quota["outstanding_max_percent"], base=base,
               rounding=msg(f"quota_round_{rounding['method']}"),
               least=msg("quota_at_least_one", count=least, base=base) if least else "",
               source=msg(f"quota_source_{rounding['source']['status']}",
                          ref=rounding["source"]["ref"]))
