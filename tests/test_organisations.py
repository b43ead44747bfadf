"""Asking who or what an organisation the sources name is (knowledge/organisations.yml,
assistant/nlu/organisations.py): the list, the component, and the reply with the
trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.organisations import (
    ORGANISATION, ORGANISATION_QUESTION, OrganisationMatcher, OrganisationQuestions,
)
from assistant.staff.explain import looked_up
from conftest import (
    assert_pattern_matches_its_example, classified, entries, load_yaml, nlu_examples,
    our_messages, pattern_list, real_messages,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/organisations.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(OrganisationQuestions, nlp)


@pytest.fixture(scope="module")
def matcher(questions):
    return OrganisationMatcher(OrganisationMatcher.get_default_config(), questions)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions, entry)


def organisation_of(matcher, text, intent="out_of_scope"):
    [message] = matcher.process([classified(text, intent, 0.98)])
    values = [e["value"] for e in message.get("entities") or [] if e["entity"] == ORGANISATION]
    return message, values


@pytest.mark.parametrize("text, organisation", [
    ("who is exodus cry", "exodus_cry"), ("What does Innocence Freed do?", "innocence_freed"),
    ("what is the ILO", "ilo"), ("what does ilo stand for", "ilo"),
    ("what is the international labor organization?", "ilo"), ("exodus cry?", "exodus_cry")])
def test_a_question_gets_the_intent_and_which_organisation(matcher, text, organisation):
    message, values = organisation_of(matcher, text)
    assert message.get("intent") == {"name": "ask_organisation", "confidence": 1.0}
    assert values == [organisation] and message.get(ORGANISATION_QUESTION)
    assert looked_up(message.as_dict(only_output_properties=True))[0].startswith(
        "an organisation the sources name")


@pytest.mark.parametrize("text", ["what is the un", "who is the trafficker",
                                  # Longer than a short pattern's three words.
                                  "exodus cry says 21 million are trafficked",
                                  "what is trafficking"])
def test_other_messages_are_left_alone(matcher, text):
    message, values = organisation_of(matcher, text)
    assert message.get("intent")["name"] == "out_of_scope" and values == []
    assert message.get(ORGANISATION_QUESTION) is None


def test_what_the_classifier_called_urgent_stays_so(matcher):
    message, values = organisation_of(matcher, "who is exodus cry", "urgent_help")
    assert message.get("intent")["name"] == "urgent_help" and values == []


def test_which_messages_of_ours_and_of_the_real_sets_match(questions):
    """Every example of ask_organisation in data/nlu.yml; no other message of ours, and
    no real message (session 47)."""
    def matched(texts):
        return [t for t in texts if questions.find(t) and questions.organisation_in(t)]

    examples = nlu_examples("data/nlu.yml", intent="ask_organisation")
    assert matched(examples) == examples
    assert matched(our_messages(other_than="ask_organisation")) == []
    assert matched(real_messages("real_world")) == []
    assert matched(real_messages("real_world_dev")) == []


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 47: each got "my sources don't cover that".
@pytest.mark.parametrize("text, words", [
    ("who is exodus cry", "women and girls"),
    ("who is innocence freed", "Omaha"),
    ("what is the ILO?", "United Nations agency")])
def test_the_reply_says_what_the_sources_say_of_it(agent, text, words):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_organisation"], names
    assert words in texts[0]


def test_after_an_answer_citing_exodus_cry_asking_who_they_are_gets_it(agent):
    replies = LOOP.run_until_complete(evaluate.conversation(
        agent, ["how many people are trafficked", "who is exodus cry?"]))
    assert "Exodus Cry" in replies[0][0][0]
    assert replies[1][1] == ["utter_organisation"]
