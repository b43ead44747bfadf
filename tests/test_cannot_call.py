"""Messages that say calling isn't possible or safe now (knowledge/cannot_call.yml,
assistant/nlu/cannot_call.py): the list, the component, and the urgent reply's wording
with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.cannot_call import CANNOT_CALL, CannotCallMarker, CannotCallPhrases
from conftest import (
    HOTLINE, ROOT, assert_pattern_matches_its_example, classified, entries, load_yaml,
    nlu_examples, pattern_list,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/cannot_call.yml")
MODEL = ROOT / "models" / "assistant.tar.gz"
NOW = "Please call it now."
WHEN_SAFE = "Call it when it is safe for you."


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(CannotCallPhrases, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "not_cannot_call"))
def test_each_exception_clears_its_example(phrases, entry):
    assert phrases.find(entry["example"]) is None


def test_no_question_about_trafficking_of_ours_matches(phrases):
    texts = (nlu_examples("data/nlu.yml", intent="faq")
             + nlu_examples("tests/nlu_holdout.yml", intent="faq")
             + load_yaml("tests/faq_questions.yml")["questions"])
    assert [t for t in texts if phrases.find(t) is not None] == []


@pytest.mark.parametrize("text", [
    "how do I report trafficking?",
    "can I call the hotline?",
    "who can I call?",
    "will they listen to me?",
    "he is not listening to me",      # not "is listening"
    "what phone number do I call",
    "",
])
def test_other_messages_do_not_match(phrases, text):
    assert phrases.find(text) is None


def test_the_component_adds_the_entity_and_changes_nothing_else(phrases):
    marker = CannotCallMarker(CannotCallMarker.get_default_config(), phrases)
    [message] = marker.process([classified("i cant call, he is listening", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get("entities") == [{"entity": CANNOT_CALL, "value": "said", "start": 0,
                                         "end": 0, "extractor": "CannotCallMarker"}]
    assert message.get(CANNOT_CALL) == "can not call"
    [other] = marker.process([classified("what is smuggling", "faq")])
    assert other.get("entities") is None and other.get("intent")["name"] == "faq"


def test_every_unable_to_call_example_is_found(phrases):
    """The intent is never learned (config.yml's `lookup_intents`): the list finds it."""
    examples = (nlu_examples("data/nlu.yml", intent="unable_to_call")
                + nlu_examples("tests/nlu_holdout.yml", intent="unable_to_call"))
    assert len(examples) >= 20
    assert [e for e in examples if phrases.find(e) is None] == []


# Session 41: "I can't call" got "call it to talk to a person", "I don't have a phone"
# "my sources don't cover that".
@pytest.mark.parametrize("text, intent", [
    ("i cant call", "request_human"),
    ("i don't have a phone", "out_of_scope"),
    ("i'm deaf, i can't call", "nlu_fallback"),
])
def test_saying_it_with_nothing_else_to_answer_gets_unable_to_call(phrases, text, intent):
    marker = CannotCallMarker(CannotCallMarker.get_default_config(), phrases)
    [message] = marker.process([classified(text, intent, 0.8)])
    assert message.get("intent") == {"name": "unable_to_call", "confidence": 1.0}
    assert [e["entity"] for e in message.get("entities")] == [CANNOT_CALL]


def test_an_urgent_or_answered_reading_or_two_topics_offered_stand(phrases):
    marker = CannotCallMarker(CannotCallMarker.get_default_config(), phrases)
    for text, intent in [("he took my phone", "urgent_help"),
                         ("i cant call, what is trafficking?", "faq"),
                         ("i can't call, is this chat private?", "ask_privacy")]:
        [message] = marker.process([classified(text, intent)])
        assert message.get("intent")["name"] == intent
    leaning = classified("i can't call right now", "nlu_fallback", 0.4)
    leaning.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4},
                                   {"name": "urgent_help", "confidence": 0.38}])
    [message] = marker.process([leaning])
    assert message.get("intent")["name"] == "nlu_fallback"
    offered = classified("i can't call, how do they find victims", "nlu_fallback", 0.4)
    offered.set("entities", [{"entity": "suggestion_1", "value": "Who are the traffickers?"},
                             {"entity": "suggestion_2", "value": "How do traffickers "
                                                                 "control people?"}])
    [message] = marker.process([offered])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_the_slot_and_the_reply_agree(domain):
    assert domain["slots"][CANNOT_CALL]["mappings"] == [
        {"type": "from_entity", "entity": CANNOT_CALL}]
    # Every variation for `cannot_call: said` says "when it is safe", every other one
    # "now": in English, and in the other four languages (session 37) in their words.
    words = {None: (NOW, WHEN_SAFE), "es": ("Llame ahora.", "Llame cuando sea seguro."),
             "pt": ("Ligue agora.", "Ligue quando for seguro."),
             "fr": ("Appelez maintenant.", "Appelez quand c'est sans danger."),
             "it": ("La chiami adesso.", "La chiami quando è sicuro.")}
    variations = domain["responses"]["utter_urgent"]
    # Two per language, and (session 42) the English one the second time on, which
    # still says "now" unless `cannot_call` is said (it names `cannot_call: null`).
    again = [v for v in variations
             if {"type": "slot", "name": "told_before", "value": True} in v.get("condition", [])]
    assert len(again) == 1 and len(variations) == 2 * len(words) + 1
    assert {"type": "slot", "name": CANNOT_CALL, "value": None} in again[0]["condition"]
    for variation in variations:
        condition = {c["name"]: c["value"] for c in variation.get("condition", [])}
        now, when_safe = words[condition.get("message_language")]
        if condition.get(CANNOT_CALL) == "said":
            assert when_safe in variation["text"] and now not in variation["text"]
        else:
            assert now in variation["text"] and when_safe not in variation["text"]


