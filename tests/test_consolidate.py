"""Consolidation of the Lào Cai sample inbox: nothing lost, figures right, tampering and
resubmissions handled, repeatable, inputs untouched, hostile input refused."""
from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from email.utils import parsedate_to_datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from fourgood import engine, framework as fw, layout, namedcells, reader, render, templates
from fourgood import consolidate, roster as rosters
from fourgood.ledger import Current
from conftest import SAMPLES, run_cli, sample_year

INBOX = SAMPLES / "inbox-lao-cai-2024"
ROSTER = SAMPLES / "roster-lao-cai-2024.json"
FWS = {i: fw.load(i) for i in fw.shipped_ids()}


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Consolidate the sample inbox twice into the same report and ledger."""
    out = tmp_path_factory.mktemp("report")
    before = tree_hashes(INBOX)
    args = ["consolidate", str(INBOX), "--roster", str(ROSTER), "-o", str(out / "bao-cao.xlsx"),
            "--json", str(out / "tom-tat.json")]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    report_1 = _parts(out / "bao-cao.xlsx")
    json_1 = (out / "tom-tat.json").read_text(encoding="utf-8")
    rows_1 = sqlite3.connect(out / "bao-cao.sqlite").execute(
        "SELECT COUNT(*) FROM submissions").fetchone()[0]
    second = run_cli(*args)
    assert second.returncode == 0, second.stderr
    return {"out": out, "first": first, "second": second, "before": before,
            "report_1": report_1, "json_1": json_1, "rows_1": rows_1,
            "summary": json.loads(json_1)}


def independent_view():
    """Read the inbox with the standard library and the engine only: every workbook found,
    the latest per unit by e-mail date, and month 3's results."""
    workbooks, others = [], []
    for path in sorted(INBOX.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            sent = parsedate_to_datetime(message["Date"])
            parts = [p for p in message.iter_attachments()
                     if p.get_filename().endswith(".xlsx")]
            if not parts:
                others.append(path.name)
            for part in parts:
                workbooks.append((sent, part.get_filename(), part.get_content()))
        else:
            workbooks.append((None, path.name, path.read_bytes()))
    return workbooks, others


def month_results(tree, workbooks):
    latest: dict[str, tuple] = {}
    for sent, name, data in workbooks:
        try:
            named = namedcells.read(data)
        except Exception:
            continue
        unit = named.get("FG_META_unit_id")
        if unit not in tree.units or named.get("FG_INFO_year") != 2024 or sent is None:
            continue
        if unit not in latest or sent > latest[unit][0]:
            latest[unit] = (sent, named)
    results = {}
    for unit_id in [u.id for u in tree.units.values() if tree[u.id].type == "chi-bo"]:
        if unit_id in latest:
            doc = layout.names_to_document(layout.TEMPLATES["chi-bo"], FWS, latest[unit_id][1])
            results[unit_id] = engine.evaluate(FWS["chi-bo-bon-tot"], doc["periods"]["3"], FWS,
                                               strict=True)
    for unit in tree.units.values():
        if unit.type == "dang-bo-co-so" and unit.id in latest:
            doc = layout.names_to_document(layout.TEMPLATES["dang-bo-co-so"], FWS,
                                           latest[unit.id][1])
            cells = [c.id for c in tree.children(unit.id)]
            share = {"achieved": sum(1 for c in cells if c in results and results[c].four_good),
                     "total": len(cells)}
            doc["periods"]["3"]["values"]["c5.1"] = share
            results[unit.id] = engine.evaluate(FWS["dang-bo-co-so-bon-tot"], doc["periods"]["3"],
                                               FWS, strict=True)
    return results


def test_every_file_is_accounted_for(run):
    s = run["summary"]
    workbooks, others = independent_view()
    assert s["files_found"] == len(workbooks) + len(others) == 26
    assert len(s["accepted"]) + len(s["rejected"]) == s["files_found"]
    assert sorted(r["code"] for r in s["rejected"]) == ["corrupt", "no_attachment",
                                                        "not_a_template", "wrong_year"]
    for rejected in s["rejected"]:
        assert rejected["file"] in rejected["vi"] and rejected["file"] in rejected["en"]


def test_report_figures_equal_an_independent_computation(run):
    tree = rosters.load(ROSTER)
    results = month_results(tree, independent_view()[0])
    s = run["summary"]
    assert s["month"] == 3 and s["year"] == 2024
    expected_units = len(tree) - 1
    received = [u for u, r in results.items() if r.status != "blank"]
    good = [u for u, r in results.items() if r.four_good]
    assert s["summary"]["expected"] == expected_units == 22
    assert s["summary"]["received"] == len(received) == 21
    assert s["summary"]["four_good"] == len(good)
    assert s["summary"]["four_good_percent"] == engine.excel_round(100 * len(good) / 22, 2)
    by_unit = {u["unit"]: u for u in s["units"]}
    for unit_id, result in results.items():
        assert by_unit[unit_id]["four_good"] == result.four_good, unit_id
        assert by_unit[unit_id]["total"] == pytest.approx(result.total), unit_id
    wb = openpyxl.load_workbook(run["out"] / "bao-cao.xlsx")
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(min_row=8, values_only=True)
               if row[0]}
    assert summary["Số đơn vị phải nộp"] == 22
    assert summary["Số đơn vị đã nộp"] == 21
    assert summary["Số đơn vị đạt «Bốn tốt» tháng 3"] == len(good)
    assert summary["Số tệp bị từ chối"] == 4


