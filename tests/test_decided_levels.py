"""Decided levels wherever a level is read: a year decided below the units' proposals shows
as decided, the proposal beside it, in the report's unit lists, recognition and quota, and
on the city's «Đơn vị trực thuộc» after --into; --into keeps what the office typed and
``decide`` has not recorded; ``fill`` answers a wrong input in words and writes nothing;
``framework show`` gives the ids the inputs use. All through the real command."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import SAMPLES, run_cli
from fourgood import decisions, engine, framework as fw, layout, namedcells

FWS = fw.shipped()
RULESET = FWS["xep-loai-366"]
TITLES = {lvl["id"]: lvl["title"]["vi"] for lvl in RULESET["levels"]}
CITY = "tp-thu"
CELLS = [f"cb-{n}" for n in range(1, 6)]
PROPOSED = {"cb-1": "htxsnv", "cb-2": "htxsnv", "cb-3": "htxsnv", "cb-4": "httnv",
            "cb-5": "httnv"}
DECIDED = {"cb-1": "httnv", "cb-2": "httnv", "cb-3": "httnv", "cb-4": "httnv"}  # cb-5: not yet
RATING = {"htxsnv": {"g.1": 28, "k.1": 64, "dung-han": 100, "vuot": 35, "tre-han": 0,
                     "hoan-thanh": 100, "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"},
          "httnv": {"g.1": 27, "k.1": 55, "dung-han": 100, "vuot": 10, "tre-han": 0,
                    "hoan-thanh": 100, "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}}


def sheets(report: Path) -> dict[str, pd.DataFrame]:
    """Every sheet of the report as the one table it holds (header on row 7)."""
    return pd.read_excel(report, sheet_name=None, header=6, engine="openpyxl")


def consolidate(work: Path, book: Path) -> None:
    done = run_cli("consolidate", str(work / "inbox"), "--roster", str(work / "roster.json"),
                   "-o", str(work / "r.xlsx"), "--json", str(work / "r.json"),
                   "--into", str(book))
    assert done.returncode == 0, done.stderr


def fill(book: Path, doc: dict, out: Path) -> None:
    values = out.with_suffix(".json")
    values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run_cli("fill", str(book), "--values", str(values), "-o", str(out))
    assert done.returncode == 0, done.stderr


def decide(work: Path, book: Path) -> None:
    done = run_cli("decide", str(book), "--roster", str(work / "roster.json"), "--ledger",
                   str(work / "r.sqlite"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> Path:
    """A city over five cells of one group, each with eleven months and its year proposed
    (three «Hoàn thành xuất sắc nhiệm vụ»), consolidated into the city's workbook; then the
    year of four decided «Hoàn thành tốt nhiệm vụ» and recognised, typed with ``fill`` and
    recorded with ``decide``, and consolidated again into the workbook decided on."""
    work = tmp_path_factory.mktemp("decided")
    units = [{"id": CITY, "name": "Đảng bộ thử", "type": "dang-bo-cap-tren", "parent": None}]
    units += [{"id": cell, "name": f"Chi bộ {cell[-1]}", "type": "chi-bo", "parent": CITY,
               "group": "Cơ quan"} for cell in CELLS]
    (work / "roster.json").write_text(json.dumps(
        {"id": "thu", "name": "Thử", "year": 2025, "units": units}, ensure_ascii=False),
        encoding="utf-8")
    assert run_cli("new", "--roster", str(work / "roster.json"), "--all", "--year", "2025",
                   "-o", str(work / "so")).returncode == 0
    months = json.loads((SAMPLES / "score" / "chi-bo-nam-2024.json").read_text(
        encoding="utf-8"))["periods"]
    (work / "inbox").mkdir()
    for cell, level in PROPOSED.items():
        (book,) = (work / "so").glob(f"{cell}_*.xlsx")
        fill(book, {"periods": months, "rating": {"framework": "xep-loai-366",
                                                  "values": RATING[level]}},
             work / "inbox" / f"{cell}.xlsx")
    (city,) = (work / "so").glob(f"{CITY}_*.xlsx")
    consolidate(work, city)
    fill(city, {"decisions": [
        {"unit": cell, "period": "year", "level": level, "number": "12-QĐ/ĐU",
         "day": "2025-12-20", "recognized": True,
         **({"reason": "Theo tỷ lệ của nhóm"} if level != PROPOSED[cell] else {})}
        for cell, level in DECIDED.items()]}, work / "quyet-dinh.xlsx")
    decide(work, work / "quyet-dinh.xlsx")
    consolidate(work, work / "quyet-dinh.xlsx")
    return work


def test_the_report_shows_the_decided_year_beside_the_proposal(year):
    report = sheets(year / "r.xlsx")
    units = report["Đơn vị"].set_index("Mã đơn vị")
    recognition = report["Công nhận"].set_index("Mã đơn vị")
    for cell in CELLS:
        decided = TITLES[DECIDED[cell]] if cell in DECIDED else None
        for table in (units, recognition):
            assert table.loc[cell, "Xếp loại năm: đề xuất"] == TITLES[PROPOSED[cell]], cell
            shown = table.loc[cell, "Xếp loại năm: quyết định"]
            assert (None if pd.isna(shown) else shown) == decided, cell
        assert recognition.loc[cell, "Đủ điều kiện công nhận"] == "Có"
        assert recognition.loc[cell, "Công nhận «bốn tốt»"] == (
            "Có" if cell in DECIDED else "Chưa quyết định")
    assert recognition.loc["cb-1", "Số quyết định"] == "12-QĐ/ĐU"
    years = report["Quý và năm"].set_index("Mã đơn vị")
    assert years.loc["cb-1", "Cả năm: đề xuất"] == TITLES["htxsnv"]
    assert years.loc["cb-1", "Cả năm: quyết định"] == TITLES["httnv"]
    summary = json.loads((year / "r.json").read_text(encoding="utf-8"))
    assert summary["year"] == 2025 and summary["recognition"]  # the listed ones keep the year
    unit = {u["unit"]: u for u in summary["units"]}
    assert unit["cb-2"]["rating"] == "htxsnv" and unit["cb-2"]["rating_decided"] == "httnv"


def test_the_quota_is_checked_on_the_levels_in_force_and_says_which(year):
    quota = sheets(year / "r.xlsx")["Tỷ lệ xếp loại"]
    row = quota[quota["Kỳ"] == "Cả năm"].iloc[0]
    proposed = engine.check_quota(RULESET, PROPOSED.values())
    in_force = engine.check_quota(RULESET, [DECIDED.get(c, PROPOSED[c]) for c in CELLS])
    assert (row["Đề xuất: số «Hoàn thành xuất sắc nhiệm vụ»"], row["Đề xuất đúng tỷ lệ"]) == (
        proposed.count, "Không")
    assert (row["Mức có hiệu lực: số từ «Hoàn thành tốt nhiệm vụ»"],
            row["Mức có hiệu lực: số «Hoàn thành xuất sắc nhiệm vụ»"],
            row["Mức có hiệu lực: số tối đa được phép"], row["Mức có hiệu lực: đúng tỷ lệ"]
            ) == (in_force.base, in_force.count, in_force.allowed, "Có")
    assert row.filter(like="Mức có hiệu lực (").iloc[0] == \
        "4 đơn vị theo mức đã quyết định, 1 theo mức đề xuất"


def test_the_city_workbook_lists_the_decided_year_beside_the_proposal(year):
    named = namedcells.read(year / "quyet-dinh.xlsx")
    rows = {unit: n for n, unit in enumerate(named["FG_SUB_ID"]) if unit}
    for cell in CELLS:
        assert named["FG_SUB_RATING"][rows[cell]] == TITLES[PROPOSED[cell]], cell
        assert named["FG_SUB_DECIDED"][rows[cell]] == (
            TITLES[DECIDED[cell]] if cell in DECIDED else None), cell


@pytest.mark.libreoffice
def test_the_city_workbook_counts_the_levels_in_force(year, libreoffice, tmp_path):
    """Recalculated by LibreOffice, the workbook's level counts and quota read the decided
    level where there is one, the proposed one elsewhere (as the report does)."""
    (saved,) = libreoffice.convert([year / "quyet-dinh.xlsx"], tmp_path)
    named = namedcells.read(saved)
    in_force = [DECIDED.get(c, PROPOSED[c]) for c in CELLS]
    for level in TITLES:
        assert named[layout.result_name(f"level_{level}", year=True)] == in_force.count(level)
    want = engine.check_quota(RULESET, in_force)
    n = next(n for n, g in enumerate(named["FG_QUOTA_GROUP"]) if g)
    assert [named[f"FG_QUOTA_{k}"][n] for k in ("BASE", "COUNT", "ALLOWED", "OK")] == [
        want.base, want.count, want.allowed, "Có"]


def test_into_keeps_what_was_typed_and_not_recorded(year, tmp_path):
    """A re-rating typed over a recorded decision, and an appraisal and a decision typed for
    a unit not decided yet, survive --into; after ``decide`` records them, --into shows the
    ledger's (the re-rating's «Có» cleared)."""
    work = tmp_path / "work"
    shutil.copytree(year, work)
    book = work / "quyet-dinh.xlsx"
    named = namedcells.read(book)
    index = {(u, decisions.period_key(p)): n for n, (u, p) in
             enumerate(zip(named["FG_DEC_UNIT"], named["FG_DEC_PERIOD"])) if u}
    typed = {("cb-1", "year"): {"level": TITLES["htnv"], "number": "15-QĐ/ĐU",
                                "day": "20/12/2025", "rerate": "Có", "recognized": "Không",
                                "reason": "Phát hiện báo cáo chưa đúng"},
             ("cb-5", "year"): {"appraised": TITLES["httnv"], "remark": "Đủ hồ sơ",
                                "level": TITLES["httnv"], "number": "16-QĐ/ĐU",
                                "day": "21/12/2025", "recognized": "Có"}}
    values: dict[str, dict[int, object]] = {}
    for key, columns in typed.items():
        for column, value in columns.items():
            values.setdefault(f"FG_DEC_{column.upper()}", {})[index[key]] = value
    listed = {unit: n for n, unit in enumerate(named["FG_SUB_ID"]) if unit}
    values["FG_SUB_DECIDED"] = {listed["cb-5"]: TITLES["htnv"],  # by hand, nothing recorded
                                listed["cb-2"]: TITLES["htnv"]}  # over a recorded decision
    namedcells.write(book, values, work / "typed.xlsx")
    (work / "typed.xlsx").replace(book)
    consolidate(work, book)
    after = namedcells.read(book)
    for key, columns in typed.items():
        for column, value in columns.items():
            assert after[f"FG_DEC_{column.upper()}"][index[key]] == value, (key, column)
    assert after["FG_DEC_LEVEL"][index[("cb-2", "year")]] == TITLES["httnv"]  # recorded
    assert [after["FG_SUB_DECIDED"][listed[u]] for u in ("cb-5", "cb-2")] == [
        TITLES["htnv"], TITLES["httnv"]]
    assert "12-QĐ/ĐU" in after["FG_DEC_RECORDED"][index[("cb-1", "year")]]
    decide(work, book)
    consolidate(work, book)
    recorded = namedcells.read(book)
    one = index[("cb-1", "year")]
    assert recorded["FG_DEC_LEVEL"][one] == TITLES["htnv"]
    assert recorded["FG_DEC_RERATE"][one] is None  # recorded: not to be re-rated again
    assert "15-QĐ/ĐU" in recorded["FG_DEC_RECORDED"][one]
    units = sheets(work / "r.xlsx")["Công nhận"].set_index("Mã đơn vị")
    assert units.loc["cb-1", "Xếp loại năm: quyết định"] == TITLES["htnv"]
    assert units.loc["cb-1", "Đủ điều kiện công nhận"] == "Không"  # decided below «tốt»
    assert units.loc["cb-5", "Công nhận «bốn tốt»"] == "Có"


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> dict[str, Path]:
    """A cell's, a committee's and a city's workbook made by ``new`` for 2025."""
    work = tmp_path_factory.mktemp("blank")
    roster = str(SAMPLES / "roster-lao-cai-2024.json")
    books = {}
    for kind, unit in (("cell", "cb-toa-an-thanh-pho"), ("committee", "dbcs-phuong-kim-tan"),
                       ("city", "dang-bo-thanh-pho-lao-cai")):
        books[kind] = work / f"{kind}.xlsx"
        assert run_cli("new", "--roster", roster, "--unit", unit, "--year", "2025",
                       "-o", str(books[kind])).returncode == 0
    return books


