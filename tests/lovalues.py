"""The values LibreOffice computes for workbooks, without writing them back as workbooks.

Saving a recalculated .xlsx costs LibreOffice about as much as loading and recalculating
it; the parity fills only need the values. ``recalculate`` has LibreOffice export every
sheet as CSV (text quoted, numbers as stored, not as shown) and ``read`` gives the defined
names' values from those sheets as ``namedcells.read`` gives them from a recalculated .xlsx.
"""
from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from fourgood import namedcells, render

# LibreOffice's CSV filter: comma, double quote, UTF-8, from line 1, quote all text cells,
# values as stored (not as shown; a percentage still carries its «%»), no formulas, every
# sheet to its own file (-1).
FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1'
_FIELD = re.compile(r'(?:"((?:[^"]|"")*)"|([^",\n]*))(,|\n|$)')


def recalculate(files: list[Path], out_dir: Path, soffice: str, processes: int | None = None
                ) -> list[Path]:
    """Recalculate ``files`` in LibreOffice, each sheet exported as ``STEM-SHEET.csv`` into
    ``out_dir``; returns, for each file, its first sheet's CSV (``read`` finds the others)."""
    return render.convert(files, out_dir, fmt=FILTER, soffice=soffice, processes=processes,
                          output=lambda f: out_dir / f"{Path(f).stem}-{_first_sheet(f)}.csv")


def _first_sheet(workbook: Path) -> str:
    with zipfile.ZipFile(workbook) as archive:
        return next(iter(namedcells.sheet_parts(archive)))


def _grid(text: str) -> list[list[Any]]:
    rows: list[list[Any]] = [[]]
    for quoted, plain, end in _FIELD.findall(text):
        rows[-1].append(quoted.replace('""', '"') if quoted else _number(plain))
        if end == "\n":
            rows.append([])
        elif end == "":
            break
    return rows


def _number(plain: str) -> Any:
    if plain in ("TRUE", "FALSE"):
        return plain == "TRUE"
    if plain == "":
        return ""
    if plain.endswith("%"):  # a percentage cell is written as its format shows it
        return float(Decimal(plain[:-1]) / 100)
    value = float(plain)
    return int(value) if value.is_integer() and "." not in plain and "E" not in plain else value


def read(workbook: Path, computed: Path) -> dict[str, Any]:
    """The defined names' values of ``workbook`` as LibreOffice computed them, shaped as
    ``namedcells.read`` shapes them: ``computed`` is the recalculated workbook, or the first
    of the CSV files ``recalculate`` wrote."""
    if computed.suffix != ".csv":
        return namedcells.read(computed)
    with zipfile.ZipFile(workbook) as archive:
        names = namedcells.defined_names(archive)
        sheets = list(namedcells.sheet_parts(archive))
    stem = computed.name[: -len(f"-{sheets[0]}.csv")]
    grids = {}
    for sheet in {t.sheet for t in names.values()}:
        csv = computed.with_name(f"{stem}-{sheet}.csv")
        grids[sheet] = _grid(csv.read_text(encoding="utf-8")) if csv.exists() else [[]]
    return namedcells.read_book(None, names, grids=grids)
