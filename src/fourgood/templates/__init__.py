"""Templates: one macro-free .xlsx per unit type, generated from the frameworks.

Every live result is a native Excel formula compiled from the framework's conditions
(``formulas``), so a workbook shows correct results in Excel, LibreOffice, WPS and on the web
without Python. Every input and result cell has a defined name (``layout``). Each sheet is
built by its own module (``info``, ``monthly``, ``subordinates``, ``year``, ``results``,
``consolidation``, ``help``, ``meta``; the hidden calculation sheet by ``calc``) over the
state of ``builder.Builder``; the look lives in ``style``.
"""
from __future__ import annotations

import functools
import io
import os
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from openpyxl import Workbook

from .. import framework as fw
from .. import document, layout, namedcells, xlsx_rows
from ..errors import InputFileError
from ..messages import msg, nfc
from . import decisions as decision_sheet
from .builder import Builder
from .style import (AMBER, FIXED_TIME, GREEN, HEAD_FILL, RED, fit_row, party_header,
                    style_cell)

__all__ = ["AMBER", "GREEN", "HEAD_FILL", "RED", "Builder", "build", "build_all", "file_names",
           "fill", "fit_row", "new_workbook", "party_header", "save", "save_shipped",
           "save_time", "style_cell", "template_path", "unit_document"]


def build(template_id: str, lang: str = "vi",
          frameworks: Mapping[str, Any] | None = None) -> Workbook:
    """The template workbook ``template_id`` in ``lang`` (built with ``frameworks``, by
    id, where given instead of the shipped ones)."""
    return Builder(layout.TEMPLATES[template_id], lang, frameworks).build()


def save(workbook: Workbook, path: Path, stable: bool = True,
         rows: Mapping[str, "xlsx_rows.Rows"] | None = None) -> None:
    """Save through a temporary file renamed into place. ``stable``: fixed timestamps
    (document properties and zip entries), so that the same template builds to the same
    bytes; a report keeps the real time it was written. ``rows``: sheet title -> the rows
    written into that sheet after openpyxl saved it (``xlsx_rows``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        streamed = {part: rows[title] for title, part in namedcells.sheet_parts(src).items()
                    if title in rows} if rows else {}
        for info in src.infolist():
            data = src.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6]
                                    if stable else info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename in streamed:
                with out.open(entry, "w") as part:
                    xlsx_rows.write_sheet(data, streamed[info.filename], part)
                continue
            if stable and info.filename == "docProps/core.xml":
                data = namedcells.stamp_saved(data, FIXED_TIME)
            out.writestr(entry, data)
    tmp.replace(path)


def save_time() -> datetime:
    """The save time a workbook written now carries: now, or ``SOURCE_DATE_EPOCH`` (seconds
    since 1970, UTC) when set, for builds and tests that need the same bytes every time."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return datetime.fromtimestamp(int(fixed), timezone.utc)
    return datetime.now(timezone.utc)


def file_names(lite: bool = False) -> dict[str, str]:
    """Template id -> the file name ``build_all`` (or, with ``lite``, ``build_lite``) gives it."""
    if lite:  # the consolidation workbook reads files: the add-in's job, not Lite's
        return {i: f"{i}-lite.xlsx" for i, spec in layout.TEMPLATES.items() if spec.main}
    return {i: spec.file_name for i, spec in layout.TEMPLATES.items()}


def build_all(out_dir: Path | str, lang: str = "vi") -> list[Path]:
    """Write every template into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for template_id, name in file_names().items():
        path = out / name
        save_shipped(template_id, path, lang)
        paths.append(path)
    return paths


def build_lite(out_dir: Path | str, lang: str = "vi") -> list[Path]:
    """Write the xlwings Lite variant of each unit template (``<id>-lite.xlsx``: the
    template with its Python inside) into ``out_dir``; returns the paths written."""
    from .. import lite

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    main = lite.main_py(lang)
    paths = []
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        for template_id, name in file_names(lite=True).items():
            plain = Path(tmp) / layout.TEMPLATES[template_id].file_name
            save_shipped(template_id, plain, lang)
            paths.append(lite.build(plain, out / name, main, lang))
    return paths


def template_path(template_id: str, template_dir: Path | None, cache: Path, lang: str,
                  frameworks: Mapping[str, Any] | None = None) -> Path:
    """A template file: from ``template_dir`` when given, else written into ``cache`` as
    ``save_shipped`` builds it (or built with ``frameworks``, by id, where given)."""
    spec = layout.TEMPLATES[template_id]
    if template_dir is not None:
        return Path(template_dir) / spec.file_name
    path = cache / f"{lang}-{spec.file_name}"
    if not path.exists():
        if frameworks is None:
            save_shipped(template_id, path, lang)
        else:
            save(build(template_id, lang, frameworks), path)
    return path


def save_shipped(template_id: str, path: Path, lang: str = "vi") -> None:
    """Write the template ``template_id`` in ``lang``, built from the shipped frameworks, to
    ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(_shipped_bytes(template_id, lang))
    tmp.replace(path)