QUARTER = {"1": {"values": {"g.1": 27, "k.1": 60}}}
WRONG = {
    "a dict instead of a list": ("committee", {"subordinates": {"cb-kim-tan-tdp-1": {
        "1": "Đạt"}}}, "«subordinates» phải là một danh sách"),
    "a unit keyed by its id": ("committee", {"subordinates": [{"cb-kim-tan-tdp-1": {
        "1": "Đạt"}}]}, "phải là một đối tượng có «id»"),
    "months beside the id": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1",
                                                              "1": "Đạt"}]},
                             "chỉ các mục: id, name, months"),
    "an unknown unit": ("committee", {"subordinates": [{"id": "cb-khac", "months": {
        "1": "Đạt"}}]}, "đơn vị «cb-khac» không có trong trang «Chi bộ trực thuộc»"),
    "a wrong month": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1", "months": {
        "13": "Đạt"}}]}, "tháng «13» không hợp lệ"),
    "months not an object": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1",
                                                              "months": ["Đạt"]}]},
                             "«months» phải là một đối tượng"),
    "a value not a choice": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1",
                                                              "months": {"2": "Tốt"}}]},
                             "tháng 2: «Tốt» không phải một lựa chọn"),
    "a unit twice": ("committee", {"subordinates": [
        {"id": "cb-kim-tan-tdp-1", "months": {"1": "Đạt"}},
        {"id": "cb-kim-tan-tdp-1", "months": {"2": "Đạt"}}]}, "được ghi hai lần"),
    "nothing for a unit": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1"}]},
                           "không có gì để ghi"),
    "a level not one": ("city", {"subordinates": [{"id": "cb-thpt-so-1", "decided": "Giỏi"}]},
                        "«decided» là «Giỏi», không phải một mức xếp loại"),
    "quarters under 124": ("cell", {"info": {"ruleset": "Quy định 124-QĐ/TW"},
                                    "quarters": QUARTER},
                           "sổ dùng Quy định 124-QĐ/TW (theo «ruleset» của phần «info»)"),
    "124 in info, 366 in rating": ("cell", {"info": {"ruleset": "Quy định 124-QĐ/TW"},
                                            "rating": {"framework": "xep-loai-366",
                                                       "values": {"g.1": 27}}},
                                   "«info» chọn Quy định 124-QĐ/TW, còn phần «rating» là của "
                                   "Quy định 366-QĐ/TW"),
    "a ruleset not one": ("cell", {"info": {"ruleset": "Quy định 999"}},
                          "«ruleset» là «Quy định 999», không phải bộ xếp loại của sổ"),
    "a quarter without values": ("cell", {"quarters": {"1": {"g.1": 27}}},
                                 "«quarters.1» có mục không dùng được: g.1; chỉ dùng: values"),
    "a month without values": ("cell", {"periods": {"1": {"c1.1": 10}}},
                               "«periods.1» có mục không dùng được: c1.1"),
    "a rating without values": ("cell", {"rating": {"g.1": 27}},
                                "«rating» có mục không dùng được: g.1"),
    "only null months": ("committee", {"subordinates": [{"id": "cb-kim-tan-tdp-1",
                                                          "months": {"1": None}}]},
                         "không có gì để ghi"),
    "a null level": ("city", {"subordinates": [{"id": "cb-thpt-so-1", "rating": None}]},
                     "không có gì để ghi"),
    "a decision row with nothing typed": ("city", {"decisions": [
        {"unit": "dbcs-y-te", "period": "2", "appraised": None}]},
        "dòng thứ 1 của «decisions» không có gì để ghi"),
}


