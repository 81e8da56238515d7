"""The input document ``fill`` writes into a workbook, checked against it first.

A document (its shape: ``layout``) is checked whole before anything is written: its parts,
period keys, every value as the workbook will read it once written, the rating ruleset it
chooses and its subordinate units; every problem is named with the item it is about.
"""
from __future__ import annotations

from typing import Any, Mapping

from .decisions import level_id
from .engine import CHOICES, evaluate
from .errors import InputFileError, Problem
from .layout import (DECISION_COLUMNS, INFO_KEYS, SUBORDINATE_ROWS, TemplateSpec, entries,
                     from_cell, info_name, monthly_roles, period_month, quarter_of,
                     quarters_filled, row_labels, ruleset_id, to_cell)
from .messages import fold, msg

# What a month, a quarter and the year's rating of a document may hold (a month as
# ``fourgood score`` takes it too).
PERIOD_KEYS = ("values", "linked", "period", "framework", "unit")
QUARTER_KEYS = ("values",)
RATING_KEYS = ("framework", "values")

DOCUMENT_PARTS = ("info", "periods", "rating", "quarters", "subordinates", "quota_groups",
                  "decisions")


def check(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]], doc: Any, year: Any,
          unit: Any = None, name: str | None = None,
          current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``doc`` checked against the workbook of ``unit``, of kind ``spec``, for ``year``
    before anything is written: its parts (and, when it names them, its framework, unit
    and year), period keys, every value by the workbook's own frameworks (as the engine
    reads them), the rating ruleset it chooses (``_chosen_ruleset``) and its subordinate
    units (``_check_subordinates``; ``current``: the workbook's named values of
    ``FG_INFO_ruleset`` and ``FG_SUB_ID``). Returns it with periods keyed by month number,
    the ruleset of ``rating`` named and each subordinate on its row; raises InputFileError
    listing every problem, each naming the item (``name``: the workbook as the user named
    it)."""
    if not isinstance(doc, dict):
        raise InputFileError(msg("doc_not_object", parts=", ".join(DOCUMENT_PARTS)))
    problems: list[Problem] = []

    def problem(code: str, where: str, **params: Any) -> None:
        problems.append(Problem(code, where, msg(code, **params)))

    allowed = {"info", "rating"} | ({"periods", "quarters"} if spec.main else set()) | (
        {"subordinates"} if spec.subordinates else set()) | (
        {"quota_groups"} if spec.main is None else set()) | (
        {"decisions"} if spec.decisions else set())
    own = {"framework": spec.main, "unit": unit, "year": year}
    other_kind = spec.main is not None and doc.get("framework") not in (None, spec.main)
    for key in doc:
        if key == "framework" and other_kind:  # its every value would be wrong here too
            titles = {f: frameworks[f]["title"] if f in frameworks else f
                      for f in (doc[key], spec.main)}
            problem("doc_other_framework", key, found=titles[doc[key]],
                    expected=titles[spec.main])
        elif key in own:
            if own[key] is not None and doc[key] != own[key]:
                problem("doc_other_workbook", key, key=key, found=doc[key], expected=own[key])
        elif key not in allowed:
            problem("doc_wrong_part", key, part=key, template=spec.file_name,
                    parts=", ".join(sorted(allowed)))
    if not any(doc.get(k) for k in allowed):
        problem("doc_nothing", "", parts=", ".join(sorted(allowed)))
    for part in ("info", "rating", "periods"):
        if doc.get(part) is not None and not isinstance(doc[part], dict):
            problem("doc_part_object", part, part=part)
            doc = {**doc, part: None}
    for key in doc.get("info") or {}:
        if key not in INFO_KEYS:
            problem("doc_info_key", f"info.{key}", key=key, keys=", ".join(INFO_KEYS))
    if other_kind:
        raise InputFileError(msg("doc_invalid", template=name or spec.file_name), problems)
    for where, part, known in (("rating", doc.get("rating"), RATING_KEYS),
                               *((f"periods.{k}", v, PERIOD_KEYS)
                                 for k, v in (doc.get("periods") or {}).items()),
                               *((f"quarters.{k}", v, QUARTER_KEYS)
                                 for k, v in (doc.get("quarters") or {}).items()
                                 if isinstance(doc.get("quarters"), dict))):
        unknown = sorted(set(part) - set(known)) if isinstance(part, dict) else []
        if unknown:
            problem("doc_unknown_keys", where, part=where, found=", ".join(unknown),
                    keys=", ".join(known))
    periods = {}
    for key, period in (doc.get("periods") or {}).items() if "periods" in allowed else ():
        month = period_month(key, year)
        if month is None or not isinstance(period, dict):
            problem("doc_bad_period" if year else "doc_bad_period_no_year", f"periods.{key}",
                    period=key, year=year)
            continue
        periods[str(month)] = period
        for role, framework_id, link in monthly_roles(spec):
            source = period if link is None else (period.get("linked") or {}).get(link) or {}
            _check_values(frameworks[framework_id], source.get("values") or {}, frameworks,
                          problem, f"periods.{key}", msg("doc_in_month", month=month))
    rating = doc.get("rating") or {}
    chosen, by = _chosen_ruleset(spec, frameworks, doc, (current or {}).get(
        info_name("ruleset")), problem)
    if rating:
        if chosen not in spec.rulesets:
            problem("doc_bad_ruleset", "rating.framework", found=chosen,
                    allowed=", ".join(spec.rulesets))
        else:
            _check_values(frameworks[chosen], rating.get("values") or {}, frameworks, problem,
                          "rating", msg("doc_in_rating"))
    kept = quarters_filled(spec, frameworks, current or {})
    if kept and by != "doc_chosen_by_workbook" and chosen in frameworks and \
            "quarters" not in frameworks[chosen]:  # this document switches to a yearly ruleset
        problem("doc_quarters_dropped", info_name("ruleset"), ruleset=frameworks[chosen]["short"],
                by=msg(by), quarters=[msg(f"period_q{q}") for q in kept])
    quarters = doc.get("quarters") if "quarters" in allowed else None
    if quarters is not None and not isinstance(quarters, dict):
        problem("doc_values_object", "quarters", context=msg("doc_in_quarters"))
        quarters = None
    checked_quarters = {}
    for key, period in (quarters or {}).items():
        quarter = quarter_of(key)
        where = f"quarters.{key}"
        if quarter is None or not isinstance(period, dict):
            problem("doc_bad_quarter", where, quarter=key)
        elif chosen not in spec.rulesets or "quarters" not in frameworks[chosen]:
            if (period.get("values") or {}):
                problem("doc_quarters_yearly", where, ruleset=frameworks[chosen]["short"]
                        if chosen in frameworks else chosen, by=msg(by))
        else:
            checked_quarters[str(quarter)] = period
            _check_values(frameworks[chosen], period.get("values") or {}, frameworks, problem,
                          where, msg("doc_in_quarter", quarter=msg(f"period_q{quarter}")))
    for n, row in enumerate(doc.get("decisions") or [] if "decisions" in allowed else []):
        keys = [key for key, _, kind in DECISION_COLUMNS if kind == "typed"] + ["unit",
                                                                                "period"]
        if not isinstance(row, dict) or not {"unit", "period"} <= set(row) or (
                set(row) - set(keys)):
            problem("doc_bad_decision", f"decisions[{n}]", n=n + 1, keys=", ".join(keys))
        elif all(row.get(key) in (None, "") for key in keys[:-2]):
            problem("doc_decision_empty", f"decisions[{n}]", n=n + 1, keys=", ".join(keys[:-2]))
    subordinates = _check_subordinates(spec, frameworks, doc.get("subordinates"),
                                       (current or {}).get("FG_SUB_ID"), year, problem) \
        if "subordinates" in allowed and doc.get("subordinates") is not None else None
    if problems:
        raise InputFileError(msg("doc_invalid", template=name or spec.file_name),
                             _by_month(problems))
    out = {**doc, "periods": periods} if "periods" in doc else dict(doc)
    if quarters is not None:
        out["quarters"] = checked_quarters
    if rating:
        out["rating"] = {**rating, "framework": chosen}
    if (doc.get("info") or {}).get("ruleset"):  # checked: the one chosen, by its id
        out["info"] = {**doc["info"], "ruleset": chosen}
    if subordinates is not None:
        out["subordinates"] = subordinates
    return out


def _ruleset_named(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                   label: Any) -> str | None:
    """The ruleset of ``spec`` a document names by its id or its short name (either
    language, spaces and case aside); None for any other."""
    word = " ".join(fold(str(label)).split()) if label is not None else None
    return next((r for r in spec.rulesets if word in {fold(r), *(
        " ".join(fold(t).split()) for t in frameworks[r].get("short", {}).values())}), None)


def _chosen_ruleset(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                    doc: Mapping[str, Any], current: Any, problem) -> tuple[str | None, str]:
    """The rating ruleset the workbook will use once ``doc`` is written, and what chose it
    (a message code): ``rating.framework``, else ``info.ruleset``, else the workbook's own
    choice (``current``: its «Thông tin» cell). A ``info.ruleset`` that names no ruleset,
    or another one than ``rating`` (by its ``framework``, or by its items when it names
    none), is a problem: the one written would silently replace the other."""
    if not spec.rulesets:
        return None, "doc_chosen_by_workbook"
    rating, info = doc.get("rating") or {}, doc.get("info") or {}
    said = _ruleset_named(spec, frameworks, info["ruleset"]) if info.get("ruleset") else None
    if info.get("ruleset") and said is None:
        problem("doc_info_ruleset", "info.ruleset", found=info["ruleset"], allowed="; ".join(
            f"«{frameworks[r]['short']['vi']}» ({r})" for r in spec.rulesets))
    if rating.get("framework") is not None:
        if said and rating["framework"] in spec.rulesets and said != rating["framework"]:
            problem("doc_ruleset_conflict", "info.ruleset", info=frameworks[said]["short"],
                    rating=frameworks[rating["framework"]]["short"], id=rating["framework"])
        return rating["framework"], "doc_chosen_by_rating"
    if said:
        items = set(rating.get("values") or {}) if isinstance(rating.get("values"), dict) \
            else set()
        own = {entry["id"] for _, entry in entries(frameworks[said])}
        shaped = next((r for r in spec.rulesets if items and not items <= own and items <= {
            entry["id"] for _, entry in entries(frameworks[r])}), None)
        if shaped:
            problem("doc_ruleset_conflict", "info.ruleset", info=frameworks[said]["short"],
                    rating=frameworks[shaped]["short"], id=shaped)
        return said, "doc_chosen_by_info"
    return (ruleset_id(spec, frameworks, current) if current is not None else spec.rulesets[0],
            "doc_chosen_by_workbook")


SUBORDINATE_KEYS = ("id", "name", "months")  # and, in the consolidation workbook:
CONSOLIDATION_KEYS = ("type", "group", "rating", "decided")


def _check_subordinates(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                        subs: Any, listed: Any, year: Any, problem) -> list[dict[str, Any]]:
    """``subordinates`` checked: a list of objects, each with the ``id`` of a unit the
    workbook lists (any id when it lists none yet), its months by number (1–12) with a
    result «Đạt» / «Không đạt» (or true / false), and, in the consolidation workbook, the
    levels proposed and decided by id or title. Returns each with the row of the sheet it
    goes on (the unit's row, else after the ones listed) and its months by number."""
    keys = SUBORDINATE_KEYS + (CONSOLIDATION_KEYS if spec.main is None else ())
    sheet = msg("tpl_sheet_units" if spec.main is None else "tpl_sheet_subs")
    rows = {str(u).strip(): n for n, u in enumerate(listed or []) if u not in (None, "")}
    example = next(iter(rows), "cb-…")
    if not isinstance(subs, list):
        problem("doc_subs_list", "subordinates", example=example, sheet=sheet)
        return []
    ruleset = frameworks[spec.rulesets[0]]
    words = (*CHOICES["met"][True], *CHOICES["met"][False])
    out, seen, free = [], {}, len(rows)
    for n, sub in enumerate(subs, 1):
        where = f"subordinates[{n - 1}]"
        if not isinstance(sub, dict) or not isinstance(sub.get("id"), str) or not sub["id"] \
                or set(sub) - set(keys):
            problem("doc_sub_bad", where, n=n, keys=", ".join(keys), example=example)
            continue
        unit = sub["id"].strip()
        if unit in seen:
            problem("doc_sub_twice", where, unit=unit, first=seen[unit], n=n)
            continue
        seen[unit] = n
        if rows and unit not in rows:
            problem("doc_sub_unknown", where, unit=unit, sheet=sheet, units=", ".join(rows))
            continue
        given = {k: v for k, v in sub.items() if k != "id" and v not in (None, "")}
        if isinstance(given.get("months"), dict):  # a month given as null writes nothing
            given["months"] = {m: v for m, v in given["months"].items() if v is not None}
        if not any(v != {} for v in given.values()):
            problem("doc_sub_nothing", where, unit=unit, keys=", ".join(keys[1:]))
            continue
        months = sub.get("months", {})
        if not isinstance(months, dict):
            problem("doc_sub_months", where, unit=unit)
            continue
        checked = {}
        for key, value in months.items():
            month = period_month(key, year)
            if month is None:
                problem("doc_sub_month", f"{where}.months.{key}", unit=unit, month=key)
            elif value is not None and to_cell("met", value) not in words:
                problem("doc_sub_value", f"{where}.months.{key}", unit=unit, month=month,
                        value=value)
            else:
                checked[str(month)] = value
        levels = {key: level_id(ruleset, sub[key]) for key in ("rating", "decided")
                  if sub.get(key) is not None}
        for key, level in levels.items():
            if level is None:
                problem("doc_sub_level", f"{where}.{key}", unit=unit, key=key, value=sub[key],
                        levels="; ".join(lvl["title"]["vi"] for lvl in ruleset["levels"]))
        for key in ("name", "type", "group"):
            if sub.get(key) is not None and not isinstance(sub[key], str):
                problem("doc_sub_text", f"{where}.{key}", unit=unit, key=key)
        row = rows.get(unit)
        if row is None:
            row, free = free, free + 1
            if row >= SUBORDINATE_ROWS:
                problem("doc_sub_full", where, unit=unit, rows=SUBORDINATE_ROWS, sheet=sheet)
                continue
        out.append({**sub, **levels, "id": unit, "months": checked, "row": row})
    return out


def _runs(numbers: list[int]) -> str:
    """Month numbers as their runs: [1, 2, 3, 5] -> «1–3, 5»."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _by_month(problems: list[Problem]) -> list[Problem]:
    """One line for a problem repeated month after month (the same item, the same fault),
    naming the months, in the order first met."""
    groups: dict[tuple[str, ...], list[tuple[int, Problem]]] = {}
    for problem in problems:
        context = problem.message.params.get("context")
        month = context.params.get("month") if getattr(context, "code", "") == "doc_in_month" \
            else None
        item = problem.where.split(".", 2)[2] if month is not None else problem.where
        detail = problem.message.params.get("detail")
        key = (problem.code, item, getattr(detail, "code", "")) if month is not None \
            else (problem.code, problem.where, str(id(problem)))
        groups.setdefault(key, []).append((month, problem))
    out = []
    for found in groups.values():
        month, first = found[0]
        if len(found) == 1:
            out.append(first)
            continue
        same = len({p.message.params["detail"].vi if "detail" in p.message.params else ""
                    for _, p in found}) == 1
        months = msg("doc_in_months" if same else "doc_in_months_first",
                     months=_runs(sorted(m for m, _ in found)), first=month)
        out.append(Problem(first.code, first.where, msg(
            first.message.code, **{**first.message.params, "context": months})))
    return out


def _check_values(framework: Mapping[str, Any], values: Any, frameworks, problem,
                  where: str, context) -> None:
    """Every value of ``values`` as the workbook will read it once written (``to_cell``,
    then the one reading of reading.py), and only what is typed in."""
    if not isinstance(values, dict):
        problem("doc_values_object", where, context=context)
        return
    kinds = {entry["id"]: kind for kind, entry in entries(framework)}
    typed = set(kinds)
    cells = {k: from_cell(kinds[k], to_cell(kinds[k], v)) if k in kinds else v
             for k, v in values.items()}
    result = evaluate(framework, {"values": cells}, frameworks, strict=True)
    for error in result.errors:
        if error.code != "missing" and (error.item in values or error.code == "unknown_item"):
            problem("doc_value", f"{where}.{error.item}", context=context, detail=error.message)
    computed = {item["id"]: item for crit in framework["criteria"] for item in crit["items"]
                if item["id"] not in typed}
    labels = row_labels(framework)
    for key in values:
        if key in computed:
            problem("doc_computed_item", f"{where}.{key}", context=context, item=labels[key],
                    title=computed[key]["title"])
