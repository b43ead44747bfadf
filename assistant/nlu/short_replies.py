"""Short replies ("ok", "got it", "yeah ok") recognised by lookup: a Rasa NLU component.

Why: an acknowledgement such as "ok" got the goodbye, and, once a `not_clear` intent
existed, "Sorry that didn't help". Acknowledgements are a closed class of a few dozen
short phrases, so they need no learning. Teaching them to the classifier did work,
but every such addition moved a few real questions that sit near a decision boundary
(docs/performance.md, session 23). So the classifier never sees these examples
(`LinearIntentClassifier`'s `lookup_intents`), and this component, which runs right
after it, gives the intent when the whole message is made of its phrases.

A message matches when, lower-cased, with anything but letters and spaces dropped
and runs of a repeated letter kept once ("okk", "okayyy"), it is one of the intent's
examples treated the same way, or splits into more of them ("yeah ok", "yep got it")
in at most `max_words` words. Anything else ("ok bye", "ok but what is smuggling") is
left to the classifier.

A second matcher can recognise another closed class the same way: "tell me more",
"anything else?" (`ask_more`). With `lead_in_intents: [acknowledge, thank]` its phrases
may come after acknowledgements or thanks ("ok tell me more", "thanks, what now?"),
which no list alone would match. Such a matcher also lets a few connecting words open
the message (`CONNECTORS`: "so what should i do", "but is it anonymous", session 61).
A third recognises "what do I do now?" (`ask_what_to_do`), whose reply gives the
hotline first: also when the classifier took it for a cry for help, which it often
does (that had got "Please call it now", then how to help others by raising awareness).
A fourth recognises "is it anonymous?" with nothing to say what "it" is
(`ask_anonymous`), whose reply asks whether this chat or the hotline is meant.
A fifth recognises saying no to calling ("I don't want to call", `decline_call`), whose
reply gives the hotline for later and says calling is their choice; a sixth, small talk
about the assistant ("how are you?", "what's your name?", `ask_about_assistant`), also
after a greeting, whose reply says what the assistant is; a seventh, asking to hear the
last reply again ("can you repeat that?", `repeat`), answered with the previous turn's
replies (assistant/runtime/repeat_reply.py); an eighth, asking whether what was just
described is normal or allowed ("is this normal?", `ask_about_situation`), whose reply
says the assistant can't judge it, what the sources say trafficking is, and the hotline;
a ninth, doubting an answer ("are you sure?", `ask_if_true`), whose reply is where
everything the assistant says comes from; a tenth, turning down the two topics offered
("neither", "none of those", `reject_choices`), whose reply says to ask in other words
or pick a topic; an eleventh, asking to start over ("start over", "new chat",
`start_over`), whose reply offers a fresh start before the conversation restarts; a
twelfth, saying who one is or that one has a question ("im a teacher", "i work at a
hotel", "i have a question", `introduce_self`), whose reply gives the hotline, then asks
for the question; a thirteenth, frustration or an insult aimed at the assistant ("you're
useless", "ur dumb", `complain`), whose reply is the one for a reply that didn't help.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant import yaml_files
from assistant.nlu.parse_data import set_only_intent
from assistant.nlu.readings import SPELLING_CORRECTED_TEXT
from assistant.nlu.text_speak import spelled_out

ROOT = Path(__file__).resolve().parents[2]
PHRASES_FILE = "phrases.txt"
LEAD_INS_FILE = "lead_ins.txt"
NOT_LETTERS = re.compile(r"[^a-z ]+")
APOSTROPHES = re.compile("['\u2019]")
REPEATS = re.compile(r"([a-z])\1+")
# A thumbs-up or OK hand says "ok" (session 63: a thumbs-up alone got "Sorry, I didn't
# understand that"); any other emoji is dropped with the other non-letters.
OK_EMOJI = re.compile("[\U0001F44D\U0001F44C]")


def normalise(text: Text) -> Text:
    """Lower case, letters and single spaces only, each run of one letter kept once.
    Apostrophes are dropped, not spaced: "i'm ok" reads as "im ok", as people type it.
    A thumbs-up or OK hand reads as "ok"."""
    text = OK_EMOJI.sub(" ok ", APOSTROPHES.sub("", text.lower()))
    text = REPEATS.sub(r"\1", NOT_LETTERS.sub(" ", text))
    return " ".join(text.split())


# Words that open a reply the way people carry a conversation on ("so what do i do now",
# "and is it anonymous", "but are you sure"), allowed first wherever lead-ins are: they
# had kept the phrases from matching ("so what should i do", after a disclosure, got
# "Please call it now" then how to help others by raising awareness). They add nothing
# to a closed-class phrase's meaning, and a phrase must still follow them.
CONNECTORS = frozenset(normalise(word) for word in (
    "so", "and", "but", "well", "then", "also", "anyway", "um", "uh"))


def phrases_in_file(path: Path) -> FrozenSet[Text]:
    """The phrases a knowledge/*.yml file of groups gives (knowledge/introductions.yml):
    each group's `frames`, each followed by each of its `words`, normalised."""
    with open(path, encoding="utf-8") as f:
        groups = yaml_files.safe_load(f) or {}
    return frozenset(normalise(f"{frame} {word}") for group in groups.values()
                     for frame in group["frames"] for word in group["words"])


# Every matcher reads the same message: its text-speak is spelled out once.
spelled_once = lru_cache(maxsize=4)(spelled_out)


def splits_into(words: List[Text], phrases: FrozenSet[Text]) -> bool:
    """Whether `words` are one or more of `phrases` (each a space-joined string) in a row."""
    ends = {0}  # the word indices where a run of whole phrases can end
    for end in range(1, len(words) + 1):
        if any(" ".join(words[start:end]) in phrases for start in ends if start < end):
            ends.add(end)
    return len(words) in ends and len(words) > 0


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class ShortReplyMatcher(GraphComponent):
    """Gives `intent` to a message made only of that intent's examples."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # lead_in_intents: the intents whose examples may open the message, before this
        # intent's phrases (none: the whole message is this intent's phrases).
        # phrases_file: a knowledge/*.yml file of more phrases, read when the matcher is
        # created or loaded (`phrases_in_file`), as the pattern lists in knowledge/ are.
        return {"intent": "acknowledge", "max_words": 5, "lead_in_intents": [],
                "phrases_file": None}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, phrases: Optional[FrozenSet[Text]] = None,
                 lead_ins: Optional[FrozenSet[Text]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._from_file = (phrases_in_file(ROOT / self._config["phrases_file"])
                           if self._config["phrases_file"] else frozenset())
        self._use(phrases or frozenset(), lead_ins or frozenset())

    def _use(self, learned: FrozenSet[Text], lead_ins: FrozenSet[Text]) -> None:
        """Match `learned` and the file's phrases, after `lead_ins`. Openers: what may
        come before the phrases, the lead-ins and the connecting words where this
        matcher takes lead-ins at all. Words: every word of the phrases and openers; a
        message with any other word cannot match, and most are ruled out by that alone."""
        self._phrases: FrozenSet[Text] = learned | self._from_file
        self._lead_ins: FrozenSet[Text] = lead_ins
        self._openers = lead_ins | CONNECTORS if self._config["lead_in_intents"] else frozenset()
        self._words = frozenset(w for phrase in self._phrases | self._openers
                                for w in phrase.split())

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> ShortReplyMatcher:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        def phrases_of(intents: List[Text]) -> FrozenSet[Text]:
            return frozenset(
                normalise(m.get(TEXT)) for m in training_data.intent_examples
                if m.get(INTENT) in intents and normalise(m.get(TEXT) or ""))

        learned = phrases_of([self._config["intent"]])
        self._use(learned, phrases_of(self._config["lead_in_intents"] or []))
        with self._model_storage.write_to(self._resource) as directory:
            # Only data/nlu.yml's: the file's phrases are read again at load.
            (directory / PHRASES_FILE).write_text("\n".join(sorted(learned)),
                                                   encoding="utf-8")
            (directory / LEAD_INS_FILE).write_text("\n".join(sorted(self._lead_ins)),
                                                    encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ShortReplyMatcher:
        def lines(name: Text) -> FrozenSet[Text]:
            try:
                with model_storage.read_from(resource) as directory:
                    text = (directory / name).read_text(encoding="utf-8")
            except (ValueError, FileNotFoundError):
                text = ""
            return frozenset(line for line in text.splitlines() if line)

        return cls(config, model_storage, resource, lines(PHRASES_FILE), lines(LEAD_INS_FILE))

    def matches(self, text: Text) -> bool:
        words = normalise(text).split()
        if " ".join(words) in self._phrases:
            # One phrase, however long (session 63: "can you give me an example", one of
            # ask_more's, has six words, one more than that matcher's `max_words`).
            return True
        if len(words) > self._config["max_words"] or not self._words.issuperset(words):
            return False
        # The phrases, after none or some openers: the rest from some word on must split
        # into the phrases, and what comes before it into lead-ins and connecting words.
        return any(splits_into(words[start:], self._phrases)
                   and (start == 0 or splits_into(words[:start], self._openers))
                   for start in range(len(words)))

    def readings(self, message: Message) -> List[Text]:
        """The message as typed; then, if they differ, with its text-speak spelled out
        ("y not" as "why not"; session 60: it had got two topics to choose from) and as
        the classifier corrected its spelling (assistant/nlu/readings.py), which knows
        only the words it learned: "is it anonymus" is not corrected, as "anonymous" is
        only in lookup lists."""
        text = message.get(TEXT) or ""
        found = [text]
        # No reading has fewer words than the text as typed: a longer text matches none
        # but as one whole phrase, as typed.
        if len(text.split()) > self._config["max_words"]:
            return found
        for other in (spelled_once(text), message.get(SPELLING_CORRECTED_TEXT)):
            if other and other not in found:
                found.append(other)
        return found

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._phrases and any(self.matches(text) for text in self.readings(message)):
                # Nothing else ranked: a confident score the classifier gave another
                # intent would be a near tie for FallbackClassifier ("go on" fell back).
                set_only_intent(message, self._config["intent"])
        return messages
