"""A salon's chat runtime on LangChain 1, with the salon's rules.

`HandoffMiddleware` routes each customer message before the agent runs (a
message the rules hand off ends the run with a handoff message, without a
model call) and checks the reply after it (a reply that breaks a rule is
replaced and held back). The state's `handoff` key says what stopped the
reply, for the runtime to pass the conversation to a person. Run it with
OPENAI_API_KEY set and `langchain-openai` installed:

    python examples/runtime/python_langchain.py "Do you have time on Friday?"

The package's tests run the same functions offline with a fake chat model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel

import handoff
from handoff.langchain import HandoffMiddleware

RULES = Path(__file__).resolve().parent.parent / "salon.handoff"


def build_agent(policy: handoff.Policy, model: str | BaseChatModel = "openai:gpt-4.1-mini") -> Any:
    """The agent: the rules' prompt and the middleware that enforces them."""
    return create_agent(model, tools=[], system_prompt=policy.prompt(),
                        middleware=[HandoffMiddleware(policy)])


def answer(agent: Any, message: str) -> dict[str, Any]:
    """`{"send": reply}` or `{"handoff": {...}, "send": what the customer sees}`."""
    state = agent.invoke({"messages": [{"role": "user", "content": message}]})
    outcome: dict[str, Any] = {"send": state["messages"][-1].text}
    if state.get("handoff"):
        outcome["handoff"] = state["handoff"]
    return outcome


def main() -> None:
    policy = handoff.Policy.from_file(RULES)
    agent = build_agent(policy)
    outcome = answer(agent, " ".join(sys.argv[1:]) or "Hi!")
    print(json.dumps(outcome, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
