"""Misspelt words are read as the classifier's own words (assistant/nlu/spelling.py, the
classifier's `also_with_spelling_corrected`): the speller on hand-built words, then the
trained model (`make test` trains first).

Session 51: "how prevelant is trafficking" got two topics to choose from, "who are the
vicitms" and "what is the palermo protocal" "my sources don't cover that"."""
import asyncio

import pytest

from assistant.nlu.spelling import KNOWN_LOG_PROB, Speller, known_words, slips, word_rewrites
from tools import evaluate

LOOP = asyncio.new_event_loop()

# The classifier's words, as written: (lemma, log probability).
WORDS = {"victim": ("victim", -11.0), "victims": ("victim", -10.9),
         "causes": ("cause", -11.5), "cases": ("case", -10.5),
         "prevalent": ("prevalent", -12.1), "palermo": ("palermo", -16.5),
         "trafficking": ("traffic", -13.2), "trafficing": ("trafficing", -17.0),
         "trafficker": ("trafficker", -16.4), "common": ("common", -9.0),
         "scared": ("scared", -11.0), "card": ("card", -9.5),
         "illegal": ("illegal", -10.8), "legal": ("legal", -9.8)}
KNOWN = frozenset({"ohio", "Kate", "common", "victim", "victims", "causes", "cases"})


REWRITES = word_rewrites({"u": "you", "some1": "someone", "im": "i am", "can't": "can not",
                          "the us": "the united states", "#": "number"},
                         lambda words: words.replace("am", "be"))


@pytest.fixture(scope="module")
def speller():
    return Speller(WORDS, KNOWN, REWRITES)


def test_a_swap_counts_a_little_less_than_other_slips():
    assert slips("cuases", "causes") < slips("cuases", "cases") == 1
    assert slips("vitcim", "victim") < 1
    assert slips("prevelant", "prevalent") == 2


@pytest.mark.parametrize("typed, meant", [
    ("vitcim", "victim"),           # two letters swapped
    ("vicitms", "victims"),
    ("cuases", "causes"),           # a swap, not the commoner "cases" a letter away
    ("comon", "common"),            # a letter left out
    ("palemro", "palermo"),         # a word of ours no dictionary counts as common
    ("traffiking", "trafficking"),  # the commoner of two words a slip away
    ("traficker", "trafficker"),
    ("prevelant", "prevalent"),     # two slips in a long word
    ("Prevelant", "prevalent"),     # a capital, as in a title
    # Session 52: people seldom slip on the first letter. "im scard" got "my sources
    # don't cover that" (read "i am card"), "is it ilegal" was read "is it legal".
    ("scard", "scared"),
    ("ilegal", "illegal"),
])
def test_a_misspelt_word_is_read_as_the_classifiers(speller, typed, meant):
    assert speller.correct(typed)[0] == meant


@pytest.mark.parametrize("typed", [
    "ohio",                      # common English: never corrected
    "Kate",                      # a common name, as written
    "victim",                    # the classifier's own word
    "viktm",                     # two slips in a short word
    "vctm",                      # too short
    "x" * 21,                    # too long
    "vict1m",                    # not a word of letters
])
def test_other_words_are_left_alone(speller, typed):
    assert speller.correct(typed) is None


def test_the_speller_is_saved_and_loaded_whole(speller):
    again = Speller.from_dict(speller.to_dict())
    assert again.to_dict() == speller.to_dict()
    assert again.correct("vitcim") == speller.correct("vitcim")
    assert again.correct("u") == ("you", "you")


# Session 52: words as texted, from the lexicon's spelling rewrites of one word.
def test_only_rewrites_of_one_word_are_taken():
    assert REWRITES == {"u": ("you", "you"), "some1": ("someone", "someone"),
                        "im": ("i am", "i be")}


@pytest.mark.parametrize("typed, meant", [("u", "you"), ("U", "you"), ("some1", "someone"),
                                          ("im", "i am")])
def test_a_word_as_texted_is_read_as_the_words_meant_whatever_its_length(speller, typed, meant):
    assert speller.correct(typed)[0] == meant


