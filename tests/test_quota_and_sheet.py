"""The quota's rounding is data (Regulation 366 Art. 11 does not say how 20 % of a group
rounds): the engine, the native formulas (LibreOffice) and ``fourgood decide`` read the same
rule from the rating ruleset, say it in words, and a locality changes it by a framework it
edits and imports; and the «Thẩm định, quyết định» sheet prints on A4 landscape only its
filled rows, the columns a signer reads and its quota table."""
from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SAMPLES, run_cli
from fourgood import decisions, engine, framework as fw, namedcells, templates
from fourgood.messages import text
from fourgood.templates.style import HEAD_ROW, text_height

FWS = fw.shipped()
ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024-quy"
CITY = "dang-bo-thanh-pho-lao-cai"
TITLES = {lvl["id"]: lvl["title"]["vi"] for lvl in FWS["xep-loai-366"]["levels"]}
SHEET = "Thẩm định, quyết định"

# Each rule, by hand: the most allowed «Hoàn thành xuất sắc nhiệm vụ» in a group of
# 0, 1, 2, 3, 4, 5, 9, 10 units rated «Hoàn thành tốt nhiệm vụ» or above, at 20 % and at 25 %.
SIZES = (0, 1, 2, 3, 4, 5, 9, 10)
RULES = {
    "down": ({"method": "down"}, (0, 0, 0, 0, 0, 1, 1, 2), (0, 0, 0, 0, 1, 1, 2, 2)),
    "nearest": ({"method": "nearest"}, (0, 0, 0, 1, 1, 1, 2, 2), (0, 0, 1, 1, 1, 1, 2, 3)),
    "down, at least one from 3": ({"method": "down", "at_least_one_from": 3},
                                  (0, 0, 0, 1, 1, 1, 1, 2), (0, 0, 0, 1, 1, 1, 2, 2)),
    "nearest, at least one from 5": ({"method": "nearest", "at_least_one_from": 5},
                                     (0, 0, 0, 1, 1, 1, 2, 2), (0, 0, 1, 1, 1, 1, 2, 3)),
}


def ruleset(rule: dict, ref: str = "Quy tắc của địa phương (thử)") -> dict:
    """xep-loai-366 with the quota rounded as ``rule`` says."""
    data = copy.deepcopy(FWS["xep-loai-366"])
    data["quota"]["rounding"] = {**rule, "source": {"status": "assumed", "ref": ref}}
    assert fw.check(data) == []
    return data


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", RULES)
def test_each_rounding_rule_through_the_engine_on_small_groups(name):
    """Groups of 1 to 10 units under each rule, at 20 % and at 25 % (outstanding), as
    worked by hand; the shipped rulesets round down, so 1, 3 or 4 units allow none."""
    rule, at_20, at_25 = RULES[name]
    data = ruleset(rule)
    for size, want_20, want_25 in zip(SIZES, at_20, at_25):
        levels = ["httnv"] * size + ["htnv", None]  # below the base, not rated: not counted
        assert engine.check_quota(data, levels).allowed == want_20, (name, size)
        assert engine.check_quota(data, levels, outstanding=True).allowed == want_25, (name, size)
        if size > want_20:  # as many at the top as allowed, then one more
            at = ["htxsnv"] * want_20 + ["httnv"] * (size - want_20)
            over = ["htxsnv"] * (want_20 + 1) + ["httnv"] * (size - want_20 - 1)
            assert engine.check_quota(data, at).ok, (name, size)
            assert not engine.check_quota(data, over).ok, (name, size)
    for ruleset_id in ("xep-loai-366", "xep-loai-124"):
        shipped = FWS[ruleset_id]
        assert shipped["quota"]["rounding"]["method"] == "down"
        assert shipped["quota"]["rounding"]["source"]["status"] == "assumed"
        assert [engine.check_quota(shipped, ["httnv"] * n).allowed for n in (1, 3, 4, 5)] == \
            [0, 0, 0, 1]


