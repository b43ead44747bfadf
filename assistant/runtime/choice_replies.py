"""A reply that picks one of the choices the previous turn offered ("the second one",
"2", "option 1", "first") is read as that choice.

Why (session 53): after two topics were offered ("I'm not sure which of these you
mean..."), "the second one" got "my sources don't cover that". The web widget shows
the choices as buttons and the SMS channel numbers them, but people type their pick as
well, in words, on every channel. Only the SMS channel read a bare number.

`chosen(text, tracker)` gives the payload of the button the text picks, from the last
message the bot sent, or None; assistant/runtime/follow_ups.py reads the message as
that payload. Nothing here changes Rasa.

A reply that turns all the choices down in a word the lookup for turning them down
doesn't know ("no one", "none", "nobody") is read as "none of them", one it knows
(`declined`; session 54: "no one", after two topics were offered, got two other topics
to choose from, who the victims are and how many there are). Only after two topics: "no
one" alone may be something else, and after other replies with buttons (the greeting,
what to do now) it is not turning down a guess.

A reply that takes both ("both", "both of them", "1 and 2"), after two topics, is read
as the two choices asked one after the other, which get both answers
(assistant/runtime/compound_questions.py; session 62: "both" got "Sorry, I didn't
understand that").
"""
import re
from typing import Any, List, Optional, Text

from assistant.runtime.last_turn import bot_messages, response_name

ORDINALS = {"1": 1, "one": 1, "first": 1, "1st": 1, "2": 2, "two": 2, "second": 2, "2nd": 2,
            "3": 3, "three": 3, "third": 3, "3rd": 3, "last": -1}
# The whole reply, lower case: "the second one", "option 2", "#1", "2nd pls", "number 3".
CHOICE = re.compile(
    r"(?:i (?:want|choose|pick|mean|meant) |i'?ll take |i'?d like )?(?:the )?"
    r"(?:(?:option|choice|number|#) ?)?"
    r"(?P<which>" + "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True)) + r")"
    r"(?: (?:one|option|choice|question))?(?: (?:please|pls|plz))?")


def choice_number(text: Text) -> Optional[int]:
    """Which choice `text` picks (1 for the first, -1 for the last), or None if it is
    not only a pick."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[^\w#. ']+", " ", (text or "").lower())).strip(" .")
    found = CHOICE.fullmatch(cleaned)
    return ORDINALS[found.group("which")] if found else None


def offered_buttons(tracker: Any) -> List[dict]:
    """The buttons (with a payload) of the bot's last message, if the conversation's
    previous turn ended with it, else none."""
    messages = bot_messages(tracker)
    if not messages:
        return []
    return [b for b in (messages[0].data or {}).get("buttons") or [] if b.get("payload")]


def offered(tracker: Any) -> List[Text]:
    """The payloads of the buttons of the bot's last message (see offered_buttons)."""
    return [str(b["payload"]) for b in offered_buttons(tracker)]


# Words around a choice's title that don't say which: "the hotline", "i mean this chat".
TITLE_NOISE = re.compile(r"^(?:(?:i (?:mean|meant)|the|this|that) )+|(?: (?:one|please|pls|plz))+$")


def bare_title(text: Text) -> Text:
    """`text` lower case, letters, digits and single spaces, without TITLE_NOISE."""
    plain = re.sub(r"\s+", " ", re.sub(r"[^\w ]+", " ", (text or "").lower().replace("'", "")))
    return TITLE_NOISE.sub("", plain.strip()).strip()


def chosen(text: Text, tracker: Any) -> Optional[Text]:
    """The payload of the choice `text` picks among those the previous turn offered, or
    None: by its number ("the second one"), or by its title typed out ("the hotline",
    after "Do you mean this chat or the hotline?", session 55: it had got how to
    report)."""
    buttons = offered_buttons(tracker)
    if not buttons:
        return None
    payloads = [str(b["payload"]) for b in buttons]
    number = choice_number(text)
    if number is None:
        words = bare_title(text)
        titled = [str(b["payload"]) for b in buttons
                  if words and bare_title(b.get("title")) == words]
        return titled[0] if titled else None
    if number == -1:
        return payloads[-1]
    return payloads[number - 1] if number <= len(payloads) else None


# Turning all the choices down, the whole reply, lower case; and how it is read (one of
# the `reject_choices` examples in data/nlu.yml, which a lookup recognises).
DECLINE = re.compile(r"(?:no one|noone|nobody|none|not any)(?: of (?:them|those|these))?"
                     r"(?: (?:please|pls|plz|thanks|thx))?")
DECLINED = "none of them"
# The reply that offers two topics to choose from.
DID_YOU_MEAN = "utter_did_you_mean"


def last_reply(tracker: Any) -> Optional[Text]:
    """The response name of the bot's last message, if the conversation's previous turn
    ended with it, else None."""
    messages = bot_messages(tracker)
    return response_name(messages[0]) if messages else None


def plain_words(text: Text) -> Text:
    """`text` lower case, words, apostrophes and single spaces only."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]+", " ", (text or "").lower())).strip()


def declined(text: Text, tracker: Any) -> Optional[Text]:
    """DECLINED if `text` turns down the two topics the previous turn offered, else None."""
    if DECLINE.fullmatch(plain_words(text)) and last_reply(tracker) == DID_YOU_MEAN:
        return DECLINED
    return None


# Taking both choices, the whole reply, lower case.
BOTH = re.compile(r"(?:(?:i want |i'?d like |tell me )?(?:both|all)(?: of (?:them|those|these))?"
                  r"|(?:1|one) and (?:2|two))(?: (?:please|pls|plz|thanks|thx))?")


def both_taken(text: Text, tracker: Any) -> Optional[Text]:
    """The two topics the previous turn offered, asked one after the other, if `text`
    takes both of them, else None."""
    if BOTH.fullmatch(plain_words(text)) and last_reply(tracker) == DID_YOU_MEAN:
        return " ".join(offered(tracker)) or None
    return None
