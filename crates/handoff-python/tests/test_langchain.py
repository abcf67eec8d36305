"""handoff.langchain in a real LangChain agent, with a fake chat model:
examples/runtime/python_langchain.py, offline."""

import json

from conftest import load_example
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from handoff.langchain import HELD_MESSAGE, HANDOFF_MESSAGE

example = load_example("python_langchain")


class CountingModel(GenericFakeChatModel):
    """The fake chat model, counting its calls."""

    calls: int = 0

    def _generate(self, *args, **kwargs):
        self.calls += 1
        return super()._generate(*args, **kwargs)


def model(*replies):
    return CountingModel(messages=iter([AIMessage(content=r) for r in replies]))


def test_a_message_the_rules_hand_off_ends_the_run_before_the_model(salon):
    fake = model("Sure, 20% off!")
    outcome = example.answer(example.build_agent(salon, fake), "can i get a discont if i book two??")
    # The example's message is a function of the decision.
    assert outcome["send"] == f"{HANDOFF_MESSAGE} They will ask for: day, party size."
    decision = outcome["handoff"]["decision"]
    assert outcome["handoff"]["by"] == "route"
    assert (decision["topic"], decision["handoff"]) == ("booking", True)
    assert [f["name"] for f in decision["collect"]] == ["day", "party size"]
    assert fake.calls == 0


def test_a_reply_that_breaks_a_rule_is_held_back(salon):
    fake = model("Good news: I can give you 20% off on Friday.")
    outcome = example.answer(example.build_agent(salon, fake), "Do you have time on Friday?")
    assert outcome["send"] == HELD_MESSAGE
    assert outcome["handoff"]["by"] == "check_reply"
    assert outcome["handoff"]["held_reply"] == "Good news: I can give you 20% off on Friday."
    assert [(b["rule"], b["phrase"]) for b in outcome["handoff"]["verdict"]["broken"]] == [
        ("never promise", "discount")
    ]
    assert fake.calls == 1


def test_a_must_not_of_the_topic_is_held_back(salon):
    fake = model("Your booking is confirmed for Friday!")
    outcome = example.answer(example.build_agent(salon, fake), "Do you have time on Friday?")
    assert [(b["rule"], b["phrase"]) for b in outcome["handoff"]["verdict"]["broken"]] == [
        ("must not", "confirm")
    ]


def test_a_harmless_reply_is_sent(salon):
    fake = model("We have 10:00 and 14:00 free on Friday.")
    outcome = example.answer(example.build_agent(salon, fake), "Do you have time on Friday?")
    assert outcome == {"send": "We have 10:00 and 14:00 free on Friday."}


def test_the_held_reply_is_replaced_not_appended(salon):
    agent = example.build_agent(salon, model("The price will be 450 kr."))
    state = agent.invoke({"messages": [{"role": "user", "content": "Do you have time on Friday?"}]})
    assert [type(m).__name__ for m in state["messages"]] == ["HumanMessage", "AIMessage"]
    assert state["messages"][-1].text == HELD_MESSAGE


def test_the_messages_may_be_functions_of_the_handoff_record(salon):
    from handoff.langchain import HandoffMiddleware
    from langchain.agents import create_agent

    middleware = HandoffMiddleware(
        salon,
        handoff_message=lambda h: f"En kollega tar över ({h['decision']['topic']}).",
        held_message=lambda h: f"Vi återkommer ({h['verdict']['broken'][0]['phrase']}).",
    )
    routed = model("never sent")
    agent = create_agent(routed, tools=[], middleware=[middleware])
    state = agent.invoke({"messages": [{"role": "user", "content": "Jag är besviken på klippningen"}]})
    assert state["messages"][-1].text == "En kollega tar över (complaint)."
    assert routed.calls == 0

    agent = create_agent(model("I can give you 20% off."), tools=[], middleware=[middleware])
    state = agent.invoke({"messages": [{"role": "user", "content": "Do you have time on Friday?"}]})
    assert state["messages"][-1].text == "Vi återkommer (discount)."


def test_with_a_recorder_every_message_is_logged(salon, tmp_path):
    from langchain.agents import create_agent

    from handoff.langchain import HandoffMiddleware

    log = tmp_path / "log.jsonl"
    middleware = HandoffMiddleware(salon, recorder=salon.recorder(log))
    fake = model("Good news: I can give you 20% off on Friday.", "We have 10:00 free on Friday.")
    agent = create_agent(fake, tools=[], system_prompt=salon.prompt(), middleware=[middleware])
    for message in ["can i get a discont if i book two??", "Do you have time on Friday?", "Do you have time on Friday?"]:
        example.answer(agent, message)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["topic"], r["handed_off"], [h["phrase"] for h in r["held"]]) for r in records] == [
        ("booking", True, []),
        ("booking", True, ["discount"]),
        ("booking", False, []),
    ]
    assert records[1]["answer"] == "Good news: I can give you 20% off on Friday."
