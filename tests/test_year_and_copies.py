"""The run's year, and which of a unit's copies counts, through the real command.

A run always knows its year (the roster's, ``--year``, or the one most workbooks carry, said
on the terminal) and rejects a workbook of another year in words naming both; an old copy
resent never replaces a newer one, whatever its e-mail's date; a workbook handed over
without an e-mail is timed by its save time; exactly half of the units reaching a month or
a quarter is enough to report it; a committee's run counts its own units.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zipfile
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl
import pytest

from fourgood import framework as fw, reader, roster as rosters
from conftest import SAMPLES, cell_inputs, run_cli

FWS = fw.shipped()
FORM = {"g.1": 28, "k.1": 64, "dung-han": 100, "vuot": 35, "tre-han": 0, "hoan-thanh": 100,
        "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# A city with two committees (three cells and two) and two cells of its own: nine units.
UNITS = [{"id": "tp", "name": "Đảng bộ thành phố", "type": "dang-bo-cap-tren", "parent": None},
         {"id": "dbcs-xa", "name": "Đảng bộ xã Hòa Bình", "type": "dang-bo-co-so",
          "parent": "tp"},
         *({"id": f"cb-xa-{n}", "name": f"Chi bộ thôn {n}", "type": "chi-bo",
            "parent": "dbcs-xa"} for n in (1, 2, 3)),
         {"id": "dbcs-phuong", "name": "Đảng bộ phường Đông", "type": "dang-bo-co-so",
          "parent": "tp"},
         *({"id": f"cb-phuong-{n}", "name": f"Chi bộ tổ {n}", "type": "chi-bo",
            "parent": "dbcs-phuong"} for n in (1, 2)),
         {"id": "cb-a", "name": "Chi bộ Tòa án", "type": "chi-bo", "parent": "tp"},
         {"id": "cb-b", "name": "Chi bộ Trường THPT số 1", "type": "chi-bo", "parent": "tp"}]
# The time every built template carries, and older fourgood wrote into every workbook.
TEMPLATE_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=timezone.utc)


def json_roster(folder: Path, year: int | None = None) -> Path:
    path = folder / "danh-sach.json"
    path.write_text(json.dumps({"id": "thu", "name": "Thử", "units": UNITS,
                                **({"year": year} if year else {})}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def xlsx_roster(folder: Path, year: object = None) -> Path:
    """The roster as an officer keeps it in Excel; with ``year``, on its «Thông tin» sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    ws.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên"])
    for unit in UNITS:
        ws.append([unit["id"], unit["name"], rosters.TYPE_TITLES[unit["type"]]["vi"],
                   unit["parent"]])
    if year is not None:
        info = wb.create_sheet("Thông tin")
        info.append(["Mục", "Giá trị"])
        info.append(["Năm", year])
    path = folder / "danh-sach.xlsx"
    wb.save(path)
    return path


def workbook(folder: Path, roster: Path, unit: str, year: int, months: int, quarters: int = 0,
             saved: datetime | None = None, name: str | None = None) -> Path:
    """A unit's workbook made with ``new`` and filled with ``fill`` (months 1..``months`` at
    full marks, quarters I..``quarters`` self-assessed), saved at ``saved`` (else now)."""
    name = name or f"{unit}-{year}"
    blank, values = folder / "blank" / f"{name}.xlsx", folder / "values" / f"{name}.json"
    values.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli("new", "--roster", str(roster), "--unit", unit, "--year", str(year), "-o",
                   str(blank)).returncode == 0
    doc = {"periods": {str(m): cell_inputs(FWS) for m in range(1, months + 1)}}
    if quarters:
        doc["quarters"] = {str(q): {"values": FORM} for q in range(1, quarters + 1)}
        doc["rating"] = {"framework": "xep-loai-366", "values": {}}
    values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = folder / "made" / f"{name}.xlsx"
    out.parent.mkdir(exist_ok=True)
    env = {"SOURCE_DATE_EPOCH": str(int(saved.timestamp()))} if saved else None
    done = run_cli("fill", str(blank), "--values", str(values), "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    return out


def mail(path: Path, attached: Path, when: datetime) -> None:
    """``attached`` e-mailed to the city on ``when``, saved as an .eml in an inbox."""
    message = EmailMessage()
    message["From"], message["To"] = "van-phong@thu.example", "btc@thu.example"
    message["Subject"], message["Date"] = "Sổ tự đánh giá", format_datetime(when)
    message.set_content("Kính gửi Ban Tổ chức.\n")
    message.add_attachment(attached.read_bytes(), maintype=XLSX[0], subtype=XLSX[1],
                           filename=attached.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))


