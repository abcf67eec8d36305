"""handoff.agents in a real OpenAI Agents SDK run, with a scripted model:
examples/runtime/python_agents_sdk.py, offline."""

import asyncio
import json

import pytest
from agents import (
    Agent,
    InputGuardrailTripwireTriggered,
    OutputGuardrailTripwireTriggered,
    Runner,
    set_tracing_disabled,
)
from agents.strict_schema import ensure_strict_json_schema
from agents.testing import ScriptedModel, assistant_message, function_call
from conftest import load_example

from handoff.agents import Rules, conversation_topic, handoff_request

example = load_example("python_agents_sdk")

# Offline: no trace export.
set_tracing_disabled(True)


def run(salon, model, message):
    agent = example.build_agent(salon, model)
    return asyncio.run(example.answer(agent, message))


def test_a_message_the_rules_hand_off_trips_the_input_guardrail(salon):
    model = ScriptedModel([[assistant_message("Sure, 20% off!")]])
    outcome = run(salon, model, "can i get a discont if i book two??")
    assert outcome["handoff"]["by"] == "route"
    assert outcome["handoff"]["topic"] == "booking"
    assert outcome["handoff"]["collect"] == ["day", "party size"]
    # The guardrail runs before the model: the model was never asked.
    assert model.calls == ()


def test_the_tripwire_carries_the_decision(salon):
    agent = Agent(name="t", model=ScriptedModel([]), **Rules(salon).agent_options())
    with pytest.raises(InputGuardrailTripwireTriggered) as raised:
        asyncio.run(Runner.run(agent, "Jag är besviken på klippningen"))
    decision = raised.value.guardrail_result.output.output_info
    assert (decision.topic, decision.handoff) == ("complaint", True)


def test_a_reply_that_promises_a_discount_trips_the_output_guardrail(salon):
    model = ScriptedModel([[assistant_message("Good news: I can give you 20% off on Friday.")]])
    outcome = run(salon, model, "Do you have time on Friday?")
    (broken,) = outcome["handoff"]["broken"]
    assert (broken["rule"], broken["phrase"]) == ("never promise", "discount")
    assert outcome["handoff"]["by"] == "check_reply"


def test_a_must_not_of_the_topic_trips_the_output_guardrail(salon):
    model = ScriptedModel([[assistant_message("Your booking is confirmed for Friday!")]])
    outcome = run(salon, model, "Do you have time on Friday?")
    assert [(b["rule"], b["phrase"], b["topic"]) for b in outcome["handoff"]["broken"]] == [
        ("must not", "confirm", "booking")
    ]


def test_a_harmless_reply_is_sent(salon):
    model = ScriptedModel([[assistant_message("We have 10:00 and 14:00 free on Friday.")]])
    outcome = run(salon, model, "Do you have time on Friday?")
    assert outcome == {"send": "We have 10:00 and 14:00 free on Friday."}


def test_a_handoff_tool_call_stops_the_run_with_the_tools_output(salon):
    arguments = {
        "details": {"topic": "booking", "day": "Friday", "party_size": 2},
        "summary": "Wants Friday for two and asks about a group price.",
    }
    model = ScriptedModel([
        [function_call("handoff_to_human", arguments, call_id="call_1")],
        [assistant_message("never reached")],
    ])
    outcome = run(salon, model, "Do you have time on Friday?")
    assert outcome == {"handoff": {"by": "model", **arguments}}
    # StopAtTools: the model is not called again after the handoff.
    assert model.remaining_steps == 1


def test_on_handoff_receives_the_arguments(salon):
    seen = []

    async def passed(arguments):
        seen.append(arguments)
        return "passed to the inbox"

    agent = Agent(
        name="t",
        model=ScriptedModel([[function_call(
            "handoff_to_human",
            {"details": {"topic": None}, "summary": "Unclear request."},
            call_id="c",
        )]]),
        **Rules(salon, on_handoff=passed).agent_options(),
    )
    result = asyncio.run(Runner.run(agent, "Do you have time on Friday?"))
    arguments = {"details": {"topic": None}, "summary": "Unclear request."}
    assert handoff_request(result.final_output) == {
        "arguments": arguments,
        "result": "passed to the inbox",
    }
    assert seen == [arguments]


