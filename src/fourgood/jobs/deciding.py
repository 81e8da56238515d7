"""Deciding: appraisals, decisions and re-ratings typed on a workbook's «Thẩm định, quyết
định» sheet, checked and appended to the ledger's chain, with a paper for each decision
number; and the verification of that chain (docs/design.md, invariant 13)."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import python_calamine

from .. import decisions, framework as fw, layout, outputs as out_kinds, templates
from ..cellref import column_letter
from ..errors import InputFileError
from ..ledger import Ledger
from ..messages import Message, msg, text
from ..notice import write_notice
from ..outputs import Outputs
from ..reader import framework_rows
from ..roster import Roster
from .books import Book
from .rosters import given_roster


@dataclass
class Planned:
    """What deciding a sheet would do: the plan (rows to append, rows already recorded,
    problems by sheet row), the ledger's chain as it stands and the papers it would write."""

    book: Book
    roster: Roster
    ledger: Path
    deciding: str
    ruleset: Mapping[str, Any]
    frameworks: Mapping[str, Mapping[str, Any]]
    plan: decisions.Plan
    seq: int
    head: str
    papers: dict[str, Path] = field(default_factory=dict)

    def refusal(self) -> InputFileError | None:
        """The error ``decide`` raises for this plan's problems, or None."""
        if not self.plan.problems:
            return None
        return InputFileError(msg("dec_invalid", count=len(self.plan.problems),
                                  path=str(self.book.path)), self.plan.problems)

    def summary(self) -> Message:
        """What will be recorded, in words: the counts and each decision number."""
        counts = self.plan.counts()
        return msg("dec_will_record", ledger=str(self.ledger), **counts,
                   numbers=", ".join(f"«{n}»" for n in self.papers) or "—")


@dataclass
class Decided:
    """What ``decide`` recorded: the acts appended (counts by kind), those already in the
    record, the chain's new end (``seq``; ``check``: the code the papers print), the paper
    written for each decision number, what the papers lack, and the chain verified after
    writing."""

    ledger: Path
    counts: dict[str, int]
    skipped: list[str]
    seq: int
    check: str
    papers: dict[str, Path]
    missing: list[Message]
    verified: "Verification"

    @property
    def recorded(self) -> int:
        return sum(self.counts.values())


@dataclass
class Verification:
    """What ``verify`` found in a ledger: ``problem`` (None when intact), the rows in the
    chain (``count``), its end (``check``), and for a paper's code the row it names
    (``at``) and how many were appended since (``since``)."""

    ledger: Path
    problem: Message | None
    count: int
    check: str
    code: str | None = None
    at: int | None = None
    since: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None

    def message(self) -> Message:
        """The finding in words."""
        if self.problem is not None:
            return msg("verify_failed", path=str(self.ledger), detail=self.problem)
        if self.code:
            return msg("verify_ok_at", path=str(self.ledger), check=self.code, at=self.at,
                       since=self.since)
        return msg("verify_ok", path=str(self.ledger), count=self.count, head=self.check)


def plan(workbook: Path | str | Book, roster: Path | str | Roster, ledger: Path | str, *,
         papers: Path | str | None = None, frameworks: Any = None,
         today: date | None = None) -> Planned:
    """Check the appraisals and decisions typed in ``workbook`` (a path, or a ``Book`` as
    Excel holds it) against ``roster``, the ledger's record and the rules, without writing
    anything (the ledger held meanwhile, as ``decide`` holds it); ``papers``: the folder
    the decision papers go to (default: the ledger's); ``frameworks``: a locality's
    framework files (or a mapping by id) in place of the shipped ones."""
    with Ledger.lock(_ledger(ledger), "decide"):
        return _plan(workbook, roster, ledger, papers, frameworks, today)


def _ledger(ledger: Path | str) -> Path:
    """The ledger decisions are recorded in: it must exist (a consolidation made it)."""
    path = Path(ledger)
    if not path.is_file():
        raise InputFileError(msg("dec_no_ledger", path=str(path)))
    return path


