"""The module the «Bốn tốt» add-in runs: its ribbon button calls ``main()`` (the add-in file
is named after this module) and its config lists this module for worksheet functions."""
from fourgood import main

__all__ = ["main"]