def test_the_rule_is_said_in_words_with_its_source():
    """«Tối đa 20% … làm tròn xuống (giả định …: <source>)», and a locality's choices."""
    said = engine.quota_rule(FWS["xep-loai-366"])
    assert said.vi.startswith("Tối đa 20% (nhóm tiêu biểu: 25%) số đơn vị «Hoàn thành tốt "
                              "nhiệm vụ» trở lên, làm tròn xuống (giả định")
    assert FWS["xep-loai-366"]["quota"]["rounding"]["source"]["ref"] in said.vi
    assert "rounded down (assumed" in said.en
    local = engine.quota_rule(ruleset({"method": "nearest", "at_least_one_from": 3}, "NQ 01"))
    assert "làm tròn đến số gần nhất (từ 0,5 làm tròn lên); ít nhất 1 khi nhóm có từ 3 đơn vị " \
           "«Hoàn thành tốt nhiệm vụ» trở lên" in local.vi and "NQ 01" in local.vi
    shown = run_cli("framework", "show", "xep-loai-366")
    assert shown.returncode == 0 and said.vi in shown.stdout


def test_a_rule_the_schema_does_not_know_is_refused_in_words(tmp_path):
    """``framework import`` of a «Khung» sheet with a rounding method of its own, or a
    threshold of 0: each named by sheet, row and column, nothing written."""
    book = tmp_path / "khung.xlsx"
    assert run_cli("framework", "export", "xep-loai-366", "-o", str(book)).returncode == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Khung"]
    rows = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    rows["quota.rounding.method"].value = "up"
    rows["quota.rounding.at_least_one_from"].value = 0
    wb.save(book)
    done = run_cli("framework", "import", str(book), "-o", str(tmp_path / "k.json"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "down, nearest" in done.stderr and "trang «Khung», dòng" in done.stderr
    assert "nhỏ hơn mức tối thiểu 1" in done.stderr
    assert not (tmp_path / "k.json").exists()


def quota_book(data: dict, path: Path) -> tuple[Path, dict]:
    """The city's template built with ``data`` (a ruleset), with decided levels typed for
    groups of 1, 3, 4, 5 and 9 units rated «Hoàn thành tốt nhiệm vụ» or above (and one below):
    each size twice, with as many decided «Hoàn thành xuất sắc nhiệm vụ» as the rule allows
    and with one more; each group listed twice in the quota table, not outstanding then
    outstanding. Returns the typed workbook and each quota row's (levels, outstanding)."""
    templates.save(templates.build("tong-hop", "vi", {**FWS, "xep-loai-366": data}), path)
    period = decisions.period_title("1").text("vi")
    dec = {k: [] for k in ("FG_DEC_UNIT", "FG_DEC_PERIOD", "FG_DEC_GROUP", "FG_DEC_LEVEL")}
    dq = {k: [] for k in ("FG_DQ_GROUP", "FG_DQ_PERIOD", "FG_DQ_OUTSTANDING")}
    expected = {}
    for size in (1, 3, 4, 5, 9):
        allowed = engine.check_quota(data, ["httnv"] * size).allowed
        for top in (allowed, min(size, allowed + 1)):
            levels = ["htxsnv"] * top + ["httnv"] * (size - top) + ["htnv"]
            group = f"Nhóm {size} ({top})"
            for n, level in enumerate(levels):
                dec["FG_DEC_UNIT"].append(f"u-{size}-{top}-{n}")
                dec["FG_DEC_PERIOD"].append(period)
                dec["FG_DEC_GROUP"].append(group)
                dec["FG_DEC_LEVEL"].append(TITLES[level])
            for outstanding in (False, True):
                expected[len(dq["FG_DQ_GROUP"])] = (levels, outstanding)
                dq["FG_DQ_GROUP"].append(group)
                dq["FG_DQ_PERIOD"].append(period)
                dq["FG_DQ_OUTSTANDING"].append("Có" if outstanding else "Không")
    typed = path.with_name(f"{path.stem}-typed.xlsx")
    namedcells.write(path, {**dec, **dq}, typed)
    return typed, expected


@pytest.mark.libreoffice
def test_the_quota_formulas_equal_the_engine_under_every_rule(libreoffice, tmp_path):
    """For each rounding rule, the decision sheet's quota formulas recalculated by
    LibreOffice give the base, count, allowance and verdict ``engine.check_quota`` gives,
    on groups of 1, 3, 4, 5 and 9 units with every number of them decided at the top."""
    made = []
    for n, name in enumerate(RULES):
        data = ruleset(RULES[name][0])
        typed, expected = quota_book(data, tmp_path / f"quota-{n}.xlsx")
        made.append((data, expected, typed))
    recalculated = libreoffice.convert([p for _, _, p in made], tmp_path / "out")
    for (data, expected, path), done in zip(made, recalculated):
        got = namedcells.read(done)
        for row, (levels, outstanding) in expected.items():
            want = engine.check_quota(data, levels, outstanding)
            assert (got["FG_DQ_BASE"][row], got["FG_DQ_COUNT"][row], got["FG_DQ_ALLOWED"][row],
                    got["FG_DQ_OK"][row]) == (want.base, want.count, want.allowed,
                                              "Có" if want.ok else "Không"), (path.name, row)


def type_decisions(book: Path, out: Path, levels: dict[tuple[str, str], str]) -> Path:
    """Type the decided ``levels`` ((unit, period) -> level id) as an officer would."""
    named = namedcells.read(book)
    index = {(u, decisions.period_key(p)): n for n, (u, p) in
             enumerate(zip(named["FG_DEC_UNIT"], named["FG_DEC_PERIOD"])) if u}
    values: dict[str, dict[int, object]] = {"FG_DEC_LEVEL": {}, "FG_DEC_NUMBER": {},
                                            "FG_DEC_DAY": {}}
    for key, level in levels.items():
        values["FG_DEC_LEVEL"][index[key]] = TITLES[level]
        values["FG_DEC_NUMBER"][index[key]] = "15-QĐ/TU"
        values["FG_DEC_DAY"][index[key]] = "10/10/2024"
    namedcells.write(book, values, out)
    return out


# «Sự nghiệp», quarter III: two cells decided as they proposed, one of them «Hoàn thành xuất
# sắc nhiệm vụ»: 1 of 2 is over the strict quota (none below 5), within «at least one from 2».
DECIDED = {("cb-trung-tam-gdnn-gdtx", "3"): "htxsnv", ("cb-thpt-so-1", "3"): "httnv"}


@pytest.mark.slow
def test_decide_refuses_in_words_stating_the_rule_and_accepts_under_a_locality_rule(
        quarters_city, tmp_path):
    """The shipped rule refuses the decision and says how it counts; the same decision,
    typed in a workbook made with a framework the locality edited in Excel and imported
    («ít nhất 1 khi nhóm có từ 2 đơn vị»), is recorded by ``decide --framework``; that
    framework with a workbook made otherwise is refused, nothing written."""
    shutil.copy(quarters_city / "r.sqlite", tmp_path / "r.sqlite")
    ledger = tmp_path / "r.sqlite"
    before = digest(ledger)
    book = type_decisions(quarters_city / "tong-hop.xlsx", tmp_path / "qd.xlsx", DECIDED)
    refused = run_cli("decide", str(book), "--roster", str(ROSTER), "--ledger", str(ledger))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Nhóm «Sự nghiệp», Quý III: quyết định 1 đơn vị «Hoàn thành xuất sắc nhiệm vụ» " \
           "(cb-trung-tam-gdnn-gdtx), vượt tỷ lệ 20% của 2 đơn vị" in refused.stderr
    assert engine.quota_rule(FWS["xep-loai-366"]).vi in refused.stderr  # the rule, in words
    assert digest(ledger) == before

    exported = tmp_path / "khung.xlsx"
    assert run_cli("framework", "export", "xep-loai-366", "-o", str(exported)).returncode == 0
    wb = openpyxl.load_workbook(exported)
    rows = {row[0].value: row[1] for row in wb["Khung"].iter_rows(min_row=2)}
    rows["quota.rounding.at_least_one_from"].value = 2
    rows["quota.rounding.source.status"].value = "Đã công bố"
    rows["quota.rounding.source.ref"].value = "Hướng dẫn của Ban Tổ chức Thành ủy (thử)"
    wb.save(exported)
    local = tmp_path / "xep-loai-366.json"
    done = run_cli("framework", "import", str(exported), "-o", str(local))
    assert done.returncode == 0, done.stderr
    shown = run_cli("framework", "show", str(local))
    assert "ít nhất 1 khi nhóm có từ 2 đơn vị «Hoàn thành tốt nhiệm vụ» trở lên (đã công bố: " \
           "Hướng dẫn của Ban Tổ chức Thành ủy (thử))" in shown.stdout

    other = run_cli("decide", str(book), "--roster", str(ROSTER), "--ledger", str(ledger),
                    "--framework", str(local))
    assert other.returncode == 1 and "không được làm với bộ «xep-loai-366»" in other.stderr
    assert digest(ledger) == before

    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(quarters_city / "r.sqlite", own / "r.sqlite")
    made = own / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", CITY, "--year", "2024", "-o",
                   str(made), "--framework", str(local)).returncode == 0
    done = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(own / "r.xlsx"), "--into", str(made), "--framework", str(local),
                   "--json", str(own / "r.json"))
    assert done.returncode == 0, done.stderr
    summary = json.loads((own / "r.json").read_text(encoding="utf-8"))
    assert "ít nhất 1 khi nhóm có từ 2 đơn vị" in summary["quota_rule"]["vi"]  # the report's too
    typed = type_decisions(made, own / "qd.xlsx", DECIDED)
    accepted = run_cli("decide", str(typed), "--roster", str(ROSTER), "--ledger",
                       str(own / "r.sqlite"), "--framework", str(local))
    assert accepted.returncode == 0, accepted.stderr
    assert "2 quyết định" in accepted.stdout
    stated = openpyxl.load_workbook(made)[SHEET]
    assert any("ít nhất 1 khi nhóm có từ 2 đơn vị" in str(c.value or "")
               for row in stated.iter_rows(max_row=HEAD_ROW) for c in row)


