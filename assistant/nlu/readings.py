"""Other readings of a message, which the classifier scores beside the message as
typed (assistant/nlu/linear_classifier.py): the same words, less what seldom changes
what a message asks. Each reading is its lemma text (for the tf-idf features) and its
text (for the sentence encoder).
"""
import re
import unicodedata
from typing import Any, List, Optional, Text, Tuple

from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.text_speak import words_meant


def joined_lemmas(tokens: List[Any]) -> Text:
    return " ".join((token.lemma or token.text).lower() for token in tokens)


def words_end(tokens: List[Any]) -> int:
    """How many tokens there are before the punctuation the message ends with."""
    end = len(tokens)
    while end and all(unicodedata.category(c).startswith("P") for c in tokens[end - 1].text):
        end -= 1
    return end


def without_end_punctuation(message: Message) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text without the punctuation it ends with
    ("is it illegal?" -> "is it illegal"), or None if it ends in none (or is nothing
    but punctuation)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    end = words_end(tokens)
    if end in (0, len(tokens)):
        return None
    return joined_lemmas(tokens[:end]), message.get(TEXT)[: tokens[end].start].rstrip()


# Words that frame a question rather than ask it: the assistant's opinion asked ("why
# do you think that...", "in your opinion, ...") or a statement set as a quiz ("True or
# False: ..."), as in questions copied from homework or written to a person. Our
# examples have none of these. A leading "explain" or "describe" is no framing: it is
# the request itself ("explain trafficking to me like I'm 12" read without it became a
# child's disclosure; docs/performance.md, session 28).
FRAMING = re.compile(
    r"^\s*(?:true or false|in your (?:opinion|view))\b[\s,:;.-]*"
    r"|\b(?:do|did) you think(?: that)?\b\s*",
    re.IGNORECASE)


# A word people end a text with that adds nothing to what it asks ("is that
# trafficking tho?", session 49: it got two topics to choose from, "is that trafficking
# though" "my sources don't cover that"). Our examples have none.
FILLER = re.compile(r"[\s,]*\b(?:tho|though|anyways?|lol|lmao|haha+)\b(?=\W*$)", re.IGNORECASE)


# A short follow-up opening with "and" ("and the effects", "and the forms?"; session
# 58: they got "Sorry, I didn't understand that" and "my sources don't cover that",
# where "what about the effects" got its answer). Our examples ask "what about ...", so
# the reading puts that in place of the "and", or, before a question word ("and where
# does it happen"), drops it.
LEADING_AND = re.compile(r"^\s*(?:and|&)\s+(?:also\s+)?", re.IGNORECASE)
QUESTION_OPENING = re.compile(
    r"(?:what|how|why|where|who|when|which|is|are|do|does|can|could|should|will)\b",
    re.IGNORECASE)
# The longest follow-up of this kind, in words after the "and".
MOST_WORDS_AFTER_AND = 5


def as_what_about(message: Message) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text with the "and" it opens with read as "what
    about" (or, before a question word, left out), without the punctuation it ends with
    ("and the effects?" -> "what about the effects"); None if it opens with no "and",
    or has nothing or more than MOST_WORDS_AFTER_AND words after it."""
    text = message.get(TEXT) or ""
    found = LEADING_AND.match(text)
    if not found:
        return None
    tokens = [t for t in message.get(TOKENS_NAMES[TEXT]) or [] if t.start >= found.end()]
    tokens = tokens[: words_end(tokens)]
    if not tokens or len(tokens) > MOST_WORDS_AFTER_AND:
        return None
    raw = text[tokens[0].start:tokens[-1].end]
    if QUESTION_OPENING.match(raw):
        return joined_lemmas(tokens), raw
    return "what about " + joined_lemmas(tokens), "what about " + raw


# Thanks or an acknowledgement before a question ("thanks, how do i help", "ok, how do
# i help", "thank you so much, how do i report it"; session 61: they got "You're
# welcome" alone, or "Sorry, I didn't understand that", where the question alone got
# its answer). Our examples of questions open with none, and the short words weigh
# heavily in a short message. Only before a question word: "thanks, i need help" is
# read as typed (and is urgent either way).
LEAD_IN = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|k|cool|great|alright|all right|got it|i see|thanks|thank (?:you|u)"
    r"|thx|thnx|thanx|ty|tysm)(?:\s+(?:so much|a lot|very much))?[\s,.!:;-]+)+"
    rf"(?={QUESTION_OPENING.pattern})",
    re.IGNORECASE)


def without_lead_in(message: Message) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text without the thanks or acknowledgement it
    opens with before a question (`LEAD_IN`: "thanks, how do i help?" -> "how do i
    help"), without the punctuation it ends with, or None if it opens with none."""
    return without_match(message, LEAD_IN)


