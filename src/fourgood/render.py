"""LibreOffice headless: recalculate workbooks and render them to PDF and PNG for review.

One ``soffice`` process converts many files; a private profile makes LibreOffice
recalculate every formula on load, so the results are the spreadsheet engine's own.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from .errors import FourgoodError
from .messages import msg

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The LibreOffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_pdftoppm() -> str | None:
    """Poppler's pdftoppm (PDF pages to PNG), or None."""
    return shutil.which("pdftoppm")


def _profile(folder: Path) -> str:
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_XCU, encoding="utf-8")
    return folder.resolve().as_uri()


BATCH = 60  # files per soffice run: a crash loses at most one batch, which is retried


def convert(files: list[Path], out_dir: Path, fmt: str = "xlsx", soffice: str | None = None,
            processes: int | None = None,
            output: Callable[[Path], Path] | None = None) -> list[Path]:
    """Convert ``files`` into ``out_dir`` as ``fmt`` (``xlsx`` recalculated, or ``pdf``; or
    LibreOffice's ``EXT:FILTER:OPTIONS``), with one LibreOffice process per core, each with
    its own profile; files a process failed on are tried once more. Returns the outputs in
    order (``output``: where a filter writes a file's output, when not ``STEM.EXT``); raises
    FourgoodError without LibreOffice or when a file could not be converted."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise FourgoodError(msg("cli_no_soffice"))
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [output(Path(f)) if output else out_dir / f"{Path(f).stem}.{fmt.split(':')[0]}"
               for f in files]
    for output in outputs:
        output.unlink(missing_ok=True)
    count = max(1, min(processes or os.cpu_count() or 1, len(files)))
    with tempfile.TemporaryDirectory(prefix="fourgood-lo-") as tmp:
        profiles = [_profile(Path(tmp) / f"profile-{n}") for n in range(count)]
        for _ in range(2):
            todo = [f for f, o in zip(files, outputs) if not o.exists()]
            batches = [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]
            for start in range(0, len(batches), count):
                running = [subprocess.Popen(
                    [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                     "--convert-to", fmt, "--outdir", str(out_dir), *map(str, batch)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    for profile, batch in zip(profiles, batches[start:start + count])]
                for process in running:
                    process.wait(timeout=1800)
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        raise FourgoodError(msg("render_failed", files=", ".join(missing[:5])))
    return outputs


def to_png(pdfs: list[Path], out_dir: Path, dpi: int = 80) -> list[Path]:
    """Every page of each PDF as PNG (``NAME-1.png``, …) with pdftoppm; raises
    FourgoodError without it."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise FourgoodError(msg("cli_no_pdftoppm"))
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    for pdf in pdfs:
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(out_dir / pdf.stem)],
                       check=True, capture_output=True, timeout=600)
        pages += sorted(out_dir.glob(f"{pdf.stem}-*.png"))
    return pages
