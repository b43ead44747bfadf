"""The urgent lexicon: finds urgent phrases in a message by lower-case lemmas.

The patterns live in knowledge/urgent.yml (see its header for how they are read).
This module only reads that file and matches; it knows nothing about Rasa, so its
tests need no trained model.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from spacy.language import Language

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "knowledge" / "urgent.yml"

GAP = "*"
# How many words `*` may stand for.
MAX_GAP = 3
# A `short: true` pattern only counts in a message of at most this many words.
SHORT_MESSAGE_WORDS = 3
# Personal words that may stand before a place ("my town"), which then names no person.
POSSESSIVES = frozenset({"my", "our", "your", "his", "her", "their"})
# How many texts' tokens are kept: a message, and what follows its lead-ins.
TOKEN_CACHE_SIZE = 4
# At most this many lead-ins before a question ("ok so but what..."); a message of
# nothing but lead-ins costs no more than one with three.
MAX_LEAD_INS = 3


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


@dataclass(frozen=True)
class Match:
    """Which entry of the lexicon made a message urgent (kept for debugging)."""

    category: str
    pattern: str


def strip_accents(text: str) -> str:
    """`text` without accents ("víctima" -> "victima"); the Spanish check uses it too."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class UrgentLexicon:
    """Matches messages against the patterns of knowledge/urgent.yml."""

    def __init__(self, nlp: Language, config: dict) -> None:
        self._nlp = nlp
        # The last texts read and their tokens: the safety net asks several questions
        # of one message (urgent? a question? which opening?), and spaCy runs once.
        self._read: Dict[str, Tuple[Token, ...]] = {}
        spelling = config.get("spelling") or {}
        self._spelling: List[Tuple[re.Pattern, str]] = [
            (re.compile(r"(?<![\w'])" + re.escape(self._clean(str(k))) + r"(?![\w'])"), str(v))
            for k, v in sorted(spelling.items(), key=lambda kv: -len(str(kv[0])))
        ]
        # The FAQ topic that answers a question in a category, if the category has
        # one (`answer_questions_with`), such as the warning signs for a worried
        # question about someone else.
        self.topic_for_questions = {
            category["name"]: category["answer_questions_with"]
            for category in config.get("categories") or []
            if category.get("answer_questions_with")
        }
        self.patterns: List[Pattern] = [
            self._pattern(entry, category["name"])
            for category in config.get("categories") or []
            for entry in category.get("patterns") or []
        ]
        questions = config.get("questions") or {}
        self._openings = [self._pattern(o, "question") for o in questions.get("openings") or []]
        self._personal = {self._words(w)[0] for w in questions.get("personal_words") or []}
        self._places = {self._words(w)[0] for w in questions.get("place_words") or []}
        self._answered_with = [(self._pattern(entry["opening"], "question"), entry["topic"])
                               for entry in questions.get("answered_with") or []]
        self._lead_in = self._lead_in_pattern(questions.get("lead_ins") or {})
        self.exceptions: List[Pattern] = [
            self._pattern(entry, "not_urgent") for entry in config.get("not_urgent") or []
        ]

    @classmethod
    def from_file(cls, nlp: Language, path: Path = DEFAULT_LEXICON) -> "UrgentLexicon":
        with open(path, encoding="utf-8") as f:
            return cls(nlp, yaml.safe_load(f))

    # --- reading text -------------------------------------------------------------
    @staticmethod
    def _clean(text: str) -> str:
        text = strip_accents(text.lower())
        return text.replace("\u2019", "'").replace("\u2018", "'")

    @staticmethod
    def _lead_in_pattern(lead_ins: dict) -> Optional[re.Pattern]:
        """One lead-in at the start of a text (`questions: lead_ins` in the lexicon): a
        word, a quiz's framing, or a clause that opens with one of `clause_openers`
        and ends at a comma or colon."""
        def alternatives(key: str) -> str:
            return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+")
                            for w in lead_ins.get(key) or [])
        forms = []
        if lead_ins.get("words"):
            forms.append(rf"(?:{alternatives('words')})\b[\s,:;.!-]*")
        if lead_ins.get("quiz"):
            forms.append(rf"(?:{alternatives('quiz')})\s*[:?,.-]+\s*")
        if lead_ins.get("clause_openers"):
            forms.append(rf"(?:{alternatives('clause_openers')})\b[^,:;?!]{{0,60}}[,:]\s*")
        return re.compile(r"^\s*(?:" + "|".join(forms) + ")", re.IGNORECASE) if forms else None

    def tokens(self, text: str) -> Tuple[Token, ...]:
        """The message as lower-case words with lemmas, punctuation dropped."""
        if text in self._read:
            return self._read[text]
        cleaned = self._clean(text)
        for pattern, replacement in self._spelling:
            cleaned = pattern.sub(replacement, cleaned)
        tokens = tuple(
            Token(t.lower_, (t.lemma_ or t.lower_).lower())
            for t in self._nlp(cleaned)
            if not (t.is_punct or t.is_space)
        )
        if len(self._read) >= TOKEN_CACHE_SIZE:
            self._read.clear()
        self._read[text] = tokens
        return tokens

    def _words(self, text: str) -> Tuple[str, ...]:
        if text.strip() == GAP:
            return (GAP,)
        parts = [p.strip() for p in text.split(GAP)]
        words: List[str] = []
        for i, part in enumerate(parts):
            if i:
                words.append(GAP)
            words.extend(t.lemma for t in self.tokens(part))
        return tuple(words)

    def _pattern(self, entry, category: str) -> Pattern:
        if isinstance(entry, str):
            entry = {"pattern": entry}
        return Pattern(
            text=entry["pattern"],
            category=category,
            words=self._words(entry["pattern"]),
            short=bool(entry.get("short", False)),
        )

    # --- matching -----------------------------------------------------------------
    @staticmethod
    def _match_at(words: Sequence[str], tokens: Sequence[Token], start: int) -> Optional[int]:
        """End index (exclusive) if `words` match `tokens` from `start`, else None."""
        if not words:
            return start
        head, rest = words[0], words[1:]
        if head == GAP:
            for skip in range(MAX_GAP + 1):
                end = UrgentLexicon._match_at(rest, tokens, start + skip)
                if end is not None:
                    return end
                if start + skip >= len(tokens):
                    break
            return None
        if start < len(tokens) and tokens[start].is_(head):
            return UrgentLexicon._match_at(rest, tokens, start + 1)
        return None

    @classmethod
    def _spans(cls, pattern: Pattern, tokens: Sequence[Token]) -> Iterable[Tuple[int, int]]:
        if pattern.short and len(tokens) > SHORT_MESSAGE_WORDS:
            return
        for start in range(len(tokens)):
            end = cls._match_at(pattern.words, tokens, start)
            if end is not None:
                yield start, end

    def _opens_like_question(self, tokens: Sequence[Token]) -> bool:
        return any(self._match_at(o.words, tokens, 0) is not None for o in self._openings)

    def _question_part(self, text: str) -> Tuple[Token, ...]:
        """The tokens of `text` after its lead-ins ("But what exactly is...", "In the
        U.S., are..."), where its question would open; all of them if it has none, or
        if a lead-in is urgent itself ("in danger, what can be done")."""
        rest = text
        for _ in range(MAX_LEAD_INS if self._lead_in is not None else 0):
            found = self._lead_in.match(rest)
            if not found or found.end() >= len(rest.rstrip()):
                break
            if self._first_match(self.tokens(rest[:found.end()])) is not None:
                return self.tokens(text)
            rest = rest[found.end():]
        return self.tokens(rest)

    def _names_a_person(self, tokens: Sequence[Token]) -> bool:
        """A personal word, except a possessive before a place ("in my town")."""
        for i, token in enumerate(tokens):
            if token.lower in self._personal or token.lemma in self._personal:
                place = i + 1 < len(tokens) and tokens[i + 1].lemma in self._places
                if not (token.lower in POSSESSIVES and place):
                    return True
        return False

    def is_question(self, text: str) -> bool:
        """Whether `text` asks something: it ends with "?" or opens like a question
        (after its lead-ins)."""
        if (text or "").rstrip().endswith("?"):
            return True
        return self._opens_like_question(self._question_part(text or ""))

    def is_general_question(self, text: str) -> bool:
        """Whether `text` opens like a question (after its lead-ins) and names no
        person ("what are your hours?", "but what exactly is trafficking?"): a question
        about a topic, not about someone's situation."""
        text = text or ""
        return (self._opens_like_question(self._question_part(text))
                and not self._names_a_person(self.tokens(text)))

    def topic_for_opening(self, text: str) -> Optional[str]:
        """The topic that answers a question opening like `text` (`answered_with`)."""
        tokens = self._question_part(text or "")
        for pattern, topic in self._answered_with:
            if self._match_at(pattern.words, tokens, 0) is not None:
                return topic
        return None

    def find(self, text: str) -> Optional[Match]:
        """The first lexicon entry that makes `text` urgent, or None."""
        tokens = self.tokens(text or "")
        if not tokens or self.is_general_question(text):
            return None
        return self._first_match(tokens)

    def _first_match(self, tokens: Sequence[Token]) -> Optional[Match]:
        """The first entry whose pattern matches `tokens`, questions or not."""
        # Only patterns whose words all occur somewhere can match: trying just those
        # finds the same first match, in a fraction of the time.
        present = {t.lower for t in tokens} | {t.lemma for t in tokens}
        excluded = [span for p in self.exceptions if p.required <= present
                    for span in self._spans(p, tokens)]
        for pattern in (p for p in self.patterns if p.required <= present):
            for start, end in self._spans(pattern, tokens):
                if not any(start < x_end and x_start < end for x_start, x_end in excluded):
                    return Match(pattern.category, pattern.text)
        return None

    def matches(self, text: str, pattern: Pattern) -> bool:
        """Whether this one pattern matches `text`, exceptions aside; for tests."""
        tokens = self.tokens(text)
        return any(True for _ in self._spans(pattern, tokens))