# --- With the trained model -----------------------------------------------------------

LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


def conversation(agent, *messages):
    return LOOP.run_until_complete(evaluate.conversation(agent, list(messages)))


def test_someone_who_cannot_call_is_not_told_to_call_now(agent):
    [(texts, names)] = conversation(agent, "i can't call, he is listening")
    assert names == ["utter_urgent"]
    assert texts[0].startswith(HOTLINE) and WHEN_SAFE in texts[0] and NOW not in texts[0]


# Session 47: these got "Please call it now".
@pytest.mark.parametrize("text", ["my phone is being monitored", "he reads all my texts"])
def test_a_watched_phone_is_not_told_to_call_now(agent, text):
    [(texts, names)] = conversation(agent, text)
    assert names == ["utter_urgent"], names
    assert texts[0].startswith(HOTLINE) and WHEN_SAFE in texts[0] and NOW not in texts[0]


def test_the_gentler_words_last_for_the_conversation(agent):
    turns = conversation(agent, "he checks my phone", "they took my passport and won't let me leave")
    texts, names = turns[-1]
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE) and WHEN_SAFE in texts[0]


# Session 44: "im using a friends phone" got "my sources don't cover that", "i cant talk
# hes here" "Please call it now".
@pytest.mark.parametrize("text", ["im using a friends phone", "i'm on a borrowed phone",
                                  "this is not my phone", "i cant talk hes here"])
def test_someone_elses_phone_or_not_talking_now_is_urgent_and_not_told_to_call_now(agent, text):
    [(texts, names)] = conversation(agent, text)
    assert names == ["utter_urgent"], names
    assert texts[0].startswith(HOTLINE) and WHEN_SAFE in texts[0] and NOW not in texts[0]


def test_other_conversations_are_still_told_to_call_now(agent):
    [(texts, names)] = conversation(agent, "help me")
    assert names == ["utter_urgent"] and NOW in texts[0]
    turns = conversation(agent, "i can't call, he is listening", "/restart", "help me")
    assert NOW in turns[-1][0][0]


def test_someone_who_cannot_call_is_told_the_hotline_is_a_phone_number(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "i dont have a phone"))
    assert names == ["utter_unable_to_call"], names
    assert texts[0].startswith(HOTLINE) and "phone number" in texts[0]


def test_no_urgent_message_of_ours_is_less_urgent(agent):
    # The list decides no turn: each urgent message still gets the urgent reply first.
    messages = load_yaml("tests/urgent_messages.yml")["messages"]
    report = LOOP.run_until_complete(evaluate.urgent_report(agent, messages))
    assert report.missed == []
