"""Faults around a consolidation: the run killed at any moment, two runs on one ledger, a
full disk, a ledger that is not one, bad arguments, outputs that would overwrite the inbox.
Each ends in words and an exit code, never a traceback, a changed inbox or a stray file."""
from __future__ import annotations

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
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, group_alive, run_cli
from fourgood import templates, roster as rosters
from fourgood.ledger import Ledger

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024"


def _consolidate(tmp_path: Path, *extra: str, inbox: Path = INBOX, **kwargs):
    return run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"), *extra,
                   **kwargs)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_a_consistent_ledger_and_no_process(tmp_path):
    """SIGKILL at random moments, then a full run: the ledger is whole, the figures equal an
    uninterrupted run's, the inbox is untouched and no worker lives on."""
    whole = tmp_path / "whole"
    whole.mkdir()
    assert _consolidate(whole).returncode == 0
    killed = tmp_path / "killed"
    killed.mkdir()
    before = _digest(INBOX)
    exe = Path(sys.executable).with_name("fourgood")
    rng = random.Random(3)
    for _ in range(3):
        run = subprocess.Popen([str(exe), "consolidate", str(INBOX), "--roster", str(ROSTER),
                                "-o", str(killed / "r.xlsx"), "--json", str(killed / "r.json")],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        time.sleep(rng.uniform(0.3, 2.0))
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 10
        while group_alive(run.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not group_alive(run.pid), "a worker outlived its killed parent"
        if (killed / "r.sqlite").exists():
            check = sqlite3.connect(killed / "r.sqlite").execute("PRAGMA integrity_check")
            assert check.fetchone()[0] == "ok"
    assert _consolidate(killed).returncode == 0
    assert [p.name for p in killed.iterdir() if "tmp" in p.name] == []
    assert _digest(INBOX) == before

    def figures(folder: Path) -> dict:
        data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
        return {k: data[k] for k in ("units", "quota", "trend", "by_parent")}

    assert figures(killed) == figures(whole)


def test_a_second_run_on_a_ledger_in_use_is_refused_in_words(tmp_path):
    with Ledger.lock(tmp_path / "r.sqlite"):  # another run holds it (an OS lock)
        done = _consolidate(tmp_path)
    assert done.returncode == 1
    assert "đang được một lần tổng hợp khác (fourgood consolidate) dùng" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.xlsx").exists()
    assert _consolidate(tmp_path).returncode == 0  # free again once the other run ended


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE: POSIX")
def test_a_full_disk_ends_in_words_with_the_old_files_intact(tmp_path):
    assert _consolidate(tmp_path).returncode == 0
    before = _digest(tmp_path)
    import resource

    def small_disk() -> None:  # every write past 64 KB fails as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    exe = Path(sys.executable).with_name("fourgood")
    done = subprocess.run([str(exe), "consolidate", str(INBOX), "--roster", str(ROSTER), "-o",
                           str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json")],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          preexec_fn=small_disk)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.strip()
    after = _digest(tmp_path)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")}


def test_a_ledger_that_is_not_one_is_refused_and_kept(tmp_path):
    text = tmp_path / "ghi-chu.sqlite"
    text.write_text("không phải sổ", encoding="utf-8")
    truncated = tmp_path / "cut.sqlite"
    assert _consolidate(tmp_path, "--ledger", str(truncated)).returncode == 0
    truncated.write_bytes(truncated.read_bytes()[:3000])
    folder = tmp_path / "thu-muc.sqlite"
    folder.mkdir()
    for ledger in (text, truncated, folder):
        kept = ledger.read_bytes() if ledger.is_file() else None
        done = _consolidate(tmp_path, "--ledger", str(ledger))
        assert done.returncode == 1, (ledger.name, done.stderr)
        assert "Traceback" not in done.stderr and str(ledger) in done.stderr
        assert kept is None or ledger.read_bytes() == kept
    assert [p.name for p in tmp_path.iterdir() if "tmp" in p.name] == []


@pytest.mark.parametrize("option,value", [("--workers", "0"), ("--workers", "500"),
                                          ("--workers", "hai"), ("--deadline-days", "-1"),
                                          ("--deadline-days", "1000000000"),
                                          ("--year", "10000"), ("--month", "13")])
def test_each_bad_argument_is_refused_before_any_work(tmp_path, option, value):
    done = _consolidate(tmp_path, option, value)
    assert done.returncode == 2
    assert option in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())


def test_outputs_inside_the_inbox_or_on_each_other_are_refused(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    roster = tmp_path / "roster.json"
    shutil.copy(ROSTER, roster)
    before = _digest(inbox), roster.read_bytes()
    received = next(inbox.rglob("*.eml"))
    for args in (["-o", str(received)], ["-o", str(inbox / "bao-cao.xlsx")],
                 ["-o", str(tmp_path / "r.xlsx"), "--json", str(received)],
                 ["-o", str(tmp_path / "r.xlsx"), "--json", str(roster)],
                 ["-o", str(tmp_path / "r.xlsx"), "--ledger", str(tmp_path / "r.xlsx")]):
        done = run_cli("consolidate", str(inbox), "--roster", str(roster), *args)
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr and done.stderr.strip()
    assert (_digest(inbox), roster.read_bytes()) == before
    assert not (tmp_path / "r.xlsx").exists()


def test_two_inboxes_holding_the_same_file_name_stay_apart(tmp_path):
    """The same relative name in two inboxes: two files, and the report's current one is
    the ledger's current one."""
    tree = rosters.load(ROSTER)
    unit = "cb-y-te-khoa-noi"  # sends nothing in the sample
    first, second = tmp_path / "dot-1", tmp_path / "dot-2"
    for folder, points in ((first, 10), (second, 14)):
        folder.mkdir()
        path = templates.new_workbook(tree, unit, 2024, folder / "so.xlsx")
        templates.fill(path, {"periods": {"3": {"values": {"c1.1": points}}}}, path)
    os.utime(first / "so.xlsx", (1_700_000_000, 1_700_000_000))
    os.utime(second / "so.xlsx", (1_710_000_000, 1_710_000_000))
    done = run_cli("consolidate", str(first), str(second), "--roster", str(ROSTER), "-o",
                   str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    files = {a["file"]: a["current"] for a in summary["accepted"]}
    assert files == {"dot-1/so.xlsx": False, "dot-2/so.xlsx": True}
    ledger = sqlite3.connect(tmp_path / "r.sqlite").execute(
        "SELECT source FROM submissions WHERE current = 1").fetchall()
    assert ledger == [("dot-2/so.xlsx",)]
    row = next(u for u in summary["units"] if u["unit"] == unit)
    assert row["source"] == "dot-2/so.xlsx"
