"""Digits and letters as texted are read as the words they stand for where they stand,
and as themselves elsewhere (assistant/nlu/text_speak.py): by the pattern lists and by
the classifier (`make test` trains first for the second half).

Session 53: "im scared 2 call" got the urgent reply, then the answer on minors ("i am
... 2" read as an age); "y do ppl get trafficked" got "Please call it now" before its
answer."""
import asyncio

import pytest

from assistant.nlu.text_speak import spelled_out, word_meant
from tools import evaluate

LOOP = asyncio.new_event_loop()


@pytest.mark.parametrize("typed, meant", [
    ("im scared 2 call", "im scared to call"),
    ("how 2 report", "how to report"),
    ("wat 2 do", "wat to do"),
    ("i need sum1 2 talk 2", "i need sum1 to talk to"),
    ("they forced me 2 work", "they forced me to work"),
    ("i have 2 go", "i have to go"),
    ("is there a number 4 help", "is there a number for help"),
    ("this is 4 u", "this is for u"),
    ("wat 2 look 4", "wat to look for"),
    ("thx 4 the help", "thx for the help"),
    ("y do ppl get trafficked", "why do ppl get trafficked"),
    ("but y do they stay", "but why do they stay"),
    ("me n my sister cant leave", "me and my sister cant leave"),
    # Session 54: "were" typed for "where", before a verb that never follows "were".
    ("were does it happen", "where does it happen"),
    ("were can i go", "where can i go"),
])
def test_a_digit_or_letter_as_texted_is_read_as_the_word_meant(typed, meant):
    assert spelled_out(typed) == meant


@pytest.mark.parametrize("typed", [
    "my 2 kids are missing",
    "she is 2",
    "i have 2 jobs",
    "for 4 years",
    "i worked there 4 years",
    "what are the 2 main types",
    "what's 2 plus 2",
    "y",
    "is it y or n",
    "plan b",
    "were you trafficked",
    "they were taken",
    "we were sold",
])
def test_a_number_or_a_letter_elsewhere_is_left_as_typed(typed):
    assert spelled_out(typed) == typed


def test_only_the_neighbours_decide():
    assert word_meant("scared", "2", "call") == "to"
    assert word_meant("my", "2", "kids") is None
    assert word_meant(None, "y", None) is None
    assert word_meant("y", "n", None) is None


def test_the_pattern_lists_read_the_words_meant(lexicon):
    tokens = [t.lower for t in lexicon.tokens("im scared 2 call")]
    assert "to" in tokens and "2" not in tokens
    assert lexicon.opens_like_question("y do ppl get trafficked")


# --- With the trained model -----------------------------------------------------------

def first_reply(agent, text):
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    return names


@pytest.mark.parametrize("typed, spelt", [
    ("im scared 2 call", "im scared to call"),
    ("y do ppl get trafficked", "why do ppl get trafficked"),
    ("how 2 report", "how to report"),
    ("is there a number 4 help", "is there a number for help"),
    ("wat 2 look 4", "what to look for"),
    ("i need sum1 2 talk 2", "i need someone to talk to"),
    ("ppl r forced 2 work?", "people are forced to work?"),
])
def test_a_texted_message_gets_the_replies_spelt_out(trained_agent, typed, spelt):
    assert first_reply(trained_agent, typed) == first_reply(trained_agent, spelt)


def test_scared_to_call_is_no_age(trained_agent):
    assert first_reply(trained_agent, "im scared 2 call") == ["utter_urgent"]
