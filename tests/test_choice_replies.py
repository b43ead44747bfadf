"""A reply picking one of the choices the previous turn offered is read as that choice
(assistant/runtime/choice_replies.py, installed by assistant/runtime/follow_ups.py):
the pieces on hand-built input, then the trained model (`make test` trains first).

Session 53: "the second one", after two topics were offered, got "my sources don't
cover that"."""
import asyncio

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime.choice_replies import (
    DECLINED, DID_YOU_MEAN, both_taken, choice_number, chosen, declined, offered,
)
from assistant.runtime.follow_ups import with_choice_read
from tools import evaluate

LOOP = asyncio.new_event_loop()


def tracker(*events):
    return DialogueStateTracker.from_events("choice-test", list(events))


def offering(*payloads):
    return BotUttered("Choose one", {"buttons": [{"title": p, "payload": p} for p in payloads]})


OFFERED = tracker(UserUttered("hmm"), offering("What is it?", "How do I report it?"))


@pytest.mark.parametrize("text, number", [
    ("1", 1), ("2", 2), ("#2", 2), ("the second one", 2), ("Second", 2), ("2nd", 2),
    ("the first", 1), ("first one please", 1), ("option 1", 1), ("number 2", 2),
    ("the last one", -1), ("i want the second one", 2), ("two", 2), ("1st.", 1),
])
def test_a_pick_is_read_in_words_or_digits(text, number):
    assert choice_number(text) == number


@pytest.mark.parametrize("text", [
    "", "first, what is smuggling", "the second question i have is about minors",
    "12 years old", "2 girls", "one more thing", "no", "what is the first step",
    "no one", "no 1",  # nobody, not a pick
])
def test_anything_more_than_a_pick_is_no_pick(text):
    assert choice_number(text) is None


def test_the_pick_is_among_the_last_turns_choices():
    assert offered(OFFERED) == ["What is it?", "How do I report it?"]
    assert chosen("the second one", OFFERED) == "How do I report it?"
    assert chosen("last", OFFERED) == "How do I report it?"
    assert chosen("3", OFFERED) is None
    # An older turn's choices are not offered now.
    older = tracker(UserUttered("hmm"), offering("What is it?", "How do I report it?"),
                    UserUttered("thanks"), BotUttered("You're welcome"))
    assert offered(older) == [] and chosen("2", older) is None
    assert chosen("2", tracker()) is None


def asking_which(*titles_and_payloads):
    buttons = [{"title": t, "payload": p} for t, p in titles_and_payloads]
    return tracker(UserUttered("is it anonymous"), BotUttered("Which?", {"buttons": buttons}))


WHICH = asking_which(("This chat", "Is this chat private?"),
                     ("The hotline", "Is the hotline anonymous?"))


@pytest.mark.parametrize("text, payload", [
    ("the hotline", "Is the hotline anonymous?"), ("Hotline.", "Is the hotline anonymous?"),
    ("i mean the hotline", "Is the hotline anonymous?"), ("this chat", "Is this chat private?"),
    ("The chat please", "Is this chat private?"), ("2", "Is the hotline anonymous?"),
])
def test_a_choice_typed_out_by_its_title_is_that_choice(text, payload):
    """Session 55: "the hotline", after "Do you mean this chat or the hotline?", got how
    to report."""
    assert chosen(text, WHICH) == payload


@pytest.mark.parametrize("text", ["the hotline is it free", "chat with someone", "the",
                                  "i mean", ""])
def test_more_or_less_than_a_title_is_no_pick(text):
    assert chosen(text, WHICH) is None


def test_a_title_with_nothing_offered_is_read_as_typed():
    assert chosen("the hotline", tracker()) is None


def test_the_choice_goes_on_a_copy_of_the_message():
    message = UserMessage("the first one", sender_id="a")
    copied = with_choice_read(message, OFFERED)
    assert copied.text == "What is it?" and message.text == "the first one"
    # Not a pick (since session 55 a choice's title typed out, "what is it", is one).
    assert with_choice_read(UserMessage("what is smuggling", sender_id="a"),
                            OFFERED).text == "what is smuggling"
    assert with_choice_read(message, None) is message


def offered_two(*payloads):
    message = offering(*payloads)
    message.metadata = {"utter_action": DID_YOU_MEAN}
    return tracker(UserUttered("hmm"), message)


OFFERED_TWO = offered_two("What is it?", "How do I report it?")


