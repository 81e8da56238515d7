"""Consolidation benchmark at a province's scale, as ratios against baselines timed in the
same run (never absolute thresholds).

It makes a synthetic roster of N units (a province: grassroots committees with their cells,
and cells directly under the province), one workbook per unit with ``fourgood new --all``
(timed: workbooks per second) filled for January–March and quarters I–III with realistic
values by the same function ``fourgood fill`` calls; one in five is e-mailed (an .eml with the workbook
attached). Then, on the same files:

- the floor: python-calamine reading every sheet of every workbook, in 1 and 2 processes;
- the naive loop: openpyxl ``load_workbook(data_only=True)`` on each file (timed on a
  sample of files and scaled to N: at 10,000 it would take half an hour);
- ``fourgood consolidate`` (default workers), with the peak resident memory of its whole
  process tree and of its main process (sampled every 20 ms from /proc);
- a re-run on the same inbox and ledger, and one after 10 workbooks were changed;
- the ledger's size per submission.

Run:  .venv/bin/python bench/bench_consolidate.py [N ...] [--cache DIR] [--seed S]
      (default N = 1000; with two sizes, also the time and memory ratios between them)
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_sample_inbox import document as sample_document  # noqa: E402 - realistic values
from make_sample_inbox import quarter_document  # noqa: E402


def document(unit, rng: random.Random) -> dict:
    """A unit's workbook values: the sample's months January–March and quarters I–III."""
    return {**sample_document(unit, rng), "quarters": quarter_document(unit, 3, 0)["quarters"]}

FOURGOOD = Path(sys.executable).with_name("fourgood")
NAIVE_SAMPLE = 200
CHANGED = 10
GROUPS = ("xa-phuong", "co-quan", "su-nghiep", "luc-luong-vu-trang", "doanh-nghiep")


# ---- the synthetic province ------------------------------------------------------------------
def province(n: int, seed: int, code: str = "mau") -> dict:
    """A roster of ``n`` units under one province (``code`` names it and prefixes its
    units): ≈ 1 committee per 8 units, each with its cells, and some cells directly under
    the province (as in the Lào Cai roster)."""
    rng = random.Random(f"{seed}-{code}")
    root = {"id": f"tinh-{code}", "name": f"Đảng bộ tỉnh {code.title()}",
            "type": "dang-bo-cap-tren", "parent": None, "email": f"btc@tinh-{code}.example"}
    units = [root]
    while len(units) < n:
        k = len(units)
        group = rng.choice(GROUPS)
        if rng.random() < 0.1:  # a cell directly under the province
            cell = f"{code}-cb-{k:06d}"
            units.append({"id": cell, "name": f"Chi bộ cơ quan số {k}", "type": "chi-bo",
                          "parent": root["id"], "group": group,
                          "email": f"{cell}@tinh-{code}.example"})
            continue
        committee = f"{code}-dbcs-{k:06d}"
        units.append({"id": committee, "name": f"Đảng bộ xã số {k}", "type": "dang-bo-co-so",
                      "parent": root["id"], "group": group,
                      "email": f"{committee}@tinh-{code}.example"})
        for c in range(min(rng.randint(4, 10), n - len(units))):
            cell = f"{committee}-{c + 1:02d}"
            units.append({"id": cell, "name": f"Chi bộ thôn {c + 1} xã số {k}", "type": "chi-bo",
                          "parent": committee, "email": f"{cell}@tinh-{code}.example"})
    return {"id": f"tinh-{code}-{n}", "name": f"Tỉnh {code.title()} ({n} đơn vị)", "year": 2024,
            "units": units}


def _fill(job: tuple[str, str, str, int]) -> None:
    from fourgood import templates

    roster_path, blank, out, seed = job
    tree = _roster(roster_path)
    unit = tree[templates.workbook_meta(Path(blank))["unit_id"]]
    rng = random.Random(f"{seed}-{unit.id}")
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.2:  # e-mailed
        workbook = target.with_suffix(".tmp.xlsx")
        templates.fill(Path(blank), document(unit, rng), workbook)
        when = datetime(2024, 4, rng.randint(2, 12), rng.randint(7, 17), tzinfo=timezone.utc)
        message = EmailMessage()
        message["From"] = f"{unit.name} <{unit.email}>"
        message["To"] = tree.roots[0].email
        message["Subject"] = f"Sổ tự đánh giá quý I/2024 — {unit.name}"
        message["Date"] = format_datetime(when)
        message.set_content("Kính gửi Ban Tổ chức Tỉnh ủy.\n")
        message.add_attachment(workbook.read_bytes(), maintype="application",
                               subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               filename=f"{unit.id}.xlsx")
        target.with_suffix(".eml").write_bytes(bytes(message))
        workbook.unlink()
    else:
        templates.fill(Path(blank), document(unit, rng), target)


_TREES: dict = {}


def _roster(path: str):
    from fourgood import roster as rosters

    if path not in _TREES:
        _TREES[path] = rosters.load(Path(path))
    return _TREES[path]


def _fourgood(*args: str) -> subprocess.CompletedProcess:
    command = [str(FOURGOOD)] if FOURGOOD.exists() else [sys.executable, "-m", "fourgood.cli"]
    return subprocess.run(command + list(args), capture_output=True, text=True,
                          encoding="utf-8", check=True)


def make_province(n: int, seed: int, where: Path, code: str = "mau"
                  ) -> tuple[Path, Path, float]:
    """The roster and inbox of a synthetic province of ``n`` units (made once per ``where``),
    and the rate of ``fourgood new --all`` in workbooks per second."""
    roster, inbox, done = where / "roster.json", where / "inbox", where / "made.json"
    if done.exists():
        return roster, inbox, json.loads(done.read_text())["new_rate"]
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    roster.write_text(json.dumps(province(n, seed, code), ensure_ascii=False),
                      encoding="utf-8")
    blank = where / "blank"
    start = time.perf_counter()
    _fourgood("new", "--all", "--roster", str(roster), "--year", "2024", "-o", str(blank))
    rate = n / (time.perf_counter() - start)
    jobs = []
    top = json.loads(roster.read_text(encoding="utf-8"))["units"][0]["id"]
    for k, path in enumerate(sorted(blank.glob("*.xlsx"))):
        if path.name.startswith(f"{top}_"):
            continue  # the province's own consolidation workbook: not sent to itself
        jobs.append((str(roster), str(path), str(inbox / f"dot-{k // 500:03d}" / path.name), seed))
    with multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool:
        for _ in pool.imap_unordered(_fill, jobs, chunksize=16):
            pass
    shutil.rmtree(blank)
    done.write_text(json.dumps({"new_rate": rate}))
    return roster, inbox, rate


def change(inbox: Path, roster: Path, count: int, seed: int) -> None:
    """Refill ``count`` workbooks of the inbox with other values (as units resubmitting)."""
    from fourgood import templates

    paths = sorted(inbox.rglob("*.xlsx"))[:count]
    for path in paths:
        unit = _roster(str(roster))[templates.workbook_meta(path)["unit_id"]]
        templates.fill(path, document(unit, random.Random(f"{seed}-again-{unit.id}")), path)


# ---- baselines -----------------------------------------------------------------------------
def _workbooks(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.rglob("*") if p.suffix in (".xlsx", ".eml"))


def _payload(path: Path) -> bytes:
    if path.suffix == ".xlsx":
        return path.read_bytes()
    import email
    import email.policy

    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return next(message.iter_attachments()).get_content()


def _calamine_one(path: Path) -> int:
    import io

    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_payload(path)))
    cells = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    book.close()
    return cells


def calamine_floor(paths: list[Path], processes: int) -> float:
    """Seconds to read every sheet of every workbook with python-calamine alone."""
    start = time.perf_counter()
    if processes == 1:
        for path in paths:
            _calamine_one(path)
    else:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            for _ in pool.imap_unordered(_calamine_one, paths, chunksize=32):
                pass
    return time.perf_counter() - start


def naive(paths: list[Path]) -> float:
    """Seconds per file of the obvious implementation: openpyxl with cached values, every
    defined name read."""
    import io

    import openpyxl

    sample = paths[:: max(1, len(paths) // NAIVE_SAMPLE)][:NAIVE_SAMPLE]
    start = time.perf_counter()
    for path in sample:
        wb = openpyxl.load_workbook(io.BytesIO(_payload(path)), data_only=True)
        for name, defined in wb.defined_names.items():
            for title, ref in defined.destinations:
                if title in wb.sheetnames:
                    _ = wb[title][ref.replace("$", "")]
        wb.close()
    return (time.perf_counter() - start) / len(sample)


# ---- consolidate, measured -------------------------------------------------------------------
def _stat() -> dict[int, tuple[int, int]]:
    """pid -> (parent, resident bytes) of every process (Linux /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                out[int(entry)] = (int(fields[1]), int(fields[21]) * page)
            except (OSError, IndexError):
                continue
    return out


def consolidate(inbox: Path, roster: Path, work: Path) -> dict:
    """Seconds and peak resident memory (whole process tree, main process) of one run."""
    command = [str(FOURGOOD)] if FOURGOOD.exists() else [sys.executable, "-m", "fourgood.cli"]
    command += ["consolidate", str(inbox), "--roster", str(roster), "-o",
                str(work / "report.xlsx"), "--json", str(work / "summary.json"), "--ledger",
                str(work / "ledger.sqlite")]
    peak = {"tree": 0, "main": 0}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")

    def sample() -> None:
        while process.poll() is None:
            stats = _stat()
            tree, todo = 0, [process.pid]
            while todo:
                pid = todo.pop()
                tree += stats.get(pid, (0, 0))[1]
                todo += [p for p, (parent, _) in stats.items() if parent == pid]
            peak["tree"] = max(peak["tree"], tree)
            peak["main"] = max(peak["main"], stats.get(process.pid, (0, 0))[1])
            time.sleep(0.02)

    watcher = threading.Thread(target=sample)
    watcher.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"consolidate failed ({process.returncode}):\n{out}\n{err}")
    return {"seconds": seconds, "rss_tree": peak["tree"], "rss_main": peak["main"],
            "line": next((line for line in out.splitlines() if line.startswith("Xong:")), out)}


