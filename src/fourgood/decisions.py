"""Appraisal and decision of the subordinates' quality levels (Regulation 366, Art. 11–13,
15.3, 17).

A superior records, for each directly subordinate unit and period (quarters I–III, the
year), its organisation staff's appraisal and its standing committee's decision, typed on the
«Thẩm định, quyết định» sheet of its own workbook. ``plan`` reads that sheet and finds every
problem before anything is written (a unit or period unknown, a level that is not one of the
four, a decision over its group's quota, a committee decided before its cells, a level other
than the proposal without a reason, a unit and period already decided, …); ``record``
appends what it planned to the ledger's ``decisions`` table: an append-only chain in which
each row carries the hash of the row before, so that ``verify`` names the first row that was
altered, deleted or put in another order. A decided unit and period stays decided until a
re-rating, with its reason, opens it (Art. 15.3).
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Mapping

from . import engine, layout
from .errors import Problem
from .messages import Message, Sentences, fold, msg
from .reading import Invalid, Reading, diagnose, excel_trim, visible

GENESIS = "0" * 64
CODE_DIGITS = 16  # the hash digits a paper prints as its check code
KINDS = ("appraisal", "decision", "rerating")
SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    seq         INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    level       TEXT,
    recognized  INTEGER,
    number      TEXT,
    day         TEXT,
    remark      TEXT,
    reason      TEXT,
    by_unit     TEXT NOT NULL,
    basis       TEXT,
    workbook    TEXT,
    recorded_at TEXT NOT NULL,
    prev        TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_unit ON decisions (unit, year, period);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are appended, never changed'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are appended, never deleted'); END;
CREATE TABLE IF NOT EXISTS decisions_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
"""
# Every field of a row the hash covers, in order (the row's own hash aside).
FIELDS = ("seq", "kind", "unit", "year", "period", "level", "recognized", "number", "day",
          "remark", "reason", "by_unit", "basis", "workbook", "recorded_at", "prev")


