"""Consolidating: every file of the inboxes read into the ledger, the report written, and
optionally a committee's or the city's own workbook filled with what the run found."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .. import consolidate as cons, framework as fw, layout, namedcells, outputs as out_kinds
from .. import templates
from ..errors import InputFileError
from ..ledger import Ledger
from ..messages import msg
from ..outputs import Outputs
from ..report import write_json, write_report
from ..roster import Roster
from .books import Book
from .rosters import given_roster


@dataclass
class Consolidated:
    """What ``consolidate`` found and wrote: the files written; the run in a few lines
    (``lines``: the year and unit chosen, the month and quarter reported, the steps of the
    year's decisions, what was read, the first problems; ``wrong_year``: workbooks of
    another year were received, else None); the units with a current workbook
    (``current``); for the workbook filled (``into``), the named values it now holds
    (``values``; ``older``: names an older template lacks, left out). With ``details``:
    every file read (``files``, as the report lists them) and each unit's month results
    (``months``: unit, name, type, parent, month, status, four_good)."""

    report: Path
    ledger: Path
    summary: Path | None
    lines: list[str]
    wrong_year: str | None
    current: frozenset[str]
    into: Path | None = None
    values: dict[str, Any] | None = None
    older: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    months: list[dict[str, Any]] = field(default_factory=list)

    @property
    def listed(self) -> list[str]:
        """The units the filled workbook lists."""
        return [u for u in (self.values or {}).get("FG_SUB_ID") or [] if u]


def consolidate(inboxes: list[Path | str] | Path | str, roster: Path | str | Roster,
                report: Path | str, *, ledger: Path | str | None = None,
                summary: Path | str | None = None, into: Path | str | Book | None = None,
                year: int | None = None, month: int | None = None,
                quarter: int | None = None, workers: int | None = None,
                deadline_days: int = cons.DEADLINE_DAYS, frameworks: Any = None,
                force: bool = False, details: bool = False, lang: str = "vi",
                progress: Callable[[int, int], None] | None = None) -> Consolidated:
    """Read every file of ``inboxes`` for the units of ``roster`` into ``ledger`` (default:
    the report's name with .sqlite), and write the ``report`` workbook (and the JSON
    ``summary``). ``into``: a committee's or the consolidation workbook (a path, filled in
    place; or a ``Book`` open in Excel, whose values are returned for Excel to write)
    filled with its units' results and its decisions, consolidated from its own unit.
    ``lang``: the report's and the lines' language; ``details``: keep every file read
    and each unit's months in the result (a province's run need not). Every output is
    checked before any file is read, the ledger is held for the run, and all outputs are
    written or none (docs/design.md, invariants 6 and 11)."""
    inboxes = [Path(p) for p in ([inboxes] if isinstance(inboxes, (str, Path)) else inboxes)]
    for inbox in inboxes:
        if not inbox.exists():
            raise InputFileError(msg("consolidate_no_inbox", path=str(inbox)))
    tree, roster_name = given_roster(roster)
    if year and tree.year and year != tree.year:  # a mistyped year would reject them all
        raise InputFileError(msg("cli_year_not_roster", year=year, roster=roster_name,
                                 roster_year=tree.year))
    chosen = fw.with_local(frameworks)
    book = into if isinstance(into, Book) else Book.read(into) if into else None
    target = _target(book, tree, roster_name) if book else None
    report = Path(report)
    ledger = Path(ledger) if ledger else report.with_suffix(".sqlite")
    summary = Path(summary) if summary else None
    filled = book.path if book and not isinstance(into, Book) else None
    sources = [] if isinstance(roster, Roster) else [Path(roster)]
    with Outputs((report, out_kinds.REPORT), (ledger, out_kinds.LEDGER),
                 (summary, out_kinds.SUMMARY), (filled, None),
                 inputs=[*inboxes, *sources], force=force) as outputs, \
            Ledger.lock(ledger):  # all checked, and the ledger ours alone, before any reading
        result = cons.consolidate(inboxes, tree, outputs.staged(ledger, copy=True), year,
                                  month, workers, progress, deadline_days, shown_ledger=ledger,
                                  quarter=quarter, root=target[0] if target else None,
                                  frameworks=chosen)
        with result:  # its view of the run is read from the ledger: closed before renaming
            figures = cons.figures(result)
            write_report(figures, outputs.staged(report), lang)
            if summary:
                write_json(figures, outputs.staged(summary))
            done = Consolidated(report, ledger, summary, _lines(figures, report, lang),
                                cons.year_line(figures, lang), frozenset(result.current), filled)
            if target:
                unit, spec, book_lang = target
                values = cons.workbook_values(result, unit, spec, book_lang, book.named)
                done.older = sorted(name for name in values if name not in book.named)
                done.values = {k: v for k, v in values.items() if k in book.named}
                if filled:
                    namedcells.write(filled, done.values, outputs.staged(filled),
                                     print_rows=cons.printed_rows(done.values),
                                     heights=templates.decision_sheet.row_heights(done.values),
                                     saved_at=templates.save_time())
            if details:
                done.files = list(result.files())
                done.months = _months(result)
    return done


def _lines(f: Mapping[str, Any], report: Path, lang: str) -> list[str]:
    return [*filter(None, [cons.year_chosen_line(f, lang), cons.root_line(f, lang)]),
            cons.month_line(f, lang, terminal=True), cons.quarter_line(f, lang, terminal=True),
            *cons.steps_lines(f, lang), cons.done_line(f, str(report), lang),
            *cons.problem_lines(f, lang)]


def _months(result: cons.Consolidation) -> list[dict[str, Any]]:
    """Each unit under the run's root, month by month: «complete», «incomplete», «blank»
    or «missing» (no workbook), and whether it achieved Four-good."""
    rows = []
    for unit in result.roster.descendants(result.root):
        now = result.current.get(unit.id)
        for month in range(1, layout.MONTHS + 1):
            status, good = now.month(month) if now else ("missing", None)
            rows.append({"unit": unit.id, "name": unit.name, "type": unit.type,
                         "parent": unit.parent, "month": month, "status": status,
                         "four_good": good if status == "complete" else None})
    return rows


def _target(book: Book, tree: Roster, roster_name: str) -> tuple[str, layout.TemplateSpec, str]:
    """The unit, kind and language of a workbook a run may fill; checked before any file
    of the inbox is read."""
    path = book.path
    template, unit = book.meta("template_id"), book.meta("unit_id")
    if template not in layout.TEMPLATES:  # a report, another program's workbook
        raise InputFileError(msg("into_not_fourgood", path=str(path)))
    if not layout.TEMPLATES[template].subordinates:
        raise InputFileError(msg("into_wrong_kind", path=str(path), template=template))
    if unit is None:
        raise InputFileError(msg("into_blank_template", path=str(path), template=template))
    if unit not in tree.units:
        raise InputFileError(msg("cli_unknown_unit", unit=unit or "—", roster=roster_name))
    return unit, layout.TEMPLATES[template], book.meta("lang") or "vi"
