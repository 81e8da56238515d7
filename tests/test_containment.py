"""One received file never costs the run: whatever it holds or does to its worker, it ends
as its own row and every other file is consolidated as before."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from datetime import date

import pytest

from fourgood import namedcells, reader, roster as rosters, templates
from conftest import SAMPLES, run_cli

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024"


def test_a_date_typed_in_a_points_cell_is_that_files_problem_only(tmp_path):
    """«1/3» typed in a points cell becomes a date in Excel: the file is read (its error
    said), the ledger holds it, and the run ends normally with every other file."""
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    blank = templates.new_workbook(rosters.load(ROSTER), "cb-y-te-khoa-noi", 2024,
                                   tmp_path / "so.xlsx")
    namedcells.write(blank, {"FG_M_c1_1": {2: date(2024, 3, 1)}}, inbox / "ngay-thang.xlsx")
    ledger = tmp_path / "r.sqlite"
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"),
                   "--ledger", str(ledger))
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    names = [a["file"] for a in summary["accepted"]] + [r["file"] for r in summary["rejected"]]
    assert "ngay-thang.xlsx" in names and summary["summary"]["received"] >= 21
    stored = sqlite3.connect(ledger).execute(
        "SELECT record FROM submissions WHERE source = 'ngay-thang.xlsx'").fetchone()
    assert stored is not None


def test_no_text_from_the_inputs_becomes_a_formula_in_the_report(tmp_path):
    """A roster's root name that looks like a formula is written as text on every sheet."""
    data = json.loads(ROSTER.read_text(encoding="utf-8"))
    data["units"][0]["name"] = '=HYPERLINK("http://example.invalid","Bấm vào đây")'
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "r.xlsx"
    done = run_cli("consolidate", str(INBOX), "--roster", str(roster), "-o", str(report))
    assert done.returncode == 0, done.stderr
    import openpyxl

    wb = openpyxl.load_workbook(report)
    formulas = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    assert formulas == []
    assert wb.worksheets[0]["A1"].value.startswith("=HYPERLINK")  # shown, as text


def test_the_city_workbook_in_its_own_inbox_is_refused_with_a_reason(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    templates.new_workbook(rosters.load(ROSTER), "dang-bo-thanh-pho-lao-cai", 2024,
                           inbox / "tong-hop-thanh-pho.xlsx")
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    rejected = {r["file"]: r for r in json.loads(
        (tmp_path / "r.json").read_text(encoding="utf-8"))["rejected"]}
    assert rejected["tong-hop-thanh-pho.xlsx"]["code"] == "consolidation_workbook"
    assert "21/22 đơn vị đã nộp tháng 3/2024" in done.stdout


@pytest.mark.slow
def test_two_workbooks_of_one_unit_with_the_same_times_resolve_the_same_way_every_run(tmp_path):
    """Which of two equally dated submissions is current depends on their content, not on
    which worker finished first: the same on every run and every worker count."""
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    blank = templates.new_workbook(rosters.load(ROSTER), "cb-y-te-khoa-noi", 2024,
                                   tmp_path / "so.xlsx")
    for n, points in enumerate((12, 13)):
        copy = inbox / f"z-ban-{n}.xlsx"
        templates.fill(blank, {"periods": {"3": {"values": {"c1.1": points}}}}, copy)
        os.utime(copy, (1_700_000_000, 1_700_000_000))
    chosen = set()
    for run, workers in enumerate(("1", "2", "2", "1", "2")):
        summary = tmp_path / f"r{run}.json"
        done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                       str(tmp_path / f"r{run}.xlsx"), "--json", str(summary), "--workers",
                       workers)
        assert done.returncode == 0, done.stderr
        accepted = json.loads(summary.read_text(encoding="utf-8"))["accepted"]
        chosen.add(tuple(a["file"] for a in accepted
                         if a["unit"] == "cb-y-te-khoa-noi" and a["current"]))
    assert len(chosen) == 1 and len(next(iter(chosen))) == 1, chosen


def test_an_inbox_given_twice_is_read_once(tmp_path):
    once = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "a.xlsx"), "--json", str(tmp_path / "a.json"))
    twice = run_cli("consolidate", str(INBOX), str(INBOX) + "/", "--roster", str(ROSTER), "-o",
                    str(tmp_path / "b.xlsx"), "--json", str(tmp_path / "b.json"))
    assert once.returncode == twice.returncode == 0
    a, b = (json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8")) for n in "ab")
    assert a["files_found"] == b["files_found"] == 26
    assert a["summary"] == b["summary"]


def test_control_characters_in_file_names_never_reach_a_sheet_or_the_terminal(tmp_path):
    """A file name carrying a control character (as zip tools and Excel escapes produce)
    is shown with «�»: the report is written, the file named, every other file kept."""
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    (inbox / "so\x0bhong\x1b[31m.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x0b" not in done.stdout
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "so\ufffdhong\ufffd[31m.xlsx" in [r["file"] for r in summary["rejected"]]
    assert summary["summary"]["received"] == 21


def test_a_file_that_cannot_be_read_is_named_with_the_reason():
    """A file gone or unreadable between the walk and the read (permissions, an I/O error):
    that file rejected in words, not the run."""
    try:
        reader.sources(reader.Entry("thu-den/da-xoa.xlsx", "/khong-co/da-xoa.xlsx", None))
    except reader.Rejected as exc:
        assert exc.code == "unreadable" and "thu-den/da-xoa.xlsx" in exc.message.vi
    else:
        raise AssertionError("a missing file was read")
