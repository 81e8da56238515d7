"""The classic Excel add-in (Windows and Mac desktop Excel, through xlwings' VBA).

``build`` copies xlwings' own ``quickstart_addin_ribbon.xlam`` and changes only two parts:
the ribbon XML (a «Bốn tốt» tab whose button runs ``fourgood_addin.main()`` through the
VBA's ``RunMain``) and the config sheet (interpreter, UDF module, and
``ADD_WORKBOOK_TO_PYTHONPATH=false`` so that a received workbook's folder is never put on
Python's path). ``vbaProject.bin`` and every other part stay byte-identical.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .errors import InputFileError
from .messages import msg, text

ADDIN_NAME = "fourgood_addin.xlam"  # RunMain imports the module named after the file
SOURCE = "quickstart_addin_ribbon.xlam"
PROJECT = "myaddin"  # PROJECT_NAME in the shipped VBA: its config sheet is "<project>.conf"
CONF_SHEET_PART = "xl/worksheets/sheet1.xml"
RIBBON_PART = "customUI/customUI.xml"


def source_addin() -> Path:
    """xlwings' ribbon add-in, as installed with the package."""
    import xlwings

    return Path(xlwings.__file__).with_name(SOURCE)


def ribbon_xml() -> str:
    """The «Bốn tốt» tab: one button, since RunMain does not say which was pressed;
    ``main()`` does what suits the active workbook."""
    label = text("addin_button", "vi")
    tip = text("addin_tip", "vi") + "\n" + text("addin_tip", "en")
    return (
        '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">\n'
        "  <ribbon>\n    <tabs>\n"
        f'      <tab id="fourgoodTab" label={quoteattr(text("xl_title", "vi"))}>\n'
        f'        <group id="fourgoodGroup" label={quoteattr(text("addin_group", "vi"))}>\n'
        f'          <button id="fourgoodRun" label={quoteattr(label)} size="large"'
        f' onAction="RibbonMyAddin.RunMain" imageMso="MacroPlay"'
        f" screentip={quoteattr(label)} supertip={quoteattr(tip)} />\n"
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n")


def config(interpreter: str) -> list[tuple[str, str]]:
    """The add-in's own settings (read by its VBA from the «myaddin.conf» sheet)."""
    return [("Interpreter_Win", interpreter if os.name == "nt" else ""),
            ("Interpreter_Mac", interpreter if sys.platform == "darwin" else ""),
            ("PYTHONPATH", ""), ("Conda Path", ""), ("Conda Env", ""),
            ("UDF Modules", "fourgood_addin"), ("Debug UDFs", "false"),
            ("Use UDF Server", "false"), ("Show Console", "false"),
            ("ADD_WORKBOOK_TO_PYTHONPATH", "false")]


def _config_sheet(original: str, settings: list[tuple[str, str]]) -> str:
    """The config sheet's XML with ``settings`` in A:B (inline strings, the same styles)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" s="1" t="inlineStr"><is><t>{escape(key)}</t></is></c>'
        f'<c r="B{n}" s="1" t="inlineStr"><is><t>{escape(value)}</t></is></c></row>'
        for n, (key, value) in enumerate(settings, 1))
    head = original[: original.index("<dimension")]
    tail = original[original.index("<pageMargins"):]
    return (head + f'<dimension ref="A1:B{len(settings)}" /><sheetViews><sheetView '
            'workbookViewId="0" /></sheetViews><sheetFormatPr defaultRowHeight="15.75" />'
            '<cols><col min="1" max="1" width="30" style="1" customWidth="1" /><col min="2" '
            f'max="2" width="60" style="1" customWidth="1" /></cols><sheetData>{rows}'
            "</sheetData>" + tail)


def build(out: Path, interpreter: str | None = None) -> Path:
    """Write ``fourgood_addin.xlam`` into folder ``out`` (or to the file ``out``)."""
    out = Path(out)
    if out.suffix.lower() == ".xlam" and out.name != ADDIN_NAME:
        raise InputFileError(msg("addin_wrong_name", path=str(out), name=ADDIN_NAME))
    path = out if out.suffix.lower() == ".xlam" else out / ADDIN_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = config(interpreter or sys.executable)
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(source_addin()) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == RIBBON_PART:
                data = ribbon_xml().encode("utf-8")
            elif info.filename == CONF_SHEET_PART:
                data = _config_sheet(data.decode("utf-8"), settings).encode("utf-8")
            elif info.filename == "xl/workbook.xml":  # "_myaddin.conf" is the disabled name
                data = data.replace(f'name="_{PROJECT}.conf"'.encode(),
                                    f'name="{PROJECT}.conf"'.encode())
            dst.writestr(info, data, compress_type=info.compress_type)
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    tmp.replace(path)
    # what the built file should hash to, in the form sha256sum -c reads; on Windows,
    # «certutil -hashfile fourgood_addin.xlam SHA256» prints the same digest
    sums = path.with_name(path.name + ".sha256")
    sums.write_bytes(f"{digest}  {path.name}\n".encode("utf-8"))
    return path


def xlstart() -> Path | None:
    """Excel's start-up folder on Windows (add-ins there load with Excel), else None."""
    appdata = os.environ.get("APPDATA")
    if os.name != "nt" or not appdata:
        return None
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"


def addin_folders() -> list[Path]:
    """Where Excel on Windows loads add-ins from: XLSTART and the user's AddIns folder."""
    folder = xlstart()
    return [] if folder is None else [folder, folder.parent / "AddIns"]


def is_fourgood_addin(path: Path) -> bool:
    """Whether ``path`` is an add-in built by :func:`build` (its ribbon has our tab)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return b'id="fourgoodTab"' in archive.read(RIBBON_PART)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def renamed_copies(folder: Path) -> list[Path]:
    """fourgood add-ins in ``folder`` under a name other than exactly ``ADDIN_NAME`` (a
    browser's «fourgood_addin (1).xlam»): their button runs ``import <that name>``, which
    fails, so they must be named to the officer."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlam"
                  and p.name != ADDIN_NAME and is_fourgood_addin(p))


def install(built: Path) -> Path:
    """Copy the built add-in into XLSTART (Windows only: see ``xlstart``)."""
    folder = xlstart()
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(built, folder / ADDIN_NAME))
