"""The papers an officer signs, printed as LibreOffice prints them (PDF, then pdftotext page
by page): the decision ``decide`` writes is the decision itself (Guidance 36: number,
place and date, subject, deciding body, grounds from the ruleset's data, articles, list,
«Nơi nhận», signature) and carries no command; a long list flows on with the signature
after it; the unit's report (Mẫu 01) has its «Số …-BC/…» line, names the superior's standing
body as recipient and no note that contradicts the year's level; the consolidation report
has no empty page and a place to sign on each sheet, and still loads in pandas."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import SAMPLES, run_cli
from fourgood import engine, framework as fw, namedcells
from fourgood.notice import write_notice

FWS = fw.shipped()
ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024-quy"
CITY = "dang-bo-thanh-pho-lao-cai"
COMMANDS = ("fourgood", "--head", "ledger verify", "SỔ-CÁI")
FORM = {"g.1": 27, "k.1": 65, "dung-han": 100, "vuot": 35, "tre-han": 0, "hoan-thanh": 100,
        "khong-ky-luat": "Đạt", "khac-phuc": "Đạt", "v-cong-tac-can-bo": "Không",
        "v-mat-doan-ket": "Không", "v-ky-luat-nhiem-vu": "Không", "v-suy-thoai": "Không"}
FAILED = {**FORM, "g.1": 10, "k.1": 20}  # 30 points: «Không hoàn thành nhiệm vụ»


def pages(pdf: Path) -> list[str]:
    """The text of each printed page, as laid out, without its spaces and line breaks (a
    justified line may be extracted with spaces inside its words)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return ["".join(page.split()) for page in out.split("\f")[:-1]]


def on(page: str, words: str) -> bool:
    """Whether ``words`` are printed on ``page`` (a line of cells read left to right)."""
    return "".join(words.split()) in page


def no_command(page: str) -> None:
    for word in COMMANDS:
        assert not on(page, word), word


# ---- the decision ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def decided(quarters_city, tmp_path_factory) -> Path:
    """The city's office runs the sample's quarter III: its workbook filled by --into, the
    decision typed with its superior and secretary on «Thông tin», recorded, then a
    re-rating."""
    work = tmp_path_factory.mktemp("decided")
    shutil.copytree(quarters_city, work, dirs_exist_ok=True)
    typed = work / "tong-hop.xlsx"
    for step in ("quy-3", "quy-3-xep-loai-lai"):
        filled = work / f"{step}.xlsx"
        assert run_cli("fill", str(typed), "--values",
                       str(SAMPLES / "quyet-dinh-lao-cai-2024" / f"{step}.json"),
                       "-o", str(filled)).returncode == 0
        done = run_cli("decide", str(filled), "--roster", str(ROSTER), "--ledger",
                       str(work / "r.sqlite"))
        assert done.returncode == 0, done.stderr
        (work / f"{step}.out").write_text(done.stdout, encoding="utf-8")
        typed = filled
    return work


