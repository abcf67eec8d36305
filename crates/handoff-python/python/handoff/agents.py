"""The rules in the OpenAI Agents SDK (`pip install openai-agents`).

    rules = handoff.agents.Rules(policy)
    agent = Agent(name="Salon Lina", model=..., **rules.agent_options())

`agent_options()` gives the agent the rules' prompt, the `handoff_to_human`
tool (the policy's strict schema; every call is checked with
`Policy.check_handoff`, and a call without the topic's fields is answered
with what is missing, so the model asks the customer), a behaviour that ends
the run at a handoff the check accepts, an input guardrail that trips when the router hands the message off, and an
output guardrail that trips when the reply breaks a `never promise` or a
`must not` rule. `Runner.run` then raises `InputGuardrailTripwireTriggered`
or `OutputGuardrailTripwireTriggered`, whose
`guardrail_result.output.output_info` is the `Decision` or the `Verdict`;
a run that calls the tool ends there, and `handoff_request(final_output)`
gives the tool's arguments (None for a reply to send).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from agents import (
    Agent,
    FunctionTool,
    GuardrailFunctionOutput,
    InputGuardrail,
    OutputGuardrail,
    RunContextWrapper,
    ToolsToFinalOutputResult,
)
from agents.tool import FunctionToolResult

from handoff._handoff import Decision, Policy, Recorder

TOOL_NAME = "handoff_to_human"

#: What `handoff_to_human` receives: the topic, the collected fields by
#: argument name, and the summary for the person who takes over.
HandoffCallback = Callable[[dict[str, Any]], Any | Awaitable[Any]]


class Rules:
    """A policy's rules as the Agents SDK's tools, guardrails and behaviour."""

    def __init__(
        self,
        policy: Policy,
        on_handoff: HandoffCallback | None = None,
        *,
        recorder: Recorder | None = None,
    ) -> None:
        """`on_handoff` is called with the tool's arguments when the model
        hands off (to pass the thread to a person, say); what it returns is
        the request's `result`. With a `recorder` (`policy.recorder(path)`),
        the guardrails log each customer message: handed off by the router,
        handed off by the model, or answered with the guard's verdict."""
        self.policy = policy
        self.on_handoff = on_handoff
        self.recorder = recorder

    def agent_options(self) -> dict[str, Any]:
        """Keyword arguments for `Agent(...)`: instructions, tools,
        tool_use_behavior and both guardrails."""
        return {
            "instructions": self.policy.prompt(),
            "tools": [self.handoff_tool()],
            "tool_use_behavior": self.stop_at_handoff(),
            "input_guardrails": [self.input_guardrail()],
            "output_guardrails": [self.output_guardrail()],
        }

    def handoff_tool(self) -> FunctionTool:
        """`handoff_to_human`, with the policy's strict argument schema. A
        call the schema does not allow (a topic the rules lack, a field
        missing or of the wrong type, no summary) hands nothing off: the
        model gets `check_handoff`'s reply, which says what to ask for."""
        function = self.policy.tool("openai_strict")["function"]

        async def invoke(_context: Any, arguments: str) -> str:
            check = self.policy.check_handoff(arguments)
            if not check["ok"]:
                return check["reply"]
            request: dict[str, Any] = {"arguments": json.loads(arguments)}
            if self.on_handoff is not None:
                result = self.on_handoff(request["arguments"])
                if isinstance(result, Awaitable):
                    result = await result
                request["result"] = result
            # The SDK makes a tool's output text; JSON keeps it readable.
            return json.dumps({TOOL_NAME: request}, ensure_ascii=False, default=str)

        return FunctionTool(
            name=function["name"],
            description=function["description"],
            params_json_schema=function["parameters"],
            on_invoke_tool=invoke,
            strict_json_schema=True,
        )

    @staticmethod
    def stop_at_handoff() -> Callable[..., ToolsToFinalOutputResult]:
        """Ends the run at a `handoff_to_human` call that handed off: a
        person answers next, not the model. A refused call does not end it,
        so the model reads what is missing and asks the customer."""

        def stop(
            _context: RunContextWrapper[Any], results: list[FunctionToolResult]
        ) -> ToolsToFinalOutputResult:
            for result in results:
                if result.tool.name == TOOL_NAME and handoff_request(result.output) is not None:
                    return ToolsToFinalOutputResult(is_final_output=True, final_output=result.output)
            return ToolsToFinalOutputResult(is_final_output=False, final_output=None)

        return stop

    def input_guardrail(self) -> InputGuardrail[Any]:
        """Trips when the router hands the customer's latest message off.
        It runs before the model, so a handed-off message costs no call."""

        def route(
            _context: RunContextWrapper[Any], _agent: Agent[Any], items: Any
        ) -> GuardrailFunctionOutput:
            message = latest_customer_message(items)
            decision = self.policy.route(message)
            if decision.handoff and self.recorder is not None and message:
                self.recorder.record(message, decision=decision)
            return GuardrailFunctionOutput(output_info=decision, tripwire_triggered=decision.handoff)

        return InputGuardrail(guardrail_function=route, name="handoff_route", run_in_parallel=False)

    def output_guardrail(self) -> OutputGuardrail[Any]:
        """Trips when the reply breaks a `never promise` rule, or a `must not`
        rule of the conversation's topic (the topic of the latest customer
        message that has one)."""

        def check(
            context: RunContextWrapper[Any], _agent: Agent[Any], output: Any
        ) -> GuardrailFunctionOutput:
            message = latest_customer_message(context.turn_input)
            if handoff_request(output) is not None:
                # The run stopped at the handoff: nothing goes to the customer.
                if self.recorder is not None and message:
                    self.recorder.record(message, handed_off=True)
                return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)
            # One version of the rules for the topic and the check, even if
            # they are reloaded meanwhile.
            policy = self.policy.snapshot()
            topic = conversation_topic(policy, context.turn_input)
            verdict = policy.check_reply(str(output), topic=topic)
            if self.recorder is not None and message:
                self.recorder.record(message, reply=str(output), verdict=verdict)
            return GuardrailFunctionOutput(output_info=verdict, tripwire_triggered=not verdict.ok)

        return OutputGuardrail(guardrail_function=check, name="handoff_check_reply")


def handoff_request(final_output: Any) -> dict[str, Any] | None:
    """What a run that stopped at `handoff_to_human` ended with:
    `{"arguments": {"details": ..., "summary": ...}, "result": ...}` (the
    result of `on_handoff`, when given); None for a reply to send."""
    if not isinstance(final_output, str) or not final_output.startswith("{"):
        return None
    try:
        parsed = json.loads(final_output)
    except ValueError:
        return None
    if isinstance(parsed, dict) and set(parsed) == {TOOL_NAME}:
        return parsed[TOOL_NAME]
    return None


def customer_messages(items: str | Sequence[Any]) -> list[str]:
    """The customer's messages in an agent's input, oldest first."""
    if isinstance(items, str):
        return [items]
    messages = []
    for item in items:
        if isinstance(item, dict) and item.get("role") == "user":
            messages.append(_text(item.get("content")))
    return messages


def latest_customer_message(items: str | Sequence[Any]) -> str:
    messages = customer_messages(items)
    return messages[-1] if messages else ""


def conversation_topic(policy: Policy, items: str | Sequence[Any]) -> str | None:
    """The topic of the latest customer message that has one: "Friday at
    five?" after "I want to book" is still about booking."""
    for message in reversed(customer_messages(items)):
        decision: Decision = policy.route(message)
        if decision.topic is not None:
            return decision.topic
    return None


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part.get("text", "") for part in content if isinstance(part, dict) and "text" in part
        )
    return ""
