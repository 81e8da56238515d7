"""Templates: committed and fresh, identified, named, validated, filled without loss,
pre-filled per unit, and readable when printed."""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fourgood import engine, framework as fw, layout, namedcells, render, templates
from fourgood import roster as rosters
from conftest import ROOT, SAMPLES, run_cli

FWS = {i: fw.load(i) for i in fw.shipped_ids()}
COMMITTED = ROOT / "templates"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("built")
    return {p.stem: p for p in templates.build_all(out)}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("template_id", list(layout.TEMPLATES))
def test_committed_templates_are_not_stale(built, template_id):
    committed = COMMITTED / f"{template_id}.xlsx"
    assert committed.exists(), "run: fourgood templates build"
    fresh, old = parts(built[template_id]), parts(committed)
    assert sorted(fresh) == sorted(old), "stale template: run fourgood templates build"
    changed = [name for name in fresh if fresh[name] != old[name]]
    assert changed == [], f"stale parts {changed}: run fourgood templates build"


@pytest.mark.parametrize("template_id", list(layout.TEMPLATES))
def test_templates_are_macro_free_and_identified(built, template_id):
    names = parts(built[template_id])
    assert not any(n.endswith(".bin") or "vbaProject" in n for n in names)
    wb = openpyxl.load_workbook(built[template_id])
    meta = wb["_fourgood"]
    assert meta.sheet_state == "veryHidden"
    rows = {r[0]: r[1:] for r in meta.iter_rows(values_only=True) if r[0]}
    assert rows["template_id"][0] == template_id
    assert rows["template_version"][0] == layout.TEMPLATE_VERSION
    spec = layout.TEMPLATES[template_id]
    for framework_id in filter(None, (spec.main, *spec.linked, *spec.rulesets)):
        version, digest = rows[framework_id][:2]
        assert (version, digest) == (FWS[framework_id]["version"],
                                     fw.framework_hash(FWS[framework_id]))
    defined = set(wb.defined_names)
    for name in defined:  # the name map in _fourgood lists every defined name
        assert name in rows
    assert wb.calculation.fullCalcOnLoad


@pytest.mark.parametrize("template_id", ["chi-bo", "dang-bo-co-so"])
def test_every_input_and_result_has_a_defined_name(built, template_id):
    spec = layout.TEMPLATES[template_id]
    with zipfile.ZipFile(built[template_id]) as archive:
        names = namedcells.defined_names(archive)
    for kind, entry in layout.entries(FWS[spec.main]):
        target = names[layout.input_name("M", entry["id"])]
        assert len(target.cells()) == 12
    for ruleset in spec.rulesets:
        for kind, entry in layout.entries(FWS[ruleset]):
            assert names[layout.input_name("Y", entry["id"])].single
    for crit in FWS[spec.main]["criteria"]:
        assert len(names[layout.result_name(crit["id"])].cells()) == 12
    for key in ("total", "result", "gaps"):
        assert len(names[layout.result_name(key)].cells()) == 12
    for key in ("assessed", "achieved", "with_veto", "rating", "recognized", "gaps"):
        assert names[layout.result_name(key, year=True)].single
    for key in layout.INFO_KEYS:
        assert names[layout.info_name(key)].single


def test_input_cells_unlocked_everything_else_protected(built):
    wb = openpyxl.load_workbook(built["chi-bo"])
    ws = wb["Tự đánh giá"]
    assert ws.protection.sheet and not ws.protection.password
    target = namedcells.parse_target(wb.defined_names["FG_M_c1_1"].attr_text)
    assert all(not ws[c].protection.locked for c in target.cells())
    assert ws["B9"].protection.locked and ws["C9"].protection.locked
    assert ws.freeze_panes == "D8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def sample_doc() -> dict:
    doc = json.loads((SAMPLES / "score" / "chi-bo-nam-2024.json").read_text(encoding="utf-8"))
    doc["info"] = {"unit_name": "Chi bộ Tòa án nhân dân thành phố", "year": 2024}
    return doc


