"""fourgood's doors: one function per job, for the command line, the Excel add-in and any
Python program (docs/api.md).

Each takes plain arguments (paths, ids, numbers), returns a result object, prints nothing
and raises ``FourgoodError`` (``errors``; its ``code`` is listed in docs/errors.md) for
anything a user can put right. The doors are loaded on first use, so that importing this
module (and starting ``fourgood --help``) costs nothing of the spreadsheet libraries.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import FourgoodError

DOORS = {  # name -> the module of fourgood.jobs that holds it
    "make": "books", "fill": "books", "score": "books", "read_document": "books",
    "Book": "books", "Made": "books",
    "consolidate": "consolidating", "Consolidated": "consolidating",
    "plan": "deciding", "decide": "deciding", "verify": "deciding",
    "Planned": "deciding", "Decided": "deciding", "Verification": "deciding",
    "render": "papers",
    "build_templates": "setup", "export_framework": "setup", "import_framework": "setup",
    "build_addin": "setup", "install_addin": "setup", "build_kit": "setup",
    "Installed": "setup", "Kit": "setup", "verify_lite": "setup", "LiteCode": "setup",
    "load_roster": "rosters", "roster_from_workbook": "rosters", "load_framework": "rosters",
    "frameworks": "rosters",
}
__all__ = ["FourgoodError", *DOORS]

if TYPE_CHECKING:  # what the doors are, for readers and type checkers
    from .jobs.books import Book, Made, fill, make, read_document, score  # noqa: F401
    from .jobs.consolidating import Consolidated, consolidate  # noqa: F401
    from .jobs.deciding import Decided, Planned, Verification, decide, plan, verify  # noqa
    from .jobs.papers import render  # noqa: F401
    from .jobs.rosters import (frameworks, load_framework, load_roster,  # noqa: F401
                               roster_from_workbook)
    from .jobs.setup import (Installed, Kit, LiteCode, build_addin, build_kit,  # noqa
                             build_templates, export_framework, import_framework,
                             install_addin, verify_lite)


def __getattr__(name: str) -> Any:
    """Load a door's module the first time the door is asked for."""
    if name not in DOORS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".jobs.{DOORS[name]}", __package__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
