"""Rosters and frameworks as a job reads them."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from .. import framework as fw
from ..roster import Roster, from_workbook, load


def load_roster(path: Path | str) -> Roster:
    """The roster in ``path`` (.json, or the .xlsx an officer edits), checked."""
    return load(path)


def given_roster(roster: Path | str | Roster) -> tuple[Roster, str]:
    """A door's ``roster`` argument (a file, or a roster already loaded) as a roster and
    the name messages give it (its file, else its own name)."""
    if isinstance(roster, Roster):
        return roster, roster.name
    return load(roster), str(roster)


def roster_from_workbook(root: Mapping[str, Any], listed: list[Mapping[str, Any]],
                         outstanding: Iterable[str] = ()) -> Roster:
    """The roster a committee's or the consolidation workbook holds: its own unit
    (``root``: id, name, type, year) and the units it lists (id, name, type, quota group);
    ``outstanding``: the parents whose quota rows are marked outstanding."""
    return from_workbook(root, listed, outstanding)


def load_framework(ref: str | Path) -> dict[str, Any]:
    """A framework by id, or from a file, checked."""
    return fw.load(ref)


def frameworks(files: Iterable[str | Path] = ()) -> dict[str, dict[str, Any]]:
    """The frameworks a run uses: the shipped ones by id, each replaced by a locality's own
    file of the same id."""
    return fw.with_local(files)
