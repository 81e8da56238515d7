"""Consolidation: from inboxes of received workbooks to committee and city results.

Files are read in worker processes, a bounded number at a time; each worker returns, ready
for the ledger, a small summary of the results and the record of the inputs, and the main
process only stores them and puts a line per file in the run's own list. A file the
ledger already holds is recognised by its size and hash and not read again. Committees'
criterion 5 is recomputed from their cells' current results and the committee's stored
inputs. ``figures`` computes every number of the report and the JSON summary once; the rows
per unit and per file are streams over the ledger's view of the run, never held whole.
"""
from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from . import assess, engine, framework as fw, layout
from .errors import FourgoodError, InputFileError, Rejected
from .ledger import (JSON_COLUMNS, OLD_COPY, TRANSIENT, Current, Ledger, dumps,
                     shared_periods)
from .messages import msg, text, without_file
from .reader import (Entry, Found, Source, Submission, read_entry, read_submission, recompute,
                     sources, stored_document, walk)
from .workers import MB, Budget, Pool, default_workers

DEADLINE_DAYS = 10
_STATE: dict[str, Any] = {}


def _init(roster, frameworks, now: str | None = None) -> None:
    import python_calamine  # noqa: F401 - loaded once, before a worker's memory is bounded

    _STATE.update(roster=roster, frameworks=frameworks, now=now)


def run_frameworks() -> Mapping[str, Mapping[str, Any]]:
    """The frameworks of this process's run (a locality's own among them), else the
    shipped ones."""
    return _STATE.get("frameworks") or fw.shipped()


def summarize(sub: Submission) -> dict[str, Any]:
    """What the report needs of one accepted workbook (small; the inputs are in the
    ledger's record)."""
    return {"unit": sub.unit, "year": sub.year, "template": sub.template, "sha256": sub.sha256,
            "source": sub.source.name, "saved_at": sub.saved_at, "sent_at": sub.source.date,
            "file_time": sub.source.file_time, "sender": sub.source.sender,
            "secretary": sub.doc["info"].get("secretary"),
            "decisions": sub.doc.get("decisions") or None,  # a committee's, on its cells
            **_results(sub.months, sub.year_result, sub.rating, sub.rated),
            "warnings": [w.to_dict() for w in sub.warnings]}


def _quarters(months: Mapping[str, engine.PeriodResult], year: engine.YearResult,
              rated: engine.RatedYear | None) -> dict[str, Any]:
    """The quarters and the year of a summary's rating: points, proposed level, vetoes, the
    conditions it rests on (the indicators), the months' evidence, the year's flags; and,
    apart (``quarter_gaps``, read only for the report's quarter), what each period's next
    level needs, in words."""
    if rated is None:
        return {"quarters": None, "quarter_gaps": None}
    periods, gaps = {}, {}
    for key in layout.PERIODS:
        r = assess.quarter_result(rated, key)
        if r is None:
            continue
        evidence = ((year.periods_achieved, year.periods_assessed) if key == "year"
                    else engine.quarter_evidence(months, key))
        if r.status == "blank":  # nothing typed: nothing more to keep
            periods[key] = {"status": r.status, "evidence": list(evidence)}
            continue
        periods[key] = {"status": r.status, "total": r.total, "max": r.max,
                        "criteria": [c.score for c in r.criteria], "level": r.rating,
                        "vetoes": len(r.vetoes), "indicators": dict(r.indicators),
                        "evidence": list(evidence)}
        gaps[key] = [g.to_dict() for g in r.gaps]
    return {"quarters": {"ruleset": rated.framework, "periods": periods,
                         "flags": [f.to_dict() for f in rated.flags],
                         "errors": [e.message.to_dict() for e in rated.errors]},
            "quarter_gaps": gaps}


def _results(months: Mapping[str, engine.PeriodResult], year: engine.YearResult,
             rating: engine.PeriodResult | None, rated: engine.RatedYear | None
             ) -> dict[str, Any]:
    """The results of a summary: each month, the year, the rating and its quarters."""
    rating_title = None
    if rating is not None and rating.rating is not None:
        ruleset = _STATE["frameworks"][rating.framework]
        rating_title = next(lvl["title"] for lvl in ruleset["levels"]
                            if lvl["id"] == rating.rating)
    return {"months": {m: {"status": r.status, "total": r.total, "max": r.max,
                           "four_good": r.four_good, "vetoes": len(r.vetoes),
                           "failed": [c.id for c in r.criteria if c.achieved is False],
                           "gaps": [g.to_dict() for g in r.gaps]} for m, r in months.items()},
            "year_result": {"assessed": year.periods_assessed, "achieved": year.periods_achieved,
                            "recognized": year.recognized,
                            "gaps": [g.to_dict() for g in year.gaps]},
            "rating": rating.rating if rating else None, "rating_title": rating_title,
            **_quarters(months, year, rated)}


BASE_KEYS = ("source", "file_time", "sender", "sent_at", "subject", "signature")
# What a run keeps of each file in its own list (a temporary table of the ledger): the
# report's list of files and the JSON's accepted and rejected files.
LIGHT_KEYS = BASE_KEYS + ("sha256", "status", "reason", "message_vi", "message_en",
                          "saved_at", "unit", "year", "template", "warnings")


def _base(source: Source | Entry) -> dict[str, Any]:
    return {"source": source.name, "file_time": source.file_time,
            "sender": getattr(source, "sender", None), "sent_at": getattr(source, "date", None),
            "subject": getattr(source, "subject", None),
            "signature": getattr(source, "signature", None)}


def _rejected(base: Mapping[str, Any], error: Rejected | str, sha256: str = "-"
              ) -> dict[str, Any]:
    """The row of a rejected file (``base``: where it came from): the reader's reason, or a
    code of fourgood's own (``internal_error``, ``worker_died``)."""
    if isinstance(error, str):
        error = Rejected(error, base["source"])
    return {**{k: base.get(k) for k in BASE_KEYS}, "sha256": sha256, "status": "rejected",
            "reason": error.code, "message_vi": error.message.vi,
            "message_en": error.message.en}


@dataclass
class Read:
    """What a worker made of one inbox entry: its size and hash (None when it could not
    be read) and a row for each workbook it holds, ready for the ledger."""

    size: int | None
    sha256: str | None
    rows: list[dict[str, Any]]