def test_tampered_result_is_flagged_with_its_cell(run):
    unit = next(u for u in run["summary"]["units"] if u["unit"] == "cb-kim-tan-tdp-5")
    differs = [w for w in unit["warnings"] if w["code"] == "warn_differs"]
    assert len(differs) == 1  # March's total was typed over its formula (its result was right)
    assert "trang «Kết quả», ô F12: sổ ghi «100», tính lại được «93,1»" in differs[0]["vi"]
    others = [u for u in run["summary"]["units"] if u["unit"] != "cb-kim-tan-tdp-5"]
    assert not any(w["code"] == "warn_differs" for u in others for w in u["warnings"])


def test_resubmission_wins_and_both_stay_in_the_ledger(run):
    db = sqlite3.connect(run["out"] / "bao-cao.sqlite")
    rows = db.execute("SELECT source, current FROM submissions WHERE unit = ? ORDER BY sent_at",
                      ("cb-toa-an-thanh-pho",)).fetchall()
    assert [(Path(s.split(" › ")[0]).name, c) for s, c in rows] == [
        ("2024-04-05_cb-toa-an-thanh-pho-lan-1.eml", 0), ("2024-04-08_cb-toa-an-thanh-pho.eml", 1)]
    unit = next(u for u in run["summary"]["units"] if u["unit"] == "cb-toa-an-thanh-pho")
    assert unit["four_good"] is True  # the first workbook had March wrong


def test_missing_and_late_units(run):
    s = run["summary"]
    assert [(m["unit"], m["email"]) for m in s["missing_units"]] == [
        ("cb-y-te-khoa-noi", "cb-y-te-khoa-noi@lao-cai.example")]
    late = next(u for u in s["units"] if u["unit"] == "cb-thpt-so-1")
    assert late["received"] and not late["on_time"]
    assert s["summary"]["on_time"] == 20
    committee = next(u for u in s["units"] if u["unit"] == "dbcs-y-te")
    assert committee["four_good"] is False and "c5" in committee["failed"]
    wb = openpyxl.load_workbook(run["out"] / "bao-cao.xlsx")
    missing = [r for r in wb["Chưa nộp"].iter_rows(min_row=8, values_only=True) if r[0]]
    assert missing == [(1, "cb-y-te-khoa-noi", "Chi bộ Khoa Nội tổng hợp", "Đảng bộ Y tế",
                        "cb-y-te-khoa-noi@lao-cai.example", None)]  # it sent nothing at all


def test_second_run_is_identical_and_inputs_are_untouched(run):
    assert run["second"].stdout == run["first"].stdout
    report_2 = _parts(run["out"] / "bao-cao.xlsx")
    assert sorted(report_2) == sorted(run["report_1"])
    changed = [n for n in report_2 if report_2[n] != run["report_1"][n]]
    assert changed in ([], ["docProps/core.xml"])  # only the time it was written
    assert (run["out"] / "tom-tat.json").read_text(encoding="utf-8") == run["json_1"]
    rows = sqlite3.connect(run["out"] / "bao-cao.sqlite").execute(
        "SELECT COUNT(*) FROM submissions").fetchone()[0]
    assert rows == run["rows_1"] == 26
    assert tree_hashes(INBOX) == run["before"]


