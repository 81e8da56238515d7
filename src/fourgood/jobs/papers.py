"""Papers as an officer sees them: workbooks (templates, reports, decisions) rendered by
LibreOffice to PDF and each page to PNG."""
from __future__ import annotations

from pathlib import Path

from .. import render as rendering
from ..errors import InputFileError
from ..messages import msg


def render(files: list[Path | str] | Path | str, output: Path | str) -> list[Path]:
    """Render the workbooks ``files`` (or every .xlsx of the folder ``files``) to PDF in
    ``output``, then each page to PNG; returns the pages written. Needs LibreOffice and
    poppler's ``pdftoppm``."""
    given = Path(files) if isinstance(files, (str, Path)) else None
    found = sorted(given.glob("*.xlsx")) if given and given.is_dir() else \
        [given] if given else [Path(f) for f in files]
    if not found or not all(f.is_file() for f in found):
        raise InputFileError(msg("cli_file_missing", path=str(
            next((f for f in found if not f.is_file()), f"{given}/*.xlsx"))))
    if rendering.find_soffice() is None:  # both known before anything is written
        raise InputFileError(msg("cli_no_soffice"))
    if rendering.find_pdftoppm() is None:
        raise InputFileError(msg("cli_no_pdftoppm"))
    target = Path(output)
    return rendering.to_png(rendering.convert(found, target, "pdf"), target)
