"""A salon's chat runtime on the OpenAI Agents SDK, with the salon's rules.

One customer message in, one of two outcomes out: a reply to send, or a
handoff to a person with the topic and the fields the rules ask for. The
rules decide three times: before the model (route the message), at the
model's `handoff_to_human` call (the run stops there), and after the model
(check the reply). Run it with OPENAI_API_KEY set:

    python examples/runtime/python_agents_sdk.py "Do you have time on Friday?"

The package's tests run the same functions offline with a scripted model.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from agents import (
    Agent,
    InputGuardrailTripwireTriggered,
    Model,
    OutputGuardrailTripwireTriggered,
    Runner,
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
        return {"handoff": {"by": "rules", "topic": decision.topic,
                            "collect": [f["name"] for f in decision.collect],
                            "reasons": decision.reasons}}
    except OutputGuardrailTripwireTriggered as stop:
        # The reply breaks a rule: it is not sent, a person answers instead.
        verdict = stop.guardrail_result.output.output_info
        return {"handoff": {"by": "reply check", "broken": verdict.broken}}
    request = handoff_request(result.final_output)
    if request is not None:
        # The model called handoff_to_human: the run stopped at the tool, and
        # its arguments are the topic, the collected fields and a summary.
        return {"handoff": {"by": "model", **request["arguments"]}}
    return {"send": result.final_output}


def main() -> None:
    agent = build_agent(handoff.Policy.from_file(RULES))
    outcome = asyncio.run(answer(agent, " ".join(sys.argv[1:]) or "Hi!"))
    print(json.dumps(outcome, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
