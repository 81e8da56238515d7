"""The scripts behind the «Bốn tốt» buttons: Classify, Check and Consolidate.

Each is a plain function of an ``xlwings.Book``: the classic add-in calls ``main()`` (which
dispatches on the workbook's kind), the xlwings Lite workbooks' ``main.py`` registers
wrappers with ``@script``, and the tests run them through xlwings' remote engine. They write
only into unlocked named cells and notes (the templates' sheets are protected) and leave
colours to the workbook's conditional formatting.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

import xlwings as xw

from fourgood import __version__, assess, engine, layout
from fourgood.framework import framework_hash, shipped
from fourgood.messages import text

from . import bookio

SHOWN_ERRORS = 5  # cells listed in the alert and the sheet; every one gets its note


def now() -> datetime:
    """The stamp's clock."""
    return datetime.now()


class Workbook:
    """A fourgood workbook open in Excel: its names, kind, language and input document."""

    def __init__(self, book):
        self.book = book
        self.names = bookio.targets(book)
        meta = bookio.read(book, self.names, [layout.meta_name("template_id"),
                                              layout.meta_name("lang")])
        self.template = meta.get(layout.meta_name("template_id"))
        self.lang = meta.get(layout.meta_name("lang")) or "vi"
        self.spec = layout.TEMPLATES.get(self.template)
        self.frameworks = shipped()

    def t(self, code: str, **params: Any) -> str:
        return text(code, self.lang, **params)

    def alert(self, message: str, critical: bool = False) -> None:
        self.book.app.alert(message, title=text("xl_title", self.lang),
                            mode="critical" if critical else "info")

    def read(self) -> dict[str, Any]:
        return bookio.read(self.book, self.names)

    def unit(self, named: Mapping[str, Any]) -> str:
        return str(named.get(layout.info_name("unit_name")) or named.get(
            layout.meta_name("unit_id")) or self.book.name)


UNITS = tuple(t for t, spec in layout.TEMPLATES.items() if spec.main)  # classified
CONSOLIDATING = tuple(t for t, spec in layout.TEMPLATES.items() if spec.subordinates)


def accepts(wb: Workbook, action: str, kinds: tuple[str, ...]) -> bool:
    """Whether ``wb`` is a fourgood workbook of one of ``kinds``; if not, an alert says why."""
    if wb.spec is None:
        wb.alert(text("xl_not_fourgood", wb.lang, book=wb.book.name), critical=True)
        return False
    if wb.template not in kinds:
        wb.alert(wb.t("xl_wrong_kind", action=wb.t(f"xl_action_{action}"),
                      template=wb.spec.file_name), critical=True)
        return False
    return True


# ---- Classify and Check -----------------------------------------------------------------
def _input_notes(wb: Workbook, result: assess.Assessment) -> dict[tuple[str, str], str]:
    """A note for every invalid or missing input of a month (or the year end) that has been
    started, on the cell the officer typed it in."""
    main = wb.frameworks[wb.spec.main]
    roles = {e["id"]: "M" for _, e in layout.entries(main)}
    for link in wb.spec.linked:
        roles.update({e["id"]: "S" for _, e in layout.entries(wb.frameworks[link])})
    notes: dict[tuple[str, str], str] = {}

    def put(name: str, index: int, period: str, message) -> None:
        target = wb.names.get(name)
        if target is None:
            return
        key = (target.sheet, target.cells()[index])
        line = wb.t("xl_note", period=period, message=message.text(wb.lang))
        notes[key] = notes[key] + "\n" + line if key in notes else line

    for month, period in result.months.items():
        if period.status != "incomplete":
            continue
        for error in period.errors:
            role = roles.get(error.item)
            if role:
                put(layout.input_name(role, error.item), int(month) - 1,
                    wb.t("xl_month_period", month=month), error.message)
    if result.rating is not None and result.rating.status == "incomplete":
        for error in result.rating.errors:
            put(layout.input_name("Y", error.item), 0, wb.t("xl_year_period"), error.message)
    rated = result.rated
    for key, quarter in (rated.quarters.items() if rated else ()):
        if quarter.status == "incomplete":
            for error in quarter.errors:
                put(layout.input_name("Q", error.item), int(key) - 1,
                    wb.t(f"period_q{key}"), error.message)
    for error in rated.errors if rated else ():  # a quarter typed where the ruleset rates none
        key = error.period[1:]
        typed = list((result.doc.get("quarters") or {}).get(key, {}).get("values", {}))
        if typed:  # the note goes on the quarter's first typed cell
            put(layout.input_name("Q", typed[0]), int(key) - 1, wb.t(f"period_q{key}"),
                error.message)
    return notes


