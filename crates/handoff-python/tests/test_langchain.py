"""handoff.langchain in a real LangChain agent, with a fake chat model:
examples/runtime/python_langchain.py, offline."""

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
    assert outcome["send"] == HANDOFF_MESSAGE
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
