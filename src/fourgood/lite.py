"""xlwings Lite variants of the unit templates: the same workbook, carrying its Python.

xlwings Lite (an Office add-in running Python in Excel through Pyodide, on Windows, Mac and
the web) keeps a workbook's code in the add-in's document settings, stored in the file as
a web extension part. ``build`` adds that part to a built template: ``main.py`` holds
the Excel scripts and functions and, as their source text a person can read, the modules
they import (engine, layout, messages…), the frameworks and their schema, each listed with
its SHA-256; ``requirements.txt`` names jsonschema, with which the frameworks are validated
as on the command line. It also adds the sheet buttons: shapes on «Kết quả» whose
hyperlink selects the cell under them, which is how xlwings Lite binds a button to a script
(``@script(button="[shape]Sheet!Cell")``). Every other part of the template is copied
unchanged.
"""
from __future__ import annotations

import ast
import hashlib
import json
import uuid
import zipfile
from importlib import resources
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import __version__
from .cellref import split_ref
from .messages import text

STORE_ID = "wa200008175"  # xlwings Lite in the Office add-in store
WEBEXTENSION = "xl/webextensions/webextension1.xml"
TASKPANES = "xl/webextensions/taskpanes.xml"
TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
PACKED = {  # package -> modules main.py carries: the imports of macros_py.scripts and .functions
    "fourgood": ["__init__", "api", "assess", "cellref", "engine", "errors", "framework",
                 "layout", "messages", "reading"],
    "macros_py": ["__init__", "bookio", "functions", "scripts"],
}
DATA = ("fourgood/schemas/__init__.py", "fourgood/schemas/framework.schema.json")  # to validate
REQUIREMENTS = "jsonschema\n"  # Pyodide's own build: the frameworks are validated as on the CLI
DRAWING = "xl/drawings/drawing1.xml"
DRAWING_RELS = "xl/drawings/_rels/drawing1.xml.rels"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass(frozen=True)
class Button:
    """A sheet button on «Kết quả»: a shape over the cells ``first``:``last`` whose link
    selects ``first``; xlwings Lite then runs ``script``."""

    shape: str
    label: str  # catalogue code
    script: str
    first: str
    last: str

    def binding(self, lang: str) -> str:
        """The ``button=`` argument of the script's decorator."""
        return f"[{self.shape}]{text('tpl_sheet_results', lang)}!{self.first}"


GAP = 38100  # EMU (3 pt) between the letterhead's date line and the buttons
# Beside the letterhead, right of the print area (A:P): no spreadsheet prints them, whether
# or not it honours a shape's own «do not print» (LibreOffice does not).
BUTTONS = (Button("fg_xep_loai", "xl_action_classify", "xep_loai", "R3", "T4"),
           Button("fg_kiem_tra", "xl_action_check", "kiem_tra", "V3", "X4"))

MAIN = '''\
"""fourgood {version} for xlwings Lite: the «Xếp loại» (Classify) and «Kiểm tra» (Check)
scripts and the FG_ worksheet functions of this workbook.

Written by `fourgood templates build --lite` (fourgood {version}); do not edit it: rebuild
the template to update it. FILES, below the scripts, holds fourgood's own modules and
frameworks as their source text, unchanged; at start they are written to a temporary
folder and imported from there. SHA256 lists each file with the SHA-256 of its text
(UTF-8): `fourgood lite verify BOOK.xlsx` compares them with a release, file by file.
"""
import sys
import tempfile
from pathlib import Path

import xlwings as xw
from xlwings import script

RELEASE = "fourgood {version}"
SHA256 = {{
{hashes}
}}


@script(name="Xếp loại (Classify)", button={xep_loai!r})
def xep_loai(book: xw.Book):
    """Check every input, write the results, the notes and the stamp."""
    scripts.classify(book)


@script(name="Kiểm tra (Check)", button={kiem_tra!r})
def kiem_tra(book: xw.Book):
    """Check every input and the saved results, without writing results."""
    scripts.check(book)


def _install(files: dict) -> None:
    """Write each file to a temporary folder and import fourgood from there."""
    folder = Path(tempfile.mkdtemp(prefix="fourgood-"))
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.encode("utf-8"))
    sys.path.insert(0, str(folder))


FILES = {{
{files}
}}

_install(FILES)

from macros_py import scripts  # noqa: E402
from macros_py.functions import (  # noqa: E402,F401
    FG_CON_THIEU, FG_DIEM_QUY, FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM, FG_XEP_LOAI_QUY)
'''
FILES_AT = "\nFILES = {\n"  # where the files begin in main.py, and end:
FILES_END = "\n}\n\n_install(FILES)\n"


