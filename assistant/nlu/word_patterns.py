"""Word patterns: short phrases found in a message by lower-case lemmas.

The pattern language of knowledge/urgent.yml (its header says how a pattern is read),
shared by the lists written in it: the urgent lexicon (assistant/nlu/urgent_lexicon.py),
the questions about the chat itself (assistant/nlu/privacy_questions.py), the
problems at work (assistant/nlu/workplace_problems.py) and the subjects no source
covers (assistant/nlu/uncovered_subjects.py).

- Words are compared in their dictionary form, lower-case ("took" is "take").
- `*` stands for up to `MAX_GAP` other words.
- A pattern matches anywhere in a message; with `short`, only in a message of at most
  `SHORT_MESSAGE_WORDS` words.
- Before matching, the `spelling` rewrites turn text-speak and contractions into words
  ("cant" -> "can not").

It knows nothing about Rasa, so its users' tests need no trained model.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from spacy.language import Language

from assistant.nlu.text_speak import spelled_out

GAP = "*"
# How many words `*` may stand for.
MAX_GAP = 3
# A `short: true` pattern only counts in a message of at most this many words.
SHORT_MESSAGE_WORDS = 3
# How many texts' tokens are kept: a message, and the parts of it its users read again.
TOKEN_CACHE_SIZE = 4


@dataclass(frozen=True)
class Token:
    lower: str
    lemma: str

    def is_(self, word: str) -> bool:
        return word == self.lemma or word == self.lower


@dataclass(frozen=True)
class Pattern:
    text: str
    category: str
    words: Tuple[str, ...]
    short: bool = False
    # Every word but the gaps: a message lacking one of them cannot match.
    required: frozenset = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", frozenset(w for w in self.words if w != GAP))


def strip_accents(text: str) -> str:
    """`text` without accents ("víctima" -> "victima")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# A letter typed three times or more in a row, which no English word has: "helppp",
# "heeelp me", "pleeease" (session 52: "helppp" and "heeelp me" matched no pattern).
HELD_KEY = re.compile(r"([a-z])\1{2,}")


def clean(text: str) -> str:
    """Lower case, no accents, straight apostrophes, a letter typed three times or more
    in a row kept once ("helppp" -> "help", "pleeease" -> "please")."""
    text = strip_accents(text.lower())
    return HELD_KEY.sub(r"\1", text.replace("\u2019", "'").replace("\u2018", "'"))


class WordReader:
    """Reads messages and patterns into lemmas, with the same spaCy pipeline and
    spelling rewrites for both."""

    def __init__(self, nlp: Language, spelling: Optional[Mapping[str, str]] = None) -> None:
        self.nlp = nlp
        # The last texts read and their tokens: a message is often asked several
        # questions (urgent? a question? which opening?), and spaCy runs once.
        self._read: Dict[str, Tuple[Token, ...]] = {}
        # The lemmas of each part of a pattern between its gaps, kept for good: the lists
        # hold about 15,000 parts but only 3,000 different ones ("say", "be traffic"),
        # as a `{name}` repeats the rest of its pattern for every word of the name's list
        # (session 59: reading them once each took a second off start-up).
        self._part_lemmas: Dict[str, Tuple[str, ...]] = {}
        # The spelling rewrites as one expression, longest first where two start alike,
        # applied in one pass (session 59: a pass per rewrite, 86 of them, took about as
        # long as spaCy's reading of the message). One pass rewrites as the passes did
        # while no rewrite's words hold another's key (tests/test_urgent_lexicon.py).
        self._rewrites: Dict[str, str] = {
            clean(str(k)): str(v) for k, v in (spelling or {}).items()}
        keys = sorted(self._rewrites, key=len, reverse=True)
        self._spelling: Optional[re.Pattern] = re.compile(
            r"(?<![\w'])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w'])") if keys else None

    def tokens(self, text: str) -> Tuple[Token, ...]:
        """The message as lower-case words with lemmas, punctuation dropped."""
        if text in self._read:
            return self._read[text]
        # Digits and letters as texted first ("scared 2 call": "scared to call").
        cleaned = spelled_out(clean(text))
        if self._spelling is not None:
            cleaned = self._spelling.sub(lambda m: self._rewrites[m.group(0)], cleaned)
        tokens = tuple(
            Token(t.lower_, (t.lemma_ or t.lower_).lower())
            for t in self.nlp(cleaned)
            if not (t.is_punct or t.is_space)
        )
        if len(self._read) >= TOKEN_CACHE_SIZE:
            self._read.clear()
        self._read[text] = tokens
        return tokens

    def words(self, text: str) -> Tuple[str, ...]:
        """A pattern's words: the lemmas of its text, with its gaps."""
        if text.strip() == GAP:
            return (GAP,)
        parts = [p.strip() for p in text.split(GAP)]
        words: List[str] = []
        for i, part in enumerate(parts):
            if i:
                words.append(GAP)
            lemmas = self._part_lemmas.get(part)
            if lemmas is None:
                lemmas = self._part_lemmas[part] = tuple(t.lemma for t in self.tokens(part))
            words.extend(lemmas)
        return tuple(words)

    def pattern(self, entry, category: str) -> Pattern:
        """A pattern from a list entry: its text, or `{pattern: ..., short: ...}`."""
        if isinstance(entry, str):
            entry = {"pattern": entry}
        return Pattern(
            text=entry["pattern"],
            category=category,
            words=self.words(entry["pattern"]),
            short=bool(entry.get("short", False)),
        )


