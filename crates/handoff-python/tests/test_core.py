"""The core API: compile, route, check a reply, prompt, tool, errors."""

import json
import re
import sysconfig
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

import handoff

# LANGUAGE.md's table of replies, under its rules.
GUARDED = """\
business "Test"
never promise price, discount, refund, delivery date
topic booking:
  about book
  must not confirm
  handoff when discount
  collect day
test "book" -> booking
"""


def test_the_package_is_the_installed_wheel():
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(handoff.__file__).resolve().is_relative_to(installed)
    assert not Path(handoff.__file__).resolve().is_relative_to(ROOT / "crates")


def test_the_version_is_the_crates():
    cargo = (ROOT / "Cargo.toml").read_text()
    assert f'version = "{handoff.__version__}"' in cargo


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.handoff")), ids=lambda p: p.stem)
def test_every_example_test_line_routes_as_it_expects(path):
    policy = handoff.Policy.from_file(path)
    tests = policy.policy["tests"]
    assert tests
    for test in tests:
        decision = policy.route(test["message"])
        expect = test["expect"]
        assert decision.handoff == expect["handoff"], test
        if expect["topic"] is not None or not expect["handoff"]:
            assert decision.topic == expect["topic"], test


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.handoff")), ids=lambda p: p.stem)
def test_every_example_reply_test_is_checked_as_it_expects(path):
    policy = handoff.Policy.from_file(path)
    tests = policy.policy["reply_tests"]
    assert tests
    for test in tests:
        verdict = policy.check_reply(test["reply"], topic=test["topic"])
        if test["breaks"] is None:
            assert verdict.ok, test
        else:
            # `on TOPIC` names a `must not` phrase, otherwise a `never promise`.
            rule = "must not" if test["topic"] else "never promise"
            assert (rule, test["breaks"].lower()) in [
                (b["rule"], b["phrase"].lower()) for b in verdict.broken
            ], test


def test_a_decision_names_every_rule_and_what_to_collect(salon):
    decision = salon.route("can i get a discont if i book two??")
    assert (decision.topic, decision.handoff) == ("booking", True)
    rules = [(r["rule"], r["phrase"]) for r in decision.reasons]
    assert rules == [("about", "book"), ("global_handoff_when", "discount")]
    typo = decision.reasons[1]["matched"][0]
    assert (typo["word"], typo["rule_word"], typo["match"]) == ("discont", "discount", "typo")
    assert [(f["name"], f["type"]) for f in decision.collect] == [
        ("day", "text"),
        ("party size", "number"),
    ]
    assert decision.to_dict()["reasons"] == decision.reasons
    assert repr(decision) == 'Decision(topic="booking", handoff=True)'


def test_an_answered_message_collects_nothing(salon):
    decision = salon.route("Do you have time on Friday?")
    assert (decision.topic, decision.handoff, decision.collect) == ("booking", False, [])


@pytest.mark.parametrize(
    ("reply", "broken"),
    [
        ("A haircut costs 450 kr.", []),
        ("Our prices will change in January.", []),
        ("I can give you 20% off.", [("never promise", "discount")]),
        ("The price will be 450 kr.", [("never promise", "price")]),
        ("You will get a refund.", [("never promise", "refund")]),
        ("It will arrive on Friday.", [("never promise", "delivery date")]),
        ("I can't promise a discount, but a colleague will check.", []),
        ("Your booking is confirmed for Friday!", [("must not", "confirm")]),
    ],
)
def test_replies_are_checked_as_the_language_defines(reply, broken):
    verdict = handoff.Policy.from_source(GUARDED).check_reply(reply, topic="booking")
    assert verdict.ok == (not broken)
    assert [(b["rule"], b["phrase"]) for b in verdict.broken] == broken
    for b in verdict.broken:
        assert reply[b["start"] : b["end"]] == b["piece"]
        assert b["why"]


def test_must_not_is_checked_only_on_its_topic():
    policy = handoff.Policy.from_source(GUARDED)
    assert policy.check_reply("Your booking is confirmed for Friday!").ok
    with pytest.raises(ValueError, match="no topic `bookings`"):
        policy.check_reply("Your booking is confirmed.", topic="bookings")


def test_the_piece_places_count_characters_as_python_does():
    policy = handoff.Policy.from_source(GUARDED)
    reply = "Hej 😊 åäö! I can give you 20% off."
    (broken,) = policy.check_reply(reply).broken
    assert reply[broken["start"] : broken["end"]] == "I can give you 20% off"


def test_a_file_with_errors_raises_rules_error_with_its_diagnostics():
    source = "topic booking:\n  about book\n  may suggest times using calender\n"
    with pytest.raises(handoff.RulesError) as raised:
        handoff.Policy.from_source(source)
    error = raised.value
    assert isinstance(error, ValueError)
    found = [d for d in error.diagnostics if d["severity"] == "error"]
    assert [(d["code"], d["name"], d["line"], d["column"]) for d in found] == [
        ("H005", "unknown-system", 3, 27)
    ]
    assert set(found[0]) == {
        "code", "name", "severity", "message", "line", "column", "end_line", "end_column", "help",
    }
    report = str(error)
    assert "error[H005/unknown-system]" in report
    assert "3 │   may suggest times using calender" in report
    assert report.endswith("Found 1 error and 2 warnings in <source>.")


