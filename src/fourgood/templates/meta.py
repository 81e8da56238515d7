"""The veryHidden «_fourgood» sheet: template, frameworks and names."""
from __future__ import annotations



from .. import framework as fw
from .. import layout


class MetaSheet:

    def meta_sheet(self) -> None:
        ws = self.meta_ws
        rows = [("template_id", self.spec.id), ("template_version", layout.TEMPLATE_VERSION),
                ("unit_id", None), ("year", None), ("lang", self.lang)]
        for n, (key, value) in enumerate(rows, start=1):
            ws.cell(row=n, column=1, value=key)
            ws.cell(row=n, column=2, value=value)
            self.name(layout.meta_name(key), ws.title, f"B{n}")
        row = len(rows) + 2
        ws.cell(row=row, column=1, value="framework")
        ws.cell(row=row, column=2, value="version")
        ws.cell(row=row, column=3, value="sha256")
        for framework_id in sorted(self.fws):
            row += 1
            data = self.fws[framework_id]
            ws.cell(row=row, column=1, value=framework_id)
            ws.cell(row=row, column=2, value=data["version"])
            ws.cell(row=row, column=3, value=fw.framework_hash(data))
        row += 2
        ws.cell(row=row, column=1, value="name")
        ws.cell(row=row, column=2, value="refers_to")
        for name, target in sorted(self.names.items()):
            row += 1
            ws.cell(row=row, column=1, value=name)
            ws.cell(row=row, column=2, value=target)
