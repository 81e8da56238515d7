"""The ledger: a SQLite file with one row per submission, accepted or rejected.

Nothing is ever deleted. A file already recorded (same bytes, same place) is not recorded
again, so running the same inbox twice adds no row; reading it again updates its row.
The ``files`` table remembers each inbox entry read (size, hash, and what the reading
depended on), so that a later run takes its rows without reading it. For each unit and
year the latest accepted submission is the current one — by its own save time (never later
than the e-mail that carried it), then the e-mail date, then the file time — unless it is
an old copy (it lacks periods the one in use has filled, and fills none more); the others
stay, marked superseded.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import orjson

from . import decisions
from .errors import InputFileError, Rejected
from .messages import Message, msg

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL,
    source      TEXT NOT NULL,
    file_time   TEXT,
    saved_at    TEXT,
    sender      TEXT,
    sent_at     TEXT,
    subject     TEXT,
    signature   TEXT,
    unit        TEXT,
    year        INTEGER,
    template    TEXT,
    status      TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    current     INTEGER NOT NULL DEFAULT 0,
    reason      TEXT,
    message_vi  TEXT,
    message_en  TEXT,
    warnings    TEXT NOT NULL DEFAULT '[]',
    summary     TEXT,
    record      TEXT,
    UNIQUE (sha256, source)
);
CREATE INDEX IF NOT EXISTS submissions_unit_year ON submissions (unit, year);
CREATE TABLE IF NOT EXISTS files (
    name        TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    context     TEXT NOT NULL,
    rows        TEXT NOT NULL
);
"""
JSON_COLUMNS = ("warnings", "summary", "record", "signature")
JOBS = ("consolidate", "decide")  # the runs that hold a ledger, as its lock file names them
# Rejections that say something of the run, not of the file: they never replace a reading,
# and such a file is read again next time.
TRANSIENT = ("internal_error", "worker_died", "too_slow")
# When a workbook was saved, as far as it can be trusted: its own save time (a time in the
# future is dropped as it is read), but never later than the e-mail that carried it (the
# sender's clock: a workbook cannot be saved after it was sent); '' without one, so that a
# workbook that says when it was saved comes after every one that does not.
MADE = "COALESCE(MIN(saved_at, COALESCE(sent_at, saved_at)), '')"
# Later last by when it was saved, then the e-mail's date, then the file's time; ties broken
# by content and place (never by the order workers happened to finish in).
KEYS = (MADE, "COALESCE(sent_at, '')", "COALESCE(file_time, '')", "sha256", "source", "id")
EARLIEST_FIRST = ", ".join(KEYS)
OLD_COPY = "warn_old_copy"  # the warning on an old copy resent (``refresh_current``)


# What the report shows of a unit's current summary, besides ``Current``: JSON paths (MONTH,
# QUARTER: the report's month and quarter), extracted together as one array (their JSON
# types kept).
UNIT_DETAIL = ('$.months."MONTH"', "$.year_result.recognized", "$.year_result.assessed",
               "$.year_result.achieved", "$.secretary", "$.sent_at", "$.saved_at",
               "$.file_time", "$.warnings", "$.quarters", '$.quarter_gaps."QUARTER"',
               "$.year_result.gaps")
QUARTERS = 3  # the quarters a summary rates on their own (layout.QUARTERS)
ROMAN = {1: "I", 2: "II", 3: "III"}
RECEIVED = "COALESCE(sent_at, saved_at, file_time)"  # when a submission came, as it says


def _holder(lock: Path) -> str | None:
    """The job a ledger's lock file names (None when it cannot be read)."""
    try:
        return lock.read_bytes()[:32].decode("ascii", "replace").strip()
    except OSError:
        return None


