"""Asking whether trafficking happens in a workplace a source names (knowledge/
labour_venues.yml, assistant/nlu/labour_venues.py): the list, the component, and the
reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.labour_venues import LABOUR_VENUE, LabourVenueMarker, LabourVenueQuestions
from assistant.nlu.topic_marker import MARKED_TOPIC
from assistant.staff.explain import looked_up
from conftest import (
    assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, nlu_examples, our_messages, pattern_list,
    real_messages, taken_over,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/labour_venues.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(LabourVenueQuestions, nlp)


@pytest.fixture(scope="module")
def marker(questions):
    return LabourVenueMarker(LabourVenueMarker.get_default_config(), questions)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(questions, entry):
    assert_blocker_clears_its_example(questions, entry)


def answered_so(marker, texts):
    return taken_over(marker, LABOUR_VENUE, texts)


def test_which_messages_of_ours_and_of_the_real_sets_are_answered_so(marker):
    """When the list was written (session 44) it found six examples of
    labour_trafficking in data/nlu.yml and one of our FAQ questions, which had got "my
    sources don't cover that"; no message of either real set. The ways of asking which
    kinds of work (session 46) found two more of those examples and one more of our FAQ
    questions, all three answered on labour trafficking before, and no real message.
    The people who do domestic work (session 50) found one more FAQ question of ours,
    answered on labour trafficking before, and no real message."""
    assert answered_so(marker, nlu_examples("data/nlu.yml", intent="faq/labour_trafficking")) == [
        "what industries have labor trafficking",
        "can farm workers be trafficked", "does trafficking happen in restaurants",
        "are hotels involved in labor trafficking", "is labor trafficking common in construction",
        "what industries use forced labor in the us",
        "can trafficking happen on farms or building sites",
        "are there trafficking victims working in hotels"]
    assert answered_so(marker, our_messages(other_than="faq/labour_trafficking")) == [
        "is domestic servitude a type of trafficking",  # tests/faq_questions.yml
        "what industries use forced labor",  # tests/faq_questions.yml, under labour
        "are hotels linked to trafficking"]  # tests/faq_questions.yml
    assert answered_so(marker, real_messages("real_world")) == []
    assert answered_so(marker, real_messages("real_world_dev")) == []


@pytest.mark.parametrize("text", ["what about at hotels", "and restaurants?",
                                  "are hotels linked to trafficking",
                                  "is there trafficking in nail salons",
                                  "does it happen on construction sites?"])
def test_asking_about_a_workplace_gets_the_answer_on_labour_trafficking(marker, text):
    [message] = marker.process([classified(text, "out_of_scope", 0.98)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/labour_trafficking")
    assert looked_up(message.as_dict(only_output_properties=True))[0].startswith(
        "a workplace where labour trafficking is found")


@pytest.mark.parametrize("text", ["is there sex trafficking in hotels",
                                  "what are the signs of trafficking in restaurants",
                                  "how many people are trafficked in agriculture",
                                  # A workplace alone may say where someone is.
                                  "hotel", "at the motel",
                                  # Someone, not a kind of workplace.
                                  "what about the hotel he took her to",
                                  "is there trafficking at the farm i work on",
                                  "what about the salon she works in"])
def test_other_messages_are_left_to_the_classifier(marker, text):
    [message] = marker.process([classified(text, "out_of_scope", 0.98)])
    assert message.get(LABOUR_VENUE) is None
    assert message.get("intent")["name"] == "out_of_scope"


def test_what_the_classifier_called_urgent_stays_so_and_records_its_topic(marker):
    """Urgent it stays; since session 50 the topic is recorded for the safety net, which
    gives the answer after the urgent reply, or alone to a question naming no one that
    its lexicon does not match (the list holds only ways of asking in general)."""
    [message] = marker.process([classified("does this happen at hotels", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(MARKED_TOPIC) == "labour_trafficking"


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 44: these got "my sources don't cover that".
def test_a_workplace_after_the_warning_signs_gets_the_answer_on_labour_trafficking(agent):
    sender = "test-labour-venues"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "what are the signs someone is being trafficked",
                                              sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "what about at hotels", sender))
    assert names == ["utter_faq/labour_trafficking"], names
    assert "hotels" in texts[0]
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "are hotels linked to trafficking"))
    assert names == ["utter_faq/labour_trafficking"], names


# Session 50: the classifier called it urgent; the fragment rule of the safety net gave
# "Sorry, I didn't understand that".
def test_a_workplace_after_a_few_words_of_and_gets_the_answer(agent):
    sender = "test-labour-venues-and"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "what is labor trafficking", sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "and nail salons?", sender))
    assert names == ["utter_faq/labour_trafficking"], names
    assert "beauty salons" in texts[0]