def _plan(workbook: Path | str | Book, roster: Path | str | Roster, ledger: Path | str,
          papers: Path | str | None, frameworks: Any, today: date | None) -> Planned:
    book = workbook if isinstance(workbook, Book) else Book.read(workbook)
    path = book.path
    spec = layout.TEMPLATES.get(book.meta("template_id"))
    if spec is None or not spec.decisions:
        raise InputFileError(msg("dec_not_decision_workbook", path=str(path)))
    tree, roster_name = given_roster(roster)
    deciding = book.meta("unit_id")
    if deciding not in tree.units:
        raise InputFileError(msg("dec_other_roster", path=str(path), unit=deciding or "—",
                                 roster=roster_name))
    named, lang, year = book.named, book.lang, book.year
    if tree.year and year != tree.year:
        raise InputFileError(msg("dec_other_year", path=str(path), found=year or "—",
                                 roster=roster_name, year=tree.year))
    _check_headers(named, path, lang)
    ledger_path = Path(ledger)
    local = isinstance(frameworks, Mapping) or bool(frameworks)
    frameworks = fw.with_local(frameworks)
    ruleset = frameworks[layout.ruleset_id(spec, frameworks, named.get("FG_INFO_ruleset"))]
    if local:
        _check_made_with(path, ruleset)
    now = templates.save_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    opened = Ledger(ledger_path)
    try:
        db = opened.db
        found = decisions.plan(named, ruleset, tree, deciding, year, lang,
                               decisions.known(db, year, tree, deciding),
                               today or date.today(), decisions.sheet_digest(named), now,
                               frameworks)
        seq, head = decisions.head(db)
    finally:
        opened.close()
    folder = Path(papers) if papers else ledger_path.parent
    numbers = dict.fromkeys(r["number"] for r in found.rows if r["kind"] == "decision")
    return Planned(book, tree, ledger_path, deciding, ruleset, frameworks, found, seq, head,
                   {number: folder / f"quyet-dinh-{_slug(number)}.xlsx" for number in numbers})


def decide(workbook: Path | str | Book, roster: Path | str | Roster, ledger: Path | str, *,
           papers: Path | str | None = None, frameworks: Any = None, force: bool = False,
           today: date | None = None) -> Decided:
    """Record the appraisals and decisions typed in ``workbook`` in ``ledger``: every one
    checked first (``plan``), all appended in one transaction or none, under the ledger's
    lock; write the paper of each new decision number (a paper already there is replaced
    only with ``force``); verify the chain after writing. Raises ``InputFileError`` with
    every problem found, recording nothing."""
    ledger_path = _ledger(ledger)
    with Ledger.lock(ledger_path, "decide"):  # planned under the lock: what it read stands
        planned = _plan(workbook, roster, ledger_path, papers, frameworks, today)
        refusal = planned.refusal()
        if refusal is not None:
            raise refusal
        found, book = planned.plan, planned.book
        superior, secretary = _signers(planned)
        seq, head = planned.seq, planned.head
        if found.rows:
            _check_papers(planned.papers, book.path, force)
            with Outputs((ledger_path, out_kinds.LEDGER),
                         *((paper, out_kinds.NOTICE) for paper in planned.papers.values()),
                         inputs=[book.path], force=force) as outputs:
                staged = Ledger(outputs.staged(ledger_path, copy=True), ledger_path)
                try:
                    with staged:  # one transaction: all of it, or nothing
                        seq, head = decisions.append(staged.db, found.rows)
                finally:
                    staged.close()
                for number, paper in planned.papers.items():
                    _write_paper(planned, number, outputs.staged(paper), superior, secretary,
                                 head)
    missing = [msg(f"dec_paper_no_{key}") for key, known in (("superior", superior),
                                                              ("secretary", secretary))
               if not known] if planned.papers else []  # papers: only of rows recorded
    return Decided(ledger_path, found.counts(), list(found.skipped), seq,
                   head[:decisions.CODE_DIGITS], planned.papers, missing, verify(ledger_path))


def verify(ledger: Path | str, head: str | None = None) -> Verification:
    """Check a ledger's decision record row by row (read only); with ``head``, a check code
    as printed on a paper, check the rows up to the row it names and count those appended
    since. Raises ``InputFileError`` for a file that is not a ledger or a code too short."""
    path = Path(ledger)
    if not path.is_file():
        raise InputFileError(msg("cli_file_missing", path=str(path)))
    code = None
    if head is not None:
        code = decisions.check_code(head)
        if code is None:
            raise InputFileError(msg("verify_bad_code", check=head,
                                     digits=decisions.CODE_DIGITS))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.DatabaseError:
        raise InputFileError(msg("ledger_unusable", path=str(path))) from None
    try:
        db.execute("SELECT seq FROM decisions LIMIT 1")
        found = decisions.verify(db, code)
        count, last = decisions.head(db)
    except sqlite3.DatabaseError:
        raise InputFileError(msg("ledger_unusable", path=str(path))) from None
    finally:
        db.close()
    return Verification(path, found.problem, count, last[:decisions.CODE_DIGITS], code,
                        found.at, found.since)


def _signers(planned: Planned) -> tuple[str | None, str | None]:
    """Who the papers name as the superior body and the signer: the roster's parent, else
    what «Thông tin» says; the secretary typed there."""
    tree, named = planned.roster, planned.book.named
    parent = tree[planned.deciding].parent
    superior = tree[parent].name if parent else decisions.cell_text(
        named.get("FG_INFO_parent_name"))
    return superior, decisions.cell_text(named.get("FG_INFO_secretary"))


