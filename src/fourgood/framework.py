"""Criteria frameworks: find, load, validate (schema and meaning) and fingerprint them."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .errors import FourgoodError, FrameworkError, Problem, where_text
from .messages import SCHEMA_CODES, msg, nfc

PERIOD_REFS = {"total", "min_criterion_ratio", "veto_count"}
YEAR_REFS = {"periods_assessed", "periods_achieved", "periods_with_veto", "min_band", "rating"}


def schema(name: str) -> dict[str, Any]:
    """One of the shipped JSON Schemas: ``framework``, ``roster`` or ``submission``."""
    return _schema(name)


@lru_cache(maxsize=None)
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("fourgood.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def _fast_validator(name: str):
    import jsonschema_rs  # not at module level, as jsonschema below

    return jsonschema_rs.Draft202012Validator(schema(name))


def shipped_ids() -> list[str]:
    """Ids of the frameworks shipped inside the package."""
    folder = resources.files("fourgood").joinpath("frameworks")
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def read_json(path: Path | str, what: str = "framework",
              error: type[FourgoodError] = FrameworkError) -> Any:
    """Read a JSON file of ``what`` ("framework" or "roster"), turning what it cannot read —
    a folder, a workbook named .json, bytes that are not text, a syntax error (located) —
    into a bilingual ``error`` that says how to put it right for that kind of file."""
    path = Path(path)
    if path.is_dir():
        raise error(msg(f"json_is_folder_{what}", path=str(path)))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(msg("cli_file_missing", path=str(path))) from None
    if data[:4] == b"PK\x03\x04":  # an .xlsx (a zip) named .json
        raise error(msg(f"json_is_workbook_{what}", path=str(path)))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise error(msg("json_not_text", path=str(path))) from None
    except json.JSONDecodeError as exc:
        raise error(msg(f"json_syntax_{what}", path=str(path), line=exc.lineno,
                        col=exc.colno)) from None


def dumps(framework: Mapping[str, Any]) -> str:
    """A framework file's text as fourgood writes it (``framework import``)."""
    return json.dumps(framework, ensure_ascii=False, indent=2) + "\n"


def is_written(path: Path) -> bool:
    """Whether ``path`` holds a framework laid out exactly as fourgood writes one: an
    earlier ``framework import`` (a file edited by hand rarely keeps that layout)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"id", "kind"} <= set(data) and text == dumps(data)


def load_raw(ref: str | Path) -> dict[str, Any]:
    """A framework by shipped id or file path, without validation."""
    path = Path(ref)
    if path.suffix.lower() == ".json" or path.exists():
        return read_json(path)
    if str(ref) in shipped_ids():
        return _shipped(str(ref))
    raise FrameworkError(msg("fw_not_found", name=str(ref)))


@lru_cache(maxsize=None)
def _shipped(framework_id: str) -> dict[str, Any]:
    text = resources.files("fourgood").joinpath("frameworks", f"{framework_id}.json")
    return json.loads(text.read_text("utf-8"))


def load(ref: str | Path) -> dict[str, Any]:
    """Load and validate a framework; raises FrameworkError listing every problem."""
    data = load_raw(ref)
    problems = check(data)
    if problems:
        raise FrameworkError(msg("cli_check_failed", count=len(problems), name=str(ref)), problems)
    return data


def shipped() -> dict[str, dict[str, Any]]:
    """Every shipped framework by id, validated once per process (do not modify them)."""
    return dict(_shipped_validated())


def with_local(files: Iterable[str | Path] | Mapping[str, Any] | None = ()
               ) -> dict[str, dict[str, Any]]:
    """The shipped frameworks by id, each replaced by a locality's own file of the same id
    (as ``framework import`` writes it), checked; a file of another id is refused. A
    mapping by id is a set already chosen, returned as it is (a copy)."""
    if isinstance(files, Mapping):
        return dict(files)
    frameworks = shipped()
    for file in files or ():
        data = load(file)
        if data["id"] not in frameworks:
            raise FrameworkError(msg("cli_framework_other_id", path=str(file), id=data["id"],
                                     ids=", ".join(frameworks)))
        frameworks[data["id"]] = data
    return frameworks


@lru_cache(maxsize=None)
def _shipped_validated() -> dict[str, dict[str, Any]]:
    return {framework_id: load(framework_id) for framework_id in shipped_ids()}


def resolve(framework_id: str) -> dict[str, Any] | None:
    """A shipped framework by id, or None."""
    return _shipped(framework_id) if framework_id in shipped_ids() else None


def related(framework: Mapping[str, Any],
            lookup: Callable[[str], Mapping[str, Any] | None] = resolve) -> dict[str, Any]:
    """Every framework this one refers to (linked items, derived items, rating rulesets), by id."""
    found: dict[str, Any] = {}
    pending = list(_references(framework))
    while pending:
        ref = pending.pop()
        if ref in found:
            continue
        other = lookup(ref)
        if other is not None:
            found[ref] = other
            pending.extend(_references(other))
    return found


def _references(framework: Mapping[str, Any]) -> Iterable[str]:
    for crit in framework.get("criteria", []):
        for item in crit.get("items", []):
            for key in ("link", "derive"):
                if key in item:
                    yield item[key]["framework"]
    yield from framework.get("year_rollup", {}).get("rating_rulesets", [])


def per_object(cache: dict[int, tuple[Any, Any]], obj: Any, make: Callable[[], Any],
               limit: int = 64) -> Any:
    """``make()``, computed once per object ``obj`` (frameworks and the mappings of them are
    never changed once loaded). The cache holds ``obj`` itself, so another object can never
    be taken for it; past ``limit`` objects it starts again."""
    held = cache.get(id(obj))
    if held is None or held[0] is not obj:
        if len(cache) >= limit:
            cache.clear()
        held = cache[id(obj)] = (obj, make())
    return held[1]


_HASHES: dict[int, tuple[Any, str]] = {}


def framework_hash(framework: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, NFC text): the framework's fingerprint
    (computed once per framework object)."""
    def digest() -> str:
        canonical = json.dumps(framework, ensure_ascii=False, sort_keys=True,
                               separators=(",", ":"))
        return hashlib.sha256(nfc(canonical).encode("utf-8")).hexdigest()
    return per_object(_HASHES, framework, digest)


