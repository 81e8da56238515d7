"""The roster: the Lào Cai pilot, validation rules, any depth, and the .xlsx form."""
from __future__ import annotations

import copy
import json
import unicodedata

import openpyxl
import pytest

from fourgood import roster as rosters
from fourgood.errors import RosterError
from conftest import SAMPLES, run_cli

SAMPLE = SAMPLES / "roster-lao-cai-2024.json"


def test_lao_cai_pilot_has_22_units_under_the_city():
    tree = rosters.load(SAMPLE)
    (city,) = tree.roots
    assert city.name == "Đảng bộ thành phố Lào Cai"
    under = list(tree.descendants(city.id))
    assert len(under) == 22 and all(u.pilot for u in under)
    direct = tree.children(city.id)
    committees = [u for u in direct if u.type == "dang-bo-co-so"]
    assert [u.name for u in committees] == [
        "Đảng bộ phường Kim Tân", "Đảng bộ phường Pom Hán", "Đảng bộ xã Cam Đường",
        "Đảng bộ Công an thành phố", "Đảng bộ Y tế", "Đảng bộ Trường THPT Chuyên tỉnh Lào Cai"]
    assert len([u for u in direct if u.type == "chi-bo"]) == 4
    for committee in committees:
        cells = tree.children(committee.id)
        assert len(cells) == 2 and all(c.type == "chi-bo" and c.example for c in cells)
    assert tree.depth() == 3


def write(tmp_path, data):
    path = tmp_path / "ds.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def sample():
    return copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))


def problems_of(tmp_path, data):
    with pytest.raises(RosterError) as caught:
        rosters.load(write(tmp_path, data))
    return [(p.code, p.where) for p in caught.value.problems], caught.value.problems


def test_duplicate_ids(tmp_path):
    data = sample()
    data["units"][5]["id"] = data["units"][4]["id"]
    codes, _ = problems_of(tmp_path, data)
    assert ("duplicate_id", "$.units[5].id") in codes


def test_unknown_parent(tmp_path):
    data = sample()
    data["units"][3]["parent"] = "khong-ton-tai"
    codes, problems = problems_of(tmp_path, data)
    assert codes == [("unknown_parent", "$.units[3].parent")]
    assert "«khong-ton-tai»" in problems[0].message.vi


def test_cycle(tmp_path):
    data = sample()
    data["units"].append({"id": "a", "name": "A", "type": "dang-bo-cap-tren", "parent": "b"})
    data["units"].append({"id": "b", "name": "B", "type": "dang-bo-cap-tren", "parent": "a"})
    codes, problems = problems_of(tmp_path, data)
    assert [c for c, _ in codes] == ["cycle", "cycle"]
    assert "a → b → a" in problems[0].message.vi


def test_unknown_type_and_wrong_parent_type(tmp_path):
    data = sample()
    data["units"][1]["type"] = "to-dang"
    codes, _ = problems_of(tmp_path, data)
    assert codes[0] == ("schema.enum", "$.units[1].type")
    data = sample()
    data["units"][1]["parent"] = data["units"][-1]["id"]  # a committee under a cell
    codes, _ = problems_of(tmp_path, data)
    assert ("bad_parent_type", "$.units[1].parent") in codes


def test_no_root(tmp_path):
    data = sample()
    data["units"][0]["parent"] = data["units"][1]["id"]
    codes, _ = problems_of(tmp_path, data)
    assert ("no_root", "$.units") in codes


def test_names_are_nfc_and_duplicate_names_are_found_case_and_form_blind(tmp_path):
    data = sample()
    decomposed = unicodedata.normalize("NFD", "Chi bộ Tổ Toán - Tin")
    data["units"][-1]["name"] = decomposed.upper()
    codes, _ = problems_of(tmp_path, data)
    assert codes == [("duplicate_name", "$.units[22].name")]
    data["units"][-1]["name"] = unicodedata.normalize("NFD", "Chi bộ Tổ Ngữ văn")
    tree = rosters.load(write(tmp_path, data))
    assert tree[data["units"][-1]["id"]].name == unicodedata.normalize("NFC", "Chi bộ Tổ Ngữ văn")


