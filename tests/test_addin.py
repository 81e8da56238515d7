"""The classic add-in is built from xlwings' own file: only the ribbon and the config sheet
change, the VBA stays byte-identical (its hash pinned to the xlwings version we depend on),
and the ribbon's button runs ``fourgood_addin.main()``; a received workbook carrying an
xlwings config sheet is refused."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import xlwings

from conftest import ROOT, SAMPLES, run_cli
from fourgood import addin, layout, namedcells, reader, roster, templates
from fourgood import framework as fw
from fourgood.messages import text

# vbaProject.bin of xlwings' quickstart_addin_ribbon.xlam, reviewed for this version:
# update with the xlwings pin in pyproject.toml after reading the new VBA.
VBA_SHA256 = {"0.37.8": "9ded1310d3aae007bd3fdb483091626ae0550294a41188c15cb24ffe993117ac"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def test_the_pin_matches_pyproject():
    pinned = re.search(r'"xlwings==([\d.]+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert xlwings.__version__ == pinned and pinned in VBA_SHA256


def test_only_the_ribbon_and_the_config_sheet_change(tmp_path):
    result = run_cli("addin", "build", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    built = tmp_path / "fourgood_addin.xlam"
    assert zipfile.is_zipfile(built)
    before, after = parts(addin.source_addin()), parts(built)
    assert sorted(before) == sorted(after)
    changed = sorted(n for n in before if before[n] != after[n])
    assert changed == ["customUI/customUI.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
    # the workbook part only renames the config sheet to its active name
    assert after["xl/workbook.xml"] == before["xl/workbook.xml"].replace(
        b'name="_myaddin.conf"', b'name="myaddin.conf"')
    assert hashlib.sha256(after["xl/vbaProject.bin"]).hexdigest() == \
        VBA_SHA256[xlwings.__version__]


def test_the_config_sheet_keeps_received_workbooks_off_the_python_path(tmp_path):
    built = addin.build(tmp_path, interpreter="C:\\Python311\\python.exe")
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(built))
    assert "myaddin.conf" in book.sheet_names  # the name the add-in's VBA reads
    rows = book.get_sheet_by_name("myaddin.conf").to_python()
    settings = {r[0]: r[1] for r in rows}
    assert settings["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert settings["UDF Modules"] == "fourgood_addin"
    assert all(r[0] for r in rows)  # contiguous from A1: the VBA reads down to the first gap


def test_the_button_runs_fourgood_addin_main(tmp_path, monkeypatch):
    built = addin.build(tmp_path)
    vba = subprocess.run([str(Path(sys.executable).with_name("olevba")), str(built)],
                         capture_output=True, text=True).stdout
    run_main = re.search(r"Sub RunMain\(control As IRibbonControl\)(.*?)End Sub", vba, re.S)[1]
    assert 'mymodule = Left(ThisWorkbook.Name' in run_main
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in run_main
    assert built.stem == "fourgood_addin"  # so RunMain runs: import fourgood_addin; .main()
    ribbon = parts(built)["customUI/customUI.xml"].decode()
    actions = re.findall(r'onAction="(\w+)\.(\w+)"', ribbon)
    assert actions
    for module, sub in actions:
        assert f"VBA MACRO {module}.bas" in vba
        assert re.search(rf"Sub {sub}\(", vba)
    assert 'label="Bốn tốt"' in ribbon
    import fourgood_addin
    from macros_py import scripts
    book, ran = object(), []
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: book))
    monkeypatch.setattr(scripts, "main", ran.append)
    fourgood_addin.main()
    assert ran == [book]  # the officer's workbook, handed to the one dispatching script


def test_a_received_workbook_with_a_config_sheet_is_rejected(tmp_path):
    tree = roster.load(SAMPLES / "roster-lao-cai-2024.json")
    unit = next(u for u in tree.units.values() if u.type == "chi-bo")
    path = templates.new_workbook(tree, unit.id, 2024, tmp_path / "cell.xlsx",
                                  template_dir=ROOT / "templates")
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("myaddin.conf")["A1"] = "Interpreter_Win"
    wb.save(tmp_path / "hostile.xlsx")
    source = reader.Source("hostile.xlsx", str(tmp_path / "hostile.xlsx"), None)
    try:
        reader.read_submission(source, (tmp_path / "hostile.xlsx").read_bytes(), tree,
                               fw.shipped())
    except reader.Rejected as exc:
        assert exc.code == "config_sheet"
        assert "myaddin.conf" in exc.message.vi and "Python" in exc.message.en
    else:
        raise AssertionError("a workbook with a .conf sheet was accepted")
    assert namedcells.read(path)[layout.meta_name("template_id")] == "chi-bo"


def test_the_add_in_is_never_built_under_a_name_its_button_cannot_import(tmp_path):
    # RunMain runs `import <file name>`: «fourgood_addin (1)» is a SyntaxError in Python
    for name in ("fourgood_addin (1).xlam", "Fourgood_addin.xlam", "bon-tot.xlam"):
        result = run_cli("addin", "build", "-o", str(tmp_path / name))
        assert result.returncode == 1, (name, result.stderr)
        assert "fourgood_addin.xlam" in result.stderr and "SyntaxError" in result.stderr
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_renamed_copy_of_the_add_in_is_found_and_named(tmp_path):
    """A browser's «fourgood_addin (1).xlam» in a folder Excel loads add-ins from is found
    (``addin install`` names each on Windows, with what to do), an unrelated add-in is not."""
    folder = tmp_path / "addin"
    folder.mkdir()
    built = addin.build(tmp_path / "built")
    (folder / "fourgood_addin (1).xlam").write_bytes(built.read_bytes())
    (folder / "khac.xlam").write_bytes(addin.source_addin().read_bytes())  # not ours
    assert addin.renamed_copies(folder) == [folder / "fourgood_addin (1).xlam"]
    assert addin.renamed_copies(tmp_path / "none") == []
    said = text("cli_addin_renamed", path=str(folder / "fourgood_addin (1).xlam"),
                name=str(built))
    assert "fourgood_addin (1).xlam" in said and "Xóa tệp đó" in said


def test_the_add_in_imports_its_worksheet_functions_into_itself(tmp_path):
    # docs/cai-dat-windows.md: Application.Run "fourgood_addin.xlam!ImportPythonUDFsToAddin"
    built = addin.build(tmp_path)
    vba = subprocess.run([str(Path(sys.executable).with_name("olevba")), str(built)],
                         capture_output=True, text=True).stdout
    assert re.search(r"Sub ImportPythonUDFsToAddin\(\)\s+ImportPythonUDFsBase addin:=True", vba)
    base = re.search(r"Sub ImportPythonUDFsBase\(.*?End Sub", vba, re.S)[0]
    assert "Set wb = ThisWorkbook" in base and "GetUdfModules(wb)" in base
    guide = (ROOT / "docs" / "cai-dat-windows.md").read_text(encoding="utf-8")
    assert f'Application.Run "{built.name}!ImportPythonUDFsToAddin"' in guide


def vba_listing(built: Path) -> str:
    """The add-in's VBA modules as olevba extracts them, as docs/excel.md lists them."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(built))
    try:
        modules = [(name, code) for _f, _s, name, code in parser.extract_macros()]
    finally:
        parser.close()
    return "".join(f"\n#### `{name}`\n\n```vb\n"
                   + code.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n```\n"
                   for name, code in modules)


def test_the_add_in_accounts_for_itself(tmp_path):
    built = addin.build(tmp_path)
    sums = (tmp_path / "fourgood_addin.xlam.sha256").read_text(encoding="utf-8")
    assert sums == f"{hashlib.sha256(built.read_bytes()).hexdigest()}  fourgood_addin.xlam\n"
    assert addin.build(tmp_path / "x" / "fourgood_addin.xlam").with_name(
        "fourgood_addin.xlam.sha256").is_file()
    # docs/addin-vba.md lists its VBA verbatim; FOURGOOD_WRITE_VBA_DOC=1 rewrites the listing
    doc_path = ROOT / "docs" / "addin-vba.md"
    doc = doc_path.read_text(encoding="utf-8")
    begin, end = "<!-- addin-vba:begin -->\n", "<!-- addin-vba:end -->"
    head, rest = doc.split(begin)
    listed, tail = rest.split(end)
    listing = vba_listing(built)
    if os.environ.get("FOURGOOD_WRITE_VBA_DOC") == "1":
        doc_path.write_text(head + begin + listing + end + tail, encoding="utf-8")
        listed = listing
    assert listed == listing
    assert "Sub RunMain(control As IRibbonControl)" in listed