@pytest.mark.parametrize("case", list(WRONG))
def test_fill_answers_a_wrong_input_in_words_and_writes_nothing(blank, tmp_path, case):
    kind, doc, words = WRONG[case]
    values, out = tmp_path / "v.json", tmp_path / "out.xlsx"
    values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run_cli("fill", str(blank[kind]), "--values", str(values), "-o", str(out))
    assert done.returncode == 1, done.stdout + done.stderr
    assert words in done.stderr and "chưa ghi gì" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Đã ghi" not in done.stdout
    assert not out.exists()


def test_fill_refuses_to_switch_a_workbook_with_quarters_to_124(blank, tmp_path):
    """Quarter I is filled under 366; a document choosing 124 (by «info» or by «rating»)
    would leave it counting for nothing: refused in words naming the quarter."""
    values, rated = tmp_path / "q.json", tmp_path / "q.xlsx"
    values.write_text(json.dumps({"quarters": QUARTER}), encoding="utf-8")
    assert run_cli("fill", str(blank["cell"]), "--values", str(values), "-o",
                   str(rated)).returncode == 0
    for doc in ({"info": {"ruleset": "xep-loai-124"}},
                {"rating": {"framework": "xep-loai-124", "values": {"g.1": 28}}}):
        values.write_text(json.dumps(doc), encoding="utf-8")
        done = run_cli("fill", str(rated), "--values", str(values), "-o",
                       str(tmp_path / "o.xlsx"))
        assert done.returncode == 1 and "sổ đã có số liệu Quý I" in done.stderr, done.stderr
        assert not (tmp_path / "o.xlsx").exists()


