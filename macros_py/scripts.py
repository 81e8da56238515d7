"""The scripts behind the «Bốn tốt» buttons: Classify, Check, Consolidate and Decide.

Each is a plain function of an ``xlwings.Book`` that calls the library's doors
(``fourgood.api``): the classic add-in's button (``macros_py.addin``) calls ``main()``, which
dispatches on the workbook's kind and the sheet pressed on; the xlwings Lite workbooks' ``main.py`` registers
wrappers with ``@script``, and the tests run them through xlwings' remote engine. They write
only into unlocked named cells and notes (the templates' sheets are protected) and leave
colours to the workbook's conditional formatting.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping

import xlwings as xw

from fourgood import __version__, api, assess, engine, layout
from fourgood.cellref import column_letter
from fourgood.errors import FourgoodError
from fourgood.framework import framework_hash, shipped
from fourgood.messages import text, without_file

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
DECIDING = tuple(t for t, spec in layout.TEMPLATES.items() if spec.decisions)


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


# ---- Consolidate, decide, verify ---------------------------------------------------------
INBOX = "da-nhan"  # the folder beside an office's workbook that holds what it received


class Places:
    """Where an office's workbook keeps its year, all beside it in its folder: the files
    received (``inbox``), the ledger, the report and the decision papers — the same files
    ``fourgood consolidate da-nhan --ledger … --into …`` and ``fourgood decide`` use."""

    def __init__(self, folder: Path, name: str):
        stem = Path(name).stem
        self.folder, self.workbook = folder, folder / name
        self.inbox = folder / INBOX
        self.ledger = folder / f"{stem}.sqlite"
        self.report = folder / f"{stem}-bao-cao.xlsx"


def _folder(book) -> Path | None:
    """The folder a saved workbook is in."""
    path = Path(book.fullname or "")
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


def _places(wb: Workbook, folder: Path | None) -> Places | None:
    """The workbook's places, or None (said in an alert) when it is not saved in a folder
    that has an inbox beside it."""
    folder = folder or _folder(wb.book)
    if folder is None or not (folder / INBOX).is_dir():
        wb.alert(wb.t("xl_no_folder", inbox=INBOX, folder=str(folder or "—")), critical=True)
        return None
    return Places(folder, wb.book.name)


def _roster(wb: Workbook, named: Mapping[str, Any]):
    """The units a committee's or the consolidation workbook lists, as a roster (None: it
    lists none)."""
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
    return api.roster_from_workbook(
        {"id": str(unit_id or "don-vi"), "type": wb.spec.unit_type,
         "name": named.get(layout.info_name("unit_name")),
         "year": int(year) if isinstance(year, (int, float)) else None}, listed, marked)


def _said(wb: Workbook, error: FourgoodError) -> list[str]:
    """An error in the words the command prints it."""
    return [error.message.text(wb.lang)] + ["- " + p.text(wb.lang) for p in error.problems]


FILES_WIDTHS = (70, 12, 26, 90)  # widest columns, in characters: file, outcome, unit, reason


def _files_sheet(wb: Workbook, files: list[dict[str, Any]]) -> None:
    """List every file read, accepted or rejected with its reason, on a sheet of its own:
    columns as wide as their text (within FILES_WIDTHS), long text wrapped."""
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
    """«Tổng hợp»: read what a committee's or the consolidation workbook received (the
    folder «da-nhan» beside it; ``folder``: the folder it is in, when Excel does not say)
    into the ledger beside it, write the report beside it, and fill the workbook with its
    units' results and the decisions recorded; list every file read."""
    wb = Workbook(book)
    if accepts(wb, "consolidate", CONSOLIDATING):
        _consolidate(wb, Path(folder) if folder else None)


def _consolidate(wb: Workbook, folder: Path | None) -> None:
    places = _places(wb, folder)
    if places is not None:
        lines, trouble = _refill(wb, places, wb.read())
        wb.alert("\n".join(lines), critical=trouble)


def _refill(wb: Workbook, places: Places, named: Mapping[str, Any]) -> tuple[list[str], bool]:
    """Consolidate what the workbook received and fill it (``named``: its values now);
    returns what to say and whether it is trouble."""
    try:
        roster = _roster(wb, named)
        if roster is None:
            return [wb.t("xl_no_units", sheet=wb.names["FG_SUB_ID"].sheet)], True
        done = api.consolidate([places.inbox], roster, places.report, ledger=places.ledger,
                               into=api.Book(places.workbook, named), year=roster.year,
                               workers=1, details=True, lang=wb.lang)
    except FourgoodError as error:
        return _said(wb, error), True
    bookio.write(wb.book, wb.names, {k: v for k, v in done.values.items() if k in wb.names})
    _files_sheet(wb, done.files)
    rejected = [r for r in done.files if r["status"] == "rejected"]
    lines = [wb.t("xl_consolidated", found=len(done.files), folder=str(places.inbox),
                  accepted=len(done.files) - len(rejected), rejected=len(rejected),
                  filled=sum(1 for u in done.listed if u in done.current),
                  expected=len(done.listed), report=str(places.report),
                  ledger=str(places.ledger))]
    lines += ["- " + r["message_en" if wb.lang == "en" else "message_vi"]  # names the file
              for r in rejected[:SHOWN_ERRORS]]
    return lines, bool(rejected)


