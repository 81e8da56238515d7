"""The Windows set-up kit: built with real pip for CPython 3.11 on 64-bit Windows, it
installs with ``--no-index`` from its own folder; ``cai-dat.cmd`` runs its steps in order
and stops at the first failure with that step's message; the guide names every step, and
the checklist lists what only a real Windows PC can confirm."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile

import pytest
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

from conftest import ROOT, run_cli
from fourgood import kit
from fourgood.messages import text

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WINDOWS_TAGS = {*cpython_tags((3, 11), abis=["cp311"], platforms=["win_amd64"]),
                *compatible_tags((3, 11), interpreter="cp311", platforms=["win_amd64"])}


def pip_without_config() -> dict[str, str]:
    """An environment in which pip reads no configuration (no index, no find-links)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull}


@pytest.mark.slow
def test_the_kit_installs_on_windows_from_its_own_folder_only(tmp_path):
    result = run_cli("kit", "build", "-o", str(tmp_path / "bo-cai"))
    if result.returncode != 0 and not IN_CI and "Internet" in result.stderr:
        pytest.skip("no network to build the kit: " + result.stderr.strip())
    assert result.returncode == 0, result.stderr
    assert "bo-cai" in result.stdout and "Traceback" not in result.stderr
    folder = tmp_path / "bo-cai"
    wheels = folder / kit.WHEELS
    names = {parse_wheel_filename(w.name)[0] for w in wheels.glob("*.whl")}
    # pip resolves the kit for the target with no index and no configured links ...
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--no-index", "--find-links", str(wheels), *kit.PIP_TARGET,
         "--target", str(tmp_path / "target"), "--report", str(report), "fourgood"],
        capture_output=True, text=True, env=pip_without_config())
    assert done.returncode == 0, done.stderr
    resolved = {i["metadata"]["name"].lower().replace("_", "-")
                for i in json.loads(report.read_text())["install"]}
    assert {"fourgood", "xlwings", "openpyxl", "python-calamine", "orjson"} <= resolved
    # ... and, since pip skips Windows-only requirements on this machine, against
    # Windows' markers too: xlwings needs pywin32 there
    assert kit.missing(wheels) == []
    assert "pywin32" in names
    for wheel in wheels.glob("*.whl"):
        assert parse_wheel_filename(wheel.name)[3] & WINDOWS_TAGS, wheel.name
    # fourgood's own wheel holds today's modules, whatever earlier builds left in build/
    own = next(wheels.glob("fourgood-*.whl"))
    with zipfile.ZipFile(own) as archive:
        packed = {n for n in archive.namelist() if re.fullmatch(r"fourgood/\w+\.py", n)}
    assert packed == {f"fourgood/{p.name}" for p in (ROOT / "src" / "fourgood").glob("*.py")}
    assert (folder / kit.SCRIPT).read_bytes() == kit.script().encode("utf-8")
    guide = (folder / kit.GUIDE).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    assert guide == (ROOT / kit.GUIDE_SOURCE).read_text(encoding="utf-8")
    manifest = json.loads((folder / kit.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.is_file() and p.name != kit.MANIFEST)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


@pytest.mark.slow
def test_without_a_network_kit_build_says_so_and_writes_nothing(tmp_path):
    env = {**pip_without_config(), "PIP_INDEX_URL": "http://127.0.0.1:9/simple/",
           "PIP_RETRIES": "0", "PIP_TIMEOUT": "2", "PIP_NO_CACHE_DIR": "1"}
    result = run_cli("kit", "build", "-o", str(tmp_path / "bo-cai"), env=env)
    assert result.returncode == 1, result.stderr
    assert "cần mạng Internet" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_kit_build_never_replaces_what_it_did_not_write(tmp_path):
    folder = tmp_path / "bo-cai"
    folder.mkdir()
    (folder / "ghi-chu.docx").write_bytes(b"officer's notes")
    result = run_cli("kit", "build", "-o", str(folder))
    assert result.returncode == 1
    assert "--force" in result.stderr and str(folder) in result.stderr
    assert [p.name for p in folder.iterdir()] == ["ghi-chu.docx"]
    a_file = tmp_path / "bo-cai.zip"
    a_file.write_bytes(b"PK")
    assert run_cli("kit", "build", "-o", str(a_file)).returncode == 1
    assert a_file.read_bytes() == b"PK"
    # an empty folder, or a kit this command wrote, may be (re)written
    kit.check_output(tmp_path / "empty", force=False)
    (tmp_path / "empty").mkdir()
    kit.check_output(tmp_path / "empty", force=False)
    ours = tmp_path / "ours"
    (ours / kit.WHEELS).mkdir(parents=True)
    for name in (kit.SCRIPT, kit.GUIDE, kit.MANIFEST):
        (ours / name).write_text("x")
    (ours / "python-3.11.9-amd64.exe").write_bytes(b"MZ installer")  # the guide's step A.2
    kit.check_output(ours, force=False)
    kit.check_output(folder, force=True)
    # a rebuilt kit replaces what this command wrote and keeps what the officer added
    new = tmp_path / ".staging"
    (new / kit.WHEELS).mkdir(parents=True)
    (new / kit.SCRIPT).write_text("new")
    kit.place(new, ours, keep_added=True)
    assert sorted(p.name for p in ours.iterdir()) == sorted(
        [kit.WHEELS, kit.SCRIPT, "python-3.11.9-amd64.exe"])
    assert (ours / kit.SCRIPT).read_text() == "new"
    assert (ours / "python-3.11.9-amd64.exe").read_bytes() == b"MZ installer"
    new.mkdir()
    kit.place(new, a_file, keep_added=False)  # --force: whatever was there goes
    assert a_file.is_dir() and not list(tmp_path.glob(".*fourgood-old"))


def test_every_step_of_the_script_is_checked_and_says_what_to_do():
    lines = kit.script().split("\r\n")
    assert "\n" not in "".join(lines)  # CRLF throughout: cmd mis-reads labels otherwise
    assert lines[:2] == ["@echo off", "chcp 65001 >nul"]  # UTF-8 before any Vietnamese
    for n, step in enumerate(kit.STEPS, 1):
        at = lines.index(step.command)
        assert lines[at - 1].startswith(f"echo.[{n}/{len(kit.STEPS)}] ")
        assert lines[at + 1] == f"if errorlevel 1 goto fail_{n}"
        label = lines.index(f":fail_{n}")
        assert lines[label + 1] == echoed(f"[{n}/{len(kit.STEPS)}] "
                                          + text(f"kit_fail_{step.code}", "vi"))
        assert lines[label + 2:label + 5] == [echoed(text("kit_script_stopped", "vi")),
                                              "pause", "exit /b 1"]
    # the kit installs from its own folder only, with the py launcher's 64-bit 3.11
    install = next(s.command for s in kit.STEPS if s.code == "install")
    assert "--no-index" in install and '"%KIT%wheels"' in install
    assert all(s.command.startswith("py -3.11-64 ") for s in kit.STEPS[:2])


def echoed(line: str) -> str:
    return kit._echo(line)


class CmdSubset:
    """Runs ``cai-dat.cmd`` as cmd.exe would, for the statements the generator writes
    (echo, set, labels, goto, if errorlevel, pause, exit /b); every other line is a
    command, stood in for by an exit status chosen by the test."""

    def __init__(self, source: str, failing: str | None):
        self.lines, self.failing = source.split("\r\n"), failing
        self.env = {"LOCALAPPDATA": r"C:\Users\bt\AppData\Local", "~dp0": "C:\\bo-cai\\"}
        self.ran: list[str] = []
        self.printed: list[str] = []

    def expand(self, line: str) -> str:
        line = line.replace("%~dp0", self.env["~dp0"])
        return re.sub(r"%(\w+)%", lambda m: self.env.get(m[1], m[0]), line)

    def run(self) -> int:
        errorlevel, at = 0, 0
        while at < len(self.lines):
            line = self.lines[at]
            at += 1
            if line in ("@echo off", "chcp 65001 >nul", "setlocal", "pause", "") \
                    or line.startswith(":"):
                continue
            if line.startswith("echo."):
                self.printed.append(re.sub(r"\^(.)", r"\1", line[5:]).replace("%%", "%"))
            elif m := re.fullmatch(r'set "(\w+)=(.*)"', line):
                self.env[m[1]] = self.expand(m[2])
            elif m := re.fullmatch(r"if errorlevel 1 goto (\w+)", line):
                if errorlevel >= 1:
                    at = self.lines.index(":" + m[1])
            elif m := re.fullmatch(r"exit /b (\d+)", line):
                return int(m[1])
            else:
                command = self.expand(line)
                assert "%" not in command, command  # every variable is set before use
                step = next(s for s in kit.STEPS if s.command == line)
                self.ran.append(step.code)
                errorlevel = 9009 if step.code == self.failing else 0
        raise AssertionError("the script ran off its end")


@pytest.mark.parametrize("failing", [None] + [s.code for s in kit.STEPS])
def test_the_script_runs_every_step_and_stops_at_the_first_failure(failing):
    cmd = CmdSubset(kit.script(), failing)
    status = cmd.run()
    codes = [s.code for s in kit.STEPS]
    if failing is None:
        assert status == 0 and cmd.ran == codes
        assert cmd.printed[-1] == text("kit_script_done", "vi")
        return
    n = codes.index(failing) + 1
    assert status == 1 and cmd.ran == codes[:n]
    assert cmd.printed[-2:] == [f"[{n}/{len(codes)}] " + text(f"kit_fail_{failing}", "vi"),
                                text("kit_script_stopped", "vi")]
    assert text("kit_script_done", "vi") not in cmd.printed


def test_the_guide_names_every_step_and_the_checklist_what_only_windows_confirms():
    guide = (ROOT / kit.GUIDE_SOURCE).read_text(encoding="utf-8")
    checklist = (ROOT / "docs" / "excel-checklist.md").read_text(encoding="utf-8")
    section = checklist[checklist.index("## Bộ cài Windows"):]
    section = section[:section.find("\n## ", 4)] if "\n## " in section[4:] else section
    for step in kit.STEPS:
        title = text(f"kit_step_{step.code}", "vi")
        assert f"«{title}»" in guide, title
        assert title in section, title
    for needed in ("python-3.11", "Tin cậy quyền truy cập vào mô hình đối tượng dự án VBA",
                   "ImportPythonUDFsToAddin", "fourgood_addin (1).xlam",
                   "Could not find Interpreter!", "%LOCALAPPDATA%\\fourgood\\venv"):
        assert needed in guide, needed
    # what the script cannot show here is checked on a real PC
    for needed in ("chcp 65001", "py -3.11-64", "PATH", "ImportPythonUDFsToAddin",
                   "fourgood_addin (1).xlam", "python-3.11.9-amd64.exe"):
        assert needed in section, needed
    assert len(guide.splitlines()) <= 60  # one page


def test_the_excel_guide_gives_a_windows_office_pc_its_own_way_in():
    doc = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    vietnamese, english = doc.split("\n## English\n")
    assert "\n## Phần tiếng Việt\n" in vietnamese  # Vietnamese first
    for part, words in ((vietnamese, ("Tin cậy quyền truy cập vào mô hình đối tượng dự án VBA",
                                      "không cần mạng", "cần mạng Internet")),
                        (english, ("Trust access to the VBA", "internet", "Excel 2010"))):
        for needed in ("py -3.11-64 -m venv", "pip install", "fourgood kit build -o bo-cai",
                       "fourgood addin install", "PATH", "Could not find Interpreter!",
                       "'python' is not", "fourgood_addin (1).xlam", "SyntaxError",
                       'Application.Run "fourgood_addin.xlam!ImportPythonUDFsToAddin"',
                       "Microsoft 365", "Excel 2021", *words):
            assert needed in " ".join(part.split()), needed  # lines joined
        # a Windows PC has no bash, and the xlwings tab's Import Functions does not fit
        assert "bash scripts/setup.sh`" not in part
        assert not re.search(r"press \*?Import Functions", part)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lite = readme[readme.index("templates build --lite"):][:400]
    assert "Microsoft 365" in lite and "Excel 2021" in lite and "Internet" in lite
    assert "kit build" in readme and "docs/cai-dat-windows.md" in readme
