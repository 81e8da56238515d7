"""One problem record for every check: the JSON each kind of problem was stored as is kept."""
from __future__ import annotations

from fourgood import engine, errors
from fourgood.messages import msg


def test_a_located_problem_and_an_inputs_problem_keep_their_stored_json(frameworks):
    located = errors.Problem("no_root", "units", msg("roster_no_root"))
    assert list(located.to_dict().items()) == [
        ("code", "no_root"), ("where", "units"), ("vi", located.vi), ("en", located.en)]
    year = engine.evaluate_year(frameworks["chi-bo-bon-tot"], {"3": {"values": {"c1.1": "x"}}})
    typed = next(e for e in year.errors if e.item == "c1.1")
    assert list(typed.to_dict().items()) == [
        ("code", "not_a_number"), ("item", "c1.1"), ("value", "x"), ("vi", typed.vi),
        ("en", typed.en), ("period", "3")]
    assert "period" not in next(e for e in year.periods["3"].errors if e.item == "c1.1").to_dict()
