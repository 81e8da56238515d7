"""fourgood: the Four-good self-assessment of party cells and grassroots committees, in Excel."""

__version__ = "0.1.0"


def main() -> None:
    """The add-in's entry point: do what suits the active workbook (see macros_py.scripts)."""
    import xlwings as xw

    from macros_py.scripts import main as run

    run(xw.Book.caller())
