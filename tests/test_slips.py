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


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A unit's workbook holding a year of typed values."""
    folder = tmp_path_factory.mktemp("filled")
    book = folder / "so.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "cb-toa-an-thanh-pho", "--year",
                   "2024", "-o", str(book)).returncode == 0
    assert run_cli("fill", str(book), "--values", str(SAMPLES / "score" / "chi-bo-nam-2024.json"),
                   "-o", str(book)).returncode == 0
    return book


CONSOLIDATE = ("consolidate", str(INBOX), "--roster", str(ROSTER))
OVERWRITES = {  # command, the name the mistaken target has there
    "report": ((*CONSOLIDATE, "-o", "{t}"), "so.xlsx"),
    "summary": ((*CONSOLIDATE, "-o", "{d}/r.xlsx", "--json", "{t}"), "tom-tat.json"),
    "ledger": ((*CONSOLIDATE, "-o", "{d}/r.xlsx", "--ledger", "{t}"), "so-cai.sqlite"),
    "framework workbook": (("framework", "export", "chi-bo-bon-tot", "-o", "{t}"), "so.xlsx"),
    "framework file": (("framework", "import", str(TEMPLATES / "chi-bo.xlsx"), "-o", "{t}"),
                       "khung.json"),
    "fill": (("fill", str(TEMPLATES / "chi-bo.xlsx"), "--values", "{d}/v.json", "-o", "{t}"),
             "so.xlsx"),
    "templates": (("templates", "build", "-o", "{d}"), "chi-bo.xlsx"),
}


@pytest.mark.parametrize("case", OVERWRITES)
def test_no_output_replaces_a_filled_workbook_or_a_users_file(tmp_path, filled, case):
    command, name = OVERWRITES[case]
    target = tmp_path / name
    target.write_bytes(filled.read_bytes())  # a filled workbook, whatever its name says
    (tmp_path / "v.json").write_text('{"periods": {}}', encoding="utf-8")
    before = target.read_bytes()
    args = [c.format(t=target, d=tmp_path) for c in command]
    _refused(run_cli(*args), str(target), "không ghi đè" if case == "ledger" else "--force")
    assert target.read_bytes() == before
    if case in ("report", "framework workbook"):  # the user's say-so replaces it
        assert run_cli(*args, "--force").returncode == 0 and target.read_bytes() != before



def test_one_file_named_for_two_outputs_is_refused_before_anything_is_written(tmp_path):
    """The report and the --into workbook given the same name (--force or not): refused,
    never one output written over the other with both announced."""
    book = tmp_path / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dang-bo-thanh-pho-lao-cai",
                   "--year", "2024", "-o", str(book)).returncode == 0
    before = book.read_bytes()
    _refused(run_cli(*CONSOLIDATE, "-o", str(book), "--into", str(book), "--force"),
             "là cùng một tệp")
    assert book.read_bytes() == before and not list(tmp_path.glob("*.sqlite"))

def test_new_keeps_a_filled_workbook(tmp_path, filled):
    target = tmp_path / "so.xlsx"
    target.write_bytes(filled.read_bytes())
    done = run_cli("new", "--roster", str(ROSTER), "--unit", "cb-toa-an-thanh-pho", "--year",
                   "2024", "-o", str(target))
    assert done.returncode == 0 and "Giữ nguyên" in done.stdout
    assert target.read_bytes() == filled.read_bytes()


@pytest.mark.slow
def test_own_outputs_are_replaced_an_edited_framework_is_not(tmp_path):
    report, summary = tmp_path / "r.xlsx", tmp_path / "r.json"
    for _ in range(2):  # a second run replaces the first one's report, summary and ledger
        assert run_cli(*CONSOLIDATE, "-o", str(report), "--json", str(summary)).returncode == 0
    frame = tmp_path / "khung.xlsx"
    for _ in range(2):
        assert run_cli("framework", "export", "chi-bo-bon-tot", "-o", str(frame)).returncode == 0
    json_out = tmp_path / "khung.json"
    for _ in range(2):
        assert run_cli("framework", "import", str(frame), "-o", str(json_out)).returncode == 0

    from openpyxl import load_workbook

    book = load_workbook(frame)
    book["Tiêu chí"]["D2"] = "Tên đã sửa"
    book.save(frame)
    edited = frame.read_bytes()
    _refused(run_cli("framework", "export", "chi-bo-bon-tot", "-o", str(frame)),
             "không phải bộ tiêu chí dạng Excel do fourgood ghi", "--force")
    assert frame.read_bytes() == edited
    json_out.write_text(json_out.read_text(encoding="utf-8").replace("  ", "\t"),
                        encoding="utf-8")  # edited by hand
    _refused(run_cli("framework", "import", str(frame), "-o", str(json_out)), "--force")


