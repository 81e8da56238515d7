"""The one error fourgood raises to a user and the one problem record every check reports.

Every code is a stable identifier a program may rely on; docs/errors.md lists them all.
Standard library only (the engine uses ``Problem`` and runs under Pyodide too).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .messages import Message, msg

OS_REASONS = {"EACCES": "os_denied", "EPERM": "os_denied", "EROFS": "os_read_only",
              "ENOSPC": "os_full", "EDQUOT": "os_full", "ENOENT": "os_missing",
              "ENOTDIR": "os_not_dir", "EISDIR": "os_is_dir", "EBUSY": "os_busy",
              "ENAMETOOLONG": "os_long_name", "EEXIST": "os_file_in_way"}

# The code of a FourgoodError, by the catalogue key of its message: rewording or renaming a
# message leaves its code as it is. Several messages may share the code of one condition;
# the error's kind (its class) says which file it is about.
CODES = {
    # files read: a framework, a roster, an input file, a workbook
    "cli_file_missing": "file_missing",
    "consolidate_no_inbox": "inbox_missing",
    "json_is_folder_framework": "is_folder",
    "json_is_folder_roster": "is_folder",
    "json_is_workbook_framework": "workbook_as_json",
    "json_is_workbook_roster": "workbook_as_json",
    "json_not_text": "not_text",
    "cli_input_not_text": "not_text",
    "json_syntax_framework": "bad_json",
    "json_syntax_roster": "bad_json",
    "cli_input_bad_json": "bad_json",
    "roster_not_object": "not_object",
    "cli_input_not_object": "not_object",
    "doc_not_object": "not_object",
    "xl_not_workbook": "workbook_unreadable",
    "lite_damaged": "workbook_unreadable",
    "lite_not_lite": "not_lite_workbook",
    "xl_missing_sheet": "missing_sheet",
    "xl_missing_column": "missing_column",
    "cli_check_failed": "invalid",
    "doc_invalid": "invalid",
    "dec_invalid": "invalid",
    # frameworks, the roster, the inputs scored
    "fw_not_found": "framework_not_found",
    "cli_framework_other_id": "framework_other_id",
    "cli_framework_with_templates": "framework_with_templates",
    "cli_unknown_unit": "unit_not_in_roster",
    "cli_year_not_roster": "year_not_roster",
    "cli_input_framework_mismatch": "other_framework",
    "score_bad_period": "bad_period",
    "doc_bad_quarter": "bad_quarter",
    # workbooks filled (fill, consolidate --into) and decided on
    "cli_not_fourgood_workbook": "not_fourgood_workbook",
    "into_not_fourgood": "not_fourgood_workbook",
    "into_blank_template": "blank_template",
    "into_wrong_kind": "wrong_kind",
    "into_too_many": "too_many_units",
    "dec_not_decision_workbook": "no_decision_sheet",
    "dec_other_roster": "other_roster",
    "dec_other_year": "other_year",
    "dec_other_framework": "other_framework",
    "dec_headers": "headers_changed",
    # the ledger and decisions
    "dec_no_ledger": "ledger_missing",
    "ledger_unusable": "ledger_unusable",
    "ledger_busy": "ledger_busy",
    "ledger_write_failed": "ledger_write_failed",
    "dec_papers_collide": "papers_collide",
    "dec_paper_exists": "paper_exists",
    "verify_bad_code": "bad_check_code",
    # outputs
    "out_unwritable": "output_unwritable",
    "out_is_folder": "output_is_folder",
    "out_not_folder": "output_not_folder",
    "out_bad_suffix": "output_bad_suffix",
    "out_holds_data": "output_holds_data",
    "out_not_own": "output_not_own",
    "kit_not_ours": "output_not_own",
    "out_twice": "output_twice",
    "out_is_input": "output_is_input",
    "out_in_inbox": "output_in_inbox",
    "addin_wrong_name": "addin_wrong_name",
    # tools and the installation kit
    "cli_no_soffice": "no_libreoffice",
    "cli_no_pdftoppm": "no_pdftoppm",
    "render_failed": "render_failed",
    "kit_no_source": "kit_no_source",
    "kit_pip_failed": "kit_download_failed",
    "kit_incomplete": "kit_incomplete",
    # the FG_ functions in Excel
    "fn_unknown_sheet": "unknown_labels",
    "fn_shape": "shape_mismatch",
    "fn_unknown_rating": "unknown_level",
}


def os_reason(exc: OSError) -> Message | str:
    """Why the operating system refused, in the catalogue's words where it has them."""
    import errno

    code = OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""))
    return msg(code) if code else (exc.strerror or type(exc).__name__)


def where_text(location: Any) -> str:
    """A location as plain text for machines: its JSON path when it carries one, else a
    bilingual locator in English."""
    if getattr(location, "path", None):
        return location.path
    return location.en if isinstance(location, Message) else str(location)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value if not (isinstance(value, float) and not math.isfinite(value)) else str(value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: a stable code, where it is and a vi/en message. A problem with a
    typed input (the engine's) also names its ``item``, the ``value`` found and its
    ``period`` (a month, ``Q1``…; None for the period scored)."""

    code: str
    where: str
    message: Message
    item: str | None = None
    value: Any = None
    period: str | None = None

    def text(self, lang: str) -> str:
        return self.message.text(lang)

    @property
    def vi(self) -> str:
        return self.message.vi

    @property
    def en(self) -> str:
        return self.message.en

    def to_dict(self) -> dict[str, Any]:
        """As results and ledger records store it: an input's problem by its item, value
        and period; any other by where it is."""
        if self.item is None:
            return {"code": self.code, "where": self.where, "vi": self.vi, "en": self.en}
        out = {"code": self.code, "item": self.item, "value": _jsonable(self.value),
               "vi": self.vi, "en": self.en}
        if self.period is not None:
            out["period"] = self.period
        return out


class FourgoodError(Exception):
    """The error fourgood raises to a user: a stable ``code``, a vi/en ``message`` and the
    ``problems`` found. The code is the one ``CODES`` gives the message unless named."""

    def __init__(self, message: Message, problems: list[Problem] | None = None,
                 code: str | None = None):
        super().__init__(message.en)
        self.message = message
        self.problems = problems or []
        self.code = code or CODES[message.code]


class FrameworkError(FourgoodError):
    """A framework file that cannot be found, read or validated."""


class RosterError(FourgoodError):
    """A roster that cannot be read or validated."""


class InputFileError(FourgoodError):
    """An input file (JSON or workbook) that cannot be read, or an output that cannot be
    written."""


class Rejected(FourgoodError):
    """A received file that cannot be accepted. Its code is the ledger's reason; its message,
    ``reject_<code>`` (or ``key``: another wording of the same code), names the file."""

    def __init__(self, code: str, file: str, key: str | None = None, **params: Any):
        super().__init__(msg(key or f"reject_{code}", file=file, **params), code=code)
