"""Appraisal and decision up the hierarchy (Regulation 366, Art. 11–13, 15.3, 17): every
check refuses in words with nothing written, a decision is recorded with its notice, a
re-rating keeps the history, the chain finds any altered, deleted or reordered row, a
workbook sent after a decision does not move the decided figures, a killed ``decide``
leaves the ledger before or after, and a committee's decisions travel up to the city."""
from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import ROOT, SAMPLES, city_workbook, run_cli
from fourgood import decisions, engine, framework as fw, layout, namedcells
from fourgood import roster as rosters

sys.path.insert(0, str(ROOT / "scripts"))
from make_sample_inbox import set_saved_at  # noqa: E402 - a workbook saved at another time

FWS = fw.shipped()
ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024-quy"
CITY = "dang-bo-thanh-pho-lao-cai"
TITLES = {lvl["id"]: lvl["title"]["vi"] for lvl in FWS["xep-loai-366"]["levels"]}
DAY = date(2024, 10, 10)


def copied(work: Path, into: Path) -> Path:
    """A copy of the city's ledger and workbook in ``work``, for one test, in ``into``."""
    for name in ("r.sqlite", "tong-hop.xlsx"):
        shutil.copy(work / name, into / name)
    return into


@pytest.fixture
def fresh(quarters_city, tmp_path) -> Path:
    """A copy of the city's ledger and workbook (of the quarters' inbox) for one test."""
    return copied(quarters_city, tmp_path)


def rows(book: Path) -> dict[tuple[str, str], int]:
    """(unit, period) -> the row index of the decision sheet."""
    named = namedcells.read(book)
    return {(u, decisions.period_key(p)): n for n, (u, p) in
            enumerate(zip(named["FG_DEC_UNIT"], named["FG_DEC_PERIOD"])) if u}


def typed(book: Path, out: Path, entries: dict[tuple[str, str], dict], **extra) -> Path:
    """Type decisions as an officer would: ``entries`` (unit, period) -> {column: value}."""
    index = rows(book)
    values: dict[str, dict[int, object]] = {}
    for key, columns in entries.items():
        for column, value in columns.items():
            values.setdefault(f"FG_DEC_{column.upper()}", {})[index[key]] = value
    values.update(extra)
    namedcells.write(book, values, out)
    return out


def decided(level: str, number: str = "15-QĐ/TU", day: date = DAY, **more) -> dict:
    return {"level": TITLES[level], "number": number, "day": day, **more}


def proposed(work: Path, unit: str, period: str) -> str | None:
    db = sqlite3.connect(work / "r.sqlite")
    return decisions.proposals(db, 2024, [unit]).get((unit, period),
                                                     decisions.Proposal(None, None)).level


def decide(work: Path, book: Path, *more: str) -> subprocess.CompletedProcess:
    return run_cli("decide", str(book), "--roster", str(ROSTER), "--ledger",
                   str(work / "r.sqlite"), *more)


def attachment(message: Path) -> bytes:
    """The workbook an e-mail of the sample carries."""
    mail = email.message_from_bytes(message.read_bytes(), policy=email.policy.default)
    return next(mail.iter_attachments()).get_content()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_proposed(work: Path, *keys: tuple[str, str]) -> dict:
    return {key: decided(proposed(work, *key)) for key in keys}


def within_quota(*keys: tuple[str, str]) -> dict:
    """«Hoàn thành tốt nhiệm vụ» for each, with the reason where it is not the proposal."""
    return {key: decided("httnv", reason="Theo tỷ lệ của nhóm") for key in keys}


DIRECT = ("cb-phong-lao-dong-tbxh", "cb-toa-an-thanh-pho")  # cells directly under the city


