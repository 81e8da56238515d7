"""The small typed exception tree and the one problem record every check reports.

Standard library only (the engine uses ``Problem`` and runs under Pyodide too).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .messages import Message, msg

OS_REASONS = {"EACCES": "os_denied", "EPERM": "os_denied", "EROFS": "os_read_only",
              "ENOSPC": "os_full", "EDQUOT": "os_full", "ENOENT": "os_missing",
              "ENOTDIR": "os_not_dir", "EISDIR": "os_is_dir", "EBUSY": "os_busy",
              "ENAMETOOLONG": "os_long_name", "EEXIST": "os_file_in_way"}


def os_reason(exc: OSError) -> Message | str:
    """Why the operating system refused, in the catalogue's words where it has them."""
    import errno

    code = OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""))
    return msg(code) if code else (exc.strerror or type(exc).__name__)


def where_text(location: Any) -> str:
    """A location as plain text for machines: its JSON path when it carries one, else a
    bilingual locator in English."""
    if getattr(location, "path", None):
        return location.path
    return location.en if isinstance(location, Message) else str(location)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value if not (isinstance(value, float) and not math.isfinite(value)) else str(value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: a stable code, where it is and a vi/en message. A problem with a
    typed input (the engine's) also names its ``item``, the ``value`` found and its
    ``period`` (a month, ``Q1``…; None for the period scored)."""

    code: str
    where: str
    message: Message
    item: str | None = None
    value: Any = None
    period: str | None = None

    def text(self, lang: str) -> str:
        return self.message.text(lang)

    @property
    def vi(self) -> str:
        return self.message.vi

    @property
    def en(self) -> str:
        return self.message.en

    def to_dict(self) -> dict[str, Any]:
        """As results and ledger records store it: an input's problem by its item, value
        and period; any other by where it is."""
        if self.item is None:
            return {"code": self.code, "where": self.where, "vi": self.vi, "en": self.en}
        out = {"code": self.code, "item": self.item, "value": _jsonable(self.value),
               "vi": self.vi, "en": self.en}
        if self.period is not None:
            out["period"] = self.period
        return out


class FourgoodError(Exception):
    """Base of every error fourgood reports to a user."""

    def __init__(self, message: Message, problems: list[Problem] | None = None):
        super().__init__(message.en)
        self.message = message
        self.problems = problems or []


class FrameworkError(FourgoodError):
    """A framework file that cannot be found, read or validated."""


class RosterError(FourgoodError):
    """A roster that cannot be read or validated."""


class InputFileError(FourgoodError):
    """An input file (JSON or workbook) that cannot be read."""
