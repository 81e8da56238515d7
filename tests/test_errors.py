"""The codes a program relies on: docs/errors.md lists every code fourgood gives and only
those, and a refusal met in real use carries its documented code; one problem record
keeps the JSON each kind of problem was stored as."""
from __future__ import annotations

import ast
import functools
import re
import sqlite3

import pytest

from conftest import ROOT, SAMPLES
from fourgood import consolidate, engine, errors, reader, roster as rosters
from fourgood.messages import CATALOGUE, msg

SOURCES = sorted([*(ROOT / "src" / "fourgood").rglob("*.py"), *(ROOT / "macros_py").glob("*.py")])
# The calls that name a code (a refusal of a received file, a problem, the helpers that make
# one of a code, a value not read), with the code's place among their arguments.
NAMING = {"Rejected": 0, "_OverBudget": 0, "_rejected": 1, "Problem": 0, "problem": 0,
          "_input_error": 1, "Invalid": 0}


@functools.cache
def _trees() -> list[ast.Module]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES]


@functools.cache
def _functions() -> dict[str, list[ast.FunctionDef]]:
    """Every function of the package by its name."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for node in (node for tree in _trees() for node in ast.walk(tree)):
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, []).append(node)
    return found


def _kinds(cls: type) -> set[str]:
    return {cls.__name__}.union(*(_kinds(sub) for sub in cls.__subclasses__()))


def _calls():
    """Each call of the package with its name and the function it is in (or its module)."""
    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                name = getattr(child.func, "id", None) or getattr(child.func, "attr", None)
                yield child, name, scope
            yield from visit(child, child if isinstance(child, ast.FunctionDef) else scope)
    for tree in _trees():
        yield from visit(tree, tree)


def _strings(node: ast.AST, scope: ast.AST, seen: frozenset[str] = frozenset()) -> set[str]:
    """The texts an expression can be: a constant, either arm of a choice, whatever a local
    name is given, whatever a function of the package returns; an f-string with ``*`` for
    each of its holes. A code passed on (a parameter, an attribute) is named where it is
    made, so it gives nothing here."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, scope, seen) | _strings(node.orelse, scope, seen)
    if isinstance(node, ast.Name):
        return set().union(*(_strings(a.value, scope, seen) for a in ast.walk(scope)
                             if isinstance(a, ast.Assign) and any(
                                 getattr(t, "id", None) == node.id for t in a.targets)))
    called = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
    if called in _functions() and called not in seen:
        return set().union(*(_strings(r.value, f, seen | {called}) for f in _functions()[called]
                             for r in ast.walk(f) if isinstance(r, ast.Return) and r.value))
    return set()


def _raised_keys() -> set[str]:
    """The catalogue key of every message a FourgoodError is raised with, by its class or by
    a parameter ``error`` holding one (an f-string: every key it can be)."""
    kinds = _kinds(errors.FourgoodError) | {"error"}
    keys = set()
    for call, name, scope in _calls():
        message = call.args[0] if name in kinds and call.args else None
        if isinstance(message, ast.Call) and getattr(message.func, "id", None) == "msg":
            named = _strings(message.args[0], scope)
            assert named, f"line {call.lineno}: the message's key is not named there"
            for key in named:
                found = {k for k in CATALOGUE if re.fullmatch(
                    re.escape(key).replace(r"\*", ".+"), k)}
                assert found, f"{key!r} is no message of the catalogue"
                keys |= found
    return keys


def _named_codes() -> set[str]:
    return {code for call, name, scope in _calls()
            if name in NAMING and len(call.args) > NAMING[name]
            for code in _strings(call.args[NAMING[name]], scope)}


def _documented() -> list[str]:
    """The codes docs/errors.md lists, ``<…>`` written ``*``."""
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return [re.sub(r"<[^>]+>", "*", code) for code in re.findall(r"^\| `([^`]+)` \|", text,
                                                                  re.MULTILINE)]


def test_every_message_raised_has_a_code_and_every_code_is_raised():
    raised = _raised_keys()
    assert sorted(raised - set(errors.CODES)) == [], "give each a code in errors.CODES"
    assert sorted(set(errors.CODES) - raised) == [], "no FourgoodError is raised with these"


def test_docs_list_every_code_given_once_and_none_other():
    documented = _documented()
    given = set(errors.CODES.values()) | _named_codes()
    assert len(documented) == len(set(documented))
    assert sorted(given - set(documented)) == [], "document these in docs/errors.md"
    assert sorted(set(documented) - given) == [], "docs/errors.md lists codes never given"


def test_a_missing_roster_is_refused_with_its_documented_code(tmp_path):
    with pytest.raises(errors.FourgoodError) as caught:
        rosters.load(tmp_path / "danh-sach.json")
    assert isinstance(caught.value, errors.RosterError)
    assert caught.value.code == "file_missing" and "file_missing" in _documented()
    assert str(tmp_path / "danh-sach.json") in caught.value.message.vi


def test_a_refused_inbox_file_is_a_fourgood_error_and_its_ledger_row_carries_the_code(
        tmp_path):
    inbox = tmp_path / "thu-den"
    inbox.mkdir()
    data = b"%PDF-1.7 not a workbook"
    (inbox / "bao-cao.xlsx").write_bytes(data)
    with pytest.raises(errors.FourgoodError) as caught:
        reader.check_bytes(data, "bao-cao.xlsx")
    assert caught.value.code == "not_a_workbook" and "not_a_workbook" in _documented()
    roster = rosters.load(SAMPLES / "roster-lao-cai-2024.json")
    with consolidate.consolidate([inbox], roster, tmp_path / "so-cai.sqlite", workers=1):
        pass
    rows = sqlite3.connect(tmp_path / "so-cai.sqlite").execute(
        "SELECT status, reason, message_vi FROM submissions").fetchall()
    assert rows == [("rejected", "not_a_workbook", caught.value.message.vi)]


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