def _work(entry: Entry) -> Read:
    """Read one entry (in a worker): a row for each workbook it holds, accepted or rejected;
    whatever the file does, it ends as its own rows, never as the run's failure."""
    try:
        data = read_entry(entry)
    except Rejected as exc:
        return Read(None, None, [_rejected(_base(entry), exc)])
    digest = hashlib.sha256(data).hexdigest()
    try:
        found = sources(entry, data)
    except Rejected as exc:
        return Read(len(data), digest, [_rejected(_base(entry), exc)])
    except MemoryError:  # over the worker's budget: the pool says so
        raise
    except Exception:  # noqa: BLE001 - one file's fault is that file's rejection
        return Read(len(data), digest, [_rejected(_base(entry), "internal_error")])
    return Read(len(data), digest, [
        _rejected(_base(source), payload) if isinstance(payload, Rejected) else
        _read(source, payload, digest if payload is data else hashlib.sha256(payload).hexdigest())
        for source, payload in found])


def _read(source: Source, data: bytes, digest: str) -> dict[str, Any]:
    base = _base(source)
    try:
        sub = read_submission(source, data, _STATE["roster"], _STATE["frameworks"],
                              _STATE.get("now"), digest)
        summary = summarize(sub)
        row = {**_base(sub.source), "sha256": digest, "status": "accepted", "reason": None,
               "message_vi": None, "message_en": None,
               "saved_at": sub.saved_at, "unit": sub.unit, "year": sub.year,
               "template": sub.template, "warnings": summary["warnings"], "summary": summary,
               "record": sub.record(_STATE["frameworks"])}
        return {k: dumps(v) if k in JSON_COLUMNS else v for k, v in row.items()}
    except Rejected as exc:
        return _rejected(base, exc, digest)
    except MemoryError:  # over the worker's budget: the pool says so
        raise
    except Exception:  # noqa: BLE001 - one file's fault is that file's rejection
        return _rejected(base, "internal_error", digest)


FILE_BUDGET = Budget()


