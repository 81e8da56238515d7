"""The Windows set-up kit: a folder an IT officer copies to a PC without internet.

It holds fourgood's wheel and the Windows wheels of every dependency for CPython 3.11
64-bit (downloaded by pip for that platform), ``cai-dat.cmd`` and the one-page guide.
The script's steps are data (``STEPS``): one generator writes each as a command followed
by an errorlevel check that prints the step's own message and stops.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from .errors import InputFileError
from .messages import msg, text

PLATFORM, PYTHON_VERSION, IMPLEMENTATION, ABI = "win_amd64", "3.11", "cp", "cp311"
PIP_TARGET = ["--only-binary=:all:", "--platform", PLATFORM, "--python-version",
              PYTHON_VERSION, "--implementation", IMPLEMENTATION, "--abi", ABI]
# pip evaluates environment markers for the machine it runs on, not for --platform: the
# kit's closure is checked against this environment (CPython 3.11 on 64-bit Windows).
WINDOWS = {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
           "platform_machine": "AMD64", "platform_release": "10",
           "platform_python_implementation": "CPython", "implementation_name": "cpython",
           "python_version": "3.11", "python_full_version": "3.11.9",
           "implementation_version": "3.11.9", "platform_version": "", "extra": ""}
WHEELS, SCRIPT, GUIDE, MANIFEST = "wheels", "cai-dat.cmd", "HUONG-DAN-CAI-DAT.txt", "bo-cai.json"
GUIDE_SOURCE = "docs/cai-dat-windows.md"
VENV = r"%LOCALAPPDATA%\fourgood\venv"


@dataclass(frozen=True)
class Step:
    """One step of ``cai-dat.cmd``: its command line (cmd syntax) and the message codes
    ``kit_step_<code>`` (what it does) and ``kit_fail_<code>`` (what to do when it fails)."""

    code: str
    command: str


STEPS = (
    Step("python", 'py -3.11-64 -c "import sys; print(sys.version)"'),
    Step("venv", 'py -3.11-64 -m venv "%VENV%"'),
    Step("install", '"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links '
                    '"%KIT%wheels" --upgrade --disable-pip-version-check fourgood'),
    Step("addin", '"%VENV%\\Scripts\\fourgood.exe" addin install'),
    # plain cmd: reg keeps the user's Path whole (setx cuts it at 1024 characters) and no
    # execution policy is touched; see ADD_PATH
    Step("path", "call :add_path"),
)


SUMS = "SHA256SUMS"
FILE_MARK = "\x00"  # where a message names the file, filled in by cmd (%BAD%)

# cai-dat.cmd checks every file SHA256SUMS lists before it installs anything (the digest
# by certutil, which every Windows has; its hex may come in spaced pairs on old versions),
# and that every wheel pip could pick up is listed. It stops at the first file that is
# missing or differs.
VERIFY = (
    f'if not exist "%KIT%{SUMS}" goto no_sums',
    'set "BAD="',
    'set "MISSING="',
    f'for /f "usebackq tokens=1,*" %%A in ("%KIT%{SUMS}") do if not defined BAD call :verify %%A "%%B"',
    'for %%W in ("%KIT%wheels\\*") do if not defined BAD call :listed "%%~nxW"',
    "if defined MISSING goto file_missing",
    "if defined BAD goto file_differs",
)
VERIFY_SUBS = (
    ":verify",
    'set "WANT=%~1"',
    'set "FILE=%~2"',
    'set "FILE=%FILE:/=\\%"',
    'set "GOT="',
    'if not exist "%KIT%%FILE%" set "MISSING=1"',
    'if not exist "%KIT%%FILE%" set "BAD=%FILE%"',
    'if not exist "%KIT%%FILE%" exit /b 0',
    'for /f "skip=1 delims=" %%H in (\'certutil -hashfile "%KIT%%FILE%" SHA256\') do if not defined GOT set "GOT=%%H"',
    'set "GOT=%GOT: =%"',
    'if /i not "%GOT%"=="%WANT%" set "BAD=%FILE%"',
    "exit /b 0",
    "",
    ":listed",
    'set "FOUND="',
    f'for /f "usebackq tokens=1,*" %%A in ("%KIT%{SUMS}") do if /i "%%B"=="wheels/%~1" set "FOUND=1"',
    'if not defined FOUND set "BAD=wheels\\%~1"',
    "exit /b 0",
    "",
)
# The user's Path from the registry, unexpanded; the venv's Scripts folder is added
# unless it is there already. setx of a short variable of fourgood's own then tells
# Windows the environment changed, so new command windows see the new Path.
ADD_PATH = (
    ":add_path",
    'set "PDIR=%VENV%\\Scripts"',
    'set "UPATH="',
    "for /f \"skip=2 tokens=2,*\" %%A in ('reg query HKCU\\Environment /v Path 2^>nul') do set \"UPATH=%%B\"",
    'set "CHECK=;%UPATH%;"',
    'call set "REST=%%CHECK:;%PDIR%;=%%"',
    'if not "%REST%"=="%CHECK%" exit /b 0',
    'set "NEWPATH=%PDIR%"',
    'if defined UPATH set "NEWPATH=%UPATH%;%PDIR%"',
    'reg add HKCU\\Environment /v Path /t REG_EXPAND_SZ /d "%NEWPATH%" /f >nul',
    "if errorlevel 1 exit /b 1",
    'setx FOURGOOD_VENV "%VENV%" >nul',
    "exit /b 0",
    "",
)


def _echo_naming(code: str, variable: str) -> str:
    """The Vietnamese message ``code`` as an ``echo`` whose ``{file}`` is the cmd variable
    ``variable``, expanded when the line runs."""
    return _echo(text(code, "vi", file=FILE_MARK)).replace(FILE_MARK, f"%{variable}%")


def _echo(line: str) -> str:
    """A cmd ``echo`` of ``line`` with cmd's special characters escaped."""
    for char in "^&|<>()":
        line = line.replace(char, "^" + char)
    return "echo." + line.replace("%", "%%") if line else "echo."