@functools.lru_cache(maxsize=None)
def _shipped_bytes(template_id: str, lang: str) -> bytes:
    """A template's bytes, built once per process: a build from the shipped frameworks gives
    the same bytes every time (``save`` fixes the times)."""
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        path = Path(tmp) / layout.TEMPLATES[template_id].file_name
        save(build(template_id, lang), path)
        return path.read_bytes()


def unit_document(roster, unit, year: int, lang: str = "vi") -> dict[str, Any]:
    """The pre-filled part of a unit's workbook: identification, and the units under it."""
    from ..roster import TYPE_TITLES

    parent = roster[unit.parent].name if unit.parent else ""
    doc: dict[str, Any] = {"info": {"unit_name": unit.name, "unit_id": unit.id,
                                    "unit_type": TYPE_TITLES[unit.type][lang],
                                    "parent_name": parent, "year": year}}
    spec = layout.TEMPLATE_FOR_TYPE[unit.type]
    if spec.subordinates:
        under = listed_units(roster, unit.id, spec)
        doc["subordinates"] = [{"id": u.id, "name": u.name, "type": TYPE_TITLES[u.type][lang],
                                "group": roster.quota_title(u.id, unit.id, lang)}
                               for u in under]
        if spec.main is None:
            doc["quota_groups"] = quota_groups(roster, under, unit.id, lang)
    return doc


def listed_units(roster, unit_id: str, spec: layout.TemplateSpec) -> list:
    """The units a workbook lists: a committee's own cells, or every unit under the
    consolidation workbook's unit."""
    if spec.main is not None:
        return [u for u in roster.children(unit_id) if u.type == "chi-bo"]
    return list(roster.descendants(unit_id))


def quota_groups(roster, units, root: str, lang: str = "vi") -> list[dict[str, Any]]:
    """The quota groups of ``units`` as the consolidation workbook lists them: one row per
    group of comparable units under the same parent (by its title), outstanding when that
    parent is."""
    groups: dict[str, bool] = {}
    for unit in units:
        parent = roster.quota_group(unit.id)[0]
        groups[roster.quota_title(unit.id, root, lang)] = bool(parent and
                                                               roster[parent].outstanding)
    return [{"group": key, "outstanding": flag} for key, flag in groups.items()]


@functools.lru_cache(maxsize=8)
def _template_values(path: str, mtime: float) -> dict[str, Any]:
    """A template's own named values, read once per run (``new --all`` over a full folder
    compares every existing workbook with them)."""
    return namedcells.read(path)


def _cells(value: Any) -> list[Any]:
    """A named value's cells in order (a scalar, a row, or rows)."""
    if not isinstance(value, list):
        return [value]
    return [cell for v in value for cell in _cells(v)]


def holds_inputs(path: Path, fresh: Mapping[str, Any]) -> bool:
    """Whether the existing file ``path`` holds anything a fresh workbook would lose (its
    named values being ``fresh``: the template's own, then what ``new`` writes): an input
    that differs, or, for a file that is not a fourgood workbook, anything at all."""
    try:
        named = namedcells.read(path)
    except Exception:  # noqa: BLE001 - unreadable or another kind of file: someone's data
        return True
    if layout.meta_name("template_id") not in named:
        return True
    for name, value in named.items():
        if name.startswith(layout.INPUT_PREFIXES):
            old, new = _cells(value), _cells(fresh.get(name))
            new += [None] * (len(old) - len(new))
            if any(o not in (None, "") and o != n for o, n in zip(old, new)):
                return True
    return False


def holds_data(path: Path) -> bool | None:
    """Whether the fourgood workbook ``path`` holds anything typed into it or consolidated
    (a month's values, a quarter, an appraisal…), beyond what ``new`` writes; None when it
    is not a fourgood workbook."""
    try:
        named = namedcells.read(path)
    except Exception:  # noqa: BLE001 - unreadable or another kind of file
        return None
    if named.get(layout.meta_name("template_id")) not in layout.TEMPLATES:
        return None
    return any(name.startswith(layout.DATA_PREFIXES) and name != "FG_DEC_HEAD"
               and any(cell not in (None, "") for cell in _cells(value))
               for name, value in named.items())