def test_one_line_summary_then_each_rejected_file_and_warning(run):
    lines = run["first"].stdout.strip().splitlines()
    [done] = [n for n, line in enumerate(lines) if line.startswith("Xong:")]
    assert lines[done].startswith("Xong: 26 tệp, 22 nhận, 4 từ chối; 21/22 đơn vị đã nộp "
                                  "tháng 3/2024")
    after = lines[done + 1:]
    rejected = [r["file"] for r in run["summary"]["rejected"]]
    assert [line.split(": ")[0] for line in after[:4]] == [f"  ✗ {f}" for f in rejected]
    tampered = next(line for line in after if "cb-kim-tan-tdp-5.xlsx" in line)
    assert tampered.startswith("  ! ") and "khác kết quả tính lại" in tampered
    assert after == after[:4] + [tampered]  # only what the sample means to teach
    assert all(line.count(".xlsx:") + line.count(".eml:") <= 1 for line in after)  # named once
    for python_words in ("zip file", "Error", "Exception", "{"):  # words for officers only
        assert python_words not in run["first"].stdout, python_words
    s = run["summary"]
    for key in ("files_found", "accepted", "rejected", "summary", "units", "trend",
                "weak_criteria", "missing_units", "recognition", "quota"):
        assert key in s
    assert [t["received"] for t in s["trend"][:4]] == [21, 21, 21, None]
    assert any(not q["ok"] for q in s["quota"])


def test_report_has_native_charts_and_prints_on_a4(run, libreoffice, tmp_path):
    """Printed, every page's party header keeps its two blocks apart, however narrow the
    table; each chart, in the document's font, has a page of its own after its table."""
    path = run["out"] / "bao-cao.xlsx"
    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(n) for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    assert all(b'<txPr><a:bodyPr /><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Times '
               b'New Roman" />' in chart for chart in charts)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        party = next(c.column for c in ws[1] if c.value == "ĐẢNG CỘNG SẢN VIỆT NAM")
        end = next((m.max_col for m in ws.merged_cells.ranges
                    if m.min_row == 1 and m.min_col == party), party)
        widths = [sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
                      for c in range(first, last)) for first, last in ((1, party),
                                                                       (party, end + 1))]
        assert min(widths) >= 40, (ws.title, widths)  # each block room for its words
        table_end = int(re.sub(r"^.*:[A-Z]+", "", next(iter(ws.tables.values())).ref))
        for chart in ws._charts:
            assert chart.anchor._from.row >= table_end  # below the table, not beside it
            size = chart.anchor.ext  # EMU: 360,000 a centimetre
            assert chart.anchor._from.col == 0 and size.width >= 20 * 360000 \
                and size.height >= 10 * 360000
            assert [b.id for b in ws.row_breaks.brk] == [table_end]
    (pdf,) = libreoffice.convert([path], tmp_path, "pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True).stdout.split("\f")
    for page in pages:
        line = next((line for line in page.splitlines() if "ĐẢNG CỘNG SẢN VIỆT NAM" in line), "")
        if "LÀO CAI" in line:
            gap = line.split("LÀO CAI")[1].split("ĐẢNG CỘNG SẢN")[0]
            assert len(gap) >= 20, line  # the two blocks well apart
    assert render.to_png([pdf], tmp_path / "png")


def test_text_from_received_files_is_never_a_formula(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "=HYPERLINK(1).xlsx").write_bytes(b"not a workbook")
    (inbox / "+1+2.xlsx").write_bytes(b"PK\x03\x04broken")
    report = tmp_path / "r.xlsx"
    result = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o", str(report))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(report) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist()
                          if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets
    wb = openpyxl.load_workbook(report)
    files = [c.value for c in wb["Bị từ chối"]["B"][7:9]]
    assert sorted(files) == ["+1+2.xlsx", "=HYPERLINK(1).xlsx"]


def test_into_fills_a_committee_workbook_without_losing_parts(run, tmp_path):
    committee = tmp_path / "kim-tan.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dbcs-phuong-kim-tan", "--year",
                   "2024", "-o", str(committee),  # made earlier than --into writes it
                   env={"SOURCE_DATE_EPOCH": "1727740800"}).returncode == 0
    before = {n: d for n, d in _parts(committee).items()}
    result = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                     str(tmp_path / "r.xlsx"), "--into", str(committee))
    assert result.returncode == 0, result.stderr
    after = _parts(committee)
    assert sorted(after) == sorted(before)
    sheets = namedcells.sheet_parts(zipfile.ZipFile(committee))
    assert sorted(n for n in before if before[n] != after[n]) == sorted(  # the two lists, and
        [sheets["Chi bộ trực thuộc"], sheets["Thẩm định, quyết định"], "xl/workbook.xml",
         "docProps/core.xml"])  # the time it was written
    areas = [re.compile(rb'(?<=<definedName name="_xlnm.Print_Area" localSheetId="\d">)'
                        rb"'Chi b[^<]*\$(\d+)<"), re.compile(rb"\$\d+</definedName>")]
    assert areas[0].search(after["xl/workbook.xml"])[1] == b"9"  # its 2 cells are printed
    assert areas[1].sub(b"", before["xl/workbook.xml"]) == \
        areas[1].sub(b"", after["xl/workbook.xml"])  # only a print area's last row
    named = namedcells.read(committee)
    assert named["FG_SUB_ID"][:2] == ["cb-kim-tan-tdp-1", "cb-kim-tan-tdp-5"]
    assert named["FG_DEC_UNIT"][:5] == ["cb-kim-tan-tdp-1"] * 4 + ["cb-kim-tan-tdp-5"]
    assert named["FG_DEC_PERIOD"][:4] == ["Quý I", "Quý II", "Quý III", "Cả năm"]
    assert named["FG_SUB_STATUS"][0][:3] == ["Đạt", "Đạt", "Đạt"]
    assert named["FG_SUB_STATUS"][0][3:] == [None] * 9


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


