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


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04 cut short"])
def test_a_file_that_is_not_a_workbook_is_refused_in_words(tmp_path, content):
    """By decide and by consolidate --into alike: the one reading of a workbook's names."""
    from conftest import SAMPLES, run_cli
    from fourgood.ledger import Ledger

    bad, ledger = tmp_path / "so.xlsx", tmp_path / "l.sqlite"
    bad.write_bytes(content)
    Ledger(ledger).close()
    roster = str(SAMPLES / "roster-lao-cai-2024.json")
    for args in (["decide", str(bad), "--roster", roster, "--ledger", str(ledger)],
                 ["consolidate", str(SAMPLES / "inbox-lao-cai-2024"), "--roster", roster,
                  "-o", str(tmp_path / "r.xlsx"), "--into", str(bad)]):
        done = run_cli(*args)
        assert done.returncode == 1 and "không phải là sổ của fourgood" in done.stderr, args
    assert bad.read_bytes() == content