class Current(NamedTuple):
    """A unit's current submission as a run holds it: where it is, and each month's
    (status, Four-good) from January to December."""

    sha256: str
    source: str
    template: str
    months: tuple[tuple[str, bool | None], ...]
    rating: str | None
    rating_title: dict[str, str] | None
    quarters: tuple[tuple[str, str | None], ...] = ()  # each quarter's (status, level)

    def month(self, month: int) -> tuple[str, bool | None]:
        return self.months[month - 1]

    def quarter(self, quarter: int) -> tuple[str, str | None]:
        """Quarter ``quarter``'s (status, proposed level); ("blank", None) when not rated."""
        return self.quarters[quarter - 1] if quarter <= len(self.quarters) else ("blank", None)


# Each month's status and Four-good, January to December, extracted as one JSON array.
_MONTHS = "json_extract(summary, " + ", ".join(
    f"'$.months.\"{m}\".status', '$.months.\"{m}\".four_good'" for m in range(1, 13)) + ")"


# Each quarter's status and proposed level, quarters I to III, extracted as one JSON array.
_QUARTERS = "json_extract(summary, " + ", ".join(
    f"'$.quarters.periods.\"{q}\".status', '$.quarters.periods.\"{q}\".level'"
    for q in range(1, QUARTERS + 1)) + ")"


def _parsed(text: str | None, held: dict[Any, Any]) -> Any:
    """JSON text as a value, shared with every equal text already parsed."""
    if text not in held:
        held[text] = None if text is None else orjson.loads(text)
    return held[text]


def shared_periods(pairs: Iterable[tuple[str | None, Any]], held: dict[Any, Any]
                   ) -> tuple[tuple[str, Any], ...]:
    """Each period's (status, result) in order — a month's Four-good, a quarter's level —
    (no status: blank), as a ``Current`` holds them: equal pairs and equal lists held once
    in ``held``."""
    periods = tuple(held.setdefault(pair, pair)
                    for pair in ((status or "blank", result) for status, result in pairs))
    return held.setdefault(periods, periods)


def _filled(months: str, quarters: str) -> frozenset[tuple[str, int]]:
    """The periods a summary has filled, from ``_MONTHS`` and ``_QUARTERS``: ("month", m),
    ("quarter", q)."""
    found = set()
    for kind, text in (("month", months), ("quarter", quarters)):
        statuses = orjson.loads(text)[::2]
        found |= {(kind, n) for n, status in enumerate(statuses, 1)
                  if status not in (None, "blank")}
    return frozenset(found)


def _old_copy(filled: frozenset, current: frozenset) -> bool:
    """Whether a copy that filled ``filled`` is an old copy of one that filled ``current``:
    it lacks some of those periods and fills none they lack."""
    return bool(current - filled) and not filled - current


def _periods_named(periods: Iterable[tuple[str, int]]) -> list[Message]:
    """Periods in words: the quarters, then the months («quý II; tháng 5, 6»)."""
    quarters = sorted(n for kind, n in periods if kind == "quarter")
    months = sorted(n for kind, n in periods if kind == "month")
    named = []
    if quarters:
        named.append(msg("periods_quarters", count=len(quarters),
                         roman=", ".join(ROMAN[n] for n in quarters),
                         numbers=", ".join(map(str, quarters))))
    if months:
        named.append(msg("periods_months", count=len(months),
                         numbers=", ".join(map(str, months))))
    return named


def _periods(text: str, held: dict[Any, Any]) -> tuple[tuple[str, Any], ...]:
    """The periods of ``_MONTHS`` or ``_QUARTERS`` in order, shared when equal."""
    if text not in held:
        flat = orjson.loads(text)
        held[text] = shared_periods(zip(flat[::2], flat[1::2]), held)
    return held[text]