def ledger_size(work: Path) -> tuple[int, int]:
    path = work / "ledger.sqlite"
    rows = sqlite3.connect(path).execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    return path.stat().st_size, rows


def measure(n: int, seed: int, cache: Path) -> dict:
    where = cache / f"province-{n}-{seed}"
    print(f"\n== {n} units (inbox: {where / 'inbox'})", flush=True)
    roster, inbox, new_rate = make_province(n, seed, where)
    paths = _workbooks(inbox)
    result = {"n": n, "files": len(paths), "new_rate": new_rate}
    result["floor_1"] = calamine_floor(paths, 1)
    result["floor_2"] = calamine_floor(paths, 2)
    result["naive_per_file"] = naive(paths)
    result["naive"] = result["naive_per_file"] * len(paths)
    with tempfile.TemporaryDirectory(prefix="fourgood-bench-") as tmp:
        work = Path(tmp)
        copy = work / "inbox"
        shutil.copytree(inbox, copy)
        first = consolidate(copy, roster, work)
        result.update(first=first["seconds"], rss_tree=first["rss_tree"],
                      rss_main=first["rss_main"], line=first["line"])
        result["rerun"] = consolidate(copy, roster, work)["seconds"]
        change(copy, roster, CHANGED, seed)
        result["changed"] = consolidate(copy, roster, work)["seconds"]
        size, rows = ledger_size(work)
        result["ledger_per_submission"] = size / rows
    show(result)
    return result


