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
``document.check`` checks a document against a workbook before ``fill`` writes it.
Percentages are 0..100 in documents and stored as fractions (percent format) in cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from .engine import CHOICES, choice_word, derived_items, excel_round, subordinate_share
from .reading import CURRENT, Reading, of_version

MONTHS = 12
QUARTERS = 3  # quarters rated on their own (Guidance 43: I, II, III; IV only in the year)
PERIODS = tuple(str(q) for q in range(1, QUARTERS + 1)) + ("year",)  # rated and decided
SUBORDINATE_ROWS = 40
QUOTA_ROWS = 20
DECISION_ROWS = SUBORDINATE_ROWS * len(PERIODS)  # each direct subordinate, each period
DECISION_QUOTA_ROWS = QUOTA_ROWS * len(PERIODS)  # each comparable group, each period
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


def monthly_roles(spec: TemplateSpec) -> list[tuple[str, str, str | None]]:
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
    for role, framework_id, link in monthly_roles(spec):
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
    if subs is not None:  # each on its ``row`` (``document.check``), else in order
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


def quarter_of(key: Any) -> int | None:
    """The quarter (1..QUARTERS) a document's quarter key names: ``1``, ``"2"``, ``"Q3"``;
    else None (quarter IV is rated only within the year)."""
    match = re.fullmatch(r"[Qq]?(\d)", str(key).strip())
    quarter = int(match[1]) if match else None
    return quarter if quarter is not None and 1 <= quarter <= QUARTERS else None


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
    for role, framework_id, link in monthly_roles(spec):
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