def test_fill_changes_only_the_edited_sheets_and_keeps_foreign_parts(built, tmp_path):
    # a workbook that went through Excel may carry parts openpyxl would drop: add some
    source = tmp_path / "with-addin.xlsx"
    with zipfile.ZipFile(built["chi-bo"]) as src, zipfile.ZipFile(source, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/webextensions/webextension1.xml", "<we:webextension/>")
        out.writestr("xl/drawings/drawing9.xml", "<xdr:wsDr/>")
    filled = tmp_path / "filled.xlsx"
    result = run_cli("fill", str(source), "--values", str(write_json(tmp_path, sample_doc())),
                     "-o", str(filled))
    assert result.returncode == 0, result.stderr
    before, after = parts(source), parts(filled)
    assert sorted(before) == sorted(after)
    edited = [name for name in before if before[name] != after[name]]
    assert "docProps/core.xml" in edited  # the time it was written
    assert all(name.startswith("xl/worksheets/sheet") for name in edited
               if name != "docProps/core.xml") and len(edited) > 1
    named = namedcells.read(filled)
    assert named["FG_M_c1_1"][:3] == [14.5, 11, 14.5]
    assert named["FG_INFO_unit_name"] == "Chi bộ Tòa án nhân dân thành phố"
    assert named["FG_Y_dung_han"] == 1  # 100% stored as a fraction in a percent cell


def write_json(folder: Path, data: dict) -> Path:
    path = folder / "values.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_forced_text_is_reported_clearly_when_the_workbook_is_read(built, tmp_path):
    doc = {"periods": {"3": {"values": {"c1.1": {"text": "4,5"}, "c1.2": "abc", "c1.3": "4,5"}}}}
    filled = tmp_path / "forced.xlsx"
    templates.fill(built["chi-bo"], doc, filled, check=False)  # typed in Excel, mistakes too
    named = namedcells.read(filled)
    assert named["FG_M_c1_1"][2] == "4,5"   # forced in as text
    assert named["FG_M_c1_3"][2] == 4.5     # typed: a number, as Excel makes it
    read = layout.names_to_document(layout.TEMPLATES["chi-bo"], FWS, named)
    result = engine.evaluate(FWS["chi-bo-bon-tot"], read["periods"]["3"], FWS, strict=True)
    by_item = {e.item: e for e in result.errors}
    assert by_item["c1.1"].code == "text_in_number_cell"
    assert by_item["c1.1"].vi.startswith("1.1 «Lãnh đạo thực hiện nhiệm vụ chính trị")
    assert "ô chứa chữ «4,5» thay vì số" in by_item["c1.1"].vi
    assert "gõ lại con số (ví dụ 4,5)" in by_item["c1.1"].vi
    assert by_item["c1.2"].code == "text_in_number_cell"
    assert "c1.3" not in by_item


def test_data_validation_stops_text_and_off_step_values(built, libreoffice, tmp_path):
    """Evaluate each input's own validation formula with LibreOffice on typed values."""
    wb = openpyxl.load_workbook(built["chi-bo"])
    ws = wb["Tự đánh giá"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    points = rules["D9:O9"]  # item 1.1: 0..15 on a 0.5 step
    assert points.type == "custom" and points.showErrorMessage and points.errorStyle == "stop"
    assert "15" in points.error and "0,5" in points.error
    veto = next(dv for sq, dv in rules.items() if dv.type == "list" and "Có" in dv.formula1)
    assert veto.formula1 == '"Có,Không"'
    probe = openpyxl.Workbook()
    sheet = probe.active
    typed = ["4,5", "abc", 4.5, 15, 15.5, -0.5, 0.3, 0]
    expected = [False, False, True, True, False, False, False, True]
    for n, value in enumerate(typed, start=1):
        sheet.cell(row=n, column=1, value=value)
        sheet.cell(row=n, column=2, value="=" + points.formula1.replace("D9", f"A{n}"))
    probe_path = tmp_path / "probe.xlsx"
    probe.save(probe_path)
    (out,) = libreoffice.convert([probe_path], tmp_path / "out")
    got = [row[1] for row in openpyxl.load_workbook(out, data_only=True).active.iter_rows(
        values_only=True)]
    assert got == expected


def test_new_prefills_one_unit_and_all_units(tmp_path):
    roster = SAMPLES / "roster-lao-cai-2024.json"
    one = tmp_path / "kim-tan.xlsx"
    result = run_cli("new", "--roster", str(roster), "--unit", "dbcs-phuong-kim-tan",
                     "--year", "2024", "-o", str(one))
    assert result.returncode == 0, result.stderr
    named = namedcells.read(one)
    assert named["FG_INFO_unit_name"] == "Đảng bộ phường Kim Tân"
    assert named["FG_INFO_parent_name"] == "Đảng bộ thành phố Lào Cai"
    assert (named["FG_META_unit_id"], named["FG_META_year"]) == ("dbcs-phuong-kim-tan", 2024)
    assert named["FG_META_template_id"] == "dang-bo-co-so"
    assert named["FG_SUB_ID"][:3] == ["cb-kim-tan-tdp-1", "cb-kim-tan-tdp-5", None]
    folder = tmp_path / "all"
    result = run_cli("new", "--roster", str(roster), "--all", "--year", "2024", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in folder.glob("*.xlsx"))
    assert len(files) == 23
    assert "cb-toa-an-thanh-pho_chi-bo-toa-an-nhan-dan-thanh-pho.xlsx" in files
    city = namedcells.read(folder / "dang-bo-thanh-pho-lao-cai_dang-bo-thanh-pho-lao-cai.xlsx")
    assert city["FG_META_template_id"] == "tong-hop"
    assert len([i for i in city["FG_SUB_ID"] if i]) == 22
    assert "[23/23]" in result.stdout


@pytest.mark.slow
def test_new_keeps_workbooks_that_hold_data_unless_forced(tmp_path):
    """`new` over a folder where officers already typed data keeps those files and says
    which; blank workbooks are made again; --force replaces them all."""
    roster = SAMPLES / "roster-lao-cai-2024.json"
    folder = tmp_path / "so-2024"
    args = ("new", "--roster", str(roster), "--all", "--year", "2024", "-o", str(folder))
    assert run_cli(*args).returncode == 0
    cell = folder / "cb-kim-tan-tdp-1_chi-bo-to-dan-pho-so-1.xlsx"
    committee = folder / "dbcs-phuong-kim-tan_dang-bo-phuong-kim-tan.xlsx"
    templates.fill(cell, {"periods": {"3": {"values": {"c1.1": 12}}}}, cell)
    templates.fill(committee, {"info": {"secretary": "Nguyễn Văn A"}}, committee)
    [stranger] = folder.glob("cb-thpt-so-1_*.xlsx")
    stranger.write_text("ghi chú của văn phòng", encoding="utf-8")  # not a workbook at all
    typed = {p: p.read_bytes() for p in (cell, committee, stranger)}
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert all(p.read_bytes() == data for p, data in typed.items())  # nothing lost
    assert again.stdout.count("Giữ nguyên") == 3 and "--force" in again.stdout
    assert "Đã giữ nguyên 3 sổ có số liệu, tạo 20 sổ" in again.stdout
    forced = run_cli(*args, "--force")
    assert forced.returncode == 0 and "Giữ nguyên" not in forced.stdout
    assert namedcells.read(cell)["FG_M_c1_1"][2] is None
    assert namedcells.read(committee)["FG_INFO_secretary"] != "Nguyễn Văn A"


def test_new_with_an_unknown_unit_is_a_clear_error(tmp_path):
    result = run_cli("new", "--roster", str(SAMPLES / "roster-lao-cai-2024.json"), "--unit",
                     "khong-co", "--year", "2024", "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 1
    assert "Không có đơn vị «khong-co»" in result.stderr


@pytest.mark.slow
def test_english_templates(tmp_path):
    result = run_cli("--lang", "en", "templates", "build", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(tmp_path / "chi-bo.xlsx")
    assert wb.sheetnames[:4] == ["Instructions", "Unit", "Self-assessment", "Meetings"]
    vi = openpyxl.load_workbook(COMMITTED / "chi-bo.xlsx")
    assert set(wb.defined_names) == set(vi.defined_names)


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, laid out as printed (pdftotext)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed (bash scripts/setup.sh --test installs it)"
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def printed(libreoffice, tmp_path_factory) -> dict[str, Path]:
    """Every committed template and each xlwings Lite workbook printed to PDF by LibreOffice
    in one run: file stem -> PDF."""
    out = tmp_path_factory.mktemp("printed")
    files = sorted(COMMITTED.glob("*.xlsx")) + templates.build_lite(out / "lite")
    return {pdf.stem: pdf for pdf in libreoffice.convert(files, out, "pdf")}


def test_templates_open_and_print_readably(printed, tmp_path):
    """Every template converts without error to A4 landscape pages, each monthly sheet on
    pages that hold all twelve month columns, with Vietnamese diacritics intact."""
    for pdf in printed.values():
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                              text=True).stdout
        sizes = [line.split("size:")[1] for line in info.splitlines()
                 if line.startswith("Page") and "size:" in line]
        assert sizes and all("(A4)" in size for size in sizes), info
        pages = page_texts(pdf)
        assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in p for p in pages)
        for page, size in zip(pages, sizes):
            if " T1 " in page:
                width, height = (float(v) for v in size.split("pts")[0].split(" x "))
                assert width > height, f"{pdf.name}: monthly pages are printed landscape"
                assert "T12" in page, f"{pdf.name}: a month column fell off the page"
    assert len(render.to_png(list(printed.values())[:1], tmp_path / "png")) >= 1


def test_python_rows_and_lite_buttons_stay_off_the_printed_pages(built, printed):
    """An official page shows no «KẾT QUẢ TÍNH BẰNG PYTHON» / FG_ function rows: the print
    areas of «Kết quả» and «Quý và năm» end above them; and the Lite workbooks' buttons lie
    right of that print area, so they print in no spreadsheet (LibreOffice ignores a shape's
    «do not print»): a Lite workbook prints exactly as its plain template."""
    from fourgood import lite

    for template_id in ("chi-bo", "dang-bo-co-so"):
        wb = openpyxl.load_workbook(built[template_id])
        ends = {}
        for sheet in ("Kết quả", "Quý và năm"):
            ws = wb[sheet]
            column, row = ws.print_area.rsplit("$", 2)[-2:]
            ends[sheet] = openpyxl.utils.column_index_from_string(column), int(row)
            python = [cell.row for line in ws.iter_rows() for cell in line
                      if isinstance(cell.value, str) and ("PYTHON" in cell.value
                                                          or "FG_TONG_DIEM" in cell.value)]
            assert python and min(python) > ends[sheet][1], (sheet, ws.print_area)
        for button in lite.BUTTONS:
            column = "".join(ch for ch in button.first if ch.isalpha())
            assert openpyxl.utils.column_index_from_string(column) > ends["Kết quả"][0]
        pages = page_texts(printed[template_id])
        assert not [p for p in pages if "PYTHON" in p or "FG_TONG_DIEM" in p]
        assert page_texts(printed[f"{template_id}-lite"]) == pages


def test_fill_refuses_values_that_do_not_fit_the_workbook(tmp_path):
    """`fill` checks the values against the workbook's own kind and framework first: a
    cell's points in a committee's workbook, a shape it cannot use, a month 13, a computed
    item, or a file that is no workbook — each refused with the item named, nothing written."""
    roster = str(SAMPLES / "roster-lao-cai-2024.json")
    cell, committee = tmp_path / "chi-bo.xlsx", tmp_path / "dang-bo.xlsx"
    for unit, path in (("cb-kim-tan-tdp-1", cell), ("dbcs-phuong-kim-tan", committee)):
        assert run_cli("new", "--roster", roster, "--unit", unit, "--year", "2024",
                       "-o", str(path)).returncode == 0

    def fill(workbook: Path, doc) -> subprocess.CompletedProcess:
        values = tmp_path / "v.json"
        values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / "out.xlsx"
        out.unlink(missing_ok=True)
        done = run_cli("fill", str(workbook), "--values", str(values), "-o", str(out))
        assert "Traceback" not in done.stderr
        if done.returncode:
            assert not out.exists()
        return done

    cell_month = {"periods": {"3": {"values": {"c1.1": 25, "c1.2": 9}}}}
    refused = fill(committee, cell_month)  # points typed where «Đạt/Không đạt» is asked
    assert refused.returncode == 1 and "chưa ghi gì" in refused.stderr
    assert "tháng 3" in refused.stderr and "1.1" in refused.stderr
    for doc, said in (({"thang": 3}, "phần «thang» không có"),
                      ({"periods": {"13": {"values": {"c1.1": 25}}}}, "kỳ «13» không hợp lệ"),
                      ({"periods": {"2023-03": {"values": {}}}}, "kỳ «2023-03» không hợp lệ"),
                      ({"periods": {"3": {"values": {"c9.9": 1}}}}, "c9.9"),
                      ({"periods": {"3": {"values": {"c1.1": 99}}}}, "1.1"),
                      ({"periods": {"3": {"values": {"c2.1": 18}}}}, "do sổ tự tính"),
                      ({}, "không có gì để ghi")):
        done = fill(cell, doc)
        assert done.returncode == 1 and said in done.stderr, (doc, done.stderr)
    assert fill(cell, {"periods": {"2024-03": {"values": {"c1.1": 12}}}}).returncode == 0
    assert namedcells.read(tmp_path / "out.xlsx")["FG_M_c1_1"][2] == 12
    not_a_workbook = run_cli("fill", roster, "--values", roster, "-o", str(tmp_path / "x.xlsx"))
    assert not_a_workbook.returncode == 1 and "không phải là sổ của fourgood" in \
        not_a_workbook.stderr and "Traceback" not in not_a_workbook.stderr


def test_a_committees_gaps_give_the_figures_and_whole_quotes(libreoffice, tmp_path):
    """«Còn thiếu» of a committee's month names each unmet item with its figures, as the
    engine does («mới 99,5%, cần 100%»), and never leaves a quote open."""
    roster = rosters.load(SAMPLES / "roster-lao-cai-2024.json")
    blank = templates.new_workbook(roster, "dbcs-phuong-kim-tan", 2024, tmp_path / "so.xlsx")
    values = {"c1.1": "Đạt", "c2.1": "Đạt", "c2.2": "Đạt", "c3.1": 99.5, "c4.1": "Đạt",
              "c6.1": "Đạt", "c7.1": 100, "c8.1": "Đạt", "c9.1": 80}
    filled = tmp_path / "filled.xlsx"
    templates.fill(blank, {"periods": {"3": {"values": values}},
                           "subordinates": [{"id": "cb-kim-tan-tdp-1", "months": {"3": True}}]},
                   filled)
    (recalculated,) = libreoffice.convert([filled], tmp_path / "lo")
    gaps = namedcells.read(recalculated)["FG_R_gaps"][2]
    assert "«Tỷ lệ chỉ tiêu, nhiệm vụ đã hoàn thành (%)» mới 99" in gaps and "cần 100%" in gaps
    assert "cần 90%" in gaps and "Tiêu chí 9 chưa đạt" in gaps
    assert gaps.count("«") == gaps.count("»")
    engine_gaps = " ".join(g.vi for g in engine.evaluate(
        FWS["dang-bo-co-so-bon-tot"], {"values": {**values, "c5.1": 100}}, FWS).gaps)
    assert "mới 99,5%, cần 100%" in engine_gaps  # the same figures, the engine's words


def test_header_cells_of_the_city_workbook_are_tall_enough_for_their_words(built):
    """No header is clipped when printed: every wrapped header of «Kết quả» in tong-hop has
    a row tall enough for its words at its column's width (as the spreadsheet wraps them)."""
    ws = openpyxl.load_workbook(built["tong-hop"])["Kết quả"]
    for row in ws.iter_rows():
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment.wrap_text and cell.font.b
                    and not cell.value.startswith("=")) or cell.coordinate in ws.merged_cells:
                continue
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            per_line, lines, used = int(width * 1.15 * 11 / (cell.font.sz or 11)), 1, 0
            for word in cell.value.split():
                if used and used + 1 + len(word) > per_line:
                    lines, used = lines + 1, 0
                used += (1 if used else 0) + len(word)
            height = ws.row_dimensions[cell.row].height or 15
            assert height >= lines * 12, (cell.coordinate, cell.value, height, lines)