@pytest.mark.parametrize("command, words", [
    ((*CONSOLIDATE, "-o", "{d}/r1.csv"), (".xlsx",)),
    (("framework", "export", "chi-bo-bon-tot", "-o", "{d}/khung.txt"), (".xlsx", "khung.xlsx")),
    (("framework", "export", "chi-bo-bon-tot", "-o", "{d}"), ("là một thư mục", "khung.xlsx")),
    (("new", "--roster", str(ROSTER), "--unit", "cb-toa-an-thanh-pho", "--year", "2024",
      "-o", "{d}/y3"), (".xlsx",)),
    (("new", "--roster", str(ROSTER), "--all", "--year", "2024", "-o", "{d}/one.xlsx"),
     ("thư mục",)),
])
def test_an_output_named_as_another_kind_of_file_is_refused(tmp_path, command, words):
    _refused(run_cli(*(c.format(d=tmp_path) for c in command)), *words)
    assert [p.name for p in tmp_path.iterdir()] == []


def test_office_lock_files_are_skipped_and_counted(tmp_path, filled):
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "so.xlsx").write_bytes(filled.read_bytes())
    (inbox / "~$so.xlsx").write_bytes(b"\x08Nguyen Van A" + b"\x00" * 152)  # Excel's owner file
    (inbox / ".~lock.so.xlsx#").write_text("Nguyen Van A,may-1,,03.12.2024 08:00;\n")
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert done.returncode == 0 and "~$" in done.stdout and "✗" not in done.stdout
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert sorted(summary["skipped"]) == [".~lock.so.xlsx#", "~$so.xlsx"]
    assert summary["summary"]["skipped_files"] == 2 and summary["rejected"] == []
    assert summary["files_found"] == len(summary["accepted"]) == 1


def test_a_year_no_file_is_for_is_named_with_the_years_they_are_for(tmp_path):
    roster = json.loads(ROSTER.read_text(encoding="utf-8"))
    del roster["year"]  # a roster that names no year: --year alone says it
    (tmp_path / "r.json").write_text(json.dumps(roster, ensure_ascii=False), encoding="utf-8")
    done = run_cli("consolidate", str(INBOX), "--roster", str(tmp_path / "r.json"), "-o",
                   str(tmp_path / "r.xlsx"), "--year", "2025")
    _refused(done, "năm 2025", "2023, 2024", "--year 2024")


def test_render_without_pdftoppm_says_what_to_install(tmp_path):
    import shutil

    tools = tmp_path / "bin"
    tools.mkdir()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    (tools / "soffice").symlink_to(soffice or "/bin/true")
    done = run_cli("templates", "render", "-o", str(tmp_path / "out"),
                   env={"PATH": str(tools)})
    _refused(done, "pdftoppm", "poppler-utils")
    assert not (tmp_path / "out").exists()


def test_the_ledger_lock_is_not_left_beside_the_report(tmp_path, filled):
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "so.xlsx").write_bytes(filled.read_bytes())
    report = tmp_path / "ra" / "bao-cao.xlsx"
    assert run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(report)).returncode == 0
    assert sorted(p.name for p in report.parent.iterdir()) == ["bao-cao.sqlite", "bao-cao.xlsx"]


def test_addin_install_off_windows_writes_nothing(tmp_path):
    done = run_cli("addin", "install", cwd=tmp_path)
    assert done.returncode == 0 and "fourgood addin build -o" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_ledger_has_one_name_in_the_readme_and_the_messages():
    from fourgood.messages import CATALOGUE

    said = " ".join(vi for vi, _ in CATALOGUE.values()).lower()
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    assert "sổ cái" in said and "sổ cái" in readme
    assert "sổ theo dõi" not in said and "sổ theo dõi" not in readme


