"""Shipped frameworks pass the schema; broken ones fail with the JSON path named."""
from __future__ import annotations

import copy
import json

import pytest

from fourgood import framework as fw
from conftest import run_cli

SHIPPED = ["chi-bo-bon-tot", "dang-bo-co-so-bon-tot", "sinh-hoat-chi-bo", "xep-loai-124",
           "xep-loai-366"]


def test_the_five_frameworks_are_shipped():
    assert fw.shipped_ids() == SHIPPED


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_every_shipped_framework_is_valid_and_sourced(framework_id):
    data = fw.load_raw(framework_id)
    assert fw.schema_problems(data, "framework") == []
    assert fw.check(data) == []
    for crit in data["criteria"]:
        assert crit["source"]["status"] in ("published", "assumed") and crit["source"]["ref"]
        for item in crit["items"]:
            assert item["source"]["ref"]


def test_domain_defaults():
    cell = fw.load("chi-bo-bon-tot")
    assert [c["max"] for c in cell["criteria"]] == [30, 20, 25, 25]
    assert [c["source"]["status"] for c in cell["criteria"]] == ["published", "published",
                                                                 "assumed", "assumed"]
    meeting = fw.load("sinh-hoat-chi-bo")
    assert [c["max"] for c in meeting["criteria"]] == [15, 20, 45, 20]
    assert [(b["id"], b["min"]) for b in meeting["bands"]] == [
        ("tot", 90), ("kha", 70), ("trung-binh", 50), ("kem", 0)]
    committee = fw.load("dang-bo-co-so-bon-tot")
    assert len(committee["criteria"]) == 9
    assert [c["source"]["status"] for c in committee["criteria"]].count("published") == 5
    assert committee["criteria"][4]["items"][0]["kind"] == "derived"
    for ruleset in ("xep-loai-366", "xep-loai-124"):
        data = fw.load(ruleset)
        assert [lvl["id"] for lvl in data["levels"]] == ["htxsnv", "httnv", "htnv", "khtnv"]
        assert (data["quota"]["max_percent"], data["quota"]["outstanding_max_percent"]) == (20, 25)


def test_hash_is_stable_and_changes_with_content():
    data = fw.load("chi-bo-bon-tot")
    assert fw.framework_hash(data) == fw.framework_hash(copy.deepcopy(data))
    changed = copy.deepcopy(data)
    changed["achievement"]["conditions"][0]["value"] = 85
    assert fw.framework_hash(changed) != fw.framework_hash(data)


def broken(mutate):
    data = copy.deepcopy(fw.load("chi-bo-bon-tot"))
    mutate(data)
    return data


@pytest.mark.parametrize("mutate, path, code", [
    (lambda d: d["criteria"][1]["items"][0].pop("max"), "$.criteria[1].items[0]",
     "schema.required"),
    (lambda d: d["criteria"][0]["items"][2].update(max="năm"), "$.criteria[0].items[2].max",
     "schema.type"),
    (lambda d: d["criteria"][0]["items"][2].update(kind="score"), "$.criteria[0].items[2].kind",
     "schema.enum"),
    (lambda d: d["criteria"][2].update(colour="red"), "$.criteria[2]", "schema.additionalProperties"),
    (lambda d: d["criteria"][0].update(max=31), "$.criteria[0].max", "max_mismatch"),
    (lambda d: d["criteria"][3]["items"][0].update(id="c1.1"), "$.criteria[3].items[0].id",
     "duplicate_id"),
    (lambda d: d["achievement"]["conditions"].append({"ref": "criterion:c7", "op": ">=", "value": 1}),
     "$.achievement.conditions[3].ref", "bad_ref"),
    (lambda d: d["year_rollup"]["conditions"][3].update(value="gioi"),
     "$.year_rollup.conditions[3].value", "bad_ordinal"),
    (lambda d: d["criteria"][0]["items"][0].update(step=0.7), "$.criteria[0].items[0].step",
     "step_max"),
    (lambda d: d["criteria"][1]["items"][0]["link"].update(framework="khong-co"),
     "$.criteria[1].items[0].link.framework", "unknown_framework"),
    (lambda d: d.pop("achievement"), "$", "kind_needs"),
])
def test_broken_framework_is_reported_at_its_json_path(mutate, path, code):
    problems = fw.check(broken(mutate))
    assert [(p.where, p.code) for p in problems][:1] == [(path, code)]
    assert path in problems[0].message.vi and path in problems[0].message.en


def test_bands_and_levels_rules(frameworks):
    meeting = copy.deepcopy(frameworks["sinh-hoat-chi-bo"])
    meeting["bands"][1]["min"] = 95
    assert [p.code for p in fw.check(meeting)] == ["bands_order"]
    ruleset = copy.deepcopy(frameworks["xep-loai-366"])
    ruleset["levels"][-1]["conditions"] = [{"ref": "total", "op": ">=", "value": 0}]
    ruleset["quota"]["level"] = "xuat-sac"
    assert sorted(p.code for p in fw.check(ruleset)) == ["bad_ordinal", "levels_fallback"]


def test_cli_check_names_the_json_path_and_exits_1(tmp_path):
    path = tmp_path / "khung.json"
    path.write_text(json.dumps(broken(lambda d: d["criteria"][0].update(max=31)),
                               ensure_ascii=False), encoding="utf-8")
    result = run_cli("framework", "check", str(path))
    assert result.returncode == 1
    assert "$.criteria[0].max" in result.stderr
    assert "điểm tối đa của tiêu chí là 31 nhưng tổng các mục là 30" in result.stderr
    english = run_cli("--lang", "en", "framework", "check", str(path))
    assert "the criterion maximum is 31 but its items add up to 30" in english.stderr


def test_cli_check_reports_bad_json_with_line_and_column(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('{"id": "x",\n  "version": }', encoding="utf-8")
    result = run_cli("framework", "check", str(path))
    assert result.returncode == 1
    assert "dòng 2, cột 14" in result.stderr


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_cli_check_accepts_every_shipped_framework(framework_id):
    result = run_cli("framework", "check", framework_id)
    assert result.returncode == 0, result.stderr
    assert "hợp lệ" in result.stdout