def test_from_file_applies_the_nearest_handoff_toml(tmp_path):
    rules = tmp_path / "rules.handoff"
    rules.write_text((EXAMPLES / "salon.handoff").read_text() + "topic extra:\n  about extra\n")
    assert [w["name"] for w in handoff.Policy.from_file(rules).warnings] == ["untested-topic"]
    (tmp_path / "handoff.toml").write_text('[lints]\nuntested-topic = "error"\n')
    with pytest.raises(handoff.RulesError) as raised:
        handoff.Policy.from_file(rules)
    assert [d["name"] for d in raised.value.diagnostics] == ["untested-topic"]
    assert str(rules) in str(raised.value)
    (tmp_path / "handoff.toml").write_text('[lints]\nuntested-topic = "allow"\n')
    assert handoff.Policy.from_file(rules).warnings == []


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        handoff.Policy.from_file(tmp_path / "nowhere.handoff")


def test_the_json_policy_round_trips(salon):
    again = handoff.Policy.from_json(salon.to_json())
    assert again.to_json() == salon.to_json()
    assert again.policy == salon.policy == json.loads(salon.to_json())
    message = "I want to cancel today, sorry"
    assert again.route(message).to_dict() == salon.route(message).to_dict()


def test_a_policy_of_another_format_is_refused(salon):
    policy = salon.policy
    policy["format_version"] = "2.0"
    with pytest.raises(ValueError, match=r"format_version: \"2.0\" is not a version this handoff reads \(it reads 1.x\)"):
        handoff.Policy.from_json(json.dumps(policy))
    with pytest.raises(ValueError, match="not a handoff policy"):
        handoff.Policy.from_json("{}")


def test_the_prompt_and_tool_are_the_emitters(salon):
    assert salon.prompt().startswith("# ")
    assert "Salon Lina" in salon.prompt()
    strict = salon.tool("openai_strict")
    assert strict["function"]["strict"] is True
    parameters = strict["function"]["parameters"]
    # OpenAI's strict mode fills arguments in the schema's order.
    assert list(parameters["properties"]) == ["details", "summary"]
    booking = next(
        b for b in parameters["properties"]["details"]["anyOf"]
        if b["properties"]["topic"].get("enum") == ["booking"]
    )
    assert list(booking["properties"]) == ["topic", "day", "party_size"]
    assert salon.tool("anthropic")["name"] == "handoff_to_human"
    assert salon.tool("json-schema")["$schema"].endswith("2020-12/schema")
    assert salon.tool() == salon.tool("openai")
    with pytest.raises(ValueError, match="unknown tool shape `gemini`"):
        salon.tool("gemini")


def test_meta_metadata_renders_the_handoff(salon):
    decision = salon.route("can i get a discont if i book two??")
    text = handoff.meta_metadata(
        decision, {"day": "Friday", "party_size": 2}, "Wants a discount for two."
    )
    assert text.splitlines() == [
        "Handoff: booking",
        'Why: global handoff when "discount" (line 10)',
        "day: Friday",
        "party size: 2",
        "Summary: Wants a discount for two.",
    ]
    missing = handoff.meta_metadata(decision, {"day": "Friday"})
    assert "party size: (not collected)" in missing


def test_meta_metadata_cuts_to_the_limit_in_utf16_units(salon):
    decision = salon.route("Jag är besviken på klippningen")
    long = "😊 " * 3000
    text = handoff.meta_metadata(decision, {"what went wrong": long}, long)
    assert len(text.encode("utf-16-le")) // 2 <= handoff.META_METADATA_LIMIT
    assert text.startswith("Handoff: complaint\n")
    assert text.endswith("the full record is in the log)")
    assert "\ufffd" not in text
    short = handoff.meta_metadata(decision, {"what went wrong": long}, limit=100)
    assert len(short) <= 100
    with pytest.raises(ValueError):
        handoff.meta_metadata(decision, limit=10)


def test_the_adapters_are_not_imported_with_the_core():
    import subprocess
    import sys

    code = "import sys, handoff; print('agents' in sys.modules, 'langchain' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_stubs_name_every_public_method():
    stubs = (Path(handoff.__file__).parent / "_handoff.pyi").read_text()
    for cls in (handoff.Policy, handoff.Decision, handoff.Verdict):
        for name in dir(cls):
            if not name.startswith("_"):
                assert re.search(rf"def {name}\b", stubs), f"{cls.__name__}.{name}"
    assert (Path(handoff.__file__).parent / "py.typed").exists()