def consolidate(book: xw.Book) -> None:
    """«Tổng hợp»: see ``consolidate_folder``."""
    consolidate_folder(book)


Answer = Callable[[str], "str | None"]


def decide_sheet(book, folder: Path | str | None = None, answer: Answer | None = None) -> None:
    """«Ghi quyết định», on «Thẩm định, quyết định»: check every appraisal and decision
    typed as ``fourgood decide`` does; mark each row at fault (a note on its «Tình trạng»
    cell) and record nothing while one remains; else name what will be recorded and ask
    (``answer``: the officer's answer to a question, «ok» to go on; default: Excel's
    OK/Cancel box), record it in the ledger beside the workbook, write the papers beside
    it, verify the record and consolidate again, so that the sheet shows what is recorded.
    With nothing new typed, verify the record and say so."""
    wb = Workbook(book)
    if accepts(wb, "decide", DECIDING):
        _decide(wb, Path(folder) if folder else None, answer)


def _decide(wb: Workbook, folder: Path | None, answer: Answer | None) -> None:
    book = wb.book
    folder = folder or _folder(book)
    places = Places(folder, book.name) if folder else None
    if places is None or not places.ledger.is_file():
        wb.alert(wb.t("xl_no_ledger_folder"), critical=True)
        return
    named = wb.read()
    ask = answer or (lambda question: book.app.alert(
        question, title=wb.t("xl_title"), buttons="ok_cancel"))
    try:
        roster = _roster(wb, named)
        if roster is None:
            wb.alert(wb.t("xl_no_units", sheet=wb.names["FG_SUB_ID"].sheet), critical=True)
            return
        sheet = api.Book(places.workbook, named)
        planned = api.plan(sheet, roster, places.ledger)
        _mark_rows(wb, planned.plan.at)
        refusal = planned.refusal()
        if refusal is not None:
            raise refusal
        if not planned.plan.rows:
            found = api.verify(places.ledger)
            wb.alert("\n".join([wb.t("dec_nothing", skipped=len(planned.plan.skipped),
                                      head=found.check, seq=found.count),
                                 found.message().text(wb.lang)]), critical=not found.ok)
            return
        said = ask(wb.t("xl_dec_confirm", will=planned.summary()))
        if said is None or str(said).lower() != "ok":
            wb.alert(wb.t("xl_dec_cancelled" if said else "xl_dec_no_answer"))
            return
        done = api.decide(sheet, roster, places.ledger)
    except FourgoodError as error:
        wb.alert("\n".join(_said(wb, error)), critical=True)
        return
    lines = [wb.t("dec_done", ledger=str(done.ledger), skipped=len(done.skipped),
                  head=done.check, seq=done.seq, **done.counts)]
    lines += [wb.t("dec_notice", number=n, path=str(p)) for n, p in done.papers.items()]
    if done.missing:
        lines.append(wb.t("dec_paper_missing", missing=done.missing))
    lines.append(done.verified.message().text(wb.lang))
    trouble = not done.verified.ok
    if places.inbox.is_dir():  # the sheet shows what is now recorded
        refilled, late = _refill(wb, places, named)
        lines += refilled
        trouble = trouble or late
    wb.alert("\n".join(lines), critical=trouble)


def _mark_rows(wb: Workbook, rows: Mapping[int, list]) -> None:
    """A note on the «Tình trạng» cell of each decision row at fault, with its problems;
    the notes of the other rows removed."""
    target = wb.names.get("FG_DEC_STATE")
    if target is None:
        return
    cells = [(target.sheet, ref) for ref in target.cells()]
    notes = {(target.sheet, f"{column_letter(target.min_col)}{row}"): wb.t(
        "xl_dec_note", problems=" ".join(p.text(wb.lang) for p in problems))
        for row, problems in rows.items()}
    bookio.set_notes(wb.book, notes, cells)


def main(book, folder: Path | str | None = None, answer: Answer | None = None) -> None:
    """The add-in's one button, by the workbook's kind and, for an office's workbook, the
    sheet it is pressed on: a cell's workbook is classified; on «Thẩm định, quyết định»
    the decisions typed are recorded (``decide_sheet``); otherwise a committee's workbook
    is consolidated from what it received, then classified, and the consolidation
    workbook is consolidated. Any other workbook is refused with an alert that says why."""
    wb = Workbook(book)  # read once: consolidating writes values, not names
    folder = Path(folder) if folder else None
    if wb.template in DECIDING and book.sheets.active.name == wb.t("tpl_sheet_decisions"):
        _decide(wb, folder, answer)
        return
    if wb.template in CONSOLIDATING:
        _consolidate(wb, folder)
        if wb.template not in UNITS:
            return  # the consolidation workbook has no inputs to classify
    if accepts(wb, "classify", UNITS):
        _classify(wb)
