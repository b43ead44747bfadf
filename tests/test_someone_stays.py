"""What a worried friend says next of the person they fear for ("she says she's fine",
"she loves him"; knowledge/someone_stays.yml, assistant/nlu/someone_stays.py): the list,
the component, and the reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.someone_stays import SOMEONE_STAYS, SomeoneStaysMatcher, SomeoneStaysPhrases
from assistant.nlu.urgent_safety_net import UrgentSafetyNet
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, nlu_examples, our_messages, pattern_list,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/someone_stays.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(SomeoneStaysPhrases, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(phrases, entry):
    assert_blocker_clears_its_example(phrases, entry)


def test_every_example_in_the_training_data_is_found(phrases):
    examples = nlu_examples("data/nlu.yml", intent="someone_stays")
    assert len(examples) >= 15
    assert [e for e in examples if phrases.find(e) is None] == []


def test_the_held_out_examples_are_found(phrases):
    held_out = nlu_examples("tests/nlu_holdout.yml", intent="someone_stays")
    assert len(held_out) >= 5
    assert [e for e in held_out if phrases.find(e) is None] == []


def test_no_other_example_or_real_message_is_taken_for_it(phrases):
    texts = (our_messages(other_than="someone_stays")
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    assert [t for t in texts if phrases.find(t) is not None] == []


@pytest.mark.parametrize("text", [
    "i don't want help",                      # the speaker's own choice
    "he won't leave me alone",
    "he says i'm fine",
    "why do victims stay with their traffickers?",   # a question the classifier answers
    "she went back to school",
    "she loves her job",
    "",
])
def test_what_is_not_about_someone_who_stays(phrases, text):
    assert phrases.find(text) is None


# --- The Rasa component -------------------------------------------------------------------

@pytest.fixture(scope="module")
def matcher(phrases):
    return SomeoneStaysMatcher(SomeoneStaysMatcher.get_default_config(), phrases)


def test_it_gets_its_intent_whatever_the_classifier_said(matcher):
    [message] = matcher.process([classified("she says she loves him", "out_of_scope", 0.96)])
    assert message.get("intent") == {"name": "someone_stays", "confidence": 1.0}
    assert message.get(SOMEONE_STAYS) == "{person} love him"


@pytest.mark.parametrize("text, classifier_said, net_value", [
    # The lexicon matches: the urgent reply first, then this one.
    ("she says she's fine but he beats her", "out_of_scope", "danger_fear_threats"),
    # The classifier called it urgent (it does for most of these, with "she" and "him").
    ("she won't leave him", "urgent_help", "urgent_help"),
])
def test_urgent_too_gets_the_urgent_reply_first_then_its_own(
        matcher, lexicon, text, classifier_said, net_value):
    net = UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)
    [message] = net.process(matcher.process([classified(text, classifier_said)]))
    assert message.get("intent")["name"] == "someone_stays"
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        ("safety_net", net_value)]


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


def follow_up(agent, text):
    sender = f"friend-then-{text}"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my friend's pimp takes all her money", sender=sender))
    return LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))


# Session 39: after telling of a friend, these got "My sources don't cover that".
@pytest.mark.parametrize("text", ["she says she loves him", "she says she's fine"])
def test_after_telling_of_a_friend_it_gets_the_sources_and_the_hotline(agent, text):
    texts, names = follow_up(agent, text)
    assert names == ["utter_someone_stays"], names
    assert "romantic partner" in texts[0] and texts[0].endswith(f"call {HOTLINE}.")


# These got "Please call it now" alone: the classifier calls them urgent.
@pytest.mark.parametrize("text", ["she won't leave him", "she keeps going back to him"])
def test_what_the_classifier_calls_urgent_gets_the_urgent_reply_then_the_sources(agent, text):
    texts, names = follow_up(agent, text)
    assert names == ["utter_urgent", "utter_someone_stays"], names
    assert texts[0].startswith(HOTLINE)


# Session 45: after telling that her boyfriend makes her sleep with his friends for
# money, "i love him" got "my sources don't cover that". Of oneself too: the sources on
# partners and control, with the hotline; the urgent reply first when the classifier
# called it urgent ("i dont want to leave him").
@pytest.mark.parametrize("text, urgent_first", [("i love him", False),
                                                ("i dont want to leave him", True)])
def test_the_speaker_saying_she_loves_him_gets_the_sources_and_the_hotline(
        agent, text, urgent_first):
    sender = f"self-then-{text}"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "he says he loves me but makes me sleep with his friends for money",
        sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
    assert names == (["utter_urgent"] if urgent_first else []) + ["utter_someone_stays"], names
    assert texts[0].startswith(HOTLINE) if urgent_first else HOTLINE in texts[0]
    assert "romantic partner" in texts[-1]
