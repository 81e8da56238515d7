"""The committee (met / not met, derived criterion 5) and the meeting-quality framework."""
from __future__ import annotations

import pytest

from fourgood import engine
from conftest import full_values


def committee(frameworks, **overrides):
    values = full_values(frameworks["dang-bo-co-so-bon-tot"])
    values.update(overrides)
    return engine.evaluate(frameworks["dang-bo-co-so-bon-tot"], {"values": values}, frameworks)


def test_all_nine_met_is_four_good(frameworks):
    result = committee(frameworks)
    assert len(result.criteria) == 9
    assert result.total == 9 and result.max == 9
    assert result.four_good is True and result.gaps == []


@pytest.mark.parametrize("veto", ["v-ky-luat", "v-mat-doan-ket"])
def test_a_committee_with_a_veto_is_not_four_good_that_month_nor_recognized(frameworks, veto):
    """Hand-computed: all nine criteria met, but a member disciplined (or the executive
    found disunited) in March: March is not Four-good; with 11 other Four-good months the
    year still has a month with a veto, so it is not recognized."""
    march = committee(frameworks, **{veto: "Có"})
    assert all(c.achieved for c in march.criteria) and march.vetoes == [veto]
    assert march.four_good is False
    assert [g.code for g in march.gaps] == ["gap_veto"]
    full = full_values(frameworks["dang-bo-co-so-bon-tot"])
    periods = {str(m): {"values": full} for m in range(1, 13)}
    periods["3"] = {"values": {**full, veto: "Có"}}
    rating = engine.rated("xep-loai-366", "httnv")
    year = engine.evaluate_year(frameworks["dang-bo-co-so-bon-tot"], periods, rating=rating,
                                frameworks=frameworks)
    assert (year.periods_assessed, year.periods_achieved, year.periods_with_veto) == (12, 11, 1)
    assert year.recognized is False
    assert [g.code for g in year.gaps] == ["gap_periods_with_veto"]
    periods["3"] = {"values": {**full, veto: "Không"}}
    assert engine.evaluate_year(frameworks["dang-bo-co-so-bon-tot"], periods, rating=rating,
                                frameworks=frameworks).recognized is True


@pytest.mark.parametrize("item", ["c1.1", "c2.1", "c2.2", "c4.1", "c6.1", "c8.1"])
def test_any_unmet_item_fails_its_criterion_and_four_good(frameworks, item):
    result = committee(frameworks, **{item: "Không đạt"})
    assert result.four_good is False
    failed = [c.id for c in result.criteria if not c.achieved]
    assert failed == [item.split(".")[0]]
    assert result.gaps[0].code == "gap_criterion_unmet"


@pytest.mark.parametrize("item, value, met", [
    ("c3.1", 100, True), ("c3.1", 99.99, False), ("c3.1", "99,5%", False),
    ("c7.1", 100, True), ("c7.1", 80, False),
    ("c9.1", 90, True), ("c9.1", 89.99, False), ("c9.1", "90%", True),
])
def test_percentage_criteria_against_their_target(frameworks, item, value, met):
    result = committee(frameworks, **{item: value})
    crit = next(c for c in result.criteria if c.id == item.split(".")[0])
    assert crit.achieved is met
    assert result.four_good is met


def test_criterion_5_is_derived_from_the_subordinate_cells(frameworks):
    share = engine.subordinate_share([True, True, None])  # one cell did not report
    assert share == {"achieved": 2, "total": 3}
    result = committee(frameworks, **{"c5.1": share})
    item = result.criteria[4].items[0]
    assert item.value == 66.67 and item.share == (2, 3)
    assert result.four_good is False
    assert result.gaps[0].vi == ("Tiêu chí 5 chưa đạt: «Tỷ lệ chi bộ trực thuộc đạt «Chi bộ bốn "
                                 "tốt» (%) — tổng hợp…»: 2/3 đạt (66,67%), cần 100%.")
    assert committee(frameworks, **{"c5.1": engine.subordinate_share([True, True])}).four_good


