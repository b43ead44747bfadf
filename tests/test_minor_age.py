"""Saying in a few words that someone is under 18 (knowledge/minor_age.yml,
assistant/nlu/minor_age.py): the list, the component, and the reply with the trained
model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.minor_age import (
    ADULT_AGE, MINOR_AGE, AdultAgeMarker, AdultAgePhrases, MinorAgeMarker, MinorAgePhrases,
)
from assistant.nlu.topic_marker import MARKED_TOPIC
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, our_messages, pattern_list,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/minor_age.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(MinorAgePhrases, nlp)


@pytest.fixture(scope="module")
def marker(phrases):
    return MinorAgeMarker(MinorAgeMarker.get_default_config(), phrases)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(phrases, entry):
    assert_blocker_clears_its_example(phrases, entry)


def test_no_other_message_of_ours_and_no_real_message_is_answered_so(marker):
    """Every message of ours or of the real sets that names an age is longer: a question
    or a disclosure of its own, for the classifier and the safety net."""
    texts = (our_messages()
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    assert [t for t in texts
            if marker.process([classified(t, "out_of_scope")])[0].get(MINOR_AGE)] == []


@pytest.mark.parametrize("text", ["she's 17", "shes 17", "im 15", "my daughter is just 14",
                                  "He is fifteen", "she's underage"])
def test_a_short_message_of_an_age_under_18_gets_the_answer_about_minors(marker, text):
    [message] = marker.process([classified(text, "nlu_fallback", 0.4)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/minors")
    assert message.get("topic_choice")["decision"] == "answer"


@pytest.mark.parametrize("text", ["she's 18", "he is 21", "i'm 5 months pregnant",
                                  "he is 6 feet tall", "explain it like i'm 12",
                                  "my son is 12, how do i keep him safe online?"])
def test_what_is_no_age_under_18_or_is_longer_is_left_alone(marker, text):
    [message] = marker.process([classified(text, "out_of_scope")])
    assert message.get("intent")["name"] == "out_of_scope" and message.get(MINOR_AGE) is None


def test_what_a_lookup_list_recognised_keeps_its_reply(marker):
    [message] = marker.process([classified("im 15, is this chat private?", "ask_privacy", 1.0)])
    assert message.get("intent")["name"] == "ask_privacy" and message.get(MINOR_AGE) is None


def test_what_the_classifier_called_urgent_or_leaned_to_stays_so(marker):
    [message] = marker.process([classified("im 15", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    # Since session 50 it records the topic, for the answer after the urgent reply.
    assert message.get(MARKED_TOPIC) == "minors"
    leaning = classified("she's 16", "nlu_fallback", 0.4)
    leaning.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4},
                                   {"name": "urgent_help", "confidence": 0.35}])
    [message] = marker.process([leaning])
    assert message.get("intent")["name"] == "nlu_fallback"


# --- An adult's age (session 62) ----------------------------------------------------------

@pytest.fixture(scope="module")
def adult_marker(nlp):
    return AdultAgeMarker(AdultAgeMarker.get_default_config(), pattern_list(AdultAgePhrases, nlp))


def answered_adult(adult_marker, marker, text, intent="out_of_scope"):
    """The message after both markers, in their order in config.yml."""
    return adult_marker.process(marker.process([classified(text, intent)]))[0]


@pytest.mark.parametrize("text", ["im 19", "she's 20", "my sister is 22", "he is over 18",
                                  "is that trafficking if im 19", "i'm an adult"])
def test_a_short_message_of_an_adults_age_gets_what_trafficking_is(adult_marker, marker, text):
    message = answered_adult(adult_marker, marker, text)
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/what_is")
    assert message.get(ADULT_AGE) and message.get(MINOR_AGE) is None


@pytest.mark.parametrize("text, minor", [
    ("she's 15 and he's 25", True),          # an age under 18 said too: about minors
    ("i am 20 minutes away", False),         # the file's blockers: no age
    ("the room is 20 degrees", False),       # no pattern
    ("im 19 and my boss took my passport", False),  # longer: for the classifier
])
def test_an_adults_age_beside_a_minors_or_no_age_is_not_read_so(adult_marker, marker, text,
                                                                 minor):
    message = answered_adult(adult_marker, marker, text)
    assert message.get(ADULT_AGE) is None and bool(message.get(MINOR_AGE)) == minor


def test_an_adults_age_the_classifier_called_urgent_records_the_topic(adult_marker, marker):
    message = answered_adult(adult_marker, marker, "im 19", "urgent_help")
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(MARKED_TOPIC) == "what_is"


def test_no_message_of_ours_and_no_real_message_is_read_as_an_adults_age(adult_marker, marker):
    texts = (our_messages()
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    assert [t for t in texts if answered_adult(adult_marker, marker, t).get(ADULT_AGE)] == []


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 39: after telling of a girlfriend, "she's 17" got "Sorry, I didn't understand".
def test_after_telling_of_someone_their_age_gets_the_answer_about_minors(agent):
    sender = "girlfriend-then-age"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my girlfriend's manager sets up her dates and keeps the money", sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "she's 17", sender=sender))
    assert names == ["utter_faq/minors"], names
    assert "even if no force" in texts[0] and texts[0].endswith(f"call {HOTLINE}.")


# Session 50: after a parent told of a 15-year-old and a 24-year-old, "is that
# trafficking?" got only force, fraud or coercion, as if one of them had to be shown.
# The definition now says what its source says next, of minors, in every channel.
def test_the_definition_says_that_a_minor_needs_no_force(agent):
    sender = "parent-then-definition"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my daughter is 15 and her boyfriend is 24", sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "is that trafficking", sender=sender))
    assert names == ["utter_faq/what_is"], names
    assert "under 18" in texts[0] and "even without force" in texts[0]
    for variant in load_yaml("domain.yml")["responses"]["utter_faq/what_is"]:
        assert "under 18" in variant["text"]


# Session 50: a 17-year-old's age, after telling of a boyfriend who takes money from his
# friends, got the urgent reply alone; "is that even trafficking" two topics to choose
# from. Now the urgent reply, then what the sources say of minors; then the definition,
# which says it too.
def test_a_teenager_who_gives_her_age_learns_what_the_sources_say_of_minors(agent):
    sender = "teen-then-age"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my bf makes me meet his friends and they give him money", sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "im 17", sender=sender))
    assert names == ["utter_urgent", "utter_faq/minors"], names
    assert texts[0].startswith(HOTLINE)
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "is that even trafficking", sender=sender))
    assert names == ["utter_faq/what_is"], names
    assert "under 18" in texts[0]


# Session 62: "im 19", after telling of a boyfriend who takes money from his friends, got
# the urgent reply alone; "is that trafficking if im 19" the answer about minors.
def test_a_young_adult_who_gives_her_age_learns_what_trafficking_is(agent):
    sender = "young-adult-then-age"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my boyfriend makes me sleep with his friends for money", sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "im 19", sender=sender))
    assert names == ["utter_urgent", "utter_faq/what_is"], names
    assert texts[0].startswith(HOTLINE)
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "is that trafficking if im 19"))
    assert names == ["utter_urgent", "utter_faq/what_is"], names