def row_hash(row: Mapping[str, Any]) -> str:
    """The hash of a row: its fields (``FIELDS``, the previous row's hash among them)."""
    text = json.dumps([row.get(f) for f in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- the chain --------------------------------------------------------------------------------
def append(db: sqlite3.Connection, rows: Iterable[Mapping[str, Any]]) -> tuple[int, str]:
    """Append ``rows`` (each with the fields of ``FIELDS`` but ``seq`` and ``prev``) to the
    chain, inside the caller's transaction; returns the new head (last seq, its hash)."""
    last = db.execute("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = last if last else (0, GENESIS)
    for row in rows:
        seq += 1
        full = {**row, "seq": seq, "prev": prev, "year": int(row["year"])}  # as SQLite keeps it
        full["hash"] = prev = row_hash(full)
        names = [*FIELDS, "hash"]
        db.execute(f"INSERT INTO decisions ({', '.join(names)}) VALUES "
                   f"({', '.join('?' * len(names))})", [full.get(n) for n in names])
    db.execute("INSERT INTO decisions_head (one, seq, hash) VALUES (1, ?, ?) ON CONFLICT (one) "
               "DO UPDATE SET seq = excluded.seq, hash = excluded.hash", (seq, prev))
    return seq, prev


def head(db: sqlite3.Connection) -> tuple[int, str]:
    """The chain's last row and hash as recorded beside it ((0, GENESIS) when empty)."""
    found = db.execute("SELECT seq, hash FROM decisions_head").fetchone()
    return (found[0], found[1]) if found else (0, GENESIS)


@dataclass
class Verified:
    """What ``verify`` found: the first problem (None when intact), the rows checked and,
    for a code printed on a paper, the row it names and how many rows came after it."""

    problem: Message | None
    rows: int
    at: int | None = None
    since: int = 0


def verify(db: sqlite3.Connection, code: str | None = None) -> Verified:
    """Check the chain row by row: each row's contents, place and predecessor, and the end
    recorded beside it. With ``code`` (a hash's first hex digits, as a paper prints the
    chain's head when it was issued), check the rows up to the row whose hash it is, and
    count the rows appended since: later rows are honest additions, not alterations."""
    columns = [*FIELDS, "hash"]
    prev, count = GENESIS, 0
    for values in db.execute(f"SELECT {', '.join(columns)} FROM decisions ORDER BY seq"):
        row = dict(zip(columns, values))
        count += 1
        where = {"seq": row["seq"], "unit": row["unit"], "period": period_title(row["period"]),
                 "kind": msg(f"dec_kind_{row['kind']}") if row["kind"] in KINDS else row["kind"]}
        if row["seq"] != count:
            return Verified(msg("verify_gap", expected=count, **where), count)
        if row["prev"] != prev:
            return Verified(msg("verify_broken", **where), count)
        if row_hash(row) != row["hash"]:
            return Verified(msg("verify_altered", **where), count)
        prev = row["hash"]
        if code and prev.startswith(code):
            (total,) = db.execute("SELECT COUNT(*) FROM decisions").fetchone()
            return Verified(None, count, count, total - count)
    if code:
        return Verified(msg("verify_head", expected=code, count=count), count)
    recorded = head(db)
    if (count, prev) != recorded:
        return Verified(msg("verify_end", count=count, recorded=recorded[0]), count)
    return Verified(None, count)


def check_code(value: str) -> str | None:
    """A check code as typed from a paper (spaces and case aside), or None when it is not
    at least ``CODE_DIGITS`` hexadecimal digits."""
    code = "".join(value.split()).lower()
    return code if len(code) >= CODE_DIGITS and re.fullmatch(r"[0-9a-f]+", code) else None


@dataclass
class State:
    """A unit's period as the chain has it: the latest appraisal, the decision in force
    (None when none or after a re-rating opened it), the number of re-ratings; every
    appraisal and decision recorded, in order (``acts``), and which of those decisions a
    re-rating made (``rerated``: their seq)."""

    appraisal: dict[str, Any] | None = None
    decision: dict[str, Any] | None = None
    reratings: int = 0
    acts: list[dict[str, Any]] = field(default_factory=list)
    rerated: set[int] = field(default_factory=set)


def states(db: sqlite3.Connection, year: int) -> dict[tuple[str, str], State]:
    """(unit, period) -> its state in the chain for ``year``."""
    columns = [*FIELDS, "hash"]
    out: dict[tuple[str, str], State] = {}
    opened: set[tuple[str, str]] = set()  # a re-rating recorded, its decision not yet
    for values in db.execute(f"SELECT {', '.join(columns)} FROM decisions WHERE year = ? "
                             "ORDER BY seq", (year,)):
        row = dict(zip(columns, values))
        key = (row["unit"], row["period"])
        state = out.setdefault(key, State())
        if row["kind"] == "appraisal":
            state.appraisal = row
            state.acts.append(row)
        elif row["kind"] == "decision":
            state.decision = row
            state.acts.append(row)
            if key in opened:
                state.rerated.add(row["seq"])
                opened.discard(key)
        else:
            state.decision, state.reratings = None, state.reratings + 1
            opened.add(key)
    return out


ACT = ("level", "number", "day", "recognized")  # what makes a decision the act it is


def recorded_decision(state: State, act: Mapping[str, Any], rerate: bool,
                      reason: str | None) -> dict[str, Any] | None:
    """The recorded decision that a decision typed for a unit's period (``act``: the
    fields of ``ACT`` as the chain keeps them) is, or None when it is a new act: the
    decision in force, whatever the re-rating columns say; or an earlier one, typed again
    in a workbook recorded before — where a re-rating is typed, only the decision that
    re-rating made, with its reason. One act is recorded once (Art. 17)."""
    same = lambda row: all(row.get(k) == act.get(k) for k in ACT)  # noqa: E731
    if state.decision is not None and same(state.decision):
        return state.decision
    return next((row for row in state.acts if row["kind"] == "decision" and same(row)
                 and (not rerate or (row["seq"] in state.rerated
                                     and row.get("reason") == reason))), None)


def recorded_appraisal(state: State, level: str | None, remark: str | None) -> bool:
    """Whether an appraisal typed for a unit's period (``level``, ``remark``) is one the
    chain holds."""
    return any(row["kind"] == "appraisal" and (row["level"], row.get("remark")) ==
               (level, remark) for row in state.acts)


# ---- words -----------------------------------------------------------------------------------
def period_title(key: str) -> Message | str:
    """«Quý II», «Cả năm»."""
    return msg(f"period_q{key}" if key in ("1", "2", "3") else "period_year") \
        if key in layout.PERIODS else key


def period_key(value: Any) -> str | None:
    """The period a cell names («Quý II», "Quarter 2", "Q2", 2, «Cả năm», "Year"), or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (1, 2, 3):
        return str(int(value))
    if not isinstance(value, str):
        return None
    word = " ".join(fold(value).split())
    for key in layout.PERIODS:
        names = {fold(period_title(key).text(lang)) for lang in ("vi", "en")}
        names |= {f"q{key}", key} if key != "year" else {"năm", "year"}
        if word in names:
            return key
    return None


def level_id(ruleset: Mapping[str, Any], value: Any, reading: Reading | None = None
             ) -> str | None:
    """The level ``value`` names, or None: read from a sheet (``reading``), its title in
    either language as the sheet's formulas compare it; given as data, its title or id
    (spaces, case and Unicode form aside)."""
    if reading is not None:
        return next((level["id"] for level in ruleset["levels"]
                     if reading.matches(value, level["title"].values())), None)
    if not isinstance(value, str):
        return None
    word = " ".join(fold(value).split())
    for level in ruleset["levels"]:
        if word in {fold(level["id"]), *(fold(t) for t in level["title"].values())}:
            return level["id"]
    return None


def level_title(ruleset: Mapping[str, Any], level: str | None) -> Any:
    return next((lvl["title"] for lvl in ruleset["levels"] if lvl["id"] == level), level or "—")


def read_day(value: Any) -> date | None:
    """A date cell: a date, an Excel serial number, or text «15/10/2024» / «2024-10-15»;
    raises ValueError when it is none of them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    if isinstance(value, str):
        text = value.strip()
        found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
    raise ValueError(value)


# ---- the plan --------------------------------------------------------------------------------
@dataclass
class Proposal:
    """What a unit proposed for a period, from the workbook a decision rests on
    (recomputed); for the year, also what its recognition rests on (``year``: the
    four-good framework and its months assessed, achieved and with a veto)."""

    level: str | None
    total: float | None
    sha256: str | None = None
    source: str | None = None
    year: dict[str, Any] | None = None

    def basis(self) -> str:
        """The proposal as a recorded act keeps it (JSON text)."""
        basis = {"level": self.level, "total": self.total, "sha256": self.sha256,
                 "source": self.source}
        if self.year is not None:
            basis["year"] = self.year
        return json.dumps(basis, ensure_ascii=False, sort_keys=True)


@dataclass
class Known:
    """What the ledger knows when a sheet is planned: each subordinate's current proposal
    (``proposals``), the chain's state of each unit and period (``chain``), the decisions
    the committees under the deciding unit reported on their cells (``below``: (cell,
    period) -> row with level, number, day) and the decision numbers the deciding unit has
    recorded with their dates (``numbers``)."""

    proposals: Mapping[tuple[str, str], Proposal]
    chain: Mapping[tuple[str, str], State]
    below: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    numbers: Mapping[str, date] = field(default_factory=dict)


def known(db: sqlite3.Connection, year: int, roster, deciding: str) -> Known:
    """What the ledger ``db`` knows for ``deciding``'s decisions of ``year``."""
    children = [u.id for u in roster.children(deciding)]
    committees = [u for u in children if roster.children(u)]
    numbers = {}
    for number, day in db.execute("SELECT number, day FROM decisions WHERE kind = 'decision' "
                                  "AND by_unit = ? AND number IS NOT NULL AND day IS NOT NULL "
                                  "ORDER BY seq", (deciding,)):
        numbers.setdefault(fold(number), date.fromisoformat(day))
    return Known(proposals(db, year, children), states(db, year),
                 reported(db, year, committees), numbers)


@dataclass
class Plan:
    """What ``decide`` will append (rows without ``seq``/``prev``), what it leaves as
    already recorded, and every problem found (nothing is appended while there is one)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    at: dict[int, list[Problem]] = field(default_factory=dict)  # sheet row -> its problems

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for r in self.rows if r["kind"] == kind) for kind in KINDS}


def cell_text(value: Any) -> str | None:
    """A cell's text as the sheet's formulas see it (``TRIM``), None when empty; a whole
    number as the cell shows it (a decision number typed 15 is «15», not «15.0»)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return excel_trim(str(value)) or None


def sheet_digest(named: Mapping[str, Any]) -> str:
    """The SHA-256 of what a decision sheet holds typed (its units, periods and typed
    columns, each as the sheet's formulas read it): the same whether the sheet is read
    from a saved file or from the workbook open in Excel. A recorded act keeps it
    (``workbook``) as the evidence of the sheet it was decided from."""
    def canonical(key: str, value: Any) -> Any:
        if key == "day" and cell_text(value):
            try:  # a date, a serial number or a date typed as text: the day it names
                return read_day(value).isoformat()
            except (ValueError, OverflowError):
                pass
        return cell_text(value)

    keys = ["unit", "period", *(key for key, _, kind in layout.DECISION_COLUMNS
                                 if kind == "typed")]
    columns = {key: [canonical(key, v) for v in named.get(f"FG_DEC_{key.upper()}") or []]
               for key in keys}
    return hashlib.sha256(json.dumps(columns, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8")).hexdigest()


def plan(named: Mapping[str, Any], ruleset: Mapping[str, Any], roster, deciding: str,
         year: int, lang: str, known: Known, today: date, workbook: str, now: str,
         frameworks: Mapping[str, Mapping[str, Any]]) -> Plan:
    """Check the decision sheet's rows (``named``: the workbook's named values) against the
    roster, what the ledger knows (``known``) and the frameworks (recognition conditions);
    return the rows to append. A row that is the act in force is recorded already."""
    out = Plan()
    reading = layout.named_reading(named)
    titles = [t for lvl in ruleset["levels"] for t in lvl["title"].values()]
    column = lambda key: list(named.get(f"FG_DEC_{key.upper()}") or [])  # noqa: E731
    cols = {key: column(key) for key, _, _ in layout.DECISION_COLUMNS if key != "no"}
    rows = max((len(v) for v in cols.values()), default=0)
    seen: dict[tuple[str, str], int] = {}
    decided: dict[tuple[str, str], str] = {}  # this plan's decisions, for the quota
    numbers = dict(known.numbers)  # decision number -> its date, the record's and this plan's
    first = 8  # the sheet's first row (HEAD_ROW + 1)

    def problem(code: str, n: int | None, **params: Any) -> None:
        where = msg("dec_row", row=n + first) if n is not None else ""
        found = Problem(code, f"row {n + first}" if n is not None else "",
                        msg("dec_problem", where=where, detail=msg(code, **params))
                        if n is not None else msg(code, **params))
        out.problems.append(found)
        if n is not None:
            out.at.setdefault(n + first, []).append(found)

    for n in range(rows):
        value = lambda key: cols[key][n] if n < len(cols[key]) else None  # noqa: E731
        unit = cell_text(value("unit"))
        typed = {key: value(key) for key, _, kind in layout.DECISION_COLUMNS if kind == "typed"}
        if unit is None:
            if any(v not in (None, "") for v in typed.values()):
                problem("dec_no_unit", n)
            continue
        if not any(cell_text(v) for v in typed.values()):
            continue  # nothing typed on this row
        period = period_key(value("period"))
        if unit not in roster.units:
            problem("dec_unknown_unit", n, unit=unit)
            continue
        if roster[unit].parent != deciding:
            problem("dec_not_subordinate", n, unit=unit, by=roster[deciding].name)
            continue
        if period is None:
            problem("dec_bad_period", n, unit=unit, value=cell_text(value("period")) or "—")
            continue
        key = (unit, period)
        label = {"unit": unit, "period": period_title(period)}
        if key in seen:
            problem("dec_twice", n, other=seen[key] + first, **label)
            continue
        seen[key] = n
        found = cell_text(value("group"))  # as the sheet shows it, or as written before titles
        if found not in (None, roster.quota_key(unit, deciding),
                         *(roster.quota_title(unit, deciding, code) for code in ("vi", "en"))):
            problem("dec_group_changed", n, found=found,
                    group=roster.quota_title(unit, deciding, lang), **label)
        levels = {}
        for which in ("appraised", "level"):
            text = cell_text(value(which))
            levels[which] = level_id(ruleset, value(which), reading) if text else None
            if text and levels[which] is None:
                hint = _retype(value(which), titles, which)
                if hint:
                    problem("dec_retype", n, detail=hint, **label)
                else:
                    problem("dec_bad_level", n, value=text, **label,
                            levels="; ".join(lvl["title"][lang] for lvl in ruleset["levels"]))
        rerate = _choice(value("rerate"), reading)
        recognized = _choice(value("recognized"), reading)
        for which, parsed in (("rerate", rerate), ("recognized", recognized)):
            if parsed == "bad":
                hint = _retype(value(which), YES_NO, which)
                if hint:
                    problem("dec_retype", n, detail=hint, **label)
                else:
                    problem("dec_bad_choice", n, value=cell_text(value(which)), **label)
        recognized = None if recognized == "bad" else recognized
        if recognized is not None and period != "year":
            problem("dec_recognized_quarter", n, **label)
        reason, remark = cell_text(value("reason")), cell_text(value("remark"))
        state = known.chain.get(key, State())
        proposal = known.proposals.get(key, Proposal(None, None))  # what a new act rests on
        common = {"unit": unit, "year": year, "period": period, "by_unit": deciding,
                  "workbook": workbook, "recorded_at": now, "basis": proposal.basis()}
        appraisal = _appraisal(state, levels["appraised"], remark)
        level = levels["level"]
        if level is None and cell_text(value("level")) is None:
            if rerate is True:
                problem("dec_rerate_without_level", n, **label)
            if recognized is not None:
                problem("dec_recognized_without_level", n, **label)
            if appraisal and state.decision is not None:
                _appraised_after(problem, n, label, state.decision, ruleset)
            elif appraisal:
                out.rows.append({**common, **appraisal})
            elif levels["appraised"]:
                out.skipped.append(f"{unit}/{period}")
            continue
        if level is None:
            continue  # a level not one of the four: said above
        number, day_value = cell_text(value("number")), value("day")
        if number is None:
            problem("dec_no_number", n, **label)
        day = None
        if day_value in (None, ""):
            problem("dec_no_day", n, **label)
        else:
            try:
                day = read_day(day_value)
            except (ValueError, OverflowError):
                problem("dec_bad_day", n, value=cell_text(day_value), **label)
        wanted = {"level": level, "number": number, "day": day.isoformat() if day else None,
                  "recognized": None if recognized is None else int(recognized)}
        if recorded_decision(state, wanted, rerate is True, reason) is not None:
            if appraisal and state.decision is not None:  # typed after the decision
                _appraised_after(problem, n, label, state.decision, ruleset)
            else:  # the act in force, or one it replaced (a workbook recorded before)
                out.skipped.append(f"{unit}/{period}")
            continue
        if day is not None:
            _check_day(problem, n, label, day, today, period, year, number, numbers,
                       known.numbers)
            if rerate is True and state.decision is not None and state.decision.get("day") \
                    and day < date.fromisoformat(state.decision["day"]):
                problem("dec_rerate_before", n, day=_day_text(day),
                        number=state.decision["number"] or "—",
                        other=_day_text(date.fromisoformat(state.decision["day"])), **label)
        if level != proposal.level and reason is None:
            problem("dec_no_reason", n, level=level_title(ruleset, level),
                    proposed=level_title(ruleset, proposal.level) if proposal.level
                    else msg("dec_no_proposal"), **label)
        if recognized and period == "year":  # on a quarter's row: said above
            _check_recognition(problem, n, label, level, proposal, ruleset, frameworks)
        if state.decision is not None:
            if rerate is not True or reason is None:
                problem("dec_already", n, number=state.decision["number"] or "—",
                        day=_day_text(date.fromisoformat(state.decision["day"]))
                        if state.decision.get("day") else "—",
                        level=level_title(ruleset, state.decision["level"]), **label)
                continue
            out.rows.append({**common, "kind": "rerating", "level": state.decision["level"],
                             "number": state.decision["number"], "reason": reason,
                             "basis": state.decision["basis"]})
        elif rerate is True:
            problem("dec_rerate_nothing", n, **label)
            continue
        if roster.children(unit):  # a committee: its own cells decided first (Art. 12.2)
            _check_cells_first(problem, n, label, unit, roster, known.below, period, day)
        if appraisal:
            out.rows.append({**common, **appraisal})
        decided[key] = level
        out.rows.append({**common, **wanted, "kind": "decision", "reason": reason,
                         "remark": remark})
    _check_quota(out, ruleset, roster, deciding, known.chain, decided)
    if out.problems:
        out.rows = []
    return out


def _appraisal(state: State, level: str | None, remark: str | None) -> dict[str, Any] | None:
    """The appraisal row a sheet's row asks for: None when none is typed or the chain
    holds it (``recorded_appraisal``)."""
    if level is None or recorded_appraisal(state, level, remark):
        return None
    return {"kind": "appraisal", "level": level, "remark": remark}


def _appraised_after(problem, n: int, label: Mapping[str, Any], decision: Mapping[str, Any],
                     ruleset: Mapping[str, Any]) -> None:
    """An appraisal typed for a period decided and in force: the appraisal comes before
    its decision (Art. 12.1), so a new one is recorded only with a re-rating."""
    problem("dec_appraised_after", n, number=decision["number"] or "—",
            level=level_title(ruleset, decision["level"]), **label)


def _check_day(problem, n: int, label: Mapping[str, Any], day: date, today: date,
               period: str, year: int, number: str | None, numbers: dict[str, date],
               issued: Mapping[str, date]) -> None:
    """A decision's date: not after today, not before its period began, and one date for
    one decision number (in this sheet and in the record); and a number recorded before
    (``issued``: its paper printed) is not given to another act."""
    if day > today:
        problem("dec_future_day", n, day=_day_text(day), today=_day_text(today), **label)
    start = date(year, engine.quarter_months(period)[0] if period != "year" else 1, 1)
    if day < start:
        problem("dec_day_before_period", n, day=_day_text(day), start=_day_text(start),
                **label)
    if number is not None:
        other = numbers.setdefault(fold(number), day)
        if other != day:
            problem("dec_number_two_days", n, number=number, day=_day_text(day),
                    other=_day_text(other), **label)
        elif fold(number) in issued:
            problem("dec_number_issued", n, number=number, day=_day_text(day), **label)


def _check_recognition(problem, n: int, label: Mapping[str, Any], level: str,
                       proposal: Proposal, ruleset: Mapping[str, Any],
                       frameworks: Mapping[str, Mapping[str, Any]]) -> None:
    """A recognition of «… bốn tốt» decided only where the unit's year meets the
    framework's recognition conditions with the level decided (not the one proposed)."""
    year = proposal.year
    if year is None or year.get("framework") not in frameworks:
        problem("dec_recognized_no_workbook", n, **label)
        return
    framework = frameworks[year["framework"]]
    gaps = engine.recognition_gaps(framework, {**year, "rating": level}, ruleset)
    if gaps:
        problem("dec_not_eligible", n, title=framework["title"], missing=Sentences(gaps),
                **label)


def _check_cells_first(problem, n: int, label: Mapping[str, Any], unit: str, roster,
                       below: Mapping[tuple[str, str], dict[str, Any]], period: str,
                       day: date | None) -> None:
    """A committee is decided after each of its cells, in the record and in time
    (Art. 12.2: lower levels first)."""
    cells = [c.id for c in roster.children(unit) if c.type == "chi-bo"]
    waiting = [c for c in cells if not (below.get((c, period)) or {}).get("level")]
    if waiting:
        problem("dec_cells_first", n, cells=", ".join(waiting), count=len(waiting), **label)
        return
    days = [(date.fromisoformat(below[(c, period)]["day"]), c) for c in cells
            if below[(c, period)].get("day")]
    if day is not None and days and max(days)[0] > day:
        last, cell = max(days)
        problem("dec_before_cells", n, day=_day_text(day), cell=cell, cell_day=_day_text(last),
                **label)


def _choice(value: Any, reading: Reading) -> bool | str | None:
    """A «Có»/«Không» cell: True, False, None when empty, "bad" otherwise."""
    if reading.empty(value):
        return None
    try:
        return reading.choice(value, engine.CHOICES["veto"])
    except Invalid:
        return "bad"


YES_NO = [word for words in engine.CHOICES["veto"].values() for word in words]


def _retype(value: Any, words: Iterable[str], column: str) -> Message | None:
    """What to retype in a refused cell of ``column``, when special characters or the
    Unicode form are what keeps it from being one of ``words``."""
    code = diagnose(value, words)
    if not code.startswith("typed_"):
        return None
    return msg(code, item=msg(f"tpl_dec_{column}"), value=visible(str(value)))


def _day_text(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _check_quota(out: Plan, ruleset: Mapping[str, Any], roster, deciding: str,
                 chain: Mapping[tuple[str, str], State],
                 decided: Mapping[tuple[str, str], str]) -> None:
    """The quota of each comparable group and period on the decided levels: those already
    in force in the chain and those this plan decides (Art. 11: a decision over it is not
    allowed, whereas a proposal may be)."""
    touched = {(roster.quota_key(unit, deciding), period) for unit, period in decided}
    for group, period in sorted(touched):
        members = [u for u in roster.children(deciding)
                   if roster.quota_key(u.id, deciding) == group]
        levels = []
        for unit in members:
            key = (unit.id, period)
            in_force = chain.get(key, State()).decision
            levels.append(decided.get(key) or (in_force or {}).get("level"))
        parent = roster.quota_group(members[0].id)[0] if members else None
        outstanding = bool(parent and roster[parent].outstanding)
        result = engine.check_quota(ruleset, levels, outstanding)
        if not result.ok:
            top = [u.id for u, lvl in zip(members, levels) if lvl == result.level]
            out.problems.append(Problem("dec_over_quota", f"{group}/{period}", msg(
                "dec_over_quota", group=roster.quota_title(members[0].id, deciding),
                period=period_title(period),
                count=result.count, allowed=result.allowed, base=result.base,
                percent=result.max_percent, level=level_title(ruleset, result.level),
                units=", ".join(top), rule=engine.quota_rule(ruleset))))


# ---- what the ledger knows ---------------------------------------------------------------------
def proposals(db: sqlite3.Connection, year: int, units: Iterable[str]
              ) -> dict[tuple[str, str], Proposal]:
    """(unit, period) -> the unit's proposal in its current workbook for ``year``; the
    year's entry is there whenever the unit has a workbook, with what its recognition
    rests on."""
    wanted = list(units)
    out: dict[tuple[str, str], Proposal] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        cursor = db.execute(
            "SELECT unit, sha256, source, template, json_extract(summary, '$.quarters.periods'), "
            "json_extract(summary, '$.year_result'), json_extract(summary, '$.months') FROM "
            f"submissions WHERE status = 'accepted' AND current = 1 AND year = ? AND unit IN "
            f"({', '.join('?' * len(chunk))})", (year, *chunk))
        for unit, sha256, source, template, periods, result, months in cursor:
            for period, p in json.loads(periods or "{}").items():
                if p.get("status") == "complete":
                    out[(unit, period)] = Proposal(p.get("level"), p.get("total"), sha256,
                                                   source)
            result, months = json.loads(result or "{}"), json.loads(months or "{}")
            spec = layout.TEMPLATES.get(template)
            yearly = out.setdefault((unit, "year"), Proposal(None, None, sha256, source))
            yearly.year = {"framework": spec.main if spec else None,
                           "periods_assessed": result.get("assessed"),
                           "periods_achieved": result.get("achieved"),
                           "periods_with_veto": sum(1 for m in months.values()
                                                    if m.get("vetoes"))}
    return out


def reported(db: sqlite3.Connection, year: int, committees: Iterable[str]
             ) -> dict[tuple[str, str], dict[str, Any]]:
    """(cell, period) -> the decision its committee reported in its current workbook."""
    wanted = list(committees)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        cursor = db.execute(
            "SELECT unit, json_extract(summary, '$.decisions') FROM submissions WHERE status = "
            f"'accepted' AND current = 1 AND year = ? AND unit IN ({', '.join('?' * len(chunk))})",
            (year, *chunk))
        for committee, rows in cursor:
            for row in json.loads(rows or "[]"):
                out[(row["unit"], row["period"])] = {**row, "by_unit": committee}
    return out


def sheet_decisions(named: Mapping[str, Any], ruleset: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a received committee workbook's «Thẩm định, quyết định» sheet says of its cells
    (the rows with an appraisal or a decision that reads as one), for the city's report and
    for its check that the cells come first. Not checked further: the committee's own
    ``decide`` did that."""
    cols = {key: list(named.get(f"FG_DEC_{key.upper()}") or [])
            for key, _, _ in layout.DECISION_COLUMNS if key != "no"}
    out = []
    reading = layout.named_reading(named)
    for n, unit in enumerate(cols["unit"]):
        value = lambda key: cols[key][n] if n < len(cols[key]) else None  # noqa: E731
        unit, period = cell_text(unit), period_key(value("period"))
        appraised, level = (level_id(ruleset, value(k), reading) for k in ("appraised", "level"))
        if not unit or period is None or not (appraised or level):
            continue
        try:
            day = read_day(value("day")).isoformat() if cell_text(value("day")) else None
        except (ValueError, OverflowError):
            day = None
        recognized = _choice(value("recognized"), reading)
        out.append({"unit": unit, "period": period, "appraised": appraised, "level": level,
                    "number": cell_text(value("number")), "day": day,
                    "recognized": recognized if isinstance(recognized, bool) else None})
    return out