def test_every_check_refuses_in_words_and_records_nothing(fresh):
    """A hand-worked case for each check: nothing is recorded, no notice is written, and
    the words say what, where and how to fix it."""
    book = fresh / "tong-hop.xlsx"
    ok = as_proposed(fresh, (DIRECT[0], "3"))
    index = rows(book)
    cases = {
        "unknown unit": ({}, {"FG_DEC_UNIT": {index[(DIRECT[0], "3")]: "chi-bo-khong-co"}},
                         "«chi-bo-khong-co» không có trong danh sách đơn vị"),
        "period": ({}, {"FG_DEC_PERIOD": {index[(DIRECT[0], "3")]: "Quý V"}},
                   "kỳ «Quý V» không hợp lệ"),
        "level": ({(DIRECT[0], "3"): {"level": "Tốt", "number": "1", "day": DAY}}, {},
                  "«Tốt» không phải một trong bốn mức xếp loại"),
        "no reason": ({(DIRECT[0], "3"): decided("htnv")}, {},
                      "khác mức đề xuất «" + TITLES[proposed(fresh, DIRECT[0], "3")]),
        "future": ({(DIRECT[0], "3"): decided(proposed(fresh, DIRECT[0], "3"),
                                              day=date(2099, 1, 1))}, {},
                   "ngày quyết định 1/1/2099 ở sau hôm nay"),
        "no number": ({(DIRECT[0], "3"): {"level": TITLES[proposed(fresh, DIRECT[0], "3")],
                                          "day": DAY}}, {}, "chưa nhập số quyết định"),
        "group": ({}, {"FG_DEC_GROUP": {index[(DIRECT[0], "3")]: "Xã, phường"}},
                  "nhóm tương đồng «Xã, phường» khác nhóm hiện hành «Cơ quan»"),
        "twice": ({}, {"FG_DEC_UNIT": {index[(DIRECT[1], "3")]: DIRECT[0]}},
                  "đã có ở dòng"),
        "committee first": ({("dbcs-phuong-kim-tan", "3"): decided(
            proposed(fresh, "dbcs-phuong-kim-tan", "3"))}, {},
            "còn 1 chi bộ trực thuộc của đảng bộ này chưa được đảng ủy quyết định kỳ này "
            "(cb-kim-tan-tdp-5)"),  # its committee decided the other, in the sample
        "quota": ({("cb-trung-tam-gdnn-gdtx", "3"): decided("htxsnv"),
                   ("cb-thpt-so-1", "3"): decided(proposed(fresh, "cb-thpt-so-1", "3"))}, {},
                  "Nhóm «Sự nghiệp», Quý III: quyết định 1 đơn vị «Hoàn thành xuất sắc nhiệm "
                  "vụ» (cb-trung-tam-gdnn-gdtx), vượt tỷ lệ 20%"),
        "headers": ({}, {"FG_DEC_HEAD": {9: "Mức"}}, "tiêu đề cột J đã bị sửa"),
        "year": ({}, {"FG_INFO_year": 2023}, "là của năm 2023"),
    }
    ledger = digest(fresh / "r.sqlite")
    for name, (entries, extra, said) in cases.items():
        if name in ("unknown unit", "period", "twice", "group"):
            entries = ok  # something typed on the row the cell was changed on
        out = typed(book, fresh / f"{name}.xlsx", entries, **extra)
        if name == "twice":  # the other row typed too
            out = typed(out, out, {}, FG_DEC_LEVEL={index[(DIRECT[1], "3")]: TITLES["httnv"]})
        done = decide(fresh, out)
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert said in done.stderr, (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert digest(fresh / "r.sqlite") == ledger, name
        assert not list(fresh.glob("quyet-dinh-*")), name
    other = fresh / "other.json"  # a roster without the city: another roster
    data = json.loads(ROSTER.read_text(encoding="utf-8"))
    data["units"] = [u for u in data["units"] if u["id"] != CITY]
    for unit in data["units"]:
        if unit["parent"] == CITY:
            unit["parent"] = None
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("decide", str(book), "--roster", str(other), "--ledger",
                   str(fresh / "r.sqlite"))
    assert done.returncode == 1 and "không có trong danh sách" in done.stderr
    english = run_cli("--lang", "en", "decide", str(typed(
        book, fresh / "en.xlsx", {(DIRECT[0], "3"): decided("htnv")})), "--roster",
        str(ROSTER), "--ledger", str(fresh / "r.sqlite"))
    assert "differs from the proposal" in english.stderr


def test_a_decision_is_recorded_once_with_its_notice(fresh, libreoffice):
    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx",
                 {**as_proposed(fresh, *[(u, "3") for u in DIRECT]),
                  ("dbcs-y-te", "3"): {"appraised": TITLES["httnv"], "remark": "Đạt yêu cầu"}})
    done = decide(fresh, book)
    assert done.returncode == 0, done.stderr
    assert "1 thẩm định, 2 quyết định, 0 xếp loại lại" in done.stdout
    notice = fresh / "quyet-dinh-15-QĐ-TU.xlsx"
    assert notice.exists() and str(notice) in done.stdout
    again = decide(fresh, book)
    assert again.returncode == 0 and "Không có gì mới để ghi (3 dòng" in again.stdout
    db = sqlite3.connect(fresh / "r.sqlite")
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 3
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE decisions SET level = 'htxsnv'")
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("DELETE FROM decisions")
    verify = run_cli("ledger", "verify", str(fresh / "r.sqlite"))
    assert verify.returncode == 0 and "nguyên vẹn: 3 dòng" in verify.stdout
    code = done.stdout.split("Mã kiểm tra sổ quyết định: ")[1][:16]
    assert run_cli("ledger", "verify", str(fresh / "r.sqlite"), "--head", code).returncode == 0
    [pdf] = libreoffice.convert([notice], fresh / "pdf", "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.strip("\f").split("\f")
    assert len(pages) == 1 and "###" not in text
    for words in ("QUYẾT ĐỊNH", "Số 15-QĐ/TU", "Chi bộ Phòng Lao động", "T/M BAN THƯỜNG VỤ",
                  "BÍ THƯ", "Nơi nhận:", code):
        assert words in pages[0], words
    # the city's workbook filled again: the record stands in the typed columns
    again = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                    str(fresh / "r.xlsx"), "--into", str(fresh / "tong-hop.xlsx"))
    assert again.returncode == 0, again.stderr
    named = namedcells.read(fresh / "tong-hop.xlsx")
    n = rows(fresh / "tong-hop.xlsx")[(DIRECT[0], "3")]
    assert named["FG_DEC_NUMBER"][n] == "15-QĐ/TU" and "Đã ghi" in named["FG_DEC_RECORDED"][n]


def test_a_rerating_keeps_the_history_and_opens_the_decision(fresh):
    first = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx", as_proposed(fresh, (DIRECT[0], "3")))
    assert decide(fresh, first).returncode == 0
    before = proposed(fresh, DIRECT[0], "3")
    changed = {"level": TITLES["htnv"], "number": "20-QĐ/TU", "day": DAY}
    refused = decide(fresh, typed(first, fresh / "doi.xlsx", {(DIRECT[0], "3"): changed}))
    assert refused.returncode == 1 and "đã quyết định" in refused.stderr
    assert "«Xếp loại lại»" in refused.stderr
    rerated = typed(first, fresh / "lai.xlsx", {(DIRECT[0], "3"): {
        **changed, "rerate": "Có", "reason": "Phát hiện vi phạm sau khi công bố"}})
    done = decide(fresh, rerated)
    assert done.returncode == 0, done.stderr
    assert "1 quyết định, 1 xếp loại lại" in done.stdout
    db = sqlite3.connect(fresh / "r.sqlite")
    kinds = [r for r in db.execute("SELECT kind, level, number FROM decisions ORDER BY seq")]
    assert kinds == [("decision", before, "15-QĐ/TU"), ("rerating", before, "15-QĐ/TU"),
                     ("decision", "htnv", "20-QĐ/TU")]
    assert decisions.states(db, 2024)[(DIRECT[0], "3")].decision["level"] == "htnv"
    assert run_cli("ledger", "verify", str(fresh / "r.sqlite")).returncode == 0
    sheet = openpyxl.load_workbook(fresh / "quyet-dinh-20-QĐ-TU.xlsx").active  # says why
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "mức «" + TITLES[before] + "» tại Quyết định số 15-QĐ/TU" in texts
    assert "Phát hiện vi phạm sau khi công bố" in texts


def _ledger_with_chain(work: Path) -> Path:
    book = typed(work / "tong-hop.xlsx", work / "qd.xlsx",
                 within_quota(*[(u, p) for u in DIRECT for p in ("1", "2", "3")]))
    assert decide(work, book).returncode == 0
    return work / "r.sqlite"


