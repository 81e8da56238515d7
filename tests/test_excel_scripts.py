"""The Excel scripts (macros_py) run through xlwings' remote engine on real workbooks made
by ``new`` + ``fill`` and recalculated by LibreOffice: the actions they ask of Excel are
allowed on the protected sheets, and applied to a copy they leave the engine's results,
notes on bad cells and a stamp whose native check LibreOffice evaluates."""
from __future__ import annotations

import random
import re
import shutil
import zipfile
from datetime import datetime

import openpyxl
import pytest

import xlharness
from fourgood import assess, layout, namedcells, templates
from fourgood import framework as fw
from fourgood.messages import text
from macros_py import scripts
from conftest import ROOT, recomputed, run_cli
from test_templates_parity import document

ROSTER = ROOT / "samples" / "roster-lao-cai-2024.json"
INBOX = ROOT / "samples" / "inbox-lao-cai-2024"

FWS = fw.shipped()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(scripts, "now", lambda: datetime(2024, 4, 2, 9, 30))


def test_classify_equals_the_engine_and_is_repeatable(workbooks, built_templates):
    for template_id, _, path in workbooks:
        loaded = xlharness.Loaded(path)
        actions = xlharness.run(scripts.classify, loaded)
        assert xlharness.run(scripts.classify, loaded) == actions, path.name
        # raises if Excel would refuse an action
        got, _, _ = xlharness.outcome(path, actions, built_templates[template_id])
        want = recomputed(template_id, namedcells.read(path))
        months = [want.months[str(m)] for m in range(1, 13)]
        assert got["FG_PY_total"] == [None if r.status == "blank" else pytest.approx(r.total)
                                      for r in months], path.name
        assert got["FG_PY_result"] == [assess.month_word(r, "vi") for r in months], path.name
        assert got["FG_PY_recognized"] == text("label_recognized" if want.year.recognized
                                               else "label_not_recognized")
        keys = layout.PERIODS  # quarters I–III and the year
        assert got["FG_PY_quarter_total"] == [
            None if (t := assess.quarter_total(want.rated, k)) is None else pytest.approx(t)
            for k in keys], path.name
        assert got["FG_PY_quarter_level"] == [assess.quarter_word(FWS, want.rated, k, "vi")
                                              for k in keys], path.name
        assert got["FG_PY_checksum"] == pytest.approx(namedcells.read(path)["FG_C_checksum"])
        assert "fourgood" in got["FG_PY_stamp"] and "2024-04-02 09:30" in got["FG_PY_stamp"]
        quarters = list(want.rated.quarters.values()) if want.rated else []
        errors = [e for r in months + [want.rating] + quarters if r is not None
                  and r.status == "incomplete" for e in r.errors]
        errors += want.rated.errors if want.rated else []
        if not errors:
            assert got["FG_PY_check"] == text("xl_no_errors"), path.name


def test_invalid_cells_get_a_note_that_goes_once_corrected(soffice, tmp_path):
    template = templates.build_all(tmp_path / "t")[0]
    spec = layout.TEMPLATES["chi-bo"]
    doc = {"periods": {"3": {"values": {"c1.1": "abc", "c1.2": 99}}}}
    bad = tmp_path / "bad.xlsx"
    namedcells.write(template, layout.document_to_names(spec, FWS, doc), bad)
    actions = xlharness.run(scripts.classify, bad)
    noted = tmp_path / "noted.xlsx"
    alerts = xlharness.apply(bad, actions, noted)
    notes = xlharness.notes(noted)
    with zipfile.ZipFile(bad) as archive:
        t3 = namedcells.defined_names(archive)["FG_M_c1_1"].cells()[2]  # item 1.1, month 3
    assert any("«abc»" in n and "tháng 3" in n for n in notes.values()), notes
    assert any("99" in n for n in notes.values()), notes
    assert "«abc»" in notes[("Tự đánh giá", t3)]
    assert "ô cần sửa" in alerts[0]
    # corrected: the notes go away on the next Classify
    fixed = tmp_path / "fixed.xlsx"
    namedcells.write(noted, {"FG_M_c1_1": {2: 10}, "FG_M_c1_2": {2: 5}}, fixed)
    xlharness.apply(fixed, xlharness.run(scripts.classify, fixed), tmp_path / "clean.xlsx")
    left = xlharness.notes(tmp_path / "clean.xlsx")
    assert ("Tự đánh giá", t3) not in left
    assert left and all("chưa nhập" in n for n in left.values())  # the month's other items


def test_stale_results_are_shown_by_a_native_formula(libreoffice, tmp_path):
    template = templates.build_all(tmp_path / "t")[0]
    spec = layout.TEMPLATES["chi-bo"]
    doc = document("chi-bo", random.Random(7))
    filled = tmp_path / "filled.xlsx"
    namedcells.write(template, layout.document_to_names(spec, FWS, doc), filled)
    [recalculated] = libreoffice.convert([filled], tmp_path / "r1")
    stamped = tmp_path / "stamped.xlsx"
    xlharness.apply(recalculated, xlharness.run(scripts.classify, recalculated), stamped)
    original = namedcells.read(filled)["FG_M_c1_1"][0]
    changed, back = tmp_path / "changed.xlsx", tmp_path / "back.xlsx"
    namedcells.write(stamped, {"FG_M_c1_1": {0: 1.5 if original != 1.5 else 2}}, changed)
    namedcells.write(changed, {"FG_M_c1_1": {0: original}}, back)
    checked = libreoffice.convert([stamped, changed, back], tmp_path / "r2")
    states = [namedcells.read(p)["FG_PY_stale"] for p in checked]
    assert states == [text("tpl_py_current"), text("tpl_py_stale"), text("tpl_py_current")]
    # a template never classified says nothing
    [blank] = libreoffice.convert([template], tmp_path / "r3")
    assert namedcells.read(blank)["FG_PY_stale"] is None


