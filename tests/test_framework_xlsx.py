"""Frameworks as editable Excel sheets: a lossless round trip and located import errors."""
from __future__ import annotations

import json

import openpyxl
import pytest

from fourgood import framework as fw
from fourgood.errors import FrameworkError
from fourgood.framework_xlsx import export, import_
from conftest import run_cli
from test_frameworks import SHIPPED


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_round_trip_is_lossless(tmp_path, framework_id):
    data = fw.load(framework_id)
    path = tmp_path / f"{framework_id}.xlsx"
    export(data, path)
    back = import_(path)
    assert back == data
    assert fw.framework_hash(back) == fw.framework_hash(data)


def test_cli_export_then_import(tmp_path):
    xlsx, out = tmp_path / "khung.xlsx", tmp_path / "khung.json"
    assert run_cli("framework", "export", "xep-loai-366", "-o", str(xlsx)).returncode == 0
    result = run_cli("framework", "import", str(xlsx), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == fw.load("xep-loai-366")


def test_exported_sheets_are_in_vietnamese_with_english_headers(tmp_path):
    path = tmp_path / "khung.xlsx"
    export(fw.load("chi-bo-bon-tot"), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Khung", "Tiêu chí", "Chỉ số", "Phủ quyết", "Mức",
                             "Xếp loại", "Điều kiện"]
    header = [c.value for c in wb["Tiêu chí"][1]]
    assert header[:3] == ["Mã / id", "Thuộc tiêu chí / criterion", "Tên tiếng Việt / title (vi)"]
    assert wb["Tiêu chí"]["K2"].value == "Đã công bố"


def edit(tmp_path, framework_id, sheet, cell, value):
    path = tmp_path / "sua.xlsx"
    export(fw.load(framework_id), path)
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet, cell, value, where", [
    ("Tiêu chí", "F3", "mười lăm", "sheet 'Tiêu chí', row 3, column 'Điểm tối đa / max'"),
    ("Tiêu chí", "F2", 31, "sheet 'Tiêu chí', row 2, column 'Điểm tối đa / max'"),
    ("Tiêu chí", "E3", "diem", "sheet 'Tiêu chí', row 3, column 'Loại / kind'"),
    ("Tiêu chí", "B3", "c9", "sheet 'Tiêu chí', row 3, column 'Thuộc tiêu chí / criterion'"),
    ("Điều kiện", "D2", "chín mươi", "sheet 'Điều kiện', row 2, column 'Giá trị / value'"),
    ("Điều kiện", "B3", "criterion:c8", "sheet 'Điều kiện', row 3, column 'Đại lượng / measure'"),
    ("Khung", "B3", "1.0", "sheet 'Khung', row 3, column 'Giá trị / value'"),
])
def test_import_errors_name_sheet_row_and_column(tmp_path, sheet, cell, value, where):
    path = edit(tmp_path, "chi-bo-bon-tot", sheet, cell, value)
    with pytest.raises(FrameworkError) as caught:
        import_(path)
    wheres = [p.where for p in caught.value.problems]
    assert any(w.startswith(where) for w in wheres), wheres


def test_cli_import_prints_vietnamese_locations(tmp_path):
    path = edit(tmp_path, "chi-bo-bon-tot", "Tiêu chí", "F3", "mười lăm")
    result = run_cli("framework", "import", str(path), "-o", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "Trang «Tiêu chí», dòng 3, cột «Điểm tối đa / max»: cần một số" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_import_of_a_non_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "khong-phai.xlsx"
    path.write_text("hello", encoding="utf-8")
    result = run_cli("framework", "import", str(path), "-o", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "không phải là sổ tính Excel" in result.stderr


@pytest.mark.parametrize("sheet, column, named", [
    ("Tiêu chí", "Loại", "Loại / kind"),
    ("Tiêu chí", "Điểm tối đa", "Điểm tối đa / max"),
    ("Điều kiện", None, "Điều kiện"),
])
def test_a_deleted_column_or_sheet_is_one_error_that_names_it(tmp_path, sheet, column, named):
    path = tmp_path / "khung.xlsx"
    export(fw.load("chi-bo-bon-tot"), path)
    wb = openpyxl.load_workbook(path)
    if column is None:
        del wb[sheet]
    else:
        ws = wb[sheet]
        [col] = [c.column for c in ws[1] if str(c.value).startswith(column + " /")]
        ws.delete_cols(col)
    wb.save(path)
    result = run_cli("framework", "import", str(path), "-o", str(tmp_path / "x.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"«{named}»" in lines[0], lines
    assert all(sheet in line for line in lines)