def sources() -> dict[str, str]:
    """The files main.py carries, by path: the modules, the frameworks and the schema that
    validates them, each as its text."""
    names = [f"{package}/{module}.py" for package, modules in PACKED.items()
             for module in modules]
    folder = resources.files("fourgood").joinpath("frameworks")
    names += sorted(f"fourgood/frameworks/{p.name}" for p in folder.iterdir()
                    if p.name.endswith(".json"))
    names += DATA
    out = {}
    for name in names:
        package, _, rest = name.partition("/")
        if rest.startswith("schemas/"):  # the package fourgood.schemas
            package, rest = "fourgood.schemas", rest.removeprefix("schemas/")
        out[name] = resources.files(package).joinpath(rest).read_bytes().decode("utf-8")
    return out


def sha256(source: str) -> str:
    """The SHA-256 of a file's text (UTF-8), as main.py's header lists it."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def literal(source: str) -> str:
    """``source`` as a raw triple-quoted literal that reads as the file does."""
    for quote in ("'" * 3, '"' * 3):
        if quote not in source and source.endswith("\n"):
            written = f"r{quote}{source}{quote}"
            if ast.literal_eval(written) == source:
                return written
    raise ValueError("no raw literal holds this text")  # a source fourgood does not ship


def main_py(lang: str = "vi") -> str:
    """The ``main.py`` of the Lite workbooks in ``lang`` (the buttons name its sheet)."""
    files = sources()
    hashes = "\n".join(f"    {name!r}: {sha256(text)!r}," for name, text in files.items())
    body = "\n".join(f"    {name!r}: {literal(text)}," for name, text in files.items())
    return MAIN.format(version=__version__, hashes=hashes, files=body,
                       **{b.script: b.binding(lang) for b in BUTTONS})


def files_of(main: str) -> dict[str, str] | None:
    """The files a main.py carries, read from its text (never run), or None where it holds
    no FILES table that can be read."""
    try:
        tree = ast.parse(main)
    except (SyntaxError, ValueError):
        return None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "FILES"):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                               for k, v in value.items()):
                return value
    return None


def loader_of(main: str) -> str:
    """main.py without the files it carries: the header, the scripts and the loader."""
    at, end = main.find(FILES_AT), main.rfind(FILES_END)
    return main[:at] + FILES_AT + "…" + main[end:] if 0 <= at < end else main


def webextension_xml(main: str, requirements: str = REQUIREMENTS) -> str:
    """The add-in's part: which add-in, and its settings (JSON-encoded, as Office keeps
    them): the code and requirements, and to open its task pane with the workbook."""
    properties = {"Office.AutoShowTaskpaneWithDocument": "true",
                  "main.py": json.dumps(main), "requirements.txt": json.dumps(requirements)}
    props = "".join(f"<we:property name={quoteattr(k)} value={quoteattr(v)}/>"
                    for k, v in properties.items())
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"fourgood-lite-{__version__}")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/'
            f'webextension/2010/11" id="{{{str(guid).upper()}}}">'
            f'<we:reference id="{STORE_ID}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID.upper()}" version="1.0.0.0" '
            f'store="{STORE_ID.upper()}" storeType="OMEX"/></we:alternateReferences>'
            f"<we:properties>{props}</we:properties><we:bindings/>"
            '<we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"/></we:webextension>')


TASKPANES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/'
    '2010/11"><wetp:taskpane dockstate="right" visibility="1" width="350" row="0">'
    '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>')


def relationships_xml(*links: tuple[str, str, str]) -> str:
    """A relationships part: one (id, type, target) per link."""
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}/>'
                   for rid, kind, target in links)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{body}</Relationships>')


TASKPANES_RELS_XML = relationships_xml(("rId1", REL_WEBEXTENSION, "webextension1.xml"))


def drawing_xml(lang: str) -> str:
    """The shapes of the sheet buttons: rounded, labelled in ``lang``, not printed, each
    linked (through the drawing's relationships rIdN) to the cell it covers."""
    anchors = []
    for n, button in enumerate(BUTTONS, 1):
        ends = []
        for tag, ref, offset, inset in (("from", button.first, 0, GAP), ("to", button.last, 1, 0)):
            row, col = split_ref(ref)  # one-based; the anchor counts from zero
            ends.append(f"<xdr:{tag}><xdr:col>{col - 1 + offset}</xdr:col><xdr:colOff>0"
                        f"</xdr:colOff><xdr:row>{row - 1 + offset}</xdr:row><xdr:rowOff>{inset}"
                        f"</xdr:rowOff></xdr:{tag}>")
        label = text(button.label, lang)
        anchors.append(
            '<xdr:twoCellAnchor editAs="absolute">' + "".join(ends) +
            f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{n + 1}" '
            f'name="{button.shape}" descr={quoteattr(label)}><a:hlinkClick r:id="rId{n}"/>'
            "</xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>"
            '<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
            '<a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill><a:ln><a:noFill/></a:ln>'
            '</xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" '
            'anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r>'
            '<a:rPr lang="vi-VN" sz="1100" b="1"><a:solidFill><a:srgbClr val="FFFFFF"/>'
            f'</a:solidFill></a:rPr><a:t>{escape(label)}</a:t></a:r></a:p></xdr:txBody>'
            '</xdr:sp><xdr:clientData fPrintsWithSheet="0"/></xdr:twoCellAnchor>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
            'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
            'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships">{"".join(anchors)}</xdr:wsDr>')


def drawing_rels_xml(lang: str) -> str:
    """Each button's link: the cell it covers, in this workbook."""
    sheet = text("tpl_sheet_results", lang)
    return relationships_xml(*((f"rId{n}", REL_HYPERLINK, f"#'{sheet}'!{button.first}")
                               for n, button in enumerate(BUTTONS, 1)))


# Parts of a worksheet that come after <drawing> (ECMA-376 order).
AFTER_DRAWING = ("<legacyDrawing", "<legacyDrawingHF", "<drawingHF", "<picture",
                 "<oleObjects", "<controls", "<webPublishItems", "<tableParts", "<extLst",
                 "</worksheet>")


def sheet_part(parts: dict[str, bytes], name: str) -> str:
    """The part name of worksheet ``name``."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rid = next(s.get(f"{rel_ns}id") for s in book.iter(f"{main}sheet") if s.get("name") == name)
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def add_buttons(parts: dict[str, bytes], lang: str) -> None:
    """Put the sheet buttons on «Kết quả» (``parts`` of a template without drawings)."""
    sheet = sheet_part(parts, text("tpl_sheet_results", lang))
    folder, _, file_name = sheet.rpartition("/")
    sheet_rels = f"{folder}/_rels/{file_name}.rels"
    if sheet_rels in parts or DRAWING in parts:
        raise ValueError(f"{sheet} already has relationships or a drawing")
    xml = parts[sheet].decode("utf-8")
    at = min(i for i in (xml.find(tag) for tag in AFTER_DRAWING) if i >= 0)
    xml = xml[:at] + '<drawing r:id="rIdFourgoodButtons"/>' + xml[at:]
    if 'xmlns:r="' not in xml[:xml.index(">", xml.index("<worksheet"))]:
        xml = xml.replace("<worksheet ", '<worksheet xmlns:r="http://schemas.openxmlformats.org/'
                          'officeDocument/2006/relationships" ', 1)
    parts[sheet] = xml.encode("utf-8")
    parts[sheet_rels] = relationships_xml(
        ("rIdFourgoodButtons", REL_DRAWING, "../drawings/drawing1.xml")).encode()
    parts[DRAWING] = drawing_xml(lang).encode("utf-8")
    parts[DRAWING_RELS] = drawing_rels_xml(lang).encode("utf-8")


def build(template: Path, out: Path, main: str | None = None, lang: str = "vi") -> Path:
    """Write ``template`` (built in ``lang``) with the xlwings Lite part (``main.py`` and
    ``requirements.txt``) and the sheet buttons to ``out``."""
    main = main_py(lang) if main is None else main
    with zipfile.ZipFile(template) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        stamp = source.infolist()[0].date_time
    types = parts["[Content_Types].xml"].decode("utf-8")
    overrides = (
        f'<Override PartName="/{TASKPANES}" '
        'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>'
        f'<Override PartName="/{WEBEXTENSION}" '
        'ContentType="application/vnd.ms-office.webextension+xml"/>'
        f'<Override PartName="/{DRAWING}" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>')
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    rels = parts["_rels/.rels"].decode("utf-8")
    rel = f'<Relationship Id="rIdFourgoodLite" Type="{REL_TASKPANES}" Target="{TASKPANES}"/>'
    parts["_rels/.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    parts[TASKPANES] = TASKPANES_XML.encode()
    parts[TASKPANES_RELS] = TASKPANES_RELS_XML.encode()
    parts[WEBEXTENSION] = webextension_xml(main).encode()
    add_buttons(parts, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    return out


def embedded(path: Path) -> dict[str, str]:
    """The code a Lite workbook carries: {"main.py": …, "requirements.txt": …}."""
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read(WEBEXTENSION))
    ns = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
    return {p.get("name"): json.loads(p.get("value")) for p in root.iter(f"{ns}property")
            if p.get("name") in ("main.py", "requirements.txt")}
