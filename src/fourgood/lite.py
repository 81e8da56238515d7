"""xlwings Lite variants of the unit templates: the same workbook, carrying its Python.

xlwings Lite (an Office add-in running Python in Excel through Pyodide, on Windows, Mac and
the web) keeps a workbook's code in the add-in's document settings, stored in the file as
a web extension part. ``build`` adds that part to a built template: ``main.py`` holds
fourgood's pure modules (engine, layout, messages, frameworks) and the Excel scripts and
functions, packed, so it needs nothing beyond the standard library and xlwings; and
``requirements.txt`` is empty. Every other part of the template is copied unchanged.
"""
from __future__ import annotations

import base64
import io
import json
import uuid
import zipfile
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import quoteattr

from . import __version__

STORE_ID = "wa200008175"  # xlwings Lite in the Office add-in store
WEBEXTENSION = "xl/webextensions/webextension1.xml"
TASKPANES = "xl/webextensions/taskpanes.xml"
TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
PACKED = {  # package -> modules (and data folders) main.py carries
    "fourgood": ["__init__", "assess", "cellref", "engine", "errors", "framework", "layout",
                 "messages"],
    "macros_py": ["__init__", "bookio", "functions", "scripts"],
}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # the same sources pack to the same bytes

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
    FG_CON_THIEU, FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM)


@script(name="Xếp loại (Classify)")
def xep_loai(book: xw.Book):
    """Check every input, write the results, the notes and the stamp."""
    scripts.classify(book)


@script(name="Kiểm tra (Check)")
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


def main_py() -> str:
    """The ``main.py`` of the Lite workbooks."""
    text = base64.b64encode(packed()).decode("ascii")
    lines = "\n".join(text[i:i + 96] for i in range(0, len(text), 96))
    return MAIN.format(version=__version__, packed=lines)


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
TASKPANES_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_WEBEXTENSION}" Target="webextension1.xml"/>'
    '</Relationships>')


def build(template: Path, out: Path, main: str | None = None) -> Path:
    """Write ``template`` with the xlwings Lite part (``main.py`` and an empty
    ``requirements.txt``) to ``out``."""
    main = main_py() if main is None else main
    with zipfile.ZipFile(template) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        stamp = source.infolist()[0].date_time
    types = parts["[Content_Types].xml"].decode("utf-8")
    overrides = (
        f'<Override PartName="/{TASKPANES}" '
        'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>'
        f'<Override PartName="/{WEBEXTENSION}" '
        'ContentType="application/vnd.ms-office.webextension+xml"/>')
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    rels = parts["_rels/.rels"].decode("utf-8")
    rel = f'<Relationship Id="rIdFourgoodLite" Type="{REL_TASKPANES}" Target="{TASKPANES}"/>'
    parts["_rels/.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    parts[TASKPANES] = TASKPANES_XML.encode()
    parts[TASKPANES_RELS] = TASKPANES_RELS_XML.encode()
    parts[WEBEXTENSION] = webextension_xml(main).encode()
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
