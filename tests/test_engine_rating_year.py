"""Annual rating rulesets (366 and 124), the quota, and the months -> year roll-up."""
from __future__ import annotations

import pytest

from fourgood import engine
from conftest import cell_inputs

RULESETS = ["xep-loai-366", "xep-loai-124"]
BEST = {"g.1": 30, "k.1": 70, "dung-han": 100, "vuot": 30, "tre-han": 0, "hoan-thanh": 100,
        "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}


def rate(frameworks, ruleset, **overrides):
    values = dict(BEST, **overrides)
    return engine.evaluate(frameworks[ruleset], {"values": values}, frameworks)


@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("overrides, level", [
    ({}, "htxsnv"),
    ({"g.1": 20}, "htxsnv"),                               # exactly 90
    ({"g.1": 19.5}, "httnv"),                              # 89.5
    ({"vuot": 29.99}, "httnv"),
    ({"khong-ky-luat": "Không đạt"}, "httnv"),
    ({"khac-phuc": "Không đạt"}, "httnv"),
    ({"g.1": 0, "k.1": 70}, "httnv"),                      # exactly 70
    ({"g.1": 0, "k.1": 69.5}, "htnv"),
    ({"dung-han": 99}, "htnv"),                            # not all on time
    ({"dung-han": 80, "tre-han": 20}, "htnv"),             # exactly 20% late
    ({"dung-han": 79.5, "tre-han": 20.5}, "khtnv"),
    ({"g.1": 0, "k.1": 50, "dung-han": 90}, "htnv"),       # exactly 50
    ({"g.1": 0, "k.1": 49.5}, "khtnv"),
    ({"dung-han": 90, "hoan-thanh": 95}, "khtnv"),         # not every task done
])
def test_rating_levels_at_their_edges(frameworks, ruleset, overrides, level):
    assert rate(frameworks, ruleset, **overrides).rating == level


@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("veto", ["v-cong-tac-can-bo", "v-mat-doan-ket", "v-ky-luat-nhiem-vu",
                                  "v-suy-thoai"])
def test_each_rating_veto_forces_the_lowest_level(frameworks, ruleset, veto):
    result = rate(frameworks, ruleset, **{veto: "Có"})
    assert result.rating == "khtnv" and result.vetoes == [veto]
    assert result.gaps[0].code == "gap_rating_veto"


@pytest.mark.parametrize("done, vetoed", [(69.99, True), (70, False)])
def test_less_than_70_percent_of_planned_tasks_is_a_veto(frameworks, done, vetoed):
    result = rate(frameworks, "xep-loai-366", **{"hoan-thanh": done, "dung-han": 60})
    assert ("v-duoi-70" in result.vetoes) is vetoed
    assert result.rating == "khtnv"


def test_rating_gaps_say_what_the_next_level_needs(frameworks):
    result = rate(frameworks, "xep-loai-366", **{"g.1": 25, "vuot": 10})
    assert result.rating == "httnv"
    assert [g.vi for g in result.gaps] == [
        "Để đạt «Hoàn thành xuất sắc nhiệm vụ»: «Tỷ lệ nhiệm vụ hoàn thành vượt mức (%)» là 10, "
        "cần ≥ 30.",
    ]
    low = rate(frameworks, "xep-loai-366", **{"g.1": 15, "k.1": 60})
    assert low.rating == "httnv"
    assert low.gaps[0].vi == ("Để đạt «Hoàn thành xuất sắc nhiệm vụ»: Tổng điểm còn thiếu 15 điểm "
                              "để đạt 90 (hiện có 75).")
    top = rate(frameworks, "xep-loai-366")
    assert top.rating == "htxsnv" and top.gaps == []


@pytest.mark.parametrize("ratings, outstanding, allowed, ok", [
    (["htxsnv"] + ["httnv"] * 4, False, 1, True),          # 1 of 5 = 20%
    (["htxsnv"] * 2 + ["httnv"] * 3, False, 1, False),     # 2 of 5 = 40%
    (["htxsnv"] * 2 + ["httnv"] * 8, False, 2, True),      # 2 of 10 = 20%
    (["htxsnv"] + ["httnv"] * 3, False, 0, False),         # 20% of 4 = 0.8 -> 0
    (["htxsnv"] + ["httnv"] * 3, True, 1, True),           # 25% of 4 = 1
    (["htxsnv"] * 2 + ["httnv"] * 6, True, 2, True),       # 25% of 8 = 2
    (["htxsnv"] * 3 + ["httnv"] * 5, True, 2, False),
    (["htxsnv"] + ["httnv"] * 4 + ["htnv", "khtnv", None], False, 1, True),  # base 5
])
def test_quota_of_the_top_level_in_a_group(frameworks, ratings, outstanding, allowed, ok):
    for ruleset in RULESETS:
        quota = engine.check_quota(frameworks[ruleset], ratings, outstanding)
        assert (quota.allowed, quota.ok) == (allowed, ok)
        assert quota.excess == max(0, quota.count - allowed)


def month(frameworks, achieved=True, veto=False):
    overrides = {} if achieved else {"c1.1": 5}
    if veto:
        overrides["v-ky-luat"] = "Có"
    return cell_inputs(frameworks, **overrides)


def cell_year(frameworks, assessed, achieved, veto_months=0, rating="httnv"):
    periods = {}
    for m in range(1, 13):
        if m <= assessed:
            periods[str(m)] = month(frameworks, achieved=m <= achieved, veto=m <= veto_months)
        else:
            periods[str(m)] = {"values": {}}
    rated = None
    if rating:
        values = {"httnv": dict(BEST, vuot=0), "htnv": dict(BEST, **{"dung-han": 95, "tre-han": 5}),
                  "htxsnv": BEST}[rating]
        rated = engine.evaluate(frameworks["xep-loai-366"], {"values": values}, frameworks)
        assert rated.rating == rating
    return engine.evaluate_year(frameworks["chi-bo-bon-tot"], periods, rating=rated,
                                frameworks=frameworks)


@pytest.mark.parametrize("assessed, achieved, veto_months, rating, recognized, gap", [
    (12, 12, 0, "htxsnv", True, None),
    (10, 9, 0, "httnv", True, None),
    (9, 9, 0, "httnv", False, "gap_periods_assessed"),
    (10, 8, 0, "httnv", False, "gap_periods_achieved"),
    (12, 12, 1, "httnv", False, "gap_periods_with_veto"),
    (12, 12, 0, "htnv", False, "gap_rating"),
    (12, 12, 0, None, False, "gap_rating_missing"),
])
def test_year_end_recognition(frameworks, assessed, achieved, veto_months, rating, recognized,
                              gap):
    year = cell_year(frameworks, assessed, achieved, veto_months, rating)
    assert year.periods_assessed == assessed
    assert year.recognized is recognized
    assert [g.code for g in year.gaps] == ([] if gap is None else [gap])


def test_year_averages_and_ignores_blank_months(frameworks):
    year = cell_year(frameworks, 10, 10)
    assert year.total == 100 and year.errors == []
    assert [c["score"] for c in year.criteria] == [30, 20, 25, 25]


def test_year_reports_errors_of_partly_filled_months_with_their_period(frameworks):
    periods = {"1": cell_inputs(frameworks, **{"c1.1": "abc"}), "2": {"values": {}}}
    year = engine.evaluate_year(frameworks["chi-bo-bon-tot"], periods, frameworks=frameworks)
    assert [(e.period, e.code) for e in year.errors] == [("1", "not_a_number")]
    assert year.periods_assessed == 0
