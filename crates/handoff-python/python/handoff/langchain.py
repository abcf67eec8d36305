"""The rules in a LangChain agent (`pip install "langchain>=1"`).

    agent = create_agent(model, tools, system_prompt=policy.prompt(),
                         middleware=[handoff.langchain.HandoffMiddleware(policy)])

Before the agent runs, the middleware routes the customer's latest message;
when a person must take over it ends the run at once with `handoff_message`
(the model is never called) and records the decision in the state's
`handoff` key. After the agent, it checks the reply; a reply that breaks a
`never promise` or `must not` rule is replaced by `held_message`, and the
verdict and the held reply go into `handoff`, so the runtime hands the
conversation to a person instead of sending the reply.
"""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import AgentMiddleware, AgentState, hook_config
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from typing_extensions import NotRequired

from handoff._handoff import Policy

HANDOFF_MESSAGE = "Thank you. A person from our team will take over this conversation."
HELD_MESSAGE = "Thank you. A colleague will check this and get back to you."


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
        handoff_message: str = HANDOFF_MESSAGE,
        held_message: str = HELD_MESSAGE,
    ) -> None:
        super().__init__()
        self.policy = policy
        self.handoff_message = handoff_message
        self.held_message = held_message

    @hook_config(can_jump_to=["end"])
    def before_agent(self, state: HandoffState, runtime: Any) -> dict[str, Any] | None:
        messages = customer_messages(state["messages"])
        decision = self.policy.route(messages[-1] if messages else "")
        if not decision.handoff:
            # A new turn: what stopped an earlier reply no longer applies.
            return {"handoff": None}
        return {
            "messages": [AIMessage(content=self.handoff_message)],
            "handoff": {"by": "route", "decision": decision.to_dict()},
            "jump_to": "end",
        }

    def after_agent(self, state: HandoffState, runtime: Any) -> dict[str, Any] | None:
        if state.get("handoff"):
            return None
        reply = next(
            (m for m in reversed(state["messages"]) if isinstance(m, AIMessage)),
            None,
        )
        if reply is None or reply.tool_calls:
            return None
        verdict = self.policy.check_reply(reply.text, topic=self.topic(state["messages"]))
        if verdict.ok:
            return None
        return {
            # The same id replaces the reply in the conversation.
            "messages": [AIMessage(id=reply.id, content=self.held_message)],
            "handoff": {
                "by": "check_reply",
                "verdict": verdict.to_dict(),
                "held_reply": reply.text,
            },
        }

    def topic(self, messages: list[AnyMessage]) -> str | None:
        """The topic of the latest customer message that has one."""
        for message in reversed(customer_messages(messages)):
            topic = self.policy.route(message).topic
            if topic is not None:
                return topic
        return None


def customer_messages(messages: list[AnyMessage]) -> list[str]:
    return [m.text for m in messages if isinstance(m, HumanMessage)]