def test_verify_finds_any_single_altered_deleted_or_reordered_row(fresh):
    ledger = _ledger_with_chain(fresh)
    count = sqlite3.connect(ledger).execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    assert count == 6

    def tampered(change) -> str:
        copy = fresh / "copy.sqlite"
        shutil.copy(ledger, copy)
        db = sqlite3.connect(copy)
        db.execute("DROP TRIGGER decisions_no_update")  # what a tamperer would do first
        db.execute("DROP TRIGGER decisions_no_delete")
        change(db)
        db.commit()
        db.close()
        done = run_cli("ledger", "verify", str(copy))
        assert done.returncode == 1, done.stdout
        return done.stderr

    for seq in range(1, count + 1):
        said = tampered(lambda db: db.execute("UPDATE decisions SET level = 'htxsnv', "
                                              "number = number || 'x' WHERE seq = ?", (seq,)))
        assert f"dòng {seq} (quyết định" in said and "đã bị sửa sau khi ghi" in said
    for seq in range(1, count):
        said = tampered(lambda db: db.execute("DELETE FROM decisions WHERE seq = ?", (seq,)))
        assert f"thiếu dòng {seq}" in said
    said = tampered(lambda db: db.execute("DELETE FROM decisions WHERE seq = ?", (count,)))
    assert "các dòng cuối đã bị xóa" in said
    said = tampered(lambda db: db.executescript(  # rows 2 and 3 swap places
        "UPDATE decisions SET seq = -2 WHERE seq = 2; UPDATE decisions SET seq = 2 WHERE seq = 3;"
        "UPDATE decisions SET seq = 3 WHERE seq = -2;"))
    assert "dòng 2" in said and "không nối tiếp dòng trước nó" in said
    assert run_cli("ledger", "verify", str(ledger), "--head", "0123456789abcdef").returncode == 1


def test_a_workbook_sent_after_the_decision_does_not_move_the_decided_figures(fresh):
    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx", as_proposed(fresh, (DIRECT[0], "3")))
    assert decide(fresh, book).returncode == 0
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(fresh / "a.xlsx"), "--ledger", str(fresh / "r.sqlite"), "--json",
                   str(fresh / "a.json"), "--quarter", "3").returncode == 0
    figures = json.loads((fresh / "a.json").read_text(encoding="utf-8"))
    before = next(u for u in figures["units"] if u["unit"] == DIRECT[0])
    inbox = fresh / "inbox"
    shutil.copytree(INBOX, inbox)
    later = inbox / "sau-quyet-dinh" / f"{DIRECT[0]}.xlsx"
    later.parent.mkdir()
    source = sorted(INBOX.glob(f"quy-3/*_{DIRECT[0]}.eml"))[0]
    (fresh / "sent.xlsx").write_bytes(attachment(source))
    namedcells.write(fresh / "sent.xlsx", {"FG_Q_k_1": {2: 40}}, later)  # quarter III, lower
    set_saved_at(later, datetime(2024, 10, 20, 8, 0, tzinfo=timezone.utc))  # saved later
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(fresh / "b.xlsx"), "--ledger", str(fresh / "r.sqlite"), "--json",
                   str(fresh / "b.json"), "--quarter", "3")
    assert done.returncode == 0, done.stderr
    after = json.loads((fresh / "b.json").read_text(encoding="utf-8"))
    unit = next(u for u in after["units"] if u["unit"] == DIRECT[0])
    assert unit["source"].startswith("sau-quyet-dinh")  # the later workbook is current …
    assert unit["quarters"]["periods"]["3"] == before["quarters"]["periods"]["3"]  # … not used
    [late] = after["after_decision"]
    assert (late["unit"], late["period"], late["number"]) == (DIRECT[0], "3", "15-QĐ/TU")
    sheet = pd.read_excel(fresh / "b.xlsx", sheet_name="Thẩm định, quyết định", header=6,
                          engine="openpyxl")
    note = sheet.loc[(sheet["Mã đơn vị"] == DIRECT[0]) & (sheet["Kỳ"] == "Quý III"),
                     "Sổ nộp sau quyết định (không dùng)"].iloc[0]
    assert "nộp sau quyết định số 15-QĐ/TU" in note


@pytest.mark.slow
def test_a_decide_killed_at_any_moment_leaves_the_ledger_before_or_after(fresh):
    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx",
                 within_quota(*[(u, p) for u in DIRECT for p in ("1", "2", "3")]))
    exe = Path(sys.executable).with_name("fourgood")
    rng = random.Random(7)
    for _ in range(6):
        run = subprocess.Popen([str(exe), "decide", str(book), "--roster", str(ROSTER),
                                "--ledger", str(fresh / "r.sqlite")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        time.sleep(rng.uniform(0.05, 1.2))
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        db = sqlite3.connect(fresh / "r.sqlite")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
        db.close()
        assert count in (0, 6)  # before or after, never between
        assert run_cli("ledger", "verify", str(fresh / "r.sqlite")).returncode == 0
    done = decide(fresh, book)
    assert done.returncode == 0
    db = sqlite3.connect(fresh / "r.sqlite")
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 6
    assert not [p for p in fresh.iterdir() if "tmp" in p.name]


@pytest.mark.slow
def test_a_committees_decisions_travel_up_to_the_city(tmp_path):
    """Kim Tân's committee decides its two cells in its own workbook and ledger; its
    workbook, sent up, shows the city those decisions beside the cells' proposals, and the
    city may then decide the committee (its cells first)."""
    committee = "dbcs-phuong-kim-tan"
    own = tmp_path / "kim-tan"
    own.mkdir()
    book = own / "so-dang-bo.xlsx"  # its own workbook, as it sent it for quarter III
    book.write_bytes(attachment(sorted(INBOX.glob(f"quy-3/*_{committee}.eml"))[0]))
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(own / "r.xlsx"), "--into", str(book)).returncode == 0
    cells = ("cb-kim-tan-tdp-1", "cb-kim-tan-tdp-5")
    filled = typed(book, own / "so-da-quyet-dinh.xlsx", {
        (c, "3"): decided(proposed(own, c, "3"), number="03-QĐ/ĐU") for c in cells})
    done = decide(own, filled)
    assert done.returncode == 0, done.stderr
    notice = own / "quyet-dinh-03-QĐ-ĐU.xlsx"
    assert notice.exists()
    city = tmp_path / "city"
    inbox = city / "inbox"
    shutil.copytree(INBOX, inbox)
    shutil.copy(filled, inbox / "dang-uy-kim-tan-gui-len.xlsx")
    set_saved_at(inbox / "dang-uy-kim-tan-gui-len.xlsx",
                 datetime(2024, 10, 5, 8, 0, tzinfo=timezone.utc))  # sent up after deciding
    tong_hop = city / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", CITY, "--year", "2024",
                   "-o", str(tong_hop)).returncode == 0
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(city / "r.xlsx"), "--json", str(city / "r.json"), "--into",
                   str(tong_hop))
    assert done.returncode == 0, done.stderr
    units = {u["unit"]: u for u in json.loads((city / "r.json").read_text("utf-8"))["units"]}
    for cell in cells:
        step = units[cell]["decisions"]["3"]
        assert (step["by"], step["number"]) == (committee, "03-QĐ/ĐU")
        assert step["level"] == units[cell]["quarters"]["periods"]["3"]["level"]
    city_book = typed(tong_hop, city / "qd.xlsx", {
        (committee, "3"): decided("httnv", number="16-QĐ/TU", reason="Theo tỷ lệ của nhóm")})
    done = decide(city, city_book)
    assert done.returncode == 0, done.stderr  # its cells were decided first


