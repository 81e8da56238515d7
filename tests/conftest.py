"""Shared fixtures: the shipped frameworks and builders of input values described as data."""
from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# xlwings' remote engine (the tests' stand-in for Excel) is in its PRO part, free under the
# PolyForm Noncommercial licence: set before xlwings is first imported.
if not os.environ.get("XLWINGS_LICENSE_KEY"):
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

from fourgood import framework as fw, layout, render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def frameworks() -> dict[str, dict[str, Any]]:
    """Every shipped framework by id (deep copies: tests may edit them)."""
    return {i: copy.deepcopy(fw.load(i)) for i in fw.shipped_ids()}


def points_items(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for c in framework["criteria"] for i in c["items"] if i["kind"] == "points"]


def full_values(framework: dict[str, Any]) -> dict[str, Any]:
    """Every points item at its maximum and every met item met."""
    values: dict[str, Any] = {}
    for crit in framework["criteria"]:
        for item in crit["items"]:
            if item["kind"] == "points":
                values[item["id"]] = item["max"]
            elif item["kind"] == "met":
                values[item["id"]] = "Đạt"
            elif item["kind"] in ("percent", "derived"):
                values[item["id"]] = 100
    return values


def cell_inputs(frameworks, meeting: dict[str, Any] | None = None, **overrides: Any) -> dict:
    """Inputs of one cell month: full marks unless overridden; a full-mark meeting."""
    values = full_values(frameworks["chi-bo-bon-tot"])
    values.update(overrides)
    return {"values": values,
            "linked": {"sinh-hoat-chi-bo": {"values": meeting or
                                            full_values(frameworks["sinh-hoat-chi-bo"])}}}


def sample_year(folder: Path) -> Path:
    """The sample year of inputs (``samples/score/chi-bo-nam-2024.json``) for any cell's
    workbook: without the unit it names, which ``fill`` would hold against another unit."""
    data = json.loads((SAMPLES / "score" / "chi-bo-nam-2024.json").read_text(encoding="utf-8"))
    data.pop("unit", None)
    path = folder / "chi-bo-nam-2024.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def city_workbook(work: Path, inbox: Path) -> Path:
    """In ``work``: the Lào Cai city's workbook (tong-hop.xlsx, made with ``new``) filled
    by ``consolidate --into`` from ``inbox``, beside the run's ledger (r.sqlite) and report
    (r.xlsx); returns ``work``."""
    book, roster = work / "tong-hop.xlsx", str(SAMPLES / "roster-lao-cai-2024.json")
    assert run_cli("new", "--roster", roster, "--unit", "dang-bo-thanh-pho-lao-cai", "--year",
                   "2024", "-o", str(book)).returncode == 0
    done = run_cli("consolidate", str(inbox), "--roster", roster, "-o", str(work / "r.xlsx"),
                   "--into", str(book))
    assert done.returncode == 0, done.stderr
    return work


@pytest.fixture(scope="session")
def quarters_city(tmp_path_factory) -> Path:
    """``city_workbook`` of the quarters' sample inbox, made once per test process: a test
    copies what it changes."""
    return city_workbook(tmp_path_factory.mktemp("quarters-city"),
                         SAMPLES / "inbox-lao-cai-2024-quy")


