"""The Four-good Party Cell framework: scores, thresholds, vetoes, input errors, gaps."""
from __future__ import annotations

import copy

import pytest

from fourgood import engine
from conftest import cell_inputs, full_values


def evaluate(frameworks, inputs, framework=None):
    return engine.evaluate(framework or frameworks["chi-bo-bon-tot"], inputs, frameworks)


def test_full_marks_is_four_good(frameworks):
    result = evaluate(frameworks, cell_inputs(frameworks))
    assert result.status == "complete"
    assert result.total == 100 and result.max == 100
    assert [c.score for c in result.criteria] == [30, 20, 25, 25]
    assert result.four_good is True and result.gaps == [] and result.errors == []
    assert result.linked["sinh-hoat-chi-bo"].band == "tot"


def test_meeting_score_feeds_item_2_1_proportionally(frameworks):
    meeting = full_values(frameworks["sinh-hoat-chi-bo"])
    meeting["m3.3"] = 2.5  # 100 - 12.5 = 87.5 -> 8.75 of 10
    result = evaluate(frameworks, cell_inputs(frameworks, meeting))
    item = result.criteria[1].items[0]
    assert item.id == "c2.1" and item.score == 8.75
    assert result.criteria[1].score == 18.75
    assert result.linked["sinh-hoat-chi-bo"].band == "kha"


@pytest.mark.parametrize("c1_1, achieved", [(9, True), (8.5, False)])
def test_criterion_exactly_80_percent_of_its_maximum(frameworks, c1_1, achieved):
    # c1 max 30: 9 + 10 + 5 = 24 = 80% exactly; 23.5 is below
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c1.1": c1_1}))
    assert result.criteria[0].achieved is achieved
    assert result.four_good is achieved


@pytest.mark.parametrize("c2_2, achieved", [(1, True), (0.5, False)])
def test_criterion_2_at_16_of_20(frameworks, c2_2, achieved):
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c2.2": c2_2}))
    assert result.criteria[1].score == 10 + c2_2 + 5
    assert result.criteria[1].achieved is achieved


def _fine_step(frameworks):
    """The cell framework with a 0.01 step, so totals like 89.99 can be typed."""
    fine = copy.deepcopy(frameworks["chi-bo-bon-tot"])
    for crit in fine["criteria"]:
        for item in crit["items"]:
            if item["kind"] == "points":
                item["step"] = 0.01
    return fine


@pytest.mark.parametrize("c4_1, total, achieved", [(7.49, 89.99, False), (7.5, 90, True),
                                                   (7.51, 90.01, True)])
def test_total_threshold_edge(frameworks, c4_1, total, achieved):
    # c1 = 25/30, c3 = 22.5/25, c4 = 22.49..22.51/25: every criterion stays above 80%
    inputs = cell_inputs(frameworks, **{"c1.1": 10, "c3.1": 7.5, "c4.1": c4_1})
    result = engine.evaluate(_fine_step(frameworks), inputs, frameworks)
    assert result.total == total
    assert all(c.achieved for c in result.criteria)
    assert result.four_good is achieved
    if not achieved:
        assert [g.code for g in result.gaps] == ["gap_total"]
        assert result.gaps[0].vi == "Tổng điểm còn thiếu 0,01 điểm để đạt 90 (hiện có 89,99)."


@pytest.mark.parametrize("veto", ["v-ky-luat", "v-mat-doan-ket"])
def test_each_veto_blocks_four_good_even_with_full_marks(frameworks, veto):
    result = evaluate(frameworks, cell_inputs(frameworks, **{veto: "Có"}))
    assert result.total == 100
    assert result.vetoes == [veto]
    assert result.four_good is False
    assert [g.code for g in result.gaps] == ["gap_veto"]
    assert "không thể đạt" in result.gaps[0].vi


@pytest.mark.parametrize("answer", ["Không", "không", "KHÔNG", "no", False, 0, ""])
def test_veto_answered_no_or_left_blank_does_not_apply(frameworks, answer):
    result = evaluate(frameworks, cell_inputs(frameworks, **{"v-ky-luat": answer}))
    assert result.vetoes == [] and result.four_good is True