@pytest.mark.parametrize("share, code", [({"achieved": 0, "total": 0}, "no_subordinates"),
                                         ({"achieved": 3, "total": 2}, "bad_share"),
                                         ({"achieved": "2", "total": 2}, "bad_share")])
def test_bad_subordinate_share_is_reported(frameworks, share, code):
    result = committee(frameworks, **{"c5.1": share})
    assert [(e.code, e.item) for e in result.errors] == [(code, "c5.1")]


def meeting(frameworks, total_loss: float = 0):
    """A meeting whose score is 100 - total_loss (taken from the 15-point item m3.3)."""
    values = full_values(frameworks["sinh-hoat-chi-bo"])
    values["m3.3"] = 15 - min(total_loss, 15)
    values["m3.4"] = 10 - max(total_loss - 15, 0) if total_loss <= 25 else 0
    values["m3.1"] = 10 - max(total_loss - 25, 0)
    return {"values": values}


@pytest.mark.parametrize("score, band", [(100, "tot"), (90, "tot"), (89.5, "kha"), (70, "kha"),
                                         (69.5, "trung-binh"), (65, "trung-binh")])
def test_meeting_bands_at_their_edges(frameworks, score, band):
    result = engine.evaluate(frameworks["sinh-hoat-chi-bo"], meeting(frameworks, 100 - score))
    assert result.total == score and result.band == band


def test_meeting_bands_down_to_poor(frameworks):
    values = {k: 0 for k in full_values(frameworks["sinh-hoat-chi-bo"])}
    values.update({"m3.3": 15, "m3.1": 10, "m3.2": 10, "m4.1": 10, "m4.2": 5})  # 50
    assert engine.evaluate(frameworks["sinh-hoat-chi-bo"], {"values": values}).band == "trung-binh"
    values["m4.2"] = 4.5  # 49.5
    assert engine.evaluate(frameworks["sinh-hoat-chi-bo"], {"values": values}).band == "kem"


@pytest.mark.parametrize("scores, good_year", [
    ([95] * 7 + [80] * 5, True),          # 7 Tốt, all at least Khá
    ([95] * 6 + [80] * 6, False),         # only 6 Tốt
    ([95] * 11 + [69.5], False),          # one meeting Trung bình
    ([95] * 7 + [80] * 3, True),          # two months with no meeting sheet
])
def test_meeting_year_good_needs_all_fair_and_seven_good(frameworks, scores, good_year):
    periods = {str(m): meeting(frameworks, 100 - s) for m, s in enumerate(scores, 1)}
    year = engine.evaluate_year(frameworks["sinh-hoat-chi-bo"], periods, frameworks=frameworks)
    assert year.recognized is good_year
    if not good_year:
        assert year.gaps[0].code in ("gap_band_count", "gap_min_band")


@pytest.mark.parametrize("strict", [False, True])
def test_a_month_with_only_its_cells_share_is_evaluated_as_in_full(frameworks, strict):
    """A committee's month with nothing typed but criterion 5 from its cells is blank, and
    is given the result a full evaluation gives (computed once per share, then reused)."""
    main = frameworks["dang-bo-co-so-bon-tot"]
    (derived,) = engine.derived_items(main)
    model = engine.Model.of(main, strict)
    for share in ({"achieved": 2, "total": 2}, {"achieved": 0, "total": 3}, None, {}):
        inputs = {"values": {derived: share} if share is not None else {}, "period": "4"}
        for _ in range(2):  # the second time from the cache
            result = engine.evaluate(main, inputs, frameworks, strict=strict)
            assert result == engine._evaluate(model, inputs, frameworks)
            assert result.status == "blank" and result.period == "4"
    other = engine.evaluate(main, {"values": {derived: {"achieved": 1, "total": 2}},
                                   "period": "5"}, frameworks, strict=strict)
    assert other.period == "5" and other == engine._evaluate(
        model, {"values": {derived: {"achieved": 1, "total": 2}}, "period": "5"}, frameworks)