@pytest.mark.parametrize("data, code", [
    (b"%PDF-1.7 not a workbook", "not_a_workbook"),
    (reader.OLE_MAGIC + b"\x00" * 600, "not_a_workbook"),
    (b"PK\x03\x04truncated", "corrupt"),
])
def test_bytes_are_sniffed_before_parsing(data, code):
    with pytest.raises(reader.Rejected) as caught:
        reader.check_bytes(data, "x.xlsx")
    assert caught.value.code == code


def test_zip_bomb_and_oversized_files_are_refused(tmp_path):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(reader.Rejected) as caught:
        reader.check_bytes(bomb.getvalue(), "bomb.xlsx")
    assert caught.value.code == "zip_bomb"
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\x00" * (reader.LIMITS.max_bytes + 1))
    found = reader.walk([big])
    with pytest.raises(reader.Rejected) as caught:
        reader.sources(found.entries[0])
    assert caught.value.code == "too_large"
    assert "tối đa 20 MB" in caught.value.message.vi


def test_missing_inbox_is_an_error(tmp_path):
    result = run_cli("consolidate", str(tmp_path / "khong-co"), "--roster", str(ROSTER), "-o",
                     str(tmp_path / "r.xlsx"))
    assert result.returncode == 1
    assert "Không tìm thấy thư mục hoặc tệp" in result.stderr


def test_outlook_msg_attachments_are_read_with_their_provenance(tmp_path):
    from datetime import datetime, timezone

    from cfb import message

    workbook = tmp_path / "so.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "cb-y-te-khoa-noi", "--year", "2024",
                   "-o", str(workbook)).returncode == 0
    values = sample_year(tmp_path)
    assert run_cli("fill", str(workbook), "--values", str(values), "-o",
                   str(workbook)).returncode == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sent = datetime(2024, 4, 6, 8, 30, tzinfo=timezone.utc)
    (inbox / "bao-cao.msg").write_bytes(message(
        "cb-y-te-khoa-noi@lao-cai.example", "Báo cáo tự đánh giá", sent,
        [("cb-y-te-khoa-noi.xlsx", workbook.read_bytes()), ("ghi-chu.txt", b"xin chao")]))
    report = tmp_path / "r.xlsx"
    result = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o", str(report),
                     "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert summary["files_found"] == 1 and summary["rejected"] == []
    assert summary["accepted"][0]["file"] == "bao-cao.msg › cb-y-te-khoa-noi.xlsx"
    row = sqlite3.connect(tmp_path / "r.sqlite").execute(
        "SELECT sender, sent_at, unit, status FROM submissions").fetchone()
    assert row == ("cb-y-te-khoa-noi@lao-cai.example", "2024-04-06T08:30:00Z",
                   "cb-y-te-khoa-noi", "accepted")


