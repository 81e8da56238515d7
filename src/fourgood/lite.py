"""xlwings Lite variants of the unit templates: the same workbook, carrying its Python.

xlwings Lite (an Office add-in running Python in Excel through Pyodide, on Windows, Mac and
the web) keeps a workbook's code in the add-in's document settings, stored in the file as
a web extension part. ``build`` adds that part to a built template: ``main.py`` holds
fourgood's pure modules (engine, layout, messages, frameworks) and the Excel scripts and
functions, packed, so it needs nothing beyond the standard library and xlwings; and
``requirements.txt`` is empty. It also adds the sheet buttons: shapes on «Kết quả» whose
hyperlink selects the cell under them, which is how xlwings Lite binds a button to a script
(``@script(button="[shape]Sheet!Cell")``). Every other part of the template is copied
unchanged.
"""
from __future__ import annotations

import base64
import io
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
PACKED = {  # package -> modules (and data folders) main.py carries
    "fourgood": ["__init__", "api", "assess", "cellref", "engine", "errors", "framework",
                 "layout", "messages", "reading"],
    "macros_py": ["__init__", "bookio", "functions", "scripts"],
}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # the same sources pack to the same bytes
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

MAIN = '''"""fourgood for xlwings Lite: the «Xếp loại» (Classify) and «Kiểm tra» (Check) scripts and
the FG_ worksheet functions of this workbook.

Written by `fourgood templates build --lite` (fourgood {version}); do not edit: the text
below is fourgood's own modules, packed. Rebuild the template to update them.
"""
import base64
import io
import sys
import tempfile
import zipfile

PACKED = """
{packed}
"""


def _unpack() -> None:
    folder = tempfile.mkdtemp(prefix="fourgood-")
    zipfile.ZipFile(io.BytesIO(base64.b64decode(PACKED))).extractall(folder)
    sys.path.insert(0, folder)


_unpack()

import xlwings as xw  # noqa: E402
from xlwings import script  # noqa: E402

from fourgood import framework  # noqa: E402

framework.PREVALIDATED = True  # validated when packed

from macros_py import scripts  # noqa: E402
from macros_py.functions import (  # noqa: E402,F401
    FG_CON_THIEU, FG_DIEM_QUY, FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM, FG_XEP_LOAI_QUY)


@script(name="Xếp loại (Classify)", button={xep_loai!r})
def xep_loai(book: xw.Book):
    """Check every input, write the results, the notes and the stamp."""
    scripts.classify(book)


@script(name="Kiểm tra (Check)", button={kiem_tra!r})
def kiem_tra(book: xw.Book):
    """Check every input and the saved results, without writing results."""
    scripts.check(book)
'''


def packed() -> bytes:
    """The zip of the modules and frameworks ``main.py`` carries (deterministic)."""
    from .framework import shipped

    shipped()  # validated here, once, since the Lite Python may lack jsonschema
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        files = [(f"{package}/{module}.py", resources.files(package).joinpath(f"{module}.py"))
                 for package, modules in PACKED.items() for module in modules]
        folder = resources.files("fourgood").joinpath("frameworks")
        files += sorted((f"fourgood/frameworks/{p.name}", p) for p in folder.iterdir()
                        if p.name.endswith(".json"))
        for name, source in files:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read_bytes())
    return out.getvalue()


def main_py(lang: str = "vi") -> str:
    """The ``main.py`` of the Lite workbooks in ``lang`` (the buttons name its sheet)."""
    data = base64.b64encode(packed()).decode("ascii")
    lines = "\n".join(data[i:i + 96] for i in range(0, len(data), 96))
    return MAIN.format(version=__version__, packed=lines,
                       **{b.script: b.binding(lang) for b in BUTTONS})


def webextension_xml(main: str, requirements: str = "") -> str:
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
    """Write ``template`` (built in ``lang``) with the xlwings Lite part (``main.py`` and an
    empty ``requirements.txt``) and the sheet buttons to ``out``."""
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