def test_the_decision_sheets_quota_formulas_equal_the_engine(quarters_city, libreoffice,
                                                             tmp_path):
    """Random decided levels typed on the city's sheet, recalculated by LibreOffice: each
    group's and period's base, count, allowance and verdict equal ``engine.check_quota``."""
    rng = random.Random(366)
    book = quarters_city / "tong-hop.xlsx"
    index = rows(book)
    made = []
    levels = [None, *TITLES.values()]
    for n in range(8):
        values = {"FG_DEC_LEVEL": {i: rng.choice(levels) for i in index.values()}}
        values["FG_DQ_OUTSTANDING"] = {0: rng.choice(["Có", "Không"])}
        path = tmp_path / f"quota-{n}.xlsx"
        namedcells.write(book, values, path)
        made.append((values, path))
    ids = {title: level for level, title in TITLES.items()}
    ruleset = FWS["xep-loai-366"]
    tree = rosters.load(ROSTER)
    for (values, path), recalculated in zip(made, libreoffice.convert(
            [p for _, p in made], tmp_path / "out")):
        got = namedcells.read(recalculated)
        named = namedcells.read(path)
        for r, group in enumerate(got["FG_DQ_GROUP"]):
            if not group:
                continue
            period = decisions.period_key(got["FG_DQ_PERIOD"][r])
            members = [ids.get(values["FG_DEC_LEVEL"].get(i)) for (u, p), i in index.items()
                       if p == period and tree.quota_key(u, CITY) == group]
            outstanding = named["FG_DQ_OUTSTANDING"][r] == "Có"
            want = engine.check_quota(ruleset, members, outstanding)
            assert (got["FG_DQ_BASE"][r], got["FG_DQ_COUNT"][r], got["FG_DQ_ALLOWED"][r]) == (
                want.base, want.count, want.allowed), (path.name, group, period)
            assert got["FG_DQ_OK"][r] == ("Có" if want.ok else "Không")
    assert layout.DECISION_ROWS == 160


# ---- the record an office signs and defends ---------------------------------------------------
TOA_AN = DIRECT[1]  # a cell directly under the city, given a whole year below


@pytest.fixture(scope="module")
def year_city(tmp_path_factory) -> Path:
    """The city's ledger and workbook with one cell's whole year (11 months assessed, the
    year rated «Hoàn thành tốt nhiệm vụ» by its own form) beside the quarters' inbox."""
    work = tmp_path_factory.mktemp("year-city")
    inbox = work / "inbox"
    shutil.copytree(INBOX, inbox)
    sent = work / "sent.xlsx"
    sent.write_bytes(attachment(sorted(INBOX.glob(f"quy-3/*_{TOA_AN}.eml"))[0]))
    whole = inbox / "ca-nam" / f"{TOA_AN}.xlsx"
    whole.parent.mkdir()
    done = run_cli("fill", str(sent), "--values", str(SAMPLES / "score" / "chi-bo-nam-2024.json"),
                   "-o", str(whole))
    assert done.returncode == 0, done.stderr
    set_saved_at(whole, datetime(2024, 12, 10, 8, 0, tzinfo=timezone.utc))
    return city_workbook(work, inbox)


@pytest.fixture
def year_fresh(year_city, tmp_path) -> Path:
    return copied(year_city, tmp_path)


YEAR_DAY = date(2024, 12, 20)


@pytest.mark.slow
def test_a_recognition_is_recorded_only_where_the_rules_allow_it(year_fresh):
    """«Công nhận: Có» is checked against the unit's year: the level decided (not the one
    proposed) and the months in its workbook; an ineligible one is refused in words that
    name what is missing, with nothing written; an eligible one is recorded."""
    work, book = year_fresh, year_fresh / "tong-hop.xlsx"
    assert proposed(work, TOA_AN, "year") == "httnv"
    ledger = digest(work / "r.sqlite")
    cases = {
        "decided below the condition": (
            {(TOA_AN, "year"): decided("khtnv", number="30-QĐ/TU", day=YEAR_DAY,
                                       recognized="Có", reason="Vi phạm nghiêm trọng")},
            ["không được công nhận «Chi bộ bốn tốt» với mức quyết định này: Xếp loại chất "
             "lượng «Không hoàn thành nhiệm vụ» chưa đạt mức «Hoàn thành tốt nhiệm vụ». "
             "Chọn «Không»"]),
        "too few months": (
            {(DIRECT[0], "year"): decided("httnv", number="30-QĐ/TU", day=YEAR_DAY,
                                          recognized="Có", reason="Theo kết quả cả năm")},
            ["không được công nhận", "tháng"]),
        "without a level": (
            {(TOA_AN, "year"): {"recognized": "Có"}},
            ["đã nhập «Công nhận» nhưng chưa nhập mức quyết định"]),
    }
    for name, (entries, said) in cases.items():
        done = decide(work, typed(book, work / f"{name}.xlsx", entries))
        assert done.returncode == 1, (name, done.stdout)
        for words in said:
            assert words in done.stderr, (name, words, done.stderr)
        assert "Traceback" not in done.stderr
        assert digest(work / "r.sqlite") == ledger and not list(work.glob("quyet-dinh-*")), name
    done = decide(work, typed(book, work / "ok.xlsx", {(TOA_AN, "year"): decided(
        "httnv", number="30-QĐ/TU", day=YEAR_DAY, recognized="Có")}))
    assert done.returncode == 0, done.stderr
    row = sqlite3.connect(work / "r.sqlite").execute(
        "SELECT level, recognized, basis FROM decisions WHERE kind = 'decision'").fetchone()
    assert row[:2] == ("httnv", 1)
    assert json.loads(row[2])["year"]["periods_assessed"] == 11  # what it rests on, kept