def script() -> str:
    """The text of ``cai-dat.cmd`` (in Vietnamese, whoever builds the kit): every step,
    then ``if errorlevel 1 goto fail_N``; each ``fail_N`` prints that step's message and
    exits with 1."""
    lang = "vi"
    count = len(STEPS)
    lines = ["@echo off", "chcp 65001 >nul", "setlocal", 'set "KIT=%~dp0"',
             f'set "VENV={VENV}"', _echo(text("kit_script_title", lang)), "",
             _echo(text("kit_step_verify", lang)), *VERIFY, ""]
    for n, step in enumerate(STEPS, 1):
        lines += [_echo(f"[{n}/{count}] " + text(f"kit_step_{step.code}", lang)),
                  step.command, f"if errorlevel 1 goto fail_{n}", ""]
    lines += [_echo(text("kit_script_done", lang)), "pause", "exit /b 0", "",
              *VERIFY_SUBS, *ADD_PATH]
    for label, code, variable in (("no_sums", "kit_fail_no_sums", None),
                                  ("file_missing", "kit_fail_missing", "BAD"),
                                  ("file_differs", "kit_fail_differs", "BAD")):
        line = _echo_naming(code, variable) if variable else _echo(text(code, lang, file=SUMS))
        lines += [f":{label}", line, _echo(text("kit_script_stopped_verify", lang)),
                  "pause", "exit /b 1", ""]
    for n, step in enumerate(STEPS, 1):
        lines += [f":fail_{n}", _echo(f"[{n}/{count}] " + text(f"kit_fail_{step.code}", lang)),
                  _echo(text("kit_script_stopped", lang)), "pause", "exit /b 1", ""]
    return "\r\n".join(lines)


def plain_text(markdown: str) -> str:
    """The guide as Notepad shows it: headings, bold, code spans and links lose their
    markup (a link keeps its address in brackets); the words are unchanged."""
    out = []
    for line in markdown.splitlines():
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", line)
        line = line.replace("**", "").replace("`", "")
        out.append(line.rstrip())
    return "\n".join(out).strip("\n") + "\n"


def guide_bytes(markdown: str) -> bytes:
    """The kit's guide: plain text, CRLF line ends, UTF-8 with a BOM (so that Notepad on
    any Windows reads the Vietnamese as UTF-8)."""
    return ("\ufeff" + plain_text(markdown).replace("\n", "\r\n")).encode("utf-8")


def source_folder() -> Path:
    """fourgood's source folder (the one holding pyproject.toml), which the kit's wheel is
    built from."""
    root = Path(__file__).resolve().parents[2]
    project = root / "pyproject.toml"
    if not project.is_file() or 'name = "fourgood"' not in project.read_text(encoding="utf-8"):
        raise InputFileError(msg("kit_no_source"))
    return root