def _managed_cells(wb: Workbook) -> list[tuple[str, str]]:
    """Every input cell whose note fourgood writes (the yellow cells of the input names)."""
    out = []
    for name, target in wb.names.items():
        if name.startswith(("FG_M_", "FG_S_", "FG_Y_", "FG_Q_")):
            out += [(target.sheet, ref) for ref in target.cells()]
    return out


def _cells_text(wb: Workbook, notes: Mapping[tuple[str, str], str]) -> str:
    if not notes:
        return wb.t("xl_no_errors")
    lines = [wb.t("xl_cells_to_fix", count=len(notes))]
    lines += [f"«{sheet}» {ref}: {note}" for (sheet, ref), note in list(notes.items())[:SHOWN_ERRORS]]
    if len(notes) > SHOWN_ERRORS:
        lines.append(wb.t("xl_more", count=len(notes) - SHOWN_ERRORS))
    return "\n".join(lines)


def _outputs(wb: Workbook, result: assess.Assessment) -> dict[str, Any]:
    """The values of the FG_PY_ result cells."""
    lang = wb.lang
    months = [result.months[str(m)] for m in range(1, layout.MONTHS + 1)]
    gaps = [wb.t("xl_gap_month", month=m, gaps=" ".join(g.text(lang) for g in r.gaps))
            for m, r in enumerate(months, 1) if r.complete and r.gaps]
    if not result.year.recognized and result.year.gaps:
        gaps.append(wb.t("xl_gap_year", gaps=" ".join(g.text(lang) for g in result.year.gaps)))
    levels = {lvl["id"]: lvl["title"][lang]
              for ruleset in wb.spec.rulesets for lvl in wb.frameworks[ruleset]["levels"]}
    rating = result.rating.rating if result.rating is not None else None
    quarters = layout.PERIODS
    return {
        "FG_PY_quarter_total": [assess.quarter_total(result.rated, k) for k in quarters],
        "FG_PY_quarter_level": [assess.quarter_word(wb.frameworks, result.rated, k, lang)
                                for k in quarters],
        "FG_PY_total": [None if r.status == "blank" else r.total for r in months],
        "FG_PY_result": [assess.month_word(r, lang) for r in months],
        "FG_PY_year_total": result.year.total,
        "FG_PY_recognized": wb.t("label_recognized" if result.year.recognized
                                 else "label_not_recognized"),
        "FG_PY_rating": levels.get(rating),
        "FG_PY_gaps": "\n".join(gaps) or wb.t("tpl_nothing_missing"),
    }


def _assess(wb: Workbook) -> tuple[dict[str, Any], assess.Assessment]:
    named = wb.read()
    doc = layout.names_to_document(wb.spec, wb.frameworks, named)
    return named, assess.assess(wb.spec, wb.frameworks, doc)


def classify(book: xw.Book) -> None:
    """«Xếp loại»: recompute every month and the year from the inputs (strictly, as the
    formulas do); write results, gaps and a stamp into the Python cells of «Kết quả»; put a
    note on each invalid input; say what was found in one alert."""
    wb = Workbook(book)
    if accepts(wb, "classify", UNITS):
        _classify(wb)