def test_the_same_workbook_recorded_again_adds_nothing_after_a_rerating(fresh):
    """decide, re-rate, then the re-rating's workbook recorded again: nothing is added and
    no paper is written again (one act, one row)."""
    first = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx",
                  as_proposed(fresh, (DIRECT[1], "3")))
    assert decide(fresh, first).returncode == 0
    rerated = typed(first, fresh / "lai.xlsx", {(DIRECT[1], "3"): {
        "level": TITLES["htnv"], "number": "18-QĐ/TU", "day": date(2024, 10, 25),
        "rerate": "Có", "reason": "Phát hiện báo cáo chưa đúng"}})
    assert decide(fresh, rerated).returncode == 0
    paper = fresh / "quyet-dinh-18-QĐ-TU.xlsx"
    written = paper.read_bytes()
    db = sqlite3.connect(fresh / "r.sqlite")
    before = db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    for _ in range(2):
        again = decide(fresh, rerated)
        assert again.returncode == 0 and "Không có gì mới để ghi" in again.stdout, again.stdout
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == before == 3
    assert paper.read_bytes() == written


def test_an_appraisal_typed_with_its_decision_is_kept(fresh):
    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx", {(DIRECT[0], "3"): {
        **decided(proposed(fresh, DIRECT[0], "3")), "appraised": TITLES["httnv"],
        "remark": "Ban Tổ chức đã thẩm định"}})
    done = decide(fresh, book)
    assert done.returncode == 0 and "1 thẩm định, 1 quyết định" in done.stdout, done.stdout
    db = sqlite3.connect(fresh / "r.sqlite")
    assert [r for r in db.execute("SELECT kind, level, remark FROM decisions ORDER BY seq")] == [
        ("appraisal", "httnv", "Ban Tổ chức đã thẩm định"),
        ("decision", proposed(fresh, DIRECT[0], "3"), "Ban Tổ chức đã thẩm định")]
    assert "Không có gì mới" in decide(fresh, book).stdout


def test_a_decision_date_and_number_are_checked(fresh):
    """A date before its period began, and one number given two dates (in the sheet, or
    against the record), are refused; nothing is written."""
    book = fresh / "tong-hop.xlsx"
    ledger = digest(fresh / "r.sqlite")
    cases = {
        "before the period": ({(DIRECT[0], "3"): decided(proposed(fresh, DIRECT[0], "3"),
                                                         day=date(2024, 6, 30))},
                              "ngày quyết định 30/6/2024 ở trước khi kỳ này bắt đầu (1/7/2024)"),
        "two dates": ({**as_proposed(fresh, (DIRECT[0], "3")),
                       (DIRECT[1], "3"): decided(proposed(fresh, DIRECT[1], "3"),
                                                 day=date(2024, 10, 11))},
                      "quyết định số 15-QĐ/TU ghi ngày 11/10/2024, nhưng số này đã có ngày "
                      "10/10/2024"),
    }
    for name, (entries, said) in cases.items():
        done = decide(fresh, typed(book, fresh / f"{name}.xlsx", entries))
        assert done.returncode == 1 and said in done.stderr, (name, done.stderr)
        assert digest(fresh / "r.sqlite") == ledger
    assert decide(fresh, typed(book, fresh / "a.xlsx",
                               as_proposed(fresh, (DIRECT[0], "3")))).returncode == 0
    later = decide(fresh, typed(book, fresh / "b.xlsx", {(DIRECT[1], "3"): decided(
        proposed(fresh, DIRECT[1], "3"), day=date(2024, 10, 12))}))  # 15-QĐ/TU again
    assert later.returncode == 1 and "số này đã có ngày 10/10/2024" in later.stderr


@pytest.mark.slow
def test_a_committee_is_not_decided_before_its_cells_in_time(tmp_path):
    """Kim Tân's committee decides its cells on 10/10; the city may decide the committee
    on that day or later, not on 5/10 (Art. 12.2)."""
    committee = "dbcs-phuong-kim-tan"
    own = tmp_path / "kim-tan"
    own.mkdir()
    book = own / "so-dang-bo.xlsx"
    book.write_bytes(attachment(sorted(INBOX.glob(f"quy-3/*_{committee}.eml"))[0]))
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(own / "r.xlsx"), "--into", str(book)).returncode == 0
    filled = typed(book, own / "qd.xlsx", {
        (c, "3"): decided(proposed(own, c, "3"), number="03-QĐ/ĐU")
        for c in ("cb-kim-tan-tdp-1", "cb-kim-tan-tdp-5")})
    assert decide(own, filled).returncode == 0
    city = tmp_path / "city"
    inbox = city / "inbox"
    shutil.copytree(INBOX, inbox)
    shutil.copy(filled, inbox / "dang-uy-kim-tan-gui-len.xlsx")
    set_saved_at(inbox / "dang-uy-kim-tan-gui-len.xlsx",
                 datetime(2024, 10, 11, 8, 0, tzinfo=timezone.utc))
    tong_hop = city / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", CITY, "--year", "2024",
                   "-o", str(tong_hop)).returncode == 0
    assert run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(city / "r.xlsx"), "--into", str(tong_hop)).returncode == 0
    early = decide(city, typed(tong_hop, city / "som.xlsx", {(committee, "3"): decided(
        "httnv", number="16-QĐ/TU", day=date(2024, 10, 5), reason="Theo tỷ lệ của nhóm")}))
    assert early.returncode == 1
    assert ("ngày quyết định 5/10/2024 ở trước ngày đảng ủy quyết định chi bộ trực thuộc "
            "cb-kim-tan-tdp-5 (10/10/2024)") in early.stderr or \
        "cb-kim-tan-tdp-1 (10/10/2024)" in early.stderr, early.stderr
    on_time = decide(city, typed(tong_hop, city / "qd.xlsx", {(committee, "3"): decided(
        "httnv", number="16-QĐ/TU", day=date(2024, 10, 12), reason="Theo tỷ lệ của nhóm")}))
    assert on_time.returncode == 0, on_time.stderr