@pytest.mark.parametrize("sheet, item", [("values", "c1.1"), ("sinh-hoat-chi-bo", "m1.1")])
def test_score_of_an_incomplete_month_shows_no_band_or_total_as_final(tmp_path, sheet, item):
    data = json.loads((SAMPLES / "score" / "chi-bo-thang-3.json").read_text(encoding="utf-8"))
    (data["values"] if sheet == "values" else data["linked"][sheet]["values"])[item] = 99
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("score", "--framework", "chi-bo-bon-tot", "--input", str(path))
    assert done.returncode == 1 and "99" in done.stdout
    assert "Mức chất lượng" not in done.stdout and "\nTổng điểm:" not in done.stdout
    assert "tạm tính, chưa phải kết quả" in done.stdout


def test_framework_import_names_every_problem_in_one_run(tmp_path):
    from openpyxl import load_workbook

    frame = tmp_path / "khung.xlsx"
    assert run_cli("framework", "export", "chi-bo-bon-tot", "-o", str(frame)).returncode == 0
    book = load_workbook(frame)
    sheet = book["Tiêu chí"]
    sheet["F3"] = "mười"     # a cell that is not a number
    sheet["A4"] = "Sai Mã"   # an id of the wrong form
    sheet["E5"] = "loai-la"  # a kind that does not exist
    book.save(frame)
    text = _refused(run_cli("framework", "import", str(frame), "-o", str(tmp_path / "k.json")),
                    "3 lỗi", "dòng 3", "dòng 4", "dòng 5")
    assert "max" not in text.replace("Điểm tối đa / max", "")  # not the field's name again


def test_an_output_under_a_file_is_said_in_words_about_the_path_given(tmp_path, filled):
    target = tmp_path / "so.xlsx" / "khung.xlsx"
    (tmp_path / "so.xlsx").write_bytes(filled.read_bytes())
    text = _refused(run_cli("framework", "export", "chi-bo-bon-tot", "-o", str(target)),
                    str(target), "đã có một tệp mang tên thư mục")
    assert "tmp" not in text.replace(str(tmp_path), "") and "exists" not in text


@pytest.fixture(scope="module")
def committee(tmp_path_factory) -> Path:
    """A grassroots committee's fresh workbook."""
    book = tmp_path_factory.mktemp("committee") / "so-dang-uy.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", "dbcs-phuong-kim-tan", "--year",
                   "2024", "-o", str(book)).returncode == 0
    return book


def test_a_cells_year_given_to_its_committees_workbook_is_said_in_a_few_lines(tmp_path,
                                                                               committee):
    year = json.loads((SAMPLES / "score" / "chi-bo-nam-2024.json").read_text(encoding="utf-8"))
    out = str(tmp_path / "ra.xlsx")
    text = _refused(run_cli("fill", str(committee), "--values",
                            str(SAMPLES / "score" / "chi-bo-nam-2024.json"), "-o", out),
                    str(committee), "«Chi bộ bốn tốt»", "«Đảng bộ cơ sở bốn tốt»")
    assert len(text.splitlines()) <= 3 and "dang-bo-co-so.xlsx" not in text
    del year["framework"], year["unit"]  # said nothing of whose it is: each item once
    values = tmp_path / "v.json"
    values.write_text(json.dumps(year), encoding="utf-8")
    text = _refused(run_cli("fill", str(committee), "--values", str(values), "-o", out),
                    "các tháng 1–11: «c1.2»")
    assert len(text.splitlines()) <= 12 and text.count("«c1.2»") == 1


def test_a_roster_workbook_is_answered_in_its_own_column_titles_and_type_names(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên"])
    sheet.append(["dang-bo-x", "Đảng bộ X", "Đảng bộ cấp trên cơ sở", None])
    sheet.append(["cb-b", None, "Chi bộ", "dang-bo-x"])
    sheet.append(["cb-c", "Chi bộ C", "Chi bo la", "dang-bo-x"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    text = _refused(run_cli("roster", "check", str(path)), "dòng 3, cột «Tên đơn vị»",
                    "«Chi bộ», «Đảng bộ cơ sở»")
    for word in ("«name»", "chi-bo,", "dang-bo-co-so"):
        assert word not in text, text
    sheet["B3"], sheet["C4"] = "Chi bộ B", "Chi bộ"
    sheet.append(["dbcs-d", "Đảng bộ D", "Đảng bộ cơ sở", "cb-b"])  # under a cell
    book.save(path)
    _refused(run_cli("roster", "check", str(path)), "(Đảng bộ cơ sở)", "«cb-b» (Chi bộ)")