def test_the_common_words_come_from_spacy_lookups_data():
    known = known_words({"ohio": -14.2, "prevelant": -16.0, "visa": -12.0, "1st": -10.0})
    assert known == {"ohio", "visa"} and KNOWN_LOG_PROB == -15.0


# --- With the trained model -----------------------------------------------------------

def first_reply(agent, text):
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    return names


# Our own sentences, one or two slips in each: answered as the same sentence spelt right.
@pytest.mark.parametrize("typed, spelt", [
    ("how prevelant is trafficking", "how prevalent is trafficking"),
    ("how comon is trafficking", "how common is trafficking"),
    ("how do i reprot trafficking", "how do i report trafficking"),
    ("who are the vicitms", "who are the victims"),
    ("what is the palermo protocal", "what is the palermo protocol"),
    ("how do i recognise a vitcim", "how do i recognise a victim"),
    ("what are the root cuases", "what are the root causes"),
    ("what does the law say about minnors", "what does the law say about minors"),
    ("what is the diffrence between smugling and trafficking",
     "what is the difference between smuggling and trafficking"),
    ("how much proffit does it make", "how much profit does it make"),
    ("who fights traffiking", "who fights trafficking"),
    ("why does trafficking keep spreding", "why does trafficking keep spreading"),
    ("is it ilegal", "is it illegal"),
    # Words as texted (session 52: "ppl r forced 2 work?" got two topics to choose from).
    # Since session 53 "2" reads "to" there too (tests/test_text_speak.py), and that
    # statement with "?", like "people are forced to work?", gets the urgent reply before
    # its answer: asked as a question, it stays here.
    ("how r ppl forced 2 work?", "how are people forced to work?"),
    # Session 52: two slips from "traffic"; it got "my sources don't cover that".
    ("what is trafick", "what is trafficking"),
    # A word alone, which as typed has no word the classifier saw.
    ("vicitms", "victims"),
    ("smugling", "smuggling"),
])
def test_a_misspelt_question_gets_the_answer_spelt_right(trained_agent, typed, spelt):
    assert first_reply(trained_agent, typed) == first_reply(trained_agent, spelt)
    assert first_reply(trained_agent, spelt)[0].startswith("utter_faq/")


# Session 52: it got two topics to choose from; spelt out, it is a worried question
# about someone, which gets the hotline first, then the warning signs.
def test_a_texted_question_gets_the_replies_spelt_out(trained_agent):
    assert (first_reply(trained_agent, "how do u kno if some1 is trafficked")
            == first_reply(trained_agent, "how do you know if someone is trafficked")
            == ["utter_urgent", "utter_faq/warning_signs"])


def test_the_parse_data_says_the_message_was_read_corrected(trained_agent):
    parsed = LOOP.run_until_complete(evaluate.parse(trained_agent, "who are the vicitms"))
    assert parsed["read_as"] == "with its misspelt words corrected"


# Session 52: the urgent lexicon matched none of these as typed; the safety net reads
# the message as the classifier's speller corrected it too, and records the match.
@pytest.mark.parametrize("text, pattern", [
    ("they took my pasport when i arived", "take * passport"),
    ("im scard", "i * scare"),
    ("he thretens to kill my family", "threaten"),
    ("i am in dangr", "in danger"),
])
def test_the_urgent_lexicon_reads_misspelt_words_corrected(trained_agent, text, pattern):
    parsed = LOOP.run_until_complete(evaluate.parse(trained_agent, text))
    assert (parsed.get("urgent_match") or {}).get("pattern") == pattern
    assert first_reply(trained_agent, text) == ["utter_urgent"]


@pytest.mark.parametrize("text, names", [
    ("is trafficking common in ohio", ["utter_out_of_scope"]),
    ("what is a t visa", ["utter_out_of_scope"]),
    ("kjhkjhkjh", ["utter_default"]),  # keyboard mashing: no word, corrected or not
])
def test_words_spelt_right_are_not_corrected_into_a_topic(trained_agent, text, names):
    assert first_reply(trained_agent, text) == names