def test_fill_refuses_quarters_in_a_workbook_that_chose_124(blank, tmp_path):
    """The workbook's own choice counts when the input makes none; a ruleset given by its
    id is written as the workbook's cell names it."""
    chosen, values = tmp_path / "124.xlsx", tmp_path / "v.json"
    fill(blank["cell"], {"info": {"ruleset": "xep-loai-124"}}, chosen)
    assert namedcells.read(chosen)[layout.info_name("ruleset")] == "Quy định 124-QĐ/TW"
    values.write_text(json.dumps({"quarters": QUARTER}), encoding="utf-8")
    done = run_cli("fill", str(chosen), "--values", str(values), "-o", str(tmp_path / "q.xlsx"))
    assert done.returncode == 1 and "theo lựa chọn ở trang «Thông tin» của sổ" in done.stderr
    assert not (tmp_path / "q.xlsx").exists()


def test_fill_writes_subordinates_on_their_own_rows(blank, tmp_path):
    """The documented shape: each unit on the row the sheet lists it on, its name kept."""
    before = namedcells.read(blank["committee"])
    fill(blank["committee"], {"subordinates": [
        {"id": "cb-kim-tan-tdp-5", "months": {"1": "Đạt", "2": False}}]}, tmp_path / "s.xlsx")
    after = namedcells.read(tmp_path / "s.xlsx")
    assert after["FG_SUB_ID"] == before["FG_SUB_ID"]
    assert after["FG_SUB_NAME"] == before["FG_SUB_NAME"]
    row = before["FG_SUB_ID"].index("cb-kim-tan-tdp-5")
    assert after["FG_SUB_STATUS"][row][:3] == ["Đạt", "Không đạt", None]
    fill(blank["city"], {"subordinates": [{"id": "cb-thpt-so-1", "rating": "htxsnv",
                                           "decided": "httnv"}]}, tmp_path / "c.xlsx")
    city = namedcells.read(tmp_path / "c.xlsx")
    row = city["FG_SUB_ID"].index("cb-thpt-so-1")
    assert (city["FG_SUB_RATING"][row], city["FG_SUB_DECIDED"][row]) == (
        TITLES["htxsnv"], TITLES["httnv"])


