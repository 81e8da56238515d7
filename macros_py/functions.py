"""The Python worksheet functions of the templates: ``=FG_TONG_DIEM``, ``=FG_XEP_LOAI``,
``=FG_CON_THIEU`` and ``=FG_XEP_LOAI_NAM`` on the months; ``=FG_DIEM_QUY`` and
``=FG_XEP_LOAI_QUY`` on the quarters and the year.

Each takes a monthly sheet as the officer sees it: the «STT» column (labels "1", "1.1",
"PQ1"…) and the month column(s) beside it, and optionally the same two ranges of the
«Sinh hoạt» sheet; the labels say which framework the sheet holds and which row is which
item. Results are computed by the strict engine (as the workbook's formulas read cells).
``xlwings.func`` registers them for the classic add-in (Windows) and for xlwings Lite /
Server (``XLWINGS_ON_SERVER``); elsewhere the decorator leaves a plain function.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from xlwings import func

from fourgood import assess, engine, layout
from fourgood.framework import shipped
from fourgood.errors import FourgoodError
from fourgood.messages import fold, msg, text


def _rows(value: Any) -> list[list[Any]]:
    """A range argument as rows of cells, whatever shape the runtime passed (a scalar for
    one cell, a flat list for a column, rows for a block); empty cells as None."""
    if not isinstance(value, (list, tuple)):
        value = [[value]]
    rows = [list(v) if isinstance(v, (list, tuple)) else [v] for v in value]
    return [[None if cell == "" else cell for cell in row] for row in rows]


def _label(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # "1" read back as the number 1
    return None if value is None else str(value).strip()


@lru_cache(maxsize=None)
def _labelled() -> dict[str, dict[str, str]]:
    """Every framework with a monthly sheet: {framework id: {entry id: row label}}."""
    frameworks = shipped()
    ids = {fw for spec in layout.TEMPLATES.values() for fw in (spec.main, *spec.linked) if fw}
    return {fw: layout.row_labels(frameworks[fw]) for fw in sorted(ids)}


def _sheet(labels: Any, values: Any) -> tuple[str, dict[str, list[Any]]]:
    """The framework a sheet's label column holds and each entry's row of values."""
    column = [_label(row[0]) for row in _rows(labels)]
    present = {label for label in column if label}
    fits = [fw for fw, by_id in _labelled().items() if set(by_id.values()) <= present]
    most = max((len(_labelled()[fw]) for fw in fits), default=0)
    best = [fw for fw in fits if len(_labelled()[fw]) == most]
    if len(best) != 1:
        raise FourgoodError(msg("fn_unknown_sheet"))
    framework_id = best[0]
    grid = _rows(values)
    if len(grid) != len(column):
        raise FourgoodError(msg("fn_shape", rows=len(column), values=len(grid)))
    where = {label: n for n, label in enumerate(column) if label}
    return framework_id, {entry: grid[where[label]] for entry, label in
                          _labelled()[framework_id].items()}


def _values(framework: Mapping[str, Any], rows: Mapping[str, list[Any]], col: int
            ) -> dict[str, Any]:
    """One month's inputs as the engine takes them. A derived share is shown as 0..100,
    and empty when the committee lists no subordinate cell."""
    def at(entry_id: str) -> Any:
        row = rows[entry_id]
        return row[col] if col < len(row) else None

    out = {entry["id"]: layout.from_cell(kind, at(entry["id"]))
           for kind, entry in layout.entries(framework) if at(entry["id"]) is not None}
    for item_id in engine.derived_items(framework):
        value = at(item_id)
        out[item_id] = engine.subordinate_share([]) if value is None else value
    return out


def _periods(labels: Any, values: Any, meeting_labels: Any, meeting_values: Any
             ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The unit's framework and its inputs per month (one entry per column of ``values``)."""
    frameworks = shipped()
    main_id, rows = _sheet(labels, values)
    main = frameworks[main_id]
    meeting = None
    if meeting_labels is not None and meeting_values is not None:
        meeting = _sheet(meeting_labels, meeting_values)
    columns = max(len(row) for row in _rows(values))
    periods = {}
    for col in range(columns):
        period: dict[str, Any] = {"values": _values(main, rows, col)}
        if meeting is not None:
            meeting_id, meeting_rows = meeting
            period["linked"] = {meeting_id: {"values": _values(frameworks[meeting_id],
                                                               meeting_rows, col)}}
        periods[str(col + 1)] = period
    return main, periods


def _month(labels, values, meeting_labels, meeting_values) -> engine.PeriodResult:
    main, periods = _periods(labels, values, meeting_labels, meeting_values)
    return engine.evaluate(main, periods["1"], shipped(), strict=True)


def _lang(lang: Any) -> str:
    return "en" if isinstance(lang, str) and fold(lang) in ("en", "english") else "vi"


@func
def FG_TONG_DIEM(labels, values, meeting_labels=None, meeting_values=None):
    """Tổng điểm của một tháng / A month's total (blank month: empty)."""
    result = _month(labels, values, meeting_labels, meeting_values)
    return "" if result.status == "blank" else result.total


