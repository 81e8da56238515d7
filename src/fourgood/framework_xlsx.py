"""A framework as Excel sheets an IT officer can edit, and back (a lossless round trip).

Sheets: «Khung» (one key a row), «Tiêu chí» (criteria and their items), «Chỉ số»
(indicators), «Phủ quyết» (vetoes), «Mức» (bands), «Xếp loại» (levels) and «Điều kiện»
(the conditions of every rule). Importing validates the result like any framework file
and names the sheet, row and column of each problem.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .errors import FrameworkError, Problem
from .framework import check, framework_hash, resolve
from .messages import msg, text
from .namedcells import properties
from .xlsx_table import Table, header, open_workbook, read_table

TITLE = {"title_vi": ("Tên tiếng Việt", "title (vi)"), "title_en": ("Tên tiếng Anh", "title (en)")}
SOURCE = {"status": ("Nguồn", "source"), "ref": ("Trích dẫn / lý do", "citation / reason")}
ID = {"id": ("Mã", "id")}
MARK = "fourgood framework"  # the title of every framework workbook fourgood exports
SHEETS: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {
    "meta": (("Khung", "Framework"), {"key": ("Khóa", "key"), "value": ("Giá trị", "value")}),
    "criteria": (("Tiêu chí", "Criteria"), {
        **ID, "parent": ("Thuộc tiêu chí", "criterion"), **TITLE, "kind": ("Loại", "kind"),
        "max": ("Điểm tối đa", "max"), "step": ("Bước điểm", "step"),
        "target": ("Mục tiêu (%)", "target (%)"),
        "framework": ("Bộ tiêu chí liên kết", "linked framework"),
        "measure": ("Đại lượng", "measure"), **SOURCE}),
    "indicators": (("Chỉ số", "Indicators"), {**ID, **TITLE, "kind": ("Loại", "kind"), **SOURCE}),
    "vetoes": (("Phủ quyết", "Vetoes"), {**ID, **TITLE, **SOURCE}),
    "bands": (("Mức", "Bands"), {**ID, "min": ("Điểm tối thiểu", "minimum"), **TITLE, **SOURCE}),
    "levels": (("Xếp loại", "Levels"), {**ID, **TITLE, **SOURCE}),
    "conditions": (("Điều kiện", "Conditions"), {
        "rule": ("Quy tắc", "rule"), "ref": ("Đại lượng", "measure"),
        "op": ("Phép so sánh", "operator"), "value": ("Giá trị", "value")}),
}
TEXT_KEYS = ("title", "description")
RULES = ("achievement", "year_rollup")
META_KEYS = [
    "id", "version", "kind", "title.vi", "title.en", "short.vi", "short.en", "description.vi",
    "description.en", "citation.vi", "citation.en", "guidance.vi", "guidance.en",
    "unit_types", "period", "scoring", "precision", "source.status", "source.ref",
    "achievement.title.vi", "achievement.title.en", "achievement.source.status",
    "achievement.source.ref",
    "year_rollup.title.vi", "year_rollup.title.en", "year_rollup.source.status",
    "year_rollup.source.ref", "year_rollup.periods", "year_rollup.rating_rulesets",
    "quota.level", "quota.base_at_least", "quota.max_percent", "quota.outstanding_max_percent",
    "quota.source.status", "quota.source.ref", "quota.rounding.method",
    "quota.rounding.at_least_one_from", "quota.rounding.source.status",
    "quota.rounding.source.ref",
    "quarters.title.vi", "quarters.title.en", "quarters.rated", "quarters.source.status",
    "quarters.source.ref", "quarters.due.month_of_quarter", "quarters.due.before_day",
    "quarters.due.source.status", "quarters.due.source.ref", "quarters.year.points",
    "quarters.year.quarter_vetoes", "quarters.year.flag_above_every_quarter",
    "quarters.year.flag_quarter_levels", "quarters.year.source.status",
    "quarters.year.source.ref",
]
LIST_KEYS = {"unit_types", "year_rollup.rating_rulesets", "quarters.rated",
             "quarters.year.flag_quarter_levels"}
NUMBER_KEYS = {"precision", "year_rollup.periods", "quota.max_percent",
               "quota.outstanding_max_percent", "quota.rounding.at_least_one_from",
               "quarters.due.month_of_quarter",
               "quarters.due.before_day"}
NUMBER_LIST_KEYS = {"quarters.rated"}
FLAG_KEYS = {"quarters.year.quarter_vetoes", "quarters.year.flag_above_every_quarter"}
# Optional keys exported with an empty value where their parent is present, so that an
# officer sees the choice and fills it in (an empty value imports as absent).
OPTIONAL_KEYS = {"quota.rounding.at_least_one_from"}
STATUS_WORDS = {"published": "fwx_status_published", "assumed": "fwx_status_assumed"}


def _status_label(status: str) -> str:
    return text(STATUS_WORDS[status], "vi")


def _status_id(value: str) -> str:
    from .messages import fold
    for status, code in STATUS_WORDS.items():
        if fold(value) in (status, fold(text(code, "vi")), fold(text(code, "en"))):
            return status
    return value


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _row(entry: Mapping[str, Any], columns: Sequence[str]) -> list[Any]:
    values = {"title_vi": entry.get("title", {}).get("vi"),
              "title_en": entry.get("title", {}).get("en"),
              "status": _status_label(entry["source"]["status"]) if "source" in entry else None,
              "ref": entry.get("source", {}).get("ref")}
    return [values[c] if c in values else entry.get(c) for c in columns]


def export(framework: Mapping[str, Any], path: Path | str) -> None:
    """Write ``framework`` as an editable workbook at ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    help_ws = wb.active
    help_ws.title = text("fwx_sheet_help", "vi")
    help_ws["A1"] = text("fwx_help_title", "vi", title=framework["title"]["vi"],
                         id=framework["id"], version=framework["version"])
    help_ws["A1"].font = Font(bold=True, size=13)
    for n, line in enumerate(text("fwx_help_lines", "vi").split("\n") + [""]
                             + text("fwx_help_lines", "en").split("\n"), start=3):
        help_ws.cell(row=n, column=1, value=line).alignment = Alignment(wrap_text=True)
    help_ws.column_dimensions["A"].width = 140

    def sheet(name: str, rows: list[list[Any]], choices: Mapping[str, str] = {}) -> None:
        (title, _), columns = SHEETS[name]
        ws = wb.create_sheet(title)
        ws.append([header(columns[c]) for c in columns])
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="9C0A0A")
        for col, field_name in enumerate(columns, start=1):
            letter = ws.cell(row=1, column=col).column_letter
            wide = field_name in ("title_vi", "title_en", "ref", "value")
            ws.column_dimensions[letter].width = 60 if wide else 18
            if field_name in choices:
                dv = DataValidation(type="list", formula1=f'"{choices[field_name]}"',
                                    allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}1000")
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"

    meta = []
    for key in META_KEYS:
        value = _get(framework, key)
        if value is None:
            if key in OPTIONAL_KEYS and _get(framework, key.rpartition(".")[0]) is not None:
                meta.append([key, None])
            continue
        if key in LIST_KEYS:
            value = ", ".join(map(str, value))
        elif key in FLAG_KEYS:
            value = text("label_yes" if value else "label_no", "vi")
        elif key.endswith("source.status"):
            value = _status_label(value)
        meta.append([key, value])
    sheet("meta", meta)
    status_choice = {"status": ",".join(_status_label(s) for s in STATUS_WORDS)}
    crit_cols = list(SHEETS["criteria"][1])
    rows = []
    for crit in framework["criteria"]:
        rows.append(_row({**crit, "parent": None}, crit_cols))
        for item in crit["items"]:
            link = item.get("link") or item.get("derive") or {}
            rows.append(_row({**item, "parent": crit["id"], **link}, crit_cols))
    sheet("criteria", rows, {"kind": "points,met,percent,derived,linked", **status_choice})
    for name in ("indicators", "vetoes", "bands", "levels"):
        cols = list(SHEETS[name][1])
        sheet(name, [_row(e, cols) for e in framework.get(name, [])],
              {**status_choice, **({"kind": "percent,met"} if name == "indicators" else {})})
    conditions = []
    for rule in RULES:
        for cond in framework.get(rule, {}).get("conditions", []):
            conditions.append([rule, cond["ref"], cond["op"], cond["value"]])
    for level in framework.get("levels", []):
        for cond in level["conditions"]:
            conditions.append([f"level:{level['id']}", cond["ref"], cond["op"], cond["value"]])
    for veto in framework.get("vetoes", []):
        if "when" in veto:
            cond = veto["when"]
            conditions.append([f"veto:{veto['id']}", cond["ref"], cond["op"], cond["value"]])
    sheet("conditions", conditions, {"op": ">=,>,<=,<,="})
    wb.properties.title = MARK
    wb.properties.keywords = framework_hash(framework)  # tells an edited workbook apart
    wb.save(path)


