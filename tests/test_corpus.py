"""The generated hostile corpus (tests/corpus.py) in the sample inbox: the run ends normally,
every entry is accounted for, the sample's figures are unchanged, nothing written holds a
formula or more than a cell can, each file stays within its time, the run within 1 GB."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET

import corpus
from conftest import ROOT, SAMPLES, processes, run_cli
from fourgood import consolidate, framework as fw, namedcells, reader, roster as rosters

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
CASE_SECONDS = 10  # each case alone, in one worker; an honest workbook takes well under 1 s


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    stats = processes()
    tree, grew = {pid}, True
    while grew:
        more = {p for p, fields in stats.items() if int(fields[1]) in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(int(stats[p][21]) * os.sysconf("SC_PAGE_SIZE") for p in tree if p in stats)


def _run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess, int]:
    """Run fourgood, sampling the whole process tree's memory every 50 ms."""
    exe = Path(sys.executable).with_name("fourgood")
    process = subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8",
                               cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample)
    watcher.start()
    out, err = process.communicate(timeout=600)
    watcher.join()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err), peak


def _figures(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"units": data["units"], "summary": {k: v for k, v in data["summary"].items()
                                                if k != "rejected_files"},
            "quota": data["quota"], "trend": data["trend"]}


@pytest.mark.slow
def test_a_hostile_corpus_costs_only_its_own_files(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "inbox-lao-cai-2024", inbox)
    cases = corpus.build(inbox / "hostile")
    base = run_cli("consolidate", str(SAMPLES / "inbox-lao-cai-2024"), "--roster", str(ROSTER),
                   "-o", str(tmp_path / "base.xlsx"), "--json", str(tmp_path / "base.json"))
    assert base.returncode == 0, base.stderr

    done, peak = _run_measured(["consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                                str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json")])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "\x1b" not in done.stdout + done.stderr  # no escape sequence reaches the terminal
    assert 0 < peak < 1024 * 1024 * 1024, f"peak memory {peak / 2**20:.0f} MB"
    print(f"peak memory of the run: {peak / 2**20:.0f} MB")

    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    rows = summary["accepted"] + summary["rejected"]
    names = [r["file"] for r in rows]
    for name, what in cases.items():
        shown = reader.clean_text(f"hostile/{name}", one_line=True)
        assert any(n == shown or n.startswith(shown + " › ") for n in names), (name, what)
    baseline = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert {(a["file"], a["current"]) for a in baseline["accepted"]} <= {
        (a["file"], a["current"]) for a in summary["accepted"]}
    assert _figures(tmp_path / "r.json") == _figures(tmp_path / "base.json")
    codes = {r["file"]: r["code"] for r in summary["rejected"]}
    assert not [n for n, c in codes.items() if c in ("internal_error", "worker_died")]
    assert codes["hostile/o-XFD1048576.xlsx"] == "too_large"
    for bomb in ("bom-xml.xlsx", "bom-xml-utf16.xlsx", "thuc-the-ngoai.xlsx"):
        assert codes[f"hostile/{bomb}"] == "corrupt", bomb  # refused, never expanded
    assert sum(1 for n in names if n.startswith("hostile/50-dinh-kem-trung.eml")) == 1
    warned = {a["file"]: a["warnings"] for a in summary["accepted"]}
    assert "warn_future_saved_at" in warned["hostile/nam-2099.xlsx"]
    assert "warn_future_date" in warned["hostile/thu-2099.eml › so.xlsx"]
    assert "warn_sender" in warned["hostile/nguoi-la-gui.eml › so.xlsx"]
    assert "warn_identity" in warned["hostile/hai-ma-don-vi.xlsx"]

    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value[:80])
                assert not isinstance(cell.value, str) or len(cell.value) <= 32767
        assert all((d.height or 0) <= 409 for d in sheet.row_dimensions.values())


@pytest.mark.slow
def test_each_hostile_case_alone_stays_within_its_time(tmp_path):
    cases = corpus.build(tmp_path / "hostile")
    consolidate._init(rosters.load(ROSTER), fw.shipped())
    found = reader.walk([tmp_path / "hostile"])
    assert len(found.entries) + len(found.rejected) == len(cases)
    last, slow = time.monotonic(), {}
    with consolidate.pool(1) as workers:
        for entry, _ in consolidate.read_all(workers, found.entries):
            now = time.monotonic()
            if now - last > CASE_SECONDS:
                slow[entry.name] = round(now - last, 1)
            last = now
    assert slow == {}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_an_xml_part_with_a_dtd_is_refused_in_any_encoding(encoding):
    """Every part of a received workbook is parsed without expanding an entity or reaching
    outside: the fast parser only where no declaration can hide, defusedxml elsewhere."""
    xml = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><definedNames></definedNames></workbook>')
    with pytest.raises(ValueError):  # defusedxml's EntitiesForbidden
        namedcells.parse_xml(corpus.entity_bomb(xml, encoding))
    with pytest.raises(ValueError):
        namedcells.parse_xml(('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                              '"file:///etc/passwd">]><x>&e;</x>').encode(encoding))


def test_the_fast_parser_gives_defusedxmls_tree():
    data = corpus.sample_workbook(corpus.CELL)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml"):
            xml = archive.read(part)
            assert ET.tostring(namedcells.parse_xml(xml)) == ET.tostring(SafeET.fromstring(xml))
