"""A salon's chat runtime on LangChain 1, with the salon's rules.

`HandoffMiddleware` routes each customer message before the agent runs (a
message the rules hand off ends the run with a handoff message, without a
model call) and checks the reply after it (a reply that breaks a rule is
replaced and held back). The state's `handoff` key says what stopped the
reply, for the runtime to pass the conversation to a person.

    python python_langchain.py [--offline] [RULES.handoff] [MESSAGE]

RULES is read from the working directory (default: the salon's rules beside
this file). With OPENAI_API_KEY set (and `langchain-openai` installed) it
asks gpt-4.1-mini about MESSAGE; without it, or with --offline, it plays its
own conversations with langchain-core's fake chat model, so it runs
anywhere (`pip install "handoff-rules[langchain]"`).
"""

from __future__ import annotations

import os
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
                        middleware=[HandoffMiddleware(policy, handoff_message=handoff_message)])


def handoff_message(record: dict[str, Any]) -> str:
    """What the customer sees when the rules hand off: it names what the
    person who takes over will ask for."""
    fields = [f["name"] for f in record["decision"]["collect"]]
    ask = f" They will ask for: {', '.join(fields)}." if fields else ""
    return f"Thank you. A person from our team will take over this conversation.{ask}"


def answer(agent: Any, message: str) -> dict[str, Any]:
    """`{"send": reply}` or `{"handoff": {...}, "send": what the customer sees}`."""
    state = agent.invoke({"messages": [{"role": "user", "content": message}]})
    outcome: dict[str, Any] = {"send": state["messages"][-1].text}
    if state.get("handoff"):
        outcome["handoff"] = state["handoff"]
    return outcome


#: The fake model's reply to each customer message it plays (None: the
#: rules hand the message off, and the model is never asked).
SCRIPT = {
    "Do you have time on Friday?": "We have 10:00 and 14:00 free on Friday.",
    "can i get a discont if i book two??": None,
    "Can I book Friday at ten?": "Good news: I can give you 20% off on Friday.",
}


def show(message: str, outcome: dict[str, Any]) -> None:
    print(f"customer: {message}")
    stopped = outcome.get("handoff")
    if stopped and stopped["by"] == "route":
        print(f"  handoff:  by the rules, topic {stopped['decision']['topic']}")
    elif stopped:
        broken = ", ".join(f"{b['rule']} {b['phrase']}" for b in stopped["verdict"]["broken"])
        print(f"  held:     {stopped['held_reply']!r} breaks {broken}")
    print(f"  send:     {outcome['send']}")


def play(policy: handoff.Policy, messages: list[str]) -> None:
    """Each message with its own fake model, offline."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    for message in messages:
        reply = SCRIPT.get(message) or "Let me check that for you."
        model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
        show(message, answer(build_agent(policy, model), message))


def main(argv: list[str]) -> None:
    offline = "--offline" in argv or not os.environ.get("OPENAI_API_KEY")
    args = [a for a in argv if a != "--offline"]
    rules = Path(args.pop(0)) if args and args[0].endswith(".handoff") else RULES
    policy = handoff.Policy.from_file(rules.resolve())
    message = " ".join(args)
    if offline:
        play(policy, [message] if message else list(SCRIPT))
    else:
        show(message or "Hi!", answer(build_agent(policy), message or "Hi!"))


if __name__ == "__main__":
    main(sys.argv[1:])