def match_at(words: Sequence[str], tokens: Sequence[Token], start: int) -> Optional[int]:
    """End index (exclusive) if `words` match `tokens` from `start`, else None."""
    if not words:
        return start
    head, rest = words[0], words[1:]
    if head == GAP:
        for skip in range(MAX_GAP + 1):
            end = match_at(rest, tokens, start + skip)
            if end is not None:
                return end
            if start + skip >= len(tokens):
                break
        return None
    if start < len(tokens) and tokens[start].is_(head):
        return match_at(rest, tokens, start + 1)
    return None


def spans(pattern: Pattern, tokens: Sequence[Token]) -> Iterable[Tuple[int, int]]:
    """Where `pattern` matches `tokens`, as (start, end) pairs."""
    if pattern.short and len(tokens) > SHORT_MESSAGE_WORDS:
        return
    for start in range(len(tokens)):
        end = match_at(pattern.words, tokens, start)
        if end is not None:
            yield start, end


def present_words(tokens: Sequence[Token]) -> set:
    """Every word form a pattern's word may be compared with: the words and lemmas."""
    return {t.lower for t in tokens} | {t.lemma for t in tokens}


class PatternIndex:
    """A list's patterns filed under one of their words, the one fewest of them share,
    so that a message is tried only against those whose word it holds: a list whose
    `{name}` entries stand for hundreds of patterns costs what a short one does."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        counts: Dict[str, int] = {}
        for pattern in self.patterns:
            for word in pattern.required:
                counts[word] = counts.get(word, 0) + 1
        self._by_word: Dict[str, List[int]] = {}
        # Patterns with no word (a gap alone) could match anything: always tried.
        self._always = [i for i, p in enumerate(self.patterns) if not p.required]
        for i, pattern in enumerate(self.patterns):
            if pattern.required:
                anchor = min(sorted(pattern.required), key=lambda w: counts[w])
                self._by_word.setdefault(anchor, []).append(i)

    def among(self, present: set) -> List[Pattern]:
        """The patterns filed under a word in `present`, in the list's order."""
        found = set(self._always)
        for word in present:
            found.update(self._by_word.get(word, ()))
        return [self.patterns[i] for i in sorted(found)]


def first_match(patterns: Sequence[Pattern], exceptions: Sequence[Pattern],
                tokens: Sequence[Token]) -> Optional[Pattern]:
    """The first of `patterns` that matches `tokens` outside every match of
    `exceptions`, or None."""
    # Only patterns whose words all occur somewhere can match: trying just those
    # finds the same first match, in a fraction of the time.
    present = present_words(tokens)
    excluded = [span for p in exceptions if p.required <= present
                for span in spans(p, tokens)]
    for pattern in (p for p in patterns if p.required <= present):
        for start, end in spans(pattern, tokens):
            if not any(start < x_end and x_start < end for x_start, x_end in excluded):
                return pattern
    return None
