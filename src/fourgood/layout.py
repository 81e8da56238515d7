"""Workbook layout: which defined name holds what, for every template.

Pure (no third-party import). Templates create these names, ``fill`` writes through them
and the reader reads through them; no code addresses a template cell by coordinates.

Names:
- ``FG_INFO_<key>``: one cell of the unit-information sheet;
- ``FG_<role>_<entry>``: the inputs of a framework entry (item, indicator or veto); a row
  of 12 cells (T1..T12) for the monthly roles ``M`` (the unit's framework) and ``S`` (the
  meeting score sheet), one cell for the year-end role ``Y`` (rating inputs), a row of
  3 cells (quarters I..III) for the quarterly role ``Q`` (the same rating inputs);
- ``FG_SUB_ID``, ``FG_SUB_NAME`` (a column), ``FG_SUB_STATUS`` (a block of 12 columns):
  a committee's subordinate cells and their monthly result;
- ``FG_R_<key>``: a row of 12 monthly results; ``FG_RY_<key>``: one year-end result;
  ``FG_RQ_<key>``: a row of 4 results of the quarter sheet (quarters I..III, the year);
- ``FG_META_<key>``: the veryHidden ``_fourgood`` sheet's identification cells.

An input document is what ``fourgood score`` takes for a year, plus ``info`` and
``subordinates``::

    {"info": {"unit_name": "...", ...},
     "periods": {"3": {"values": {...}, "linked": {"sinh-hoat-chi-bo": {"values": {...}}}}},
     "rating": {"framework": "xep-loai-366", "values": {...}},
     "quarters": {"1": {"values": {...}}, "2": {...}, "3": {...}},
     "subordinates": [{"id": "cb-1", "name": "Chi bộ 1", "months": {"3": true}}]}

The quarters are rated by the year's ruleset (``rating.framework``), when it has quarters.
Percentages are 0..100 in documents and stored as fractions (percent format) in cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from .engine import CHOICES, choice_word, derived_items, excel_round, subordinate_share
from .errors import Problem
from .reading import CURRENT, Reading, of_version

MONTHS = 12
QUARTERS = 3  # quarters rated on their own (Guidance 43: I, II, III; IV only in the year)
PERIODS = tuple(str(q) for q in range(1, QUARTERS + 1)) + ("year",)  # rated and decided
SUBORDINATE_ROWS = 40
QUOTA_ROWS = 20
DECISION_ROWS = SUBORDINATE_ROWS * len(PERIODS)  # each direct subordinate, each period
DECISION_QUOTA_ROWS = QUOTA_ROWS * len(PERIODS)  # each comparable group, each period
# What a month, a quarter and the year's rating of a document may hold (``check_document``;
# a month as ``fourgood score`` takes it too).
PERIOD_KEYS = ("values", "linked", "period", "framework", "unit")
QUARTER_KEYS = ("values",)
RATING_KEYS = ("framework", "values")
INFO_KEYS = ("unit_name", "unit_id", "unit_type", "parent_name", "secretary", "members", "year",
             "ruleset")
# Names of what officers type (or consolidation fills in): a file holding any is not blank.
INPUT_PREFIXES = ("FG_INFO_", "FG_M_", "FG_S_", "FG_Y_", "FG_Q_", "FG_SUB_",
                  "FG_QUOTA_GROUP", "FG_QUOTA_OUTSTANDING", "FG_DEC_", "FG_DQ_GROUP",
                  "FG_DQ_PERIOD", "FG_DQ_OUTSTANDING")
# The lists ``consolidate --into`` fills, each printed down to its last filled row.
PRINTED_LISTS = ("FG_SUB_ID", "FG_QUOTA_GROUP", "FG_DEC_UNIT", "FG_DQ_GROUP")
# Inputs that hold an assessment (typed or consolidated), not the unit's identification.
DATA_PREFIXES = ("FG_M_", "FG_S_", "FG_Y_", "FG_Q_", "FG_DEC_")
# Names of the quarter sheet's result rows the consolidation compares (cached vs computed).
QUARTER_RESULTS = ("FG_RQ_total", "FG_RQ_level")
META_KEYS = ("template_id", "template_version", "unit_id", "year", "lang")
TEMPLATE_VERSION = "1.2.0"
# The save time every built template carries, so that a build gives the same bytes; a
# workbook that still carries it says nothing of when it was saved (``new`` and ``fill``
# wrote it too, before they stamped the time they write).
FIXED_TIME = datetime(2024, 1, 1)


# The «Thẩm định, quyết định» sheet: one row per directly subordinate unit and period.
# (key, column width, who writes it: "no", "filled" by consolidate --into, "typed" by the
# officer, "formula")
DECISION_COLUMNS = (
    ("no", 5, "no"), ("unit", 14, "filled"), ("name", 26, "filled"), ("period", 8, "filled"),
    ("group", 14, "filled"), ("points", 7, "filled"), ("proposed", 14, "filled"),
    ("appraised", 14, "typed"), ("remark", 20, "typed"), ("level", 14, "typed"),
    ("number", 11, "typed"), ("day", 11, "typed"), ("recognized", 10, "typed"),
    ("reason", 20, "typed"), ("rerate", 10, "typed"), ("recorded", 26, "filled"),
    ("state", 17, "formula"))
DECISION_PRINTED = 14  # the columns a signer reads, «STT» to «Lý do»; the rest is for the screen
# The quota table right of the decision rows: (key, column width, who writes it).
# As wide as the printed decision columns: both print at the same scale, one page wide.
DECISION_QUOTA_COLUMNS = (("group", 40, "filled"), ("period", 12, "filled"),
                          ("outstanding", 20, "filled"), ("base", 36, "formula"),
                          ("count", 36, "formula"), ("allowed", 24, "formula"),
                          ("ok", 20, "formula"))
# Rows a blank template prints (``consolidate --into`` prints those it fills).
DECISION_PRINT_BLANK, DECISION_QUOTA_PRINT_BLANK = 2 * len(PERIODS), len(PERIODS)


@dataclass(frozen=True)
class TemplateSpec:
    """What a template holds: its unit type, main framework and the frameworks around it;
    ``decisions``: a sheet to appraise and decide its direct subordinates' levels."""

    id: str
    unit_type: str
    main: str | None
    linked: tuple[str, ...] = ()
    rulesets: tuple[str, ...] = ()
    subordinates: bool = False
    decisions: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.id}.xlsx"


