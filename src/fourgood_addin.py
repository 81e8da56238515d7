"""The module the «Bốn tốt» add-in runs: its ribbon button calls ``main()`` (the add-in file
is named after this module) and its config lists this module for worksheet functions."""
from macros_py.addin import main
from macros_py.functions import FG_CON_THIEU, FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM

__all__ = ["main", "FG_TONG_DIEM", "FG_XEP_LOAI", "FG_CON_THIEU", "FG_XEP_LOAI_NAM"]
