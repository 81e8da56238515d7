"""The doors: ``fourgood.api`` is the one way in for the command line, the Excel scripts and
any program, and loading it (or starting ``fourgood --help``) costs none of the spreadsheet
libraries."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from fourgood import api

SRC = Path(__file__).resolve().parent.parent / "src" / "fourgood"
HEAVY = ("openpyxl", "python_calamine", "pandas", "numpy", "sqlite3", "fourgood.jobs")


@pytest.mark.parametrize("module", ["fourgood.api", "fourgood.cli"])
def test_starting_loads_no_spreadsheet_library(module):
    code = (f"import sys, {module}; print(sorted(m for m in sys.modules "
            f"if m.split('.')[0] in {HEAVY!r} or m.startswith('fourgood.jobs')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_every_door_is_there_and_documented():
    doc = (SRC.parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for name in api.DOORS:
        assert callable(getattr(api, name)), name
        if name[0].islower() and name != "read_document":
            assert f"`{name}" in doc, f"{name} is not in docs/api.md"
    with pytest.raises(AttributeError):
        api.no_such_door  # noqa: B018


def test_the_command_line_only_parses_calls_and_prints():
    """cli.py reaches the jobs through fourgood.api only: it imports no stage that reads,
    writes or decides."""
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            imported |= {node.module or a.name for a in node.names} if node.module else \
                {a.name for a in node.names}
    assert imported <= {"api", "engine", "framework", "errors", "layout", "messages",
                        "roster", "workers", "__version__"}, imported