def is_export(path: Path) -> bool:
    """Whether ``path`` is a framework workbook fourgood exported and nobody has edited
    since (it reads back as the framework it was written from)."""
    core = properties(path)
    if f"<dc:title>{MARK}</dc:title>" not in core:
        return False
    try:
        return f">{framework_hash(import_(path))}</" in core
    except FrameworkError:
        return False


class _Importer:
    """Reads the sheets back into a framework dict, remembering where each part came from."""

    def __init__(self, path: Path):
        self.path = path
        self.tables: dict[str, Table] = {}
        self.places: dict[tuple[Any, ...], tuple[Table, int]] = {}

    def read(self) -> dict[str, Any]:
        workbook = open_workbook(self.path, FrameworkError)
        try:
            # export writes every sheet and column: one missing is one error that names it,
            # not many about the rows that would have used it
            for name, ((vi, en), columns) in SHEETS.items():
                self.tables[name] = read_table(workbook, self.path.name, vi, columns,
                                               list(columns), FrameworkError, (en,))
        finally:
            workbook.close()
        data: dict[str, Any] = {}
        self.meta(data)
        self.criteria(data)
        for name in ("indicators", "vetoes", "bands", "levels"):
            self.entries(data, name)
        self.conditions(data)
        return data

    def place(self, path: tuple[Any, ...], table: Table, index: int) -> None:
        self.places[path] = (table, index)

    def meta(self, data: dict[str, Any]) -> None:
        table = self.tables["meta"]
        for n, row in enumerate(table.rows):
            key = table.text(row, "key")
            if key not in META_KEYS:
                table.bad(n, "key", msg("xl_unknown_key", value=key))
                continue
            if key in NUMBER_KEYS:
                value = table.number(row, "value")
            else:
                value = table.text(row, "value")
                if value is not None and key in LIST_KEYS:
                    value = [v.strip() for v in value.split(",") if v.strip()]
                    if key in NUMBER_LIST_KEYS:
                        value = [int(v) if v.isdigit() else v for v in value]
                elif value is not None and key in FLAG_KEYS:
                    value = table.flag(row, "value")
                elif value is not None and key.endswith("source.status"):
                    value = _status_id(value)
            if value is None:
                continue
            _set(data, key, value)
            self.place(tuple(key.split(".")), table, n)

    def _entry(self, table: Table, n: int, row: Mapping[str, Any],
               fields: Sequence[str]) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        for field_name in fields:
            if field_name in ("max", "step", "target", "min"):
                value = table.number(row, field_name)
            else:
                value = table.text(row, field_name)
            if value is None:
                continue
            if field_name in ("title_vi", "title_en"):
                entry.setdefault("title", {})[field_name[-2:]] = value
            elif field_name == "status":
                entry.setdefault("source", {})["status"] = _status_id(value)
            elif field_name == "ref":
                entry.setdefault("source", {})["ref"] = value
            else:
                entry[field_name] = value
        return entry

    def criteria(self, data: dict[str, Any]) -> None:
        table = self.tables["criteria"]
        criteria: list[dict[str, Any]] = []
        fields = [f for f in SHEETS["criteria"][1] if f not in ("parent", "framework", "measure")]
        for n, row in enumerate(table.rows):
            entry = self._entry(table, n, row, fields)
            parent = table.text(row, "parent")
            if parent is None:
                entry.setdefault("items", [])
                criteria.append(entry)
                self.place(("criteria", len(criteria) - 1), table, n)
                continue
            owner = next((c for c in criteria if c.get("id") == parent), None)
            if owner is None:
                table.bad(n, "parent", msg("xl_unknown_parent", value=parent))
                continue
            linked = table.text(row, "framework")
            if linked is not None:
                key = "link" if entry.get("kind") == "linked" else "derive"
                entry[key] = {"framework": linked, "measure": table.text(row, "measure")}
            owner["items"].append(entry)
            self.place(("criteria", criteria.index(owner), "items", len(owner["items"]) - 1),
                       table, n)
        data["criteria"] = criteria

    def entries(self, data: dict[str, Any], name: str) -> None:
        table = self.tables[name]
        if not table.rows:
            return
        fields = list(SHEETS[name][1])
        data[name] = []
        for n, row in enumerate(table.rows):
            entry = self._entry(table, n, row, fields)
            if name == "levels":
                entry["conditions"] = []
            data[name].append(entry)
            self.place((name, n), table, n)

    def conditions(self, data: dict[str, Any]) -> None:
        table = self.tables["conditions"]
        for n, row in enumerate(table.rows):
            rule = table.text(row, "rule") or ""
            value = table.number_or_text(row, "value")
            cond = {"ref": table.text(row, "ref"), "op": table.text(row, "op"), "value": value}
            kind, _, target = rule.partition(":")
            if rule in RULES and rule in data:
                conds = data[rule].setdefault("conditions", [])
                path: tuple[Any, ...] = (rule, "conditions", len(conds))
            elif kind in ("level", "veto") and target:
                owners = data.get("levels" if kind == "level" else "vetoes", [])
                index = next((i for i, e in enumerate(owners) if e.get("id") == target), None)
                if index is None:
                    table.bad(n, "rule", msg("xl_unknown_parent", value=rule))
                    continue
                if kind == "veto":
                    owners[index]["when"] = cond
                    self.place(("vetoes", index, "when"), table, n)
                    continue
                conds = owners[index]["conditions"]
                path = ("levels", index, "conditions", len(conds))
            else:
                table.bad(n, "rule", msg("xl_unknown_parent", value=rule))
                continue
            conds.append(cond)
            self.place(path, table, n)

    def where(self, path: list[Any]) -> Any:
        """Sheet, row and column of a JSON path of the imported framework."""
        for cut in range(len(path), -1, -1):
            place = self.places.get(tuple(path[:cut]))
            if place is None:
                continue
            table, index = place
            rest = [p for p in path[cut:] if isinstance(p, str)]
            field_name = {"vi": "title_vi", "en": "title_en"}.get(rest[-1]) if rest else None
            if rest and field_name is None:
                field_name = {"framework": "framework", "measure": "measure"}.get(rest[-1],
                                                                                rest[-1])
            if table is self.tables["meta"]:
                field_name = "value"
            return table.locate(table.row_numbers[index], field_name)
        return self.tables["meta"].locate(None, None)


def import_(path: Path | str,
            lookup: Callable[[str], Mapping[str, Any] | None] = resolve) -> dict[str, Any]:
    """Read an edited framework workbook and validate it; raises FrameworkError with every
    problem located by sheet, row and column: the cells that cannot be read and, in the
    same run, what the framework they leave breaks (less what follows from those cells)."""
    importer = _Importer(Path(path))
    data = importer.read()
    problems: list[Problem] = [p for t in importer.tables.values() for p in t.problems]
    cells = {p.where for p in problems}
    problems += [p for p in check(data, lookup, importer.where)
                 if not any(c == p.where or c.startswith(p.where + ", column") for c in cells)]
    if problems:
        raise FrameworkError(msg("cli_check_failed", count=len(problems), name=Path(path).name),
                             problems)
    return data
