"""The Rasa component around the lexicon, without a trained model."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.urgent_safety_net import URGENT_MATCH, UrgentSafetyNet


@pytest.fixture(scope="module")
def net(lexicon):
    return UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)


def classified(text, intent, confidence=0.9, decision=None):
    message = Message(data={"text": text})
    if decision:
        message.set("topic_choice", {"decision": decision}, add_to_output=True)
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        "intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True
    )
    return message


def test_overrules_the_classifier_and_records_the_pattern(net):
    [message] = net.process([classified("he took my passport", "faq")])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "urgent_help"
    assert message.get(URGENT_MATCH) == {
        "category": "documents_taken",
        "pattern": "take * passport",
        "classifier_said": "faq",
        "reply": "urgent",
    }
    assert URGENT_MATCH in message.as_dict(only_output_properties=True)


@pytest.mark.parametrize("decision", ["answer", "button"])
def test_a_question_it_will_answer_keeps_its_answer_after_the_urgent_reply(net, decision):
    text = "is it trafficking if my boss took my passport"
    [message] = net.process([classified(text, "faq", decision=decision)])
    assert message.get("intent") == {"name": "faq", "confidence": 0.9}
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]
    assert message.get(URGENT_MATCH)["reply"] == "urgent, then the answer"


@pytest.mark.parametrize("decision", [None, "suggest", "no topic fits"])
def test_a_question_it_would_not_answer_becomes_urgent(net, decision):
    [message] = net.process([classified("they beat me", "faq", decision=decision)])
    assert message.get("intent")["name"] == "urgent_help"
    assert not message.get("entities")


def test_overrules_the_nlu_fallback(net):
    [message] = net.process([classified("pls help", "nlu_fallback", 0.3)])
    assert message.get("intent")["name"] == "urgent_help"


def test_leaves_questions_alone(net):
    [message] = net.process([classified("what is forced labour?", "faq")])
    assert message.get("intent")["name"] == "faq"
    assert message.get(URGENT_MATCH) is None


def test_never_lowers_an_urgent_classification(net):
    [message] = net.process([classified("the van outside", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"


def test_empty_message(net):
    [message] = net.process([Message(data={"text": ""})])
    assert message.get(URGENT_MATCH) is None
