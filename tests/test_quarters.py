"""Quarters end to end: the sample's quarters consolidated (the quarter reported and why,
late reports, a veto, the quota of each quarter and the year), workbooks made with the
previous version, bad quarter input in words, and the printed report of a quarter."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SAMPLES, run_cli
from fourgood import assess, engine, framework as fw, layout, namedcells, templates
from fourgood import roster as rosters
from fourgood.reader import stored_document

FWS = fw.shipped()
ROSTER = str(SAMPLES / "roster-lao-cai-2024.json")
QUARTERS = SAMPLES / "inbox-lao-cai-2024-quy"
OLD = ROOT / "tests" / "data"  # workbooks made with template 1.0.0 (xep-loai-366 1.0.0)


@pytest.fixture(scope="module")
def quarters_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("quarters")
    result = run_cli("consolidate", str(QUARTERS), "--roster", ROSTER,
                     "-o", str(out / "bao-cao.xlsx"), "--json", str(out / "bao-cao.json"))
    assert result.returncode == 0, result.stderr
    return {"out": out, "stdout": result.stdout,
            "summary": json.loads((out / "bao-cao.json").read_text(encoding="utf-8"))}


def test_the_latest_quarter_most_units_rated_is_reported_and_said(quarters_run):
    s, lines = quarters_run["summary"], quarters_run["stdout"].splitlines()
    assert (s["quarter"], s["quarter_due"]) == (3, "2024-09-15")
    assert s["quarter_basis"] == {"reached": 21, "units": 21}
    assert lines[1].startswith("Báo cáo quý III năm 2024, quý gần nhất mà ít nhất một nửa")
    assert "21/22 đơn vị đã xếp loại, 20 gửi trước hạn 15/9/2024" in lines[1]
    assert "--quarter N" in lines[1]
    assert s["quarter_summary"]["rated"] == 21 and s["quarter_summary"]["missing"] == 1
    wb = openpyxl.load_workbook(quarters_run["out"] / "bao-cao.xlsx")
    summary = {r[0]: next((v for v in r[1:] if v is not None), None)  # number, date or words
               for r in wb["Tổng hợp"].iter_rows(min_row=8, values_only=True)}
    assert lines[1].startswith(summary["Quý báo cáo"])  # the report has no command line:
    assert "--" not in summary["Quý báo cáo"] + summary["Tháng báo cáo"]  # no «thêm --month N»
    assert summary["Số đơn vị gửi báo cáo quý trước hạn"] == 20


def test_a_quarter_sent_after_its_due_day_is_late_and_earlier_ones_keep_their_day(
        quarters_run):
    units = {u["unit"]: u["quarters"]["periods"] for u in quarters_run["summary"]["units"]}
    late = units["cb-thpt-so-1"]
    assert (late["3"]["received_at"][:10], late["3"]["on_time"]) == ("2024-09-20", False)
    # quarter I is in every later workbook too: it counts from the first that carried it
    assert late["1"]["received_at"][:10] < "2024-03-15" and late["1"]["on_time"]
    assert units["cb-y-te-khoa-noi"]["3"]["status"] == "missing"
    wb = openpyxl.load_workbook(quarters_run["out"] / "bao-cao.xlsx")
    rows = {r[1]: r for r in wb["Quý"].iter_rows(min_row=8, values_only=True) if r[1]}
    assert rows["cb-thpt-so-1"][11] == "Không" and rows["cb-phong-lao-dong-tbxh"][11] == "Có"


def test_a_veto_recorded_in_a_quarter_rates_it_khtnv(quarters_run):
    units = {u["unit"]: u for u in quarters_run["summary"]["units"]}
    q2 = units["cb-pom-han-tdp-8"]["quarters"]["periods"]["2"]
    assert (q2["level"], q2["vetoes"]) == ("khtnv", 1)
    assert q2["indicators"]["dung-han"] == 100  # the conditions it rests on
    import sqlite3 as db

    ledger = db.connect(quarters_run["out"] / "bao-cao.sqlite")
    (gaps,) = ledger.execute("SELECT json_extract(summary, '$.quarter_gaps.\"2\"') FROM "
                             "submissions WHERE unit = 'cb-pom-han-tdp-8' AND current = 1"
                             ).fetchone()
    assert "Nội bộ mất đoàn kết" in gaps


def test_the_report_carries_each_units_quarters_as_the_engine_rates_its_workbook(
        quarters_run):
    import pandas as pd

    path = quarters_run["out"] / "bao-cao.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, header=6, engine="openpyxl")
    overview = sheets["Quý và năm"].set_index("Mã đơn vị")
    db = sqlite3.connect(quarters_run["out"] / "bao-cao.sqlite")
    (record,) = db.execute("SELECT record FROM submissions WHERE unit = 'cb-kim-tan-tdp-1' "
                           "AND current = 1").fetchone()
    doc = stored_document(json.loads(record)["inputs"])
    rated = engine.rate_year(FWS["xep-loai-366"], doc["rating"], doc["quarters"], FWS,
                             strict=True)
    row = overview.loc["cb-kim-tan-tdp-1"]
    for q, name in (("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III")):
        assert row[f"{name}: điểm"] == pytest.approx(rated.quarters[q].total)
        assert row[f"{name}: đề xuất"] == assess.quarter_word(FWS, rated, q, "vi")
    assert row["Cả năm: đề xuất"] == "Chưa tự đánh giá"  # the year is rated at its end
    assert len(sheets["Quý"]) == len(overview) == 22


def test_the_quota_is_checked_per_group_for_each_quarter_and_the_year(quarters_run):
    quota = quarters_run["summary"]["quota"]
    periods = {(q["group"], q["period"]) for q in quota}
    groups = {q["group"] for q in quota}
    assert periods == {(g, p) for g in groups for p in ("1", "2", "3", "year")}
    units = {u["unit"]: u for u in quarters_run["summary"]["units"]}
    tree = rosters.load(ROSTER)
    for q in quota:
        members = [u for u in units.values()
                   if tree.quota_group(u["unit"]) == (q["parent"], q["group"])]
        levels = [u["quarters"]["periods"][q["period"]]["level"] if q["period"] != "year"
                  else u["rating"] for u in members]
        want = engine.check_quota(FWS["xep-loai-366"], levels)
        assert (q["base"], q["count"], q["allowed"], q["ok"]) == (
            want.base, want.count, want.allowed, want.ok), q


@pytest.mark.slow
def test_another_quarter_is_chosen_with_quarter_and_quarter_four_is_refused(tmp_path):
    result = run_cli("consolidate", str(QUARTERS), "--roster", ROSTER, "--quarter", "1",
                     "-o", str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    assert "Báo cáo quý I năm 2024 (theo --quarter): 21/22 đơn vị đã xếp loại, 21 gửi " \
           "trước hạn 15/3/2024." in result.stdout
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["quarter"] == 1
    four = run_cli("consolidate", str(QUARTERS), "--roster", ROSTER, "--quarter", "4",
                   "-o", str(tmp_path / "r4.xlsx"))
    assert four.returncode == 2
    assert "Quý IV không xếp loại riêng" in four.stderr and "Traceback" not in four.stderr
    assert not (tmp_path / "r4.xlsx").exists()
    english = run_cli("--lang", "en", "consolidate", str(SAMPLES / "inbox-lao-cai-2024"),
                      "--roster", ROSTER, "-o", str(tmp_path / "e.xlsx"))
    assert "No unit has assessed a quarter of 2024 yet" in english.stdout


def test_workbooks_of_the_previous_version_are_read_as_before_and_named(tmp_path):
    """A workbook made from template 1.0.0 (no quarter sheet, xep-loai-366 1.0.0) is
    consolidated: its months and its year are read as that version reads them, and it is
    named as made with the older version."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = OLD / "cb-phong-lao-dong-tbxh-mau-1.0.0.xlsx"
    shutil.copy(old, inbox / old.name)
    shutil.copy(OLD / "dbcs-xa-cam-duong-mau-1.0.0.xlsx", inbox)
    result = run_cli("consolidate", str(inbox), "--roster", ROSTER, "-o",
                     str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    s = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(s["accepted"]) == 2 and not s["rejected"]
    unit = next(u for u in s["units"] if u["unit"] == "cb-phong-lao-dong-tbxh")
    [older] = [w for w in unit["warnings"] if w["code"] == "warn_template_older"]
    assert "mẫu phiên bản 1.0.0" in older["vi"]
    assert f"xep-loai-366 1.0.0 → {FWS['xep-loai-366']['version']}" in older["vi"]
    named = namedcells.read(old)
    assert "FG_Q_g_1" not in named and named["FG_META_template_version"] == "1.0.0"
    doc = layout.names_to_document(layout.TEMPLATES["chi-bo"], FWS, named)
    before = engine.evaluate(FWS["xep-loai-366"], doc["rating"], FWS, strict=True)  # 1.0.0
    assert unit["rating"] == before.rating is not None
    month = engine.evaluate(FWS["chi-bo-bon-tot"], doc["periods"]["3"], FWS, strict=True)
    assert (unit["status"], unit["total"]) == ("complete", month.total)
    assert all(p["status"] == "blank" for k, p in unit["quarters"]["periods"].items()
               if k != "year")


def _filled(tmp_path: Path, doc: dict, unit: str = "cb-kim-tan-tdp-1") -> Path:
    blank = tmp_path / f"{unit}.xlsx"
    assert run_cli("new", "--roster", ROSTER, "--unit", unit, "--year", "2024",
                   "-o", str(blank)).returncode == 0
    out = tmp_path / "filled" / f"{unit}.xlsx"
    out.parent.mkdir(exist_ok=True)
    templates.fill(blank, doc, out, check=False)
    return out


FORM = {"g.1": 28, "k.1": 64, "dung-han": 100, "vuot": 35, "tre-han": 0, "hoan-thanh": 100,
        "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}


def test_bad_quarter_input_gets_words_never_a_traceback(libreoffice, tmp_path):
    """A quarter typed where the form has none (IV), points over 30 or 70, a level typed
    over its formula, quarters under Regulation 124: each said in words where it is met."""
    values = tmp_path / "v.json"
    blank = tmp_path / "blank.xlsx"
    assert run_cli("new", "--roster", ROSTER, "--unit", "cb-kim-tan-tdp-1", "--year", "2024",
                   "-o", str(blank)).returncode == 0
    cases = [({"quarters": {"4": {"values": FORM}}}, "quý «4» không hợp lệ"),
             ({"quarters": {"1": {"values": {**FORM, "g.1": 31}}}},
              "Quý I: 1.1 «Điểm tiêu chí chung»: 31 nằm ngoài khoảng cho phép 0 đến 30"),
             ({"quarters": {"2": {"values": {**FORM, "k.1": 70.5}}}},
              "Quý II: 2.1 «Điểm kết quả thực hiện nhiệm vụ»: 70,5 nằm ngoài khoảng"),
             ({"rating": {"framework": "xep-loai-124", "values": {}},
               "quarters": {"1": {"values": FORM}}},
              "sổ dùng Quy định 124-QĐ/TW (theo «framework» của phần «rating»), chỉ xếp loại "
              "cả năm, không có quý")]
    for doc, said in cases:
        values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        result = run_cli("fill", str(blank), "--values", str(values), "-o",
                         str(tmp_path / "out.xlsx"))
        assert result.returncode == 1 and said in result.stderr, (said, result.stderr)
        assert "Traceback" not in result.stderr and not (tmp_path / "out.xlsx").exists()
    # in a workbook: typed, recalculated, a level typed over its formula, 124 with quarters
    over = _filled(tmp_path, {"quarters": {"1": {"values": {**FORM, "g.1": 31}}},
                              "rating": {"framework": "xep-loai-366", "values": FORM}})
    yearly = _filled(tmp_path, {"quarters": {"2": {"values": FORM}},
                                "rating": {"framework": "xep-loai-124", "values": FORM}},
                     "cb-kim-tan-tdp-5")
    saved = libreoffice.convert([over, yearly], tmp_path / "saved")
    got = namedcells.read(saved[1])
    assert got["FG_RQ_level"][1] == "Chỉ xếp loại cả năm"
    assert got["FG_RQ_level"][3] == "Hoàn thành xuất sắc nhiệm vụ"
    assert namedcells.read(saved[0])["FG_RQ_level"][0] == "Chưa đủ dữ liệu"
    namedcells.write(saved[0], {"FG_RQ_level": {0: "Hoàn thành xuất sắc nhiệm vụ"}}, saved[0])
    inbox = tmp_path / "saved"
    result = run_cli("consolidate", str(inbox), "--roster", ROSTER, "-o",
                     str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    s = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    warnings = {u["unit"]: " ".join(w["vi"] for w in u["warnings"]) for u in s["units"]}
    assert "trang «Quý và năm», ô D" in warnings["cb-kim-tan-tdp-1"]  # the level typed over
    assert "sổ ghi «Hoàn thành xuất sắc nhiệm vụ», tính lại được «Chưa đủ dữ liệu»" in \
        warnings["cb-kim-tan-tdp-1"]
    assert "Quý I: 1 ô nhập sai hoặc còn thiếu" in warnings["cb-kim-tan-tdp-1"]
    assert "Quý II: Quy định 124-QĐ/TW chỉ xếp loại cả năm" in warnings["cb-kim-tan-tdp-5"]
    assert "Traceback" not in result.stderr + result.stdout


def test_the_printed_report_fits_one_a4_page_with_its_signature(libreoffice, tmp_path):
    """«Báo cáo tự đánh giá» of a quarter and of the year: one A4 portrait page each,
    nothing cut (no ###), the points …/30, …/70, …/100, the level and the signature
    block together."""
    doc = {"info": {"secretary": "Nguyễn Thị Bình"},
           "quarters": {"1": {"values": FORM}, "2": {"values": {**FORM, "k.1": 50}}},
           "rating": {"framework": "xep-loai-366", "values": FORM}}
    path = _filled(tmp_path, doc)
    year = tmp_path / "year.xlsx"
    namedcells.write(path, {"FG_RF_period": "Cả năm"}, year)
    pdfs = libreoffice.convert([path, year], tmp_path / "pdf", "pdf")
    for pdf, period, total in zip(pdfs, ("QUÝ I NĂM 2024", "NĂM 2024"), ("92", "92")):
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
        [page] = [p for p in pages if "TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG " + period in p]
        for words in ("/30 điểm", "/70 điểm", "/100 điểm", "III. TỰ XẾP LOẠI",
                      "Hoàn thành xuất sắc nhiệm vụ", "T/M CHI BỘ", "BÍ THƯ",
                      "Nguyễn Thị Bình", "Nơi nhận:", "Chi bộ tổ dân phố số 1", total):
            assert words in page, (period, words)
        assert "###" not in page
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)],
                              capture_output=True, text=True).stdout
        sizes = [line for line in info.splitlines() if line.startswith("Page") and "size:" in line]
        index = pages.index(page)
        assert "(A4)" in sizes[index]
        width, height = (float(v) for v in sizes[index].split("size:")[1].split("pts")[0]
                         .split(" x "))
        assert height > width  # portrait
    wb = openpyxl.load_workbook(path)
    ws = wb["Báo cáo tự đánh giá"]
    assert ws.page_setup.fitToHeight == 1 and ws.page_setup.orientation == "portrait"
    assert ws.print_area and "$F" not in ws.print_area[0]  # the chooser is not printed


def test_score_rates_quarters_and_the_year_from_a_file(tmp_path):
    path = SAMPLES / "score" / "xep-loai-366.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["quarters"]) == {"1", "2", "3"}
    result = run_cli("score", "--framework", "xep-loai-366", "--input", str(path))
    assert result.returncode == 0, result.stderr
    assert "Quý I:" in result.stdout and "Cả năm:" in result.stdout
    as_json = run_cli("score", "--framework", "xep-loai-366", "--input", str(path), "--json")
    out = json.loads(as_json.stdout)
    rated = engine.rate_year(FWS["xep-loai-366"], data, data["quarters"], FWS)
    assert out["year"]["rating"] == rated.year.rating
    assert [out["quarters"][q]["rating"] for q in "123"] == [
        rated.quarters[q].rating for q in "123"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "quarters": {"4": {"values": {}}}}), encoding="utf-8")
    refused = run_cli("score", "--framework", "xep-loai-366", "--input", str(bad))
    assert refused.returncode == 1 and "quý «4» không hợp lệ" in refused.stderr