def test_the_decision_is_the_paper_the_secretary_signs(decided, libreoffice):
    """One A4 portrait page per decision number: the party header with the decision's own
    number, place and date; «QUYẾT ĐỊNH», its subject, the standing committee, its grounds
    (the ruleset's citation and guidance, as the ruleset's data says them), its articles,
    the list, «Nơi nhận» as the last article and the signature with the secretary's name;
    the check code in one plain line, and no command anywhere."""
    first, rerated = decided / "quyet-dinh-15-QĐ-TU.xlsx", decided / "quyet-dinh-18-QĐ-TU.xlsx"
    codes = [(decided / f"{step}.out").read_text(encoding="utf-8")
             .split("Mã kiểm tra sổ quyết định: ")[1][:16] for step in ("quy-3",
                                                                        "quy-3-xep-loai-lai")]
    ruleset = FWS["xep-loai-366"]
    for book, number, day, code, last in ((first, "15-QĐ/TU", "10 tháng 10 năm 2024", codes[0],
                                           2),
                                          (rerated, "18-QĐ/TU", "25 tháng 10 năm 2024",
                                           codes[1], 3)):
        [pdf] = libreoffice.convert([book], decided / "pdf", "pdf")
        [page] = pages(pdf)
        for words in ("ĐẢNG BỘ TỈNH LÀO CAI", "THÀNH ỦY LÀO CAI", "ĐẢNG CỘNG SẢN VIỆT NAM",
                      f"Số {number}", f"Lào Cai, ngày {day}", "QUYẾT ĐỊNH",
                      "về việc xếp loại chất lượng tổ chức đảng quý III năm 2024",
                      "BAN THƯỜNG VỤ THÀNH ỦY LÀO CAI", "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                      f"Căn cứ {ruleset['citation']['vi']};",
                      f"Căn cứ {ruleset['guidance']['vi']};",
                      "Xét đề nghị của Ban Tổ chức Thành ủy Lào Cai,", "QUYẾT ĐỊNH:",
                      "Điều 1. Xếp loại chất lượng quý III năm 2024", f"Điều {last}.",
                      "DANH SÁCH XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG", "Nơi nhận:",
                      f"- Như Điều {last};", "- Lưu Văn phòng Thành ủy Lào Cai.",
                      "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Thành",
                      f"Mã kiểm tra sổ quyết định: {code} — dùng để đối chiếu"):
            assert on(page, words), (number, words)
        no_command(page)
        assert not on(page, "###") and not on(page, "THÔNG BÁO")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "(A4)" in info and "Pages: 1" in " ".join(info.split())
    # the re-rating says which decision's level it replaces, and why
    [page] = pages(decided / "pdf" / "quyet-dinh-18-QĐ-TU.pdf")
    assert on(page, "Điều 2. Quyết định này thay thế mức xếp loại đã quyết định trước đây")
    assert on(page, "Chi bộ Tòa án nhân dân thành phố, Quý III: mức «Hoàn thành tốt nhiệm vụ» "
              "tại Quyết định số 15-QĐ/TU; lý do xếp loại lại: Phát hiện chi bộ báo cáo chưa "
              "đúng kết quả thực hiện nhiệm vụ.")
    assert on(page, "Chi bộ Tòa án nhân dân thành phố Quý III Hoàn thành nhiệm vụ")


def test_the_terminal_names_the_decision_and_the_file_kind_is_kept(decided):
    out = (decided / "quy-3.out").read_text(encoding="utf-8")
    assert f"Quyết định số 15-QĐ/TU, bản in để ký: {decided / 'quyet-dinh-15-QĐ-TU.xlsx'}" in out
    wb = openpyxl.load_workbook(decided / "quyet-dinh-15-QĐ-TU.xlsx")
    assert wb.properties.title == "fourgood notice" and wb.active.title == "Quyết định"