def processes() -> dict[int, list[str]]:
    """Every process of the machine: pid -> the fields of /proc/PID/stat after its name
    (state, parent, group, …; Linux)."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    out[int(entry)] = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
    return out


def group_alive(group: int) -> list[int]:
    """The living processes of a process group (a run started in a session of its own)."""
    return [pid for pid, fields in processes().items()
            if int(fields[2]) == group and fields[0] != "Z"]


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess:
    """Run ``fourgood`` with ``args`` in ``cwd`` under ``env`` (added to this process's) and
    return its exit code and what it printed, as the installed command would.

    It runs ``cli.main`` (all the command does) inside this test process, with the command's
    arguments, environment, folder and output streams in place for the call: a fresh
    interpreter per call would cost more than most tests themselves. The command itself
    runs in tests/test_readme.py and wherever a test kills or interrupts a run."""
    from fourgood import cli

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2)]
    saved = dict(os.environ), os.getcwd(), sys.argv, sys.stdout, sys.stderr
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(cwd)
    sys.argv, (sys.stdout, sys.stderr) = ["fourgood", *args], streams
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse: --help, a usage error
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        os.chdir(saved[1])
        sys.argv, sys.stdout, sys.stderr = saved[2:]
    out, err = (_printed(stream) for stream in streams)
    return subprocess.CompletedProcess(["fourgood", *args], code, out, err)


def _printed(stream: io.TextIOWrapper) -> str:
    """What was written to ``stream``, read back as a pipe's text is (universal newlines)."""
    stream.flush()
    return io.TextIOWrapper(io.BytesIO(stream.buffer.getvalue()), encoding="utf-8").read()


def missing(what: str, package: str) -> None:
    """A test tool is missing: fail in CI, skip elsewhere."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} is required in CI: install {package}")
    pytest.skip(f"{what} is missing (bash scripts/setup.sh --test installs {package})")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary; in CI a missing LibreOffice fails instead of skipping."""
    found = render.find_soffice()
    if found is None:
        missing("LibreOffice (soffice)", "libreoffice-calc-nogui")
    return found


@pytest.fixture(scope="session")
def libreoffice(soffice):
    """LibreOffice kept running for this test process (``lovalues.LibreOffice``); in CI a
    missing Python bridge (uno) fails instead of skipping."""
    import lovalues

    if lovalues.uno_python(soffice) is None:
        missing("LibreOffice's Python bridge (uno)", "python3-uno")
    lo = lovalues.LibreOffice(soffice)
    yield lo
    lo.close()


def recomputed(template_id: str, named: dict[str, Any]):
    """The engine's results for a workbook's named values (as the workbook reads them)."""
    from fourgood import assess

    spec, frameworks = layout.TEMPLATES[template_id], fw.shipped()
    return assess.assess(spec, frameworks, layout.names_to_document(spec, frameworks, named))


FILL_PARTS = 4  # under pytest-xdist, the random fills are made in parts by whichever worker


@pytest.fixture(scope="session")
def fills(libreoffice, built_templates, tmp_path_factory) -> list[tuple[str, Path, Path]]:
    """(template id, filled workbook, recalculated copy): the random fills of every template
    (``test_templates_parity.make_fills``), made once per run. Under pytest-xdist they are
    made in parts, each by the first worker free to take it (with its own LibreOffice),
    and shared through the run's folder; a worker then waits for the parts still being made."""
    from filelock import FileLock, Timeout
    from test_templates_parity import make_fills

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make_fills(tmp_path_factory.mktemp("fills"), libreoffice, built_templates)
    shared = tmp_path_factory.getbasetemp().parent  # this run's, common to its workers

    def make(part: int, wait: bool) -> None:
        index = shared / f"fills-{part}.json"
        try:
            with FileLock(shared / f"fills-{part}.lock", timeout=-1 if wait else 0):
                if not index.exists():
                    made = make_fills(shared / "fills", libreoffice, built_templates, part,
                                      FILL_PARTS)
                    index.write_text(json.dumps([[t, str(f), str(r)] for t, f, r in made]))
        except Timeout:  # another worker is making it
            pass

    for part in range(FILL_PARTS):
        make(part, wait=False)
    for part in range(FILL_PARTS):
        make(part, wait=True)
    made = [tuple(row) for part in range(FILL_PARTS)
            for row in json.loads((shared / f"fills-{part}.json").read_text())]
    order = list(layout.TEMPLATES)
    return [(t, Path(f), Path(r)) for t, f, r in
            sorted(made, key=lambda row: (order.index(row[0]), Path(row[1]).name))]


@pytest.fixture(scope="session")
def workbooks(fills) -> list[tuple[str, Path, Path]]:
    """(template id, filled, recalculated workbook): the random fills of each unit template
    saved recalculated (``WORKBOOK_FILLS`` each), which the Excel scripts and functions are
    run on."""
    return [(t, f, r) for t, f, r in fills if r.suffix == ".xlsx"]


@pytest.fixture(scope="session")
def built_templates(tmp_path_factory) -> dict[str, Path]:
    """The templates freshly built, by template id."""
    from fourgood import templates

    work = tmp_path_factory.mktemp("templates")
    return dict(zip(layout.TEMPLATES, templates.build_all(work)))


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs LibreOffice (left out of the quick tier with the tests
    marked slow: ``scripts/test.sh --quick``).
    Order the tests so that each half of the run (pytest-xdist gives each of two workers
    half, in order, then balances) starts with half the tests of the random fills: both
    workers then make parts of the fills from the start, instead of one making them all."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)
    filled = [i for i in items if "fills" in getattr(i, "fixturenames", ())]
    others = [i for i in items if "fills" not in getattr(i, "fixturenames", ())]
    first = filled[0::2]
    split = max(0, len(items) // 2 - len(first))
    items[:] = first + others[:split] + filled[1::2] + others[split:]
