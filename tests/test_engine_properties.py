"""Property-based tests of the engine over random valid inputs (hypothesis)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fourgood import engine, framework as fw

CELL = fw.load("chi-bo-bon-tot")
MEETING = fw.load("sinh-hoat-chi-bo")
COMMITTEE = fw.load("dang-bo-co-so-bon-tot")
RULESET = fw.load("xep-loai-366")
RELATED = {"sinh-hoat-chi-bo": MEETING, "chi-bo-bon-tot": CELL}
pytestmark = pytest.mark.slow  # each a search over hundreds of random inputs
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def on_step(item):
    steps = int(round(item["max"] / item["step"]))
    return st.integers(0, steps).map(lambda n: n * item["step"])


def points_values(framework):
    items = [i for c in framework["criteria"] for i in c["items"] if i["kind"] == "points"]
    return st.fixed_dictionaries({i["id"]: on_step(i) for i in items})


cell_inputs = st.builds(
    lambda values, meeting, vetoes: {
        "values": {**values, **vetoes},
        "linked": {"sinh-hoat-chi-bo": {"values": meeting}}},
    points_values(CELL), points_values(MEETING),
    st.fixed_dictionaries({"v-ky-luat": st.sampled_from(["Có", "Không"]),
                           "v-mat-doan-ket": st.sampled_from(["Có", "Không", ""])}))


@SETTINGS
@given(cell_inputs)
def test_scores_never_exceed_their_maximum_and_totals_add_up(inputs):
    result = engine.evaluate(CELL, inputs, RELATED)
    assert result.complete
    for crit in result.criteria:
        assert 0 <= crit.score <= crit.max
        assert crit.score == engine.excel_round(sum(i.score for i in crit.items), 2)
        for item in crit.items:
            assert 0 <= item.score <= item.max
    assert 0 <= result.total <= result.max
    assert result.total == engine.excel_round(sum(c.score for c in result.criteria), 2)
    assert (result.four_good is True) == (not result.gaps)


@SETTINGS
@given(cell_inputs, st.data())
def test_achievement_never_turns_false_when_a_score_rises(inputs, data):
    before = engine.evaluate(CELL, inputs, RELATED)
    items = {i["id"]: i for c in CELL["criteria"] for i in c["items"] if i["kind"] == "points"}
    item_id = data.draw(st.sampled_from(sorted(items)))
    item = items[item_id]
    current = inputs["values"][item_id]
    raised = data.draw(on_step(item).filter(lambda v: v >= current))
    higher = {**inputs, "values": {**inputs["values"], item_id: raised}}
    after = engine.evaluate(CELL, higher, RELATED)
    assert after.total >= before.total
    if before.four_good:
        assert after.four_good


@SETTINGS
@given(st.fixed_dictionaries({i["id"]: st.booleans()
                              for c in COMMITTEE["criteria"] for i in c["items"]
                              if i["kind"] == "met"}),
       st.integers(0, 100), st.integers(0, 100), st.integers(0, 100), st.integers(1, 6),
       st.data())
def test_committee_meeting_one_more_item_never_breaks_four_good(flags, c3, c7, c9, cells, data):
    achieved = data.draw(st.integers(0, cells))
    values = {**flags, "c3.1": c3, "c7.1": c7, "c9.1": c9,
              "c5.1": {"achieved": achieved, "total": cells}}
    before = engine.evaluate(COMMITTEE, {"values": values})
    assert before.total == sum(1 for c in before.criteria if c.achieved)
    flag = data.draw(st.sampled_from(sorted(flags)))
    after = engine.evaluate(COMMITTEE, {"values": {**values, flag: True}})
    assert after.total >= before.total
    if before.four_good:
        assert after.four_good


@SETTINGS
@given(points_values(RULESET), st.integers(0, 100), st.integers(0, 100),
       st.integers(0, 100), st.booleans(), st.booleans(), st.data())
def test_rating_never_drops_when_a_score_rises(values, on_time, exceeded, done, clean, fixed,
                                               data):
    inputs = {**values, "dung-han": on_time, "vuot": exceeded, "tre-han": 100 - on_time,
              "hoan-thanh": done, "khong-ky-luat": clean, "khac-phuc": fixed}
    levels = [lvl["id"] for lvl in RULESET["levels"]]
    before = engine.evaluate(RULESET, {"values": inputs})
    item_id = data.draw(st.sampled_from(["g.1", "k.1"]))
    item = next(i for c in RULESET["criteria"] for i in c["items"] if i["id"] == item_id)
    raised = data.draw(on_step(item).filter(lambda v: v >= inputs[item_id]))
    after = engine.evaluate(RULESET, {"values": {**inputs, item_id: raised}})
    assert levels.index(after.rating) <= levels.index(before.rating)
