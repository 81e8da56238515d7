"""Quarters as the basis of the year (Regulation 366, Art. 15.1; Guidance 43): one
hand-worked case for every quarter and year rule of ``engine.rate_year``."""
from __future__ import annotations

import copy
from datetime import date

import pytest

from fourgood import engine, framework as fw, layout

FWS = fw.shipped()
R366, R124 = FWS["xep-loai-366"], FWS["xep-loai-124"]
CLEAN = {"g.1": 28, "k.1": 64, "dung-han": 100, "vuot": 35, "tre-han": 0, "hoan-thanh": 100,
         "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}  # 92 points: «Hoàn thành xuất sắc»


def form(**changes) -> dict:
    return {"values": {**CLEAN, **changes}}


def rate(year: dict, quarters: dict | None = None, ruleset=R366) -> engine.RatedYear:
    return engine.rate_year(ruleset, year, quarters, FWS)


def with_year_rule(**rule) -> dict:
    ruleset = copy.deepcopy(R366)
    ruleset["quarters"]["year"].update(rule)
    assert not fw.check(ruleset)
    return ruleset


def test_quarters_one_to_three_are_each_rated_on_the_366_form():
    rated = rate(form(), {"1": form(**{"k.1": 50}),                    # 78: «tốt»
                          "2": form(**{"g.1": 20, "k.1": 35, "dung-han": 90, "tre-han": 10}),
                          })                                           # 55: «hoàn thành»
    assert list(rated.quarters) == ["1", "2", "3"]
    q1, q2, q3 = rated.quarters.values()
    assert (q1.total, q1.rating) == (78, "httnv")
    assert (q2.total, q2.rating) == (55, "htnv")
    assert q3.status == "blank" and q3.rating is None
    assert [c.score for c in q1.criteria] == [28, 50]  # general criteria 30 + task results 70
    assert not rated.errors


def test_quarter_four_is_not_rated_on_its_own():
    assert R366["quarters"]["rated"] == [1, 2, 3] == list(range(1, layout.QUARTERS + 1))
    rated = rate(form(), {"4": form()})
    assert "4" not in rated.quarters
    assert [e.code for e in rated.errors] == ["quarter_unknown"]
    assert "quý IV tính vào cả năm" in rated.errors[0].message.vi
    assert layout.quarter_of("4") is None and layout.quarter_of("Q3") == 3


def test_by_default_the_years_points_are_the_year_end_forms():
    rated = rate(form(), {"1": form(**{"g.1": 10, "k.1": 20}), "2": form(**{"k.1": 70})})
    assert rated.year.total == rated.form.total == 92
    assert rated.year.rating == "htxsnv"


def test_the_alternative_mean_averages_the_rated_quarters_with_the_form():
    ruleset = with_year_rule(points="mean")
    quarters = {"1": form(**{"g.1": 30, "k.1": 60}),        # 90
                "2": form(**{"g.1": 20, "k.1": 50}),        # 70
                "3": {"values": {"g.1": 30}}}               # incomplete: not counted
    rated = engine.rate_year(ruleset, form(**{"g.1": 25, "k.1": 65}), quarters, FWS)
    general, tasks = (c.score for c in rated.year.criteria)
    assert general == 25                                     # (30 + 20 + 25) / 3
    assert tasks == pytest.approx(58.33)                    # (60 + 50 + 65) / 3, rounded
    assert rated.year.total == pytest.approx(83.33)
    assert rated.year.rating == "httnv"                      # 90 on the form alone
    alone = engine.rate_year(ruleset, form(), {}, FWS)
    assert alone.year.total == 92                            # no quarter rated: the form's


def test_a_veto_in_any_quarter_counts_in_the_year():
    rated = rate(form(), {"2": form(**{"v-mat-doan-ket": "Có"})})
    assert rated.form.rating == "htxsnv" and rated.form.vetoes == []
    assert rated.year.rating == "khtnv"
    assert rated.year.vetoes == ["v-mat-doan-ket"]
    assert "Quý II có vi phạm «Nội bộ mất đoàn kết»" in rated.year.gaps[0].vi
    # the same veto in two quarters is counted as recorded, twice
    twice = rate(form(), {"1": form(**{"v-mat-doan-ket": "Có"}),
                          "2": form(**{"v-mat-doan-ket": "Có"})})
    assert len(twice.year.vetoes) == 2
    off = engine.rate_year(with_year_rule(quarter_vetoes=False), form(),
                           {"2": form(**{"v-mat-doan-ket": "Có"})}, FWS)
    assert off.year.rating == "htxsnv"


def test_an_unfinished_year_form_has_no_level_but_shows_the_quarters_vetoes():
    rated = rate({"values": {"g.1": 28}}, {"1": form(**{"v-suy-thoai": "Có"})})
    assert rated.year.status == "incomplete" and rated.year.rating is None
    assert rated.year.vetoes == ["v-suy-thoai"]
    assert not rated.flags


def test_the_year_above_every_quarter_is_flagged_not_changed():
    quarters = {"1": form(**{"g.1": 20, "k.1": 35, "dung-han": 90, "tre-han": 10}),  # htnv
                "2": form(**{"k.1": 50})}                                           # httnv
    rated = rate(form(), quarters)
    assert rated.year.rating == "htxsnv"
    assert [f.code for f in rated.flags] == ["flag_year_above_quarters"]
    assert "cao nhất: «Hoàn thành tốt nhiệm vụ»" in rated.flags[0].vi
    level = rate(form(), {"1": form()})  # as high as a quarter: nothing to say
    assert level.flags == []
    nothing = rate(form(), {})  # no quarter rated: nothing to compare with
    assert nothing.flags == []


def test_a_quarter_rated_khtnv_is_flagged():
    quarters = {"1": form(**{"k.1": 50}), "3": form(**{"k.1": 10})}  # 78; 38: «không hoàn thành»
    rated = rate(form(**{"k.1": 50}), quarters)                       # the year 78 as Q1
    assert rated.quarters["3"].rating == "khtnv"
    assert [f.code for f in rated.flags] == ["flag_quarter_level"]
    assert rated.flags[0].vi.startswith("Quý III xếp loại «Không hoàn thành nhiệm vụ»")


def test_regulation_124_rates_the_year_only():
    assert "quarters" not in R124
    rated = rate(form(), {"1": form(), "2": {"values": {}}}, R124)
    assert rated.quarters == {}
    assert rated.year is rated.form and rated.year.rating == "htxsnv"
    assert [(e.code, e.period) for e in rated.errors] == [("quarters_not_rated", "Q1")]
    assert "Quy định 124-QĐ/TW chỉ xếp loại cả năm" in rated.errors[0].message.vi
    assert rate(form(), {"1": {"values": {}}}, R124).errors == []


def test_months_achieved_of_assessed_are_the_evidence_of_each_quarter():
    def month(good: bool) -> engine.PeriodResult:
        return engine.PeriodResult("chi-bo-bon-tot", None, "complete", 0, 100, [], [], {},
                                   four_good=good)

    months = {"1": month(True), "2": month(False), "4": month(True), "5": month(True),
              "6": month(True), "7": engine.PeriodResult("chi-bo-bon-tot", None, "incomplete",
                                                         0, 100, [], [], {})}
    assert engine.quarter_evidence(months, 1) == (1, 2)
    assert engine.quarter_evidence(months, 2) == (3, 3)
    assert engine.quarter_evidence(months, 3) == (0, 0)


def test_a_quarters_report_is_due_before_the_15th_of_its_last_month():
    assert [engine.quarter_due(R366, 2024, q) for q in (1, 2, 3)] == [
        date(2024, 3, 15), date(2024, 6, 15), date(2024, 9, 15)]
    assert engine.quarter_due(R124, 2024, 1) is None


def test_the_quarters_rule_is_checked_as_data():
    bad = copy.deepcopy(R366)
    bad["quarters"]["year"]["flag_quarter_levels"] = ["kem"]
    assert [p.code for p in fw.check(bad)] == ["bad_ordinal"]
    bad = copy.deepcopy(R366)
    bad["quarters"]["rated"] = [1, 2, 3, 4]
    assert [p.code for p in fw.check(bad)] == ["schema.const"]
    cell = copy.deepcopy(FWS["chi-bo-bon-tot"])
    cell["quarters"] = copy.deepcopy(R366["quarters"])
    cell["quarters"]["year"]["flag_quarter_levels"] = []
    assert [p.code for p in fw.check(cell)] == ["quarters_not_rating"]
    assert R366["quarters"]["year"]["source"]["status"] == "assumed"
    assert R366["quarters"]["due"]["source"]["status"] == "assumed"
