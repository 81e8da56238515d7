"""The files one command writes, all or none.

Every location is checked before any work starts (its folder can be created and written,
an existing file can be replaced: not a folder, not locked); each file is then written
beside its final place under a temporary name, and all are renamed into place only when
every one of them was written. A failure half-way leaves the old files as they were.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import InputFileError
from .messages import msg


def _unwritable(path: Path, exc: OSError) -> InputFileError:
    return InputFileError(msg("out_unwritable", path=str(path),
                              detail=exc.strerror or type(exc).__name__))


def check(path: Path) -> None:
    """Raise InputFileError unless ``path`` can be written (creating its folder)."""
    if path.is_dir():
        raise InputFileError(msg("out_is_folder", path=str(path)))
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

    def __init__(self, *paths: Path | None, inputs: list[Path] = ()):
        """``inputs``: folders and files no output may replace or be written into (a
        report written into an inbox would be read back as a received file)."""
        self.paths = [Path(p) for p in paths if p is not None]
        seen: dict[Path, Path] = {}
        for path in self.paths:
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
            check(path)
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
