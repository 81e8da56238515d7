"""The ledger: a SQLite file with one row per submission, accepted or rejected.

Nothing is ever deleted. A file already recorded (same bytes, same place) is not recorded
again, so running the same inbox twice adds no row; reading it again updates its row.
The ``files`` table remembers each inbox entry read (size, hash, and what the reading
depended on), so that a later run takes its rows without reading it. For each unit and
year the latest accepted submission is the current one — by the workbook's own save time,
then the e-mail date, then the file time — and the earlier ones stay, marked superseded.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from .errors import InputFileError
from .messages import msg

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
JSON_COLUMNS = ("warnings", "summary", "record")
# Rejections that say something of the run, not of the file: they never replace a reading,
# and such a file is read again next time.
TRANSIENT = ("internal_error", "worker_died", "too_slow")
# Later first by the workbook's save time, the e-mail's date, the file's time; ties broken by
# content and place (never by the order workers happened to finish in).
KEYS = ("COALESCE(saved_at, '')", "COALESCE(sent_at, '')", "COALESCE(file_time, '')", "sha256",
        "source", "id")
LATEST_FIRST = ", ".join(f"{k} DESC" for k in KEYS)


def _json_value(value: Any) -> Any:
    """What JSON cannot hold, as text: a date or time a cell held (an officer's «1/3» that
    Excel made a date), anything else by its text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def dumps(value: Any) -> str | None:
    """A value of a JSON column as the ledger stores it (text stays as it is)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_json_value)


class Ledger:
    """A ledger file; use as a context manager: everything of a run commits at once."""

    def __init__(self, path: Path | str, shown: Path | str | None = None):
        """Open (or create) the ledger at ``path``; ``shown`` is the name to give the user
        (the ledger a run works on is a staged copy)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA)
            self.db.execute("SELECT sha256, source, summary, record FROM submissions LIMIT 1")
        except sqlite3.DatabaseError:  # not a database, damaged, another program's
            raise InputFileError(msg("ledger_unusable", path=str(shown or path))) from None

    @staticmethod
    @contextlib.contextmanager
    def lock(path: Path | str) -> Iterator[None]:
        """Hold the ledger at ``path`` for one run; another run on it is refused at once
        (the lock is the operating system's: it ends with the process, however it ends)."""
        path = Path(path)
        lock = path.with_name(f".{path.name}.lock")
        handle = open(lock, "a+b")
        try:
            try:
                if os.name == "nt":
                    import msvcrt

                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                else:
                    import fcntl

                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise InputFileError(msg("ledger_busy", path=str(path))) from None
            yield
        finally:
            handle.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, kind, *_: Any) -> None:
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
        """Mark the latest accepted submission of each unit and year current."""
        self.db.execute(f"""
            UPDATE submissions SET current = (id IN (
              SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY unit, year ORDER BY {LATEST_FIRST}) AS n
                FROM submissions WHERE status = 'accepted') WHERE n = 1))""")

    def current(self, year: int) -> dict[str, dict[str, Any]]:
        """Unit -> the summary of its current submission for ``year``. Equal messages and
        equal months (every month not filled yet is alike) are held once: a province's
        summaries fit in memory. They are shared: read them, never change them in place."""
        cursor = self.db.execute("SELECT unit, summary FROM submissions WHERE current = 1 AND "
                                 "status = 'accepted' AND year = ? ORDER BY unit", (year,))
        held: dict[tuple, dict[str, Any]] = {}

        def once(node: dict[str, Any]) -> dict[str, Any]:
            key = tuple((k, tuple(map(id, v)) if isinstance(v, list) else v)
                        for k, v in node.items())
            try:
                return held.setdefault(key, node)
            except TypeError:  # a value that is neither a list nor hashable: kept as it is
                return node

        return {unit: json.loads(summary, object_hook=once) for unit, summary in cursor}

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

    def light_rows(self, keys: list[tuple[str, str]], columns: tuple[str, ...]
                   ) -> list[dict[str, Any]]:
        """The ``columns`` of the rows ``keys`` (sha256, source)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (sha256 TEXT, source TEXT)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT INTO wanted VALUES (?, ?)", keys)
        names = ", ".join(f"s.{c}" for c in columns)
        cursor = self.db.execute(f"SELECT {names} FROM wanted w JOIN submissions s ON "
                                 "s.sha256 = w.sha256 AND s.source = w.source")
        return [dict(zip(columns, values)) for values in cursor]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