def consolidate(folder: Path, inbox: Path, roster: Path, *extra: str, name: str = "r"):
    done = run_cli("consolidate", str(inbox), "--roster", str(roster), "-o",
                   str(folder / f"{name}.xlsx"), "--json", str(folder / f"{name}.json"), *extra)
    assert "Traceback" not in done.stderr
    summary = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return done, summary


def ledger_rows(path: Path) -> tuple[list, list]:
    db = sqlite3.connect(path)
    try:
        return (db.execute("SELECT * FROM submissions ORDER BY id").fetchall(),
                db.execute("SELECT * FROM files ORDER BY name").fetchall())
    finally:
        db.close()


@pytest.fixture(scope="module")
def year_run(tmp_path_factory):
    """A 2025 inbox, the roster an .xlsx that gives its year: for two cells, an old copy
    resent by a later e-mail (one saved earlier, one carrying the templates' time as older
    fourgood wrote it); a cell's 2024 workbook, its only file; two workbooks handed over
    without an e-mail, one saved before the month's deadline and one after."""
    tmp = tmp_path_factory.mktemp("year")
    roster = xlsx_roster(tmp, 2025)
    inbox = tmp / "inbox"
    old = workbook(tmp, roster, "cb-xa-1", 2025, 3, 1, at("2025-04-02T08:00"), "xa-1-cu")
    new = workbook(tmp, roster, "cb-xa-1", 2025, 6, 2, at("2025-07-03T08:00"), "xa-1-moi")
    mail(inbox / "2025-07-04_xa-1.eml", new, at("2025-07-04T09:00"))
    mail(inbox / "2025-07-20_xa-1-gui-lai.eml", old, at("2025-07-20T09:00"))
    old = workbook(tmp, roster, "cb-xa-2", 2025, 3, 1, TEMPLATE_TIME, "xa-2-cu")
    new = workbook(tmp, roster, "cb-xa-2", 2025, 6, 2, TEMPLATE_TIME, "xa-2-moi")
    mail(inbox / "2025-07-04_xa-2.eml", new, at("2025-07-04T10:00"))
    mail(inbox / "2025-07-21_xa-2-gui-lai.eml", old, at("2025-07-21T10:00"))
    last_year = workbook(tmp, roster, "cb-xa-3", 2024, 6, 2, at("2025-07-01T08:00"))
    mail(inbox / "2025-07-05_xa-3.eml", last_year, at("2025-07-05T08:00"))
    for unit, day in (("cb-a", "2025-07-08T08:00"), ("cb-b", "2025-08-01T08:00")):
        loose = workbook(tmp, roster, unit, 2025, 6, 2, at(day))
        (inbox / "nop-truc-tiep").mkdir(parents=True, exist_ok=True)
        loose.rename(inbox / "nop-truc-tiep" / loose.name)
    done, summary = consolidate(tmp, inbox, roster)
    assert done.returncode == 0, done.stderr
    first_ledger = ledger_rows(tmp / "r.sqlite")
    again = run_cli("consolidate", str(inbox), "--roster", str(roster), "-o",
                    str(tmp / "r.xlsx"), "--json", str(tmp / "r.json"))
    return {"tmp": tmp, "done": done, "summary": summary, "again": again,
            "ledger": (first_ledger, ledger_rows(tmp / "r.sqlite"))}


def test_the_xlsx_rosters_year_is_the_runs_and_another_years_workbook_is_rejected(year_run):
    s, out = year_run["summary"], year_run["done"].stdout
    assert s["year"] == 2025 and s["year_basis"] is None and "Tổng hợp năm" not in out
    [refused] = s["rejected"]
    assert refused["file"] == "2025-07-05_xa-3.eml › cb-xa-3-2024.xlsx"
    assert refused["code"] == "wrong_year"
    assert "sổ của năm 2024" in refused["vi"] and "năm 2025" in refused["vi"]
    assert "is for 2024" in refused["en"] and "for 2025" in refused["en"]
    assert not any(a["unit"] == "cb-xa-3" for a in s["accepted"])  # never accepted
    assert f"  ✗ {refused['file']}: sổ của năm 2024" in out
    units = {u["unit"]: u for u in s["units"]}
    assert units["cb-xa-3"]["received"] is False
    [missing] = [u for u in s["missing_units"] if u["unit"] == "cb-xa-3"]
    assert missing["rejected_files"] == [refused["file"]]  # listed with why it is missing
    sheet = openpyxl.load_workbook(year_run["tmp"] / "r.xlsx")["Chưa nộp"]
    note = next(r[-1] for r in sheet.iter_rows(min_row=8, values_only=True) if r[1] == "cb-xa-3")
    assert note == f"Có gửi nhưng tệp bị từ chối: {refused['file']} — lý do ở trang «Bị từ chối»."
    db = sqlite3.connect(year_run["tmp"] / "r.sqlite")
    assert db.execute("SELECT status, reason, current FROM submissions WHERE year = 2024"
                      ).fetchall() == [("rejected", "wrong_year", 0)]
    db.close()