def test_gap_names_the_criterion_and_the_missing_points(frameworks):
    # criterion 2 at 13/20: 3 points short of 80% (16)
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c2.2": 0, "c2.3": 3}))
    assert result.four_good is False
    texts = [g.vi for g in result.gaps]
    assert "Tiêu chí 2 còn thiếu 3 điểm để đạt 80% (16/20)." in texts
    assert "Criterion 2 is 3 points short of 80% (16/20)." in [g.en for g in result.gaps]


@pytest.mark.parametrize("typed, value", [("4,5", 4.5), ("4.5", 4.5), (" 4,5 ", 4.5),
                                          ("4", 4.0), (4.5, 4.5), ("4,50", 4.5),
                                          ("4\u00a0,5", 4.5)])
def test_decimal_comma_typed_as_text_is_understood(frameworks, typed, value):
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c2.2": typed}))
    assert result.errors == []
    assert result.criteria[1].items[1].value == value


@pytest.mark.parametrize("typed, code", [
    ("abc", "not_a_number"), ("4,5,1", "not_a_number"), (True, "not_a_number"),
    (float("nan"), "not_a_number"), ("", "missing"), (None, "missing"), ("   ", "missing"),
    (5.5, "out_of_range"), (-0.5, "out_of_range"), (0.3, "off_step"), ("2,25", "off_step"),
])
def test_invalid_inputs_are_typed_errors_with_item_and_bilingual_message(frameworks, typed, code):
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c2.2": typed}))
    assert result.status == "incomplete"
    assert result.four_good is None
    assert [(e.code, e.item) for e in result.errors] == [(code, "c2.2")]
    error = result.errors[0]
    assert error.vi.startswith("2.2 «Sinh hoạt chuyên đề")
    assert error.en.startswith("2.2 'Thematic meetings")
    assert result.gaps[0].code == "gap_incomplete"


def test_out_of_range_and_off_step_messages_say_how_to_fix(frameworks):
    result = evaluate(frameworks, cell_inputs(frameworks, **{"c2.2": 7, "c2.3": "2,3"}))
    by_item = {e.item: e for e in result.errors}
    assert "ngoài khoảng cho phép 0 đến 5" in by_item["c2.2"].vi
    assert "không đúng bước điểm 0,5 (ví dụ 2,5)" in by_item["c2.3"].vi
    assert "not a multiple of the step 0.5 (for example 2.5)" in by_item["c2.3"].en


def test_unknown_item_and_bad_veto_answer_are_reported(frameworks):
    inputs = cell_inputs(frameworks, **{"c9.9": 3, "v-ky-luat": "có lẽ"})
    codes = sorted((e.code, e.item) for e in evaluate(frameworks, inputs).errors)
    assert codes == [("not_a_choice", "v-ky-luat"), ("unknown_item", "c9.9")]


def test_blank_month_is_blank_and_missing_meeting_is_reported(frameworks):
    blank = evaluate(frameworks, {"values": {}})
    assert blank.status == "blank" and blank.four_good is None
    inputs = cell_inputs(frameworks)
    del inputs["linked"]
    result = evaluate(frameworks, inputs)
    assert [(e.code, e.item) for e in result.errors] == [("linked_missing", "c2.1")]


def test_partial_meeting_sheet_reports_its_own_items(frameworks):
    meeting = full_values(frameworks["sinh-hoat-chi-bo"])
    meeting["m2.1"] = "mười"
    result = evaluate(frameworks, cell_inputs(frameworks, meeting))
    assert [(e.code, e.item) for e in result.errors] == [("not_a_number", "m2.1")]


@pytest.mark.parametrize("value, digits, rounded", [
    (15.944999999999999, 2, 15.95),  # an average whose binary value lies just below .945
    (2.675, 2, 2.68), (-2.5, 0, -3.0), (0.9 * 100, 6, 90.0), (8.7, 2, 8.7), (1e-10, 2, 0.0),
])
def test_rounding_is_the_spreadsheet_s(value, digits, rounded):
    assert engine.excel_round(value, digits) == rounded