def test_outputs_are_checked_before_the_inbox_is_read_and_written_all_or_none(tmp_path):
    """An output that cannot be written stops the run before any file is read, and leaves
    no report, summary or ledger behind: nothing half-written."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cases = {"report under a file": ["-o", str(blocker / "bao-cao.xlsx")],
             "summary is a folder": ["-o", str(tmp_path / "out" / "bao-cao.xlsx"),
                                     "--json", str(tmp_path)],
             "ledger under a file": ["-o", str(tmp_path / "out" / "bao-cao.xlsx"),
                                     "--ledger", str(blocker / "so-cai.sqlite")]}
    for case, args in cases.items():
        done = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), *args)
        assert done.returncode == 1, (case, done.stderr)
        assert "Traceback" not in done.stderr and "Chưa tệp nào được ghi" in done.stderr \
            or "là một thư mục" in done.stderr, (case, done.stderr)
        left = [p.name for p in (tmp_path / "out").glob("*")] if (tmp_path / "out").exists() \
            else []
        assert left == [], (case, left)


def test_an_english_workbook_saved_by_a_spreadsheet_is_not_flagged(libreoffice, tmp_path):
    templates_dir = tmp_path / "en"
    assert run_cli("--lang", "en", "templates", "build", "-o", str(templates_dir)).returncode == 0
    workbook = tmp_path / "so.xlsx"
    assert run_cli("--lang", "en", "new", "--roster", str(ROSTER), "--unit", "cb-thpt-so-1",
                   "--year", "2024", "--templates", str(templates_dir), "-o",
                   str(workbook)).returncode == 0
    values = sample_year(tmp_path)
    assert run_cli("fill", str(workbook), "--values", str(values), "-o",
                   str(workbook)).returncode == 0
    (saved,) = libreoffice.convert([workbook], tmp_path / "inbox")
    assert namedcells.read(saved)["FG_R_result"][0] == "Met"  # cached by the spreadsheet
    result = run_cli("consolidate", str(tmp_path / "inbox"), "--roster", str(ROSTER), "-o",
                     str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert summary["accepted"][0]["warnings"] == []


def test_into_fills_the_consolidation_workbook_completely(run, tmp_path):
    """Every unit row of ``tong-hop`` is rewritten (rows left from an earlier list are
    cleared), each unit with its quota group under its own parent."""
    city = tmp_path / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dang-bo-thanh-pho-lao-cai",
                   "--year", "2024", "-o", str(city)).returncode == 0
    stale = tmp_path / "stale.xlsx"
    namedcells.write(city, {"FG_SUB_ID": {30: "cu"}, "FG_SUB_TYPE": {30: "chi-bo"},
                            "FG_SUB_GROUP": {30: "x/chi-bo"}}, stale)
    result = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                     str(tmp_path / "r.xlsx"), "--into", str(stale))
    assert result.returncode == 0, result.stderr
    assert "22 đơn vị" in result.stdout
    named = namedcells.read(stale)
    ids = [i for i in named["FG_SUB_ID"] if i]
    assert len(ids) == 22 and "cu" not in ids
    assert named["FG_SUB_TYPE"][30] is None and named["FG_SUB_GROUP"][30] is None
    groups = dict(zip(named["FG_SUB_ID"], named["FG_SUB_GROUP"]))
    assert groups["cb-kim-tan-tdp-1"] == "Chi bộ — Đảng bộ phường Kim Tân"
    assert groups["cb-y-te-khoa-noi"] == "Chi bộ — Đảng bộ Y tế"
    assert groups["dbcs-y-te"] == "Sự nghiệp"  # directly under the workbook's own unit
    assert set(groups.values()) - {None} <= set(named["FG_QUOTA_GROUP"])


def test_the_city_workbook_filled_into_prints_titles_figures_and_no_empty_rows(libreoffice,
                                                                                tmp_path):
    """The city's workbook after ``--into`` (January–March), printed by LibreOffice: types and
    quota groups by their titles, long names wrapped on rows tall enough, only the rows of
    the units and groups listed, months not yet reached blank rather than 0, shares with
    their % sign, no allowance before any unit is rated, quota headers on two lines."""
    from fourgood.templates.style import text_height

    city = tmp_path / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dang-bo-thanh-pho-lao-cai",
                   "--year", "2024", "-o", str(city)).returncode == 0
    fresh = shutil.copy(city, tmp_path / "fresh.xlsx")  # its units listed, none rated yet
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--into", str(city)).returncode == 0
    wb = openpyxl.load_workbook(city)
    units, results = wb["Đơn vị trực thuộc"], wb["Kết quả"]
    assert units.print_area.endswith("$T$29")  # the header, then the 22 units
    named = namedcells.read(city)
    assert set(named["FG_SUB_TYPE"]) == {"Chi bộ", "Đảng bộ cơ sở", None}
    assert not [g for g in named["FG_SUB_GROUP"] + named["FG_QUOTA_GROUP"] if g and "/" in g]
    for row in units.iter_rows(min_row=8, max_row=29, min_col=3, max_col=5):
        for cell in (row[0], row[2]):  # name, group
            assert cell.alignment.wrap_text and units.row_dimensions[cell.row].height >= \
                text_height(cell.value, units.column_dimensions[cell.column_letter].width, 10)
    groups = [g for g in named["FG_QUOTA_GROUP"] if g]
    first = next(c.row for c in results["B"] if c.value == groups[0])
    assert results.print_area.endswith(f"${first + len(groups) - 1}")
    share = next(c.row for c in results["B"] if c.value == "Tỷ lệ đạt (%)")
    assert results[f"D{share}"].number_format.endswith('"%"')
    head = results.row_dimensions[first - 1].height
    assert head <= 30, head  # two lines at most
    pdfs = libreoffice.convert([city, fresh], tmp_path / "pdf", "pdf")
    pages, before = (subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                                    capture_output=True, text=True).stdout.split("\f")
                     for pdf in pdfs)
    listed = next(p for p in pages if "KẾT QUẢ CỦA CÁC ĐƠN VỊ TRỰC THUỘC" in p)
    assert "Chi bộ — Đảng bộ phường Kim Tân" in listed and "Đảng bộ cơ sở" in listed
    for code in ("dang-bo-co-so", "/chi-bo", " chi-bo "):
        assert code not in listed, code
    shown = next(p for p in pages if "KẾT QUẢ TỰ ĐÁNH GIÁ" in p and "Tỷ lệ đạt" in p)
    def figures(label: str) -> list[str]:
        line = next(line for line in shown.splitlines() if line.strip().startswith(label))
        return line.split()[len(label.split()):]

    assert figures("Số đơn vị đã báo cáo") == ["21", "21", "21"]  # January–March only
    assert figures("Số đơn vị đạt «Bốn tốt»")[3:] == []
    assert figures("Tỷ lệ đạt (%)")[2] == "90.91%", figures("Tỷ lệ đạt (%)")
    rated = {g for g, r in zip(named["FG_SUB_GROUP"], named["FG_SUB_RATING"]) if r}
    unrated = next(p for p in before if "KẾT QUẢ TỰ ĐÁNH GIÁ" in p and "Tỷ lệ đạt" in p)
    for page, rated in ((shown, rated), (unrated, set())):  # no figures before a rating
        for group in groups:
            line = next(line.strip() for line in page.splitlines()
                        if line.strip().startswith(group + "  "))
            assert any(ch.isdigit() for ch in line.removeprefix(group)) == (group in rated), \
                line


@pytest.mark.parametrize("unit", ["cb-kim-tan-tdp-1", None])
def test_into_refuses_what_it_cannot_fill(run, tmp_path, unit):
    target = tmp_path / "target.xlsx"
    if unit:
        assert run_cli("new", "--roster", str(ROSTER), "--unit", unit, "--year", "2024",
                       "-o", str(target)).returncode == 0
    else:
        target.write_text("{}", encoding="utf-8")
    before = target.read_bytes()
    report = tmp_path / "r.xlsx"
    result = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o", str(report),
                     "--into", str(target))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("chỉ điền được sổ của đảng bộ cơ sở" if unit else "không phải là sổ") in result.stderr
    assert target.read_bytes() == before and not report.exists()


def test_one_early_file_does_not_move_the_report_month(tmp_path):
    """A unit that filled November while the city reports March: the report stays on the
    month most units have reached, and says which month it chose and how to choose another."""
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    early = tmp_path / "early.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "cb-y-te-khoa-noi", "--year",
                   "2024", "-o", str(early)).returncode == 0
    november = {"periods": {"11": {"values": {"c1.1": 12, "c1.2": 8}}}}
    templates.fill(early, november, inbox / "cb-y-te-khoa-noi-thang-11.xlsx")
    report = tmp_path / "r.xlsx"
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o", str(report),
                   "--json", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["month"] == 3
    assert "Báo cáo tháng 3/2024" in done.stdout and "--month" in done.stdout
    assert "21/22 đơn vị đã nộp tháng 3/2024" in done.stdout
    said = openpyxl.load_workbook(report).worksheets[0]["D8"].value  # in words
    assert said.startswith("Báo cáo tháng 3/2024") and "--month" not in said  # no command line
    asked = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o", str(report),
                    "--month", "11")
    assert "Báo cáo tháng 11/2024 (theo --month)" in asked.stdout


def test_the_city_workbook_checks_the_quota_per_committee_as_the_consolidation_does(
        libreoffice, tmp_path):
    """Two committees' cells (A: 2 excellent + 3 good, B: 5 good) are two quota groups in
    ``tong-hop``, as in the roster and the consolidation: LibreOffice's recalculation of the
    workbook gives each group the consolidation's base, allowed count and verdict."""
    units = [{"id": "city", "name": "Thành ủy", "type": "dang-bo-cap-tren", "parent": None}]
    ratings = {}
    for committee, levels in (("a", ["htxsnv"] * 2 + ["httnv"] * 3), ("b", ["httnv"] * 5)):
        units.append({"id": f"dbcs-{committee}", "name": f"Đảng bộ {committee.upper()}",
                      "type": "dang-bo-co-so", "parent": "city"})
        for n, level in enumerate(levels, 1):
            cell = f"cb-{committee}-{n}"
            units.append({"id": cell, "name": f"Chi bộ {committee.upper()}{n}",
                          "type": "chi-bo", "parent": f"dbcs-{committee}"})
            ratings[cell] = level
    path = tmp_path / "roster.json"
    path.write_text(json.dumps({"id": "thu", "name": "Thử", "year": 2024, "units": units},
                               ensure_ascii=False), encoding="utf-8")
    roster = rosters.load(path)
    ruleset = FWS["xep-loai-366"]
    titles = {lvl["id"]: lvl["title"] for lvl in ruleset["levels"]}
    blank = (("blank", None),) * 12
    current = {cell: Current("-", cell, "chi-bo", blank, level, titles[level])
               for cell, level in ratings.items()}
    outcome = consolidate.Consolidation(2024, 3, roster, "city", 0, None, current)
    groups: dict[str, list[str]] = {}
    for cell, level in ratings.items():  # as the consolidation groups them
        groups.setdefault(roster.quota_title(cell, "city"), []).append(level)
    expected = {key: engine.check_quota(ruleset, levels) for key, levels in groups.items()}
    city = tmp_path / "tong-hop.xlsx"
    templates.new_workbook(roster, "city", 2024, city)
    namedcells.write(city, consolidate.workbook_values(outcome, "city",
                                                       layout.TEMPLATES["tong-hop"], "vi"), city)
    (recalculated,) = libreoffice.convert([city], tmp_path / "lo")
    named = namedcells.read(recalculated)
    shown = {g: (base, allowed, ok) for g, base, allowed, ok in zip(
        named["FG_QUOTA_GROUP"], named["FG_QUOTA_BASE"], named["FG_QUOTA_ALLOWED"],
        named["FG_QUOTA_OK"]) if g and g.startswith("Chi bộ — ")}
    assert set(shown) == set(expected) == {"Chi bộ — Đảng bộ A", "Chi bộ — Đảng bộ B"}
    for group, verdict in expected.items():
        base, allowed, ok = shown[group]
        assert (base, allowed) == (verdict.base, verdict.allowed), group
        assert (ok == "Có") == verdict.ok, (group, ok)
    assert not expected["Chi bộ — Đảng bộ A"].ok and expected["Chi bộ — Đảng bộ B"].ok


