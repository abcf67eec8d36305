"""The cases of tests/packages/cases.json, which the Node package's suite
(crates/handoff-node/test/cases.test.mjs) runs too: the two packages give
the same answers to the same calls."""

import json
import pickle
import warnings
from functools import cache

import pytest
from conftest import ROOT

import handoff

CASES = json.loads((ROOT / "tests/packages/cases.json").read_text())


@cache
def rules(name: str) -> handoff.Policy:
    return handoff.Policy.from_file(ROOT / CASES["rules"][name])


def ids(key):
    return lambda case: f"{case['rules']}: {case.get(key)}"[:60]


@pytest.mark.parametrize("case", CASES["route"], ids=ids("message"))
def test_route(case):
    decision = rules(case["rules"]).route(case["message"])
    assert (decision.topic, decision.handoff) == (case["topic"], case["handoff"])
    assert [[r["rule"], r["phrase"]] for r in decision.reasons] == case["fired"]
    assert [f["name"] for f in decision.collect] == case["collect"]


@pytest.mark.parametrize("case", CASES["check_reply"], ids=ids("reply"))
def test_check_reply(case):
    verdict = rules(case["rules"]).check_reply(case["reply"], topic=case["topic"])
    assert [[b["rule"], b["phrase"]] for b in verdict.broken] == case["broken"]
    assert verdict.ok == (not case["broken"])


@pytest.mark.parametrize("case", CASES["check_handoff"], ids=ids("arguments"))
def test_check_handoff(case):
    arguments = case["arguments"]
    check = rules(case["rules"]).check_handoff(arguments)
    assert (check["ok"], check["topic"]) == (case["ok"], case["topic"])
    assert [[p["argument"], p["problem"]] for p in check["problems"]] == case["problems"]
    if case["ok"]:
        assert check["reply"] is None
    else:
        assert check["reply"].startswith("The handoff was not made. ")
        for _, problem in case["problems"]:
            assert problem in check["reply"]
    if not isinstance(arguments, str):
        # The JSON text a model writes is checked the same.
        assert rules(case["rules"]).check_handoff(json.dumps(arguments)) == check


@pytest.mark.parametrize("case", CASES["meta_metadata"], ids=ids("message"))
def test_meta_metadata(case):
    decision = rules(case["rules"]).route(case["message"])
    text = handoff.meta_metadata(decision, case["fields"], case["summary"])
    assert text.splitlines() == case["lines"]
    # A logged record renders the same.
    assert handoff.meta_metadata(decision.to_dict(), case["fields"], case["summary"]) == text


@pytest.mark.parametrize("case", CASES["tool_shapes"], ids=lambda c: c["shape"])
def test_tool_shapes(case):
    value = rules("salon").tool(case["shape"])
    for key in case["path"]:
        value = value[key]
    assert value == case["value"]


def test_an_unknown_tool_shape_names_the_shapes():
    with pytest.raises(ValueError) as raised:
        rules("salon").tool("gemini")
    assert str(raised.value) == CASES["unknown_tool_shape"]


@pytest.mark.parametrize("case", CASES["format_versions"], ids=lambda c: c["format_version"])
def test_format_versions(case):
    policy = rules("salon").policy
    policy["format_version"] = case["format_version"]
    policy["a_key_from_a_newer_minor"] = {"ignored": True}
    text = json.dumps(policy)
    if "error" in case:
        with pytest.raises(handoff.RulesError) as raised:
            handoff.Policy.from_json(text)
        assert str(raised.value) == case["error"]
        assert raised.value.diagnostics == []
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = handoff.Policy.from_json(text)
    assert [str(w.message) for w in caught] == ([case["warning"]] if "warning" in case else [])
    assert all(w.category is handoff.FormatWarning for w in caught)
    assert loaded.route("Do you have time on Friday?").topic == "booking"


@pytest.mark.parametrize("case", CASES["route"], ids=ids("message"))
def test_decisions_compare_pickle_and_serialise(case):
    decision = rules(case["rules"]).route(case["message"])
    again = rules(case["rules"]).route(case["message"])
    assert decision == again
    other = {**decision.to_dict(), "handoff": not decision.handoff}
    assert decision != handoff.Decision.from_dict(other)
    assert pickle.loads(pickle.dumps(decision)) == decision
    assert handoff.Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision


@pytest.mark.parametrize("case", CASES["check_reply"], ids=ids("reply"))
def test_verdicts_compare_pickle_and_serialise(case):
    verdict = rules(case["rules"]).check_reply(case["reply"], topic=case["topic"])
    assert verdict == rules(case["rules"]).check_reply(case["reply"], topic=case["topic"])
    assert pickle.loads(pickle.dumps(verdict)) == verdict
    assert handoff.Verdict.from_dict(json.loads(json.dumps(verdict.to_dict()))) == verdict
    with pytest.raises(ValueError, match="it must have the keys ok, broken"):
        handoff.Verdict.from_dict({"ok": True})
