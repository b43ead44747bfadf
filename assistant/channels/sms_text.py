"""Shaping replies for SMS: plain GSM-7 characters, numbered choices, and messages
of at most 320 characters (1,600 in all), split at sentence ends.

Pure functions, used by the SMS channel and the SMS simulator.
"""
import math
import re
from typing import Dict, Iterable, List, Sequence

# Two SMS segments of GSM-7 text. Longer messages arrive in pieces out of order on
# some phones, and cost more.
MAX_MESSAGE_CHARS = 320
# Twilio refuses a message body over 1,600 characters; we keep the whole reply within it.
MAX_REPLY_CHARS = 1600

# The GSM 03.38 default alphabet, and its extension table (each of those counts twice).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")

# Typographic characters with a GSM-7 stand-in, so a reply isn't sent as UCS-2
# (70 characters a segment instead of 160).
PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
    # Accented letters GSM-7 lacks (Portuguese "você só", French "être"): without the
    # accent, as many carriers send them, rather than the whole reply as UCS-2.
    **{c: base for base, letters in [
        ("a", "áâãā"), ("e", "êëē"), ("i", "íîïī"), ("o", "óôõō"), ("u", "úûū"),
        ("c", "ç"), ("y", "ýÿ"), ("A", "ÁÂÃÀ"), ("E", "ÊËÈ"), ("I", "ÍÎÏÌ"),
        ("O", "ÓÔÕÒ"), ("U", "ÚÛÙ")] for c in letters},
    "œ": "oe", "Œ": "OE",
}
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def plain(text: str) -> str:
    """`text` with typographic quotes, dashes, spaces and accented letters replaced by
    GSM-7 ones."""
    return "".join(PLAIN.get(c, c) for c in text).strip()


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def segments(text: str) -> int:
    """How many SMS segments a phone receives `text` in."""
    if is_gsm7(text):
        units, single, multi = sum(2 if c in GSM7_EXTENDED else 1 for c in text), 160, 153
    else:  # UCS-2: UTF-16 code units
        units, single, multi = len(text.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else math.ceil(units / multi)


def choices(titles: Sequence[str]) -> str:
    """Buttons as numbered choices: the user replies with the number."""
    lines = [f"{i}: {title}" for i, title in enumerate(titles, start=1)]
    return "\n".join(["Reply with a number:"] + lines)


def split(text: str, limit: int = MAX_MESSAGE_CHARS) -> List[str]:
    """`text` in pieces of at most `limit` characters, broken after sentences where it
    can be, else between words, else anywhere."""
    pieces: List[str] = []
    current = ""
    for unit in _units(text, limit):
        joined = f"{current} {unit}" if current else unit
        if len(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, limit: int) -> Iterable[str]:
    for sentence in SENTENCE_END.split(text.strip()):
        if len(sentence) <= limit:
            yield sentence
            continue
        for word in sentence.split():
            while len(word) > limit:
                yield word[:limit]
                word = word[limit:]
            if word:
                yield word


def shape(replies: Iterable[Dict]) -> List[str]:
    """The bot's replies ({"text", "buttons"}) as the SMS messages to send."""
    messages: List[str] = []
    for reply in replies:
        text = plain(reply.get("text") or "")
        buttons = reply.get("buttons") or []
        if buttons:
            menu = plain(choices([b["title"] for b in buttons]))
            if text and len(text) + 2 + len(menu) <= MAX_MESSAGE_CHARS:
                text, menu = f"{text}\n\n{menu}", ""
        else:
            menu = ""
        for part in (text, menu):
            if part:
                messages.extend(split(part) if len(part) > MAX_MESSAGE_CHARS else [part])
    kept, total = [], 0
    for message in messages:
        if total + len(message) > MAX_REPLY_CHARS:
            break
        kept.append(message)
        total += len(message)
    return kept