def _clean_copy(source: Path, into: Path, skip: set[Path]) -> None:
    """Copy the source folder without what earlier builds and tools left in it: a stale
    ``build/lib`` would put modules deleted since into the wheel."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.startswith(".") or n in ("build", "__pycache__")
                or n.endswith(".egg-info") or (Path(folder) / n).resolve() in skip]

    shutil.copytree(source, into, ignore=ignore)


def check_output(out: Path, force: bool) -> None:
    """Refuse ``out`` when it is a file, or a non-empty folder that is not a kit written
    by this command, unless ``force``."""
    if not out.exists() or force:
        return
    if not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file()):
        raise InputFileError(msg("kit_not_ours", path=str(out)))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _pip(args: list[str], what: str) -> None:
    """Run pip; a failure becomes a message naming what was being fetched."""
    done = subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check"],
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip().startswith("ERROR")]
        detail = (lines or done.stderr.strip().splitlines() or ["?"])[-1].strip()
        raise InputFileError(msg("kit_pip_failed", what=what, detail=detail))


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        return HeaderParser().parsestr(archive.read(name).decode("utf-8"))


def missing(folder: Path, root: str = "fourgood") -> list[str]:
    """The requirements of ``root``, and of everything it needs, on CPython 3.11 64-bit
    Windows that no wheel in ``folder`` satisfies (each as a requirement string)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    wheels = {}
    for path in folder.glob("*.whl"):
        name, version, _build, _tags = parse_wheel_filename(path.name)
        wheels[name] = (version, path)
    absent, seen = [], set()
    queue = [(canonicalize_name(root), frozenset())]
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        if name not in wheels:
            absent.append(name)
            continue
        for line in _metadata(wheels[name][1]).get_all("Requires-Dist") or []:
            req = Requirement(line)
            if req.marker and not any(req.marker.evaluate({**WINDOWS, "extra": e})
                                      for e in (extras or {""})):
                continue
            dep = canonicalize_name(req.name)
            extra_text = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
            if dep in wheels and not req.specifier.contains(wheels[dep][0], prereleases=True):
                absent.append(f"{req.name}{extra_text}{req.specifier}")
                continue
            if dep not in wheels:
                absent.append(f"{req.name}{extra_text}{req.specifier}")
                seen.add((dep, frozenset(req.extras)))
                continue
            queue.append((dep, frozenset(req.extras)))
    return sorted(set(absent))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(folder: Path) -> Path:
    """Write ``SHA256SUMS`` into ``folder``: one ``<sha256>  <relative path>`` line (LF, as
    ``sha256sum -c`` reads) for every file in it but itself."""
    lines = [f"{sha256(p)}  {p.relative_to(folder).as_posix()}\n"
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != SUMS]
    path = folder / SUMS
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


def place(staging: Path, out: Path, keep_added: bool) -> None:
    """Rename the finished kit ``staging`` to ``out``, replacing what is there; with
    ``keep_added``, what was added to an earlier kit (the Python installer the guide asks
    for) is copied into the new one first."""
    if keep_added and out.is_dir():
        for entry in out.iterdir():
            if entry.name not in (WHEELS, SCRIPT, GUIDE, MANIFEST, SUMS):
                copy = shutil.copytree if entry.is_dir() else shutil.copy2
                copy(entry, staging / entry.name)
    if out.exists() or out.is_symlink():
        old = out.with_name(f".{out.name}.fourgood-old")
        _remove(old)
        os.replace(out, old)
        os.replace(staging, out)
        _remove(old)
    else:
        os.replace(staging, out)


def build(out: Path, force: bool = False) -> list[Path]:
    """Write the kit into folder ``out`` (all or nothing); returns the files written."""
    out = Path(out)
    check_output(out, force)
    source = source_folder()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.fourgood-", dir=out.parent))
    try:
        wheels = staging / WHEELS
        copy = Path(tempfile.mkdtemp(prefix="fourgood-source-")) / "fourgood"
        try:
            _clean_copy(source, copy, skip={out.resolve(), staging.resolve()})
            _pip(["wheel", "--no-deps", "--quiet", "-w", str(wheels), str(copy)], "fourgood")
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)
        own = next(wheels.glob("fourgood-*.whl"))
        _pip(["download", *PIP_TARGET, "--quiet", "-d", str(wheels), str(own)], own.name)
        for _round in range(3):  # Windows-only dependencies pip skipped on this machine
            absent = missing(wheels)
            if not absent:
                break
            _pip(["download", *PIP_TARGET, "--quiet", "-d", str(wheels), *absent],
                 ", ".join(absent))
        absent = missing(wheels)
        if absent:
            raise InputFileError(msg("kit_incomplete", missing=", ".join(absent)))
        (staging / SCRIPT).write_bytes(script().encode("utf-8"))
        (staging / GUIDE).write_bytes(guide_bytes(
            (source / GUIDE_SOURCE).read_text(encoding="utf-8")))
        files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                       if p.is_file())
        (staging / MANIFEST).write_text(json.dumps(
            {"fourgood": own.name, "platform": PLATFORM, "python": PYTHON_VERSION,
             "files": sorted([*files, SUMS])}, ensure_ascii=False, indent=2),
            encoding="utf-8")
        write_sums(staging)
        place(staging, out, keep_added=not force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p for p in out.rglob("*") if p.is_file())
