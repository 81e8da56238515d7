"""The command line as a user runs it: languages, results, JSON, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import SAMPLES, run_cli

SCORE = SAMPLES / "score"



def test_score_prints_a_vietnamese_result_with_its_gaps():
    result = run_cli("score", "--framework", "chi-bo-bon-tot",
                     "--input", str(SCORE / "chi-bo-thang-3.json"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Kết quả Chi bộ bốn tốt — kỳ 2024-03" in out
    assert "Tổng điểm: 90,4/100" in out
    assert "Phân loại: Chưa đạt «Bốn tốt»" in out
    assert "Tiêu chí 2 còn thiếu 0,6 điểm để đạt 80% (16/20)." in out


def test_score_in_english():
    result = run_cli("--lang", "en", "score", "--framework", "chi-bo-bon-tot",
                     "--input", str(SCORE / "chi-bo-thang-3.json"))
    assert "Total: 90.4/100" in result.stdout
    assert "Criterion 2 is 0.6 points short of 80% (16/20)." in result.stdout


def test_score_json_has_the_documented_keys():
    result = run_cli("score", "--framework", "chi-bo-bon-tot", "--json",
                     "--input", str(SCORE / "chi-bo-thang-3.json"))
    data = json.loads(result.stdout)
    for key in ("total", "criteria", "four_good", "rating", "gaps", "errors"):
        assert key in data
    assert data["total"] == 90.4 and data["four_good"] is False
    assert {"id", "score", "max", "achieved"} <= set(data["criteria"][0])
    assert data["gaps"][0]["code"] == "gap_criterion_points"
    assert data["gaps"][0]["vi"].startswith("Tiêu chí 2")


def test_score_year_and_rating_samples():
    year = json.loads(run_cli("score", "--framework", "chi-bo-bon-tot", "--json", "--input",
                              str(SCORE / "chi-bo-nam-2024.json")).stdout)
    assert (year["periods_assessed"], year["periods_achieved"]) == (11, 9)
    assert year["rating"] == "httnv" and year["four_good"] is True
    rating = run_cli("score", "--framework", "xep-loai-366", "--input",
                     str(SCORE / "xep-loai-366.json"))
    assert "Cả năm: 92/100 điểm — Hoàn thành tốt nhiệm vụ" in rating.stdout  # with quarters
    committee = run_cli("score", "--framework", "dang-bo-co-so-bon-tot", "--input",
                        str(SCORE / "dang-bo-co-so-thang-3.json"))
    assert "Số tiêu chí đạt: 7/9" in committee.stdout


def test_invalid_input_is_reported_and_exits_1(tmp_path):
    path = tmp_path / "sai.json"
    path.write_text(json.dumps({"values": {"c1.1": "abc", "c1.2": "4,5"}}), encoding="utf-8")
    result = run_cli("score", "--framework", "chi-bo-bon-tot", "--input", str(path))
    assert result.returncode == 1
    assert "1.1 «Lãnh đạo thực hiện nhiệm vụ chính trị" in result.stdout
    assert "«abc» không phải là số" in result.stdout
    assert "Phân loại: Chưa đủ dữ liệu" in result.stdout


def test_input_for_another_framework_is_refused(tmp_path):
    result = run_cli("score", "--framework", "xep-loai-366", "--input",
                     str(SCORE / "chi-bo-thang-3.json"))
    assert result.returncode == 1
    assert "dành cho bộ tiêu chí «chi-bo-bon-tot», không phải «xep-loai-366»" in result.stderr


def test_usage_errors_exit_2_in_the_chosen_language():
    vi = run_cli("score")
    assert vi.returncode == 2
    assert "lỗi: thiếu các tham số bắt buộc: --framework, --input" in vi.stderr
    en = run_cli("score", "--lang", "en")
    assert en.returncode == 2 and "the following arguments are required" in en.stderr
    assert run_cli("khong-co-lenh").returncode == 2


def test_help_is_vietnamese_by_default_and_english_on_request():
    vi = run_cli("--help")
    assert vi.returncode == 0 and "cách dùng: fourgood" in vi.stdout and "tùy chọn:" in vi.stdout
    en = run_cli("--lang", "en", "--help")
    assert "usage: fourgood" in en.stdout and "score and classify" in en.stdout


def test_framework_list_and_show():
    listing = run_cli("framework", "list").stdout.splitlines()
    assert listing[0] == "Mã | Phiên bản | Loại | Tên"
    assert "chi-bo-bon-tot | 1.0.0 | Bốn tốt | Chi bộ bốn tốt" in listing
    assert "sinh-hoat-chi-bo | 1.0.0 | Chất lượng sinh hoạt | Chất lượng sinh hoạt chi bộ" in listing
    assert not any("four-good" in line or "rating" in line for line in listing)
    shown = run_cli("framework", "show", "sinh-hoat-chi-bo").stdout
    assert "Tiêu chí 3 — 45 điểm: Tiến hành sinh hoạt" in shown
    assert "[đã công bố:" in shown
    assert "- Tốt (từ 90 điểm)" in shown
    assert "mọi tháng từ mức «Khá» trở lên; số tháng mức «Tốt» ≥ 7" in shown


def test_framework_show_speaks_to_people_not_programs():
    """Titles, words and the rules in sentences: no kinds or raw conditions; the ids of
    the inputs only in brackets, for the input files."""
    cell = run_cli("framework", "show", "chi-bo-bon-tot").stdout
    assert "1.1 [c1.1] Lãnh đạo thực hiện nhiệm vụ chính trị" in cell
    assert "(tối đa 15 điểm, chấm theo bước 0,5)" in cell
    assert "tổng điểm ≥ 90; mỗi tiêu chí đạt ≥ 80% điểm tối đa; không có phủ quyết" in cell
    assert "xếp loại từ «Hoàn thành tốt nhiệm vụ» trở lên" in cell
    committee = run_cli("framework", "show", "dang-bo-co-so-bon-tot").stdout
    assert "đạt cả 9 tiêu chí" in committee and "(Đạt / Không đạt)" in committee
    old = run_cli("framework", "show", "xep-loai-124").stdout
    assert "thay thế bởi Quy định 366-QĐ/TW" in old
    for shown in (cell, committee, old):
        for word in ("[points", "vetoe", "indicator ", "level ", ">=", "min_criterion_ratio",
                     "periods_", "httnv"):
            assert word not in shown, word
    data = json.loads(run_cli("framework", "show", "sinh-hoat-chi-bo", "--json").stdout)
    assert data["id"] == "sinh-hoat-chi-bo"


def test_missing_files_are_reported_not_crashed(tmp_path):
    result = run_cli("score", "--framework", "chi-bo-bon-tot", "--input",
                     str(tmp_path / "khong-co.json"))
    assert result.returncode == 1 and "Không tìm thấy tệp" in result.stderr
    result = run_cli("framework", "check", "khong-co-khung")
    assert result.returncode == 1 and "Không tìm thấy bộ tiêu chí «khong-co-khung»" in result.stderr


def test_an_internal_fault_is_one_line_a_log_file_and_exit_3(tmp_path):
    """A fault of fourgood's own (here: a command that divides by zero) shows no traceback:
    one line naming what ran and the log file, which holds the details."""
    code = ("import sys\nfrom fourgood import cli\n"
            "cli.HANDLERS[('score', None)] = lambda args, out: 1 / 0\n"
            "sys.exit(cli.main(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", code, "score", "--framework", "x", "--input",
                           "y.json"], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "FOURGOOD_LOG_DIR": str(tmp_path / "logs")})
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "fourgood score" in done.stderr
    [log] = (tmp_path / "logs").glob("fourgood-error-*.log")
    assert str(log) in done.stderr
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")



def test_a_broken_input_file_is_explained_without_python_words(tmp_path):
    cases = {"broken.json": ('{"values": {"c1.1": 4,}}', "dòng 1, cột 23"),
             "list.json": ("[1, 2]", "phải là một đối tượng JSON {…}"),
             "binary.json": (b"PK\x03\x04\xff\xfe", "không phải văn bản UTF-8")}
    for name, (content, said) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        done = run_cli("score", "--framework", "chi-bo-bon-tot", "--input", str(path))
        assert done.returncode == 1 and said in done.stderr, (name, done.stderr)
        for python_words in ("Expecting", "char ", "Traceback", "{…}:", "codec"):
            assert python_words not in done.stderr, (name, done.stderr)


def test_periods_and_years_out_of_range_are_refused_clearly(tmp_path):
    for period in ("2024-13", "2024-3", "24-03", "1999-03"):
        path = tmp_path / "p.json"
        path.write_text(json.dumps({"period": period, "values": {}}), encoding="utf-8")
        done = run_cli("score", "--framework", "chi-bo-bon-tot", "--input", str(path))
        assert done.returncode == 1 and f"Kỳ «{period}» không hợp lệ" in done.stderr, period
    year = tmp_path / "y.json"
    year.write_text(json.dumps({"periods": {"13": {}}}), encoding="utf-8")
    done = run_cli("score", "--framework", "chi-bo-bon-tot", "--input", str(year))
    assert done.returncode == 1 and "Kỳ «13» không hợp lệ" in done.stderr
    for bad in ("24", "20245", "năm"):
        done = run_cli("new", "--roster", str(SAMPLES / "roster-lao-cai-2024.json"), "--unit",
                       "cb-kim-tan-tdp-1", "--year", bad, "-o", str(tmp_path / "x.xlsx"))
        assert done.returncode == 2 and f"năm «{bad}» không hợp lệ" in done.stderr, bad
        assert "argument" not in done.stderr and not (tmp_path / "x.xlsx").exists()
