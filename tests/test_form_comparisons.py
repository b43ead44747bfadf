"""Comparing sex and labour trafficking (knowledge/form_comparisons.yml,
assistant/nlu/form_comparisons.py): the list, the component, and the reply with the
trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.form_comparisons import (
    FORM_COMPARISON, FormComparisonMarker, FormComparisons,
)
from assistant.nlu.parse_data import answer_of
from assistant.nlu.readings import PREVIOUS_TOPIC
from assistant.staff.explain import looked_up
from conftest import (
    assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, our_messages, pattern_list,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/form_comparisons.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def comparisons(nlp):
    return pattern_list(FormComparisons, nlp)


@pytest.fixture(scope="module")
def marker(comparisons):
    return FormComparisonMarker(FormComparisonMarker.get_default_config(), comparisons)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(comparisons, entry):
    assert_pattern_matches_its_example(comparisons, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(comparisons, entry):
    assert_blocker_clears_its_example(comparisons, entry)


def test_which_messages_of_ours_and_of_the_real_sets_are_answered_so(marker):
    """When the list was written (session 41) no message of ours or of the real sets
    compared the two forms. Session 50's patterns setting one form against the whole
    take one message of the choosing set, which got trafficking's other names before
    (its expected answers include the forms); none of ours, none of the judge's."""
    def found(texts):
        return [t for t in texts
                if marker.process([classified(t, "faq")])[0].get(FORM_COMPARISON)]

    assert found(our_messages()) == []
    assert found([c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]) == []
    assert found([c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]]) == [
        "Is human trafficking the same thing as sex trafficking?"]


@pytest.mark.parametrize("text", ["what's the difference between sex trafficking and "
                                  "labor trafficking?", "sex vs labour trafficking",
                                  "How is forced labour different from sex trafficking?",
                                  "is sex trafficking the same as human trafficking"])
def test_a_comparison_of_the_forms_gets_the_answer_on_the_forms(marker, text):
    [message] = marker.process([classified(text, "faq", 0.98)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/forms")
    assert message.get("topic_choice")["decision"] == "answer"
    assert looked_up(message.as_dict(only_output_properties=True))[0].startswith(
        "comparing the two forms")


@pytest.mark.parametrize("text", ["is sex trafficking worse than labour trafficking?",
                                  "sex work vs sex trafficking",
                                  "what is the difference between smuggling and trafficking?"])
def test_other_questions_are_left_to_the_classifier(marker, text):
    [message] = marker.process([classified(text, "faq", 0.98)])
    assert message.get(FORM_COMPARISON) is None


def after_the_answer_on(topic, text):
    message = classified(text, "faq", 0.98)
    message.set("metadata", {PREVIOUS_TOPIC: topic})
    return message


# Session 56: "how is it different from sex trafficking?", after the answer on labour
# trafficking, got the answer on sex trafficking alone.
@pytest.mark.parametrize("topic,text", [
    ("labour_trafficking", "how is it different from sex trafficking?"),
    ("sex_trafficking", "how is that different from labour trafficking"),
    ("sex_trafficking", "is it the same as labor trafficking"),
])
def test_right_after_one_form_its_it_is_that_form(marker, topic, text):
    [message] = marker.process([after_the_answer_on(topic, text)])
    assert message.get(FORM_COMPARISON) is not None
    assert answer_of(message, "faq") == "faq/forms"


@pytest.mark.parametrize("topic", [None, "what_is", "smuggling_vs_trafficking"])
def test_after_another_answer_or_none_its_it_is_not_a_form(marker, topic):
    [message] = marker.process([after_the_answer_on(topic, "how is it different from sex "
                                                           "trafficking?")])
    assert message.get(FORM_COMPARISON) is None


def test_what_the_classifier_called_urgent_stays_so(marker):
    [message] = marker.process([classified("sex trafficking vs labor trafficking, "
                                           "which one is happening to me", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


def test_after_the_answer_on_one_form_comparing_it_with_the_other_gets_both(agent):
    names = [names for _, names in LOOP.run_until_complete(evaluate.conversation(
        agent, ["what is labor trafficking", "how is it different from sex trafficking?"]))]
    assert names == [["utter_faq/labour_trafficking"], ["utter_faq/forms"]]


# Session 41: this got the answer on sex trafficking alone.
def test_the_difference_between_the_forms_gets_both(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "what's the difference between labor trafficking and sex trafficking?"))
    assert names == ["utter_faq/forms"], names
    assert "sex trafficking" in texts[0] and "labour trafficking" in texts[0]
