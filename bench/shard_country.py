"""Beyond one machine, simulated on this one: a country's consolidation sharded by province.

Each province is consolidated by the same pipeline (`fourgood consolidate` on its own inbox,
roster and ledger) as one task of Dask, an existing engine for parallel work: on a cluster,
the same tasks run on the cluster's machines (`dask.distributed.Client(address)`); here
they run in local processes. The provinces' ledgers are then merged with SQL into a country
ledger, and the country's report is made from it without reading any file again (an empty
inbox: every figure comes from the ledger, committees' criterion 5 recomputed from the
stored inputs). The figures are checked against one run over every province's inbox.

Run:  .venv/bin/python bench/shard_country.py [PROVINCES] [UNITS] [--cache DIR]
      (default 3 provinces of 300 units; needs `pip install -e .[bench]` for Dask)
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_consolidate import FOURGOOD, make_province  # noqa: E402

CODES = ("bac", "trung", "nam", "dong", "tay", "lam", "son", "hai")
COLUMNS = ("sha256", "source", "file_time", "saved_at", "sender", "sent_at", "subject", "unit",
           "year", "template", "status", "reason", "message_vi", "message_en", "warnings",
           "summary", "record")
# The sections of the figures that speak of units (not of this run's files).
UNIT_FIGURES = ("year", "month", "summary", "by_type", "units", "weak_criteria", "trend",
                "missing_units", "recognition", "quota")


def _figures(summary: dict) -> dict:
    """The unit figures, each file named as its own inbox names it (one run over several
    inboxes names every file after its inbox) and each warning by its code."""
    def plain(unit: dict) -> dict:
        return {**unit, "source": unit["source"] and re.sub(r"^inbox( \(\d+\))?/", "",
                                                            unit["source"]),
                "warnings": [w["code"] for w in unit["warnings"]]}
    return {**summary, "units": [plain(u) for u in summary["units"]]}


def consolidate(inboxes: list[str], roster: str, out: str) -> str:
    """One run of the pipeline, as a task: its report, JSON and ledger under ``out``."""
    command = [str(FOURGOOD)] if FOURGOOD.exists() else [sys.executable, "-m", "fourgood.cli"]
    done = subprocess.run(command + ["consolidate", *inboxes, "--roster", roster, "-o",
                                     f"{out}.xlsx", "--json", f"{out}.json", "--ledger",
                                     f"{out}.sqlite", "--workers", "1"],
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"consolidate {inboxes} failed:\n{done.stdout}{done.stderr}")
    return f"{out}.sqlite"


def merge(ledgers: list[str], country: Path) -> None:
    """The provinces' ledgers in one: each submission once; current ones are decided again
    by the country's run."""
    from fourgood.ledger import Ledger

    Ledger(country).close()  # the schema
    db = sqlite3.connect(country)
    columns = ", ".join(COLUMNS)
    for n, path in enumerate(ledgers):
        db.execute(f"ATTACH DATABASE ? AS p{n}", (path,))
        db.execute(f"INSERT INTO submissions ({columns}) SELECT {columns} FROM p{n}.submissions "
                   "WHERE true ON CONFLICT (sha256, source) DO NOTHING")
        db.commit()
        db.execute(f"DETACH DATABASE p{n}")
    db.close()


def country_roster(provinces: list[Path], path: Path) -> None:
    """The country above its provinces: each province's root under the centre."""
    units = [{"id": "trung-uong", "name": "Ban Tổ chức Trung ương (mô phỏng)",
              "type": "dang-bo-cap-tren", "parent": None}]
    for roster in provinces:
        data = json.loads(roster.read_text(encoding="utf-8"))
        data["units"][0]["parent"] = "trung-uong"
        units += data["units"]
    path.write_text(json.dumps({"id": "ca-nuoc", "name": "Cả nước (mô phỏng)", "year": 2024,
                                "units": units}, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    import dask.bag

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("provinces", nargs="?", type=int, default=3)
    parser.add_argument("units", nargs="?", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cache", type=Path, help="keep the generated provinces here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fourgood-country-") as tmp:
        work, cache = Path(tmp), args.cache or Path(tmp)
        made = [make_province(args.units, args.seed, cache / f"shard-{code}-{args.units}", code)
                for code in CODES[:args.provinces]]
        rosters = [r for r, _, _ in made]
        country = work / "country-roster.json"
        country_roster(rosters, country)
        start = time.perf_counter()
        tasks = dask.bag.from_sequence(
            [([str(inbox)], str(roster), str(work / f"province-{n}"))
             for n, (roster, inbox, _) in enumerate(made)], npartitions=len(made))
        ledgers = tasks.starmap(consolidate).compute(scheduler="processes", num_workers=2)
        sharded = time.perf_counter() - start
        merge(ledgers, work / "country.sqlite")
        (work / "empty").mkdir()
        consolidate([str(work / "empty")], str(country), str(work / "country"))
        total = time.perf_counter() - start
        start = time.perf_counter()
        consolidate([str(inbox) for _, inbox, _ in made], str(country), str(work / "single"))
        single = time.perf_counter() - start
        merged = json.loads((work / "country.json").read_text(encoding="utf-8"))
        alone = json.loads((work / "single.json").read_text(encoding="utf-8"))
        same = all(_figures(merged)[k] == _figures(alone)[k] for k in UNIT_FIGURES)

    units = args.provinces * args.units
    print(f"{args.provinces} provinces × {args.units} units: provinces consolidated by Dask in "
          f"{sharded:.1f} s, ledgers merged and the country's report made in "
          f"{total - sharded:.1f} s; one run over every inbox: {single:.1f} s")
    print(f"country figures from the merged ledger equal one run over every inbox: {same}")
    print(f"({units} units, {merged['summary']['received']} reported)")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
