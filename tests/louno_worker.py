"""A LibreOffice kept running for the tests, driven through UNO. Run by a Python that has
LibreOffice's ``uno`` module (Debian: python3-uno), not by the tests' own interpreter:
``lovalues.LibreOffice`` starts it as ``python louno_worker.py SOFFICE PROFILE_URL`` and sends
one JSON request per line on standard input; each is answered by one JSON line on standard
output, ``{"ok": …}`` or ``{"error": "…"}``.

- ``convert``: ``files``, ``outputs``, ``filter``: each file loaded (formulas recalculated on
  load, as the profile says) and stored with the filter, as ``soffice --convert-to`` does.
- ``compute``: ``templates``, each with its ``path``, ``inputs`` (ranges), ``outputs``
  (blocks to read back) and per fill the values of every input range (rows of cells: a
  number, a text or null for an empty cell) and where to ``save`` it as .xlsx, if anywhere.
  Each template is loaded once; for each fill its inputs are set (one call per range: every
  call is a round trip), every formula recalculated, and the workbook saved if asked (its
  answer null), else the output blocks read, a formula error as ``#ERR``.
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

XLSX = "Calc MS Excel 2007 XML"


def connect(soffice: str, profile: str):
    pipe = f"fourgood-tests-{os.getpid()}"
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--norestore", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               context)
    return process, desktop


def props(**values) -> tuple:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def load(desktop, path: str):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                        props(Hidden=True))


def convert(desktop, request: dict) -> list:
    for path, output in zip(request["files"], request["outputs"]):
        doc = load(desktop, path)
        try:
            doc.storeToURL(uno.systemPathToFileUrl(output), props(FilterName=request["filter"]))
        finally:
            doc.close(True)
    return request["outputs"]


def compute(desktop, request: dict) -> list:
    return [_compute(desktop, template) for template in request["templates"]]


def _compute(desktop, template: dict) -> list:
    doc = load(desktop, template["path"])
    try:
        doc.enableAutomaticCalculation(False)
        sheets = doc.Sheets
        inputs = [sheets.getByName(s).getCellRangeByName(r) for s, r in template["inputs"]]
        outputs = [sheets.getByName(s).getCellRangeByName(r) for s, r in template["outputs"]]
        out = []
        for fill, save in zip(template["fills"], template["save"]):
            for cells, rows in zip(inputs, fill):
                cells.setDataArray(tuple(tuple("" if v is None else v for v in row)
                                         for row in rows))
            doc.calculateAll()
            if save:  # what the tests read is then the saved workbook
                doc.storeToURL(uno.systemPathToFileUrl(save), props(FilterName=XLSX))
                out.append(None)
                continue
            out.append([[["#ERR" if v is None else v for v in row]  # an error reads as void
                         for row in cells.getDataArray()] for cells in outputs])
        return out
    finally:
        doc.close(True)


OPERATIONS = {"convert": convert, "compute": compute}


def main() -> None:
    process, desktop = connect(*sys.argv[1:3])
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                answer = {"ok": OPERATIONS[request["op"]](desktop, request)}
            except Exception as exc:  # said to the tests, which raise it
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
