"""The README as a new user reads it: every `fourgood …` command it shows, pasted in order
after the set-up command (with the environment activated as the README says), works on the
bundled sample data."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_every_command_of_the_readme_works_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme  # how `fourgood` is reached
    commands = re.findall(r"`(fourgood [^`]+)`", readme)
    assert len(commands) >= 10, commands
    for folder in ("samples", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}", "PYTHONIOENCODING": "utf-8"}
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True,
                              text=True, encoding="utf-8", env=env, timeout=600)
        assert done.returncode == 0, (command, done.stdout[-500:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr, command
