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


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.handoff")), ids=lambda p: p.stem)
def test_run_tests_runs_every_test_line_as_handoff_test_does(path):
    policy = handoff.Policy.from_file(path)
    run = policy.run_tests()
    lines = [t["span"]["line"] for t in policy.policy["tests"]]
    lines += [t["span"]["line"] for t in policy.policy["reply_tests"]]
    assert [r["line"] for r in run["results"]] == lines
    assert all(r["passed"] for r in run["results"]), run["results"]
    assert {r["kind"] for r in run["results"]} == {"message", "reply"}


def test_a_failing_test_says_what_it_expected_and_got():
    policy = handoff.Policy.from_source(
        GUARDED + 'test "the menu" -> booking\ntest reply "You will get a full refund" -> ok\n'
    )
    results = policy.run_tests()["results"]
    failing = [r for r in results if not r["passed"]]
    assert [r["line"] for r in failing] == [9, 10]
    assert failing[0]["expected"] == "booking (answered)"
    assert failing[1]["got"] == "breaks refund"
    assert failing[1]["why"][0].startswith("breaks `never promise refund`")
    gaps = [g["message"] for g in policy.run_tests()["coverage"]]
    assert "`never promise discount` (line 2) is broken by no reply test" in gaps


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


def test_a_missing_file_is_a_file_not_found_error_with_its_path(tmp_path):
    missing = tmp_path / "nowhere.handoff"
    with pytest.raises(FileNotFoundError) as raised:
        handoff.Policy.from_file(missing)
    assert raised.value.filename == str(missing)
    assert str(missing) in str(raised.value)
    with pytest.raises(IsADirectoryError):
        handoff.Policy.from_file(tmp_path)


def test_the_json_policy_round_trips(salon):
    again = handoff.Policy.from_json(salon.to_json())
    assert again.to_json() == salon.to_json()
    assert again.policy == salon.policy == json.loads(salon.to_json())
    message = "I want to cancel today, sorry"
    assert again.route(message).to_dict() == salon.route(message).to_dict()


def test_text_that_is_no_policy_is_a_rules_error():
    with pytest.raises(handoff.RulesError, match="^not a handoff policy: missing field `format_version`"):
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
    assert salon.tool() == salon.tool("openai")


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


def write(path, text):
    # A new file in place of the old, as an editor or a deploy writes it.
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def test_reload_swaps_the_rules_and_a_broken_file_keeps_the_old(tmp_path):
    rules = tmp_path / "rules.handoff"
    write(rules, GUARDED)
    policy = handoff.Policy.from_file(rules)
    before = policy.snapshot()
    assert policy.route("I want to book").topic == "booking"
    # "haircut" is no word of booking's family: only the new rules know it.
    write(rules, GUARDED.replace("about book", "about book, haircut"))
    assert policy.route("I want a haircut").topic is None
    policy.reload()
    assert policy.route("I want a haircut").topic == "booking"
    # A snapshot keeps the rules it was taken with.
    assert before.route("I want a haircut").topic is None

    write(rules, GUARDED + "topic broken\n")
    with pytest.raises(handoff.RulesError) as raised:
        policy.reload()
    assert str(rules) in str(raised.value)
    assert policy.route("I want a haircut").topic == "booking"
    rules.unlink()
    with pytest.raises(FileNotFoundError):
        policy.reload()
    assert policy.route("I want a haircut").topic == "booking"

    other = tmp_path / "other.handoff"
    write(other, GUARDED.replace("booking", "bookings"))
    policy.reload(other)
    assert policy.route("I want to book").topic == "bookings"
    with pytest.raises(ValueError, match="not loaded from a file"):
        handoff.Policy.from_source(GUARDED).reload()