def squash(printed: str) -> str:
    """Text without its spaces: pdftotext splits Vietnamese words where accents are kerned."""
    return "".join(printed.split())


def decision_pages(pdf: Path) -> list[str]:
    """The printed pages of the decision sheet: its rows, then its quota table."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    head = squash(text("tpl_dec_group", "vi"))  # on both tables' header, on no other sheet
    assert head == squash(text("tpl_dq_group", "vi"))
    return [p for p in pages if head in squash(p)]


@pytest.mark.libreoffice
def test_the_decision_sheet_prints_only_its_filled_rows_and_its_quota_table_on_a4(
        quarters_city, libreoffice, tmp_path):
    """After ``--into`` on the sample (10 units × 4 periods, 4 groups × 4 periods), the sheet
    prints on at most 3 A4 landscape pages (N = 3: two of rows, one of the quota table): rows
    1 to 40 and no empty numbered row, the signer's columns and not the screen's, the quota
    table under its rule with its header whole; a blank template prints its header and a
    few rows on 2 pages."""
    book = quarters_city / "tong-hop.xlsx"
    named = namedcells.read(book)
    filled = sum(1 for u in named["FG_DEC_UNIT"] if u)
    groups = sum(1 for g in named["FG_DQ_GROUP"] if g)
    assert (filled, groups) == (40, 16)
    ws = openpyxl.load_workbook(book)[SHEET]
    assert str(ws.print_area) == (f"'{SHEET}'!$A$1:$N${HEAD_ROW + filled},"
                                  f"'{SHEET}'!$S$5:$Y${HEAD_ROW + groups}")
    assert ws.print_title_rows == f"${HEAD_ROW}:${HEAD_ROW}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    for col in range(1, 26):
        head = ws.cell(HEAD_ROW, col).value
        if head:  # every header, the quota table's too, whole on its row
            width = ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width
            assert ws.row_dimensions[HEAD_ROW].height >= text_height(head, width), head
    blank = ROOT / "templates" / "tong-hop.xlsx"
    assert str(openpyxl.load_workbook(blank)[SHEET].print_area) == (
        f"'{SHEET}'!$A$1:$N${HEAD_ROW + 8},'{SHEET}'!$S$5:$Y${HEAD_ROW + 4}")

    blank = shutil.copy(blank, tmp_path / "blank.xlsx")  # not the same name as ``book``
    pdfs = libreoffice.convert([book, blank], tmp_path / "pdf", "pdf")
    pages, empty = (decision_pages(pdf) for pdf in pdfs)
    assert len(pages) <= 3, len(pages)
    assert len(empty) == 2, len(empty)
    numbered = {int(line.split()[0]) for page in pages[:-1] for line in page.splitlines()
                if re.match(r"\s*\d{1,3}(\s|$)", line)}  # the «STT» column
    assert numbered == set(range(1, filled + 1)), numbered
    rows_pages, quota_page = squash("".join(pages[:-1])), squash(pages[-1])

    def printed(head: str, page: str) -> bool:  # every word of it, as pdftotext lays it out
        return all(squash(word) in page for word in head.split())

    for key in ("no", "unit", "name", "period", "group", "points", "proposed", "appraised",
                "remark", "level", "number", "day", "recognized", "reason"):
        assert printed(text(f"tpl_dec_{key}", "vi"), rows_pages), key
    for key in ("recorded", "state", "rerate"):  # for the screen only
        assert squash(text(f"tpl_dec_{key}", "vi")) not in rows_pages, key
    assert squash(engine.quota_rule(FWS["xep-loai-366"]).vi) in quota_page
    for key in ("group", "period", "outstanding", "base", "count", "allowed", "ok"):
        head = text(f"tpl_dq_{key}", "vi", level=TITLES["htxsnv" if key == "count" else "httnv"],
                    percent=25)
        assert printed(head, quota_page), key
    assert "Sựnghiệp" in quota_page and "Cơquan" in quota_page


def test_a_long_reason_grows_its_row_instead_of_being_cut(quarters_city, tmp_path):
    """A reason typed through ``fill`` and written again by ``--into`` after ``decide``: its
    row is tall enough for the wrapped text, on screen and on paper; short rows keep the
    sheet's own height."""
    reason = ("Chi bộ chưa hoàn thành chỉ tiêu phát triển đảng viên quý III theo nghị quyết "
              "của Đảng ủy và chưa khắc phục hạn chế đã chỉ ra")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"decisions": [{
        "unit": "cb-phong-lao-dong-tbxh", "period": "3", "level": "htnv", "number": "15-QĐ/TU",
        "day": "2024-10-10", "reason": reason}]}, ensure_ascii=False), encoding="utf-8")
    shutil.copy(quarters_city / "r.sqlite", tmp_path / "r.sqlite")
    book = tmp_path / "qd.xlsx"
    assert run_cli("fill", str(quarters_city / "tong-hop.xlsx"), "--values", str(values), "-o",
                   str(book)).returncode == 0

    def heights(path: Path) -> tuple[float, float]:
        sheet = openpyxl.load_workbook(path)[SHEET]
        row = next(r for r in range(HEAD_ROW + 1, sheet.max_row + 1)
                   if sheet.cell(r, 2).value == "cb-phong-lao-dong-tbxh"
                   and sheet.cell(r, 4).value == "Quý III")
        return sheet.row_dimensions[row].height, sheet.row_dimensions[row + 1].height

    tall, short = heights(book)
    assert tall >= text_height(reason, 20, size=10) > 28 >= short  # the next: as built
    done = run_cli("decide", str(book), "--roster", str(ROSTER), "--ledger",
                   str(tmp_path / "r.sqlite"))
    assert done.returncode == 0, done.stderr
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--into", str(book)).returncode == 0
    assert heights(book) == (tall, short)