@pytest.mark.parametrize("unit", ["xa-1", "xa-2"])
def test_an_old_copy_resent_later_never_replaces_the_newer_one(year_run, unit):
    """Saved earlier (xa-1) or with no save time to tell (xa-2, the templates' time): the
    copy resent in July lacks quarter II and months 4-6, so the newer one stays in use."""
    s, out = year_run["summary"], year_run["done"].stdout
    files = {a["file"]: a for a in s["accepted"]}
    newer = files[f"2025-07-04_{unit}.eml › {unit}-moi.xlsx"]
    older = next(a for name, a in files.items() if name.startswith("2025-07-2") and unit in name)
    assert newer["current"] is True and older["current"] is False
    [warning] = [m for m in older["messages"] if m["code"] == "warn_old_copy"]
    assert "bản cũ gửi lại" in warning["vi"] and "quý II; tháng 4, 5, 6" in warning["vi"]
    assert newer["file"] in warning["vi"]
    assert "an old copy resent" in warning["en"] and "quarter 2; months 4, 5, 6" in warning["en"]
    assert f"  ! {older['file']}: bản cũ gửi lại" in out  # on the terminal too
    row = next(u for u in s["units"] if u["unit"] == f"cb-{unit}")
    assert row["status"] == "complete" and row["quarters"]["periods"]["2"]["status"] == \
        "complete"
    wb = openpyxl.load_workbook(year_run["tmp"] / "r.xlsx")
    listed = [r for r in wb["Tệp đã nhận"].iter_rows(min_row=8, values_only=True)
              if r[1] == older["file"]]
    assert listed and "bản cũ gửi lại" in listed[0][-1]
    assert listed[0][4] == "Bản cũ gửi lại, không dùng"  # its state, not «superseded»


def test_a_workbook_handed_over_without_an_e_mail_is_timed_by_its_save_time(year_run):
    s = year_run["summary"]
    assert s["month"] == 6
    units = {u["unit"]: u for u in s["units"]}
    assert units["cb-a"]["received_at"].startswith("2025-07-08")
    assert units["cb-a"]["on_time"] is True
    assert units["cb-b"]["received_at"].startswith("2025-08-01")
    assert units["cb-b"]["on_time"] is False  # not 1/1/2024, which would be on time


def test_a_rerun_on_the_same_inbox_adds_nothing_and_changes_nothing(year_run):
    first, second = year_run["ledger"]
    assert second == first
    assert year_run["again"].returncode == 0
    assert year_run["again"].stdout == year_run["done"].stdout


def test_new_and_fill_stamp_the_time_they_write_or_the_one_asked_for(tmp_path):
    roster = json_roster(tmp_path, 2025)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    made = workbook(tmp_path, roster, "cb-a", 2025, 1)
    blank = tmp_path / "blank" / "cb-a-2025.xlsx"
    after = datetime.now(timezone.utc)
    for path in (blank, made):
        with zipfile.ZipFile(path) as archive:
            stamp = datetime.fromisoformat(reader.saved_at(archive).replace("Z", "+00:00"))
        assert before <= stamp <= after, path.name
    fixed = workbook(tmp_path, roster, "cb-b", 2025, 1, saved=at("2025-03-04T05:06:07"))
    with zipfile.ZipFile(fixed) as archive:
        assert reader.saved_at(archive) == "2025-03-04T05:06:07Z"