@pytest.mark.parametrize("count", [40, 47])
def test_a_long_list_flows_on_with_the_signature_after_it(count, libreoffice, tmp_path):
    """A party committee's decision on many cells: the list runs over pages under its
    repeated heading, and the signature comes after the last row, whole, never on a page
    of its own nor split; under Regulation 124 the grounds are 124's."""
    rows = [{"name": f"Chi bộ tổ dân phố số {n}", "period": "Cả năm", "phrase": "năm 2024",
             "level": "Hoàn thành tốt nhiệm vụ", "recognized": "Có",
             "recognition": "«Chi bộ bốn tốt»", "note": "", "replaced": None}
            for n in range(1, count + 1)]
    book = tmp_path / "qd.xlsx"
    write_notice(book, superior="Đảng bộ thành phố Lào Cai", issuer="Đảng bộ phường Kim Tân",
                 kind="dang-bo-co-so", number="07-QĐ/ĐU", day=date(2024, 12, 20), rows=rows,
                 ruleset=FWS["xep-loai-124"], year=2024, check="0123456789abcdef",
                 secretary="Lê Thị Hoa")
    [pdf] = libreoffice.convert([book], tmp_path, "pdf")
    printed = pages(pdf)
    assert len(printed) >= 2
    first, last = printed[0], printed[-1]
    for words in ("ĐẢNG BỘ THÀNH PHỐ LÀO CAI", "ĐẢNG ỦY PHƯỜNG KIM TÂN",
                  "Kim Tân, ngày 20 tháng 12 năm 2024", "và công nhận «Chi bộ bốn tốt» năm 2024",
                  f"Căn cứ {FWS['xep-loai-124']['citation']['vi']};"):
        assert on(first, words), words
    assert not on(first, "Hướng dẫn số 43")  # 124's data names no guidance
    for n, page in enumerate(printed, 1):
        no_command(page)
        assert on(page, "STT Tổ chức đảng")  # every page under the list's heading
        assert page.startswith(f"{n}Công") == (n > 1), (n, page[:40])  # numbered from page 2
    assert on(last, f"{count} Chi bộ tổ dân phố số {count}")  # the last row, with the signature
    for words in ("Nơi nhận:", "- Như Điều 2;", "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Thị Hoa",
                  "Mã kiểm tra sổ quyết định: 0123456789abcdef"):
        assert on(last, words) and not any(on(page, words) for page in printed[:-1]), words


# ---- the unit's report (Mẫu 01) -----------------------------------------------------------
def _report_page(libreoffice, folder: Path, unit: str, doc: dict, number: str | None = None
                 ) -> str:
    """The printed «Báo cáo tự đánh giá» of the year of ``unit``'s workbook filled with
    ``doc`` (``number``: typed beside the page)."""
    blank, values, filled = folder / "blank.xlsx", folder / "v.json", folder / "filled.xlsx"
    assert run_cli("new", "--roster", str(ROSTER), "--unit", unit, "--year", "2025",
                   "-o", str(blank)).returncode == 0
    values.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run_cli("fill", str(blank), "--values", str(values), "-o", str(filled))
    assert done.returncode == 0, done.stderr
    year = folder / f"{unit}.xlsx"
    namedcells.write(filled, {"FG_RF_period": "Cả năm",
                              **({"FG_RF_number": number} if number else {})}, year)
    [pdf] = libreoffice.convert([year], folder / "pdf", "pdf")
    printed = pages(pdf)
    assert all(printed)  # no empty page
    [page] = [p for p in printed if on(p, "TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2025")]
    return page


def test_the_year_report_of_a_failed_unit_agrees_with_its_level(libreoffice, tmp_path):
    """A cell rated «Không hoàn thành nhiệm vụ» for the year, as in quarter II: its year page
    proposes that level with no note telling it to review the year (the year agrees with
    the quarter); it has its «Số …-BC/CB» line to fill and is sent to the standing body of
    its committee."""
    page = _report_page(libreoffice, tmp_path, "cb-cam-duong-thon-cam-loc",
                        {"quarters": {"1": {"values": FORM}, "2": {"values": FAILED}},
                         "rating": {"framework": "xep-loai-366", "values": FAILED}})
    assert on(page, "III. TỰ XẾP LOẠI (ĐỀ XUẤT): Không hoàn thành nhiệm vụ")
    assert not on(page, "xem lại mức đề xuất cả năm") and not on(page, "Lưu ý:")
    for words in ("ĐẢNG BỘ XÃ CAM ĐƯỜNG", "CHI BỘ THÔN CAM LỘC",
                  "Số -BC/CB",  # the number left for the officer, as party reports print it
                  "- Ban Thường vụ Đảng ủy xã Cam Đường,", "- Lưu."):
        assert on(page, words), words