def json_path(parts: Iterable[Any]) -> str:
    """``$.criteria[1].items[0].max`` from a sequence of keys and indexes."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def schema_problems(data: Any, schema_name: str,
                    where: Callable[[list[Any]], str] = json_path,
                    reword: Callable[[list[Any], str, Any, str], Any] | None = None
                    ) -> list[Problem]:
    """Every JSON Schema violation, located by ``where`` and worded in vi/en (``reword``:
    given its path, code, detail and value, the (location, message) a file shown to people
    otherwise than as JSON words it in, or None)."""
    try:
        if _fast_validator(schema_name).is_valid(data):
            return []  # the usual case, ≈ 100 times faster; jsonschema words what is wrong
    except ImportError:  # xlwings Lite (Pyodide) has no jsonschema_rs: jsonschema alone
        pass
    import jsonschema  # not at module level: only where a file is checked

    validator = jsonschema.Draft202012Validator(schema(schema_name))
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        code = SCHEMA_CODES.get(error.validator, "schema_other")
        if code == "schema_pattern" and path and path[-1] == "email":
            code = "schema_pattern_email"  # not the ids' rule
        detail: Any = error.validator_value
        if error.validator == "required":
            detail = next((k for k in error.validator_value if k not in error.instance),
                          error.message)
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            allowed = set(error.schema.get("properties", {}))
            detail = ", ".join(sorted(k for k in error.instance if k not in allowed)) or error.message
        elif error.validator in ("enum",):
            detail = ", ".join(map(str, error.validator_value))
        elif error.validator == "const":
            detail = str(error.validator_value)
        elif code == "schema_other":
            detail = error.message
        value = json.dumps(error.instance, ensure_ascii=False)
        if len(value) > 60:
            value = value[:57] + "…"
        location, said = (reword and reword(path, code, detail, value)) or (
            where(path), msg(code, detail=detail, value=value))
        problems.append(Problem(f"schema.{error.validator}", where_text(location),
                                msg("fw_schema", path=location, detail=said)))
    return problems


def check(data: Any, lookup: Callable[[str], Mapping[str, Any] | None] = resolve,
          where: Callable[[list[Any]], str] = json_path) -> list[Problem]:
    """Validate a framework against the schema, then its meaning (ids, sums, references)."""
    problems = schema_problems(data, "framework", where)
    if problems:
        return problems
    return _Semantics(data, lookup, where).run()


class _Semantics:
    """Checks the schema cannot express; each problem names the JSON path."""

    def __init__(self, fw: Mapping[str, Any], lookup, where):
        self.fw, self.lookup, self.where = fw, lookup, where
        self.problems: list[Problem] = []

    def problem(self, code: str, path: list[Any], **params: Any) -> None:
        location = self.where(path)
        self.problems.append(Problem(code, where_text(location),
                                     msg(f"fw_{code}", path=location, **params)))

    def run(self) -> list[Problem]:
        fw = self.fw
        self.ids: dict[str, list[Any]] = {}
        for c, crit in enumerate(fw["criteria"]):
            self.unique(crit["id"], ["criteria", c, "id"])
            for i, item in enumerate(crit["items"]):
                path = ["criteria", c, "items", i]
                self.unique(item["id"], path + ["id"])
                self.item(item, path)
            if fw.get("scoring", "points") == "points":
                total = sum(i.get("max", 0) for i in crit["items"])
                if crit.get("max") != total:
                    self.problem("max_mismatch", ["criteria", c, "max"],
                                 declared=crit.get("max", "—"), actual=total)
        for key in ("indicators", "vetoes"):
            for n, entry in enumerate(fw.get(key, [])):
                self.unique(entry["id"], [key, n, "id"])
        self.items = {i["id"] for c in fw["criteria"] for i in c["items"]}
        self.items |= {i["id"] for i in fw.get("indicators", [])}
        self.crits = {c["id"] for c in fw["criteria"]}
        self.needs()
        self.bands()
        self.levels()
        for n, veto in enumerate(fw.get("vetoes", [])):
            if "when" in veto:
                self.condition(veto["when"], ["vetoes", n, "when"], PERIOD_REFS)
        if "achievement" in fw:
            self.conditions(fw["achievement"]["conditions"], ["achievement"], PERIOD_REFS)
        if "year_rollup" in fw:
            self.rollup(fw["year_rollup"])
        if "quarters" in fw:
            self.quarters(fw["quarters"])
        return self.problems

    def unique(self, entry_id: str, path: list[Any]) -> None:
        if entry_id in self.ids:
            self.problem("duplicate_id", path, id=entry_id)
        self.ids.setdefault(entry_id, path)

    def item(self, item: Mapping[str, Any], path: list[Any]) -> None:
        step = item.get("step")
        if step and item.get("max") is not None:
            ratio = item["max"] / step
            if abs(ratio - round(ratio)) > 1e-9:
                self.problem("step_max", path + ["step"], max=item["max"], step=step)
        for key in ("link", "derive"):
            if key in item and self.lookup(item[key]["framework"]) is None:
                self.problem("unknown_framework", path + [key, "framework"],
                             id=item[key]["framework"])

    def needs(self) -> None:
        kind = self.fw["kind"]
        field = {"four-good": "achievement", "meeting-quality": "bands", "rating": "levels"}[kind]
        if field not in self.fw:
            self.problem("kind_needs", [], kind=kind, field=field)
        if kind == "rating" and "quota" in self.fw:
            levels = [lvl["id"] for lvl in self.fw.get("levels", [])]
            for key in ("level", "base_at_least"):
                value = self.fw["quota"][key]
                if value not in levels:
                    self.problem("bad_ordinal", ["quota", key], value=value, ref="levels",
                                 choices=", ".join(levels))

    def bands(self) -> None:
        bands = self.fw.get("bands", [])
        mins = [b["min"] for b in bands]
        if bands and (mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins)
                      or mins[-1] != 0):
            self.problem("bands_order", ["bands"])
        for n, band in enumerate(bands):
            self.unique(band["id"], ["bands", n, "id"])

    def levels(self) -> None:
        levels = self.fw.get("levels", [])
        for n, level in enumerate(levels):
            self.unique(level["id"], ["levels", n, "id"])
            self.conditions(level["conditions"], ["levels", n], PERIOD_REFS)
        if levels and levels[-1]["conditions"]:
            self.problem("levels_fallback", ["levels", len(levels) - 1, "conditions"])

    def quarters(self, quarters: Mapping[str, Any]) -> None:
        """Quarters belong to a rating ruleset; the levels they flag are its own."""
        if self.fw["kind"] != "rating":
            self.problem("quarters_not_rating", ["quarters"], kind=self.fw["kind"])
        levels = [lvl["id"] for lvl in self.fw.get("levels", [])]
        for n, level in enumerate(quarters["year"]["flag_quarter_levels"]):
            if level not in levels:
                self.problem("bad_ordinal", ["quarters", "year", "flag_quarter_levels", n],
                             value=level, ref="levels", choices=", ".join(levels) or "—")

    def rollup(self, rollup: Mapping[str, Any]) -> None:
        rating_levels: list[str] = []
        for n, ruleset in enumerate(rollup.get("rating_rulesets", [])):
            other = self.lookup(ruleset)
            if other is None:
                self.problem("unknown_framework", ["year_rollup", "rating_rulesets", n],
                             id=ruleset)
            elif not rating_levels:
                rating_levels = [lvl["id"] for lvl in other.get("levels", [])]
        self.rating_levels = rating_levels
        self.conditions(rollup["conditions"], ["year_rollup"], YEAR_REFS)

    def conditions(self, conds: list[Mapping[str, Any]], path: list[Any], refs: set[str]) -> None:
        for n, cond in enumerate(conds):
            self.condition(cond, path + ["conditions", n], refs)

    def condition(self, cond: Mapping[str, Any], path: list[Any], refs: set[str]) -> None:
        ref = cond["ref"]
        kind, _, target = ref.partition(":")
        known = {
            "criterion": self.crits, "item": self.items,
            "band_count": {b["id"] for b in self.fw.get("bands", [])},
        }
        year_scope = "band_count" in ref or refs is YEAR_REFS
        ok = (ref in refs) if not target else (target in known[kind] and
                                                (kind == "band_count") == year_scope)
        if not ok:
            self.problem("bad_ref", path + ["ref"], ref=ref)
            return
        ordinals = {"min_band": [b["id"] for b in self.fw.get("bands", [])],
                    "rating": getattr(self, "rating_levels", [])}
        if ref in ordinals:
            if cond["value"] not in ordinals[ref]:
                self.problem("bad_ordinal", path + ["value"], value=cond["value"], ref=ref,
                             choices=", ".join(ordinals[ref]) or "—")
        elif not isinstance(cond["value"], (int, float)):
            self.problem("not_number", path + ["value"], ref=ref, value=cond["value"])