def _failure(budget: Budget, workers: int) -> Callable[[Entry, str], Read]:
    def failed(entry: Entry, code: str) -> Read:
        name = entry.name
        error = {"too_large": Rejected("too_large", name, key="reject_over_memory",
                                       limit=budget.share(workers) // MB),
                 "too_slow": Rejected("too_slow", name, limit=round(budget.seconds)),
                 "worker_died": Rejected("worker_died", name)}[code]
        return Read(None, None, [_rejected(_base(entry), error)])
    return failed


def pool(workers: int, budget: Budget = FILE_BUDGET) -> Pool:
    """The run's worker processes, each set up as ``_init`` set up this one (the roster,
    the frameworks, the run's clock); each file read within ``budget``."""
    return Pool(workers, budget, _init, (_STATE["roster"], _STATE["frameworks"],
                                         _STATE.get("now")))


def read_all(workers: Pool, entries: Iterable[Entry],
             progress: Callable[[int, int], None] | None = None
             ) -> Iterable[tuple[Entry, Read]]:
    """Each entry's reading, in the pool's processes: a file that costs more than its
    budget, or kills its worker, is rejected (``too_large``, ``too_slow``,
    ``worker_died``) and costs no other file anything."""
    entries = list(entries)
    runs = workers.run(entries, _work, _failure(workers.budget, workers.workers))
    for done, pair in enumerate(runs, 1):
        if progress:
            progress(done, len(entries))
        yield pair


@dataclass
class Consolidation:
    """The outcome of a run: what was found, and the current submission of each unit.
    This run's files and its units' details stay in the ledger's temporary tables
    (``files``, ``Ledger.run_units``); use as a context manager, or ``close`` it."""

    year: int
    month: int
    roster: Any
    root: str
    files_found: int
    ledger: Ledger
    current: dict[str, Current] = field(default_factory=dict)  # unit -> current submission
    deadline_days: int = DEADLINE_DAYS
    month_basis: dict[str, int] | None = None  # how the month was chosen; None: asked for
    quarter: int | None = None  # the quarter reported (None: no unit has rated one yet)
    quarter_basis: dict[str, int] | None = None  # how it was chosen; None: asked for
    skipped: list[str] = field(default_factory=list)  # office lock files found, not read
    year_basis: dict[str, int] | None = None  # how the year was chosen; None: asked for
    root_asked: bool = False  # whether ``root`` was asked for (else the roster's root)

    def files(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        """This run's files by name, each as a row of ``LIGHT_KEYS`` (only ``status`` ones)."""
        return self.ledger.run_files(f"status = '{status}'" if status else "")

    def count(self, status: str) -> int:
        return self.ledger.count_run_files(f"status = '{status}'")

    def close(self) -> None:
        self.ledger.close()

    def __enter__(self) -> "Consolidation":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


def _latest_reached(latest: Iterable[int]) -> tuple[int | None, dict[str, int]]:
    """The latest period that at least half of the units with figures have reached (exactly
    half is enough) (``latest``: the last period each of them reached), so that a few early
    (or wrong) files do not move it; with how many units reached it, out of how many."""
    latest = sorted(latest)
    if not latest:
        return None, {"reached": 0, "units": 0}
    chosen = latest[len(latest) // 2]  # half of them or more are at it or later
    return chosen, {"reached": sum(1 for p in latest if p >= chosen), "units": len(latest)}


def choose_month(current: Mapping[str, Current]) -> tuple[int, dict[str, int]]:
    """The report's month when none is asked for (``_latest_reached``; 1 without figures)."""
    month, basis = _latest_reached(
        max(m for m, (status, _) in enumerate(c.months, 1) if status != "blank")
        for c in current.values() if any(status != "blank" for status, _ in c.months))
    return month or 1, basis


def choose_quarter(current: Mapping[str, Current]) -> tuple[int | None, dict[str, int]]:
    """The report's quarter when none is asked for, chosen as the month is; None when no
    unit has filled a quarter."""
    return _latest_reached(
        max(q for q, (status, _) in enumerate(c.quarters, 1) if status != "blank")
        for c in current.values() if any(status != "blank" for status, _ in c.quarters))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def consolidate(inboxes: list[Path], roster, ledger_path: Path, year: int | None = None,
                month: int | None = None, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                deadline_days: int = DEADLINE_DAYS, budget: Budget = FILE_BUDGET,
                shown_ledger: Path | None = None, quarter: int | None = None,
                root: str | None = None,
                frameworks: Mapping[str, Mapping[str, Any]] | None = None) -> Consolidation:
    """Read every file of the inboxes, record them in the ledger, and roll the results up
    for the units under ``root`` (the unit consolidating; else the roster's root).
    ``year``: the year consolidated, else the roster's, else the year most workbooks are
    for; a workbook of another year is rejected. ``shown_ledger``: the ledger's name for
    messages, when ``ledger_path`` is a copy; ``month``, ``quarter``: the ones to report,
    else chosen from the figures; ``frameworks``: by id, the shipped ones with a locality's
    own in their place (its quota rule then counts in the report). A file the ledger already
    holds (same place, size and bytes, read under the same roster and frameworks) is not
    read again."""
    frameworks = dict(frameworks or fw.shipped())
    year = year or roster.year
    _init(roster, frameworks, _now())
    found: Found = walk(inboxes)
    workers = workers or default_workers()
    shown = shown_ledger or ledger_path
    ledger = Ledger(ledger_path, shown)
    try:
        with pool(workers, budget) as processes:
            return _run(roster, ledger, found, year, month, processes, progress,
                        deadline_days, quarter, root)
    except BaseException as exc:
        ledger.close()  # the staged ledger must be free to be removed
        if isinstance(exc, sqlite3.OperationalError):  # a full disk, a folder not writable
            raise InputFileError(msg("ledger_write_failed", path=str(shown))) from None
        raise


def _context(roster) -> str:
    """What a file's reading depends on besides its bytes: fourgood's version, the
    frameworks and the roster (not the year consolidated: a workbook is read as its own
    year's, and a run rejects those of another, ``Ledger.settle_year``)."""
    from . import __version__

    stamps = sorted((k, fw.framework_hash(v)) for k, v in _STATE["frameworks"].items())
    digest = hashlib.sha256()  # the JSON text hashed as it is made: a province's is MBs
    for chunk in json.JSONEncoder(default=str).iterencode(
            [__version__, layout.TEMPLATE_VERSION, stamps, roster.id, roster.unit_rows()]):
        digest.update(chunk.encode())
    return digest.hexdigest()


def _unchanged(entry: Entry, known: Mapping[str, tuple[int, str, list]]) -> list | None:
    """The ledger's rows of an entry read before with the same size and bytes, or None."""
    before = known.get(entry.name)
    if before is None or before[0] != entry.size:
        return None
    try:
        data = read_entry(entry)
    except Rejected:
        return None
    return before[2] if hashlib.sha256(data).hexdigest() == before[1] else None


def _to_read(entries: list[Entry], known: Mapping[str, tuple[int, str, list]]
             ) -> tuple[list[Entry], list[tuple[str, str]]]:
    """The entries to read, and the ledger's rows of those read before unchanged (hashed
    one after another: threads contend for the interpreter and take twice as long)."""
    todo, kept = [], []
    for entry in entries:
        same = _unchanged(entry, known)
        if same is None:
            todo.append(entry)
        else:
            kept += same
    return todo, kept


def _run(roster, ledger: Ledger, found: Found, year: int | None, month: int | None,
         workers: Pool, progress, deadline_days: int, quarter: int | None,
         root: str | None) -> Consolidation:
    context = _context(roster)
    asked, root = root is not None, root or roster.roots[0].id
    with ledger:
        ledger.start_run(LIGHT_KEYS)
        for name, stamp, exc in found.rejected:
            row = _rejected({"source": name, "file_time": stamp}, exc)
            ledger.add(row)
            ledger.add_run_file(row)
        todo, kept = _to_read(found.entries, ledger.files(context))
        for entry, read in read_all(workers, todo, progress):
            for row in read.rows:
                try:
                    ledger.add(row)
                except (TypeError, ValueError, OverflowError, sqlite3.InterfaceError):
                    row = _rejected(row, "internal_error")  # a value no ledger can hold
                    ledger.add(row)
                ledger.add_run_file(row)
            if read.sha256 and not any(r.get("reason") in TRANSIENT for r in read.rows):
                ledger.remember(entry.name, read.size, read.sha256, context,
                                [(r["sha256"], r["source"]) for r in read.rows])
        ledger.add_run_files(kept)
        year_basis = None
        if year is None:  # neither given nor in the roster: the year most workbooks are for
            year, year_basis = ledger.run_year()
            year = year or date.today().year
        ledger.settle_year(year)
        ledger.refresh_current()
        current = ledger.current(year)
        _derive_committees(current, roster, ledger, workers)
    units = [u.id for u in roster.descendants(root)]
    own = {u: current[u] for u in units if u in current}  # the units this run counts
    basis = None
    if month is None:
        month, basis = choose_month(own)
    quarter_basis = None
    if quarter is None:
        quarter, quarter_basis = choose_quarter(own)
    ledger.snapshot_units(units, year, month, quarter)
    return Consolidation(year, month, roster, root, ledger.count_run_files(), ledger, current,
                         deadline_days, basis, quarter, quarter_basis, found.skipped,
                         year_basis, asked)


class _Committee(NamedTuple):
    """A committee whose criterion 5 is to be recomputed from its cells' results."""

    unit: str
    template: str
    source: str
    inputs: dict[str, Any]   # its stored inputs (the ledger's record)
    overrides: dict[str, dict[str, bool | None]]  # cell -> month -> Four-good
    shares: dict[str, float | None]  # month -> share of its cells Four-good
    summary: dict[str, Any]
    notes: dict[str, list[dict[str, Any]]]


def _recompute_committee(job: _Committee) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A committee's results and the warnings of its recomputation (in a worker)."""
    spec = layout.TEMPLATES[job.template]
    result, derived = recompute(spec, _STATE["frameworks"], stored_document(job.inputs),
                                job.source, job.overrides)
    return (_results(result.months, result.year, result.rating, result.rated),
            [w.to_dict() for w in derived])


def _derive_committees(current: dict[str, Current], roster, ledger: Ledger,
                       workers: Pool) -> None:
    """Recompute each committee's current results with criterion 5 taken from its cells'
    own current workbooks (cells that sent nothing count as not achieved), from the inputs
    the ledger keeps, in the pool's processes; a committee whose cells' results have not
    changed is left as it is."""
    frameworks = _STATE["frameworks"]

    def jobs() -> Iterator[_Committee]:  # made as workers are free: a few held at a time
        for unit_id in list(current):
            now = current[unit_id]
            spec = layout.TEMPLATES[now.template]
            if not engine.derived_items(frameworks[spec.main]):
                continue  # not a committee
            cells = [u.id for u in roster.children(unit_id) if u.type == "chi-bo"]
            overrides = {cell: {str(m): (current[cell].month(m)[1] if cell in current else None)
                                for m in range(1, 13)} for cell in cells}
            shares = {str(m): engine.subordinate_share([overrides[c][str(m)] for c in cells])
                      for m in range(1, 13)}
            summary = ledger.summary(now.sha256, now.source)
            if summary.get("criterion5") != shares:
                record = ledger.record(now.sha256, now.source)
                yield _Committee(unit_id, now.template, now.source, record["inputs"],
                                 overrides, shares, summary, record["notes"])

    held: dict[Any, Any] = {}  # for shared_periods
    ratings: dict[str | None, str | None] = {}
    titles: dict[str, dict[str, str] | None] = {}  # by their JSON
    for job, answer in workers.run(jobs(), _recompute_committee, lambda job, code: None):
        results, derived = answer or _recompute_committee(job)  # its worker failed: here
        now, summary = current[job.unit], job.summary
        summary.update(results, warnings=job.notes["read"] + derived + job.notes["checked"],
                       criterion5=job.shares)
        ledger.update_summary(now.sha256, now.source, summary, summary["warnings"])
        rating, title = summary["rating"], summary["rating_title"]
        months = [summary["months"].get(str(m)) or {} for m in range(1, 13)]
        periods = (summary.get("quarters") or {}).get("periods") or {}
        quarters = [periods.get(str(q)) or {} for q in range(1, layout.QUARTERS + 1)]
        current[job.unit] = now._replace(  # equal values held once, as Ledger.current does
            months=shared_periods(((m.get("status"), m.get("four_good")) for m in months),
                                  held),
            rating=ratings.setdefault(rating, rating),
            rating_title=titles.setdefault(json.dumps(title, sort_keys=True), title),
            quarters=shared_periods(((q.get("status"), q.get("level")) for q in quarters),
                                    held))


# ---- figures --------------------------------------------------------------------------------
class Stream:
    """One of a run's lists too long to hold (a row per unit or per file): its length is
    known, and its items are made again, from the ledger's view of the run, each time it
    is read."""

    def __init__(self, count: int, items: Callable[[], Iterable[Any]]):
        self.count, self.items = count, items

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items())

    def __eq__(self, other: Any) -> bool:
        return list(self) == list(other)

    def __repr__(self) -> str:
        return f"Stream({self.count} items)"


@dataclass
class DecisionView:
    """What has been appraised and decided of the units under a run's root: its own record
    (the ledger's chain: the units directly under it) and the decisions its committees
    report on their cells in their workbooks; for a period decided on one workbook while the
    unit sent a later one, the figures of the workbook decided on (``locked``) and the later
    workbook, not used (``after``)."""

    steps: dict[tuple[str, str], dict[str, Any]]
    locked: dict[tuple[str, str], dict[str, Any]]
    after: list[dict[str, Any]]

    @classmethod
    def of(cls, c: "Consolidation") -> "DecisionView":
        from . import decisions

        if c.ledger is None:  # a consolidation built by hand: nothing recorded
            return cls({}, {}, [])
        roster, db = c.roster, c.ledger.db
        committees = [u.id for u in roster.descendants(c.root) if roster.children(u.id)]
        steps: dict[tuple[str, str], dict[str, Any]] = {}
        for key, row in decisions.reported(db, c.year, committees).items():
            steps[key] = {"appraised": row.get("appraised"), "level": row.get("level"),
                          "number": row.get("number"), "day": row.get("day"),
                          "recognized": row.get("recognized"), "by": row["by_unit"]}
        locked, after = {}, []
        for key, state in decisions.states(db, c.year).items():
            d, a = state.decision, state.appraisal
            steps[key] = {"appraised": a["level"] if a else None,
                          "level": d["level"] if d else None,
                          "number": d["number"] if d else None, "day": d["day"] if d else None,
                          "recognized": None if not d or d["recognized"] is None
                          else bool(d["recognized"]),
                          "by": (d or a)["by_unit"], "reratings": state.reratings}
            basis = json.loads(d["basis"] or "{}") if d else {}
            now = c.current.get(key[0])
            if basis.get("sha256") and now and (now.sha256, now.source) != (
                    basis["sha256"], basis["source"]):
                found = db.execute("SELECT json_extract(summary, '$.quarters.periods.\"' || ? "
                                   "|| '\"') FROM submissions WHERE sha256 = ? AND source = ?",
                                   (key[1], basis["sha256"], basis["source"])).fetchone()
                if found and found[0]:
                    locked[key] = json.loads(found[0])
                after.append({"unit": key[0], "period": key[1], "number": d["number"],
                              "day": d["day"], "source": now.source})
        return cls(steps, locked, after)

    def of_unit(self, unit: str) -> dict[str, dict[str, Any]]:
        return {p: self.steps[(unit, p)] for p in layout.PERIODS if (unit, p) in self.steps}

    def level(self, unit: str, period: str) -> str | None:
        """The level decided for a unit's period and in force (None: not decided)."""
        return (self.steps.get((unit, period)) or {}).get("level")

    def in_force(self, unit: str, period: str, proposed: str | None) -> str | None:
        """The level that counts for a unit's period: the one decided where a decision is
        in force, else the unit's ``proposed`` one."""
        return self.level(unit, period) or proposed


def _level_titles(ruleset: str) -> dict[str | None, dict[str, str] | None]:
    """A ruleset's level id -> title (None -> None), made once per run."""
    titles = _STATE.setdefault("level_titles", {})
    if ruleset not in titles:
        titles[ruleset] = {None: None, **{lvl["id"]: lvl["title"] for lvl
                                          in _STATE["frameworks"][ruleset]["levels"]}}
    return titles[ruleset]


def _quarter_figures(summary: Mapping[str, Any] | None, received: list[str | None],
                     dues: Mapping[str, str],
                     locked: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """A unit's quarters and year as the report shows them: points, proposed level (and its
    title), vetoes, the conditions, the months' evidence; for each quarter when it first
    came rated and whether that was before it was due (``locked``: period -> the figures of
    the workbook its decision was made on, which stand for it)."""
    periods = {**((summary or {}).get("periods") or {}), **(locked or {})}
    titles = _level_titles(summary["ruleset"]) if summary else {None: None}
    absent = {"status": "missing" if summary is None else "blank"}
    out = {}
    for n, key in enumerate(layout.PERIODS):
        p = periods.get(key) or absent
        level = p.get("level")
        row = {"status": p["status"], "total": p.get("total"), "criteria": p.get("criteria"),
               "level": level, "level_title": titles.get(level), "vetoes": p.get("vetoes"),
               "indicators": p.get("indicators"), "evidence": p.get("evidence")}
        if key != "year":
            when = received[n] if received else None
            row["received_at"] = when
            row["on_time"] = when is not None and when[:10] < dues[key]
        out[key] = row
    return {"periods": out, "flags": (summary or {}).get("flags") or []}


def _unit_figure(unit, detail: list[Any] | None, now: Current | None, deadline: str,
                 quarter_times: list[str | None] | None = None,
                 dues: Mapping[str, str] | None = None,
                 view: DecisionView | None = None,
                 month_time: str | None = None) -> dict[str, Any]:
    """A unit's row of figures: its result in the report's month, its year, its rating and
    its quarters (``detail``: the values of ``ledger.UNIT_DETAIL``, None when it sent
    nothing; ``quarter_times``: when each quarter first came rated; ``dues``: quarter -> the day
    its report is due before; ``month_time``: when the report's month first came filled)."""
    (r, recognized, assessed, achieved, secretary, sent_at, saved_at, file_time, warnings,
     quarters, quarter_gaps, year_gaps) = detail or [None, False, 0, 0, None, None, None, None,
                                                     [], None, None, None]
    received = bool(r) and r["status"] != "blank"
    when = (month_time or sent_at or saved_at or file_time) if detail else None
    decision = (view.steps.get((unit.id, "year")) or {}) if view else {}
    decided = decision.get("level")  # the year's level decided and in force
    main = layout.TEMPLATE_FOR_TYPE[unit.type].main
    frameworks = run_frameworks()
    return {
        "unit": unit.id, "name": unit.name, "type": unit.type, "parent": unit.parent,
        "email": unit.email, "received": received,
        "on_time": received and when is not None and when[:10] <= deadline,
        "status": r["status"] if r else "missing",
        "four_good": r["four_good"] if r else None,
        "total": r["total"] if r else None, "max": r["max"] if r else None,
        "failed": r["failed"] if r else [],
        "gaps": r["gaps"] if r else [],
        "rating": now.rating if now else None,
        "rating_title": now.rating_title if now else None,
        "rating_decided": decided,
        "rating_decided_title": _level_titles("xep-loai-366").get(decided),
        "recognized": recognized,  # eligible, by the unit's workbook and its proposed level
        "eligible": bool(recognized) if decided is None or not detail else
        engine.recognized_with(frameworks[main] if main else {}, frameworks["xep-loai-366"],
                               year_gaps or [], decided),
        "recognized_decided": decision.get("recognized"),  # decided (None: not yet)
        "assessed": assessed, "achieved": achieved,
        "source": now.source if now else None, "received_at": when,
        "secretary": secretary, "warnings": warnings,
        "quarters": _quarter_figures(quarters, quarter_times or [], dues or {},
                                     {p: e for (u, p), e in view.locked.items() if u == unit.id}
                                     if view and view.locked else None),
        "quarter_gaps": quarter_gaps or [],  # what the report's quarter's next level needs
        "decisions": view.of_unit(unit.id) if view else {},
    }


def _proposed(now: Current | None, period: str) -> str | None:
    """A unit's proposed level for a period in its current workbook."""
    if now is None:
        return None
    return now.rating if period == "year" else now.quarter(int(period))[1]


def decision_step(u: Mapping[str, Any], period: str) -> str | None:
    """Where a unit's period stands: decided, appraised (awaiting the decision), proposed
    (awaiting the appraisal); None without a proposal."""
    step = u["decisions"].get(period) or {}
    if step.get("level"):
        return "decided"
    if step.get("appraised"):
        return "appraised"
    return "proposed" if u["quarters"]["periods"][period]["status"] == "complete" else None


def _share(part: int, whole: int) -> float | None:
    return engine.excel_round(100 * part / whole, 2) if whole else None


def _senders_root(c: Consolidation) -> dict[str, Any]:
    """The unit below the run's root under which every unit that sent a workbook lies
    (``sender_root``: itself or one above it; None when there is none, or when the run was
    told whose units to count), with its name and how many units are under it."""
    found = None
    if not c.root_asked:
        common: list[str] | None = None
        for unit_id in c.current:
            chain = [u.id for u in reversed(c.roster.ancestors(unit_id))] + [unit_id]
            common = chain if common is None else [a for a, _ in itertools.takewhile(
                lambda pair: pair[0] == pair[1], zip(common, chain))]
            if common is not None and len(common) <= 1:
                break  # only the root: nothing lower to point at
        lowest = common[-1] if common else None
        if lowest and lowest != c.root and c.roster.children(lowest):
            found = lowest
    return {"sender_root": found,
            "sender_root_name": c.roster[found].name if found else None,
            "sender_root_units": sum(1 for _ in c.roster.descendants(found)) if found else 0}


def figures(c: Consolidation) -> dict[str, Any]:
    """Every figure of the report and of the JSON summary. The rows per unit and per file
    are ``Stream``s: counted here, made again from the ledger whenever they are read."""
    roster, month, year = c.roster, c.month, c.year
    last_day = calendar.monthrange(year, month)[1]
    deadline = (date(year, month, last_day) + timedelta(days=c.deadline_days)).isoformat()
    expected = list(roster.descendants(c.root))

    ruleset = run_frameworks()["xep-loai-366"]
    dues = {str(q): engine.quarter_due(ruleset, year, q).isoformat()
            for q in range(1, layout.QUARTERS + 1)}
    first = c.ledger.first_received(year, month)  # the month's and each quarter's
    view = DecisionView.of(c)

    def unit_rows() -> Iterator[dict[str, Any]]:
        for unit_id, detail in c.ledger.run_units():
            month_time, *quarter_times = first.get(unit_id) or [None] * (1 + layout.QUARTERS)
            yield _unit_figure(roster[unit_id], detail, c.current.get(unit_id), deadline,
                               quarter_times, dues, view, month_time)

    received = four_good = on_time = 0
    by_type: dict[str, dict[str, Any]] = {}
    under: dict[str | None, list[int]] = {}  # parent -> [expected, received, Four-good]
    weak: dict[tuple[str, str], int] = {}
    assessed: dict[str, int] = {}
    missing: list[str] = []
    recognition: list[dict[str, Any]] = []
    q = c.quarter
    quarter = {"expected": len(expected), "rated": 0, "incomplete": 0, "on_time": 0,
               "missing": 0, "levels": {}}
    steps = {period: {"proposed": 0, "appraised": 0, "decided": 0}
             for period in ([str(q)] if q else []) + ["year"]}
    for u in unit_rows():  # one pass: every count
        for period, counts in steps.items():
            step = decision_step(u, period)
            if step:
                counts[step] += 1
        if q is not None:
            period = u["quarters"]["periods"][str(q)]
            quarter["rated"] += period["status"] == "complete"
            quarter["incomplete"] += period["status"] == "incomplete"
            quarter["on_time"] += bool(period["on_time"])
            quarter["missing"] += period["status"] in ("blank", "missing")
            if period["level"]:
                quarter["levels"][period["level"]] = quarter["levels"].get(period["level"], 0) + 1
        received += u["received"]
        four_good += bool(u["received"] and u["four_good"])
        on_time += bool(u["on_time"])
        counts = by_type.setdefault(u["type"], {"expected": 0, "received": 0, "four_good": 0})
        counts["expected"] += 1
        counts["received"] += u["received"]
        counts["four_good"] += bool(u["received"] and u["four_good"])
        parent = under.setdefault(u["parent"], [0, 0, 0])
        parent[0] += 1
        parent[1] += u["received"]
        parent[2] += bool(u["four_good"])
        if u["status"] == "complete":
            template = layout.TEMPLATE_FOR_TYPE[u["type"]]
            assessed[template.main] = assessed.get(template.main, 0) + 1
            for crit in u["failed"]:
                weak[(template.main, crit)] = weak.get((template.main, crit), 0) + 1
        if not u["received"]:
            missing.append(u["unit"])
        if u["recognized"] or u["recognized_decided"] is not None:
            decision = u["decisions"].get("year") or {}
            recognition.append({**{k: u[k] for k in (
                "unit", "name", "rating", "rating_title", "rating_decided",
                "rating_decided_title", "eligible", "recognized_decided", "assessed",
                "achieved")}, "number": decision.get("number"), "day": decision.get("day")})
    by_type = {type_id: {**by_type[type_id], "percent": _share(by_type[type_id]["four_good"],
                                                               by_type[type_id]["expected"])}
               for type_id in ("dang-bo-co-so", "chi-bo") if type_id in by_type}
    by_parent = []
    for parent in [c.root] + [u.id for u in expected if roster.children(u.id)]:
        count, got, good = under.get(parent, (0, 0, 0))
        by_parent.append({"unit": parent, "name": roster[parent].name, "expected": count,
                          "received": got, "four_good": good, "percent": _share(good, count)})
    trend = []
    for m in range(1, 13):
        got = good = 0
        for unit in expected:
            now = c.current.get(unit.id)
            if now and now.month(m)[0] != "blank":
                got += 1
                good += 1 if now.month(m)[1] else 0
        later = m > month and got == 0  # a month still to come: no figures, not zeros
        trend.append({"month": m, "received": None if later else got,
                      "four_good": None if later else good,
                      "percent": None if later else _share(good, len(expected))})
    frameworks = run_frameworks()
    weak_rows = []
    for (framework_id, crit_id), count in sorted(weak.items(), key=lambda kv: (-kv[1], kv[0])):
        model = engine.Model(frameworks[framework_id])
        weak_rows.append({"framework": framework_id, "criterion": crit_id,
                          "number": model.labels[crit_id], "title": model.titles[crit_id],
                          "framework_title": frameworks[framework_id]["title"],
                          "failed": count, "assessed": assessed[framework_id],
                          "percent": _share(count, assessed[framework_id])})
    groups: dict[tuple, list[str]] = {}
    for unit in expected:
        groups.setdefault(roster.quota_group(unit.id), []).append(unit.id)
    quota = []
    for (parent, group), units in sorted(groups.items(), key=lambda kv: (kv[0][0] or "",
                                                                         kv[0][1])):
        outstanding = roster[parent].outstanding if parent else False
        for period in layout.PERIODS:  # each quarter's and the year's
            proposed = [_proposed(c.current.get(u), period) for u in units]
            decided = [view.level(u, period) for u in units]
            result = engine.check_quota(ruleset, proposed, outstanding)  # the proposals
            in_force = engine.check_quota(  # decided where a decision is in force
                ruleset, [view.in_force(u, period, level) for u, level in zip(units, proposed)],
                outstanding)
            quota.append({"parent": parent, "parent_name": roster[parent].name if parent else "",
                          "group": group, "period": period, "units": len(units),
                          **result.to_dict(), "in_force": {
                              **in_force.to_dict(), "decided": sum(1 for d in decided if d),
                              "proposed": sum(1 for d, p in zip(decided, proposed)
                                              if p and not d)}})

    def rejected() -> Iterator[dict[str, Any]]:
        for r in c.files("rejected"):
            yield {"file": r["source"], "code": r["reason"], "vi": r["message_vi"],
                   "en": r["message_en"]}

    def accepted() -> Iterator[dict[str, Any]]:
        for r in c.ledger.run_files_now():
            now = c.current.get(r["unit"])
            is_current = now is not None and (now.sha256, now.source) == (r["sha256"],
                                                                         r["source"])
            warnings = json.loads((r["now"] if is_current else r["warnings"]) or "[]")
            yield {"file": r["source"], "unit": r["unit"], "sha256": r["sha256"],
                   "current": is_current, "warnings": [w["code"] for w in warnings],
                   "messages": warnings, "sender": r.get("sender"),
                   "signature": json.loads(r["signature"]) if r.get("signature") else None,
                   "received_at": r.get("sent_at") or r.get("saved_at") or r.get("file_time")}

    def missing_units() -> Iterator[dict[str, Any]]:
        refused: dict[str, list[str]] = {}  # a unit's files this run refused: why it is missing
        for r in c.files("rejected"):
            if r.get("unit") in wanted:
                refused.setdefault(r["unit"], []).append(r["source"])
        for unit_id in missing:
            unit = roster[unit_id]
            yield {"unit": unit.id, "name": unit.name, "parent": unit.parent,
                   "email": unit.email, "rejected_files": refused.get(unit_id, [])}

    wanted = set(missing)
    rejected_count = c.count("rejected")
    other_years = [] if c.count("accepted") else sorted(  # a wrong --year, most likely
        {r["year"] for r in c.files("rejected") if r["reason"] == "wrong_year" and r["year"]})
    return {
        "year": year, "year_basis": c.year_basis, "month": month, "month_basis": c.month_basis,
        "quarter": q, "quarter_basis": c.quarter_basis,
        "quarter_due": dues[str(q)] if q else None, "quarter_summary": quarter,
        "decision_steps": steps, "after_decision": view.after,
        "roster": roster.id, "root": c.root,
        "root_name": roster[c.root].name, "deadline": deadline,
        **_senders_root(c),
        "files_found": c.files_found, "skipped": c.skipped, "other_years": other_years,
        "accepted": Stream(c.count("accepted"), accepted),
        "rejected": Stream(rejected_count, rejected),
        "summary": {"expected": len(expected), "received": received, "on_time": on_time,
                    "missing": len(expected) - received, "rejected_files": rejected_count,
                    "skipped_files": len(c.skipped),
                    "four_good": four_good,
                    "four_good_percent": _share(four_good, len(expected))},
        "by_type": by_type, "by_parent": by_parent, "units": Stream(len(expected), unit_rows),
        "weak_criteria": weak_rows, "trend": trend,
        "missing_units": Stream(len(missing), missing_units), "recognition": recognition,
        "quota": quota, "quota_rule": engine.quota_rule(ruleset).to_dict(),
    }


def month_line(f: Mapping[str, Any], lang: str, terminal: bool = False) -> str:
    """Which month the report is for and why (on the ``terminal``: and how to choose
    another; a report has no command line)."""
    basis = f.get("month_basis")
    if basis is None:
        return text("month_asked", lang, month=f["month"], year=f["year"])
    line = text("month_chosen", lang, month=f["month"], year=f["year"], **basis)
    return f"{line} {text('month_other', lang)}" if terminal else line


def quarter_line(f: Mapping[str, Any], lang: str, terminal: bool = False) -> str:
    """Which quarter the report is for and why, how many units rated it and sent it in
    time (on the ``terminal``: and how to choose another)."""
    if f["quarter"] is None:
        return text("quarter_none", lang, year=f["year"])
    s, due = f["quarter_summary"], date.fromisoformat(f["quarter_due"])
    period = msg(f"tpl_rf_period_q{f['quarter']}", year=f["year"])
    common = {"period": period, "rated": s["rated"], "expected": s["expected"],
              "on_time": s["on_time"], "due": f"{due.day}/{due.month}/{due.year}"}
    basis = f.get("quarter_basis")
    if basis is None:
        return text("quarter_asked", lang, **common)
    line = text("quarter_chosen", lang, **common, **basis)
    return f"{line} {text('quarter_other', lang)}" if terminal else line


def steps_lines(f: Mapping[str, Any], lang: str) -> list[str]:
    """Where the report's quarter and the year stand through appraisal and decision (only
    once something is appraised or decided)."""
    lines = []
    for period, counts in f["decision_steps"].items():
        if counts["appraised"] or counts["decided"]:
            after = sum(1 for a in f["after_decision"] if a["period"] == period)
            lines.append(text("steps_line", lang, **counts, period=msg(
                f"tpl_rf_period_q{period}" if period != "year" else "tpl_rf_period_year",
                year=f["year"]), after=msg("steps_after", count=after) if after else ""))
    return lines


SHOWN_PROBLEMS = 10  # files listed on the terminal after a run; the report lists them all


def problem_lines(f: Mapping[str, Any], lang: str, shown: int = SHOWN_PROBLEMS) -> list[str]:
    """Each rejected file with its reason, then each warning on a current submission
    (tampered, stale, superseded, …), at most ``shown``, then how many more the report has."""
    rejected = (text("problem_rejected", lang, file=r["file"],
                     reason=without_file(r[lang], r["file"])) for r in f["rejected"])
    warned = (text("problem_warning", lang, file=a["file"],
                   warning=without_file(w[lang], a["file"]))
              for a in f["accepted"] for w in a["messages"]
              if a["current"] or w["code"] == OLD_COPY)  # an old copy resent: not used
    lines, more = [], 0
    for line in itertools.chain(rejected, warned):  # only the lines shown are kept
        if len(lines) < shown:
            lines.append(line)
        else:
            more += 1
    return lines + ([text("problem_more", lang, count=more)] if more else [])


def year_chosen_line(f: Mapping[str, Any], lang: str) -> str | None:
    """Which year the run consolidated and why, when neither ``--year`` nor the roster
    said it."""
    basis = f.get("year_basis")
    if basis is None:
        return None
    code = "year_chosen" if basis["named"] else "year_chosen_none"
    return text(code, lang, year=f["year"], **basis)


def root_line(f: Mapping[str, Any], lang: str) -> str | None:
    """Whose units a run counts, when that may not be what the officer meant: the whole
    roster, while every workbook received is of units under one unit below its root."""
    if f["sender_root"] is None:
        return None
    return text("consolidate_root_hint", lang, root=f["root_name"],
                expected=f["summary"]["expected"], unit=f["sender_root_name"],
                count=f["sender_root_units"])


def year_line(f: Mapping[str, Any], lang: str) -> str | None:
    """What to say when no file is for the year consolidated but some are for others."""
    if not f["other_years"]:
        return None
    return text("consolidate_other_years", lang, year=f["year"],
                years=", ".join(map(str, f["other_years"])), latest=f["other_years"][-1])


def done_line(f: Mapping[str, Any], report: str, lang: str) -> str:
    """The one-line summary printed at the end of a run."""
    s = f["summary"]
    return text("consolidate_done", lang, found=f["files_found"], accepted=len(f["accepted"]),
                rejected=len(f["rejected"]), received=s["received"], expected=s["expected"],
                month=f["month"], year=f["year"], missing=s["missing"], report=report) + (
        text("consolidate_skipped", lang, count=len(f["skipped"])) if f["skipped"] else "")


def workbook_values(c: Consolidation, unit_id: str, spec: layout.TemplateSpec,
                    lang: str, existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What a committee's workbook («Chi bộ trực thuộc»: its cells) or the consolidation
    workbook (every unit under it, with type, quota group, the year's proposed level and
    the level decided, and the quota groups) shows of a run, as named values that replace
    every row of those lists; and its «Thẩm định, quyết định» rows (``decision_values``;
    ``existing``: the workbook's named values, whose typed appraisals and decisions not
    recorded yet are kept)."""
    from . import decisions
    from .roster import TYPE_TITLES
    from .templates import listed_units, quota_groups

    roster, existing = c.roster, existing or {}
    units = listed_units(roster, unit_id, spec)
    groups = quota_groups(roster, units, unit_id, lang) if spec.main is None else []
    if len(units) > layout.SUBORDINATE_ROWS or len(groups) > layout.QUOTA_ROWS:
        raise FourgoodError(msg("into_too_many", units=len(units), rows=layout.SUBORDINATE_ROWS,
                                groups=len(groups), group_rows=layout.QUOTA_ROWS))
    statuses = []
    for unit in units:
        now = c.current.get(unit.id)
        statuses.append([layout.to_cell("met", now.month(m)[1], lang)
                         if now and now.month(m)[0] == "complete" else None
                         for m in range(1, layout.MONTHS + 1)])

    def column(values: list[Any], rows: int = layout.SUBORDINATE_ROWS) -> list[Any]:
        return values + [None] * (rows - len(values))

    values = {"FG_SUB_ID": column([u.id for u in units]),
              "FG_SUB_NAME": column([u.name for u in units]),
              "FG_SUB_STATUS": statuses + [[None] * layout.MONTHS] * (
                  layout.SUBORDINATE_ROWS - len(units))}
    if spec.main is None:
        values["FG_SUB_TYPE"] = column([TYPE_TITLES[u.type][lang] for u in units])
        values["FG_SUB_GROUP"] = column([roster.quota_title(u.id, unit_id, lang) for u in units])
        titles = [c.current[u.id].rating_title if u.id in c.current else None for u in units]
        values["FG_SUB_RATING"] = column([t[lang] if t else None for t in titles])
        view, ruleset = DecisionView.of(c), run_frameworks()["xep-loai-366"]
        typed = dict(zip(existing.get("FG_SUB_ID") or [], existing.get("FG_SUB_DECIDED") or []))
        decided = [view.level(u.id, "year") for u in units]  # in force, beside the proposal
        values["FG_SUB_DECIDED"] = column([  # else what was typed there (Excel, no ledger)
            decisions.level_title(ruleset, level)[lang] if level else typed.get(u.id)
            for u, level in zip(units, decided)])
        values["FG_QUOTA_GROUP"] = column([g["group"] for g in groups], layout.QUOTA_ROWS)
        values["FG_QUOTA_OUTSTANDING"] = column(
            [layout.to_cell("veto", g["outstanding"], lang) for g in groups], layout.QUOTA_ROWS)
    if spec.decisions:
        values.update(decision_values(c, unit_id, lang, existing))
    return values


def printed_rows(values: Mapping[str, Any]) -> dict[str, int]:
    """How many rows of each list ``workbook_values`` fills are printed: those filled (at
    least one), so that no empty numbered row is printed (``namedcells.write``)."""
    return {name: max(1, sum(1 for v in values[name] if v)) for name in layout.PRINTED_LISTS
            if name in values}


APPRAISAL_KEYS = ("appraised", "remark")  # the typed columns of an appraisal; the rest
DECISION_KEYS = ("level", "number", "day", "recognized", "reason", "rerate")  # a decision's


def _not_recorded(typed: Mapping[str, Any], state, ruleset, reading) -> dict[str, Any]:
    """The typed cells of a unit's period that ``decide`` has not recorded yet: its
    appraisal unless the chain holds that appraisal, its decision (level, number, date,
    recognition, reason, re-rating) unless the chain holds that decision — as ``decide``
    judges it (``decisions.recorded_appraisal``, ``decisions.recorded_decision``)."""
    from . import decisions

    def level(key: str) -> str | None:
        return decisions.level_id(ruleset, typed[key], reading) or decisions.cell_text(typed[key])

    def day() -> str | None:
        try:
            return decisions.read_day(typed["day"]).isoformat() \
                if decisions.cell_text(typed["day"]) else None
        except (ValueError, OverflowError):
            return decisions.cell_text(typed["day"])

    def choice(key: str) -> Any:
        found = decisions._choice(typed[key], reading)
        return int(found) if isinstance(found, bool) else found

    out: dict[str, Any] = {}
    if any(decisions.cell_text(typed[k]) for k in APPRAISAL_KEYS) and not \
            decisions.recorded_appraisal(state, level("appraised"),
                                         decisions.cell_text(typed["remark"])):
        out.update({k: typed[k] for k in APPRAISAL_KEYS})
    if any(decisions.cell_text(typed[k]) for k in DECISION_KEYS):
        act = {"level": level("level"), "number": decisions.cell_text(typed["number"]),
               "day": day(), "recognized": choice("recognized")}
        if decisions.recorded_decision(state, act, choice("rerate") == 1,
                                       decisions.cell_text(typed["reason"])) is None:
            out.update({k: typed[k] for k in DECISION_KEYS})
    return out


def decision_values(c: Consolidation, unit_id: str, lang: str,
                    existing: Mapping[str, Any]) -> dict[str, Any]:
    """The «Thẩm định, quyết định» rows of ``unit_id``'s workbook: each unit directly under
    it, each period, with its proposal (the one a recorded decision rests on, else its
    current workbook's), what the ledger records of it (which fills the typed columns), and
    what the workbook already holds typed for that unit and period that the ledger has not
    recorded yet (``_not_recorded``, kept as typed); and the quota rows of each comparable
    group and period."""
    from . import decisions
    from .templates import quota_groups

    roster, ruleset = c.roster, run_frameworks()["xep-loai-366"]
    children = roster.children(unit_id)
    db = c.ledger.db if c.ledger is not None else None  # none: a consolidation built by hand
    proposals = decisions.proposals(db, c.year, [u.id for u in children]) if db else {}
    chain = decisions.states(db, c.year) if db else {}
    typed_keys = [key for key, _, kind in layout.DECISION_COLUMNS if kind == "typed"]
    kept = {}
    old = {key: list(existing.get(f"FG_DEC_{key.upper()}") or [])
           for key, _, _ in layout.DECISION_COLUMNS if key != "no"}
    for n, unit in enumerate(old.get("unit", [])):
        period = decisions.period_key(old["period"][n] if n < len(old["period"]) else None)
        if unit and period:
            kept[(str(unit), period)] = {k: old[k][n] if n < len(old[k]) else None
                                         for k in typed_keys}
    title = lambda level: decisions.level_title(ruleset, level)[lang] if level else None  # noqa
    reading = layout.named_reading(existing)
    rows = []
    for unit in children:
        for period in layout.PERIODS:
            state = chain.get((unit.id, period), decisions.State())
            proposal = proposals.get((unit.id, period), decisions.Proposal(None, None))
            if state.decision and state.decision.get("basis"):
                basis = json.loads(state.decision["basis"])
                proposal = decisions.Proposal(basis.get("level"), basis.get("total"))
            row = {"unit": unit.id, "name": unit.name,
                   "period": decisions.period_title(period).text(lang),
                   "group": roster.quota_title(unit.id, unit_id, lang),
                   "points": proposal.total,
                   "proposed": title(proposal.level), "recorded": None,
                   **dict.fromkeys(typed_keys)}
            recorded = state.decision or state.appraisal
            if state.appraisal:
                row.update(appraised=title(state.appraisal["level"]),
                           remark=state.appraisal.get("remark"))
            if state.decision:
                d = state.decision
                row.update(level=title(d["level"]), number=d["number"],
                           day=date.fromisoformat(d["day"]) if d.get("day") else None,
                           recognized=None if d.get("recognized") is None else
                           layout.to_cell("veto", bool(d["recognized"]), lang),
                           reason=d.get("reason"), rerate=None)
            typed = kept.get((unit.id, period))
            if typed:  # what the office typed and decide has not recorded stays as typed
                row.update(_not_recorded(typed, state, ruleset, reading))
            if recorded:
                row["recorded"] = text("dec_recorded", lang, kind=msg(
                    f"dec_kind_{recorded['kind']}"), number=recorded.get("number") or "—",
                    level=title(recorded["level"]) or "—", seq=recorded["seq"])
            rows.append(row)
    keys = [key for key, _, _ in layout.DECISION_COLUMNS if key != "no"]
    blank = dict.fromkeys(keys)
    rows += [blank] * (layout.DECISION_ROWS - len(rows))
    values = {f"FG_DEC_{key.upper()}": [r.get(key) for r in rows] for key in keys
              if key != "state"}
    groups = quota_groups(roster, children, unit_id, lang)
    quota = [(g, period) for g in groups for period in layout.PERIODS]
    pad = [None] * (layout.DECISION_QUOTA_ROWS - len(quota))
    values["FG_DQ_GROUP"] = [g["group"] for g, _ in quota] + pad
    values["FG_DQ_PERIOD"] = [decisions.period_title(p).text(lang) for _, p in quota] + pad
    values["FG_DQ_OUTSTANDING"] = [layout.to_cell("veto", g["outstanding"], lang)
                                   for g, _ in quota] + pad
    return values