def _write_paper(planned: Planned, number: str, path: Path, superior: str | None,
                 secretary: str | None, head: str) -> None:
    """Write the paper of decision ``number`` of ``planned`` to ``path``."""
    rows = [r for r in planned.plan.rows if r["kind"] == "decision" and r["number"] == number]
    lang = planned.book.lang
    write_notice(path, issuer=planned.roster[planned.deciding].name,
                 kind=planned.book.meta("template_id"), superior=superior, number=number,
                 day=date.fromisoformat(rows[0]["day"]),
                 rows=[_paper_row(r, planned, lang) for r in rows],
                 ruleset=planned.ruleset, year=planned.book.year,
                 check=head[:decisions.CODE_DIGITS], secretary=secretary, lang=lang)


def _paper_row(row: Mapping[str, Any], planned: Planned, lang: str) -> dict[str, Any]:
    """A decision as its paper lists it (a re-rating names the level it replaced and why)."""
    ruleset, tree = planned.ruleset, planned.roster
    rerated = next((r for r in planned.plan.rows if r["kind"] == "rerating"
                    and r["unit"] == row["unit"] and r["period"] == row["period"]), None)
    replaced = None if rerated is None else {
        "before": decisions.level_title(ruleset, rerated["level"])[lang],
        "number": rerated["number"] or "—", "reason": rerated["reason"]}
    recognized = row.get("recognized")
    main = layout.TEMPLATE_FOR_TYPE[tree[row["unit"]].type].main
    phrase = "tpl_rf_period_year" if row["period"] == "year" else f"tpl_rf_period_q{row['period']}"
    return {"name": tree[row["unit"]].name,
            "period": decisions.period_title(row["period"]).text(lang),
            "phrase": text(phrase, lang, year=row["year"]),
            "level": decisions.level_title(ruleset, row["level"])[lang],
            "recognized": "" if recognized is None else text(
                "label_yes" if recognized else "label_no", lang),
            "recognition": f"«{planned.frameworks[main]['title'][lang]}»" if recognized
            else None,
            "note": text("notice_rerated", lang) if replaced else row.get("reason") or "",
            "replaced": replaced}


def _check_headers(named: Mapping[str, Any], path: Path, lang: str) -> None:
    """The decision sheet's headings must be the template's (a column moved or renamed
    would be read as another)."""
    found = named.get("FG_DEC_HEAD") or []
    changed = [column_letter(n) for n, (key, _, _) in enumerate(layout.DECISION_COLUMNS, 1)
               if n > len(found) or " ".join(str(found[n - 1] or "").split()) not in
               {text(f"tpl_dec_{key}", lang), text(f"tpl_dec_{key}", "vi"),
                text(f"tpl_dec_{key}", "en")}]
    if changed:
        raise InputFileError(msg("dec_headers", path=str(path), columns=", ".join(changed),
                                 sheet=text("tpl_sheet_decisions", lang)))


def _check_made_with(path: Path, ruleset: Mapping[str, Any]) -> None:
    """Refuse a workbook made with another version of ``ruleset`` than the one given: its
    formulas (the quota table) would disagree with what is recorded."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        rows = book.get_sheet_by_name("_fourgood").to_python()
    finally:
        book.close()
    made = framework_rows(rows).get(ruleset["id"])
    if made is None or made[1] != fw.framework_hash(ruleset):
        raise InputFileError(msg("dec_other_framework", path=str(path), id=ruleset["id"],
                                 found=made[0] if made else "—", version=ruleset["version"]))


def _check_papers(papers: Mapping[str, Path], path: Path, force: bool) -> None:
    """Each new decision number gets a paper of its own: two numbers that would be printed
    to one file (names alike but for case, «/» and «-»: one file where names ignore case)
    are refused, and so is a paper already there — the paper of a decision recorded
    before, never replaced unless ``force``."""
    same: dict[str, list[str]] = {}
    for number, paper in papers.items():
        same.setdefault(paper.name.casefold(), []).append(number)
    for numbers in same.values():
        if len(numbers) > 1:
            raise InputFileError(msg("dec_papers_collide", numbers=", ".join(
                f"«{n}»" for n in numbers), path=str(path), paper=str(papers[numbers[0]])))
    for number, paper in papers.items():
        if paper.exists() and not force:
            raise InputFileError(msg("dec_paper_exists", number=number, paper=str(paper)))


def _slug(value: str) -> str:
    """A decision number as part of a file name: «12-QĐ/TU» -> «12-QĐ-TU»."""
    return re.sub(r"[^\w.-]+", "-", value, flags=re.UNICODE).strip("-") or "quyet-dinh"

