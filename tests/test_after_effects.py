"""Someone telling how what happened still weighs on them (knowledge/after_effects.yml,
assistant/nlu/after_effects.py): the list, the component, and the replies with the
trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.after_effects import AFTER_EFFECTS, AfterEffectsMarker, AfterEffectsPhrases
from assistant.nlu.parse_data import add_entity
from assistant.nlu.readings import PREVIOUS_SURVIVOR
from assistant.nlu.survivor import SURVIVOR
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entity_names, entries, load_yaml, pattern_list, urgent_messages_marked,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/after_effects.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(AfterEffectsPhrases, nlp)


@pytest.fixture(scope="module")
def marker(phrases, lexicon):
    return AfterEffectsMarker(AfterEffectsMarker.get_default_config(), phrases, lexicon)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(phrases, entry):
    assert_pattern_matches_its_example(phrases, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(phrases, entry):
    assert_blocker_clears_its_example(phrases, entry)


def test_none_of_our_urgent_messages_matches(marker):
    assert urgent_messages_marked(marker, AFTER_EFFECTS) == []


@pytest.mark.parametrize("text,intent", [
    ("nobody believes me", "urgent_help"),
    # A statement that ends in a question is one still.
    ("i have nightmares, is that normal?", "urgent_help"),
    ("i have nightmares every night", "urgent_help"),
    ("i feel so alone", "out_of_scope"),
    ("i never told anyone", "nlu_fallback"),
])
def test_it_gets_the_entity_and_stays_urgent(marker, text, intent):
    [message] = marker.process([classified(text, intent)])
    assert message.get("intent")["name"] == "urgent_help"
    assert entity_names(message) == [AFTER_EFFECTS]
    assert message.get(AFTER_EFFECTS)["intent_before"] == intent


@pytest.mark.parametrize("text", [
    "i have nightmares and he threatened my family",   # danger_fear_threats
    "i feel so alone, they took my passport",          # documents_taken
    "nobody believes me that he is still doing it",    # blocker: it is not over
    "i feel numb, they make me work every day",        # forced_work_or_sex
    "i'm having a panic attack right now",             # blocker
    # A disclosure in a category the survivor list lets through (the past): not here.
    "i was lonely and he promised me a job abroad",    # maybe_a_victim
    "i feel so alone since my friend went missing",    # concern_for_someone
    "i have nightmares about my trafficker",           # maybe_a_victim
])
def test_danger_now_keeps_the_urgent_reply(marker, text):
    [message] = marker.process([classified(text, "urgent_help")])
    assert message.get(AFTER_EFFECTS) is None and not message.get("entities")


@pytest.mark.parametrize("text", ["why do survivors have nightmares?",
                                  "how do i stop feeling ashamed"])
def test_a_question_is_left_alone(marker, text):
    [message] = marker.process([classified(text, "out_of_scope")])
    assert message.get("intent")["name"] == "out_of_scope" and message.get(AFTER_EFFECTS) is None


@pytest.mark.parametrize("entity", [SURVIVOR, "self_blame", "cannot_call", "other_language"])
def test_a_turn_with_its_own_wording_keeps_it(marker, entity):
    message = classified("i'm a survivor and i still have nightmares", "urgent_help")
    add_entity(message, entity, "said", "Marker")
    [message] = marker.process([message])
    assert message.get(AFTER_EFFECTS) is None and entity_names(message) == [entity]


def after_a_survivors_reply(text, intent):
    message = classified(text, intent)
    message.set("metadata", {PREVIOUS_SURVIVOR: True})
    return message


# Session 56: "its been 5 years", right after "i was trafficked when i was 16" got the
# survivor's reply, got "my sources don't cover that".
@pytest.mark.parametrize("text", ["its been 5 years", "it was a long time ago", "ok so yeah"])
def test_a_few_words_after_a_survivors_reply_get_it(marker, text):
    [message] = marker.process([after_a_survivors_reply(text, "out_of_scope")])
    assert message.get("intent")["name"] == "urgent_help"
    assert entity_names(message) == [AFTER_EFFECTS]
    assert message.get(AFTER_EFFECTS)["intent_before"] == "out_of_scope"


@pytest.mark.parametrize("text,intent", [
    ("what is a t visa", "out_of_scope"),                      # a question
    ("its been 5 years and i still dont know what to do about any of it", "out_of_scope"),
    ("thanks", "thank"),                                       # understood
    ("its been 5 years", "nlu_fallback"),                      # not understood, nothing offered
    ("info on shelters", "out_of_scope"),                      # asking for something
])
def test_after_a_survivors_reply_other_messages_keep_their_reading(marker, text, intent):
    [message] = marker.process([after_a_survivors_reply(text, intent)])
    assert message.get("intent")["name"] == intent and message.get(AFTER_EFFECTS) is None


def test_without_a_survivors_reply_before_a_few_words_keep_their_reading(marker):
    [message] = marker.process([classified("its been 5 years", "out_of_scope")])
    assert message.get("intent")["name"] == "out_of_scope" and message.get(AFTER_EFFECTS) is None


def test_the_staff_line_and_the_usage_report_name_it(marker):
    from assistant.staff.explain import safety_net
    from assistant.usage import outcome as o

    [message] = marker.process([classified("i feel so alone", "out_of_scope", 0.97)])
    parse_data = message.as_dict(only_output_properties=True)
    assert safety_net(parse_data) == (
        'safety net: after-effects words "i * feel * alone" (classifier said out_of_scope)')
    assert o.classify(parse_data) == o.Outcome(o.URGENT, "after-effects", "after-effects list")


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 40: after "I'm a survivor", "nobody believes me" and "I have nightmares every
# night" got "Please call it now"; "I feel so alone" "my sources don't cover that".
def test_a_survivor_who_goes_on_talking_is_not_told_to_call_now(agent):
    sender = "survivor-goes-on"
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "i'm a survivor",
                                                         sender=sender))
    assert names == ["utter_survivor"]
    for text in ["nobody believes me", "i have nightmares every night", "i feel so alone"]:
        texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
        assert names == ["utter_after_effects"], (text, names)
        assert texts[0].startswith(HOTLINE) and "call it now" not in texts[0].lower()


def test_the_second_time_it_says_it_in_other_words(agent, domain):
    sender = "after-effects-twice"
    [first, again] = [v["text"] for v in domain["responses"]["utter_after_effects"]]
    texts, _ = LOOP.run_until_complete(evaluate.bot_turn(agent, "i feel so alone", sender=sender))
    assert texts == [first]
    for text in ["nobody believes me", "i keep having flashbacks"]:
        texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
        assert (texts, names) == ([again], ["utter_after_effects"])
    assert again.startswith(HOTLINE) and "in danger" in again


# Session 42: someone who went on telling what was happening got "Please call it now"
# in the same words at every turn.
def test_the_urgent_reply_the_second_time_says_it_in_other_words(agent, domain):
    [again] = [v["text"] for v in domain["responses"]["utter_urgent"]
               if {"type": "slot", "name": "told_before", "value": True} in
               (v.get("condition") or [])]
    first = domain["responses"]["utter_urgent"][0]["text"]
    sender = "urgent-twice"
    for text, expected in [("my boss took my passport", first),
                           ("he locks us in at night", again),
                           ("we never get paid", again)]:
        texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
        assert names == ["utter_urgent"] and texts == [expected], text
    assert again.startswith(HOTLINE) and "call it now" in again and "automated" in again
    assert len(again) <= 160, "one SMS"


def tracker_after(agent, sender, texts):
    """The conversation `sender` has after saying each of `texts` in turn."""
    for text in texts:
        LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
    return LOOP.run_until_complete(agent.tracker_store.retrieve(sender))


def test_told_before_reads_the_conversation_only_for_the_replies_it_names(agent):
    from assistant.runtime import reply_conditions

    tracker = tracker_after(agent, "told-before", ["hi", "i feel so alone"])
    assert reply_conditions.told_before(tracker, "utter_after_effects")
    # Sent, but not a reply it names (until session 42 this asked of utter_urgent,
    # which it names since, and which this conversation never sent).
    assert "utter_greet" not in reply_conditions.TOLD_BEFORE_REPLIES
    assert not reply_conditions.told_before(tracker, "utter_greet")
    assert not reply_conditions.told_before(tracker, "utter_urgent")
    fresh = LOOP.run_until_complete(agent.tracker_store.retrieve("nobody-yet"))
    assert fresh is None or not reply_conditions.told_before(fresh, "utter_after_effects")


def test_a_survivor_going_on_in_a_few_words_is_thanked_not_told_sources_dont_cover_it(agent):
    sender = "survivor-few-words"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "i was trafficked when i was 16",
                                              sender=sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "its been 5 years",
                                                             sender=sender))
    assert names == ["utter_after_effects"] and texts[0].startswith(HOTLINE)


def test_danger_now_after_a_survivor_turn_still_gets_call_now(agent):
    sender = "survivor-then-danger"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "i'm a survivor", sender=sender))
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "nobody believes me and he found me again", sender=sender))
    assert names == ["utter_urgent"] and "call it now" in texts[0]


# Session 58: "is that normal?", after "i still have nightmares", got "I can't judge a
# particular situation", then what trafficking is.
@pytest.mark.parametrize("survivor_says", [
    ["i was trafficked 5 years ago", "i still have nightmares"],
    ["nobody believes me"],
])
def test_is_that_normal_after_a_survivors_reply_is_answered_about_how_it_weighs(
        agent, domain, survivor_says):
    [plain, after_survivor] = [v["text"] for v in domain["responses"]["utter_about_situation"]]
    sender = "is-that-normal-" + survivor_says[0]
    for text in survivor_says:
        LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
    for text, expected in [("is that normal", after_survivor),
                           ("is this normal", plain)]:  # the turn before was not a survivor's
        texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))
        assert (texts, names) == ([expected], ["utter_about_situation"]), text
    assert "mental" in after_survivor and "1-888-373-7888" in after_survivor
    assert "force, fraud or coercion" not in after_survivor


def test_is_that_normal_after_the_urgent_reply_keeps_the_plain_reply(agent, domain):
    plain = domain["responses"]["utter_about_situation"][0]["text"]
    sender = "is-that-normal-urgent"
    LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my boss makes me work 16 hours a day", sender=sender))
    texts, _ = LOOP.run_until_complete(evaluate.bot_turn(agent, "is that normal", sender=sender))
    assert texts == [plain]


def test_after_survivor_reads_the_conversation_only_for_the_replies_it_names(agent):
    from assistant.runtime import reply_conditions

    tracker = tracker_after(agent, "after-survivor", ["i feel so alone", "is that normal"])
    # At the reply to "is that normal", the turn before was the survivor's reply.
    assert reply_conditions.after_survivor(tracker, "utter_about_situation")
    assert not reply_conditions.after_survivor(tracker, "utter_greet")
