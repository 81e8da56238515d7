"""The ledger: a SQLite file with one row per submission, accepted or rejected.

Nothing is ever deleted. A file already recorded (same bytes, same place) is not recorded
again, so running the same inbox twice adds no row. For each unit and year the latest
accepted submission is the current one — by the workbook's own save time, then the e-mail
date, then the file time — and the earlier ones stay, marked superseded.
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
"""
# Later first by the workbook's save time, the e-mail's date, the file's time; ties broken by
# content and place (never by the order workers happened to finish in).
KEYS = ("COALESCE(saved_at, '')", "COALESCE(sent_at, '')", "COALESCE(file_time, '')", "sha256",
        "source", "id")
ORDER = ", ".join(KEYS)                      # oldest first
LATEST_FIRST = ", ".join(f"{k} DESC" for k in KEYS)


def _json_value(value: Any) -> Any:
    """What JSON cannot hold, as text: a date or time a cell held (an officer's «1/3» that
    Excel made a date), anything else by its text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


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
        """Record a submission unless the same bytes from the same place are recorded."""
        row = dict(row)
        for key in ("warnings", "summary", "record"):
            if key in row and not isinstance(row[key], str) and row[key] is not None:
                row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True,
                                      default=_json_value)
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        self.db.execute(f"INSERT OR IGNORE INTO submissions ({columns}) VALUES ({marks})", row)

    def update_summary(self, sha256: str, source: str, summary: Any, warnings: Any) -> None:
        """Replace the summary of a recorded submission (after a roll-up recomputed it)."""
        self.db.execute("UPDATE submissions SET summary = ?, warnings = ? WHERE sha256 = ? "
                        "AND source = ?",
                        (json.dumps(summary, ensure_ascii=False, sort_keys=True),
                         json.dumps(warnings, ensure_ascii=False, sort_keys=True), sha256,
                         source))

    def refresh_current(self) -> None:
        """Mark the latest accepted submission of each unit and year current."""
        self.db.execute("UPDATE submissions SET current = 0")
        self.db.execute(f"""
            UPDATE submissions SET current = 1 WHERE id IN (
              SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY unit, year ORDER BY {LATEST_FIRST}) AS n
                FROM submissions WHERE status = 'accepted') WHERE n = 1)""")

    def rows(self, where: str = "1", params: tuple = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(f"SELECT * FROM submissions WHERE {where} ORDER BY unit, "
                                 f"{ORDER}", params)
        names = [c[0] for c in cursor.description]
        out = []
        for values in cursor:
            row = dict(zip(names, values))
            for key in ("warnings", "summary", "record"):
                if row.get(key):
                    row[key] = json.loads(row[key])
            out.append(row)
        return out

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
