"""The paper of a decision: the standing committee's «QUYẾT ĐỊNH» itself, as a party
decision is laid out (Guidance 36-HD/VPTW) — header, number, title and subject, the deciding
body, its grounds (the ruleset's own citation), its articles (the levels and recognitions of
the attached list; the levels a re-rating replaces, and why; who carries it out), the list,
«Nơi nhận» and the signature —, ready to sign, with the decision record's check code
explained in one line. One decision, one number: the number the office typed is the
decision's, so the paper is the decision (a notice would need a number of its own)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break

from .messages import text
from .outputs import NOTICE_MARK
from .templates import party_header, save, style_cell
from .templates.style import HEAD_FILL, committee_name, fit_row, place_name

WIDTHS = (5, 30, 8, 21, 10, 15)  # A4 portrait, unscaled
LAST = chr(64 + len(WIDTHS))
PAGE = 842 - 2 * 0.6 * 72  # points of rows on an A4 page between its margins
# How much the page is shrunk to fit its width: Excel prints the columns about as wide as
# the page; LibreOffice reads a column width unit as about 7 points and shrinks more.
SCALES = (1.0, (8.27 - 1.4) * 72 / (sum(WIDTHS) * 7.04))
ROW, GAP, SIGNING = 17, 12, 20  # the height of a line of text, a blank line, a signing line


def paper_day(day: date) -> dict[str, str]:
    """A date's parts as party papers write them (Guidance 36-HD/VPTW): a day under 10 and
    the months 1 and 2 with a leading zero («ngày 05 tháng 02 năm 2025»)."""
    return {"day": f"{day.day:02d}", "month": f"{day.month:02d}" if day.month < 3
            else str(day.month), "year": str(day.year)}


def write_notice(path: Path, *, superior: Any, issuer: str, kind: str, number: str,
                 day: date, rows: Sequence[Mapping[str, Any]], ruleset: Mapping[str, Any],
                 year: int, check: str, secretary: Any = None, lang: str = "vi") -> None:
    """Write the paper of decision ``number`` of ``day`` by the committee of the party
    organisation ``issuer`` (a name as the roster has it), whose superior is ``superior``
    (``superior`` and ``secretary``: as typed on «Thông tin», or None);
    ``kind``: the deciding workbook's template («tong-hop»: its standing committee decides;
    «dang-bo-co-so»: the party committee). ``rows``: name, period, phrase (the period in a
    sentence), level, recognized, recognition (the title recognised, or None), note,
    replaced (before, number, reason: the level a re-rating replaces, or None).
    ``ruleset``: the rating ruleset, whose citation and guidance are the grounds."""
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    committee = committee_name(issuer)
    wb = Workbook()
    ws = wb.active
    ws.title = t("notice_sheet")
    ws.sheet_view.showGridLines = False
    for n, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[chr(64 + n)].width = width
    place = place_name(issuer) or place_name(str(superior or "")) or "…………"
    party_header(ws, (str(superior or "").upper(), committee.upper()), t("notice_title"),
                 len(WIDTHS), lang, split=3,
                 place_date=t("notice_place_date", place=place, **paper_day(day)))
    for cell in ws[1] + ws[2]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # names from the roster: text, never a formula
    ws.merge_cells("A4:C4")
    style_cell(ws, 4, 1, t("notice_number", number=number), align="center", size=12)
    row = 6

    def line(words: str, *, size: int = 12, gap: int = 0, **look: Any) -> None:
        """One paragraph across the page, as tall as its words wrap."""
        nonlocal row
        ws.merge_cells(f"A{row}:{LAST}{row}")
        cell = style_cell(ws, row, 1, words, wrap=True, size=size,
                          **{"align": "justify", **look})
        cell.data_type = "s"  # names and reasons typed by the office: text
        fit_row(ws, row, words, sum(WIDTHS) - 2, size)
        row += 1 + gap

    periods = ", ".join(dict.fromkeys(r["phrase"] for r in rows))
    titles = ", ".join(dict.fromkeys(r["recognition"] for r in rows if r["recognition"]))
    recognized = sum(1 for r in rows if r["recognition"])
    subject = (t("notice_subject_recognized", periods=periods, titles=titles, year=year)
               if recognized else t("notice_subject", periods=periods))
    line(subject, bold=True, align="center", size=13)
    line("-----", align="center", gap=1)
    line(t(f"notice_body_{kind}", committee=committee.upper()), bold=True, align="center",
         size=13, gap=1)
    line(t("notice_ground_charter"))
    cited = ruleset.get("citation") or ruleset.get("short") or ruleset["title"]
    for ground in (cited, ruleset.get("guidance")):
        if ground:  # a ruleset without a citation is cited by its name
            line(t("notice_ground", citation=ground[lang]))
    staff = t(f"notice_staff_{kind}", committee=committee)
    line(t("notice_proposal", staff=staff), gap=1)
    line(t("notice_decides"), bold=True, align="center", size=13, gap=1)
    article = t("notice_article_levels", periods=periods, count=len(rows))
    if recognized:
        article += " " + t("notice_article_recognized", count=recognized, titles=titles,
                           year=year)
    line(article)
    replaced = [r for r in rows if r["replaced"]]
    if replaced:
        line(t("notice_article_replaces"))
        for r in replaced:
            line(t("notice_replaced", unit=r["name"], period=r["period"], **r["replaced"]))
    execution = 3 if replaced else 2
    staff_first = staff[:1].upper() + staff[1:]
    line(t("notice_article_execution", n=execution, staff=staff_first), gap=1)
    row = _the_list(ws, row, t, number, day, rows)
    last_listed, sign = row - 1, row + 1
    style_cell(ws, sign, 1, t("tpl_rf_recipients"), bold=True, italic=True, size=11)
    for n, words in enumerate((t("notice_to_units", n=execution),
                               t("notice_to_file", committee=committee)), 1):
        ws.merge_cells(f"A{sign + n}:C{sign + n}")
        style_cell(ws, sign + n, 1, words, size=11).data_type = "s"
    signature = (t(f"notice_sign_{kind}"), t("tpl_rf_secretary"), *[""] * 4,
                 str(secretary or ""))
    for n, words in enumerate(signature):
        if words:
            ws.merge_cells(f"D{sign + n}:{LAST}{sign + n}")
            style_cell(ws, sign + n, 4, words, bold=True, align="center",
                       size=13).data_type = "s"
        else:
            ws.row_dimensions[sign + n].height = SIGNING
    row = sign + len(signature) + 1
    line(t("notice_check", check=check), italic=True, size=9, align="left")
    for r in range(1, row):  # every row as tall as it prints: the pages below are counted
        if ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = ROW if any(c.value for c in ws[r]) else GAP
    ws.print_area = f"A1:{LAST}{row - 1}"
    if any(_page_of(ws, sign, PAGE / scale) != _page_of(ws, row - 1, PAGE / scale)
           for scale in SCALES):
        # the signature, never split nor alone: with the list's last row on a page of its own
        ws.row_breaks.append(Break(id=last_listed - 1))
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # a long list flows on
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.8, 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    # Pages numbered from the second, at the top centre (Guidance 36-HD/VPTW): the first
    # page's header is left empty.
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.size = 12
    wb.properties.title = NOTICE_MARK
    wb.properties.creator = "fourgood"
    save(wb, path, stable=False)


def _the_list(ws, row: int, t, number: str, day: date,
              rows: Sequence[Mapping[str, Any]]) -> int:
    """The attached list from ``row``: its title, the table; returns the row after it."""
    for words, size in ((t("notice_list_title"), 12),
                        (t("notice_list_subtitle", number=number,
                           day=f"{day:%d/%m/%Y}"), 11)):
        ws.merge_cells(f"A{row}:{LAST}{row}")
        style_cell(ws, row, 1, words, bold=size == 12, italic=size == 11, align="center",
                   size=size)
        row += 1
    heads = [t(f"notice_col_{key}") for key in ("no", "unit", "period", "level", "recognized",
                                               "note")]
    for n, head in enumerate(heads, 1):
        style_cell(ws, row, n, head, bold=True, color="FFFFFF", fill=HEAD_FILL, box=True,
                   align="center", wrap=True, size=11)
    ws.row_dimensions[row].height = 32
    ws.print_title_rows = f"{row}:{row}"  # a list that flows on keeps its heading
    row += 1
    for n, r in enumerate(rows, 1):
        values = (n, r["name"], r["period"], r["level"], r["recognized"], r["note"])
        for col, value in enumerate(values, 1):
            cell = style_cell(ws, row, col, value, box=True, wrap=True, size=11,
                              align="center" if col in (1, 3, 5) else None)
            if isinstance(value, str):
                cell.data_type = "s"
        for col in (2, 4, 6):
            fit_row(ws, row, str(values[col - 1] or ""), WIDTHS[col - 1])
        row += 1
    return row


def _page_of(ws, target: int, page_height: float) -> int:
    """The page (from 0) on which row ``target`` prints, as rows fill pages ``page_height``
    points tall from the first (the list's heading repeated on each further page)."""
    titles = ws.print_title_rows  # «$23:$23»
    title = ws.row_dimensions[int(titles.split(":")[0].strip("$"))].height if titles else 0
    page, used = 0, 0.0
    for r in range(1, target + 1):
        height = ws.row_dimensions[r].height
        if used + height > page_height:
            page, used = page + 1, title
        used += height
    return page
