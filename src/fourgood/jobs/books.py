"""Workbooks: a fourgood workbook as read (``Book``), making each unit's pre-filled workbook
(``make``), filling one from an input document (``fill``) and scoring an input document
without a workbook (``score``)."""
from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import python_calamine

from .. import engine, framework as fw, layout, namedcells, outputs as out_kinds, templates
from ..errors import InputFileError
from ..messages import msg
from ..outputs import Outputs
from ..roster import Roster, slug
from .rosters import given_roster


@dataclass
class Book:
    """A fourgood workbook as read: where it is (``path``, named in messages) and its named
    values (``named``, the ``FG_META_`` ones included), from the saved file or, inside
    Excel, from the workbook as it is open."""

    path: Path
    named: Mapping[str, Any]

    @classmethod
    def read(cls, path: Path | str) -> "Book":
        """The saved workbook at ``path``."""
        path = Path(path)
        if not path.is_file():
            raise InputFileError(msg("cli_file_missing", path=str(path)))
        try:
            return cls(path, namedcells.read(path))
        except (ValueError, KeyError, OSError, zipfile.BadZipFile,
                python_calamine.CalamineError):
            raise InputFileError(msg("cli_not_fourgood_workbook", path=str(path),
                                     detail=layout.meta_name("template_id"))) from None

    def meta(self, key: str) -> Any:
        """What the workbook says of itself (``_fourgood``): template_id, unit_id, year, lang."""
        return self.named.get(layout.meta_name(key))

    @property
    def lang(self) -> str:
        return self.meta("lang") or "vi"

    @property
    def year(self) -> Any:
        """The year on «Thông tin», else the one the workbook was made for."""
        year = self.named.get("FG_INFO_year") or self.meta("year")
        return int(year) if isinstance(year, (int, float)) and not isinstance(year, bool) \
            else year


@dataclass
class Made:
    """What ``make`` did: the workbooks written and those kept because they hold inputs."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def make(roster: Path | str | Roster, year: int, output: Path | str, *,
         unit: str | None = None, templates_dir: Path | str | None = None,
         frameworks: Any = None, lang: str = "vi", force: bool = False,
         progress: Callable[[int, int, Path, str | None], None] | None = None) -> Made:
    """Write the pre-filled workbook of ``unit`` to the file ``output``, or with ``unit``
    None of every unit of ``roster`` into the folder ``output`` («id_name.xlsx»). A
    workbook already there that holds inputs is kept unless ``force``. ``templates_dir``:
    templates to start from (else built); ``frameworks``: a locality's framework files in
    place of the shipped ones (not with ``templates_dir``). ``progress(n, total, path,
    template)`` is called after each workbook (``template``: the template's file name it
    was made from, None when it was kept)."""
    tree, roster_name = given_roster(roster)
    if unit is not None and unit not in tree.units:
        raise InputFileError(msg("cli_unknown_unit", unit=unit, roster=roster_name))
    if frameworks and templates_dir is not None:
        raise InputFileError(msg("cli_framework_with_templates"))
    chosen = fw.with_local(frameworks) if frameworks else None
    output = Path(output)
    if unit is not None:
        out_kinds.check_name(output, out_kinds.WORKBOOK)
    elif output.is_file() or output.suffix.lower() == ".xlsx":
        raise InputFileError(msg("out_not_folder", path=str(output)))
    units = list(tree.units) if unit is None else [unit]
    made = Made()
    with tempfile.TemporaryDirectory(prefix="fourgood-") as cache:
        for n, unit_id in enumerate(units, 1):
            target = output if unit is not None else \
                output / f"{unit_id}_{slug(tree[unit_id].name)}.xlsx"
            written = templates.new_workbook(
                tree, unit_id, year, target, Path(templates_dir) if templates_dir else None,
                Path(cache), lang, force=force, frameworks=chosen) is not None
            (made.written if written else made.kept).append(target)
            if progress:
                progress(n, len(units), target, layout.TEMPLATE_FOR_TYPE[
                    tree[unit_id].type].file_name if written else None)
    return made


def read_document(source: Path | str | Mapping[str, Any]) -> dict[str, Any]:
    """An input document: a mapping as given, or the JSON file ``source``."""
    if isinstance(source, Mapping):
        return dict(source)
    path = str(source)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputFileError(msg("cli_file_missing", path=path)) from None
    except json.JSONDecodeError as exc:
        raise InputFileError(msg("cli_input_bad_json", path=path, line=exc.lineno,
                                 column=exc.colno)) from None
    except UnicodeDecodeError:
        raise InputFileError(msg("cli_input_not_text", path=path)) from None
    if not isinstance(data, dict):
        raise InputFileError(msg("cli_input_not_object", path=path))
    return data


def fill(workbook: Path | str, values: Path | str | Mapping[str, Any], output: Path | str,
         *, force: bool = False) -> list[str]:
    """Write the input document ``values`` (a mapping or a JSON file) into a copy of the
    fourgood workbook ``workbook`` at ``output``, as an officer would type it, checked
    against the workbook's own kind and frameworks first; returns the zip parts edited."""
    source, target = Path(workbook), Path(output)
    if not source.exists():
        raise InputFileError(msg("cli_file_missing", path=str(source)))
    document = read_document(values)
    with Outputs((target, out_kinds.WORKBOOK), force=force) as outputs:
        return templates.fill(source, document, outputs.staged(target))


def score(framework: str | Path, inputs: Path | str | Mapping[str, Any]
          ) -> engine.PeriodResult | engine.YearResult | engine.RatedYear:
    """Score an input document (a mapping or a JSON file) with ``framework`` (an id or a
    file): one period (``values``), a year (``periods``, ``rating``) or a ruleset's
    quarters and year (``quarters``)."""
    inputs = read_document(inputs)
    period = inputs.get("period")  # a month "YYYY-MM", or a year "YYYY" for a rating
    year_only = re.fullmatch(r"\d{4}", str(period)) and int(period) in layout.YEARS
    if period is not None and not year_only and (
            not re.fullmatch(r"\d{4}-\d{2}", str(period)) or layout.period_month(period) is None):
        raise InputFileError(msg("score_bad_period", period=period))
    for key in inputs.get("periods") or {}:
        if layout.period_month(key) is None:
            raise InputFileError(msg("score_bad_period", period=key))
    data = fw.load(framework)
    if inputs.get("framework") not in (None, data["id"]):
        raise InputFileError(msg("cli_input_framework_mismatch", found=inputs["framework"],
                                 expected=data["id"]))
    related = fw.related(data)
    if "quarters" in inputs and data["kind"] == "rating":
        quarters = inputs["quarters"]
        for key, period in quarters.items() if isinstance(quarters, dict) else [(quarters, 0)]:
            if layout.quarter_of(key) is None or not isinstance(period, dict):
                raise InputFileError(msg("doc_bad_quarter", quarter=key))
        return engine.rate_year(data, inputs, {str(layout.quarter_of(k)): v
                                               for k, v in quarters.items()}, related)
    if "periods" not in inputs:
        return engine.evaluate(data, inputs, related)
    rating = None
    if inputs.get("rating"):
        ruleset_id = inputs["rating"].get("framework") or data["year_rollup"]["rating_rulesets"][0]
        ruleset = fw.load(ruleset_id)
        related[ruleset["id"]] = ruleset
        rating = engine.evaluate(ruleset, inputs["rating"], related)
    return engine.evaluate_year(data, inputs["periods"], rating=rating, frameworks=related)