def _classify(wb: Workbook) -> None:
    book = wb.book
    named, result = _assess(wb)
    notes = _input_notes(wb, result)
    values = _outputs(wb, result)
    main = wb.frameworks[wb.spec.main]
    values["FG_PY_check"] = _cells_text(wb, notes)
    values["FG_PY_stamp"] = wb.t("xl_stamp", version=__version__, framework=main["id"],
                                 framework_version=main["version"],
                                 hash=framework_hash(main)[:12],
                                 time=now().strftime("%Y-%m-%d %H:%M"))
    values["FG_PY_checksum"] = named.get("FG_C_checksum")
    bookio.write(book, wb.names, {k: v for k, v in values.items() if k in wb.names})
    bookio.set_notes(book, notes, _managed_cells(wb))
    year = result.year
    levels = [wb.t("xl_period_level", period=wb.t(f"period_q{k}" if k != "year"
                                                   else "period_year"), level=level)
              for k, level in zip(layout.PERIODS, values["FG_PY_quarter_level"])
              if level]
    wb.alert(wb.t("xl_classified", unit=wb.unit(named), year=named.get("FG_INFO_year") or "",
                  achieved=year.periods_achieved, assessed=year.periods_assessed,
                  recognized=values["FG_PY_recognized"],
                  levels=" ".join(levels) or wb.t("xl_no_levels"),
                  cells=_cells_text(wb, notes)),
             critical=bool(notes))


def check(book: xw.Book) -> None:
    """«Kiểm tra»: the same checks and notes as Classify, without writing results or a
    stamp, plus every result saved in the workbook that differs from a recomputation."""
    wb = Workbook(book)
    if not accepts(wb, "check", UNITS):
        return
    named, result = _assess(wb)
    notes = _input_notes(wb, result)
    differences = [wb.t("xl_difference", sheet=wb.names[key].sheet,
                        cell=wb.names[key].cells()[i], cached=cached, computed=computed)
                   for key, i, cached, computed
                   in assess.cached_differences(named, result.months, wb.lang, result.rated,
                                                wb.frameworks)]
    said = (wb.t("xl_differences", count=len(differences), first="; ".join(differences[:3]))
            if differences else wb.t("xl_no_differences"))
    if "FG_PY_check" in wb.names:
        bookio.write(book, wb.names, {"FG_PY_check": _cells_text(wb, notes) + "\n" + said})
    bookio.set_notes(book, notes, _managed_cells(wb))
    wb.alert(wb.t("xl_checked", unit=wb.unit(named), year=named.get("FG_INFO_year") or "",
                  cells=_cells_text(wb, notes), differences=said),
             critical=bool(notes or differences))


# ---- Consolidate ---------------------------------------------------------------------------
def _folder(book) -> Path | None:
    """The folder a saved workbook is in (received workbooks are read from there)."""
    path = Path(book.fullname or "")
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


def _roster(wb: Workbook, named: Mapping[str, Any]):
    """The units a committee's or the consolidation workbook lists, as a roster."""
    from fourgood.roster import from_workbook

    unit_id = named.get(layout.meta_name("unit_id")) or named.get(layout.info_name("unit_id"))
    listed = [{"id": str(i).strip(), "name": name, "type": kind, "group": group}
              for i, name, kind, group in zip(
                  named.get("FG_SUB_ID") or [], named.get("FG_SUB_NAME") or [],
                  named.get("FG_SUB_TYPE") or [None] * layout.SUBORDINATE_ROWS,
                  named.get("FG_SUB_GROUP") or [None] * layout.SUBORDINATE_ROWS)
              if i not in (None, "")]
    if not listed:
        return None
    marked = [str(g).rpartition("/")[0] or unit_id for g, flag in zip(
        named.get("FG_QUOTA_GROUP") or [], named.get("FG_QUOTA_OUTSTANDING") or [])
        if g and flag in engine.CHOICES["veto"][True]]
    year = named.get(layout.info_name("year"))
    return unit_id, from_workbook({"id": str(unit_id or "don-vi"), "type": wb.spec.unit_type,
                                   "name": named.get(layout.info_name("unit_name")),
                                   "year": int(year) if isinstance(year, (int, float)) else None},
                                  listed, marked)


FILES_WIDTHS = (70, 12, 26, 90)  # widest columns, in characters: file, outcome, unit, reason


