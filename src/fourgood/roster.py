"""The roster: the units of a party organisation as a tree of any depth.

A roster is a JSON file (schemas/roster.schema.json) or an .xlsx workbook whose first
sheet has a header row with these columns (Vietnamese or English header, any order):

=================  ============  ===========================================================
Vietnamese         English       content
=================  ============  ===========================================================
Mã đơn vị          id            unique id: lower-case letters without diacritics, digits, -
Tên đơn vị         name          the unit's name, e.g. «Chi bộ Tòa án nhân dân thành phố»
Loại               type          chi-bo / dang-bo-co-so / dang-bo-cap-tren (or «Chi bộ», …)
Đơn vị cấp trên    parent        id of the parent unit; empty for the root
Thí điểm           pilot         «Có» / «Không» (optional)
Email              email         contact e-mail (optional)
Nhóm               group         group of comparable units for the rating quota (optional)
Tiêu biểu          outstanding   «Có» when the unit's groups may use the higher quota (optional)
Ví dụ              example       «Có» when the name is only an illustrative example (optional)
=================  ============  ===========================================================

The roster's id is taken from the file name. An optional sheet «Thông tin» (or
"Information") gives the year the roster is for, on a row «Năm» (year) under the headers
«Mục» (item) and «Giá trị» (value); without it the year comes from ``--year`` or from the
workbooks received.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .errors import Problem, RosterError, where_text
from .framework import json_path, read_json, schema_problems
from .messages import Located, Message, fold, msg, nfc

UNIT_TYPES = ("chi-bo", "dang-bo-co-so", "dang-bo-cap-tren")
TYPE_TITLES = {
    "chi-bo": {"vi": "Chi bộ", "en": "Party cell"},
    "dang-bo-co-so": {"vi": "Đảng bộ cơ sở", "en": "Grassroots committee"},
    "dang-bo-cap-tren": {"vi": "Đảng bộ cấp trên cơ sở", "en": "Superior committee"},
}
PARENT_TYPES = {
    "chi-bo": {"dang-bo-co-so", "dang-bo-cap-tren"},
    "dang-bo-co-so": {"dang-bo-cap-tren"},
    "dang-bo-cap-tren": {"dang-bo-cap-tren"},
}
COLUMNS = {  # field -> (Vietnamese header, English header)
    "id": ("Mã đơn vị", "id"), "name": ("Tên đơn vị", "name"), "type": ("Loại", "type"),
    "parent": ("Đơn vị cấp trên", "parent"), "pilot": ("Thí điểm", "pilot"),
    "email": ("Email", "email"), "group": ("Nhóm", "group"),
    "outstanding": ("Tiêu biểu", "outstanding"), "example": ("Ví dụ", "example"),
}
REQUIRED_COLUMNS = ("id", "name", "type")
INFO_SHEET = ("Thông tin", "Information")  # the optional sheet of the roster's own facts
INFO_COLUMNS = {"item": ("Mục", "item"), "value": ("Giá trị", "value")}
INFO_ITEMS = {"year": ("Năm", "year")}  # item -> its (Vietnamese, English) names
GROUP_OF = " — "  # between a quota group and its committee's name (``Roster.quota_title``)
FLAGS = ("pilot", "outstanding", "example")


@dataclass(frozen=True, slots=True)  # slots: a province's roster is held by every process
class Unit:
    id: str
    name: str
    type: str
    parent: str | None = None
    pilot: bool = False
    email: str | None = None
    group: str | None = None
    outstanding: bool = False
    example: bool = False


_UNIT_VALUES = operator.attrgetter(*(f.name for f in fields(Unit)))


def _rebuilt(roster_id: str, name: str, units: list[tuple], year: int | None) -> "Roster":
    return Roster(roster_id, name, [Unit(*values) for values in units], year)


class Roster:
    """A validated tree of units, in file order."""

    def __init__(self, roster_id: str, name: str, units: list[Unit], year: int | None = None):
        self.id, self.name, self.year = roster_id, name, year
        self.units = {u.id: u for u in units}
        self._children: dict[str | None, list[Unit]] = {}
        for unit in units:
            self._children.setdefault(unit.parent, []).append(unit)

    def __len__(self) -> int:
        return len(self.units)

    def unit_rows(self) -> list[tuple]:
        """Every unit's fields as a tuple (``Unit``'s order), in file order."""
        return [_UNIT_VALUES(u) for u in self.units.values()]

    def __reduce__(self) -> tuple:
        # pickled for every worker process: its units as plain tuples, far faster than
        # a slotted dataclass's own state, one unit at a time
        return _rebuilt, (self.id, self.name, self.unit_rows(), self.year)

    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    @property
    def roots(self) -> list[Unit]:
        return list(self._children.get(None, []))

    def children(self, unit_id: str) -> list[Unit]:
        return list(self._children.get(unit_id, []))

    def descendants(self, unit_id: str) -> Iterator[Unit]:
        for child in self.children(unit_id):
            yield child
            yield from self.descendants(child.id)

    def ancestors(self, unit_id: str) -> list[Unit]:
        out, parent = [], self.units[unit_id].parent
        while parent is not None:
            out.append(self.units[parent])
            parent = self.units[parent].parent
        return out

    def depth(self) -> int:
        """Number of levels in the tree (a lone root is 1)."""
        return max((len(self.ancestors(u)) + 1 for u in self.units), default=0)

    def quota_group(self, unit_id: str) -> tuple[str | None, str]:
        """The group of comparable units a unit is rated in: (parent, group or type)."""
        unit = self.units[unit_id]
        return unit.parent, unit.group or unit.type

    def quota_key(self, unit_id: str, root: str | None = None) -> str:
        """A unit's quota group as one word: ``parent/group``, or just the group for the
        units directly under ``root`` (the workbook's own unit)."""
        parent, group = self.quota_group(unit_id)
        return f"{parent}/{group}" if parent and parent != root else group

    def quota_title(self, unit_id: str, root: str | None = None, lang: str = "vi") -> str:
        """A unit's quota group as an officer reads it in a workbook cell: the group (a unit
        type by its title), and for the units of a committee below ``root``, that
        committee's name: «Chi bộ — Đảng bộ phường Kim Tân» (``from_workbook`` reads it)."""
        parent, group = self.quota_group(unit_id)
        title = TYPE_TITLES[group][lang] if group in TYPE_TITLES else group
        return f"{title}{GROUP_OF}{self[parent].name}" if parent and parent != root else title


def _json_where(data: Any) -> Callable[[list[Any]], Any]:
    """Locations in a JSON roster as people count: the unit's number (from 1) and id, then
    the field; other paths as JSON paths."""
    units = data.get("units") if isinstance(data, dict) else None

    def where(parts: list[Any]) -> Any:
        if len(parts) >= 2 and parts[0] == "units" and isinstance(parts[1], int) \
                and isinstance(units, list) and parts[1] < len(units):
            unit = units[parts[1]]
            unit_id = unit.get("id") if isinstance(unit, dict) else None
            field = ".".join(map(str, parts[2:]))
            code = "roster_where_unit_field" if field else "roster_where_unit"
            return Located(msg(code).code, {"n": parts[1] + 1, "id": unit_id or "—",
                                            "field": field}, json_path(parts))
        return json_path(parts)
    return where


def slug(text: str) -> str:
    """A readable ASCII id from Vietnamese text: «Phường Kim Tân» -> ``phuong-kim-tan``."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load(path: Path | str) -> Roster:
    """Read and validate a roster from .json or .xlsx; raises RosterError with every problem."""
    path = Path(path)
    if not path.exists():
        raise RosterError(msg("cli_file_missing", path=str(path)))
    early: list[Problem] = []
    reword = None
    if path.suffix.lower() in (".xlsx", ".xlsm") and not path.is_dir():
        data, where, reword, early = _read_xlsx(path)
    else:
        data = read_json(path, "roster", RosterError)
        if not isinstance(data, dict):
            raise RosterError(msg("roster_not_object", path=str(path)))
        where = _json_where(data)
    problems = early + validate(data, where, reword)
    if problems:
        raise RosterError(msg("cli_check_failed", count=len(problems), name=str(path)), problems)
    return build(data)


def build(data: dict[str, Any]) -> Roster:
    """A Roster from already validated roster data, names normalised to NFC."""
    held: dict[str, str] = {}  # equal ids, parents, types and groups held once: each of a
    #                            run's processes holds the roster

    def one(text: str | None) -> str | None:
        return held.setdefault(text, text) if text else None

    units = [Unit(id=one(u["id"]), name=nfc(u["name"]).strip(), type=one(u["type"]),
                  parent=one(u.get("parent")), pilot=bool(u.get("pilot", False)),
                  email=u.get("email") or None, group=one(u.get("group")),
                  outstanding=bool(u.get("outstanding", False)),
                  example=bool(u.get("example", False)))
             for u in data["units"]]
    return Roster(data["id"], nfc(data["name"]), units, data.get("year"))


def validate(data: Any, where: Callable[[list[Any]], str],
           reword: Callable[[list[Any], str, Any, str], Any] | None = None) -> list[Problem]:
    """Schema, then unique ids, known parents and types, no cycles, one name per parent
    (``reword``: schema problems in a workbook's words, see ``schema_problems``)."""
    problems = schema_problems(data, "roster", where, reword)
    if problems:
        return [Problem(p.code, p.where, msg("roster_schema", where=p.message.params["path"],
                                              detail=p.message.params["detail"]))
                for p in problems]

    def problem(code: str, index: int, field: str, **params: Any) -> None:
        location = where(["units", index, field])
        problems.append(Problem(code, where_text(location),
                                msg(f"roster_{code}", where=location, **params)))

    units = data["units"]
    first: dict[str, int] = {}
    for n, unit in enumerate(units):
        if unit["id"] in first:
            problem("duplicate_id", n, "id", id=unit["id"],
                    first=where(["units", first[unit["id"]]]))
        first.setdefault(unit["id"], n)
    by_id = {u["id"]: u for u in units}
    names: dict[tuple[Any, str], int] = {}
    for n, unit in enumerate(units):
        parent = unit.get("parent")
        if parent:
            if parent not in by_id:
                problem("unknown_parent", n, "parent", parent=parent, id=unit["id"])
            elif by_id[parent]["type"] not in PARENT_TYPES[unit["type"]]:
                problem("bad_parent_type", n, "parent", id=unit["id"],
                    type=TYPE_TITLES[unit["type"]], parent=parent,
                    parent_type=TYPE_TITLES[by_id[parent]["type"]])
        key = (parent, fold(unit["name"]))
        if key in names:
            problem("duplicate_name", n, "name", name=nfc(unit["name"]),
                first=where(["units", names[key]]))
        names.setdefault(key, n)
    for n, unit in enumerate(units):
        chain, seen = [unit["id"]], {unit["id"]}
        parent = unit.get("parent")
        while parent in by_id:
            chain.append(parent)
            if parent in seen:
                if parent == unit["id"]:
                    problem("cycle", n, "parent", id=unit["id"], chain=" → ".join(chain))
                break
            seen.add(parent)
            parent = by_id[parent].get("parent")
    if not any(not u.get("parent") for u in units):
        problems.append(Problem("no_root", where_text(where(["units"])), msg("roster_no_root")))
    return problems


def _read_xlsx(path: Path) -> tuple[dict[str, Any], Callable[[list[Any]], Any],
                                    Callable[..., Any], list[Problem]]:
    """Rows of the first sheet as roster data, a locator naming sheet, row and column,
    schema problems reworded in the sheet's words (its column titles, the types' titles),
    and the problems found while reading cells."""
    from .xlsx_table import open_workbook, read_table  # openpyxl: only for .xlsx rosters

    workbook = open_workbook(path, RosterError)
    try:
        table = read_table(workbook, path.name, None, COLUMNS, REQUIRED_COLUMNS, RosterError)
        info = _info_table(workbook, path.name)
    finally:
        workbook.close()
    units = []
    for row in table.rows:
        unit: dict[str, Any] = {}
        for field in COLUMNS:
            value = row.get(field)
            if value is None:
                continue
            if field in FLAGS:
                value = table.flag(row, field)
            elif field == "type":
                value = _type_id(str(value))
            else:
                value = table.text(row, field)
            if value is not None:  # an unreadable cell is reported by the table already
                unit[field] = value
        units.append(unit)
    data = {"id": slug(path.stem) or "roster", "name": nfc(path.stem), "units": units}
    items = _info_items(info) if info else {}
    if "year" in items:
        data["year"] = info.number(info.rows[items["year"]], "value")
        if data["year"] is None:  # empty, or unreadable (said by the table already)
            del data["year"]

    def where(parts: list[Any]) -> str:
        if parts == ["year"] and info:
            return info.locate(info.row_numbers[items["year"]], "value")
        if len(parts) >= 2 and parts[0] == "units":
            row = table.row_numbers[parts[1]]
            field = parts[2] if len(parts) > 2 else None
            return table.locate(row, field)
        return table.locate(None, None)

    def reword(path: list[Any], code: str, detail: Any, value: str) -> Any:
        if len(path) == 2 and path[0] == "units" and code == "schema_required":
            column = table.columns.get(detail) or COLUMNS[detail][0]  # a column left out
            return where(path + [detail]), msg("roster_xlsx_empty", column=column)
        if path[:1] == ["units"] and path[-1:] == ["type"] and code == "schema_enum":
            return where(path), msg("roster_xlsx_type", value=value.strip('"'), choices=", ".join(
                f"«{titles['vi']}»" for titles in TYPE_TITLES.values()))
        return None

    return data, where, reword, table.problems + (info.problems if info else [])


def _info_table(workbook, file: str):
    """The roster workbook's «Thông tin» sheet as a Table, or None when it has none."""
    from .xlsx_table import read_table

    wanted = {fold(title) for title in INFO_SHEET}
    if not any(fold(ws.title) in wanted for ws in workbook.worksheets[1:]):
        return None
    return read_table(workbook, file, INFO_SHEET[0], INFO_COLUMNS, tuple(INFO_COLUMNS),
                      RosterError, INFO_SHEET[1:])


def _info_items(info) -> dict[str, int]:
    """Item -> its row's index in the «Thông tin» table; an unknown or repeated item is a
    problem of the table, naming its row."""
    found: dict[str, int] = {}
    names = {fold(name): item for item, titles in INFO_ITEMS.items() for name in titles}
    for n, row in enumerate(info.rows):
        item = names.get(fold(info.text(row, "item") or ""))
        if item is None or item in found:
            info.bad(n, "item", msg("roster_xlsx_item", value=info.text(row, "item") or "",
                                    choices=", ".join(f"«{vi}»" for vi, _ in
                                                      INFO_ITEMS.values())))
        else:
            found[item] = n
    return found


def _type_id(value: str) -> str:
    wanted = fold(value)
    for type_id, titles in TYPE_TITLES.items():
        if wanted in (type_id, fold(titles["vi"]), fold(titles["en"])):
            return type_id
    return value.strip()


def from_workbook(root: Mapping[str, Any], listed: list[Mapping[str, Any]],
                  outstanding: Iterable[str] = ()) -> Roster:
    """The roster a committee's or consolidation workbook holds: its own unit (``root``:
    id, name, type, year) and the units it lists (id, name, type or its title, quota group
    as ``quota_title`` writes it, or as ``parent/group`` in workbooks written before);
    ``outstanding`` are the parents whose quota rows are marked outstanding. Raises
    RosterError with each listed row at fault."""
    ids = {str(u["id"]) for u in listed} | {root["id"]}
    by_name = {fold(str(u.get("name") or "")): str(u["id"]) for u in listed}
    units = [{"id": root["id"], "name": root["name"] or root["id"], "type": root["type"]}]
    for unit in listed:
        written = str(unit.get("group") or "")
        group, of, parent_name = written.partition(GROUP_OF)
        parent = by_name.get(fold(parent_name)) if of else None
        if not of:
            parent, _, group = written.rpartition("/")
        entry = {"id": str(unit["id"]), "name": str(unit.get("name") or unit["id"]),
                 "type": _type_id(str(unit.get("type") or "chi-bo")),
                 "parent": parent if parent in ids else root["id"]}
        group = _type_id(group) if group else group
        if group and group != entry["type"]:
            entry["group"] = group
        units.append(entry)
    marked = set(outstanding)
    for unit in units:
        if unit["id"] in marked:
            unit["outstanding"] = True
    data = {"id": slug(root["id"]) or "roster", "name": root["name"] or root["id"],
            "year": root.get("year"), "units": units}
    if data["year"] is None:
        del data["year"]

    def where(parts: list[Any]) -> Message:
        return msg("roster_workbook_row", row=parts[1] if len(parts) > 1 else 0)

    problems = validate(data, where)
    if problems:
        raise RosterError(msg("cli_check_failed", count=len(problems), name=root["name"]),
                          problems)
    return build(data)
