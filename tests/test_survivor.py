"""A survivor telling the past (knowledge/survivor.yml, assistant/nlu/survivor.py): the
list, the component, and the reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.survivor import SURVIVOR, SurvivorMarker, SurvivorPhrases
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entity_names, entries, load_yaml, pattern_list, urgent_messages_marked,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/survivor.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(SurvivorPhrases, nlp)


@pytest.fixture(scope="module")
def marker(phrases, lexicon):
    return SurvivorMarker(SurvivorMarker.get_default_config(), phrases, lexicon)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(phrases, entry):
    assert_blocker_clears_its_example(phrases, entry)


def test_none_of_our_urgent_messages_matches(phrases, marker):
    assert urgent_messages_marked(marker, SURVIVOR) == []


@pytest.mark.parametrize("text", [
    "i'm a survivor",
    "I was trafficked years ago and still have nightmares",
    "i was trafficked for 3 years. i got out in 2019",
    "i was trafficked when i was 14. i'm safe now",
    # Session 38: "escape" is in the urgent lexicon; inside the survivor's own phrase it
    # tells the past.
    "I escaped last year but still have nightmares",
    "i escaped five years ago",
    "I was trafficked by my uncle from 8 to 16. I'm 30 now and safe",
])
def test_a_survivor_telling_the_past_gets_the_entity(marker, text):
    [message] = marker.process([classified(text, "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert entity_names(message) == [SURVIVOR]


@pytest.mark.parametrize("text", [
    "i'm a survivor but they are watching me",          # danger_fear_threats
    "i was trafficked years ago and he took my passport again",
    "i got out but i have nowhere safe to go tonight",   # no pattern: getting out is not the past
    "my family started trafficking me when i was 9",     # past tense alone
    "i escaped last year and i am scared",
    "i escaped five years ago but i want to escape from my husband now",
])
def test_danger_now_or_no_sign_it_is_over_keeps_the_urgent_reply(marker, text):
    [message] = marker.process([classified(text, "urgent_help")])
    assert message.get(SURVIVOR) is None and not message.get("entities")


def answered_after_the_urgent_reply(text):
    """A question the safety net answers after the urgent reply, as it leaves it."""
    from assistant.nlu.parse_data import add_entity

    message = classified(text, "faq")
    add_entity(message, "safety_net", "maybe_a_victim", "UrgentSafetyNet")
    return message


# Session 38: it got "Please call it now" before the answer.
def test_a_survivors_question_answered_after_the_hotline_gets_the_entity_and_keeps_its_answer(
        marker):
    [message] = marker.process([answered_after_the_urgent_reply(
        "I was trafficked years ago, why was it so hard to leave?")])
    assert message.get("intent")["name"] == "faq"
    assert entity_names(message) == ["safety_net", SURVIVOR]


def test_danger_now_in_such_a_question_keeps_the_urgent_reply(marker):
    [message] = marker.process([answered_after_the_urgent_reply(
        "I was trafficked years ago and he found me again, why is it so hard to leave?")])
    assert message.get(SURVIVOR) is None
    assert entity_names(message) == ["safety_net"]


def test_a_question_answered_keeps_its_answer(marker):
    [message] = marker.process([classified("i'm a survivor, how can i help others?", "faq")])
    assert message.get("intent")["name"] == "faq" and message.get(SURVIVOR) is None


def test_a_survivors_question_the_sources_dont_answer_stays_out_of_scope(marker):
    [message] = marker.process([classified("as a survivor, what can i do to help?",
                                           "out_of_scope")])
    assert message.get("intent")["name"] == "out_of_scope" and message.get(SURVIVOR) is None


def test_an_out_of_scope_survivor_becomes_urgent(marker):
    [message] = marker.process([classified("i'm a survivor", "out_of_scope", 0.99)])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 37: "I'm a survivor" got "My sources don't cover that, so I can't answer it";
# the others "Please call it now".
@pytest.mark.parametrize("text", ["i'm a survivor", "I was trafficked years ago and still have nightmares",
                                  "i was trafficked for 3 years. i got out in 2019"])
def test_a_survivor_gets_the_hotline_first_without_call_now(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_survivor"]
    assert texts[0].startswith(HOTLINE) and "in danger" in texts[0] and "call it now" not in texts[0]


def test_a_survivors_question_gets_the_survivors_wording_then_the_answer(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "I was trafficked years ago, why was it so hard to leave?"))
    assert names == ["utter_survivor", "utter_faq/leaving_hard"], names
    assert texts[0].startswith(HOTLINE) and "call it now" not in texts[0]


def test_after_it_answers_end_with_the_hotline(agent):
    sender = "survivor-then-question"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "i'm a survivor", sender=sender))
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "what are the effects on victims?", sender=sender))
    assert names == ["utter_faq/effects"] and texts[0].endswith(f"call {HOTLINE}.")


def test_the_staff_line_names_the_survivors_words(marker):
    from assistant.staff.explain import safety_net

    [message] = marker.process([classified("i'm a survivor", "out_of_scope", 0.99)])
    parse_data = message.as_dict(only_output_properties=True)
    assert safety_net(parse_data) == (
        'safety net: survivor\'s words "i be a survivor" (classifier said out_of_scope)')
