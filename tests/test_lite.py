"""The xlwings Lite templates: the workbook carries fourgood's code as the source holds it,
keeps it through ``fill`` and consolidation, and that code, run alone in a fresh Python,
classifies exactly as ``macros_py`` does."""
from __future__ import annotations

import ast
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree

import xlharness
from conftest import ROOT, run_cli
import fourgood
from fourgood import api, errors
from fourgood import consolidate, layout, lite, namedcells, roster as rosters, templates
from fourgood import framework as fw
from fourgood.cellref import column_letter
from macros_py import scripts
from test_templates_parity import document

ROSTER = ROOT / "samples" / "roster-lao-cai-2024.json"
FWS = fw.shipped()
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.fixture(scope="module")
def lite_templates(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("lite")
    done = run_cli("templates", "build", "--lite", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return {p.name.removesuffix("-lite.xlsx"): p for p in sorted(out.glob("*-lite.xlsx"))}


def header(main: str) -> dict[str, str]:
    """The SHA256 table at the head of main.py: file -> SHA-256 of its text."""
    table = re.search(r"\nSHA256 = (\{\n.*?\n\})\n", main, re.S)[1]
    return ast.literal_eval(table)


def test_the_lite_code_is_readable_text_listed_with_its_hashes(lite_templates):
    """No base64, no archive: every file is source text whose SHA-256 the header lists, and
    the files are exactly the modules macros_py's scripts and functions import."""
    main = lite.embedded(lite_templates["chi-bo"])["main.py"]
    assert "base64" not in main and "zipfile" not in main
    assert not re.search(r"[A-Za-z0-9+/=]{200,}", main)  # no long encoded run
    assert f'RELEASE = "fourgood {fourgood.__version__}"' in main
    files = lite.files_of(main)
    listed = header(main)
    assert list(listed) == list(files) and files == lite.sources()
    for name, source in files.items():
        assert listed[name] == hashlib.sha256(source.encode("utf-8")).hexdigest(), name
        assert lite.literal(source) in main  # as a raw literal: lines as the file has them
    code = ("import json, sys\nimport macros_py.scripts, macros_py.functions\n"
            "print(json.dumps(sorted(n for n in sys.modules "
            "if n.split('.')[0] in ('fourgood', 'macros_py'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    imported = {n.replace(".", "/") + ("/__init__.py" if n in ("fourgood", "macros_py")
                                        else ".py") for n in json.loads(done.stdout)}
    assert imported == {n for n in files if n.endswith(".py") and "/schemas/" not in n}


def corrupt(path: Path, out: Path, change) -> Path:
    """``path`` with its main.py changed by ``change`` (the web extension part rewritten)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    main = lite.embedded(path)["main.py"]
    parts[lite.WEBEXTENSION] = lite.webextension_xml(change(main)).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out


def test_lite_verify_names_what_differs(lite_templates, tmp_path):
    book = lite_templates["chi-bo"]
    done = run_cli("lite", "verify", str(book))
    assert done.returncode == 0, done.stderr
    assert f"fourgood {fourgood.__version__}" in done.stdout
    # one character changed inside engine.py's text
    engine = lite.sources()["fourgood/engine.py"]
    at = engine.index("def ")
    changed = corrupt(book, tmp_path / "changed.xlsx",
                      lambda main: main.replace(engine, engine[:at] + "D" + engine[at + 1:], 1))
    done = run_cli("--lang", "en", "lite", "verify", str(changed))
    assert done.returncode == 1, done.stderr
    assert "differs from the release: fourgood/engine.py" in done.stdout
    assert done.stdout.count("  - ") == 1 and "Traceback" not in done.stderr
    # a file dropped and one added
    dropped = corrupt(book, tmp_path / "dropped.xlsx", lambda main: main.replace(
        "\n    'fourgood/cellref.py': r", "\n    'fourgood/extra.py': r", 1))
    done = run_cli("--lang", "en", "lite", "verify", str(dropped))
    assert done.returncode == 1
    assert "missing: fourgood/cellref.py" in done.stdout
    assert "extra (not in the release): fourgood/extra.py" in done.stdout
    found = api.verify_lite(dropped)
    assert not found.same and found.missing == ["fourgood/cellref.py"]


@pytest.mark.parametrize("kind", ["plain", "damaged", "not_zip"])
def test_lite_verify_refuses_in_words(lite_templates, built_templates, tmp_path, kind):
    if kind == "plain":
        path, code = built_templates["chi-bo"], "not_lite_workbook"
    else:
        path, code = tmp_path / "book.xlsx", "workbook_unreadable"
        data = lite_templates["chi-bo"].read_bytes()
        path.write_bytes(data[:len(data) // 2] if kind == "damaged" else b"not a workbook")
    done = run_cli("lite", "verify", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and str(path) in done.stderr, done.stderr
    with pytest.raises(errors.InputFileError) as caught:
        api.verify_lite(path)
    assert caught.value.code == code


def test_the_lite_templates_carry_the_source(lite_templates, built_templates):
    assert sorted(lite_templates) == ["chi-bo", "dang-bo-co-so"]
    for template_id, path in lite_templates.items():
        code = lite.embedded(path)
        assert code == {"main.py": lite.main_py("vi"), "requirements.txt": "jsonschema\n"}
        for name, data in lite.files_of(code["main.py"]).items():
            package, _, rest = name.partition("/")
            if rest.startswith("schemas/"):
                package, rest = "fourgood.schemas", rest.removeprefix("schemas/")
            assert data.encode() == resources.files(package).joinpath(rest).read_bytes(), name
        # the workbook itself is the template, with the Lite parts added
        with zipfile.ZipFile(path) as lite_zip, \
                zipfile.ZipFile(built_templates[template_id]) as plain:
            added = set(lite_zip.namelist()) - set(plain.namelist())
            results = lite.sheet_part({n: lite_zip.read(n) for n in lite_zip.namelist()},
                                      "Kết quả")
            assert added == {lite.WEBEXTENSION, lite.TASKPANES, lite.TASKPANES_RELS,
                             lite.DRAWING, lite.DRAWING_RELS,
                             results.replace("worksheets/", "worksheets/_rels/") + ".rels"}
            changed = [n for n in plain.namelist() if plain.read(n) != lite_zip.read(n)]
            assert sorted(changed) == ["[Content_Types].xml", "_rels/.rels", results]


def sheet_buttons(path: Path) -> dict[str, tuple[str, str, str]]:
    """The shapes of a workbook's drawing: name -> (text, anchor's first cell, link)."""
    with zipfile.ZipFile(path) as archive:
        drawing = ElementTree.fromstring(archive.read(lite.DRAWING))
        links = {r.get("Id"): r.get("Target")
                 for r in ElementTree.fromstring(archive.read(lite.DRAWING_RELS))}
    found = {}
    for anchor in drawing.iter(f"{{{XDR}}}twoCellAnchor"):
        start = anchor.find(f"{{{XDR}}}from")
        col, row = (int(start.find(f"{{{XDR}}}{k}").text) for k in ("col", "row"))
        shape = anchor.find(f"{{{XDR}}}sp/{{{XDR}}}nvSpPr/{{{XDR}}}cNvPr")
        link = links[shape.find(f"{{{A}}}hlinkClick").get(f"{{{R}}}id")]
        label = "".join(t.text for t in anchor.iter(f"{{{A}}}t"))
        found[shape.get("name")] = (label, f"{column_letter(col + 1)}{row + 1}", link)
    return found


def test_the_buttons_run_the_scripts_bound_to_the_cells_they_cover(lite_templates):
    """Each script's ``button=`` names a shape that covers, and links to, that very cell
    of «Kết quả», a cell left empty for it."""
    for path in lite_templates.values():
        buttons = sheet_buttons(path)
        assert {label for label, _, _ in buttons.values()} == {"Xếp loại", "Kiểm tra"}
        main = lite.embedded(path)["main.py"]
        bound = dict(re.findall(r'button=[\'"]\[(\w+)\]Kết quả!([A-Z]+\d+)[\'"]', main))
        assert all(link == f"#'Kết quả'!{cell}" for _, cell, link in buttons.values())
        assert bound == {shape: cell for shape, (_, cell, _) in buttons.items()}
        sheet = openpyxl.load_workbook(path)["Kết quả"]
        assert all(sheet[cell].value is None for cell in bound.values())


def test_fill_and_consolidation_keep_and_accept_lite_workbooks(lite_templates, tmp_path):
    folder = tmp_path / "lite-templates"
    folder.mkdir()
    for template_id, path in lite_templates.items():
        shutil.copy(path, folder / f"{template_id}.xlsx")
    roster = rosters.load(ROSTER)
    inbox = tmp_path / "inbox"
    for unit_id in ("cb-kim-tan-tdp-1", "dbcs-phuong-kim-tan"):
        blank = templates.new_workbook(roster, unit_id, 2024, tmp_path / f"{unit_id}.xlsx",
                                       template_dir=folder)
        spec = layout.TEMPLATE_FOR_TYPE[roster[unit_id].type]
        doc = document(spec.id, random.Random(3))
        doc.pop("subordinates", None)
        doc.pop("info")
        inbox.mkdir(exist_ok=True)
        filled = inbox / blank.name
        templates.fill(blank, doc, filled, check=False)  # mistakes included
        assert lite.embedded(filled) == lite.embedded(lite_templates[spec.id])
        assert sheet_buttons(filled) == sheet_buttons(lite_templates[spec.id])
    with consolidate.consolidate([inbox], roster, tmp_path / "ledger.sqlite", 2024,
                                 workers=1) as result:
        files = list(result.files())
    assert [r["status"] for r in files] == ["accepted", "accepted"], files


@pytest.mark.slow
def test_main_py_alone_classifies_as_macros_py(lite_templates, tmp_path, monkeypatch):
    """main.py, run in a fresh Python with only xlwings and jsonschema (as xlwings Lite runs
    it: no jsonschema_rs), writes out its own copy of fourgood, validates the frameworks
    and gives the same actions as macros_py's classify."""
    monkeypatch.setattr(scripts, "now", lambda: datetime(2024, 4, 2, 9, 30))
    doc = document("chi-bo", random.Random(11))
    path = tmp_path / "filled.xlsx"
    namedcells.write(lite_templates["chi-bo"],
                     layout.document_to_names(layout.TEMPLATES["chi-bo"], FWS, doc), path)
    main = tmp_path / "main.py"
    main.write_text(lite.embedded(path)["main.py"], encoding="utf-8")
    runner = (  # as xlwings Lite calls a script: through xlwings.server's dispatch
        "import asyncio, datetime, json, sys\n"
        "sys.modules['jsonschema_rs'] = None  # as in Pyodide\n"
        "import xlwings as xw\n"
        "from xlwings.server import custom_scripts_call\n"
        "import main\n"
        "import fourgood\n"
        "from fourgood import framework\n"
        "assert 'PREVALIDATED' not in vars(framework) and framework.shipped()\n"
        "main.scripts.now = lambda: datetime.datetime(2024, 4, 2, 9, 30)\n"
        "book = xw.Book(json=json.load(sys.stdin))\n"
        "asyncio.run(custom_scripts_call(main, 'xep_loai', typehint_to_value={xw.Book: book}))\n"
        "from xlwings.server import custom_scripts_meta\n"
        "loaded = [m.__file__ for n, m in list(sys.modules.items())\n"
        "          if n.split('.')[0] in ('fourgood', 'macros_py') and getattr(m, '__file__', None)]\n"
        "json.dump({'from': fourgood.__file__, 'actions': book.json()['actions'],\n"
        "           'loaded': loaded, 'meta': custom_scripts_meta(main)}, sys.stdout)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, "
                           f"{str(tmp_path)!r}); exec({runner!r})"],
                          input=json.dumps(xlharness.book_json(path)), capture_output=True,
                          text=True, env={**env, "XLWINGS_ON_SERVER": "true"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "fourgood-" in out["from"] and str(ROOT) not in out["from"]
    # every module it ran is its own copy: none found elsewhere (Pyodide has no other)
    assert out["loaded"] and not [f for f in out["loaded"] if str(ROOT) in f], out["loaded"]
    assert out["actions"] == xlharness.run(scripts.classify, path)
    assert any(a["func"] == "setValues" for a in out["actions"])
    # xlwings binds each script to its sheet button
    assert {m["function_name"]: m["button"] for m in out["meta"]} == {
        b.script: f"[{shape}]Kết quả!{cell}" for b in lite.BUTTONS
        for shape, (_, cell, _) in sheet_buttons(path).items() if shape == b.shape}