def test_the_report_shows_titles_and_reasons_not_codes(run):
    """Officers read the report: no internal codes for rejections, unit types or groups."""
    wb = openpyxl.load_workbook(run["out"] / "bao-cao.xlsx")
    words = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]
    for code in ("not_a_template", "corrupt", "wrong_year", "chi-bo", "dang-bo-co-so"):
        assert not any(w == code for w in words), code
    rejected = [r for r in run["summary"]["rejected"]]
    text_cells = " ".join(words)
    for r in rejected:
        assert r["vi"].removeprefix(f"{r['file']}: ") in text_cells


def test_the_report_prints_even_rows_and_group_titles(run):
    """«Đơn vị» rows are two lines high (taller only where a text needs it), not 15, 30 and
    45 points by turns; «Tỷ lệ xếp loại» names quota groups by their titles."""
    wb = openpyxl.load_workbook(run["out"] / "bao-cao.xlsx")
    units = wb["Đơn vị"]
    heights = [units.row_dimensions[r].height for r in range(8, units.max_row + 1)]
    assert min(heights) >= 27 and heights.count(min(heights)) > len(heights) / 2, heights
    quota = wb["Tỷ lệ xếp loại"]
    groups = {row[1] for row in quota.iter_rows(min_row=8, values_only=True) if row[1]}
    assert groups and not [g for g in groups if re.fullmatch(r"[a-z0-9/-]+", g)], groups
    assert "Xã, phường" in groups and "Chi bộ" in groups