def new_workbook(roster, unit_id: str, year: int, out: Path, template_dir: Path | None = None,
                 cache: Path | None = None, lang: str = "vi", force: bool = False,
                 frameworks: Mapping[str, Any] | None = None) -> Path | None:
    """Write the pre-filled workbook of one unit of ``roster`` to ``out`` (built with
    ``frameworks``, by id, where given: a locality's own), saved at the time it is written
    (``save_time``); an existing file that holds inputs is kept (None is returned) unless
    ``force``."""
    unit = roster[unit_id]
    spec = layout.TEMPLATE_FOR_TYPE[unit.type]
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        template = template_path(spec.id, template_dir, cache or Path(tmp), lang, frameworks)
        doc = unit_document(roster, unit, year, lang)
        values = layout.document_to_names(spec, frameworks or fw.shipped(), doc, lang)
        values.update({layout.meta_name("unit_id"): unit.id, layout.meta_name("year"): year})
        if out.exists() and not force and holds_inputs(
                out, {**_template_values(str(template), template.stat().st_mtime), **values}):
            return None
        out.parent.mkdir(parents=True, exist_ok=True)
        namedcells.write(template, values, out, saved_at=save_time())
    return out


def workbook_meta(path: Path) -> dict[str, Any]:
    """What a fourgood workbook says of itself (``_fourgood``: template_id, unit_id, year,
    lang, …; None where empty); InputFileError for a missing file or one that is not a
    fourgood workbook."""
    names = {layout.meta_name(k): k for k in layout.META_KEYS}
    try:
        named = namedcells.read(path, names)
    except FileNotFoundError:
        raise InputFileError(msg("cli_file_missing", path=str(path))) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputFileError(msg("cli_not_fourgood_workbook", path=str(path),
                                 detail=layout.meta_name("template_id"))) from None
    return {key: named.get(name) for name, key in names.items()}


def fill(path: Path, doc: Mapping[str, Any], out: Path, check: bool = True) -> list[str]:
    """Write an input document into a copy of a fourgood workbook, as an officer would type
    it; returns the zip parts edited (every other part is copied unchanged; the copy carries
    the time it is written, ``save_time``). The document
    is checked against the workbook's own kind and frameworks first (InputFileError);
    ``check=False`` writes invalid values too, as an officer could type them in Excel."""
    meta = workbook_meta(path)
    if meta["template_id"] not in layout.TEMPLATES:
        raise InputFileError(msg("cli_not_fourgood_workbook", path=str(path),
                                 detail=layout.meta_name("template_id")))
    spec = layout.TEMPLATES[meta["template_id"]]
    lang = meta["lang"] or "vi"
    frameworks = fw.shipped()
    if check:
        current = namedcells.read(path, [layout.info_name("ruleset"), "FG_SUB_ID",
                                         *layout.quarter_names(spec, frameworks)])
        doc = document.check(spec, frameworks, doc, meta["year"], meta["unit_id"], str(path),
                             current)
    values = layout.document_to_names(spec, frameworks, doc, lang)
    if doc.get("decisions"):
        values.update(_decision_cells(path, doc["decisions"], frameworks, spec, lang))
    values = {name: _nfc(value) for name, value in values.items()}
    return namedcells.write(path, values, out, saved_at=save_time(),
                            heights=decision_sheet.row_heights(values))


def _nfc(value: Any) -> Any:
    """A value to write with every text in it in Unicode NFC, as Vietnamese is kept (a name
    or a remark typed in Unikey's decomposed form is written composed)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _decision_cells(path: Path, rows, frameworks, spec, lang: str) -> dict[str, dict[int, Any]]:
    """The «Thẩm định, quyết định» cells of ``rows`` (each with its unit and period), on the
    rows the sheet already lists, written as an officer would type them."""
    from datetime import date

    from .. import decisions
    from ..engine import Invalid, parse_flag

    named = namedcells.read(path, ["FG_DEC_UNIT", "FG_DEC_PERIOD", "FG_INFO_ruleset"])
    ruleset = frameworks[layout.ruleset_id(spec, frameworks, named.get("FG_INFO_ruleset"))]
    index = {(u, decisions.period_key(p)): n for n, (u, p) in
             enumerate(zip(named["FG_DEC_UNIT"], named["FG_DEC_PERIOD"])) if u}
    cells: dict[str, dict[int, Any]] = {}
    missing = []
    for row in rows:
        key = (row["unit"], decisions.period_key(row["period"]))
        if key not in index:
            missing.append(msg("doc_decision_row", unit=row["unit"], period=row["period"]))
            continue
        for column, value in row.items():
            if column in ("unit", "period") or value is None:
                continue
            if column in ("appraised", "level"):
                found = decisions.level_id(ruleset, value)
                value = decisions.level_title(ruleset, found)[lang] if found else value
            elif column == "day" and isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    pass  # written as typed: decide says what is wrong with it
            elif column in ("recognized", "rerate"):
                try:
                    value = layout.to_cell("veto", parse_flag(value), lang)
                except Invalid:
                    pass
            cells.setdefault(f"FG_DEC_{column.upper()}", {})[index[key]] = value
    if missing:
        from ..errors import Problem

        raise InputFileError(msg("doc_invalid", template=str(path)),
                             [Problem("doc_decision_row", "decisions", m) for m in missing])
    return cells