@pytest.mark.parametrize("text", ["no one", "None", "nobody", "none of them pls", "not any"])
def test_turning_down_the_two_topics_offered_is_read_as_none_of_them(text):
    """Session 54: "no one", after two topics were offered, got two other topics."""
    assert declined(text, OFFERED_TWO) == DECLINED
    assert with_choice_read(UserMessage(text, sender_id="a"), OFFERED_TWO).text == DECLINED


@pytest.mark.parametrize("text, state", [
    ("no one", OFFERED),                 # other buttons: the greeting's, what to do now
    ("no one", tracker()),               # nothing offered
    ("no one can help me", OFFERED_TWO),  # more than turning them down
])
def test_no_one_elsewhere_is_read_as_typed(text, state):
    assert declined(text, state) is None


# Session 62: "both", after two topics were offered, got "Sorry, I didn't understand that".
@pytest.mark.parametrize("text", ["both", "Both!", "both of them please", "1 and 2",
                                  "i want both", "all of them"])
def test_taking_both_topics_offered_is_read_as_both_asked(text):
    assert both_taken(text, OFFERED_TWO) == "What is it? How do I report it?"
    assert (with_choice_read(UserMessage(text, sender_id="a"), OFFERED_TWO).text
            == "What is it? How do I report it?")


@pytest.mark.parametrize("text, state", [
    ("both", OFFERED),                  # other buttons: the greeting's, what to do now
    ("both", tracker()),                # nothing offered
    ("both are victims", OFFERED_TWO),  # more than taking both
])
def test_both_elsewhere_is_read_as_typed(text, state):
    assert both_taken(text, state) is None


# --- With the trained model -----------------------------------------------------------

def conversation(agent, *texts):
    turns = LOOP.run_until_complete(evaluate.conversation(agent, list(texts)))
    return [names for _, names in turns]


@pytest.mark.parametrize("pick, index", [("the second one", 2), ("1", 1), ("2nd", 2),
                                         ("first", 1)])
def test_a_pick_after_two_topics_offered_gets_that_topics_answer(trained_agent, pick, index):
    offered_first = "is it trafficking if your parents make you work"
    parsed = LOOP.run_until_complete(evaluate.parse(trained_agent, offered_first))
    suggestion = next(e["value"] for e in parsed["entities"]
                      if e["entity"] == f"suggestion_{index}")
    asked = conversation(trained_agent, suggestion)[0]
    assert conversation(trained_agent, offered_first, pick) == [["utter_did_you_mean"], asked]


def test_a_pick_after_the_greeting_gets_that_choice(trained_agent):
    assert conversation(trained_agent, "hi", "the last one")[1] == ["utter_faq/how_to_report"]


def test_a_pick_with_nothing_offered_is_read_as_typed(trained_agent):
    assert conversation(trained_agent, "what is trafficking", "second")[1] == ["utter_default"]


def test_no_one_after_two_topics_offered_gets_the_reply_for_none_of_them(trained_agent):
    offered_first = "is it trafficking if your parents make you work"
    assert conversation(trained_agent, offered_first, "no one") == [
        ["utter_did_you_mean"], ["utter_not_clear"]]


def test_both_after_two_topics_offered_gets_both_answers(trained_agent):
    offered_first = "what countries have laws against trafficking"
    parsed = LOOP.run_until_complete(evaluate.parse(trained_agent, offered_first))
    topics = [t for t, _ in parsed["topic_choice"]["topics"]]
    sender = "both-topics"
    LOOP.run_until_complete(evaluate.bot_turn(trained_agent, offered_first, sender))
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(trained_agent, "both", sender))
    assert names == [f"utter_faq/{topics[0]}"], names
    tracker = LOOP.run_until_complete(trained_agent.tracker_store.retrieve(sender))
    assert tracker.latest_message.text == "both"  # stored as written
    assert tracker.latest_message.parse_data["second_topic"] == topics[1]
    [second] = [v["text"] for v in trained_agent.domain.responses[f"utter_faq/{topics[1]}"]
                if not v.get("channel") and not v.get("condition")]
    assert second[:40] in texts[0]


@pytest.mark.parametrize("typed, name", [("the hotline", "utter_hotline"),
                                         ("this chat", "utter_privacy")])
def test_the_chat_or_the_hotline_typed_out_gets_its_answer(trained_agent, typed, name):
    assert conversation(trained_agent, "is it anonymous", typed) == [
        ["utter_anonymous_which"], [name]]
