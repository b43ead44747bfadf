"""A message in Spanish gets told, in Spanish, that the assistant answers only in
English, with the hotline: a Rasa NLU component.

Why: the assistant knows only English, so a message in another language got "Sorry, I
didn't understand that" in English. The hotline number was in it, but a reader with no
English could not tell what the reply said. Spanish is the language we can recognise
and answer in a sentence of our own without a model: spaCy ships a Spanish stop-word
list (no download). Other languages keep the English fallback, which carries the
hotline too.

A message counts as Spanish when at least two different words of it are Spanish stop
words that are not English ones ("cómo", "de", "la", "soy", "puedo"), and they
outnumber its English stop words; so an English message with a Spanish name in it
("my friend Maria de la Cruz is being forced to work") stays English.

It runs after the topic chooser and before the urgent safety net: a Spanish message
becomes the fallback intent with the entity `other_language` (its rule sends
`utter_other_language`), unless the classifier called it urgent; the safety net then
still makes it urgent when the urgent lexicon matches ("ayuda").
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS

from assistant.nlu.parse_data import add_entity, drop_entities, set_intent
from assistant.nlu.topic_chooser import SUGGESTIONS
from assistant.nlu.urgent_lexicon import strip_accents

OTHER_LANGUAGE_ENTITY = "other_language"
WORD = re.compile(r"[^\W\d_]+")


def fold(text: Text) -> Text:
    """Lower case without accents: people often type "como" for "cómo"."""
    return strip_accents(text.lower())


SPANISH_ONLY = frozenset(fold(w) for w in SPANISH_STOP_WORDS) - ENGLISH_STOP_WORDS


def is_spanish(text: Text) -> bool:
    """Whether `text` reads as Spanish (see the module's docstring)."""
    words = WORD.findall(fold(text))
    spanish = {w for w in words if w in SPANISH_ONLY}
    english = {w for w in words if w in ENGLISH_STOP_WORDS}
    return len(spanish) >= 2 and len(spanish) > len(english)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OtherLanguageDetector(GraphComponent):
    """Turns a Spanish message that is not urgent into the fallback intent with the
    entity `other_language`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"urgent_intent": "urgent_help"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._urgent_intent = config["urgent_intent"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OtherLanguageDetector:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") == self._urgent_intent or not is_spanish(message.get(TEXT) or ""):
                continue
            set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME,
                       intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            drop_entities(message, SUGGESTIONS)
            add_entity(message, OTHER_LANGUAGE_ENTITY, "es", type(self).__name__)
        return messages
