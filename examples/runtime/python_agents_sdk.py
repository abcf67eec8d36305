"""A salon's chat runtime on the OpenAI Agents SDK, with the salon's rules.

One customer message in, one of two outcomes out: a reply to send, or a
handoff to a person with the topic and the fields the rules ask for. The
rules decide three times: before the model (route the message), at the
model's `handoff_to_human` call (checked: a call without the topic's fields
is answered with what is missing; one with them stops the run), and after
the model (check the reply).

    python python_agents_sdk.py [--offline] [RULES.handoff] [MESSAGE]

RULES is read from the working directory (default: the salon's rules beside
this file). With OPENAI_API_KEY set it asks gpt-4.1-mini about MESSAGE;
without it, or with --offline, it plays its own conversations with the SDK's
scripted model, so it runs anywhere (`pip install "handoff-rules[agents]"`).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from agents import (
    Agent,
    InputGuardrailTripwireTriggered,
    Model,
    OutputGuardrailTripwireTriggered,
    Runner,
    set_tracing_disabled,
)

import handoff
from handoff.agents import Rules, handoff_request

RULES = Path(__file__).resolve().parent.parent / "salon.handoff"


def build_agent(policy: handoff.Policy, model: str | Model = "gpt-4.1-mini") -> Agent[Any]:
    """The agent: the rules' prompt, tool, stop-at-handoff and guardrails."""
    return Agent(name="Salon Lina", model=model, **Rules(policy).agent_options())


async def answer(agent: Agent[Any], message: str) -> dict[str, Any]:
    """`{"send": reply}` or `{"handoff": {...}}` for one customer message."""
    try:
        result = await Runner.run(agent, message)
    except InputGuardrailTripwireTriggered as stop:
        # The rules hand this message off: the model was never called.
        decision = stop.guardrail_result.output.output_info
        return {"handoff": {"by": "route", "topic": decision.topic,
                            "collect": [f["name"] for f in decision.collect],
                            "reasons": decision.reasons}}
    except OutputGuardrailTripwireTriggered as stop:
        # The reply breaks a rule: it is not sent, a person answers instead.
        verdict = stop.guardrail_result.output.output_info
        return {"handoff": {"by": "check_reply", "broken": verdict.broken}}
    request = handoff_request(result.final_output)
    if request is not None:
        # The model called handoff_to_human with every field the topic
        # collects: the run stopped at the tool.
        return {"handoff": {"by": "model", **request["arguments"]}}
    return {"send": result.final_output}


def script() -> dict[str, list[list[Any]]]:
    """The scripted model's turns for each customer message it plays."""
    from agents.testing import assistant_message, function_call

    def hand_off(**details: Any) -> Any:
        summary = "Wants to book on Friday."
        return function_call("handoff_to_human", {"details": details, "summary": summary}, call_id="call-1")

    return {
        "Do you have time on Friday?": [
            [assistant_message("We have 10:00 and 14:00 free on Friday.")],
        ],
        # Routed to a person: the model is never asked.
        "can i get a discont if i book two??": [],
        "Can I book Friday at ten?": [
            [assistant_message("Your booking is confirmed for Friday!")],
        ],
        # The first call lacks the party size: the tool says so, and the
        # model asks the customer.
        "I want to book on Friday": [
            [hand_off(topic="booking", day="Friday")],
            [assistant_message("Of course. How many people is the booking for?")],
        ],
        "I want to book on Friday for two": [
            [hand_off(topic="booking", day="Friday", party_size=2)],
        ],
    }


def show(message: str, outcome: dict[str, Any]) -> None:
    print(f"customer: {message}")
    if "send" in outcome:
        print(f"  send:     {outcome['send']}")
        return
    handoff_ = outcome["handoff"]
    if handoff_["by"] == "route":
        print(f"  handoff:  by the rules, topic {handoff_['topic']}, "
              f"collect {', '.join(handoff_['collect']) or 'nothing'}")
    elif handoff_["by"] == "check_reply":
        broken = ", ".join(f"{b['rule']} {b['phrase']}" for b in handoff_["broken"])
        print(f"  handoff:  reply held back, it breaks {broken}")
    else:
        print(f"  handoff:  by the model, {handoff_['details']}: {handoff_['summary']}")


async def play(policy: handoff.Policy, messages: list[str]) -> None:
    """Each message with its own scripted model, offline."""
    from agents.testing import ScriptedModel

    set_tracing_disabled(True)
    turns = script()
    for message in messages:
        model = ScriptedModel(turns.get(message, [[]]))
        show(message, await answer(build_agent(policy, model), message))


def main(argv: list[str]) -> None:
    offline = "--offline" in argv or not os.environ.get("OPENAI_API_KEY")
    args = [a for a in argv if a != "--offline"]
    rules = Path(args.pop(0)) if args and args[0].endswith(".handoff") else RULES
    policy = handoff.Policy.from_file(rules.resolve())
    message = " ".join(args)
    if offline:
        asyncio.run(play(policy, [message] if message else list(script())))
    else:
        outcome = asyncio.run(answer(build_agent(policy), message or "Hi!"))
        show(message or "Hi!", outcome)


if __name__ == "__main__":
    main(sys.argv[1:])
