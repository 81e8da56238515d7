"""Consolidation benchmark: throughput and memory, as ratios against baselines timed in the
same run (never absolute thresholds).

- throughput: `fourgood consolidate` on N workbooks vs a naive reader that opens each
  workbook with openpyxl (the obvious implementation), on the same files;
- memory: peak resident memory of a consolidation of N files vs one of 4N files (flat
  memory gives a ratio near 1).

Run: .venv/bin/python bench/bench_consolidate.py [N]   (default N = 200)
"""
from __future__ import annotations

import email
import email.policy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "samples" / "inbox-lao-cai-2024"
ROSTER = ROOT / "samples" / "roster-lao-cai-2024.json"


def sample_workbooks() -> list[bytes]:
    """The workbooks attached to the sample inbox's e-mails."""
    out = []
    for path in sorted(INBOX.rglob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        out += [p.get_content() for p in message.iter_attachments()]
    return out


def make_inbox(folder: Path, count: int) -> Path:
    workbooks = sample_workbooks()
    folder.mkdir(parents=True)
    for n in range(count):
        sub = folder / f"dot-{n // 100:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"so-{n:05d}.xlsx").write_bytes(workbooks[n % len(workbooks)])
    return folder


def naive(folder: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    for path in sorted(folder.rglob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True)
        _ = {name: wb.defined_names[name].value for name in wb.defined_names}
        wb.close()
    return time.perf_counter() - start


def consolidate(folder: Path, work: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of a consolidation run in its own process."""
    code = ("import resource, sys; from fourgood.cli import main; rc = main(sys.argv[1:]); "
            "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, "consolidate", str(folder), "--roster",
                             str(ROSTER), "-o", str(work / f"{folder.name}.xlsx")],
                            capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    line = next(l for l in result.stdout.splitlines() if l.startswith("MAXRSS"))
    return seconds, max(int(v) for v in line.split()[1:])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = make_inbox(work / "n", count)
        large = make_inbox(work / "n4", 4 * count)
        base = naive(small)
        ours, memory_small = consolidate(small, work)
        ours_large, memory_large = consolidate(large, work)
    print(f"files: {count} (and {4 * count})")
    print(f"naive openpyxl read only: {base:.2f} s ({count / base:.1f} files/s)")
    print(f"fourgood consolidate:     {ours:.2f} s ({count / ours:.1f} files/s), "
          f"{4 * count} files: {ours_large:.2f} s")
    print(f"throughput ratio (consolidate / naive read): {base / ours:.2f}")
    print(f"time ratio 4N / N: {ours_large / ours:.2f} (4 = linear)")
    print(f"peak memory ratio 4N / N: {memory_large / memory_small:.2f} (1 = flat)")


if __name__ == "__main__":
    main()
