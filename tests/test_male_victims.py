"""Asking whether men and boys are victims too (knowledge/male_victims.yml,
assistant/nlu/male_victims.py): the list, the component, and the reply with the trained
model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.male_victims import MALE_VICTIMS, MaleVictimMarker, MaleVictimQuestions
from assistant.nlu.topic_marker import MARKED_TOPIC
from assistant.staff.explain import looked_up
from conftest import (
    assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, nlu_examples, our_messages, pattern_list,
    real_messages, taken_over,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/male_victims.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(MaleVictimQuestions, nlp)


@pytest.fixture(scope="module")
def marker(questions):
    return MaleVictimMarker(MaleVictimMarker.get_default_config(), questions)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(questions, entry):
    assert_blocker_clears_its_example(questions, entry)


def answered_so(marker, texts):
    return taken_over(marker, MALE_VICTIMS, texts)


def test_which_messages_of_ours_and_of_the_real_sets_are_answered_so(marker):
    """When the list was written (session 43) it found three examples of who_victims
    in data/nlu.yml and one of our FAQ questions, all asking whether men or boys are
    victims, and two messages of the choosing set: one already answered with
    who_victims, and one the set counts out of scope (the sources don't say why male
    victims are overlooked), a miss before (the women-and-girls figures) and after
    (who the victims are); none of the judge's."""
    assert answered_so(marker, nlu_examples("data/nlu.yml", intent="faq/who_victims")) == [
        "can men be trafficked", "can boys be victims of trafficking", "are men ever trafficked"]
    assert answered_so(marker, our_messages(other_than="faq/who_victims")) == [
        "can men be trafficked"]  # tests/faq_questions.yml
    assert answered_so(marker, real_messages("real_world")) == []
    # Session 56's batch G added the third, answered so at that session's start.
    assert answered_so(marker, real_messages("real_world_dev")) == [
        "Who are the male victims of sex trafficking?",
        "Why are male victims of sex trafficking overlooked?",
        "Are men ever victims of sex trafficking?"]


@pytest.mark.parametrize("text", ["what about men?", "male victims?", "im a guy, can men be victims",
                                  "can boys be trafficked too", "does this happen to guys"])
def test_asking_about_men_and_boys_gets_who_the_victims_are(marker, text):
    [message] = marker.process([classified(text, "faq", 0.98)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/who_victims")
    assert message.get("topic_choice")["decision"] == "answer"
    assert looked_up(message.as_dict(only_output_properties=True))[0].startswith(
        "whether men and boys are victims")


@pytest.mark.parametrize("text", ["are women trafficked more than men?",
                                  "what percentage of victims are male",
                                  "are traffickers usually men",
                                  "what kind of men buy sex",
                                  "a man offered me a job abroad",
                                  # Someone, not men in general (the answer has no hotline).
                                  "what about the guy who took her passport",
                                  "it happened to a guy i know",
                                  "a guy i know is being trafficked",
                                  "a guy i know got trafficked",
                                  "he trafficked boys from the village"])
def test_other_questions_are_left_to_the_classifier(marker, text):
    [message] = marker.process([classified(text, "faq", 0.98)])
    assert message.get(MALE_VICTIMS) is None


def test_what_the_classifier_called_urgent_stays_so(marker):
    [message] = marker.process([classified("im a guy and this is happening to me", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(MARKED_TOPIC) is None


# Session 44: a question the list matched that the classifier called urgent, or leaned
# to, stays urgent here, with its topic recorded for the safety net.
def test_a_question_the_classifier_called_urgent_records_its_topic(marker):
    [called] = marker.process([classified("im a guy. does this happen to men", "urgent_help")])
    leaning = classified("does this happen to men", "nlu_fallback", 0.4)
    leaning.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4},
                                   {"name": "urgent_help", "confidence": 0.35}])
    [leaned] = marker.process([leaning])
    assert called.get("intent")["name"] == "urgent_help"
    assert leaned.get("intent")["name"] == "nlu_fallback"
    assert called.get(MARKED_TOPIC) == leaned.get(MARKED_TOPIC) == "who_victims"


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 43: these got the answer that women and girls are 55% of victims.
@pytest.mark.parametrize("text", ["what about men", "male victims?", "im a guy, can men be victims"])
def test_asking_about_men_gets_who_the_victims_are(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_faq/who_victims"], names
    assert "men, women and children" in texts[0]


# Session 44: the first got "Sorry, I didn't understand that" (the classifier leaned
# urgent on a question naming no one), the second the urgent reply alone.
def test_a_question_about_men_the_classifier_leans_urgent_on_gets_its_answer(agent):
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "does this happen to men"))
    assert names == ["utter_faq/who_victims"], names
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "im a guy. does this happen to men"))
    assert names == ["utter_urgent", "utter_faq/who_victims"], names
    assert "1-888-373-7888" in texts[0]
