"""The office's year from its own workbook: the add-in's one button on the city's workbook,
run through xlwings' remote engine, consolidates what it received into the ledger beside
it, records the decisions typed on «Thẩm định, quyết định» and verifies the record — with
the same ledger rows, decisions, papers and filled workbook as ``fourgood consolidate
--into`` + ``fourgood decide`` on the same files."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest

import xlharness
from conftest import SAMPLES, run_cli
from fourgood import namedcells
from fourgood.ledger import Ledger
from fourgood.messages import text
from macros_py import scripts

from test_decisions import DIRECT, attachment, set_saved_at

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024-quy"
TYPED = SAMPLES / "quyet-dinh-lao-cai-2024"
CITY = "dang-bo-thanh-pho-lao-cai"
DECISIONS = text("tpl_sheet_decisions")
EPOCH = "1728900000"  # 2024-10-14: the decisions' record time, the same on both sides


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def office(folder: Path, blank: Path) -> Path:
    """An office's folder: its workbook «tong-hop.xlsx» and the files received beside it."""
    folder.mkdir()
    shutil.copytree(INBOX, folder / scripts.INBOX)
    shutil.copy(blank, folder / "tong-hop.xlsx")
    return folder / "tong-hop.xlsx"


def by_command(book: Path, *, consolidate: bool = True, decide: str | None = None):
    """What the office would run in a terminal in the workbook's folder."""
    folder = book.parent
    if consolidate:
        done = run_cli("consolidate", scripts.INBOX, "--roster", str(ROSTER), "-o",
                       "tong-hop-bao-cao.xlsx", "--ledger", "tong-hop.sqlite",
                       "--into", "tong-hop.xlsx", cwd=folder)
        assert done.returncode == 0, done.stderr
    if decide:
        type_into(book, decide)
        return run_cli("decide", str(book), "--roster", str(ROSTER), "--ledger",
                       str(folder / "tong-hop.sqlite"), cwd=folder)
    return None


def by_button(book: Path, *, decide: str | None = None, answer: str | None = "ok"):
    """The button pressed on the workbook as Excel holds it (Excel's actions carried out
    on the file): on «Đơn vị trực thuộc» to consolidate, or after typing ``decide`` on
    «Thẩm định, quyết định»; returns the alerts and the actions."""
    asked = []

    def officer(question: str) -> str | None:
        asked.append(question)
        return answer

    if decide:
        type_into(book, decide)
    actions = xlharness.run(lambda b: scripts.main(b, book.parent, officer), book,
                            active=DECISIONS if decide else None)
    alerts = xlharness.apply(book, actions, book)
    return alerts, asked, actions


def type_into(book: Path, values: str) -> None:
    """The office types a sample's appraisals and decisions into its workbook."""
    typed = book.with_name("typed.xlsx")
    done = run_cli("fill", str(book), "--values", str(TYPED / f"{values}.json"), "-o",
                   str(typed), "--force")
    assert done.returncode == 0, done.stderr
    typed.replace(book)


def rows(ledger: Path, table: str, leave: tuple[str, ...] = ()) -> list[tuple]:
    """A ledger table's rows, without the columns ``leave`` (ids, given as files are read:
    in the order the files are read by as many processes as the run has, sorted then)."""
    db = sqlite3.connect(ledger)
    try:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        found = [tuple(v for n, v in zip(names, r) if n not in leave) for r in cursor]
        return sorted(found, key=repr) if leave else found
    finally:
        db.close()


def papers(folder: Path) -> dict[str, list]:
    """Every decision paper's cell values, by file name."""
    return {p.name: [list(r) for r in openpyxl.load_workbook(p).active.iter_rows(values_only=True)]
            for p in sorted(folder.glob("quyet-dinh-*.xlsx"))}


def shown(book: Path) -> dict:
    """What the filled workbook shows of the run: its units, quotas and decision rows."""
    named = namedcells.read(book)
    return {k: v for k, v in named.items()
            if k.startswith(("FG_SUB_", "FG_QUOTA_", "FG_DEC_", "FG_DQ_"))
            and k not in ("FG_DEC_STATE",)}


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("blank") / "tong-hop.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", CITY, "--year", "2024",
                   "-o", str(book)).returncode == 0
    return book


