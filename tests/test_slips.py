"""The slips a new user makes — swapped arguments, a file of the wrong kind, a workbook
without a year — each answered in words that say what the file is and how to put it right,
exit 1, never a Python traceback or a Python word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

SAMPLES = ROOT / "samples"
ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024"
TEMPLATES = ROOT / "templates"


def _refused(result, *words: str) -> str:
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    for word in ("Traceback", "Error:", "None", "AttributeError", "$:"):
        assert word not in text, text
    for word in words:
        assert word in text, text
    return text


@pytest.mark.parametrize("command", [
    ("roster", "check", str(INBOX)),
    ("consolidate", str(ROSTER), "--roster", str(INBOX), "-o", "{tmp}/r.xlsx"),
    ("new", "--roster", str(INBOX), "--all", "--year", "2024", "-o", "{tmp}/so"),
])
def test_a_folder_given_as_roster_is_named_a_folder(tmp_path, command):
    result = run_cli(*(c.format(tmp=tmp_path) for c in command))
    _refused(result, "là một thư mục", "--roster")


def test_roster_json_mistakes_are_said_once_with_roster_advice(tmp_path):
    syntax = tmp_path / "ds.json"
    syntax.write_text('{"id": "x",, }', encoding="utf-8")
    text = _refused(run_cli("roster", "check", str(syntax)), "dòng 1, cột", "docs/roster.md")
    assert text.count("không phải JSON hợp lệ") == 1 and "framework" not in text

    workbook = tmp_path / "ds-excel.json"
    workbook.write_bytes((TEMPLATES / "chi-bo.xlsx").read_bytes())
    text = _refused(run_cli("roster", "check", str(workbook)), "sổ Excel", ".xlsx")
    assert "dòng 0" not in text

    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    text = _refused(run_cli("roster", "check", str(listed)), "đối tượng JSON", "docs/roster.md")
    assert "object)" not in text

    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"name": "\xd0\xe0ng b\xf4"}')  # an old code page
    _refused(run_cli("roster", "check", str(latin)), "UTF-8")


def test_a_bad_email_is_described_as_an_email(tmp_path):
    data = json.loads(ROSTER.read_text(encoding="utf-8"))
    data["units"][1]["email"] = "chibo at laocai"
    path = tmp_path / "ds.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = _refused(run_cli("roster", "check", str(path)), "không phải địa chỉ thư điện tử")
    assert "chữ thường không dấu" not in text


def test_fill_without_a_year_never_prints_none(tmp_path):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"periods": {"13": {"values": {}}}}), encoding="utf-8")
    blank = TEMPLATES / "chi-bo.xlsx"
    text = _refused(run_cli("fill", str(blank), "--values", str(values),
                            "-o", str(tmp_path / "out.xlsx")), "«13»", "YYYY-03")
    assert str(blank) in text  # the file the user named, not the template's id


def test_into_a_report_or_a_blank_template_says_what_it_is(tmp_path):
    report = tmp_path / "bao-cao.xlsx"
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER),
                   "-o", str(report)).returncode == 0
    _refused(run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "--into",
                     str(report), "-o", str(tmp_path / "r2.xlsx")),
             "không phải sổ của một đơn vị", "fourgood new")
    _refused(run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "--into",
                     str(TEMPLATES / "dang-bo-co-so.xlsx"), "-o", str(tmp_path / "r3.xlsx")),
             "sổ mẫu chưa gắn đơn vị", "fourgood new")