TEMPLATES: dict[str, TemplateSpec] = {
    "chi-bo": TemplateSpec("chi-bo", "chi-bo", "chi-bo-bon-tot", ("sinh-hoat-chi-bo",),
                           ("xep-loai-366", "xep-loai-124")),
    "dang-bo-co-so": TemplateSpec("dang-bo-co-so", "dang-bo-co-so", "dang-bo-co-so-bon-tot", (),
                                  ("xep-loai-366", "xep-loai-124"), subordinates=True,
                                  decisions=True),
    "tong-hop": TemplateSpec("tong-hop", "dang-bo-cap-tren", None, (),
                             ("xep-loai-366", "xep-loai-124"), subordinates=True,
                             decisions=True),
}
TEMPLATE_FOR_TYPE = {spec.unit_type: spec for spec in TEMPLATES.values()}


def safe(entry_id: str) -> str:
    """An id as a defined-name fragment: ``c1.1`` -> ``c1_1``, ``v-ky-luat`` -> ``v_ky_luat``."""
    return re.sub(r"[^A-Za-z0-9_]", "_", entry_id)


def input_name(role: str, entry_id: str) -> str:
    return f"FG_{role}_{safe(entry_id)}"


def info_name(key: str) -> str:
    return f"FG_INFO_{key}"


def result_name(key: str, year: bool = False) -> str:
    return f"FG_{'RY' if year else 'R'}_{safe(key)}"


def quarter_result_name(key: str) -> str:
    """A result row of the quarter sheet (quarters I..III and the year)."""
    return f"FG_RQ_{safe(key)}"


def quarter_rulesets(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]]
                     ) -> list[str]:
    """The rulesets of a template that rate quarters (their entries have quarter cells)."""
    return [r for r in spec.rulesets if "quarters" in frameworks[r]]


def quarter_entries(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]]
                    ) -> list[tuple[str, dict[str, Any]]]:
    """Every input of the quarter columns: the entries of the rulesets that rate quarters,
    each once."""
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for ruleset in quarter_rulesets(spec, frameworks):
        for kind, entry in entries(frameworks[ruleset]):
            seen.setdefault(entry["id"], (kind, entry))
    return list(seen.values())


def meta_name(key: str) -> str:
    return f"FG_META_{key}"