def test_a_workbook_resent_after_the_decision_does_not_refuse_the_rows_into_filled(fresh):
    """After a decision, the unit resends a workbook proposing another level; --into fills
    the city's workbook with the decision in force, and deciding another unit on it is
    accepted: the decided row is the act in force, not compared with the late proposal."""
    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx", as_proposed(fresh, (DIRECT[0], "3")))
    assert decide(fresh, book).returncode == 0
    inbox = fresh / "inbox"
    shutil.copytree(INBOX, inbox)
    later = inbox / "sau-quyet-dinh" / f"{DIRECT[0]}.xlsx"
    later.parent.mkdir()
    (fresh / "sent.xlsx").write_bytes(attachment(sorted(INBOX.glob(f"quy-3/*_{DIRECT[0]}.eml"))[0]))
    namedcells.write(fresh / "sent.xlsx", {"FG_Q_k_1": {2: 40}}, later)  # a lower quarter III
    set_saved_at(later, datetime(2024, 10, 20, 8, 0, tzinfo=timezone.utc))
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(fresh / "b.xlsx"), "--ledger", str(fresh / "r.sqlite"), "--into",
                   str(fresh / "tong-hop.xlsx"))
    assert done.returncode == 0, done.stderr
    assert proposed(fresh, DIRECT[0], "3") != decisions.states(
        sqlite3.connect(fresh / "r.sqlite"), 2024)[(DIRECT[0], "3")].decision["level"]
    more = typed(fresh / "tong-hop.xlsx", fresh / "them.xlsx", {(DIRECT[1], "3"): decided(
        proposed(fresh, DIRECT[1], "3"), number="16-QĐ/TU")})  # a decision of its own
    done = decide(fresh, more)
    assert done.returncode == 0, done.stderr
    assert "1 quyết định" in done.stdout and "1 dòng đã ghi từ trước" in done.stdout


def test_a_run_turned_away_is_told_which_run_holds_the_ledger(fresh):
    from fourgood.ledger import Ledger

    book = typed(fresh / "tong-hop.xlsx", fresh / "qd.xlsx", as_proposed(fresh, (DIRECT[0], "3")))
    with Ledger.lock(fresh / "r.sqlite", "decide"):
        consolidating = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                                str(fresh / "r.xlsx"))
        deciding = decide(fresh, book)
    assert consolidating.returncode == deciding.returncode == 1
    for done in (consolidating, deciding):
        assert "một lần ghi thẩm định, quyết định khác (fourgood decide)" in done.stderr
    with Ledger.lock(fresh / "r.sqlite"):
        deciding = decide(fresh, book)
    assert "một lần tổng hợp khác (fourgood consolidate)" in deciding.stderr
    assert decide(fresh, book).returncode == 0  # free again


def _sample_decisions(work: Path) -> list[str]:
    """The sample's decisions of quarter III as scripts/run-sample.sh records them (the
    first try refused, the corrected one, the re-rating); the check code of each paper."""
    book = work / "tong-hop.xlsx"
    codes = []
    for name in ("quy-3-lan-1", "quy-3", "quy-3-xep-loai-lai"):
        filled = work / f"quyet-dinh-{name}.xlsx"
        assert run_cli("fill", str(book), "--values",
                       str(SAMPLES / "quyet-dinh-lao-cai-2024" / f"{name}.json"), "-o",
                       str(filled)).returncode == 0
        done = decide(work, filled)
        if name == "quy-3-lan-1":
            assert done.returncode == 1
            continue
        assert done.returncode == 0, done.stderr
        codes.append(done.stdout.split("Mã kiểm tra sổ quyết định: ")[1][:16])
    return codes


def test_every_papers_code_verifies_after_later_decisions_and_finds_earlier_changes(fresh):
    codes = _sample_decisions(fresh)
    ledger = fresh / "r.sqlite"
    db = sqlite3.connect(ledger)
    rows = db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    at = {code: db.execute("SELECT seq FROM decisions WHERE hash LIKE ?",
                           (code + "%",)).fetchone()[0] for code in codes}
    db.close()
    for code in codes:  # each paper's code, after every later honest decision
        done = run_cli("ledger", "verify", str(ledger), "--head", code)
        assert done.returncode == 0, done.stderr
        assert f"(dòng {at[code]}); sau đó đã ghi thêm {rows - at[code]} dòng" in done.stdout
    typed_code = " ".join([codes[0][:8].upper(), codes[0][8:]])  # as read off the paper
    assert run_cli("ledger", "verify", str(ledger), "--head", typed_code).returncode == 0
    short = run_cli("ledger", "verify", str(ledger), "--head", codes[0][:6])
    assert short.returncode == 1 and "gõ lại đủ 16 ký tự" in short.stderr

    def tampered(seq: int) -> Path:
        copy = fresh / f"sua-{seq}.sqlite"
        shutil.copy(ledger, copy)
        db = sqlite3.connect(copy)
        db.execute("DROP TRIGGER decisions_no_update")
        db.execute("UPDATE decisions SET remark = COALESCE(remark, '') || 'x' WHERE seq = ?",
                   (seq,))
        db.commit()
        db.close()
        return copy

    first = codes[0]
    before, after = tampered(1), tampered(at[first] + 1)  # one row before its paper, one after
    said = run_cli("ledger", "verify", str(before), "--head", first)
    assert said.returncode == 1 and "dòng 1 (" in said.stderr and "đã bị sửa" in said.stderr
    assert run_cli("ledger", "verify", str(after), "--head", first).returncode == 0
    assert run_cli("ledger", "verify", str(after)).returncode == 1
    redone = fresh / "lam-lai.sqlite"  # rows rewritten with every hash computed again
    shutil.copy(ledger, redone)
    db = sqlite3.connect(redone)
    db.execute("DROP TRIGGER decisions_no_update")
    db.execute("DROP TRIGGER decisions_no_delete")
    kept = [dict(zip([*decisions.FIELDS, "hash"], r)) for r in db.execute(
        f"SELECT {', '.join([*decisions.FIELDS, 'hash'])} FROM decisions ORDER BY seq")]
    db.execute("DELETE FROM decisions")
    kept[0]["remark"] = (kept[0]["remark"] or "") + "x"
    decisions.append(db, [{k: v for k, v in r.items() if k not in ("seq", "prev", "hash")}
                          for r in kept])
    db.commit()
    db.close()
    assert run_cli("ledger", "verify", str(redone)).returncode == 0  # consistent in itself …
    said = run_cli("ledger", "verify", str(redone), "--head", first)  # … but not the paper's
    assert said.returncode == 1 and f"mã {first} không có ở dòng nào" in said.stderr


