""""Can you repeat that?" sends the previous turn's replies again
(assistant/runtime/repeat_reply.py): the module on a hand-built conversation, then the
trained model (`make test` trains first)."""
import asyncio
import uuid

import pytest
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime.repeat_reply import previous_turn_replies, repeated_message
from conftest import HOTLINE, ROOT
from tools import evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"
LOOP = asyncio.new_event_loop()


def tracker(*events):
    return DialogueStateTracker.from_events("repeat-test", list(events))


def bot(text, facts=(), buttons=None):
    data = {"buttons": buttons} if buttons else {}
    return BotUttered(text, data, {"utter_action": "utter_x", "facts": list(facts)})


def test_the_previous_turns_replies_in_order_not_older_ones():
    t = tracker(UserUttered("hi"), bot("old"), UserUttered("help me"), bot("first", ["hotline"]),
                bot("second", ["effects"]), UserUttered("repeat"))
    assert [r.text for r in previous_turn_replies(t)] == ["first", "second"]
    message = repeated_message(t)
    assert message["text"] == "first\n\nsecond"
    assert message["metadata"]["facts"] == ["hotline", "effects"]


def test_the_last_replys_buttons_come_too():
    buttons = [{"title": "How do I report it?", "payload": "How do I report trafficking?"}]
    t = tracker(UserUttered("hi"), bot("Hi!", buttons=buttons), UserUttered("repeat"))
    assert repeated_message(t)["buttons"] == buttons


def test_nothing_to_repeat_at_the_start():
    assert repeated_message(tracker(UserUttered("repeat"))) is None


def test_never_by_sms():
    t = tracker(UserUttered("help me"), bot("1-888-373-7888 ..."), UserUttered("repeat"))
    assert repeated_message(t, "twilio") is None
    assert repeated_message(t, "socketio")["text"] == "1-888-373-7888 ..."


def test_only_the_bots_words_are_read():
    t = tracker(UserUttered("my secret"), bot("reply"), UserUttered("repeat"))
    assert "my secret" not in repeated_message(t)["text"]


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


def say(agent, sender, text):
    return LOOP.run_until_complete(evaluate.bot_turn(agent, text, sender=sender))


# Session 38: "can you repeat that" got "Sorry that didn't help", "say that again"
# "Sorry, I didn't understand that".
# Session 52: "again?" got "my sources don't cover that".
@pytest.mark.parametrize("text", ["can you repeat that", "Say that again please",
                                  "ok, what did you say?", "repeat", "again?"])
def test_asking_to_repeat_gets_the_same_reply_again(agent, text):
    sender = f"repeat-{uuid.uuid4().hex}"
    before, _ = say(agent, sender, "what is smuggling?")
    texts, names = say(agent, sender, text)
    assert names == ["utter_repeat"] and texts == before


def test_after_an_urgent_reply_and_an_answer_both_come_again_with_the_hotline_first(agent):
    sender = f"repeat-{uuid.uuid4().hex}"
    before, names = say(agent, sender, "I was trafficked years ago, why was it so hard to leave?")
    assert len(names) == 2
    texts, _ = say(agent, sender, "can you repeat that?")
    assert texts == ["\n\n".join(before)] and texts[0].startswith(HOTLINE)


def test_with_nothing_said_yet_it_says_so_with_the_hotline(agent):
    texts, names = say(agent, f"repeat-{uuid.uuid4().hex}", "repeat")
    assert names == ["utter_repeat"]
    assert texts[0].startswith("I haven't said anything yet") and HOTLINE in texts[0]
