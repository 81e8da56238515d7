"""Run by a Python that has LibreOffice's ``uno`` module (Debian: python3-uno), not by the
tests' own interpreter: ``lovalues.compute`` sends a job as JSON on standard input and reads
the values LibreOffice computed as JSON on standard output.

The job names LibreOffice's binary, a profile folder and, per template: the template, its
input ranges, the output blocks to read back and, per fill, the values of every input range
(rows of cells: a number, a text or null for an empty cell) and where to save it as .xlsx,
if anywhere. Each template is loaded once; for each fill its inputs are set, every formula
is recalculated, the workbook saved if asked and the output blocks are read, with the cells
holding a formula error marked ``#ERR``. The input ranges come merged
into blocks (one call each: every call to LibreOffice is a round trip).
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

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


def run(desktop, template: dict) -> list:
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(template["path"]), "_blank", 0,
                                       props(Hidden=True))
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
            if save:
                doc.storeToURL(uno.systemPathToFileUrl(save),
                               props(FilterName="Calc MS Excel 2007 XML"))
            out.append([[["#ERR" if v is None else v for v in row]  # an error reads as void
                         for row in cells.getDataArray()] for cells in outputs])
        return out
    finally:
        doc.close(True)


def main() -> None:
    job = json.load(sys.stdin)
    process, desktop = connect(job["soffice"], job["profile"])
    try:
        results = [run(desktop, template) for template in job["templates"]]
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
