"""The xlwings entry points of fourgood: thin functions of an ``xlwings.Book``.

Each entry point reads the workbook through its defined names and calls the pure
``fourgood`` package; nothing here holds a rule of its own.
"""