def test_with_no_year_anywhere_the_year_most_workbooks_carry_is_taken_and_said(tmp_path):
    """An .xlsx roster without a «Thông tin» sheet (as they were made before) and no --year:
    three workbooks of 2025, one of 2024."""
    roster = xlsx_roster(tmp_path)
    assert rosters.load(roster).year is None
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for unit, year in (("cb-a", 2025), ("cb-b", 2025), ("cb-xa-1", 2025), ("cb-xa-2", 2024)):
        workbook(tmp_path, roster, unit, year, 3).rename(inbox / f"{unit}-{year}.xlsx")
    done, s = consolidate(tmp_path, inbox, roster)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Tổng hợp năm 2025: năm của phần lớn các sổ nhận được (3/4 sổ")
    assert "--year" in first
    assert s["year"] == 2025 and s["year_basis"] == {"workbooks": 3, "named": 4}
    assert [(r["file"], r["code"]) for r in s["rejected"]] == [("cb-xa-2-2024.xlsx",
                                                                "wrong_year")]
    english = run_cli("--lang", "en", "consolidate", str(inbox), "--roster", str(roster), "-o",
                      str(tmp_path / "en.xlsx"))
    assert english.stdout.startswith("Consolidating 2025: the year most workbooks received "
                                     "are for (3 of 4 are for 2025)")


@pytest.mark.parametrize("units, month, quarter", [
    ({"cb-a": (9, 3), "cb-b": (9, 3), "cb-xa-1": (3, 1), "cb-xa-2": (3, 1)}, 9, 3),  # 2/4
    ({"cb-a": (9, 3), "cb-b": (9, 3), "cb-xa-1": (3, 1), "cb-xa-2": (3, 1),
      "cb-xa-3": (3, 1)}, 3, 1)])  # 2/5: less than half
def test_exactly_half_of_the_units_reaching_a_month_or_quarter_is_enough(tmp_path, units,
                                                                         month, quarter):
    roster = json_roster(tmp_path, 2025)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for unit, (months, quarters) in units.items():
        workbook(tmp_path, roster, unit, 2025, months, quarters).rename(inbox / f"{unit}.xlsx")
    done, s = consolidate(tmp_path, inbox, roster)
    assert done.returncode == 0, done.stderr
    assert (s["month"], s["quarter"]) == (month, quarter)
    reached = sum(1 for m, _ in units.values() if m >= month)
    assert s["month_basis"] == s["quarter_basis"] == {"reached": reached, "units": len(units)}
    assert f"Báo cáo tháng {month}/2025, tháng gần nhất mà ít nhất một nửa" in done.stdout
    assert f"{reached}/{len(units)} đơn vị có số liệu đã điền tới tháng này" in done.stdout


def test_a_committees_run_counts_its_own_units(tmp_path):
    """The commune's committee consolidates its three cells into its own workbook: 3 of 3,
    not 3 of the city's 9; without --into the whole roster is counted, and the terminal says
    how the committee counts only its own."""
    roster = json_roster(tmp_path, 2025)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in (1, 2, 3):
        workbook(tmp_path, roster, f"cb-xa-{n}", 2025, 3).rename(inbox / f"cb-xa-{n}.xlsx")
    committee = tmp_path / "dang-uy-xa.xlsx"
    assert run_cli("new", "--roster", str(roster), "--unit", "dbcs-xa", "--year", "2025", "-o",
                   str(committee)).returncode == 0
    done, s = consolidate(tmp_path, inbox, roster, "--into", str(committee))
    assert done.returncode == 0, done.stderr
    assert "3/3 đơn vị đã nộp tháng 3/2025, 0 chưa nộp" in done.stdout
    assert s["root"] == "dbcs-xa" and s["summary"]["expected"] == 3
    assert [u["unit"] for u in s["units"]] == ["cb-xa-1", "cb-xa-2", "cb-xa-3"]
    assert "Đếm theo cả danh sách" not in done.stdout
    city, s = consolidate(tmp_path, inbox, roster, name="thanh-pho")
    assert "3/9 đơn vị đã nộp" in city.stdout and s["summary"]["expected"] == 9
    assert ("Đếm theo cả danh sách: Đảng bộ thành phố (9 đơn vị), nhưng mọi sổ nhận được đều "
            "của Đảng bộ xã Hòa Bình hoặc đơn vị thuộc Đảng bộ xã Hòa Bình (3 đơn vị)"
            ) in city.stdout
    assert "--into <sổ của Đảng bộ xã Hòa Bình>" in city.stdout


@pytest.mark.parametrize("item, value, said", [
    ("Năm", "hai nghìn", "Trang «Thông tin», dòng 2, cột «Giá trị»"),
    ("Năm", 1999, "trang «Thông tin», dòng 2, cột «Giá trị»"),
    ("Nam hoc", 2025, "Trang «Thông tin», dòng 2, cột «Mục»: mục «Nam hoc» không có")])
def test_a_bad_year_on_the_roster_sheet_is_said_where_it_is(tmp_path, item, value, said):
    path = xlsx_roster(tmp_path, value)
    wb = openpyxl.load_workbook(path)
    wb["Thông tin"]["A2"] = item
    wb.save(path)
    done = run_cli("roster", "check", str(path))
    assert done.returncode == 1 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_one_ledger_for_two_years_takes_each_years_workbooks_in_its_own_run(tmp_path):
    """The same inbox and ledger consolidated for 2025, then 2024, then 2025 again: each run
    accepts only its year's workbooks, whatever the run before it rejected."""
    roster = json_roster(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for unit, year in (("cb-a", 2025), ("cb-b", 2025), ("cb-a", 2024)):
        workbook(tmp_path, roster, unit, year, 3).rename(inbox / f"{unit}-{year}.xlsx")
    ledger = str(tmp_path / "so-cai.sqlite")
    runs = {}
    for n, year in enumerate((2025, 2024, 2025)):
        done, s = consolidate(tmp_path, inbox, roster, "--year", str(year), "--ledger", ledger,
                              name=f"r{n}")
        assert done.returncode == 0, done.stderr
        runs[n] = ({(a["file"], a["current"]) for a in s["accepted"]},
                   {r["file"]: r["code"] for r in s["rejected"]})
    assert runs[0] == runs[2] == ({("cb-a-2025.xlsx", True), ("cb-b-2025.xlsx", True)},
                                  {"cb-a-2024.xlsx": "wrong_year"})
    assert runs[1] == ({("cb-a-2024.xlsx", True)},
                       {"cb-a-2025.xlsx": "wrong_year", "cb-b-2025.xlsx": "wrong_year"})


def test_a_year_asked_for_that_is_not_the_rosters_is_refused_in_words(tmp_path):
    """The roster says 2024: ``consolidate --year 2025`` (a slip of the keyboard) would turn
    every workbook of the roster's own year into a rejection; it is refused, nothing
    written."""
    done = run_cli("consolidate", str(SAMPLES / "inbox-lao-cai-2024"), "-o",
                   str(tmp_path / "r.xlsx"), "--roster", str(SAMPLES / "roster-lao-cai-2024.json"),
                   "--year", "2025")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--year 2025 khác năm 2024 ghi trong danh sách đơn vị" in done.stderr
    assert not list(tmp_path.iterdir())


def test_a_save_time_before_the_workbooks_year_is_not_believed(tmp_path):
    """A 2025 workbook saved, by its own account, in 2023 (a computer whose clock was
    reset), handed over without an e-mail: its save time is said to be impossible and is
    used neither to choose the copy nor to judge it on time; its file's time is."""
    roster = json_roster(tmp_path, 2025)
    inbox = tmp_path / "inbox"
    made = workbook(tmp_path, roster, "cb-a", 2025, 6, saved=at("2023-05-05"))
    inbox.mkdir()
    loose = inbox / "cb-a.xlsx"
    shutil.copy(made, loose)
    os.utime(loose, (at("2025-08-20").timestamp(),) * 2)
    done, s = consolidate(tmp_path, inbox, roster, "--month", "6")
    unit = next(u for u in s["units"] if u["unit"] == "cb-a")
    assert unit["received_at"].startswith("2025-08-20") and not unit["on_time"]
    [accepted] = s["accepted"]
    assert [m["code"] for m in accepted["messages"]] == ["warn_early_saved_at"]


def test_a_month_sent_on_time_stays_on_time_when_a_copy_comes_later(tmp_path):
    """cb-a sends months 1–6 on 4 July; its committee forwards the same workbook on 25
    July, and it sends months 1–7 on 4 August: June was sent on time, on 4 July, as a
    quarter counts from the first workbook carrying it."""
    roster = json_roster(tmp_path, 2025)
    inbox = tmp_path / "inbox"
    june = workbook(tmp_path, roster, "cb-a", 2025, 6, saved=at("2025-07-03"), name="t6")
    july = workbook(tmp_path, roster, "cb-a", 2025, 7, saved=at("2025-08-03"), name="t7")
    mail(inbox / "1.eml", june, at("2025-07-04T08:00:00"))
    mail(inbox / "2.eml", june, at("2025-07-25T08:00:00"))
    mail(inbox / "3.eml", july, at("2025-08-04T08:00:00"))
    done, s = consolidate(tmp_path, inbox, roster, "--month", "6")
    unit = next(u for u in s["units"] if u["unit"] == "cb-a")
    assert unit["received_at"].startswith("2025-07-04") and unit["on_time"], unit