def _json_value(value: Any) -> Any:
    """What JSON cannot hold, as text: a date or time a cell held (an officer's «1/3» that
    Excel made a date), anything else by its text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def dumps(value: Any) -> str | None:
    """A value of a JSON column as the ledger stores it (text stays as it is)."""
    if value is None or isinstance(value, str):
        return value
    try:  # orjson: the same compact text, several times faster (a worker's every workbook)
        return orjson.dumps(value, default=_json_value, option=orjson.OPT_SORT_KEYS
                            ).decode("utf-8")
    except TypeError:  # what orjson refuses (an integer beyond 64 bits, a key not text)
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          default=_json_value)


class Ledger:
    """A ledger file; use as a context manager: everything of a run commits at once; then
    ``close`` it."""

    def __init__(self, path: Path | str, shown: Path | str | None = None):
        """Open (or create) the ledger at ``path``; ``shown`` is the name to give the user
        (the ledger a run works on is a staged copy)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA + decisions.SCHEMA)
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(submissions)")}
            if "signature" not in columns:  # a ledger written before signatures were kept
                self.db.execute("ALTER TABLE submissions ADD COLUMN signature TEXT")
            self.db.execute("SELECT sha256, source, summary, record FROM submissions LIMIT 1")
        except sqlite3.DatabaseError:  # not a database, damaged, another program's
            raise InputFileError(msg("ledger_unusable", path=str(shown or path))) from None

    @staticmethod
    @contextlib.contextmanager
    def lock(path: Path | str, job: str = "consolidate") -> Iterator[None]:
        """Hold the ledger at ``path`` for one run of ``job`` ("consolidate", "decide");
        another run on it is refused at once, in words that name the job holding it (the
        lock is the operating system's: it ends with the process, however it ends).
        The lock file is removed when the run ends: a run that locked a file removed
        meanwhile holds nothing, and is refused like one that found it locked."""
        path = Path(path)
        lock = path.with_name(f".{path.name}.lock")
        handle = open(lock, "a+b")
        held = False
        try:
            try:
                if os.name == "nt":
                    import msvcrt

                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                else:
                    import fcntl

                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    if os.stat(lock).st_ino != os.fstat(handle.fileno()).st_ino:
                        raise OSError  # removed by the run that held it before
            except OSError:
                holder = _holder(lock)
                raise InputFileError(msg("ledger_busy", path=str(path), job=msg(
                    f"ledger_job_{holder}" if holder in JOBS else "ledger_job_other"))) from None
            held = True
            handle.truncate(0)  # says which job holds it, to a run turned away meanwhile
            handle.write(job.encode("ascii"))
            handle.flush()
            yield
        finally:
            if held and os.name != "nt":  # removed while held (Windows: once closed)
                with contextlib.suppress(OSError):
                    lock.unlink()
            handle.close()
            if held and os.name == "nt":
                with contextlib.suppress(OSError):
                    lock.unlink()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, kind, *_: Any) -> None:
        """Commit everything of the run (or nothing, on an error). The connection stays open
        for the run's own view (``run_files``, ``run_units``) until ``close``."""
        if kind is None:
            self.db.commit()
        else:
            self.db.rollback()
            self.db.close()

    def add(self, row: dict[str, Any]) -> None:
        """Record a submission; the same bytes from the same place are one row, updated by
        a new reading (a rejection for the run's own reasons never replaces a reading)."""
        row = {k: dumps(v) if k in JSON_COLUMNS else v for k, v in row.items()}
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        update = ", ".join(f"{k} = excluded.{k}" for k in row if k not in ("sha256", "source"))
        transient = row.get("reason") in TRANSIENT
        self.db.execute(f"INSERT INTO submissions ({columns}) VALUES ({marks}) ON CONFLICT "
                        f"(sha256, source) DO " + ("NOTHING" if transient else
                                                   f"UPDATE SET {update}"), row)

    def update_summary(self, sha256: str, source: str, summary: Any, warnings: Any) -> None:
        """Replace the summary of a recorded submission (after a roll-up recomputed it)."""
        self.db.execute("UPDATE submissions SET summary = ?, warnings = ? WHERE sha256 = ? "
                        "AND source = ?", (dumps(summary), dumps(warnings), sha256, source))

    def refresh_current(self) -> None:
        """Mark one accepted submission of each unit and year current: from the earliest
        (``KEYS``), each later one replaces the current one, except an old copy — one that
        lacks periods (months, quarters) the current one has filled and fills none it lacks.
        Such a copy that came after the one in use (later by ``KEYS`` or by the day it was
        received) is an old copy resent: warned about (``OLD_COPY``, naming what it would
        have removed, here and in this run's list of files), never current."""
        self.db.execute("""
            UPDATE submissions SET current = (id IN (
              SELECT id FROM (
                SELECT id, COUNT(*) OVER (PARTITION BY unit, year) AS n
                FROM submissions WHERE status = 'accepted') WHERE n = 1))""")
        cursor = self.db.execute(f"""
            SELECT id, unit, year, source, warnings, {RECEIVED}, {_MONTHS}, {_QUARTERS}
            FROM submissions
            WHERE status = 'accepted' AND ((unit, year) IN (
                    SELECT unit, year FROM submissions WHERE status = 'accepted'
                    GROUP BY unit, year HAVING COUNT(*) > 1)
                  OR warnings LIKE '%"{OLD_COPY}"%')
            ORDER BY unit, year, {EARLIEST_FIRST}""")
        changed, chosen = [], []
        for _, group in itertools.groupby(cursor.fetchall(), key=lambda r: (r[1], r[2])):
            rows = [(row_id, source, warnings, received or "", _filled(months, quarters))
                    for row_id, _, _, source, warnings, received, months, quarters in group]
            now = 0  # the current one's place in ``rows``
            for n, (_, _, _, _, filled) in enumerate(rows[1:], 1):
                if not _old_copy(filled, rows[now][4]):
                    now = n
            chosen.append((rows[now][0],))
            _, current, _, came, has = rows[now]
            for n, (row_id, source, warnings, received, filled) in enumerate(rows):
                kept = [w for w in orjson.loads(warnings or "[]") if w.get("code") != OLD_COPY]
                if n != now and _old_copy(filled, has) and (n > now or received > came):
                    kept.append(msg(OLD_COPY, file=source, current=current,
                                    periods=_periods_named(has - filled)).to_dict())
                text = dumps(kept)
                if text != (warnings or "[]"):
                    changed.append((text, row_id))
        self.db.executemany("UPDATE submissions SET current = 1 WHERE id = ?", chosen)
        self.db.executemany("UPDATE submissions SET warnings = ? WHERE id = ?", changed)
        if changed and getattr(self, "_columns", None):  # this run's list shows them too
            self.db.execute("""
                UPDATE run_files SET warnings = (SELECT s.warnings FROM submissions s
                    WHERE s.sha256 = run_files.sha256 AND s.source = run_files.source)
                WHERE status = 'accepted'""")

    def settle_year(self, year: int) -> None:
        """Make this run's workbooks of another year than ``year`` rejected (``wrong_year``,
        naming both years), here and in the run's list of files, and take back those of
        ``year`` that a run of another year rejected so: whatever an earlier run read, a
        workbook of another year is never accepted or current in a run."""
        wrong = self.db.execute("SELECT DISTINCT sha256, source, year FROM run_files WHERE "
                                "status = 'accepted' AND year IS NOT ?", (year,)).fetchall()
        back = self.db.execute(
            "SELECT DISTINCT r.sha256, r.source FROM run_files r JOIN submissions s ON "
            "s.sha256 = r.sha256 AND s.source = r.source WHERE r.status = 'rejected' AND "
            "r.reason = 'wrong_year' AND r.year = ? AND s.summary IS NOT NULL",
            (year,)).fetchall()
        for sha256, source, found in wrong:
            refused = Rejected("wrong_year", source, found=found or "—", year=year)
            for table in ("submissions", "run_files"):
                self.db.execute(f"UPDATE {table} SET status = 'rejected', reason = ?, "
                                "message_vi = ?, message_en = ? WHERE sha256 = ? AND source = ?",
                                (refused.code, refused.message.vi, refused.message.en, sha256,
                                 source))
        for sha256, source in back:
            self.db.execute("UPDATE submissions SET status = 'accepted', reason = NULL, "
                            "message_vi = NULL, message_en = NULL WHERE sha256 = ? AND "
                            "source = ?", (sha256, source))
            self.db.execute("UPDATE run_files SET status = 'accepted', reason = NULL, "
                            "message_vi = NULL, message_en = NULL, warnings = (SELECT "
                            "warnings FROM submissions WHERE sha256 = ? AND source = ?) "
                            "WHERE sha256 = ? AND source = ?", (sha256, source) * 2)

    def current(self, year: int) -> dict[str, "Current"]:
        """Unit -> what a run keeps of its current submission for ``year`` (a few fields and
        each month's status and result; the rest stays here). Equal month lists, titles,
        templates and ratings are held once: a province's units fit in a few megabytes."""
        cursor = self.db.execute(f"""
            SELECT unit, sha256, source, template, json_extract(summary, '$.rating'),
                   json_extract(summary, '$.rating_title'), {_MONTHS}, {_QUARTERS}
            FROM submissions WHERE current = 1 AND status = 'accepted' AND year = ?
            ORDER BY unit""", (year,))
        held: dict[Any, Any] = {}
        names: dict[str | None, str | None] = {}  # templates and ratings
        return {unit: Current(sha256, source, names.setdefault(template, template),
                              _periods(months, held), names.setdefault(rating, rating),
                              _parsed(title, held), _periods(quarters, held))
                for unit, sha256, source, template, rating, title, months, quarters in cursor}

    def first_received(self, year: int, month: int) -> dict[str, list[str | None]]:
        """Unit -> when month ``month`` of ``year`` first came filled, then when each
        quarter (I..III) first came complete: the earliest accepted submission carrying it
        (None: never). A copy forwarded or sent again later never makes a period sent on
        time late."""
        carried = [f"COALESCE(json_extract(summary, '$.months.\"{int(month)}\".status'), "
                   "'blank') != 'blank'",
                   *(f"json_extract(summary, '$.quarters.periods.\"{q}\".status') = 'complete'"
                     for q in range(1, QUARTERS + 1))]
        firsts = ", ".join(f"MIN(CASE WHEN {c} THEN {RECEIVED} END)" for c in carried)
        cursor = self.db.execute(f"SELECT unit, {firsts} FROM submissions WHERE status = "
                                 "'accepted' AND year = ? GROUP BY unit", (year,))
        return {unit: list(times) for unit, *times in cursor}

    def summary(self, sha256: str, source: str) -> dict[str, Any]:
        """The summary of one accepted submission."""
        (text,) = self.db.execute("SELECT summary FROM submissions WHERE sha256 = ? AND "
                                  "source = ?", (sha256, source)).fetchone()
        return json.loads(text)

    def record(self, sha256: str, source: str) -> dict[str, Any]:
        """The record of one accepted submission."""
        (text,) = self.db.execute("SELECT record FROM submissions WHERE sha256 = ? AND "
                                  "source = ?", (sha256, source)).fetchone()
        return json.loads(text)

    def files(self, context: str) -> dict[str, tuple[int, str, list[tuple[str, str]]]]:
        """Entry name -> (size, sha256, its rows' keys) of the entries read in ``context``."""
        cursor = self.db.execute("SELECT name, size, sha256, rows FROM files WHERE context = ?",
                                 (context,))
        return {name: (size, digest, [tuple(k) for k in json.loads(keys)])
                for name, size, digest, keys in cursor}

    def remember(self, name: str, size: int, sha256: str, context: str,
                 keys: list[tuple[str, str]]) -> None:
        """Note that the entry ``name`` (``size`` bytes hashing to ``sha256``) was read in
        ``context`` and gave the rows ``keys`` (sha256, source)."""
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                        (name, size, sha256, context, json.dumps(keys)))

    # ---- a run's own view, in temporary tables (this connection's alone: later runs on the
    # ledger do not change it, and nothing of it is held in memory) ---------------------------
    def start_run(self, columns: tuple[str, ...]) -> None:
        """Start this run's list of files, each row with ``columns``."""
        self._columns = columns
        self.db.execute(f"CREATE TEMP TABLE run_files ({', '.join(columns)})")

    def add_run_file(self, row: dict[str, Any]) -> None:
        """Put a row in this run's list of files."""
        self.db.execute(f"INSERT INTO run_files VALUES ({', '.join('?' * len(self._columns))})",
                        [dumps(row.get(k)) if k in JSON_COLUMNS else row.get(k)
                         for k in self._columns])

    def add_run_files(self, keys: list[tuple[str, str]]) -> None:
        """Put the recorded rows ``keys`` (sha256, source) in this run's list of files."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (sha256 TEXT, source TEXT)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT INTO wanted VALUES (?, ?)", keys)
        names = ", ".join(f"s.{c}" for c in self._columns)
        self.db.execute(f"INSERT INTO run_files SELECT {names} FROM wanted w JOIN submissions s "
                        "ON s.sha256 = w.sha256 AND s.source = w.source")

    def run_files(self, where: str = "") -> Iterator[dict[str, Any]]:
        """This run's files by name (``where``: an SQL condition on their columns)."""
        cursor = self.db.execute(f"SELECT * FROM run_files {where and 'WHERE ' + where} "
                                 "ORDER BY source, rowid")
        return (dict(zip(self._columns, values)) for values in cursor)

    def run_year(self) -> tuple[int | None, dict[str, int]]:
        """The year most of this run's workbooks are for (the later on a tie; None without
        any), with how many are for it (``workbooks``) of how many name a year (``named``)."""
        counts = self.db.execute(
            "SELECT year, COUNT(*) FROM run_files WHERE year IS NOT NULL AND (status = "
            "'accepted' OR reason = 'wrong_year') GROUP BY year ORDER BY COUNT(*) DESC, "
            "year DESC").fetchall()
        return (counts[0][0] if counts else None,
                {"workbooks": counts[0][1] if counts else 0,
                 "named": sum(n for _, n in counts)})

    def count_run_files(self, where: str = "") -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM run_files "
                               f"{where and 'WHERE ' + where}").fetchone()[0]

    def snapshot_units(self, units: list[str], year: int, month: int,
                       quarter: int | None = None) -> None:
        """Keep, for each of ``units`` in that order, what the report shows of its current
        submission for ``year`` (``UNIT_DETAIL``, for the month ``month`` and the quarter
        ``quarter``), or NULL for a unit without one."""
        paths = ", ".join(f"'{path}'" for path in UNIT_DETAIL).replace(
            "MONTH", str(int(month))).replace("QUARTER", str(int(quarter or 0)))
        self.db.execute("DROP TABLE IF EXISTS temp.run_order")
        self.db.execute("DROP TABLE IF EXISTS temp.run_units")
        self.db.execute("CREATE TEMP TABLE run_order (pos INTEGER PRIMARY KEY, unit TEXT)")
        self.db.executemany("INSERT INTO run_order (unit) VALUES (?)", ((u,) for u in units))
        self.db.execute(f"""
            CREATE TEMP TABLE run_units AS
            SELECT o.pos, o.unit, json_extract(s.summary, {paths}) AS detail,
                   json_extract(s.summary, '$.warnings') AS warnings
            FROM run_order o LEFT JOIN submissions s ON s.unit = o.unit AND s.year = ? AND
                 s.current = 1 AND s.status = 'accepted'""", (year,))
        self.db.commit()  # nothing of the ledger itself stays locked

    def run_files_now(self) -> Iterator[dict[str, Any]]:
        """This run's accepted files by name, each with its unit's current warnings as
        ``now`` (JSON text; None for a unit outside the snapshot)."""
        cursor = self.db.execute("SELECT f.*, u.warnings FROM run_files f LEFT JOIN run_units u "
                                 "ON u.unit = f.unit WHERE f.status = 'accepted' "
                                 "ORDER BY f.source, f.rowid")
        columns = self._columns + ("now",)
        return (dict(zip(columns, values)) for values in cursor)

    def run_units(self) -> Iterator[tuple[str, list[Any] | None]]:
        """(unit, the values of ``UNIT_DETAIL`` or None) in the order of ``snapshot_units``."""
        cursor = self.db.execute("SELECT unit, detail FROM run_units ORDER BY pos")
        return ((unit, None if detail is None else orjson.loads(detail))
                for unit, detail in cursor)

    def close(self) -> None:
        self.db.close()

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
