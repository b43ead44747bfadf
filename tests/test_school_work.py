"""Saying one works on a school or research project about trafficking
(knowledge/school_work.yml, assistant/nlu/school_work.py): the list, the component, and
the reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.school_work import SCHOOL_WORK, SchoolWork, SchoolWorkMatcher
from assistant.staff.explain import looked_up
from conftest import (
    assert_blocker_clears_its_example, assert_pattern_matches_its_example, classified,
    entries, load_yaml, our_messages, pattern_list,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/school_work.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def mentions(nlp):
    return pattern_list(SchoolWork, nlp)


@pytest.fixture(scope="module")
def matcher(mentions):
    return SchoolWorkMatcher(SchoolWorkMatcher.get_default_config(), mentions)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(mentions, entry):
    assert_pattern_matches_its_example(mentions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(mentions, entry):
    assert_blocker_clears_its_example(mentions, entry)


def test_no_other_message_of_ours_and_no_real_message_is_taken_for_school_work(mentions):
    """When the list was written (session 41) no message of ours or of the real sets
    spoke of a project, essay or paper: it changes none of their replies."""
    texts = (our_messages()
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    assert [t for t in texts if mentions.find(t) is not None] == []


@pytest.mark.parametrize("text, classifier_said", [
    ("i have a school project about trafficking", "faq"),
    ("im writing a paper on human trafficking", "out_of_scope"),
    ("hi! i have a presentation on human trafficking tomorrow", "greet"),
])
def test_a_project_on_trafficking_gets_what_the_assistant_can_explain(matcher, text,
                                                                      classifier_said):
    [message] = matcher.process([classified(text, classifier_said, 0.97)])
    assert message.get("intent")["name"] == "ask_capabilities"
    assert looked_up(message.as_dict(only_output_properties=True)) == [
        f'a school or research project: "{message.get(SCHOOL_WORK)}"']


@pytest.mark.parametrize("text", [
    "can you help me with my maths homework",       # not about trafficking
    "i want to file a report on trafficking",       # reporting, not school work
    "my boss keeps my papers",                      # documents
    "for my essay on trafficking: what is the palermo protocol?",  # asks something
])
def test_other_messages_are_left_to_the_classifier(matcher, text):
    [message] = matcher.process([classified(text, "faq", 0.97)])
    assert message.get("intent")["name"] == "faq" and message.get(SCHOOL_WORK) is None


def test_another_lists_intent_stands(matcher):
    [message] = matcher.process([classified("im doing a project on trafficking, is this "
                                            "chat private?", "ask_privacy", 1.0)])
    assert message.get("intent")["name"] == "ask_privacy" and message.get(SCHOOL_WORK) is None


# Session 42: until then the classifier's urgent reading stood too, and "i need help with
# my school project on trafficking" got "Please call it now" (the classifier learned "i
# need help" from pleas). The lexicon still decides what it matches (below).
def test_the_classifiers_urgent_reading_gives_way(matcher):
    [message] = matcher.process([classified(
        "i need help with my school project on trafficking", "urgent_help", 0.97)])
    assert message.get("intent")["name"] == "ask_capabilities"


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 41: this got how to help others (raise awareness, donate).
def test_a_student_is_told_what_the_assistant_can_explain(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "i have a school project about trafficking"))
    assert names == ["utter_capabilities"], names
    assert "I only know what my source documents say" in texts[0]


# Session 42: the lexicon's "need * help" and "help me" had made these urgent, and the
# classifier the first; a disclosure beside a project stays urgent.
@pytest.mark.parametrize("text, names", [
    ("i need help with my school project on trafficking", ["utter_capabilities"]),
    ("i need help writing a paper on human trafficking", ["utter_capabilities"]),
    ("help me with my presentation about modern slavery", ["utter_capabilities"]),
    # Session 62: "Please call it now"; a school task needs no subject named.
    ("i need help with a school project", ["utter_capabilities"]),
    ("can you help me with an essay for school", ["utter_capabilities"]),
    ("i did a project on trafficking and now my boyfriend makes me sell sex", ["utter_urgent"]),
    ("help me, my project on trafficking is due and he took my passport", ["utter_urgent"]),
])
def test_help_with_a_project_is_not_a_plea_but_a_disclosure_beside_one_is(agent, text, names):
    assert LOOP.run_until_complete(evaluate.bot_turn(agent, text))[1] == names


# Session 48: learning about it, or having seen or heard of it. The first got "Please
# call it now" (the lexicon read "is * trafficking"), the next two "my sources don't
# cover that, so I can't answer it", the last two topics to choose from. Danger told
# beside it stays urgent.
@pytest.mark.parametrize("text, names", [
    ("my class is learning about trafficking", ["utter_capabilities"]),
    ("i saw a movie about trafficking", ["utter_capabilities"]),
    ("i heard about trafficking on the news", ["utter_capabilities"]),
    ("we watched a documentary about trafficking", ["utter_capabilities"]),
    ("i heard about trafficking from a girl who is locked in the house next door",
     ["utter_urgent"]),
    # Session 63: two topics to choose from; how to help (by raising awareness).
    ("im a journalist writing about trafficking", ["utter_capabilities"]),
    ("im a teacher and want to teach my class about trafficking", ["utter_capabilities"]),
    ("i am writing about how i was trafficked and he still finds me", ["utter_urgent"]),
])
def test_learning_or_hearing_about_it_gets_what_the_assistant_can_explain(agent, text, names):
    assert LOOP.run_until_complete(evaluate.bot_turn(agent, text))[1] == names
