"""The one reading of a value an officer typed into a workbook's input cell.

This is the Python half of docs/design.md, invariant 12; the formula half is the condition
compiler in ``formulas.py`` (``typed_empty``, ``typed_is``, ``typed_count``). **The two must
move together**: whatever one accepts, the other accepts, and both refuse the same values.

The reading, from template 1.2.0 on (``CURRENT``):

- a cell is empty when it holds nothing, or only ordinary spaces (U+0020): the formulas
  test ``LEN(TRIM(x))=0``;
- a choice (Đạt / Không đạt, Có / Không, a level, in either language) is compared after
  Excel's ``TRIM`` — ordinary spaces at both ends removed and runs inside collapsed to one —
  and without regard to case, as ``TRIM(x)="Đạt"`` compares;
- a number cell must hold a number: text in it, even «4,5», is refused (what Excel makes of
  text depends on the PC's regional settings, so no formula can read it the same everywhere);
- nothing else is forgiven, because ``TRIM`` and ``=`` do not forgive it: a non-breaking,
  zero-width or other special space, a letter in decomposed Unicode (Unikey's «Unicode tổ
  hợp»), a look-alike letter (Ð for Đ, a Cyrillic а). Such a value is refused, and
  ``diagnose`` says what to retype.

Workbooks made with an older template (``LEGACY``, before 1.2.0) carry formulas without
``TRIM``: a cell of spaces is an entry and a choice must match exactly (case aside). They
are read as their own formulas read them, so that the results they show are the results the
consolidation finds (docs/consolidation.md).

Pure standard library: it runs under Pyodide too.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

TRIM_FROM = "1.2.0"  # the first template version whose formulas trim

# Letters that look like the ones the choices are written with (the usual confusions of a
# Vietnamese keyboard and of text pasted from elsewhere); mapped only to explain a refusal.
LOOK_ALIKE = str.maketrans({
    "\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111",  # Ð Ɖ ð for Đ đ
    "\u0410": "A", "\u0430": "a", "\u0412": "B", "\u0415": "E", "\u0435": "e",
    "\u041a": "K", "\u043a": "k", "\u041c": "M", "\u041d": "H", "\u041e": "O",
    "\u043e": "o", "\u0420": "P", "\u0440": "p", "\u0421": "C", "\u0441": "c",
    "\u0422": "T", "\u0442": "t", "\u0423": "Y", "\u0443": "y", "\u0425": "X",
    "\u0445": "x", "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03bf": "o", "\u03a4": "T",
})


class Invalid(Exception):
    """A typed value that cannot be read; carries the message code that explains it."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def excel_trim(text: str) -> str:
    """``text`` as Excel's (and LibreOffice's) TRIM leaves it: ordinary spaces removed at
    both ends and runs of them inside collapsed to one; no other character is touched."""
    return " ".join(part for part in text.split(" ") if part)


def _special(char: str) -> bool:
    """A character that looks like a space or like nothing: tabs and line breaks, spaces
    other than U+0020, zero-width and other format characters."""
    return char != " " and unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def visible(text: str) -> str:
    """``text`` with every special character shown by its code (e.g. «Đạt<U+00A0>»)."""
    return "".join(f"<U+{ord(c):04X}>" if _special(c) else c for c in text)


@dataclass(frozen=True)
class Reading:
    """How a workbook's formulas read its input cells (``trim``: from template 1.2.0)."""

    trim: bool = True

    def text(self, raw: str) -> str:
        return excel_trim(raw) if self.trim else raw

    def empty(self, raw: Any) -> bool:
        """True for a cell the formulas count as not filled in."""
        return raw is None or (isinstance(raw, str) and self.text(raw) == "")

    def matches(self, raw: Any, words: Iterable[str]) -> bool:
        """True when ``raw`` is one of ``words`` as ``x="word"`` compares (case aside)."""
        if not isinstance(raw, str):
            return False
        typed = self.text(raw).casefold()
        return any(typed == word.casefold() for word in words)

    def choice(self, raw: Any, words: dict[bool, Iterable[str]]) -> bool:
        """The answer whose ``words`` ``raw`` is (``{True: (...), False: (...)}``); raises
        Invalid, with a code saying what to retype, for anything else."""
        for answer, options in words.items():
            if self.matches(raw, options):
                return answer
        raise Invalid(diagnose(raw, [w for options in words.values() for w in options]))

    def number(self, raw: Any) -> float:
        """A number cell's value; raises Invalid for text (the formulas' ISNUMBER) and for
        a boolean."""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw):
            return float(raw)
        if isinstance(raw, str):
            raise Invalid("typed_special_blank" if diagnose(raw, ()) == "typed_special_blank"
                          else "text_in_number_cell")
        raise Invalid("not_a_number")


CURRENT = Reading(trim=True)
LEGACY = Reading(trim=False)


def of_version(version: Any) -> Reading:
    """The reading of a workbook made with template ``version`` (the current one when the
    version is unknown, as for values not read from a workbook)."""
    try:
        parts = tuple(int(p) for p in str(version).split("."))
    except ValueError:
        return CURRENT
    return CURRENT if parts >= tuple(int(p) for p in TRIM_FROM.split(".")) else LEGACY


def diagnose(raw: Any, words: Iterable[str]) -> str:
    """The message code for a refused choice: what an officer must retype. A cell that only
    special characters keep from being empty; a value that would be one of ``words`` but
    for special spaces, decomposed Unicode or a look-alike letter (the first of these
    named); else a plain wrong choice."""
    if not isinstance(raw, str):
        return "not_a_choice"
    spaced = excel_trim("".join(" " if _special(c) else c for c in raw))
    if not spaced:
        return "typed_special_blank"
    composed = unicodedata.normalize("NFC", spaced)
    if composed.translate(LOOK_ALIKE).casefold() not in {w.casefold() for w in words}:
        return "not_a_choice"
    if spaced != excel_trim(raw):
        return "typed_special_space"
    return "typed_decomposed" if composed != spaced else "typed_look_alike"