@pytest.mark.parametrize("framework_id", fw.shipped_ids())
def test_framework_show_lists_the_ids_the_inputs_use(framework_id):
    shown = run_cli("framework", "show", framework_id).stdout
    for _, entry in layout.entries(FWS[framework_id]):
        assert f"[{entry['id']}] " in shown, entry["id"]


def test_fill_writes_names_and_remarks_typed_decomposed_as_composed_text(blank, tmp_path):
    """A name and a secretary typed in Unikey's decomposed form are written in NFC, the
    form every Vietnamese text is kept and compared in."""
    import unicodedata

    name, secretary = "Chi bộ Tổ dân phố số 1 (mới)", "Nguyễn Thị Hương"
    values, out = tmp_path / "v.json", tmp_path / "o.xlsx"
    values.write_text(json.dumps({
        "info": {"secretary": unicodedata.normalize("NFD", secretary)},
        "subordinates": [{"id": "cb-kim-tan-tdp-1", "name": unicodedata.normalize("NFD", name),
                          "months": {"1": "Đạt"}}]}, ensure_ascii=False), encoding="utf-8")
    done = run_cli("fill", str(blank["committee"]), "--values", str(values), "-o", str(out))
    assert done.returncode == 0, done.stderr
    named = namedcells.read(out)
    assert named["FG_INFO_secretary"] == secretary
    assert name in named["FG_SUB_NAME"]