def test_every_report_sheet_is_one_table_a_data_person_can_load(run):
    """Below the party-document header, each sheet holds one Excel table (a ListObject) with
    a header row at row 7: pandas reads typed columns with ``header=6``."""
    import pandas as pd

    path = run["out"] / "bao-cao.xlsx"
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        [(name, ref)] = ws.tables.items()
        assert ref.startswith("A7:"), (ws.title, ref)
    sheets = pd.read_excel(path, sheet_name=None, header=6, engine="openpyxl")
    assert set(sheets) == set(wb.sheetnames)
    for title, frame in sheets.items():
        assert not any(str(c).startswith("Unnamed") for c in frame.columns), title
    units, files = sheets["Đơn vị"], sheets["Tệp đã nhận"]
    assert units["Tổng điểm (chi bộ)"].dtype.kind == "f"
    assert units["Số tiêu chí đạt (đảng bộ)"].dtype.kind == "f"
    cells = units[units["Loại đơn vị"] == "Chi bộ"]
    assert cells["Số tiêu chí đạt (đảng bộ)"].isna().all()
    assert files["Ngày nhận"].dtype.kind == "M"  # dates, not text
    assert sheets["Theo tháng"]["Tháng"].tolist() == list(range(1, 13))
    summary = sheets["Tổng hợp"].set_index("Chỉ tiêu")  # one typed column per kind of figure
    assert summary["Số liệu"].dtype.kind == "f" and summary["Ngày"].dtype.kind == "M"
    assert summary.loc["Số đơn vị phải nộp", "Số liệu"] == 22
    assert summary.loc["Hạn nộp", "Ngày"].month == 4  # March's reports, due in April
    assert summary["Diễn giải"].dropna().map(type).eq(str).all()
    assert len(sheets["Đơn vị"]) == 22 and len(sheets["Bị từ chối"]) == 4