def entries(framework: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every typed input of a framework as (kind, entry): items (not linked or derived),
    indicators and vetoes without a condition (kind ``veto``)."""
    out = [(item["kind"], item) for crit in framework["criteria"] for item in crit["items"]
           if item["kind"] not in ("linked", "derived")]
    out += [(ind["kind"], ind) for ind in framework.get("indicators", [])]
    out += [("veto", veto) for veto in framework.get("vetoes", []) if "when" not in veto]
    return out


def row_labels(framework: Mapping[str, Any]) -> dict[str, str]:
    """The «STT» label of every row of a monthly sheet, by entry id: criteria "1", items
    "1.1", typed vetoes "PQ1"… (worksheet functions find the inputs by these labels)."""
    from .engine import Model

    labels = dict(Model(framework).labels)
    typed_vetoes = [v for v in framework.get("vetoes", []) if "when" not in v]
    labels.update({veto["id"]: f"PQ{n}" for n, veto in enumerate(typed_vetoes, 1)})
    return labels


def rating_labels(framework: Mapping[str, Any]) -> dict[str, str]:
    """The «STT» label of every input row of the quarter sheet, by entry id: the items
    "1.1"… (as messages name them), the indicators "CS1"…, the typed vetoes "PQ1"…
    (worksheet functions find the inputs by these labels)."""
    from .engine import Model

    model = Model(framework)
    labels = {item["id"]: model.labels[item["id"]]
              for crit in framework["criteria"] for item in crit["items"]}
    for n, ind in enumerate(framework.get("indicators", []), 1):
        labels[ind["id"]] = f"CS{n}"
    typed_vetoes = [v for v in framework.get("vetoes", []) if "when" not in v]
    labels.update({veto["id"]: f"PQ{n}" for n, veto in enumerate(typed_vetoes, 1)})
    return labels


def to_cell(kind: str, value: Any, lang: str = "vi") -> Any:
    """An input value as a cell holds it: percentages as fractions, choices as the
    drop-down's words, numbers typed with a decimal comma as numbers (as Excel does)."""
    from .engine import Invalid, parse_flag, parse_number

    if value is None:
        return None
    if isinstance(value, Mapping) and set(value) == {"text"}:
        return str(value["text"])  # {"text": "4,5"}: written verbatim, as if forced in as text
    if kind in ("met", "veto") and (isinstance(value, bool) or value in (0, 1)):
        return choice_word(kind, bool(value), lang)
    if kind in ("met", "veto") and isinstance(value, str):
        try:
            return choice_word(kind, parse_flag(value), lang)
        except Invalid:
            return value
    if kind in ("points", "percent"):
        try:
            number = parse_number(value, percent=kind == "percent")
        except Invalid:
            return value  # text an officer forced in; the workbook will show it as invalid
        return excel_round(number / 100, 10) if kind == "percent" else number
    return value


def from_cell(kind: str, value: Any) -> Any:
    """A cell's value as the engine takes it (the inverse of ``to_cell`` for numbers)."""
    if kind == "percent" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_round(value * 100, 6)
    return value


def _roles(spec: TemplateSpec) -> list[tuple[str, str, str | None]]:
    """The monthly input roles of a template: (role, framework id, linked framework or None)."""
    roles = [("M", spec.main, None)] if spec.main else []
    return roles + [("S", framework_id, framework_id) for framework_id in spec.linked]


def document_to_names(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                      doc: Mapping[str, Any], lang: str = "vi") -> dict[str, Any]:
    """Named values to write for an input document: a scalar for one-cell names, a
    {month index: value} dict for monthly rows, a list of rows for the subordinate block."""
    out: dict[str, Any] = {}
    for key, value in (doc.get("info") or {}).items():  # a ruleset by its id: its name
        out[info_name(key)] = frameworks[value]["short"][lang] \
            if key == "ruleset" and value in spec.rulesets else value
    for role, framework_id, link in _roles(spec):
        for kind, entry in entries(frameworks[framework_id]):
            row: dict[int, Any] = {}
            for month, period in (doc.get("periods") or {}).items():
                source = period if link is None else (period.get("linked") or {}).get(link) or {}
                value = (source.get("values") or {}).get(entry["id"])
                if value is not None:
                    row[int(month) - 1] = to_cell(kind, value, lang)
            if row:
                out[input_name(role, entry["id"])] = row
    rating = doc.get("rating") or {}
    if rating:
        chosen = frameworks[rating.get("framework", spec.rulesets[0])]
        out[info_name("ruleset")] = chosen["short"][lang]
        for framework_id in spec.rulesets:
            for kind, entry in entries(frameworks[framework_id]):
                value = (rating.get("values") or {}).get(entry["id"])
                if value is not None:
                    out[input_name("Y", entry["id"])] = to_cell(kind, value, lang)
    quarters = doc.get("quarters") or {}
    for kind, entry in quarter_entries(spec, frameworks) if quarters else ():
        row = {int(q) - 1: to_cell(kind, value, lang) for q, period in quarters.items()
               if (value := (period.get("values") or {}).get(entry["id"])) is not None}
        if row:
            out[input_name("Q", entry["id"])] = row
    subs = doc.get("subordinates")
    if subs is not None:  # each on its ``row`` (``check_document``), else in order
        rows = [s.get("row", n) for n, s in enumerate(subs)]
        status: list[dict[int, Any]] = [{} for _ in range(max(rows, default=-1) + 1)]
        for row, s in zip(rows, subs):
            status[row] = {int(m) - 1: to_cell("met", v, lang)
                           for m, v in (s.get("months") or {}).items() if v is not None}
        out["FG_SUB_STATUS"] = status
        levels = {lvl["id"]: lvl["title"][lang] for lvl in frameworks[spec.rulesets[0]]["levels"]}
        columns = {"id": "FG_SUB_ID", "name": "FG_SUB_NAME"}
        if spec.main is None:  # the consolidation workbook also lists type, group, levels
            columns.update(type="FG_SUB_TYPE", group="FG_SUB_GROUP", rating="FG_SUB_RATING",
                           decided="FG_SUB_DECIDED")
        for key, name in columns.items():
            given = {row: levels.get(s[key], s[key]) if key in ("rating", "decided")
                     else s[key] for row, s in zip(rows, subs) if key in s}
            if given:  # a list when it is every row from the first, as a sheet reads it
                out[name] = list(given.values()) if list(given) == list(range(len(given))) \
                    else given
    if doc.get("quota_groups") is not None:
        out["FG_QUOTA_GROUP"] = [g["group"] for g in doc["quota_groups"]]
        out["FG_QUOTA_OUTSTANDING"] = [to_cell("veto", g.get("outstanding", False), lang)
                                       for g in doc["quota_groups"]]
    return out


def read_cells(name: str) -> int | None:
    """How many cells a defined name the consolidation reads covers in the templates (None:
    a name it never reads). A received workbook's name of another size is not read."""
    if name.startswith(("FG_META_", "FG_INFO_", "FG_Y_", "FG_RY_")):
        return 1
    if name.startswith(("FG_M_", "FG_S_")) or name in ("FG_R_total", "FG_R_result"):
        return MONTHS
    if name.startswith("FG_Q_"):
        return QUARTERS
    if name in QUARTER_RESULTS:
        return QUARTERS + 1
    if name == "FG_SUB_STATUS":
        return SUBORDINATE_ROWS * MONTHS
    if name.startswith("FG_DEC_") and name != "FG_DEC_HEAD":
        return DECISION_ROWS
    if name in ("FG_SUB_ID", "FG_SUB_NAME"):
        return SUBORDINATE_ROWS
    return None


DOCUMENT_PARTS = ("info", "periods", "rating", "quarters", "subordinates", "quota_groups",
                  "decisions")


YEARS = range(2000, 2101)  # the years a workbook, a roster or an input may be for


def period_month(key: Any, year: Any = None) -> int | None:
    """The month (1..12) a period key names: ``3``, ``"3"`` or ``"YYYY-03"`` (YYYY being
    ``year`` when given, else any of YEARS); else None."""
    text = str(key).strip()
    match = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text)
    if not match:
        return None
    if match[1] and (int(match[1]) not in YEARS if year is None else
                     not (isinstance(year, (int, float)) and int(match[1]) == year)):
        return None
    month = int(match[2])
    return month if 1 <= month <= MONTHS else None


