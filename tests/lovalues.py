"""LibreOffice for the tests: one kept running per test process, and the values it computes
for workbooks without writing them back as workbooks.

Starting LibreOffice costs more than a second of processor time, and loading,
recalculating and saving a workbook about 0.4 s; the parity fills mostly need only the
values. ``LibreOffice`` keeps one running (``louno_worker.py``, through UNO): ``convert``
recalculates or renders files as ``soffice --convert-to`` does, without the start-up each
time. ``compute`` has it load each template once and, for each fill, set the input cells
to what the filled workbook holds, recalculate and give the values back: under 0.1 s a
fill, and 0.3 s for one also saved as a recalculated .xlsx. ``read`` gives the defined
names' values from what it wrote.
"""
from __future__ import annotations

import functools
import json
import os
import selectors
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Collection

from fourgood import namedcells, render
from fourgood.cellref import Target, column_letter


def read(computed: Path) -> dict[str, Any]:
    """The defined names' values LibreOffice computed, shaped as ``namedcells.read`` shapes
    them: ``computed`` is a recalculated workbook or what ``compute`` wrote."""
    if computed.suffix == ".json":
        return json.loads(computed.read_text(encoding="utf-8"))
    return namedcells.read(computed)


@functools.cache
def uno_python(soffice: str) -> str | None:
    """A Python that can ``import uno`` (LibreOffice's own, or the system's with Debian's
    python3-uno), or None."""
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (os.environ.get("FOURGOOD_UNO_PYTHON"), str(program / "python"),
                      "/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


def _ref(target: Target) -> str:
    return (f"{column_letter(target.min_col)}{target.min_row}:"
            f"{column_letter(target.max_col)}{target.max_row}")


def _formula_cells(archive: zipfile.ZipFile, part: str) -> set[str]:
    root = namedcells.parse_xml(archive.read(part))
    return {c.get("r") for c in root.iterfind("m:sheetData/m:row/m:c", namedcells.NS)
            if c.find("m:f", namedcells.NS) is not None}


def _cell(value: Any) -> Any:
    """A value read from a filled workbook as LibreOffice holds it: a date as its serial."""
    if isinstance(value, bool):
        raise TypeError("a boolean input cell: LibreOffice holds it as a number")
    return namedcells.serial(value) if isinstance(value, date) else value


def _rows(target: Target, value: Any) -> list[list[Any]]:
    if target.single:
        return [[_cell(value)]]
    if target.min_row == target.max_row:
        return [[_cell(v) for v in value]]
    if target.min_col == target.max_col:
        return [[_cell(v)] for v in value]
    return [[_cell(v) for v in row] for row in value]


def _blocks(targets: list[Target]) -> list[list[Target]]:
    """``targets`` grouped into blocks of consecutive rows of the same columns."""
    blocks: list[list[Target]] = []
    for t in sorted(set(targets), key=lambda t: (t.sheet, t.min_col, t.max_col, t.min_row)):
        last = blocks[-1][-1] if blocks else None
        if (last and (last.sheet, last.min_col, last.max_col) == (t.sheet, t.min_col, t.max_col)
                and t.min_row == last.max_row + 1):
            blocks[-1].append(t)
        else:
            blocks.append([t])
    return blocks


def _union(block: list[Target]) -> Target:
    first, last = block[0], block[-1]
    return Target(first.sheet, first.min_col, first.min_row, last.max_col, last.max_row)


FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "pdf": "calc_pdf_Export"}
WAIT = 1800  # seconds for one request


class LibreOffice:
    """One LibreOffice kept running (started at the first request, started again if it
    stops); raises RuntimeError when no Python with ``uno`` is found or a request fails."""

    def __init__(self, soffice: str):
        python = uno_python(soffice)
        if python is None:
            raise RuntimeError("LibreOffice's Python bridge (uno) is missing: install "
                               "python3-uno (bash scripts/setup.sh --test installs it)")
        self._folder = tempfile.TemporaryDirectory(prefix="fourgood-lo-")
        folder = Path(self._folder.name)
        self._command = [python, str(Path(__file__).with_name("louno_worker.py")), soffice,
                         render._profile(folder / "profile")]
        self._log = folder / "worker.log"
        self._process: subprocess.Popen | None = None

    def convert(self, files: list[Path], out_dir: Path, fmt: str = "xlsx") -> list[Path]:
        """``files`` recalculated and saved as .xlsx, or rendered as .pdf, into ``out_dir``
        as ``STEM.xlsx`` / ``STEM.pdf``; returns them in order (``render.convert``)."""
        out_dir.mkdir(parents=True, exist_ok=True)
        outputs = [out_dir / f"{Path(f).stem}.{fmt}" for f in files]
        for output in outputs:
            output.unlink(missing_ok=True)
        self.ask({"op": "convert", "files": [str(Path(f).resolve()) for f in files],
                  "outputs": [str(o.resolve()) for o in outputs], "filter": FILTERS[fmt]})
        return outputs

    def ask(self, request: dict[str, Any]) -> Any:
        """The worker's answer to ``request`` (tried once more on a fresh LibreOffice)."""
        for attempt in (1, 2):
            if self._process is None or self._process.poll() is not None:
                self._process = subprocess.Popen(
                    self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=self._log.open("ab"), text=True, encoding="utf-8")
            line = self._exchange(json.dumps(request))
            answer = json.loads(line) if line else {"error": "LibreOffice stopped"}
            if "ok" in answer:
                return answer["ok"]
            self.close()
            if attempt == 2:
                log = self._log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"LibreOffice failed: {answer['error']}\n{log}")

    def _exchange(self, request: str) -> str:
        try:
            self._process.stdin.write(request + "\n")
            self._process.stdin.flush()
            with selectors.DefaultSelector() as waiting:
                waiting.register(self._process.stdout, selectors.EVENT_READ)
                if not waiting.select(WAIT):
                    return ""
            return self._process.stdout.readline()
        except OSError:
            return ""

    def close(self) -> None:
        """Stop LibreOffice (a later request starts it again)."""
        if self._process is not None:
            try:
                self._process.stdin.close()
                self._process.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
            self._process = None