def test_a_reload_is_atomic_for_threads_that_route_meanwhile(tmp_path):
    import threading

    rules = tmp_path / "rules.handoff"
    old, new = GUARDED, GUARDED.replace("booking", "bookings")
    write(rules, old)
    policy = handoff.Policy.from_file(rules)
    seen, stop = set(), threading.Event()

    def route():
        while not stop.is_set():
            seen.add(policy.route("I want to book").topic)

    threads = [threading.Thread(target=route) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for i in range(20):
            write(rules, new if i % 2 == 0 else old)
            policy.reload()
    finally:
        stop.set()
    for thread in threads:
        thread.join()
    # Every call saw one whole version of the rules, old or new.
    assert seen <= {"booking", "bookings"} and seen


def test_route_and_check_reply_take_microseconds(salon):
    import time

    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        salon.route("can i get a discont if i book two??")
    routed = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        salon.check_reply("Good news: I can give you 20% off on Friday.", topic="booking")
    checked = (time.perf_counter() - start) / n
    print(f"route {routed * 1e6:.0f} µs, check_reply {checked * 1e6:.0f} µs")
    # docs/runtime.md: they block a coroutine for microseconds, never a
    # millisecond, even on a busy 2-core machine.
    assert routed < 1e-3 and checked < 1e-3


def test_the_extras_name_the_adapters_libraries():
    from importlib.metadata import metadata

    meta = metadata("handoff-rules")
    assert {"agents", "langchain"} <= set(meta.get_all("Provides-Extra"))
    requires = meta.get_all("Requires-Dist")
    assert any(r.startswith("openai-agents") and "extra == 'agents'" in r for r in requires)
    assert any(r.startswith("langchain") and "extra == 'langchain'" in r for r in requires)


def elf_sections(data: bytes) -> list[str]:
    """The section names of a 64-bit little-endian ELF file."""
    import struct

    (offset,) = struct.unpack_from("<Q", data, 0x28)
    size, count, names = struct.unpack_from("<HHH", data, 0x3A)
    header = lambda i: struct.unpack_from("<IIQQQQ", data, offset + i * size)  # noqa: E731
    strings = header(names)[4]
    found = []
    for i in range(count):
        start = strings + header(i)[0]
        found.append(data[start : data.index(b"\0", start)].decode())
    return found


def test_the_wheels_library_has_no_debug_info():
    library = next(Path(handoff.__file__).parent.glob("_handoff*.so"))
    data = library.read_bytes()
    sections = elf_sections(data)
    assert ".text" in sections
    assert not [s for s in sections if s.startswith(".debug")], sections
    # 25 MB with the release profile's line tables.
    assert len(data) < 8_000_000, f"{len(data)} bytes"


@pytest.mark.parametrize(
    ("example", "args", "expected"),
    [
        # Without OPENAI_API_KEY it plays its script; --offline says so.
        ("python_agents_sdk", ["salon.handoff"], [
            "customer: Do you have time on Friday?",
            "  send:     We have 10:00 and 14:00 free on Friday.",
            "customer: can i get a discont if i book two??",
            "  handoff:  by the rules, topic booking, collect day, party size",
            "customer: Can I book Friday at ten?",
            "  handoff:  reply held back, it breaks must not confirm",
            "customer: I want to book on Friday",
            "  send:     Of course. How many people is the booking for?",
            "customer: I want to book on Friday for two",
            "  handoff:  by the model, {'topic': 'booking', 'day': 'Friday', 'party_size': 2}: Wants to book on Friday.",
        ]),
        ("python_langchain", ["--offline", "salon.handoff"], [
            "customer: Do you have time on Friday?",
            "  send:     We have 10:00 and 14:00 free on Friday.",
            "customer: can i get a discont if i book two??",
            "  handoff:  by the rules, topic booking",
            "  send:     Thank you. A person from our team will take over this conversation. They will ask for: day, party size.",
            "customer: Can I book Friday at ten?",
            "  held:     'Good news: I can give you 20% off on Friday.' breaks never promise discount",
            "  send:     Thank you. A colleague will check this and get back to you.",
        ]),
    ],
)
def test_the_examples_run_offline_with_rules_from_the_working_directory(
    tmp_path, example, args, expected
):
    import os
    import subprocess
    import sys

    (tmp_path / "salon.handoff").write_text((EXAMPLES / "salon.handoff").read_text())
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    script = EXAMPLES / "runtime" / f"{example}.py"
    out = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert out.stdout.splitlines() == expected