def _replace_attachment(message: Path, values: dict, tmp: Path) -> None:
    """Change named inputs of the workbook an e-mail carries, headers kept."""
    mail = email.message_from_bytes(message.read_bytes(), policy=email.policy.default)
    part = next(mail.iter_attachments())
    (tmp / "in.xlsx").write_bytes(part.get_content())
    namedcells.write(tmp / "in.xlsx", values, tmp / "out.xlsx")
    part.set_content((tmp / "out.xlsx").read_bytes(), maintype="application",
                     subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     filename=part.get_filename())
    message.write_bytes(bytes(mail))


@pytest.mark.slow
def test_a_rerun_reads_only_what_changed_and_equals_a_run_from_scratch(tmp_path):
    """Files the ledger holds are not read again; a changed cell's workbook is, and its
    committee's criterion 5 follows it: the figures equal a run on a new ledger. Another
    roster reads everything again."""
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    tree = rosters.load(ROSTER)

    def consolidated(ledger: Path, roster=tree) -> tuple[dict, list[int]]:
        read: list[int] = []
        with consolidate.consolidate([inbox], roster, ledger, workers=1,
                                     progress=lambda done, total: read.append(total)) as result:
            figures = consolidate.figures(result)
            return json.loads(json.dumps(figures, default=list)), read  # the streams read

    first, read = consolidated(tmp_path / "ledger.sqlite")
    assert len(read) == 25  # every entry but the one refused on sight
    again, read = consolidated(tmp_path / "ledger.sqlite")
    assert read == [] and again == first

    cell = "cb-kim-tan-tdp-1"  # March no longer Four-good: criterion 2.2 at 1.5 points
    _replace_attachment(inbox / "thu-den" / f"2024-04-07_{cell}.eml", {"FG_M_c2_2": {2: 1.5}},
                        tmp_path)
    changed, read = consolidated(tmp_path / "ledger.sqlite")
    assert read == [1]
    scratch, _ = consolidated(tmp_path / "new.sqlite")
    assert changed == scratch != first
    units = {u["unit"]: u for u in changed["units"]}
    assert units[cell]["four_good"] is False
    ledger = consolidate.Ledger(tmp_path / "ledger.sqlite")
    now = ledger.current(2024)["dbcs-phuong-kim-tan"]
    assert ledger.summary(now.sha256, now.source)["criterion5"]["3"] == engine.subordinate_share(
        [units[c.id]["four_good"] for c in tree.children("dbcs-phuong-kim-tan")])

    other = json.loads(ROSTER.read_text(encoding="utf-8"))
    other["units"][1]["email"] = "van-phong@kim-tan.example"
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    _, read = consolidated(tmp_path / "ledger.sqlite", rosters.load(roster))
    assert len(read) == 25
