"""Cell addresses of defined names: where a name points and how its values map onto cells.

Pure (standard library only): the zip-level reader and writer (``namedcells``) and the
Excel scripts (an xlwings Book, under Pyodide too) share it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 1, AA -> 27."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def split_ref(ref: str) -> tuple[int, int]:
    """``"D8"`` -> (row 8, column 4)."""
    match = re.fullmatch(r"\$?([A-Za-z]+)\$?(\d+)", ref)
    if not match:
        raise ValueError(ref)
    return int(match[2]), column_index(match[1])


@dataclass(frozen=True)
class Target:
    """Where a defined name points: a sheet and a rectangle of cells."""

    sheet: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int

    @property
    def size(self) -> int:
        """How many cells (counted, not listed: a name may cover a whole sheet)."""
        return (self.max_col - self.min_col + 1) * (self.max_row - self.min_row + 1)

    @property
    def single(self) -> bool:
        return self.min_col == self.max_col and self.min_row == self.max_row

    def rows(self) -> list[list[str]]:
        """Cell references row by row."""
        return [[f"{column_letter(c)}{r}" for c in range(self.min_col, self.max_col + 1)]
                for r in range(self.min_row, self.max_row + 1)]

    def cells(self) -> list[str]:
        return [c for row in self.rows() for c in row]


@lru_cache(maxsize=4096)  # every workbook of a kind has the same names
def parse_target(text: str) -> Target | None:
    """``'Tự đánh giá'!$D$8:$O$8`` -> Target; None for anything else (formulas, #REF!)."""
    match = re.fullmatch(r"'?(?P<sheet>(?:[^'!]|'')+)'?!(?P<ref>\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)",
                         text.strip())
    if not match:
        return None
    first, _, last = match["ref"].partition(":")
    min_row, min_col = split_ref(first)
    max_row, max_col = split_ref(last or first)
    return Target(match["sheet"].replace("''", "'"), min_col, min_row, max_col, max_row)


def cells_of(target: Target, value: Any) -> dict[str, Any]:
    """Map a name's value onto its cells: a scalar, {index: value} along a row or column,
    a list (in order), or a list of rows (each a list or {index: value}) for a block."""
    if target.single:
        return {target.cells()[0]: value}
    rows = target.rows()
    line = rows[0] if len(rows) == 1 else [r[0] for r in rows]
    if isinstance(value, Mapping):
        return {line[int(i)]: v for i, v in value.items()}
    if len(rows) > 1 and len(rows[0]) > 1:  # a block
        out: dict[str, Any] = {}
        for row_cells, row_value in zip(rows, value):
            items = row_value.items() if isinstance(row_value, Mapping) else enumerate(row_value)
            out.update({row_cells[int(i)]: v for i, v in items})
        return out
    return dict(zip(line, value))


def shape(target: Target, block: list[list[Any]]) -> Any:
    """A name's cells (rows of values) in the shape ``read`` gives: a scalar for one cell,
    a list for a row or column, a list of rows for a block."""
    if target.single:
        return block[0][0]
    if len(block) == 1:
        return block[0]
    if all(len(r) == 1 for r in block):
        return [r[0] for r in block]
    return block