def test_any_depth_province_over_cities(tmp_path):
    data = sample()
    data["units"].insert(0, {"id": "tinh-lao-cai", "name": "Đảng bộ tỉnh Lào Cai",
                             "type": "dang-bo-cap-tren", "parent": None})
    data["units"][1]["parent"] = "tinh-lao-cai"
    tree = rosters.load(write(tmp_path, data))
    assert tree.depth() == 4 and len(list(tree.descendants("tinh-lao-cai"))) == 23


def to_xlsx(tmp_path, data, headers="vi"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    fields = list(rosters.COLUMNS)
    ws.append([rosters.COLUMNS[f][0 if headers == "vi" else 1] for f in fields])
    for unit in data["units"]:
        row = []
        for f in fields:
            value = unit.get(f)
            if f in rosters.FLAGS:
                value = "Có" if value else None
            elif f == "type":
                value = rosters.TYPE_TITLES[value]["vi"]
            row.append(value)
        ws.append(row)
    path = tmp_path / "danh-sach.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("headers", ["vi", "en"])
def test_xlsx_roster_matches_the_json_one(tmp_path, headers):
    from_json = rosters.load(SAMPLE)
    from_xlsx = rosters.load(to_xlsx(tmp_path, sample(), headers))
    assert list(from_xlsx.units.values()) == list(from_json.units.values())


def test_xlsx_errors_name_sheet_row_and_column(tmp_path):
    data = sample()
    data["units"][3]["parent"] = "khong-ton-tai"
    path = to_xlsx(tmp_path, data)
    wb = openpyxl.load_workbook(path)
    wb.active["E7"] = "có lẽ"
    wb.save(path)
    result = run_cli("roster", "check", str(path))
    assert result.returncode == 1
    assert "Trang «Đơn vị», dòng 7, cột «Thí điểm»: cần «Có» hoặc «Không»" in result.stderr
    assert "trang «Đơn vị», dòng 5, cột «Đơn vị cấp trên»: đơn vị cấp trên «khong-ton-tai»" \
        in result.stderr


def test_xlsx_missing_column(tmp_path):
    path = tmp_path / "thieu.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Mã đơn vị", "Tên đơn vị"])
    wb.save(path)
    result = run_cli("--lang", "en", "roster", "check", str(path))
    assert result.returncode == 1
    assert "the column 'Loại / type' is missing" in result.stderr


def test_cli_roster_check_summary():
    result = run_cli("roster", "check", str(SAMPLE))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "Danh sách hợp lệ: 23 đơn vị, 3 cấp, 1 đơn vị gốc."


def test_json_roster_errors_count_units_as_people_do(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["units"][9]["type"] = "sai-loai"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("roster", "check", str(bad))
    assert done.returncode == 1
    unit_id = data["units"][9]["id"]
    assert f"đơn vị thứ 10 (mã «{unit_id}»), trường «type»" in done.stderr
    assert "$.units" not in done.stderr


@pytest.mark.parametrize("field, value", [
    ("year", 10 ** 30), ("year", 2024.0), ("year", True), ("year", float("nan")),
    ("id", "lao-cai\n"), ("id", "Lao"), ("name", ""), ("x", 1), ("unit.id", "a\n"),
    ("unit.id", "ạ"), ("unit.id", "a" * 61), ("unit.email", "a@b.vn\n"),
    ("unit.email", "a @b.vn"), ("unit.email", "a@b\u00a0vn"), ("unit.type", "chi-bo\n"),
    ("unit.name", "\u0301"), ("unit.pilot", 1), ("unit.parent", 5), ("unit.x", None)])
def test_the_fast_schema_check_accepts_nothing_jsonschema_refuses(field, value):
    """Valid data skips jsonschema (a Rust validator says so ≈ 100 times faster); whatever
    jsonschema refuses must still be refused, with jsonschema's own located problems."""
    import jsonschema

    from fourgood import framework as fw

    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    target = data["units"][3] if field.startswith("unit.") else data
    target[field.removeprefix("unit.")] = value
    refused = not jsonschema.Draft202012Validator(fw.schema("roster")).is_valid(data)
    assert bool(fw.schema_problems(data, "roster")) == refused


def test_a_roster_handed_to_a_worker_process_is_the_same_tree():
    import pickle

    tree = rosters.load(SAMPLE)
    copy_ = pickle.loads(pickle.dumps(tree))
    assert copy_.unit_rows() == tree.unit_rows()
    assert (copy_.id, copy_.name, copy_.year) == (tree.id, tree.name, tree.year)
    assert all(copy_.children(u) == tree.children(u) for u in tree.units)