def check_document(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                   doc: Any, year: Any, unit: Any = None, name: str | None = None,
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
    from .errors import InputFileError, Problem
    from .messages import msg

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
        for role, framework_id, link in _roles(spec):
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
    from .messages import fold

    word = " ".join(fold(str(label)).split()) if label is not None else None
    return next((r for r in spec.rulesets if word in {fold(r), *(
        " ".join(fold(t).split()) for t in frameworks[r].get("short", {}).values())}), None)


def quarter_names(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]]
                  ) -> list[str]:
    """The defined names of the quarters' typed inputs of ``spec``'s workbook."""
    return sorted({input_name("Q", entry["id"]) for r in spec.rulesets
                   if "quarters" in frameworks[r] for _, entry in entries(frameworks[r])})


def quarters_filled(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                    named: Mapping[str, Any]) -> list[int]:
    """The quarters (1..3) with something typed among a workbook's ``named`` values."""
    rows = [named.get(name) or [] for name in quarter_names(spec, frameworks)]
    return [q for q in range(1, QUARTERS + 1)
            if any(q <= len(row) and row[q - 1] not in (None, "") for row in rows)]


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
    from .decisions import level_id
    from .messages import msg

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


def quarter_of(key: Any) -> int | None:
    """The quarter (1..QUARTERS) a document's quarter key names: ``1``, ``"2"``, ``"Q3"``;
    else None (quarter IV is rated only within the year)."""
    match = re.fullmatch(r"[Qq]?(\d)", str(key).strip())
    quarter = int(match[1]) if match else None
    return quarter if quarter is not None and 1 <= quarter <= QUARTERS else None


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
    from .errors import Problem
    from .messages import msg

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
    from .engine import evaluate

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