@pytest.mark.slow
def test_a_committees_paper_takes_its_superiors_place_and_writes_dates_as_party_papers_do(
        tmp_path):
    """The police committee (no place in its name) decides its cells on 5/10: the paper is
    dated «Lào Cai, ngày 05 tháng 10 năm 2024», the place of its superior, days under 10
    with a leading zero; the terminal says the signer's name was left blank."""
    committee = "dbcs-cong-an-thanh-pho"
    book = tmp_path / "so-dang-bo.xlsx"
    book.write_bytes(attachment(sorted(INBOX.glob(f"quy-3/*_{committee}.eml"))[0]))
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--into", str(book)).returncode == 0
    filled = typed(book, tmp_path / "qd.xlsx", {
        (c, "3"): decided("httnv", number="04-QĐ/ĐU", day=date(2024, 10, 5),
                          reason="Theo tỷ lệ của nhóm")
        for c in ("cb-cong-an-doi-csgt", "cb-cong-an-doi-an-ninh")}, FG_INFO_secretary=None)
    done = decide(tmp_path, filled)
    assert done.returncode == 0, done.stderr
    assert "Bản in quyết định để trống họ tên người ký (ô «Bí thư»)" in done.stderr
    paper = openpyxl.load_workbook(tmp_path / "quyet-dinh-04-QĐ-ĐU.xlsx").active
    texts = [str(c.value) for row in paper.iter_rows() for c in row if c.value]
    assert "Lào Cai, ngày 05 tháng 10 năm 2024" in texts
    assert "(Kèm theo Quyết định số 04-QĐ/ĐU ngày 05/10/2024)" in texts


# ---- one act, one row, one paper ---------------------------------------------------------------
def _papers(work: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(work.glob("quyet-dinh-*.xlsx"))}


def test_an_earlier_workbook_recorded_again_adds_nothing_after_later_reratings(fresh):
    """Decided, re-rated, re-rated again: each of the three workbooks recorded again adds
    no row and writes no paper — the older re-rating is not made again over the newer one,
    and the first decision is not refused as a change (one act, one row: Art. 17)."""
    u = DIRECT[0]
    first = typed(fresh / "tong-hop.xlsx", fresh / "a.xlsx", as_proposed(fresh, (u, "3")))
    once = typed(first, fresh / "b.xlsx", {(u, "3"): {
        "level": TITLES["htnv"], "number": "18-QĐ/TU", "day": date(2024, 10, 25),
        "rerate": "Có", "reason": "Phát hiện báo cáo chưa đúng"}})
    twice = typed(once, fresh / "c.xlsx", {(u, "3"): {
        "level": TITLES["httnv"], "number": "19-QĐ/TU", "day": date(2024, 10, 28),
        "rerate": "Có", "reason": "Đã xác minh lại"}})
    for book in (first, once, twice):
        assert decide(fresh, book).returncode == 0
    rows, papers = _sample_count(fresh), _papers(fresh)
    assert rows == 5 and len(papers) == 3
    for book in (once, first, twice, once):
        again = decide(fresh, book)
        assert again.returncode == 0 and "Không có gì mới để ghi" in again.stdout, again.stderr
    assert _sample_count(fresh) == rows and _papers(fresh) == papers
    db = sqlite3.connect(fresh / "r.sqlite")
    assert decisions.states(db, 2024)[(u, "3")].decision["number"] == "19-QĐ/TU"
    assert run_cli("ledger", "verify", str(fresh / "r.sqlite")).returncode == 0


def _sample_count(work: Path) -> int:
    return sqlite3.connect(work / "r.sqlite").execute(
        "SELECT COUNT(*) FROM decisions").fetchone()[0]