@pytest.fixture(scope="module")
def consolidated(blank, tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """The city's office consolidated once in a terminal and once by the button (its
    folder, and the button's alerts), copied by each test that starts from there."""
    work = tmp_path_factory.mktemp("consolidated")
    command, button = office(work / "command", blank), office(work / "button", blank)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        by_command(command)
        alerts, _, _ = by_button(button)
    return command.parent, button.parent, alerts


def offices(consolidated, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the two consolidated offices: their workbooks."""
    return tuple(Path(shutil.copytree(folder, tmp_path / folder.name)) / "tong-hop.xlsx"
                 for folder in consolidated[:2])


def test_the_button_keeps_the_year_as_the_commands_do(consolidated, tmp_path):
    command, button = offices(consolidated, tmp_path)
    alerts = consolidated[2]
    assert "Báo cáo: " in alerts[0] and "tong-hop.sqlite" in alerts[0]
    assert (button.parent / "tong-hop-bao-cao.xlsx").is_file()
    leave = ("id",)  # the same files, read into the same rows
    assert rows(button.with_name("tong-hop.sqlite"), "submissions", leave) == \
        rows(command.with_name("tong-hop.sqlite"), "submissions", leave)
    assert shown(button) == shown(command)

    # the city decides quarter III, then re-rates one decision
    for values in ("quy-3", "quy-3-xep-loai-lai"):
        done = by_command(command, consolidate=False, decide=values)
        assert done.returncode == 0, done.stderr
        alerts, asked, _ = by_button(button, decide=values)
        assert "Sẽ ghi vào sổ cái" in asked[0] and "Bấm OK để ghi" in asked[0]
        assert "Đã ghi vào sổ cái" in alerts[0] and "nguyên vẹn" in alerts[0]
    for ledger in (command, button):
        assert run_cli("ledger", "verify", str(ledger.with_name("tong-hop.sqlite"))).returncode == 0
    assert rows(button.with_name("tong-hop.sqlite"), "decisions") == \
        rows(command.with_name("tong-hop.sqlite"), "decisions")  # one record time on both
    assert papers(button.parent) == papers(command.parent) and papers(button.parent)

    # the button consolidated again after deciding: the workbook shows what the ledger
    # recorded, as a consolidation after ``decide`` shows it
    by_command(command)
    assert shown(button) == shown(command)
    recorded = [r for r in shown(button)["FG_DEC_RECORDED"] if r]
    assert recorded and all(r.startswith("Đã ghi") for r in recorded)


def test_a_refusal_reaches_excel_in_the_words_of_the_command(consolidated, tmp_path):
    command, button = offices(consolidated, tmp_path)
    clean = shutil.copy(button, tmp_path / "clean.xlsx")
    ledger = button.with_name("tong-hop.sqlite")
    before = hashlib.sha256(ledger.read_bytes()).hexdigest()
    done = by_command(command, consolidate=False, decide="quy-3-lan-1")
    assert done.returncode == 1
    alerts, asked, actions = by_button(button, decide="quy-3-lan-1")
    assert not asked  # nothing to confirm while a problem remains
    assert alerts[0].splitlines() == [line.replace("  - ", "- ", 1).replace(
        str(command.parent), str(button.parent)) for line in done.stderr.strip().splitlines()]
    assert hashlib.sha256(ledger.read_bytes()).hexdigest() == before
    assert not list(button.parent.glob("quyet-dinh-*"))
    notes = {ref: note for (sheet, ref), note in xlharness.notes(button).items()
             if sheet == DECISIONS}
    assert notes and all(ref.startswith("Q") for ref in notes)  # on «Tình trạng»
    for line in alerts[0].splitlines()[1:]:  # each row's problem is on that row
        row = line.split("dòng ", 1)[1].split(":", 1)[0] if "dòng " in line else None
        if row and row.isdigit():
            assert line[2:].split(": ", 1)[1] in notes[f"Q{row}"]

    # corrected, the notes go and the decisions are recorded
    shutil.copy(clean, button)
    alerts, asked, _ = by_button(button, decide="quy-3")
    assert asked and "Đã ghi vào sổ cái" in alerts[0], alerts
    assert not any(sheet == DECISIONS for sheet, _ in xlharness.notes(button))


@pytest.mark.slow
def test_nothing_is_recorded_without_a_yes_or_while_another_run_holds_the_ledger(blank,
                                                                                 tmp_path):
    button = office(tmp_path / "button", blank)
    by_button(button)
    ledger = button.with_name("tong-hop.sqlite")
    before = hashlib.sha256(ledger.read_bytes()).hexdigest()
    alerts, asked, _ = by_button(button, decide="quy-3", answer="cancel")
    assert asked and "đã chọn không ghi" in alerts[0]
    alerts, asked, _ = by_button(button, decide="quy-3", answer=None)  # no box to answer
    assert "bổ trợ fourgood trên Excel máy tính" in alerts[0]
    with Ledger.lock(ledger, "consolidate"):  # a second click while the first one runs
        alerts, _, _ = by_button(button, decide="quy-3")
    assert "đang tổng hợp" in alerts[0] or "đang" in alerts[0]
    assert hashlib.sha256(ledger.read_bytes()).hexdigest() == before
    assert not list(button.parent.glob("quyet-dinh-*"))
    # with nothing new typed, the button verifies the record and says so
    by_button(button, decide="quy-3")
    alerts, asked, _ = by_button(button, decide="quy-3")
    assert not asked and "Không có gì mới để ghi" in alerts[0] and "nguyên vẹn" in alerts[0]


@pytest.mark.slow
def test_a_workbook_sent_after_the_decision_is_recorded_and_not_used(blank, tmp_path):
    command = office(tmp_path / "command", blank)
    button = office(tmp_path / "button", blank)
    by_command(command, decide="quy-3")
    by_button(button)
    by_button(button, decide="quy-3")
    for book in (command, button):  # the same workbook, sent again after the decision
        later = book.parent / scripts.INBOX / "sau-quyet-dinh" / f"{DIRECT[0]}.xlsx"
        later.parent.mkdir()
        source = sorted(INBOX.glob(f"quy-3/*_{DIRECT[0]}.eml"))[0]
        sent = book.with_name("sent.xlsx")
        sent.write_bytes(attachment(source))
        namedcells.write(sent, {"FG_Q_k_1": {2: 40}}, later)  # quarter III, lower
        sent.unlink()
        set_saved_at(later, datetime(2024, 10, 20, 8, 0, tzinfo=timezone.utc))
    by_command(command)
    by_button(button)
    leave = ("id",)
    got = rows(button.with_name("tong-hop.sqlite"), "submissions", leave)
    assert got == rows(command.with_name("tong-hop.sqlite"), "submissions", leave)
    assert any("sau-quyet-dinh" in str(r) for r in got)  # recorded …
    assert shown(button) == shown(command)  # … and not used: the decided level stands
    report = openpyxl.load_workbook(button.parent / "tong-hop-bao-cao.xlsx")
    assert any("nộp sau quyết định số 15-QĐ/TU" in str(c) for row in
               report[DECISIONS].iter_rows(values_only=True) for c in row)


def test_the_api_example_runs(tmp_path):
    """docs/api.md's example, as a data officer would paste it."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copytree(INBOX, tmp_path / "inbox")
    shutil.copy(ROSTER, tmp_path / "roster.json")
    shutil.copytree(TYPED, tmp_path / "typed")
    scope: dict = {}
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(code, "docs/api.md", "exec"), scope)  # noqa: S102 - the docs' own code
    finally:
        os.chdir(here)
    table = scope["table"]
    assert len(table) == 22 and list(table.columns)[:2] == [1, 2]
    assert scope["decided"].recorded > 0 and scope["found"].ok
    assert json.loads(json.dumps(scope["decided"].counts))["decision"] > 0
