"""assistant/nlu/short_replies.py: acknowledgements recognised by lookup."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.readings import SPELLING_CORRECTED_TEXT
from assistant.nlu.short_replies import (
    ROOT, ShortReplyMatcher, normalise, phrases_in_file, splits_into,
)

PHRASES = frozenset(normalise(p) for p in ["ok", "okay", "got it", "yeah", "yep", "cool", "no"])


def matcher():
    return ShortReplyMatcher(ShortReplyMatcher.get_default_config(), None, None, PHRASES)


@pytest.mark.parametrize("text, expected", [
    ("OK!!", "ok"), ("okayyy", "okay"), ("Got   it.", "got it"), ("cool", "col"), ("", ""),
    ("I'm ok", "im ok"), ("that\u2019s it?", "thats it"),
])
def test_normalise_keeps_letters_once_per_run(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", ["ok", "okk", "OK!!", "yeah ok", "yep, got it", "okay cool",
                                  "no", "ok ok ok"])
def test_messages_made_of_the_phrases_match(text):
    assert matcher().matches(text)


@pytest.mark.parametrize("text", ["ok bye", "ok but what is smuggling", "no, he took my passport",
                                  "got", "", "?", "ok ok ok ok ok ok"])
def test_anything_else_is_left_to_the_classifier(text):
    assert not matcher().matches(text)


def test_a_split_needs_every_word():
    assert splits_into(["got", "it", "ok"], PHRASES)
    assert not splits_into(["got", "ok"], PHRASES)


def test_a_match_sets_the_intent_first_with_certainty():
    m = Message(data={"text": "yeah ok", "intent": {"name": "nlu_fallback", "confidence": 0.4},
                      "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4}]})
    matcher().process([m])
    assert m.get("intent") == {"name": "acknowledge", "confidence": 1.0}
    # Alone in the ranking: a confident score for another intent would be a near tie
    # for FallbackClassifier, which then fell back ("go on").
    assert m.get("intent_ranking") == [{"name": "acknowledge", "confidence": 1.0}]


MORE = frozenset(normalise(p) for p in ["tell me more", "more", "anything else", "please"])


def more_matcher():
    config = {**ShortReplyMatcher.get_default_config(), "intent": "ask_more",
              "lead_in_intents": ["acknowledge"]}
    return ShortReplyMatcher(config, None, None, MORE, PHRASES)


@pytest.mark.parametrize("text", ["tell me more", "ok tell me more", "yeah ok, tell me more!",
                                  "more", "tell me more please", "Anything else?"])
def test_phrases_after_lead_ins_match(text):
    assert more_matcher().matches(text)


@pytest.mark.parametrize("text", ["ok", "tell me more ok", "ok bye", "tell me more about smuggling",
                                  "ok ok ok ok more more", "", "?"])
def test_lead_ins_alone_after_or_between_do_not_match(text):
    # Lead-ins come only first, and are not the intent by themselves; the word limit
    # counts them.
    assert not more_matcher().matches(text)


@pytest.mark.parametrize("text", ["so tell me more", "and anything else?", "but tell me more",
                                  "ok so tell me more", "Well... anything else?"])
def test_connecting_words_may_open_the_phrases_where_lead_ins_may(text):
    # Session 61: "so what should i do" after a disclosure had got "Please call it
    # now" then how to help others.
    assert more_matcher().matches(text)


@pytest.mark.parametrize("text", ["so", "and but", "tell me more so", "so bye",
                                  "so tell me more about smuggling"])
def test_connecting_words_alone_or_after_the_phrases_do_not_match(text):
    assert not more_matcher().matches(text)


def test_without_a_lead_in_intent_nothing_but_the_phrases_match():
    plain = ShortReplyMatcher({**ShortReplyMatcher.get_default_config(), "intent": "ask_more"},
                              None, None, MORE)
    assert plain.matches("tell me more")
    assert not plain.matches("ok tell me more")
    assert not plain.matches("so tell me more")



def test_a_match_overrules_what_the_classifier_said_even_urgent():
    # "what do I do now?" the classifier often takes for a cry for help; its own reply
    # gives the hotline first (session 36). The urgent lexicon, which runs last, still
    # decides any message it matches.
    m = Message(data={"text": "what now?", "intent": {"name": "urgent_help", "confidence": 0.7},
                      "intent_ranking": [{"name": "urgent_help", "confidence": 0.7}]})
    config = {**ShortReplyMatcher.get_default_config(), "intent": "ask_what_to_do"}
    ShortReplyMatcher(config, None, None, frozenset(["what now"])).process([m])
    assert m.get("intent") == {"name": "ask_what_to_do", "confidence": 1.0}


def test_a_word_in_no_phrase_rules_a_message_out_before_any_split():
    # The vocabulary check (session 36) must not change what matches.
    m = matcher()
    assert m._words == {"ok", "okay", "got", "it", "yeah", "yep", "col", "no"}
    assert m.matches("yeah ok") and not m.matches("yeah ok bye")


WHY = frozenset(normalise(p) for p in ["why not", "is it anonymous"])


def why_matcher():
    config = {**ShortReplyMatcher.get_default_config(), "intent": "ask_about_assistant"}
    return ShortReplyMatcher(config, None, None, WHY)


def processed(text, corrected=None):
    m = Message(data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.4},
                      "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4}]})
    if corrected:
        m.set(SPELLING_CORRECTED_TEXT, corrected)
    why_matcher().process([m])
    return m.get("intent")["name"]


def test_text_speak_is_read_as_the_words_it_stands_for():
    # Session 60: "y not" got two topics to choose from; "why not" its reply.
    assert processed("y not") == "ask_about_assistant"


def test_the_classifiers_spelling_correction_is_read_too():
    assert processed("is it anonymus", corrected="is it anonymous") == "ask_about_assistant"
    assert processed("is it anonymus") == "nlu_fallback"


def test_a_reading_adds_no_words():
    assert processed("y not tell me", corrected="why not tell me") == "nlu_fallback"


INTRODUCTIONS = ROOT / "knowledge" / "introductions.yml"


def test_a_phrases_file_gives_each_frame_before_each_word(tmp_path):
    path = tmp_path / "more.yml"
    path.write_text("roles:\n  frames: [im a, i am a]\n  words: [lawyer, bus driver]\n"
                    "fields:\n  frames: [i work in]\n  words: [retail]\n")
    assert phrases_in_file(path) == {"im a lawyer", "im a bus driver", "i am a lawyer",
                                     "i am a bus driver", "i work in retail"}


def file_matcher(intent, max_words, phrases_file, learned, lead_in):
    """A matcher for `intent` as config.yml sets it up, with `phrases_file`, one learned
    phrase and one lead-in (given here, so the lead-in intent's name is any name)."""
    config = {**ShortReplyMatcher.get_default_config(), "intent": intent,
              "lead_in_intents": ["lead-in"], "max_words": max_words,
              "phrases_file": phrases_file}
    return ShortReplyMatcher(config, None, None, frozenset([learned]), frozenset([lead_in]))


def test_the_phrases_file_adds_to_the_learned_phrases():
    m = file_matcher("introduce_self", 12, "knowledge/introductions.yml", "im a teacher", "hi")
    assert all(m.matches(t) for t in ["im a teacher", "hi, I'm a lawyer", "i drive for uber"])
    assert not any(m.matches(t) for t in ["im a lawyer and my boss took my passport",
                                          "im a victim", "lawyer"])


# Session 62: whether to tell someone (knowledge/whom_to_tell.yml), as config.yml reads it.
def test_whom_to_tell_adds_to_asking_what_to_do():
    m = file_matcher("ask_what_to_do", 7, "knowledge/whom_to_tell.yml", "who do i tell", "ok")
    assert all(m.matches(t) for t in ["should i tell the principal", "ok, do i tell her parents?",
                                      "should i report it to HR", "so should we tell someone"])
    assert not any(m.matches(t) for t in ["should i tell the principal he touched her",
                                          "tell the principal", "the principal"])


# What may be one's own danger is no introduction: it stays with the classifier and the
# urgent lexicon (knowledge/introductions.yml's header).
DANGER_WORDS = {normalise(w) for w in [
    "victim", "slave", "minor", "dancer", "stripper", "escort", "model", "massage", "spa",
    "club", "prostitute", "sex", "foster care", "mental health", "kid", "girl", "boy", "teen",
    "teenager", "runaway"]}


def test_no_introduction_in_the_file_says_what_may_be_ones_own_danger():
    phrases = phrases_in_file(INTRODUCTIONS)
    assert len(phrases) > 1000
    risky = [p for p in phrases
             if any(f" {w} " in f" {p} " for w in DANGER_WORDS) or any(c.isdigit() for c in p)]
    assert risky == []


# Session 63: a thumbs-up alone got "Sorry, I didn't understand that".
@pytest.mark.parametrize("text, expected", [
    ("\U0001F44D", "ok"), ("\U0001F44C\U0001F44D", "ok ok"), ("ok \U0001F44D\U0001F3FD", "ok ok"),
    ("\U0001F62D", ""),
])
def test_a_thumbs_up_reads_as_ok_and_other_emoji_as_nothing(text, expected):
    assert normalise(text) == expected


# Session 63: asking whether what was told is a scam, abuse or trafficking
# (knowledge/situations.yml), as config.yml reads it.
def test_situations_add_to_asking_about_a_situation():
    m = file_matcher("ask_about_situation", 8, "knowledge/situations.yml", "is this normal",
                     "ok")
    assert all(m.matches(t) for t in ["is that a scam or trafficking?", "could it be a scam",
                                      "ok but is it abuse or trafficking", "is this sketchy",
                                      "so is that just a bad boss"])
    assert not any(m.matches(t) for t in ["is this trafficking", "is that trafficking?",
                                          "a scam", "is it a scam if they took her passport",
                                          "what is a scam"])


# Session 63: "can you give me an example", one of ask_more's examples, has six words, one
# more than that matcher's `max_words`, and never matched.
def test_one_whole_phrase_matches_however_long_but_not_two():
    phrases = frozenset(normalise(p) for p in ["can you give me an example", "ok"])
    m = ShortReplyMatcher(ShortReplyMatcher.get_default_config(), None, None, phrases)
    assert m.matches("Can you give me an example?")
    assert not m.matches("ok can you give me an example")
