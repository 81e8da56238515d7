"""The classic add-in's entry point: its one ribbon button runs ``fourgood_addin.main()``."""
from __future__ import annotations

import xlwings as xw

from . import scripts


def main() -> None:
    """Do what suits the active workbook (``scripts.main``)."""
    scripts.main(xw.Book.caller())
