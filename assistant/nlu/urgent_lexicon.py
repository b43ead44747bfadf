"""The urgent lexicon: finds urgent phrases in a message by lower-case lemmas.

The patterns live in knowledge/urgent.yml (see its header for how they are read; the
matching itself is assistant/nlu/word_patterns.py). This module reads that file and
decides what a match means: which messages are questions about a topic rather than
about someone's situation. It knows nothing about Rasa, so its tests need no trained
model.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from assistant import yaml_files
from assistant.nlu.spacy_model import shared_pipeline
from assistant.nlu.word_patterns import (
    Pattern,
    PatternIndex,
    Token,
    WordReader,
    first_match,
    match_at,
    present_words,
    spans,
)

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "knowledge" / "urgent.yml"

# Personal words that may stand before a place ("my town"), which then names no person.
POSSESSIVES = frozenset({"my", "our", "your", "his", "her", "their"})
# At most this many lead-ins before a question ("ok so but what..."); a message of
# nothing but lead-ins costs no more than one with three.
MAX_LEAD_INS = 3


# Where a message's sentences (and clauses) part: its last one may be the question.
SENTENCE_BREAK = re.compile(r"[.!?;,:]+\s+")
# Where a message's clauses part for `find`: its sentences, and "and" before a question
# word ("what is trafficking and how do I report it?").
CLAUSE_BREAK = re.compile(r"[.!?;,:]+\s+|\s+and\s+(?=(?:what|how|why|where|who|when|which)\b)",
                          re.IGNORECASE)
# The category of a plea in a later clause, found by `find` (`questions: pleas`).
PLEA_CATEGORY = "asking_for_help"
# A clause read as a question of its own opens with one of these words: not "which"
# ("..., which is quite common, was ..."), nor "is" or "was" (a clause's verb).
QUESTION_WORD = re.compile(r"^\W*(?:what|how|why|where|who|when)\b", re.IGNORECASE)
# A word as written, for counting words (is_bare_follow_up).
WRITTEN_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class Match:
    """Which entry of the lexicon made a message urgent (kept for debugging)."""

    category: str
    pattern: str


def read_spelling(path: Path = DEFAULT_LEXICON) -> dict:
    """The lexicon's spelling rewrites ("cant" -> "can not"), which every list read with
    word patterns applies to messages."""
    with open(path, encoding="utf-8") as f:
        return yaml_files.safe_load(f).get("spelling") or {}


@lru_cache(maxsize=None)
def shared_reader(spacy_model: str, lexicon: str) -> WordReader:
    """One reader of messages per process, with the lexicon's spelling rewrites: the
    privacy questions and the urgent safety net both read every message, and through
    one reader the rewrites and spaCy run once for both (it keeps the last texts' tokens)."""
    return WordReader(shared_pipeline(spacy_model), read_spelling(Path(lexicon)))


def opens_with(patterns: Sequence[Pattern], tokens: Sequence[Token]) -> bool:
    """Whether one of `patterns` matches at the start of `tokens`."""
    return any(match_at(p.words, tokens, 0) is not None for p in patterns)


class UrgentLexicon:
    """Matches messages against the patterns of knowledge/urgent.yml."""

    def __init__(self, nlp: Language, config: dict, reader: Optional[WordReader] = None) -> None:
        # The reader must apply this config's spelling rewrites (`shared_reader` does).
        self._reader = reader or WordReader(nlp, config.get("spelling") or {})
        # The FAQ topic that answers a question in a category, if the category has
        # one (`answer_questions_with`), such as the warning signs for a worried
        # question about someone else.
        self.topic_for_questions = {
            category["name"]: category["answer_questions_with"]
            for category in config.get("categories") or []
            if category.get("answer_questions_with")
        }
        # The categories whose urgent reply is the whole answer (`urgent_reply_answers`:
        # asking the assistant to send help, which the urgent reply says it can't do).
        self.urgent_reply_answers = frozenset(
            category["name"] for category in config.get("categories") or []
            if category.get("urgent_reply_answers"))
        # The language of a category's patterns, if it names one (`language`: a plea in
        # Spanish gets the urgent reply in Spanish).
        self.language_of_category = {
            category["name"]: category["language"]
            for category in config.get("categories") or []
            if category.get("language")
        }
        entries = [(category, entry) for category in config.get("categories") or []
                   for entry in category.get("patterns") or []]
        self.patterns: List[Pattern] = [self._reader.pattern(entry, category["name"])
                                        for category, entry in entries]
        # The patterns that count in a question naming no one too (`also_in_questions`,
        # of a whole category or of one pattern: "can you send an ambulance?" asks the
        # assistant to act, "what's the point of living?" is no question about a topic).
        self._question_patterns = [
            pattern for pattern, (category, entry) in zip(self.patterns, entries)
            if category.get("also_in_questions") or entry.get("also_in_questions")]
        self._by_category = {category: [p for p in self.patterns if p.category == category]
                             for category in dict.fromkeys(p.category for p in self.patterns)}
        # The same patterns, filed by word, so that a message is tried only against
        # those that may match it (word_patterns.PatternIndex).
        self._index = PatternIndex(self.patterns)
        self._question_index = PatternIndex(self._question_patterns)
        questions = config.get("questions") or {}
        self._openings = [self._reader.pattern(o, "question") for o in questions.get("openings") or []]
        self._statement_openings = [self._reader.pattern(o, "statement")
                                    for key in ("negated_statements", "clause_statements")
                                    for o in questions.get(key) or []]
        self._personal = {self._reader.words(w)[0] for w in questions.get("personal_words") or []}
        # After a possessive, a place or a piece of school work names no person ("in my
        # town", "for my class").
        self._places = {self._reader.words(w)[0]
                        for key in ("place_words", "school_work_words")
                        for w in questions.get(key) or []}
        self._answered_with = [(self._reader.pattern(entry["opening"], "question"), entry["topic"])
                               for entry in questions.get("answered_with") or []]
        self._pleas = [self._reader.pattern(entry["opening"], "plea")
                       for entry in questions.get("pleas") or []]
        self._how_pleas = [p for p in self._pleas if p.words[:1] == ("how",)]
        self._lead_in = self._lead_in_pattern(questions.get("lead_ins") or {})
        fragments = questions.get("fragments") or {}
        self._fragment_openers = set(fragments.get("openers") or [])
        self._fragment_words = fragments.get("max_words", 0)
        # The lead-ins that ask the assistant to tell ("can you tell me") and the asides
        # ("i was wondering"): their "me" or "I" is the reader, so it names no person
        # (`_personal_part`).
        reader_lead_ins = {key: (questions.get("lead_ins") or {}).get(key) or []
                           for key in ("requests", "asides", "roles")}
        self._reader_lead_in = (self._lead_in_pattern(reader_lead_ins)
                                if any(reader_lead_ins.values()) else None)
        # "where i live": a place, as "my town" is (`place_phrases`); "how can someone":
        # anyone, as "how can you" is (`anyone_phrases`).
        phrases = [*(questions.get("place_phrases") or []),
                   *(questions.get("anyone_phrases") or [])]
        self._place_phrase = (re.compile(r"\b(?:" + "|".join(
            re.escape(str(p)).replace(r"\ ", r"\s+") for p in phrases) + r")\b", re.IGNORECASE)
            if phrases else None)
        self.exceptions: List[Pattern] = [
            self._reader.pattern(entry, "not_urgent") for entry in config.get("not_urgent") or []
        ]

    @classmethod
    def from_file(cls, nlp: Language, path: Path = DEFAULT_LEXICON) -> "UrgentLexicon":
        with open(path, encoding="utf-8") as f:
            return cls(nlp, yaml_files.safe_load(f))

    @classmethod
    def shared(cls, spacy_model: str, path: Path = DEFAULT_LEXICON) -> "UrgentLexicon":
        """The lexicon at `path`, reading messages through `shared_reader`."""
        reader = shared_reader(spacy_model, str(path))
        with open(path, encoding="utf-8") as f:
            return cls(reader.nlp, yaml_files.safe_load(f), reader)

    # --- reading text -------------------------------------------------------------
    def tokens(self, text: str) -> Tuple[Token, ...]:
        """The message as lower-case words with lemmas (assistant/nlu/word_patterns.py)."""
        return self._reader.tokens(text)

    @staticmethod
    def _lead_in_pattern(lead_ins: dict) -> Optional[re.Pattern]:
        """One lead-in at the start of a text (`questions: lead_ins` in the lexicon): a
        word, an aside ("quick question"), a quiz's framing, a request to tell ("can you
        tell me"), someone saying what they do ("i'm a nurse,", `roles`), or a clause
        that opens with one of `clause_openers` and ends at a comma or colon."""
        def alternatives(key: str) -> str:
            return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+")
                            for w in lead_ins.get(key) or [])
        forms = []
        # Asides first: "sorry if this is dumb" is one, not the word "sorry".
        for key in ("asides", "words"):
            if lead_ins.get(key):
                forms.append(rf"(?:{alternatives(key)})\b[\s,:;.!-]*")
        if lead_ins.get("quiz"):
            forms.append(rf"(?:{alternatives('quiz')})\s*[:?,.-]+\s*")
        if lead_ins.get("requests"):
            forms.append(rf"(?:{alternatives('requests')})\b[\s,:;.!-]*")
        if lead_ins.get("roles"):
            # "i'm a nurse, ...", "as a teacher: ..."
            forms.append(rf"(?:i'?m|i\s+am|as)\s+an?\s+(?:{alternatives('roles')})\b"
                         r"\s*[,:;.!-]+\s*")
        if lead_ins.get("clause_openers"):
            forms.append(rf"(?:{alternatives('clause_openers')})\b[^,:;?!]{{0,60}}[,:]\s*")
        return re.compile(r"^\s*(?:" + "|".join(forms) + ")", re.IGNORECASE) if forms else None

    def _opens_like_question(self, tokens: Sequence[Token]) -> bool:
        return opens_with(self._openings, tokens)

    def _opens_like_statement(self, text: str, tokens: Sequence[Token]) -> bool:
        """Whether `tokens` open with a verb and "not" (`negated_statements`: "cant
        leave the house", "isnt safe here": a statement with its "I" left out, as
        people text) or with "when" and a person (`clause_statements`: "when i was 12
        ...", a time, not a question), and `text` does not end with "?"."""
        return (not text.rstrip().endswith("?")
                and opens_with(self._statement_openings, tokens))

    def _lead_ins(self, text: str) -> Tuple[List[str], str]:
        """The lead-ins `text` opens with, in order, and the rest of it; a lead-in is
        never the whole text."""
        lead_ins, rest = [], text
        for _ in range(MAX_LEAD_INS if self._lead_in is not None else 0):
            found = self._lead_in.match(rest)
            if not found or found.end() >= len(rest.rstrip()):
                break
            lead_ins.append(rest[:found.end()])
            rest = rest[found.end():]
        return lead_ins, rest

    def _question_part(self, text: str) -> Tuple[Token, ...]:
        """The tokens of `text` after its lead-ins ("But what exactly is...", "In the
        U.S., are..."), where its question would open; all of them if it has none, or
        if a lead-in is urgent itself ("in danger, what can be done")."""
        lead_ins, rest = self._lead_ins(text)
        if any(self._first_match(self.tokens(lead_in)) is not None for lead_in in lead_ins):
            return self.tokens(text)
        return self.tokens(rest)

    def _personal_part(self, text: str) -> Tuple[Token, ...]:
        """The tokens of `text` without its lead-ins whose "me" or "I" is the reader
        ("can you tell me how many...", "i was wondering, how many...": "how many..."),
        and without its place phrases ("where i live") and the phrases whose "someone"
        is anyone ("how can someone tell..."), where a personal word names someone;
        all of them if it has none."""
        if self._place_phrase is not None:
            text = self._place_phrase.sub(" ", text)
        if self._reader_lead_in is None:
            return self.tokens(text)
        lead_ins, rest = self._lead_ins(text)
        kept = "".join(lead_in for lead_in in lead_ins
                       if not self._reader_lead_in.fullmatch(lead_in))
        return self.tokens(kept + rest)

    def _names_a_person(self, tokens: Sequence[Token]) -> bool:
        """A personal word as typed, except a possessive before a place ("in my town").
        As typed, not by lemma: "mines" is read as "mine" (session 60: "are children
        trafficked to work in the mines" got "Please call it now" alone)."""
        for i, token in enumerate(tokens):
            if token.lower in self._personal:
                place = i + 1 < len(tokens) and tokens[i + 1].lemma in self._places
                if not (token.lower in POSSESSIVES and place):
                    return True
        return False

    def is_question(self, text: str) -> bool:
        """Whether `text` asks something: it ends with "?" or opens like a question
        (after its lead-ins)."""
        if (text or "").rstrip().endswith("?"):
            return True
        return self.opens_like_question(text)

    def opens_like_question(self, text: str) -> bool:
        """Whether `text` opens like a question, after its lead-ins ("why can't I...",
        "but how do..."), whatever it ends with; but a verb and "not" at the start
        ("cant leave the house"), or "when" and a person ("when i was 12"), opens one
        only with "?" at the end."""
        text = text or ""
        tokens = self._question_part(text)
        return self._opens_like_question(tokens) and not self._opens_like_statement(text, tokens)

    def is_general_question(self, text: str) -> bool:
        """Whether `text` opens like a question (after its lead-ins) and names no
        person ("what are your hours?", "but what exactly is trafficking?"): a question
        about a topic, not about someone's situation."""
        text = text or ""
        return self.opens_like_question(text) and not self._names_a_person(self._personal_part(text))

    def is_impersonal_question(self, text: str) -> bool:
        """Whether `text` asks something (it ends with "?" or opens like a question,
        after its lead-ins) and names no person: "where does that happen?", also
        without a question word, "and in the US?"."""
        text = text or ""
        return self.is_question(text) and not self._names_a_person(self._personal_part(text))

    def is_fragment_follow_up(self, text: str) -> bool:
        """Whether `text` is a few words after "and" (`fragments`: "and fishing
        boats?"), ending with "?" and naming no person: a follow-up asking about
        whatever was said before, as "what about fishing boats?" does."""
        text = (text or "").strip()
        words = WRITTEN_WORD.findall(text.lower())
        return (text.endswith("?") and len(words) >= 2 and words[0] in self._fragment_openers
                and len(words) - 1 <= self._fragment_words
                and not self._names_a_person(self.tokens(text)))

    def is_bare_follow_up(self, text: str) -> bool:
        """Whether `text` has at most one word that is not an English stop word ("where
        does that happen?", "how does this work?", "and in the US?"): a follow-up about
        whatever was said before, naming no one and nothing. Words are counted as
        written, before the spelling rewrites: "the US" is read as "the united
        states" elsewhere, but here it is "the us", no word of substance."""
        return sum(1 for w in WRITTEN_WORD.findall((text or "").lower())
                   if w not in STOP_WORDS) <= 1

    def topic_for_opening(self, text: str) -> Optional[str]:
        """The topic that answers a question opening like `text` (`answered_with`), or
        like its last sentence ("my boss keeps my passport. is that trafficking?",
        session 41: the urgent reply had come alone)."""
        text = text or ""
        sentences = [s for s in SENTENCE_BREAK.split(text) if s.strip()]
        readings = [self._question_part(text)]
        if len(sentences) > 1:
            readings.append(self.tokens(sentences[-1]))
        for tokens in readings:
            for pattern, topic in self._answered_with:
                if match_at(pattern.words, tokens, 0) is not None:
                    return topic
        return None

    def is_plea(self, text: str) -> bool:
        """Whether `text` opens (after its lead-ins) like a person asking how to get out
        themselves, or for help, or afraid of being found out (`pleas`): "how do I get
        out?" is not a question about the topic; or one of its later clauses does ("how
        do traffickers work and how do i get out")."""
        text = text or ""
        return (opens_with(self._pleas, self._question_part(text))
                or self._plea_in_a_later_clause(text) is not None)

    def _plea_in_a_later_clause(self, text: str) -> Optional[Pattern]:
        """The plea asking how to get out or get help that a clause after the first
        opens with (after its lead-ins), or None. Only those opening with "how": "can
        you * send" also takes "thanks, can you send that again?", "where * i * go"
        "..., and where can i go to read it?"."""
        for clause in self._clauses(text)[1:]:
            tokens = self._question_part(clause)
            for pattern in self._how_pleas:
                if match_at(pattern.words, tokens, 0) is not None:
                    return pattern
        return None

    def find(self, text: str) -> Optional[Match]:
        """The first lexicon entry that makes `text` urgent, or None. In a question that
        names no one and is no plea, only the entries of categories `also_in_questions`;
        so in such a question opening the message, or ending it with "?", beside
        another clause ("what is trafficking and how do I report it?"), the rest read
        as a whole. A plea in a later clause matches too (`_plea_in_a_later_clause`)."""
        tokens = self.tokens(text or "")
        if not tokens:
            return None
        # A plea in a question's words ("i was wondering how to escape") is read whole.
        if self._reads_as_question(text):
            return self._first_question_match(tokens)
        found = self._first_match(tokens)
        if found is not None:
            found = self._beside_a_question(text, found)
        if found is None:
            # A plea after a question ("how do traffickers work and how do i get out"):
            # the classifier reads the question.
            plea = self._plea_in_a_later_clause(text)
            return Match(PLEA_CATEGORY, plea.text) if plea is not None else None
        return found

    def _beside_a_question(self, text: str, found: Match) -> Optional[Match]:
        """`found`, the match in the whole of `text`; or, if a general question opens
        `text` (or ends it with "?") beside another clause ("what is trafficking and how
        do I report it?"), the match in that question read as a question, or else in
        the rest read as a whole."""
        clauses = self._clauses(text)
        if len(clauses) < 2:
            return found
        # The first clause, or the last if the message ends with "?": "a girl at school,
        # who is being trafficked" holds a relative clause, not a question.
        ends = [clauses[0]] + ([clauses[-1]] if text.rstrip().endswith("?") else [])
        questions = [c for c in dict.fromkeys(ends)
                     if QUESTION_WORD.match(c) and self._reads_as_question(c)]
        if not questions:
            return found
        for clause in questions:
            in_question = self._first_question_match(self.tokens(clause))
            if in_question is not None:
                return in_question
        rest = " ".join(c for c in clauses if c not in questions)
        return self._first_match(self.tokens(rest)) if rest.strip() else None

    @staticmethod
    def _clauses(text: str) -> List[str]:
        """`text`'s sentences and clauses (`CLAUSE_BREAK`), without empty ones."""
        return [c for c in CLAUSE_BREAK.split(text) if c.strip()]

    def _reads_as_question(self, text: str) -> bool:
        """A general question, and no plea: only `also_in_questions` entries count."""
        return self.is_general_question(text) and not self.is_plea(text)

    def _first_question_match(self, tokens: Sequence[Token]) -> Optional[Match]:
        """The first `also_in_questions` entry whose pattern matches `tokens`."""
        found = first_match(self._question_index.among(present_words(tokens)),
                            self.exceptions, tokens)
        return Match(found.category, found.text) if found else None

    def _first_match(self, tokens: Sequence[Token]) -> Optional[Match]:
        """The first entry whose pattern matches `tokens`, questions or not."""
        found = first_match(self._index.among(present_words(tokens)), self.exceptions, tokens)
        return Match(found.category, found.text) if found else None

    def categories(self, text: str, besides: Sequence[Pattern] = ()) -> frozenset:
        """Every category with a pattern that matches `text`, exceptions aside, questions
        or not (assistant/nlu/survivor.py: a sign of danger now, anywhere in it). A match
        inside a match of `besides` is ignored, as inside an exception ("escaped" in the
        survivor's "I escaped five years ago")."""
        tokens = self.tokens(text or "")
        exceptions = [*self.exceptions, *besides]
        return frozenset(category for category, patterns in self._by_category.items()
                         if first_match(patterns, exceptions, tokens) is not None)

    def matches(self, text: str, pattern: Pattern) -> bool:
        """Whether this one pattern matches `text`, exceptions aside; for tests."""
        tokens = self.tokens(text)
        return any(True for _ in spans(pattern, tokens))
