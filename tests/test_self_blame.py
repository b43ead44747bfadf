"""Someone blaming themselves for what happened (knowledge/self_blame.yml,
assistant/nlu/self_blame.py): the list, the component, and the replies with the trained
model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.parse_data import add_entity
from assistant.nlu.self_blame import SELF_BLAME, SelfBlameMarker, SelfBlamePhrases
from assistant.nlu.survivor import SURVIVOR, SurvivorMarker, SurvivorPhrases
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entity_names, entries, load_yaml, pattern_list, urgent_messages_marked,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/self_blame.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(SelfBlamePhrases, nlp)


@pytest.fixture(scope="module")
def marker(phrases, lexicon):
    return SelfBlameMarker(SelfBlameMarker.get_default_config(), phrases, lexicon)


@pytest.fixture(scope="module")
def survivor_marker(nlp, lexicon):
    return SurvivorMarker(SurvivorMarker.get_default_config(),
                          pattern_list(SurvivorPhrases, nlp), lexicon)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(phrases, entry):
    assert_blocker_clears_its_example(phrases, entry)


def test_none_of_our_urgent_messages_matches(marker):
    assert urgent_messages_marked(marker, SELF_BLAME) == []


@pytest.mark.parametrize("text,intent", [
    ("is it my fault?", "urgent_help"),
    ("I went with him willingly", "urgent_help"),
    ("i should have known better", "out_of_scope"),
    ("i feel so stupid for believing him", "nlu_fallback"),
    # A question: "is it my fault?" is the very one this reply is for.
    ("i agreed to it at first, is it still trafficking?", "out_of_scope"),
])
def test_self_blame_gets_the_entity_and_stays_urgent(marker, text, intent):
    [message] = marker.process([classified(text, intent)])
    assert message.get("intent")["name"] == "urgent_help"
    assert entity_names(message) == [SELF_BLAME]
    assert message.get(SELF_BLAME)["intent_before"] == intent


@pytest.mark.parametrize("text", [
    "was it my fault he hit me",                  # violence now
    "it's my fault he found me again",            # blocker
    "it's my fault, they took my passport",       # documents_taken
    "i went willingly and i'm still there",       # blocker
])
def test_danger_now_keeps_the_urgent_reply(marker, text):
    [message] = marker.process([classified(text, "urgent_help")])
    assert message.get(SELF_BLAME) is None and not message.get("entities")


def test_a_general_question_about_blame_is_left_to_the_classifier(marker):
    [message] = marker.process([classified("are victims to blame for being trafficked?", "faq")])
    assert message.get("intent")["name"] == "faq" and message.get(SELF_BLAME) is None


def test_a_message_that_says_calling_is_not_safe_keeps_the_urgent_reply(marker):
    message = classified("it's my fault, i can't call", "urgent_help")
    add_entity(message, "cannot_call", "said", "CannotCallMarker")
    [message] = marker.process([message])
    assert message.get(SELF_BLAME) is None and entity_names(message) == ["cannot_call"]


def answered(text, classifier_said):
    """A question the safety net answered after the urgent reply, as it leaves it."""
    message = classified(text, "faq")
    add_entity(message, "safety_net", "concern_for_someone", "UrgentSafetyNet")
    message.set("urgent_match", {"category": "concern_for_someone",
                                 "classifier_said": classifier_said}, add_to_output=True)
    return message


def test_a_topic_found_only_after_the_classifier_said_urgent_is_replaced(marker):
    # "is it my fault that I got trafficked?" got the warning signs this way.
    [message] = marker.process([answered("is it my fault that I got trafficked?",
                                         "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert entity_names(message) == [SELF_BLAME]


def test_a_question_the_classifier_read_keeps_its_answer(marker):
    [message] = marker.process([answered("it was my fault, why do victims not leave?", "faq")])
    assert message.get("intent")["name"] == "faq"
    assert entity_names(message) == ["safety_net", SELF_BLAME]


def test_it_takes_over_a_survivors_turn(marker, survivor_marker):
    [message] = survivor_marker.process([classified(
        "I'm a survivor and I feel like it was my fault", "out_of_scope")])
    assert entity_names(message) == [SURVIVOR]
    [message] = marker.process([message])
    assert entity_names(message) == [SELF_BLAME] and message.get(SURVIVOR) is None
    # The intent the classifier found, not the survivor marker's.
    assert message.get(SELF_BLAME)["intent_before"] == "out_of_scope"


# Session 49: the survivor's "escaped" counted against the self-blame phrase, so the
# survivor's reply stood, without what the sources say of deception.
def test_it_takes_over_a_survivors_turn_whose_phrase_holds_a_lexicon_word(marker,
                                                                          survivor_marker):
    [message] = survivor_marker.process([classified(
        "I escaped 3 years ago. Sometimes I still feel like it was my fault.", "urgent_help")])
    assert entity_names(message) == [SURVIVOR]
    [message] = marker.process([message])
    assert entity_names(message) == [SELF_BLAME] and message.get(SURVIVOR) is None


def test_the_staff_line_and_the_usage_report_name_it(marker):
    from assistant.staff.explain import safety_net
    from assistant.usage import outcome as o

    [message] = marker.process([classified("is it my fault?", "out_of_scope", 0.99)])
    parse_data = message.as_dict(only_output_properties=True)
    assert safety_net(parse_data) == (
        'safety net: self-blame words "my fault" (classifier said out_of_scope)')
    assert o.classify(parse_data) == o.Outcome(o.URGENT, "self-blame", "self-blame list")


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 39: "is it my fault?" got "Please call it now" alone; "is it my fault that I
# got trafficked?" that and the warning signs.
@pytest.mark.parametrize("text", ["is it my fault?", "is it my fault that I got trafficked?",
                                  "I feel so stupid for believing him"])
def test_self_blame_gets_the_hotline_first_then_the_sources_on_deception(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_self_blame"], names
    assert texts[0].startswith(HOTLINE) and "call it now" not in texts[0]
    assert "deceive" in texts[0]


def test_after_a_disclosure_going_willingly_gets_it_too(agent):
    sender = "disclosure-then-self-blame"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "my boyfriend made me sell myself",
                                              sender=sender))
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "I went with him willingly", sender=sender))
    assert names == ["utter_self_blame"], names


# Session 62: "what if i chose to do it", after "am i a victim", got two topics to choose
# from.
def test_having_chosen_it_after_asking_if_one_is_a_victim_gets_it_too(agent):
    sender = "am-i-a-victim-then-chose-it"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "am i a victim", sender=sender))
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "what if i chose to do it", sender=sender))
    assert names == ["utter_self_blame"], names
    assert texts[0].startswith(HOTLINE)


def test_a_survivor_blaming_herself_gets_it(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "I escaped from my trafficker 3 years ago. Sometimes I still feel like it "
               "was my fault. Is that normal?"))
    assert names == ["utter_self_blame"], names


def test_danger_now_still_gets_call_now(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "was it my fault he hit me"))
    assert names == ["utter_urgent"] and "call it now" in texts[0]