def ruleset_id(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
               label: Any, reading: Reading = CURRENT) -> str:
    """The ruleset chosen in a workbook's cell (its short name in either language, read as
    the formulas read it); the first ruleset when the choice is empty or unknown."""
    return next((ruleset for ruleset in spec.rulesets[1:] if reading.matches(
        label, frameworks[ruleset].get("short", {}).values())), spec.rulesets[0])


def names_to_document(spec: TemplateSpec, frameworks: Mapping[str, Mapping[str, Any]],
                      named: Mapping[str, Any]) -> dict[str, Any]:
    """The input document held by a workbook's named cells (the inverse of
    ``document_to_names``): monthly rows are lists of 12 values."""
    periods: dict[str, dict[str, Any]] = {str(m): {"values": {}} for m in range(1, MONTHS + 1)}
    for role, framework_id, link in _roles(spec):
        for kind, entry in entries(frameworks[framework_id]):
            row = named.get(input_name(role, entry["id"])) or [None] * MONTHS
            for m, value in enumerate(row, 1):
                target = periods[str(m)]
                if link is not None:
                    target = target.setdefault("linked", {}).setdefault(link, {"values": {}})
                if value is not None:
                    target["values"][entry["id"]] = from_cell(kind, value)
    doc: dict[str, Any] = {"periods": periods,
                           "info": {k: named.get(info_name(k)) for k in INFO_KEYS}}
    version = named.get(meta_name("template_version"))
    if version is not None:  # read as the workbook's own formulas read (reading.of_version)
        doc["template_version"] = version
    reading = named_reading(named)
    if spec.rulesets and spec.main is not None:
        ruleset = ruleset_id(spec, frameworks, named.get(info_name("ruleset")), reading)
        values = {}
        for kind, entry in entries(frameworks[ruleset]):
            value = named.get(input_name("Y", entry["id"]))
            if value is not None:
                values[entry["id"]] = from_cell(kind, value)
        doc["rating"] = {"framework": ruleset, "values": values}
        doc["quarters"] = {str(q): {"values": {}} for q in range(1, QUARTERS + 1)}
        for kind, entry in quarter_entries(spec, frameworks):
            row = named.get(input_name("Q", entry["id"])) or [None] * QUARTERS
            for q, value in enumerate(row[:QUARTERS], 1):
                if value is not None:
                    doc["quarters"][str(q)]["values"][entry["id"]] = from_cell(kind, value)
    if spec.subordinates:
        ids = named.get("FG_SUB_ID") or []
        statuses = named.get("FG_SUB_STATUS") or []
        subs = []
        for n, sub_id in enumerate(ids):
            if reading.empty(sub_id):
                continue
            row = statuses[n] if n < len(statuses) else [None] * MONTHS
            subs.append({"id": str(sub_id), "name": (named.get("FG_SUB_NAME") or [""] * (n + 1))[n],
                         "months": {str(m): v for m, v in enumerate(row, 1) if v is not None}})
        doc["subordinates"] = subs
        derived = derived_items(frameworks[spec.main]) if spec.main else []
        for m in range(1, MONTHS + 1):
            share = subordinate_share(subordinate_statuses(doc, m))
            for item_id in derived:
                periods[str(m)]["values"][item_id] = share
    return doc


def named_reading(named: Mapping[str, Any]) -> Reading:
    """How the workbook whose named values are ``named`` reads its typed values."""
    return of_version(named.get(meta_name("template_version")))


def reading_for(doc: Mapping[str, Any]) -> Reading:
    """How the workbook ``doc`` was read from reads its typed values (the current template's
    reading for a document not read from a workbook)."""
    return of_version(doc.get("template_version"))


def subordinate_statuses(doc: Mapping[str, Any], month: int) -> list[bool | None]:
    """Each listed subordinate cell's result for ``month``: True only for «Đạt»/"Met" (as
    the sheet's count reads it), None when nothing is entered."""
    reading = reading_for(doc)
    return [None if reading.empty(value := (sub.get("months") or {}).get(str(month)))
            else reading.matches(value, CHOICES["met"][True])
            for sub in doc.get("subordinates") or []]
