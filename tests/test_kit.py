"""The Windows set-up kit: built with real pip for CPython 3.11 on 64-bit Windows, it
installs with ``--no-index`` from its own folder; ``cai-dat.cmd`` runs its steps in order
and stops at the first failure with that step's message; the guide names every step, and
the checklist lists what only a real Windows PC can confirm."""
from __future__ import annotations

import hashlib
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
    assert (folder / kit.GUIDE).read_bytes() == kit.guide_bytes(
        (ROOT / kit.GUIDE_SOURCE).read_text(encoding="utf-8"))
    manifest = json.loads((folder / kit.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.is_file() and p.name != kit.MANIFEST)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
    # SHA256SUMS lists every file written, as sha256sum -c reads it ...
    sums = (folder / kit.SUMS).read_text(encoding="utf-8").splitlines()
    assert sorted(ln.split("  ", 1)[1] for ln in sums) == sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.is_file() and p.name != kit.SUMS)
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    # ... and the script checks them: the built kit passes, one byte changed stops it
    assert CmdSubset(kit.script(), folder).run() == 0
    data = bytearray(own.read_bytes())
    data[len(data) // 2] ^= 1
    own.write_bytes(bytes(data))
    cmd = CmdSubset(kit.script(), folder)
    assert cmd.run() == 1 and cmd.ran == []
    assert cmd.printed[-2] == text("kit_fail_differs", "vi", file="wheels\\" + own.name)


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
    (echo, set with substitution, labels, goto, call and exit /b, if errorlevel / exist /
    defined / string compare, for and for /f over a file or a command's output). The kit's
    folder ``C:\\bo-cai\\`` is ``folder``; certutil hashes the file there; every other
    command is stood in for: a step by an exit status chosen by the test, reg by a user
    Path ``user_path`` it reads and sets."""

    KIT = "C:\\bo-cai\\"

    def __init__(self, source: str, folder, failing: str | None = None,
                 user_path: str | None = r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps"):
        self.lines, self.folder, self.failing = source.split("\r\n"), folder, failing
        self.env = {"LOCALAPPDATA": r"C:\Users\bt\AppData\Local"}
        self.user_path = user_path
        self.ran: list[str] = []
        self.printed: list[str] = []
        self.hashed: list[str] = []

    def local(self, path: str):
        assert path.startswith(self.KIT), path
        return self.folder.joinpath(*path[len(self.KIT):].replace("/", "\\").split("\\"))

    def expand(self, line: str, args: list[str]) -> str:
        def one(m):
            if m[0] == "%%":
                return "%"
            if m[1] is not None:
                return self.KIT if m[1] == "~dp0" else args[int(m[1][-1]) - 1].strip('"')
            value = self.env.get(m[2], "")
            if m[3] is not None:
                value = re.sub(re.escape(m[3]), lambda _: m[4], value, flags=re.I)
            return value
        return re.sub(r"%%|%(~dp0|~?\d)|%(\w+)(?::([^=%]*)=([^%]*))?%", one, line)

    def command(self, line: str) -> tuple[int, list[str]]:
        """A command's exit status and output lines."""
        line = re.sub(r"\s*2?\^?>nul$", "", line)
        if m := re.fullmatch(r'certutil -hashfile "(.*)" SHA256', line):
            self.hashed.append(m[1])
            digest = hashlib.sha256(self.local(m[1]).read_bytes()).hexdigest()
            return 0, [f"SHA256 hash of {m[1]}:", digest,
                       "CertUtil: -hashfile command completed successfully."]
        if line == r"reg query HKCU\Environment /v Path":
            if self.user_path is None:
                return 1, []
            return 0, ["", r"HKEY_CURRENT_USER\Environment",
                       f"    Path    REG_EXPAND_SZ    {self.user_path}", ""]
        if m := re.fullmatch(r'reg add HKCU\\Environment /v Path /t REG_EXPAND_SZ /d "(.*)" /f',
                             line):
            if self.failing == "path":
                return 1, []
            self.user_path = m[1]
            return 0, []
        if line.startswith("setx FOURGOOD_VENV "):
            return 0, []
        assert "%" not in line, line  # every variable is set before use
        step = next(s for s in kit.STEPS if self.expand(s.command, []) == line)
        self.ran.append(step.code)
        return (9009 if step.code == self.failing else 0), []

    def statement(self, line: str, args: list[str]):
        """Run one (already expanded) statement: None, ("goto", label), ("call", label,
        args) or ("exit", status)."""
        if line.startswith("echo."):
            self.printed.append(re.sub(r"\^(.)", r"\1", line[5:]))
        elif m := re.fullmatch(r'set "(\w+)=(.*)"', line):
            if m[2]:
                self.env[m[1]] = m[2]
            else:
                self.env.pop(m[1], None)
        elif m := re.fullmatch(r"call (set .*)", line):
            return self.statement(self.expand(m[1], args), args)
        elif m := re.fullmatch(r"call :(\w+)(.*)", line):
            return ("call", m[1], re.findall(r'"[^"]*"|\S+', m[2]))
        elif m := re.fullmatch(r"goto (\w+)", line):
            return ("goto", m[1])
        elif m := re.fullmatch(r"exit /b (\d+)", line):
            return ("exit", int(m[1]))
        elif m := re.fullmatch(r"if errorlevel 1 (.*)", line):
            return self.statement(m[1], args) if self.errorlevel >= 1 else None
        elif m := re.fullmatch(r'if (not )?exist "(.*?)" (.*)', line):
            if self.local(m[2]).exists() != bool(m[1]):
                return self.statement(m[3], args)
        elif m := re.fullmatch(r"if (not )?defined (\w+) (.*)", line):
            if (m[2] in self.env) != bool(m[1]):
                return self.statement(m[3], args)
        elif m := re.fullmatch(r'if (/i )?(not )?"(.*?)"=="(.*?)" (.*)', line):
            same = m[3].lower() == m[4].lower() if m[1] else m[3] == m[4]
            if same != bool(m[2]):
                return self.statement(m[5], args)
        elif m := re.fullmatch(r'for /f "(.*?)" %(\w) in \((.*)\) do (.*)', line):
            options = dict(o.split("=", 1) for o in m[1].split() if "=" in o)
            source = m[3]
            if "usebackq" in m[1]:
                rows = self.local(source.strip('"')).read_text(encoding="utf-8").splitlines()
            else:
                assert source[0] == source[-1] == "'", source
                rows = self.command(source[1:-1].replace("^>", ">"))[1]
            rows = [r for r in rows[int(options.get("skip", 0)):] if r.strip()]
            for row in rows:
                fields = row.split() if options.get("delims") != "" else [row]
                if options.get("tokens") == "1,*":
                    values = [fields[0], row.split(None, 1)[1] if len(fields) > 1 else ""]
                elif options.get("tokens") == "2,*":
                    values = [fields[1], row.split(None, 2)[2] if len(fields) > 2 else ""]
                else:
                    values = [row]
                body = m[4]
                for n, value in enumerate(values):
                    body = body.replace("%" + chr(ord(m[2]) + n), value)
                if (done := self.statement(body, args)) is not None:
                    if done[0] != "call":
                        return done
                    self.call(done[1], done[2])
        elif m := re.fullmatch(r'for %(\w) in \("(.*)\\\*"\) do (.*)', line):
            for path in sorted(self.local(m[2]).iterdir()):
                body = m[3].replace(f"%~nx{m[1]}", path.name)
                if (done := self.statement(body, args)) is not None:
                    assert done[0] == "call", done
                    self.call(done[1], done[2])
        else:
            self.errorlevel, _output = self.command(line)
        return None

    def call(self, label: str, args: list[str]) -> int:
        status = self.go(self.lines.index(":" + label) + 1, args)
        self.errorlevel = status
        return status

    def go(self, at: int, args: list[str]) -> int:
        while at < len(self.lines):
            line = self.lines[at]
            at += 1
            if line in ("@echo off", "chcp 65001 >nul", "setlocal", "pause", "") \
                    or line.startswith(":"):
                continue
            done = self.statement(self.expand(line, args), args)
            if done is None:
                continue
            if done[0] == "goto":
                at = self.lines.index(":" + done[1]) + 1
            elif done[0] == "call":
                if done[1] == "add_path":
                    self.ran.append("path")
                self.call(done[1], done[2])
            else:
                return done[1]
        raise AssertionError("the script ran off its end")

    def run(self) -> int:
        self.errorlevel = 0
        return self.go(0, [])


def fake_kit(folder):
    """A kit's files without real wheels: enough for the script's checks."""
    (folder / kit.WHEELS).mkdir(parents=True)
    for name in ("fourgood-1.0-py3-none-any.whl", "xlwings-0.37.8-cp311-cp311-win_amd64.whl"):
        (folder / kit.WHEELS / name).write_bytes(b"PK wheel " + name.encode())
    (folder / kit.SCRIPT).write_bytes(kit.script().encode("utf-8"))
    (folder / kit.GUIDE).write_bytes(b"\xef\xbb\xbfguide")
    (folder / kit.MANIFEST).write_text("{}")
    kit.write_sums(folder)
    return folder


@pytest.mark.parametrize("failing", [None] + [s.code for s in kit.STEPS])
def test_the_script_runs_every_step_and_stops_at_the_first_failure(failing, tmp_path):
    cmd = CmdSubset(kit.script(), fake_kit(tmp_path), failing)
    status = cmd.run()
    codes = [s.code for s in kit.STEPS]
    # every listed file was hashed before the first step
    listed = (tmp_path / kit.SUMS).read_text().splitlines()
    assert [h.replace("\\", "/") for h in cmd.hashed] == \
        [CmdSubset.KIT.replace("\\", "/") + ln.split("  ", 1)[1] for ln in listed]
    if failing is None:
        assert status == 0 and cmd.ran == codes
        assert cmd.printed[-1] == text("kit_script_done", "vi")
        assert cmd.user_path.endswith(r";C:\Users\bt\AppData\Local\fourgood\venv\Scripts")
        return
    n = codes.index(failing) + 1
    assert status == 1 and cmd.ran == codes[:n]
    assert cmd.printed[-2:] == [f"[{n}/{len(codes)}] " + text(f"kit_fail_{failing}", "vi"),
                                text("kit_script_stopped", "vi")]
    assert text("kit_script_done", "vi") not in cmd.printed


def test_the_path_step_keeps_the_users_path_and_adds_the_folder_once(tmp_path):
    fake_kit(tmp_path)
    scripts = r"C:\Users\bt\AppData\Local\fourgood\venv\Scripts"
    for before, after in ((None, scripts), ("", scripts),
                          (r"%USERPROFILE%\bin;D:\tools", r"%USERPROFILE%\bin;D:\tools;" + scripts),
                          (r"D:\x;" + scripts.lower() + r";E:\y", r"D:\x;" + scripts.lower() + r";E:\y"),
                          ("D:\\" + "a" * 1100, "D:\\" + "a" * 1100 + ";" + scripts)):
        cmd = CmdSubset(kit.script(), tmp_path, user_path=before)
        assert cmd.run() == 0
        assert cmd.user_path == after
    # no step changes PowerShell's execution policy, or calls PowerShell at all
    assert not [ln for ln in kit.script().split("\r\n") if "powershell" in ln.lower()
                or "executionpolicy" in ln.lower()]


@pytest.mark.parametrize("change", ["altered", "missing", "added", "no sums"])
def test_the_script_checks_every_file_before_it_installs_anything(change, tmp_path):
    fake_kit(tmp_path)
    wheel = tmp_path / kit.WHEELS / "xlwings-0.37.8-cp311-cp311-win_amd64.whl"
    if change == "altered":
        data = bytearray(wheel.read_bytes())
        data[3] ^= 1
        wheel.write_bytes(bytes(data))
    elif change == "missing":
        wheel.unlink()
    elif change == "added":
        (tmp_path / kit.WHEELS / "fourgood-99.0-py3-none-any.whl").write_bytes(b"PK")
    else:
        (tmp_path / kit.SUMS).unlink()
    cmd = CmdSubset(kit.script(), tmp_path)
    assert cmd.run() == 1 and cmd.ran == []
    named = {"altered": wheel.name, "missing": wheel.name,
             "added": "fourgood-99.0-py3-none-any.whl", "no sums": kit.SUMS}[change]
    code = {"missing": "kit_fail_missing", "no sums": "kit_fail_no_sums"}.get(
        change, "kit_fail_differs")
    path = kit.SUMS if change == "no sums" else "wheels\\" + named
    assert cmd.printed[-2:] == [text(code, "vi", file=path),
                                text("kit_script_stopped_verify", "vi")]


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


def test_the_kits_guide_is_plain_text_notepad_reads():
    raw = kit.guide_bytes((ROOT / kit.GUIDE_SOURCE).read_text(encoding="utf-8"))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    guide = raw.decode("utf-8-sig")
    assert "**" not in guide and "`" not in guide
    assert not re.search(r"^#", guide, re.M) and not re.search(r"\]\(", guide)
    # it names only files in the kit or on the PC, never the repository's documents
    assert "docs/" not in guide and ".md" not in guide
    for step in kit.STEPS:
        assert f"«{text(f'kit_step_{step.code}', 'vi')}»" in guide
    # how to check what runs: the kit's sums, and the add-in's VBA and hash
    section = guide[guide.index("Kiểm tra những gì đang chạy / How to check what you are running"):]
    for needed in (kit.SUMS, "certutil -hashfile", "olevba fourgood_addin.xlam",
                   "fourgood_addin.xlam.sha256"):
        assert needed in section, needed


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