def test_a_handoff_summary_is_not_checked_as_a_reply(salon):
    arguments = {
        "details": {"topic": "booking", "day": "Friday", "party_size": 2},
        "summary": "Asks whether we can give 20% off for two.",
    }
    model = ScriptedModel([[function_call("handoff_to_human", arguments, call_id="c")]])
    outcome = run(salon, model, "Do you have time on Friday?")
    assert outcome == {"handoff": {"by": "model", **arguments}}


def test_a_reply_is_no_handoff_request():
    assert handoff_request("We open at nine.") is None
    assert handoff_request('{"details": {}}') is None
    assert handoff_request("{not json") is None


def test_the_tool_schema_is_already_strict_for_the_sdk(salon):
    tool = Rules(salon).handoff_tool()
    assert tool.strict_json_schema
    assert ensure_strict_json_schema(tool.params_json_schema) == tool.params_json_schema


def test_the_conversation_topic_is_the_latest_message_that_has_one(salon):
    items = [
        {"role": "user", "content": "I want to book"},
        {"role": "assistant", "content": "When?"},
        {"role": "user", "content": [{"type": "input_text", "text": "Friday at five"}]},
    ]
    assert conversation_topic(salon, items) == "booking"
    assert conversation_topic(salon, "asdf") is None


def test_a_handoff_without_the_topics_fields_is_refused_and_the_model_asks(salon):
    seen = []
    incomplete = {"details": {"topic": "booking", "day": "Friday"}, "summary": "Wants Friday."}
    model = ScriptedModel([
        [function_call("handoff_to_human", incomplete, call_id="c1")],
        [assistant_message("How many people is the booking for?")],
    ])
    agent = Agent(name="t", model=model, **Rules(salon, on_handoff=seen.append).agent_options())
    result = asyncio.run(Runner.run(agent, "I want to book on Friday"))
    # Nothing was handed off, and the run went on to the model's question.
    assert seen == []
    assert result.final_output == "How many people is the booking for?"
    assert handoff_request(result.final_output) is None
    # The model read what is missing, as the tool's output.
    (told,) = [i.output for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]
    assert told == salon.check_handoff(incomplete)["reply"]
    assert "party size is missing: ask the customer for it." in told


def test_a_handoff_to_a_topic_the_rules_lack_is_refused(salon):
    wrong = {"details": {"topic": "custom-order"}, "summary": "A custom order."}
    model = ScriptedModel([
        [function_call("handoff_to_human", wrong, call_id="c1")],
        [function_call("handoff_to_human", {"details": {"topic": None}, "summary": "A custom order."}, call_id="c2")],
    ])
    agent = Agent(name="t", model=model, **Rules(salon).agent_options())
    result = asyncio.run(Runner.run(agent, "Do you have time on Friday?"))
    assert handoff_request(result.final_output)["arguments"]["details"] == {"topic": None}
    assert model.remaining_steps == 0


def test_with_a_recorder_every_message_is_logged(salon, tmp_path):
    log = tmp_path / "log.jsonl"
    rules = Rules(salon, recorder=salon.recorder(log, channel="web"))
    replies = [
        [assistant_message("Good news: I can give you 20% off on Friday.")],
        [assistant_message("We have 10:00 and 14:00 free on Friday.")],
    ]
    agent = Agent(name="t", model=ScriptedModel(replies), **rules.agent_options())
    with pytest.raises(InputGuardrailTripwireTriggered):
        asyncio.run(Runner.run(agent, "Jag är besviken på klippningen"))
    for message in ["Do you have time on Friday?", "Do you have time on Friday?"]:
        try:
            asyncio.run(Runner.run(agent, message))
        except OutputGuardrailTripwireTriggered:  # the discount is held back
            pass
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["topic"], r["handed_off"], [h["phrase"] for h in r["held"]]) for r in records] == [
        ("complaint", True, []),
        ("booking", True, ["discount"]),
        ("booking", False, []),
    ]
    assert records[2]["answer"] == "We have 10:00 and 14:00 free on Friday."
    assert {r["channel"] for r in records} == {"web"}
