"""The rules in a LangChain agent (`pip install "langchain>=1"`).

    agent = create_agent(model, tools, system_prompt=policy.prompt(),
                         middleware=[handoff.langchain.HandoffMiddleware(policy)])

Before the agent runs, the middleware routes the customer's latest message;
when a person must take over it ends the run at once with `handoff_message`
(a text, or a function of the handoff record that returns one; the model
is never called) and records the decision in the state's
`handoff` key. After the agent, it checks the reply; a reply that breaks a
`never promise` or `must not` rule is replaced by `held_message`, and the
verdict and the held reply go into `handoff` (`held_message` may be a
function of that record too), so the runtime hands the
conversation to a person instead of sending the reply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware, AgentState, hook_config
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from typing_extensions import NotRequired

from handoff._handoff import Policy, Recorder

HANDOFF_MESSAGE = "Thank you. A person from our team will take over this conversation."
HELD_MESSAGE = "Thank you. A colleague will check this and get back to you."

#: What the customer sees: a text, or a function of the `handoff` record
#: (`{"by": "route", ...}` or `{"by": "check_reply", ...}`) that returns one,
#: to answer in the customer's language or name the topic.
Message = str | Callable[[dict[str, Any]], str]


class HandoffState(AgentState):
    """The agent's state, with what stopped the reply, if anything:
    `{"by": "route", "decision": {...}}` or
    `{"by": "check_reply", "verdict": {...}, "held_reply": "..."}`."""

    handoff: NotRequired[dict[str, Any] | None]


class HandoffMiddleware(AgentMiddleware[HandoffState]):
    """Routes each customer message and checks each reply with the rules."""

    state_schema = HandoffState

    def __init__(
        self,
        policy: Policy,
        *,
        handoff_message: Message = HANDOFF_MESSAGE,
        held_message: Message = HELD_MESSAGE,
        recorder: Recorder | None = None,
    ) -> None:
        """With a `recorder` (`policy.recorder(path)`), each customer
        message is logged: handed off by the router, or answered with the
        guard's verdict on the reply."""
        super().__init__()
        self.policy = policy
        self.handoff_message = handoff_message
        self.held_message = held_message
        self.recorder = recorder

    @hook_config(can_jump_to=["end"])
    def before_agent(self, state: HandoffState, runtime: Any) -> dict[str, Any] | None:
        messages = customer_messages(state["messages"])
        message = messages[-1] if messages else ""
        decision = self.policy.route(message)
        if not decision.handoff:
            # A new turn: what stopped an earlier reply no longer applies.
            return {"handoff": None}
        if self.recorder is not None and message:
            self.recorder.record(message, decision=decision)
        handoff = {"by": "route", "decision": decision.to_dict()}
        return {
            "messages": [AIMessage(content=_say(self.handoff_message, handoff))],
            "handoff": handoff,
            "jump_to": "end",
        }

    def after_agent(self, state: HandoffState, runtime: Any) -> dict[str, Any] | None:
        if state.get("handoff"):
            return None
        reply = next(
            (m for m in reversed(state["messages"]) if isinstance(m, AIMessage)),
            None,
        )
        if reply is None:
            return None
        if reply.tool_calls:
            messages = customer_messages(state["messages"])
            if self.recorder is not None and messages:
                handed_off = any(c.get("name") == "handoff_to_human" for c in reply.tool_calls)
                self.recorder.record(messages[-1], handed_off=handed_off)
            return None
        # One version of the rules for the topic and the check, even if
        # they are reloaded meanwhile.
        policy = self.policy.snapshot()
        verdict = policy.check_reply(reply.text, topic=self.topic(state["messages"], policy))
        messages = customer_messages(state["messages"])
        if self.recorder is not None and messages:
            self.recorder.record(messages[-1], reply=reply.text, verdict=verdict)
        if verdict.ok:
            return None
        handoff = {"by": "check_reply", "verdict": verdict.to_dict(), "held_reply": reply.text}
        return {
            # The same id replaces the reply in the conversation.
            "messages": [AIMessage(id=reply.id, content=_say(self.held_message, handoff))],
            "handoff": handoff,
        }

    def topic(self, messages: list[AnyMessage], policy: Policy | None = None) -> str | None:
        """The topic of the latest customer message that has one."""
        for message in reversed(customer_messages(messages)):
            topic = (policy or self.policy).route(message).topic
            if topic is not None:
                return topic
        return None


def customer_messages(messages: list[AnyMessage]) -> list[str]:
    return [m.text for m in messages if isinstance(m, HumanMessage)]


def _say(message: Message, handoff: dict[str, Any]) -> str:
    return message(handoff) if callable(message) else message