def without_framing(message: Message) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text without its first framing and without the
    punctuation it ends with ("True or False: victims know their trafficker." -> "victims
    know their trafficker"), or None if it has no framing or nothing else."""
    return without_match(message, FRAMING)


def without_filler(message: Message) -> Optional[Tuple[Text, Text]]:
    """The same without the word it ends with that adds nothing (`FILLER`: "is that
    trafficking tho?" -> "is that trafficking"), or None if it ends with none."""
    return without_match(message, FILLER)


def without_match(message: Message, pattern: re.Pattern) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text without the first match of `pattern` and
    without the punctuation it ends with, or None if `pattern` does not match or leaves
    nothing."""
    text = message.get(TEXT) or ""
    found = pattern.search(text)
    if not found:
        return None
    start, end = found.span()
    tokens = [t for t in message.get(TOKENS_NAMES[TEXT]) or [] if not start <= t.start < end]
    tokens = tokens[: words_end(tokens)]
    if not tokens:
        return None
    last = tokens[-1].end
    raw = text[:start] + text[end:last] if last > end else text[:min(start, last)]
    return joined_lemmas(tokens), raw.strip()


# On a message with misspelt words: its text with them corrected, its end punctuation
# kept (the classifier sets it from `with_spelling_corrected`), for the urgent safety
# net to read too.
SPELLING_CORRECTED_TEXT = "spelling_corrected_text"

# In a message's metadata: the FAQ topic its conversation's previous turn was answered
# with (assistant/runtime/follow_ups.py puts it there).
PREVIOUS_TOPIC = "previous_topic"
# In a message's metadata: True when its conversation's previous turn gave the number
# to call: the urgent reply, or the answer on how to report, on what to do, on talking
# to a person, on how the hotline works (session 57) or on a number elsewhere (session
# 62; assistant/runtime/follow_ups.py, read by assistant/nlu/hotline_questions.py).
PREVIOUS_HOTLINE = "previous_hotline"
# The previous topic after a reply about trafficking as a whole (what the assistant can
# explain): no FAQ topic, and read only into a follow-up that would otherwise get that
# reply again ("what is it", session 57; assistant/runtime/follow_ups.py).
TRAFFICKING_AS_A_WHOLE = "trafficking_as_a_whole"
# In a message's metadata: True when its conversation's previous turn was answered with
# the urgent reply (assistant/runtime/follow_ups.py; read by assistant/nlu/after_urgent.py).
PREVIOUS_URGENT = "previous_urgent"
# In a message's metadata: True when its conversation's previous turn was answered with
# a survivor's reply (utter_survivor, utter_self_blame or utter_after_effects; session
# 56; read by assistant/nlu/after_effects.py).
PREVIOUS_SURVIVOR = "previous_survivor"
# The words a follow-up refers to what was said before with ("when was it adopted?").
REFERRING_WORDS = frozenset({"it", "this", "that"})
# The words a follow-up refers to a group of people with ("where do they come from?",
# after the answer on who the victims are; session 57).
PLURAL_REFERRING_WORDS = frozenset({"they", "them"})
# One of them in a text.
REFERRING_WORD = re.compile(r"\b(?:" + "|".join(sorted(REFERRING_WORDS)) + r")\b", re.IGNORECASE)


def text_with_subject(text: Text, subject: Text) -> Optional[Text]:
    """`text` with its first referring word replaced by `subject`, or None if it has
    none (the text-level twin of `with_subject`, for the runtime and the markers, which
    read the text alone)."""
    found = REFERRING_WORD.search(text)
    if not found:
        return None
    return text[:found.start()] + subject + text[found.end():]


# What a follow-up may ask of the answer before it, by the key of knowledge/topics.yml
# that lists the topics whose answer gives it: a date ("when was it passed?", "what year
# was it signed?"), whether a figure is a yearly one ("is that per year?", "is this
# every year or in total?"), or, as the whole message, the difference between two things
# ("what's the difference?", after the answer on smuggling, which tells it; session 56:
# it got "my sources don't cover that").
ASKS_FOR = {
    "dated": re.compile(r"^\W*(?:when|what year|which year|what date)\b", re.IGNORECASE),
    "yearly": re.compile(r"\b(?:(?:per|a|an|each|every) year|annual(?:ly)?|yearly)\b",
                         re.IGNORECASE),
    "compared": re.compile(
        r"^\W*(?:so\s+)?(?:what(?:'s|s|\s+is)\s+the\s+diff(?:erence)?|how\s+(?:are|r)\s+they"
        r"\s+different|is\s+there\s+a\s+difference)\W*$", re.IGNORECASE),
}


# A follow-up comparing what was just answered with trafficking as a whole ("how is
# that different from trafficking?", after the answer on smuggling): its "that" is the
# previous topic's subject, however sure the classifier is of the message alone (which
# read it as asking for trafficking's other names). Not a comparison with another
# topic ("is that the same as the tvpa?", after the Palermo Protocol's answer): that
# topic's answer is the new one.
COMPARISON = re.compile(
    r"\b(?:different (?:from|than|to)|differs? from|difference between (?:it|this|that) and"
    r"|(?:the )?same (?:thing )?as|compared? (?:to|with)|vs\.?|versus)"
    r"\s+(?:human\s+)?trafficking\b", re.IGNORECASE)


def compares(message: Message) -> bool:
    """Whether the message compares something with trafficking as a whole
    (`COMPARISON`)."""
    return COMPARISON.search(message.get(TEXT) or "") is not None


def asks_for(message: Message) -> List[Text]:
    """The keys of `ASKS_FOR` whose question the message asks."""
    text = message.get(TEXT) or ""
    return [key for key, question in ASKS_FOR.items() if question.search(text)]


def asks_only(message: Message, keys: List[Text]) -> bool:
    """Whether the message is nothing but the questions of `ASKS_FOR` it asks (`keys`,
    by `asks_for`), with no word to read the previous topic into: "per year?",
    "annually?", "when?"."""
    text = message.get(TEXT) or ""
    for key in keys:
        text = ASKS_FOR[key].sub(" ", text)
    return bool(keys) and not re.search(r"\w", text)


def with_subject(message: Message, subject_lemmas: Text, subject: Text,
                 referring_words: frozenset = REFERRING_WORDS) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text with its first referring word ("it",
    "this", "that", or those of `referring_words`) replaced by `subject` (whose lemma
    text is `subject_lemmas`) and without the punctuation it ends with ("when was it
    adopted?" -> "when was the palermo protocol adopted"), or None if it has no
    referring word."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    tokens = tokens[: words_end(tokens)]
    for i, token in enumerate(tokens):
        if token.text.lower() in referring_words:
            lemmas = " ".join(part for part in (joined_lemmas(tokens[:i]), subject_lemmas,
                                                joined_lemmas(tokens[i + 1:])) if part)
            raw = text[:token.start] + subject + text[token.end:tokens[-1].end]
            return lemmas, raw.strip()
    return None


def with_spelling_corrected(message: Message, speller: Any) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text with each misspelt word read as the
    classifier's word it is a slip away from (`speller`, assistant/nlu/spelling.py:
    "how prevelant is it?" -> "how prevalent is it") and without the punctuation it
    ends with, or None if it has no such word. Digits and letters as texted are read
    as the words they stand for where they stand (assistant/nlu/text_speak.py: "scared 2
    call" -> "scared to call")."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    tokens = tokens[: words_end(tokens)]
    texted = words_meant([token.text.lower() for token in tokens])
    lemmas, raw, done, changed = [], [], 0, False
    for token, meant in zip(tokens, texted):
        lemma = (token.lemma or token.text).lower()
        if meant is not None:
            correction = (meant, meant)
        else:
            correction = None if speller.knows_lemma(lemma) else speller.correct(token.text)
        if correction is None:
            lemmas.append(lemma)
            continue
        written, corrected_lemma = correction
        lemmas.append(corrected_lemma)
        raw.append(text[done:token.start] + written)
        done, changed = token.end, True
    if not changed:
        return None
    raw.append(text[done:tokens[-1].end])
    return " ".join(lemmas), "".join(raw).strip()


def end_punctuation(message: Message) -> Text:
    """The punctuation the message ends with ("?" of "is it illegal?"), or ""."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    end = words_end(tokens)
    return text[tokens[end - 1].end:].rstrip() if end else ""