def test_a_year_above_a_failed_quarter_still_says_so(libreoffice, tmp_path):
    """The note stays where the year and a quarter disagree; a committee's report is its
    party committee's, numbered as typed, and goes to the city's standing committee."""
    page = _report_page(libreoffice, tmp_path, "dbcs-xa-cam-duong",
                        {"quarters": {"1": {"values": FORM}, "2": {"values": FAILED}},
                         "rating": {"framework": "xep-loai-366", "values": FORM}}, "12-BC/ĐU")
    for words in ("Lưu ý: Quý II xếp loại «Không hoàn thành nhiệm vụ»; xem lại mức đề xuất "
                  "cả năm.", "ĐẢNG BỘ THÀNH PHỐ LÀO CAI", "ĐẢNG ỦY XÃ CAM ĐƯỜNG", "Số 12-BC/ĐU",
                  "- Ban Thường vụ Thành ủy Lào Cai,", "T/M ĐẢNG ỦY"):
        assert on(page, words), words


def test_the_engine_flags_a_failed_quarter_only_below_the_year():
    """The engine's flag, which the sheet's formula mirrors: a quarter rated «Không hoàn
    thành nhiệm vụ» is flagged when the year stands above it, not when the year is that
    level too."""
    ruleset = FWS["xep-loai-366"]
    quarters = {"1": {"values": FORM}, "2": {"values": FAILED}}
    failed = engine.rate_year(ruleset, {"values": FAILED}, quarters, FWS, strict=True)
    assert failed.year.rating == "khtnv" and failed.flags == []
    passed = engine.rate_year(ruleset, {"values": FORM}, quarters, FWS, strict=True)
    assert [f.code for f in passed.flags] == ["flag_quarter_level"]


# ---- the consolidation report -------------------------------------------------------------
def test_the_report_has_no_empty_page_and_a_place_to_sign(libreoffice, tmp_path):
    """The quarters' inbox has no rejected file: «Bị từ chối» prints one page saying so.
    Every page prints something of its sheet and the signing block (who made it, who
    approves it, the date line) and its number; the cells still hold one table a sheet,
    which pandas loads as before."""
    report = tmp_path / "r.xlsx"
    done = run_cli("consolidate", str(INBOX), "--roster", str(ROSTER), "-o", str(report))
    assert done.returncode == 0, done.stderr
    [pdf] = libreoffice.convert([report], tmp_path / "pdf", "pdf")
    printed = pages(pdf)
    sign = ("NGƯỜI LẬP BIỂU", "LÃNH ĐẠO DUYỆT", "(Ký, ghi rõ họ tên)",
            "…………, ngày … tháng … năm ……", f"/{len(printed)}")
    for n, page in enumerate(printed, 1):
        for words in sign:
            assert on(page, words), (n, words)
        body = page
        for words in (*sign, f"Trang {n}"):
            body = body.replace("".join(words.split()), "")
        assert len(body) > 40, (n, page)  # more than its footer
        no_command(page)
    [rejected] = [p for p in printed if on(p, "TỆP BỊ TỪ CHỐI")]
    assert on(rejected, "Không có tệp nào bị từ chối.")
    wb = openpyxl.load_workbook(report)
    for ws in wb.worksheets:
        [(_, ref)] = ws.tables.items()
        assert ref.startswith("A7:"), ws.title
    with zipfile.ZipFile(report) as archive:  # Excel takes at most 255 characters a footer
        footers = [html.unescape(m) for part in archive.namelist() if "worksheets/" in part
                   for m in re.findall(r"<oddFooter>(.*?)</oddFooter>",
                                       archive.read(part).decode("utf-8"), re.S)]
    assert len(footers) == len(wb.worksheets) and max(map(len, footers)) <= 255
    sheets = pd.read_excel(report, sheet_name=None, header=6, engine="openpyxl")
    for title, frame in sheets.items():
        assert not any(str(c).startswith("Unnamed") for c in frame.columns), title
    assert len(sheets["Bị từ chối"]) == 0 and len(sheets["Đơn vị"]) == 22
