"""The files one command writes, all or none.

Every location is checked before any work starts: its name ends as its kind of file must
(a report .xlsx, a ledger .sqlite, …); an existing file there is replaced only when it is
fourgood's own earlier output of the same kind (a report over a report, a workbook without
typed data over a workbook), never a filled workbook or a user's file without ``force``;
its folder can be created and written, and the file is not a folder nor locked. Each file
is then written beside its final place under a temporary name, and all are renamed into
place only when every one of them was written. A failure half-way leaves the old files as
they were.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import InputFileError, os_reason
from .messages import msg
from .namedcells import properties

REPORT_MARK = "fourgood report"  # the title of every report fourgood writes
NOTICE_MARK = "fourgood notice"  # the title of every notice fourgood writes


def marked(path: Path, mark: str) -> bool:
    """Whether the workbook ``path`` carries ``mark`` as its title (one fourgood wrote)."""
    return f"<dc:title>{mark}</dc:title>" in properties(path)


def _is_report(path: Path) -> bool:
    """A report: marked, or written before reports were (by fourgood, titled nothing,
    not a workbook of a unit)."""
    core = properties(path)
    if f"<dc:title>{REPORT_MARK}</dc:title>" in core:
        return True
    return ("<dc:creator>fourgood</dc:creator>" in core and "<dc:title>" not in core
            and _holds_data(path) is None)


def _is_summary(path: Path) -> bool:
    import orjson

    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(data, dict) and {"files_found", "accepted", "rejected"} <= set(data)


def _holds_data(path: Path) -> bool | None:
    from .templates import holds_data

    return holds_data(path)


def _is_framework_xlsx(path: Path) -> bool:
    from .framework_xlsx import is_export

    return is_export(path)


def _is_framework_json(path: Path) -> bool:
    from .framework import is_written

    return is_written(path)


@dataclass(frozen=True)
class Kind:
    """A kind of output: the catalogue code of its name, an example name (whose ending
    every file of the kind must have), and whether an existing file is fourgood's own
    earlier output of this kind, which it may replace (one that holds nothing it would not
    write again)."""

    code: str
    example: str
    own: Callable[[Path], bool]

    @property
    def suffix(self) -> str:
        return Path(self.example).suffix


REPORT = Kind("out_kind_report", "bao-cao.xlsx", _is_report)
SUMMARY = Kind("out_kind_summary", "bao-cao.json", _is_summary)
# a ledger is updated, never replaced: opening one refuses, and keeps, what is not one
LEDGER = Kind("out_kind_ledger", "bao-cao.sqlite", lambda p: True)
NOTICE = Kind("out_kind_notice", "quyet-dinh.xlsx", lambda p: marked(p, NOTICE_MARK))
WORKBOOK = Kind("out_kind_workbook", "so.xlsx", lambda p: _holds_data(p) is False)
FRAMEWORK_XLSX = Kind("out_kind_framework_xlsx", "khung.xlsx", _is_framework_xlsx)
FRAMEWORK_JSON = Kind("out_kind_framework_json", "khung.json", _is_framework_json)


def _unwritable(path: Path, exc: OSError) -> InputFileError:
    return InputFileError(msg("out_unwritable", path=str(path), detail=os_reason(exc)))


def check_name(path: Path, kind: Kind) -> None:
    """Raise InputFileError unless ``path`` is named as a file of ``kind`` (not a folder)."""
    if path.is_dir():
        raise InputFileError(msg("out_is_folder", path=str(path), example=kind.example))
    if path.suffix.lower() != kind.suffix:
        raise InputFileError(msg("out_bad_suffix", path=str(path), kind=msg(kind.code),
                                 suffix=kind.suffix, example=kind.example))


def check(path: Path, kind: Kind | None = None, force: bool = False) -> None:
    """Raise InputFileError unless ``path`` can be written (creating its folder) as an
    output of ``kind``: named as one, and not replacing a file of another kind or holding
    data (unless ``force``). Without a kind: only whether it can be written."""
    if kind is not None:
        check_name(path, kind)
        if not force and path.is_file() and not kind.own(path):
            code = "out_holds_data" if _holds_data(path) else "out_not_own"
            raise InputFileError(msg(code, path=str(path), kind=msg(kind.code)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=path.parent, prefix=".fourgood-probe-")
        os.close(handle)
        os.unlink(probe)
        if path.exists():
            with open(path, "r+b"):  # read-only, or held open by another program
                pass
    except OSError as exc:
        raise _unwritable(path, exc) from None


class Outputs:
    """A context: ``staged(path)`` is where to write ``path``; on a clean exit every staged
    file replaces its target, on an error every staged file is removed."""

    def __init__(self, *targets: tuple[Path | None, Kind | None], inputs: list[Path] = (),
                 force: bool = False):
        """``targets``: each output with its kind (None: a file checked by its command,
        such as the workbook ``--into`` fills); ``inputs``: folders and files no output may
        replace or be written into (a report written into an inbox would be read back as a
        received file); ``force``: replace files of other kinds too."""
        given = [(Path(p), kind) for p, kind in targets if p is not None]  # a path given
        self.paths = [path for path, _ in given]  # twice is refused below, never merged
        seen: dict[Path, Path] = {}
        for path, kind in given:
            real = path.resolve()
            if real in seen:
                raise InputFileError(msg("out_twice", path=str(path), other=str(seen[real])))
            seen[real] = path
            for given in inputs:
                inbox = given.resolve()
                if real == inbox and not inbox.is_dir():
                    raise InputFileError(msg("out_is_input", path=str(path)))
                if real == inbox or inbox in real.parents:
                    raise InputFileError(msg("out_in_inbox", path=str(path), inbox=str(given)))
            check(path, kind, force)
        self._staged: dict[Path, Path] = {}

    def staged(self, path: Path, copy: bool = False) -> Path:
        """The temporary file to write in place of ``path`` (with ``copy``, starting as a
        copy of the existing file, for files updated in place such as the ledger)."""
        path = Path(path)
        if path not in self.paths:
            raise ValueError(f"{path} was not checked")
        tmp = path.with_name(f".{path.name}.fourgood-tmp")
        tmp.unlink(missing_ok=True)
        self._staged[path] = tmp  # known before it exists: a failed copy is removed too
        if copy and path.exists():
            shutil.copy2(path, tmp)
        return tmp

    def __enter__(self) -> "Outputs":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                for path, tmp in self._staged.items():
                    os.replace(tmp, path)
            except OSError as error:
                self._discard()
                raise _unwritable(path, error) from None
        else:
            self._discard()

    def _discard(self) -> None:
        """Remove every staged file, with what a writer left beside it (SQLite's
        ``-journal`` after a failed write)."""
        for tmp in self._staged.values():
            for leftover in tmp.parent.iterdir():
                if leftover.name.startswith(tmp.name):
                    leftover.unlink(missing_ok=True)