def compute(lo: LibreOffice, pairs: list[tuple[Path, Path]], out_dir: Path,
            save: Collection[Path] = ()) -> list[Path]:
    """The values LibreOffice computes for each ``(template, filled workbook)``, the filled
    one made from the template by writing only its input cells (``fill``, ``namedcells.write``):
    LibreOffice loads each template once and recalculates every fill in memory. Writes into
    ``out_dir``, for each, ``STEM.json`` (defined name -> value, as ``read`` gives it), or for
    the filled workbooks in ``save`` the workbook recalculated and saved by LibreOffice as
    ``STEM.xlsx``; returns them in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs: dict[Path, dict[str, Any]] = {}
    for template, filled in pairs:
        if template not in jobs:
            jobs[template] = _template_job(template)
        job = jobs[template]
        job["filled"].append(filled)
        job["values"].append(namedcells.read(filled, job["candidates"]))
    for job in jobs.values():  # set the names some fill changed, in every fill
        base, names = job["base"], job["names"]
        changed = [n for n in job["candidates"] if any(v[n] != base[n] for v in job["values"])]
        blocks = _blocks([names[n] for n in changed])
        job["inputs"] = [[b[0].sheet, _ref(_union(b))] for b in blocks]
        by_target = {names[n]: n for n in changed}
        job["fills"] = [[[row for t in block for row in _rows(t, v[by_target[t]])]
                         for block in blocks] for v in job["values"]]
    answer = lo.ask({"op": "compute", "templates": [
        {"path": str(t.resolve()), "inputs": j["inputs"], "outputs": j["outputs"],
         "fills": j["fills"],
         "save": [str((out_dir / f"{f.stem}.xlsx").resolve()) if f in save else None
                  for f in j["filled"]]} for t, j in jobs.items()]})
    written = {}
    for job, results in zip(jobs.values(), answer):
        for filled, blocks in zip(job["filled"], results):
            if filled in save:  # the saved workbook is what the tests read
                written[filled] = out_dir / f"{filled.stem}.xlsx"
                continue
            grids: dict[str, list[list[Any]]] = {}
            for (sheet, box), block in zip(job["boxes"], blocks):
                grid = grids.setdefault(sheet, [])
                while len(grid) < box.max_row:
                    grid.append([])
                for r, row in enumerate(block, start=box.min_row - 1):
                    grid[r] += [""] * (box.max_col - len(grid[r]))
                    grid[r][box.min_col - 1:box.max_col] = row
            path = out_dir / f"{filled.stem}.json"
            path.write_text(json.dumps(namedcells.read_book(None, job["names"], grids=grids),
                                       ensure_ascii=False), encoding="utf-8")
            written[filled] = path
    return [written[filled] for _, filled in pairs]


def _template_job(template: Path) -> dict[str, Any]:
    """What LibreOffice needs of a template: the names that may be inputs (holding no
    formula), their values in the template and, per sheet, the block covering every name
    (read back after each fill)."""
    with zipfile.ZipFile(template) as archive:
        names = namedcells.defined_names(archive)
        parts = namedcells.sheet_parts(archive)
        formulas = {sheet: _formula_cells(archive, part) for sheet, part in parts.items()
                    if any(t.sheet == sheet for t in names.values())}
    candidates = sorted(n for n, t in names.items() if not formulas[t.sheet] & set(t.cells()))
    boxes = []
    for sheet in formulas:
        on = [t for t in names.values() if t.sheet == sheet]
        boxes.append((sheet, Target(sheet, min(t.min_col for t in on), min(t.min_row for t in on),
                                    max(t.max_col for t in on), max(t.max_row for t in on))))
    return {"names": names, "candidates": candidates, "filled": [], "values": [],
            "base": namedcells.read(template, candidates),
            "outputs": [[sheet, _ref(box)] for sheet, box in boxes], "boxes": boxes}