def show(r: dict) -> None:
    mb = 1024 * 1024
    print(f"files: {r['files']} ({r['n']} units)")
    print(f"fourgood new --all:              {r['new_rate']:.0f} workbooks/s")
    print(f"calamine floor, 1 / 2 processes: {r['floor_1']:.1f} s / {r['floor_2']:.1f} s")
    print(f"naive openpyxl loop:             {r['naive']:.1f} s "
          f"({1000 * r['naive_per_file']:.0f} ms per file, timed on {NAIVE_SAMPLE} files)")
    print(f"consolidate:                     {r['first']:.1f} s   [{r['line'].strip()}]")
    print(f"  / calamine floor (2 processes): {r['first'] / r['floor_2']:.2f}   (goal ≤ 1.5)")
    print(f"  naive / consolidate:            {r['naive'] / r['first']:.1f}   (goal ≥ 10)")
    print(f"  peak RSS, process tree / main:  {r['rss_tree'] / mb:.0f} MB / "
          f"{r['rss_main'] / mb:.0f} MB   (goal ≤ 400 MB)")
    print(f"re-run, nothing new:             {r['rerun']:.1f} s = "
          f"{100 * r['rerun'] / r['first']:.0f} % of the first run   (goal ≤ 10 %)")
    print(f"re-run, {CHANGED} files changed:        {r['changed']:.1f} s = "
          f"{100 * r['changed'] / r['first']:.0f} % of the first run")
    print(f"ledger per submission:           {r['ledger_per_submission'] / 1024:.1f} KB   "
          f"(goal ≤ 10 KB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cache", type=Path, help="keep the generated provinces here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fourgood-provinces-") as tmp:
        cache = args.cache or Path(tmp)
        results = [measure(n, args.seed, cache) for n in args.sizes]
    if len(results) > 1:
        small, large = results[0], results[-1]
        scale = large["files"] / small["files"]
        print(f"\n== {large['n']} vs {small['n']} units (× {scale:.1f} files)")
        print(f"time ratio:      {large['first'] / small['first']:.2f}   "
              f"(goal ≤ {1.1 * scale:.1f})")
        print(f"peak RSS ratio:  {large['rss_tree'] / small['rss_tree']:.2f}   (goal ≤ 1.2)")
    print(f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