def test_check_reports_a_result_overwritten_by_hand(workbooks, tmp_path):
    _, _, path = next(w for w in workbooks if w[0] == "chi-bo"
                      and namedcells.read(w[2])["FG_R_total"][2] is not None)
    tampered = tmp_path / "tampered.xlsx"
    namedcells.write(path, {"FG_R_total": {2: 100}}, tampered)
    actions = xlharness.run(scripts.check, tampered)
    alerts = xlharness.apply(tampered, actions, tmp_path / "checked.xlsx")
    assert "«Kết quả» F" in alerts[0] and "sổ ghi 100" in alerts[0]
    assert not any(a["func"] == "setValues" and a["start_column"] == 3 and
                   "fourgood 0.1" in str(a["values"]) for a in actions)  # no stamp


def test_a_workbook_that_is_not_fourgood_is_refused(tmp_path):
    import openpyxl

    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 5
    wb.save(other)
    actions = xlharness.run(scripts.classify, other)
    assert [a["func"] for a in actions] == ["alert"]
    assert "không phải sổ tự đánh giá" in actions[0]["args"][0]
    assert actions[0]["args"][3] == "critical"


def test_classify_refuses_the_consolidation_workbook(tmp_path):
    tong_hop = templates.build_all(tmp_path / "t")[2]
    actions = xlharness.run(scripts.classify, tong_hop)
    assert [a["func"] for a in actions] == ["alert"]
    assert "tong-hop.xlsx" in actions[0]["args"][0]


@pytest.mark.parametrize("unit", ["dbcs-phuong-kim-tan", pytest.param(
    "dang-bo-thanh-pho-lao-cai", marks=pytest.mark.slow)])
def test_consolidate_fills_the_workbook_as_the_command_does(unit, tmp_path):
    """A committee's workbook and the consolidation workbook, consolidated from the sample
    inbox by the button, hold what ``consolidate --into`` writes from the roster: the
    workbook's own list of units is enough."""
    workbook = tmp_path / "office" / "own.xlsx"
    shutil.copytree(INBOX, workbook.parent / scripts.INBOX)  # received, beside the workbook
    assert run_cli("new", "--roster", str(ROSTER), "--unit", unit, "--year", "2024",
                   "-o", str(workbook)).returncode == 0
    by_command = tmp_path / "by-command.xlsx"
    shutil.copy(workbook, by_command)
    done = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "report.xlsx"), "--into", str(by_command))
    assert done.returncode == 0, done.stderr
    press = lambda book: scripts.consolidate_folder(book, workbook.parent)  # noqa: E731
    actions = xlharness.run(press, workbook)
    assert xlharness.run(press, workbook) == actions  # the ledger beside it: nothing new
    applied = tmp_path / "applied.xlsx"
    alerts = xlharness.apply(workbook, actions, applied)
    got, want = namedcells.read(applied), namedcells.read(by_command)
    keys = [k for k in want if k.startswith(("FG_SUB_", "FG_QUOTA_GROUP", "FG_QUOTA_OUTSTANDING"))]
    assert keys and all(got[k] == want[k] for k in keys), [k for k in keys if got[k] != want[k]]
    assert any(row and "Đạt" in row for row in got["FG_SUB_STATUS"])
    files = openpyxl.load_workbook(applied)[text("xl_files_sheet")]
    listed = [row for row in files.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(listed) == int(re.search(r"Đã đọc (\d+) tệp", alerts[0])[1])
    assert any(row[1] == text("xl_rejected") and row[3] for row in listed)
    # readable: a bold header, the file names whole, the reasons wrapped in a wide column
    assert files["A1"].font.bold and files[f"D{len(listed) + 1}"].alignment.wrap_text
    assert files.column_dimensions["A"].width >= min(60, max(len(row[0]) for row in listed))
    assert files.column_dimensions["D"].width >= 80
    assert not any(row[3].startswith(row[0]) for row in listed if row[3])  # said once
    assert "\n- " in alerts[0] and "không phải sổ «Bốn tốt»" in alerts[0]


def test_main_dispatches_on_the_kind_of_workbook(tmp_path):
    committee = tmp_path / "committee.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dbcs-y-te", "--year", "2024",
                   "-o", str(committee)).returncode == 0
    alerts = [a["args"][0] for a in xlharness.run(scripts.main, committee)
              if a["func"] == "alert"]
    # not saved in a folder (as in the tests): says so, then classifies
    assert "cần thư mục «da-nhan» bên cạnh sổ này" in alerts[0] and "Đã xếp loại" in alerts[1]