def _files_sheet(wb: Workbook, files: list[dict[str, Any]]) -> None:
    """List every file read, accepted or rejected with its reason, on a sheet of its own:
    columns as wide as their text (within FILES_WIDTHS), long text wrapped."""
    from fourgood.consolidate import without_file

    title = wb.t("xl_files_sheet")
    names = [sheet.name for sheet in wb.book.sheets]
    sheet = (wb.book.sheets[title] if title in names
             else wb.book.sheets.add(title, after=wb.book.sheets[len(names) - 1]))
    sheet.clear_contents()
    rows = [wb.t("xl_files_head").split("|")]
    for row in files:
        accepted = row["status"] == "accepted"
        rows.append([row["source"], wb.t("xl_accepted" if accepted else "xl_rejected"),
                     row.get("unit") or "",
                     "" if accepted else without_file(
                         row["message_en" if wb.lang == "en" else "message_vi"], row["source"])])
    sheet.range("A1").value = [[bookio.cell_value(v) for v in r] for r in rows]
    sheet.range("A1:D1").font.bold = True
    bookio.column_widths(sheet, [min(widest, max(len(str(r[i])) for r in rows) + 2)
                                 for i, widest in enumerate(FILES_WIDTHS)])
    table = sheet.range(f"A1:D{len(rows)}")
    table.wrap_text = True
    table.rows.autofit()


def consolidate_folder(book, folder: Path | str | None = None) -> None:
    """Read the received workbooks in ``folder`` (default: the workbook's own folder) for
    the units a committee's or the consolidation workbook lists; fill their monthly results
    (and, in the consolidation workbook, ratings and quota groups); list every file read."""
    wb = Workbook(book)
    if accepts(wb, "consolidate", CONSOLIDATING):
        _consolidate(wb, Path(folder) if folder else _folder(book))


def _consolidate(wb: Workbook, folder: Path | None) -> None:
    import tempfile

    from fourgood import consolidate as cons
    from fourgood.errors import FourgoodError

    book = wb.book
    if folder is None or not folder.is_dir():
        wb.alert(wb.t("xl_no_folder", folder=str(folder or "—")), critical=True)
        return
    named = wb.read()
    try:
        found = _roster(wb, named)
    except FourgoodError as error:
        lines = [error.message.text(wb.lang)] + [p.text(wb.lang) for p in error.problems[:5]]
        wb.alert("\n".join(lines), critical=True)
        return
    if found is None:
        wb.alert(wb.t("xl_no_units", sheet=wb.names["FG_SUB_ID"].sheet), critical=True)
        return
    unit_id, roster = found
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        with cons.consolidate([folder], roster, Path(tmp) / "ledger.sqlite", year=roster.year,
                              workers=1) as result:
            files = [r for r in result.files() if r["source"] != book.name]  # not this one
            try:
                values = cons.workbook_values(result, unit_id, wb.spec, wb.lang, named)
            except FourgoodError as error:
                wb.alert(error.message.text(wb.lang), critical=True)
                return
    bookio.write(book, wb.names, {k: v for k, v in values.items() if k in wb.names})
    _files_sheet(wb, files)
    rejected = [r for r in files if r["status"] == "rejected"]
    listed = [i for i in values["FG_SUB_ID"] if i]
    lines = [wb.t("xl_consolidated", found=len(files), folder=str(folder),
                  accepted=len(files) - len(rejected), rejected=len(rejected),
                  filled=sum(1 for i in listed if i in result.current), expected=len(listed))]
    lines += ["- " + r["message_en" if wb.lang == "en" else "message_vi"]  # names the file
              for r in rejected[:SHOWN_ERRORS]]
    wb.alert("\n".join(lines), critical=bool(rejected))


def consolidate(book: xw.Book) -> None:
    """«Tổng hợp»: read the units' workbooks from this workbook's folder (see
    ``consolidate_folder``)."""
    consolidate_folder(book)


def main(book) -> None:
    """The add-in's one button, by the workbook's kind: a cell's workbook is classified; a
    committee's is consolidated from its folder, then classified; the consolidation
    workbook is consolidated. Any other workbook is refused with an alert that says why."""
    wb = Workbook(book)  # read once: consolidating writes values, not names
    if wb.template in CONSOLIDATING:
        _consolidate(wb, _folder(book))
        if wb.template not in UNITS:
            return  # the consolidation workbook has no inputs to classify
    if accepts(wb, "classify", UNITS):
        _classify(wb)
