"""Intents found by a reviewable list of word patterns instead of the classifier.

Some messages are recognised more reliably by a short list a person can read than by
the classifier, and teaching them to the classifier moved real questions that sit near
a decision boundary (docs/performance.md, session 23). Seventeen lists work this way,
each a knowledge/*.yml file read with the pattern language of knowledge/urgent.yml
(assistant/nlu/word_patterns.py) and its spelling rewrites:

- knowledge/privacy.yml: questions about the chat itself
  (assistant/nlu/privacy_questions.py);
- knowledge/workplace.yml: problems at work the sources don't cover
  (assistant/nlu/workplace_problems.py);
- knowledge/hotline.yml: questions about how the hotline works
  (assistant/nlu/hotline_questions.py);
- knowledge/organisations.yml: a question who or what an organisation the sources
  name is, "who is Exodus Cry?" (assistant/nlu/organisations.py); it gives the intent
  `ask_organisation` and the entity naming which;
- knowledge/someone_stays.yml: what a worried friend says next of the person they fear
  for, "she says she's fine" (assistant/nlu/someone_stays.py);
- knowledge/school_work.yml: saying one works on a school or research project about
  trafficking (assistant/nlu/school_work.py); it gives what the assistant can explain;
- knowledge/uncovered.yml: subjects no source covers, which get `out_of_scope`
  (assistant/nlu/uncovered_subjects.py); unlike the others, that intent is also
  learned by the classifier, and the list only overrules it;
- knowledge/cannot_call.yml: messages that say calling isn't possible or safe now
  (assistant/nlu/cannot_call.py); it gives no intent, only an entity that changes the
  urgent reply's wording.
- knowledge/minor_age.yml: a short message saying someone is under 18, "she's 17"
  (assistant/nlu/minor_age.py); it gives the answer about minors, or, with an adult's
  age ("im 19"), the answer on what trafficking is.
- knowledge/form_comparisons.yml: a question comparing sex and labour trafficking
  (assistant/nlu/form_comparisons.py); it gives the answer on the forms.
- knowledge/male_victims.yml: a question whether men and boys are victims too
  (assistant/nlu/male_victims.py); it gives the answer on who the victims are.
- knowledge/labour_venues.yml: a question whether trafficking happens in a workplace a
  source names, "what about hotels?" (assistant/nlu/labour_venues.py); it gives the
  answer on labour trafficking.
- knowledge/trafficker_relations.yml: a question whether someone close can be a
  trafficker, "can you be trafficked by your husband?"
  (assistant/nlu/trafficker_relations.py); it gives the answer on who the traffickers
  are.
- knowledge/topic_phrases.yml: ways of asking about a topic that the classifier
  misreads, "why do traffickers take passports?" (assistant/nlu/topic_phrases.py); each
  gives the answer of the topic its pattern is filed under.
- knowledge/survivor.yml: a survivor telling the past with no sign of danger now
  (assistant/nlu/survivor.py); it runs after the urgent safety net and gives the turn
  the survivor's wording of the urgent reply.
- knowledge/self_blame.yml: someone blaming themselves for what happened
  (assistant/nlu/self_blame.py); it runs after the survivor marker, and gives the turn
  the survivor's wording and what the sources say of deception and control.
- knowledge/after_effects.yml: someone telling how what happened still weighs on them
  (assistant/nlu/after_effects.py); it runs last, and gives the turn the hotline first,
  to call whenever they want to talk.

`PatternList` reads such a file: its `patterns`, the parts of a message that never
count (`exceptions`: a match inside one is ignored) and the words that rule a message
out altogether (`blockers`). A file may also name lists of words under `names`: a
pattern with `{country}` in it stands for one pattern per name in `names: country`
("number * {country}": "number * ireland", "number * new zealand", ...).
`PatternComponent` is a Rasa component reading one such list; `PatternIntentMatcher`,
the one the first five use, runs
right after the classifier, gives a message that matches its intent (which the
classifier never learns: `lookup_intents` in config.yml) and names the pattern in the
parse data. If the classifier took the message for `urgent_help`, that intent stays:
the urgent safety net, which runs last, decides every urgent turn
(assistant/nlu/urgent_safety_net.py).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant import yaml_files
from assistant.nlu.parse_data import set_only_intent
from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, shared_reader
from assistant.nlu.word_patterns import (
    Pattern, PatternIndex, WordReader, first_match, present_words, spans,
)

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


class PatternList:
    """The patterns of one knowledge/*.yml file. Knows nothing about Rasa.

    A subclass names its file (`PATTERNS`), what its patterns are (`CATEGORY`) and the
    file's lists of exceptions (`EXCEPTIONS_KEY`: a match inside one is ignored) and of
    blockers (`BLOCKERS_KEY`: a message with any of them matches nothing), if any."""

    PATTERNS: Path = KNOWLEDGE
    # The file's list of patterns.
    PATTERNS_KEY: Text = "patterns"
    CATEGORY: Text = ""
    EXCEPTIONS_KEY: Optional[Text] = None
    BLOCKERS_KEY: Optional[Text] = None

    def __init__(self, reader: WordReader, config: dict) -> None:
        self._reader = reader

        names = config.get("names") or {}

        def read(key: Optional[Text], name: Text) -> List[Pattern]:
            return [pattern for entry in (config.get(key) or [] if key else [])
                    for pattern in expand(reader, entry, name, names)]

        self.patterns = read(self.PATTERNS_KEY, self.CATEGORY)
        self.exceptions = read(self.EXCEPTIONS_KEY, self.EXCEPTIONS_KEY or "")
        self.blockers = read(self.BLOCKERS_KEY, self.BLOCKERS_KEY or "")
        self._patterns = PatternIndex(self.patterns)
        self._blockers = PatternIndex(self.blockers)

    @classmethod
    def from_files(cls, reader: WordReader, path: Optional[Path] = None) -> "PatternList":
        """The list in `path`, by default the subclass's file."""
        with open(path or cls.PATTERNS, encoding="utf-8") as f:
            return cls(reader, yaml_files.safe_load(f))

    def find(self, text: Text) -> Optional[Pattern]:
        """The first pattern `text` matches, outside the exceptions, or None; None too
        when the message has a blocker."""
        tokens = self._reader.tokens(text or "")
        if not tokens:
            return None
        present = present_words(tokens)
        if first_match(self._blockers.among(present), [], tokens) is not None:
            return None
        return first_match(self._patterns.among(present), self.exceptions, tokens)

    def matches(self, text: Text, pattern: Pattern) -> bool:
        """Whether this one pattern matches `text`, exceptions and blockers aside; for tests."""
        return any(True for _ in spans(pattern, self._reader.tokens(text)))


def expand(reader: WordReader, entry: Any, category: Text,
           names: Dict[Text, List[Text]]) -> List[Pattern]:
    """The patterns of one list entry: itself, or, when its text holds a `{name}`, one
    pattern per word of that name's list, each keeping the entry's text as its own
    (it names the entry in the parse data, and tests find the entry's patterns by it)."""
    if isinstance(entry, str):
        entry = {"pattern": entry}
    text = entry["pattern"]
    placeholders = [n for n in names if "{" + n + "}" in text]
    if not placeholders:
        return [reader.pattern(entry, category)]
    if len(placeholders) > 1:
        raise ValueError(f"pattern {text!r}: one name list per pattern")
    [placeholder] = placeholders
    return [
        replace(reader.pattern({**entry, "pattern": text.replace("{" + placeholder + "}", word)},
                               category), text=text)
        for word in names[placeholder]
    ]


class PatternComponent(GraphComponent):
    """A Rasa component that reads messages with one pattern list: the list's file,
    the urgent lexicon's spelling rewrites and the shared word reader. A subclass names
    the list (`LIST`) and what it does with a match (`process`)."""

    LIST = PatternList

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {
            "patterns": str(cls.LIST.PATTERNS),
            # The urgent lexicon's spelling rewrites apply here too.
            "lexicon": str(DEFAULT_LEXICON),
            # The same saved pipeline SpacyNLP loads (see assistant/nlu/spacy_model.py).
            "spacy_model": "build/spacy-en",
        }

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        self._patterns = patterns

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> PatternComponent:
        config = {**cls.get_default_config(), **config}
        # The urgent safety net reads every message through the same reader.
        reader = shared_reader(config["spacy_model"], str(Path(config["lexicon"])))
        return cls(config, cls.LIST.from_files(reader, Path(config["patterns"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


class PatternIntentMatcher(PatternComponent):
    """Gives its intent to a message that matches its list. A subclass names the list
    (`LIST`), the intent and the parse data's key, and registers itself with Rasa."""

    # In the parse data of a message that matched: the pattern it matched.
    PARSE_KEY: Text = ""
    INTENT: Text = ""

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {
            **super().get_default_config(),
            "intent": cls.INTENT,
            # The classifier's urgent verdict stands, for the safety net to answer.
            "urgent_intent": "urgent_help",
            # Intents an earlier lookup gave that stand too (the uncovered subjects:
            # `introduce_self`, session 61: "im a lawyer" says who one is and asks
            # nothing about lawyers).
            "kept_intents": [],
        }

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._intent = config["intent"]
        self._kept = frozenset([config["urgent_intent"], *config["kept_intents"]])

    def reads(self, message: Message) -> bool:
        """Whether the list is read for this message at all: always, unless a subclass
        reads only some (assistant/nlu/hotline_questions.py)."""
        return True

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        """The pattern of its list `text` matches, or None; a subclass may also read the
        conversation (assistant/nlu/hotline_questions.py: its follow-ups)."""
        return self._patterns.find(text)

    def given_intent(self, message: Message) -> None:
        """What else a match given the intent gets: nothing, unless a subclass adds to
        it (assistant/nlu/organisations.py: the entity naming which organisation)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not self.reads(message):
                continue
            found = self.find(message, message.get(TEXT) or "")
            if found is None:
                continue
            message.set(self.PARSE_KEY, found.text, add_to_output=True)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) not in self._kept:
                set_only_intent(message, self._intent)
                self.given_intent(message)
        return messages