@func
def FG_XEP_LOAI(labels, values, meeting_labels=None, meeting_values=None, lang=None):
    """Kết quả tháng: «Đạt», «Không đạt» hoặc «Chưa đủ dữ liệu» / A month's result."""
    result = _month(labels, values, meeting_labels, meeting_values)
    return assess.month_word(result, _lang(lang)) or ""


@func
def FG_CON_THIEU(labels, values, meeting_labels=None, meeting_values=None, lang=None):
    """Những gì còn thiếu của một tháng, bằng lời / What a month still lacks, in words."""
    lang = _lang(lang)
    result = _month(labels, values, meeting_labels, meeting_values)
    if result.status == "blank":
        return ""
    if result.status == "incomplete":
        return " ".join(error.message.text(lang) for error in result.errors)
    return " ".join(gap.text(lang) for gap in result.gaps) or text("tpl_nothing_missing", lang)


@func
def FG_XEP_LOAI_NAM(labels, values, rating=None, meeting_labels=None, meeting_values=None,
                    lang=None):
    """Công nhận cả năm (từ 12 tháng và mức xếp loại chất lượng) / Year-end recognition
    (from the twelve months and the quality rating's level)."""
    lang = _lang(lang)
    main, periods = _periods(labels, values, meeting_labels, meeting_values)
    year = engine.evaluate_year(main, periods, rating=_rating(rating), frameworks=shipped(),
                                strict=True)
    return text("label_recognized" if year.recognized else "label_not_recognized", lang)


def _rating(title: Any) -> engine.PeriodResult | None:
    """A quality rating given by its level's title (either language) or id."""
    if not isinstance(title, str) or not title.strip():
        return None
    frameworks = shipped()
    for ruleset in dict.fromkeys(r for spec in layout.TEMPLATES.values() for r in spec.rulesets):
        for level in frameworks[ruleset]["levels"]:
            if fold(title) in {fold(level["id"]), *map(fold, level["title"].values())}:
                return engine.rated(ruleset, level["id"])
    raise FourgoodError(msg("fn_unknown_rating", title=title))


# ---- quarters and the year ----------------------------------------------------------------
def _rating_periods(labels: Any, values: Any, ruleset: Any) -> tuple[Mapping[str, Any],
                                                                      engine.RatedYear, bool]:
    """The quarter sheet's columns as the engine rates them: one column is a quarter rated
    on its own; several columns are the quarters followed by the year (the last column),
    rated with them. Returns the ruleset, the rating and whether the year is asked for."""
    frameworks = shipped()
    spec = next(s for s in layout.TEMPLATES.values() if s.rulesets)
    chosen = frameworks[layout.ruleset_id(spec, frameworks, ruleset)]
    by_label = {}
    for framework_id in spec.rulesets:
        for entry_id, label in layout.rating_labels(frameworks[framework_id]).items():
            by_label.setdefault(label, entry_id)
    kinds = {e["id"]: kind for r in spec.rulesets for kind, e in layout.entries(frameworks[r])}
    column = [_label(row[0]) for row in _rows(labels)]
    if not set(by_label) <= {label for label in column if label}:
        raise FourgoodError(msg("fn_unknown_sheet"))
    grid = _rows(values)
    if len(grid) != len(column):
        raise FourgoodError(msg("fn_shape", rows=len(column), values=len(grid)))
    columns = max(len(row) for row in grid)

    def period(col: int) -> dict[str, Any]:
        out = {}
        for n, label in enumerate(column):
            entry_id = by_label.get(label) if label else None
            value = grid[n][col] if col < len(grid[n]) else None
            if entry_id is not None and value is not None:
                out[entry_id] = layout.from_cell(kinds[entry_id], value)
        return {"values": out}

    if columns == 1:  # a quarter on its own
        rated = engine.rate_year(chosen, {"values": {}}, {"1": period(0)}, frameworks,
                                 strict=True)
        return chosen, rated, False
    quarters = {str(q): period(q - 1) for q in range(1, columns)}
    return chosen, engine.rate_year(chosen, period(columns - 1), quarters, frameworks,
                                    strict=True), True


@func
def FG_DIEM_QUY(labels, values, ruleset=None):
    """Tổng điểm của một quý (một cột) hoặc cả năm (các cột quý rồi cột cả năm) / The
    points of a quarter (one column) or of the year (the quarters' columns, then the year's)."""
    chosen, rated, year = _rating_periods(labels, values, ruleset)
    total = assess.quarter_total(rated, "year" if year else "1")
    return "" if total is None else total


@func
def FG_XEP_LOAI_QUY(labels, values, ruleset=None, lang=None):
    """Mức xếp loại đề xuất của một quý (một cột) hoặc cả năm (các cột quý rồi cột cả năm) /
    The proposed level of a quarter (one column) or of the year (quarters, then the year)."""
    chosen, rated, year = _rating_periods(labels, values, ruleset)
    return assess.quarter_word(shipped(), rated, "year" if year else "1", _lang(lang)) or ""