def test_a_decision_number_is_one_paper_recorded_once(fresh, tmp_path):
    """A number recorded by an earlier run (its paper printed) is not given to another unit
    or to a re-rating, even on its own date; two numbers that would print to one file are
    refused; a paper already there is not replaced without --force. Nothing is written."""
    u, v = DIRECT
    book = fresh / "tong-hop.xlsx"
    assert decide(fresh, typed(book, fresh / "a.xlsx", as_proposed(fresh, (u, "3")))
                  ).returncode == 0
    ledger, papers = digest(fresh / "r.sqlite"), _papers(fresh)
    cases = {
        "another unit, same number and date": {(v, "3"): decided(proposed(fresh, v, "3"))},
        "a re-rating under the number it replaces": {(u, "3"): {
            **decided("htnv"), "rerate": "Có", "reason": "Phát hiện vi phạm"}},
    }
    for name, entries in cases.items():
        done = decide(fresh, typed(book, fresh / "b.xlsx", entries))
        assert done.returncode == 1, (name, done.stdout)
        assert ("quyết định số 15-QĐ/TU ngày 10/10/2024 đã được ghi vào sổ cái ở một lần "
                "trước") in done.stderr, (name, done.stderr)
        assert digest(fresh / "r.sqlite") == ledger and _papers(fresh) == papers, name
    for numbers in (("16-QĐ/TU", "16-QĐ-TU"), ("16-QĐ/TU", "16-qđ/tu")):
        done = decide(fresh, typed(book, fresh / "c.xlsx", {
            (v, "3"): decided(proposed(fresh, v, "3"), number=numbers[0]),
            ("cb-thpt-so-1", "3"): decided(proposed(fresh, "cb-thpt-so-1", "3"),
                                           number=numbers[1])}))
        assert done.returncode == 1 and "sẽ in ra cùng một tệp" in done.stderr, done.stderr
        assert digest(fresh / "r.sqlite") == ledger and _papers(fresh) == papers, numbers
    other = tmp_path / "so-khac"  # the paper of a decision another ledger recorded
    other.mkdir()
    (other / "quyet-dinh-16-QĐ-TU.xlsx").write_bytes(papers["quyet-dinh-15-QĐ-TU.xlsx"])
    new = typed(book, fresh / "d.xlsx", {(v, "3"): decided(proposed(fresh, v, "3"),
                                                            number="16-QĐ/TU")})
    done = decide(fresh, new, "--notices", str(other))
    assert done.returncode == 1 and "tệp này đã có" in done.stderr, done.stderr
    assert digest(fresh / "r.sqlite") == ledger
    assert decide(fresh, new).returncode == 0  # a number of its own, a paper of its own
    assert _papers(fresh)["quyet-dinh-15-QĐ-TU.xlsx"] == papers["quyet-dinh-15-QĐ-TU.xlsx"]


def test_a_rerating_is_dated_after_the_decision_it_replaces(fresh):
    u = DIRECT[0]
    first = typed(fresh / "tong-hop.xlsx", fresh / "a.xlsx", as_proposed(fresh, (u, "3")))
    assert decide(fresh, first).returncode == 0
    ledger = digest(fresh / "r.sqlite")
    early = decide(fresh, typed(first, fresh / "b.xlsx", {(u, "3"): {
        **decided("htnv", number="18-QĐ/TU", day=date(2024, 10, 5)), "rerate": "Có",
        "reason": "Phát hiện vi phạm"}}))
    assert early.returncode == 1 and digest(fresh / "r.sqlite") == ledger
    assert ("ngày xếp loại lại 5/10/2024 ở trước ngày 10/10/2024 của Quyết định số 15-QĐ/TU "
            "mà nó thay thế") in early.stderr


def test_an_appraisal_typed_after_its_decision_is_refused_in_words_not_dropped(fresh):
    """The appraisal comes before the decision (Art. 12.1): one typed on a period decided
    and in force is not passed over as «recorded before»; it is refused, saying how to
    record it (with a re-rating) or clear it."""
    u = DIRECT[0]
    first = typed(fresh / "tong-hop.xlsx", fresh / "a.xlsx", as_proposed(fresh, (u, "3")))
    assert decide(fresh, first).returncode == 0
    ledger = digest(fresh / "r.sqlite")
    later = typed(first, fresh / "b.xlsx", {(u, "3"): {"appraised": TITLES["htnv"],
                                                      "remark": "Thẩm định sau"}})
    done = decide(fresh, later)
    assert done.returncode == 1 and digest(fresh / "r.sqlite") == ledger
    assert "thẩm định mới chỉ ghi cùng lần xếp loại lại" in done.stderr, done.stderr
    rerated = typed(later, fresh / "c.xlsx", {(u, "3"): {
        **decided("htnv", number="18-QĐ/TU", day=date(2024, 10, 25)), "rerate": "Có",
        "reason": "Thẩm định lại"}})
    assert decide(fresh, rerated).returncode == 0
    kinds = [k for (k,) in sqlite3.connect(fresh / "r.sqlite").execute(
        "SELECT kind FROM decisions ORDER BY seq")]
    assert kinds == ["decision", "rerating", "appraisal", "decision"]


def test_rows_filled_with_the_decisions_in_force_put_no_group_to_the_quota_again(fresh):
    """Decisions in force that the quota in use would not allow now (recorded under a
    locality's rule, say) are the record; deciding another group's unit on the workbook
    --into filled with them checks that group only."""
    db = sqlite3.connect(fresh / "r.sqlite")
    decisions.append(db, [{"kind": "decision", "unit": u, "year": 2024, "period": "1",
                           "level": "htxsnv", "recognized": None, "number": "5-QĐ/TU",
                           "day": "2024-04-10", "remark": None, "reason": "Quy tắc địa phương",
                           "by_unit": CITY, "basis": None, "workbook": None,
                           "recorded_at": "2024-04-10T08:00:00Z"} for u in DIRECT])
    db.commit()
    db.close()
    book = fresh / "tong-hop.xlsx"
    assert run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                   str(fresh / "r.xlsx"), "--into", str(book)).returncode == 0
    named = namedcells.read(book)
    assert named["FG_DEC_LEVEL"][rows(book)[(DIRECT[0], "1")]] == TITLES["htxsnv"]
    done = decide(fresh, typed(book, fresh / "qd.xlsx", {("cb-thpt-so-1", "3"): decided(
        "httnv", reason="Theo tỷ lệ của nhóm")}))
    assert done.returncode == 0, done.stderr
    assert "2 dòng đã ghi từ trước" in done.stdout


def test_a_decision_number_typed_as_a_number_is_recorded_and_printed_as_typed(fresh):
    book = typed(fresh / "tong-hop.xlsx", fresh / "a.xlsx", {(DIRECT[0], "3"): decided(
        proposed(fresh, DIRECT[0], "3"), number=15)})
    done = decide(fresh, book)
    assert done.returncode == 0 and "Quyết định số 15, bản in" in done.stdout, done.stdout
    (number,) = sqlite3.connect(fresh / "r.sqlite").execute(
        "SELECT number FROM decisions").fetchone()
    assert number == "15" and (fresh / "quyet-dinh-15.xlsx").exists()
    assert "Không có gì mới để ghi" in decide(fresh, book).stdout
