"""A few words right after the urgent reply are read as the same conversation: a Rasa
NLU component.

Why (session 54): after "i'm trapped" got the urgent reply, "no one" and "nobody" got
two topics to choose from (who the victims are, how many there are), "hes coming" and
"alone" "my sources don't cover that". Read alone, none of them is about trafficking;
said just after the urgent reply, each is the same person going on about what is
happening to them. The NLU sees one message at a
time, so the runtime tells it, in the message's metadata under `previous_urgent`,
that the previous turn was answered with the urgent reply
(assistant/runtime/follow_ups.py).

A message of at most `max_words` words, with that in its metadata, that the pipeline
read as out of scope or not understood with two topics to choose from, and that is not
a question (assistant/nlu/urgent_lexicon.py, `is_question`), gets the urgent reply
again (`urgent_help`), whose words the second time on in a conversation are "I hear
you; keep writing if it helps" beside the hotline (domain.yml). A question ("what is a
T visa?") keeps its reply; so does everything a lookup list or the classifier
recognised ("ok", "thanks", "bye"), a message in another language, which has its own
reply with the hotline, and one not understood at all ("kjhkjh", "idk"), whose reply
after something urgent already says "When it is safe for you, call 1-888-373-7888...
you can keep writing to me" (domain.yml, session 40).

It runs after the urgent safety net and before the survivor, self-blame and
after-effects markers, which may still give the turn their words ("nobody believes
me"). It never makes a turn less urgent.
"""
from __future__ import annotations

from typing import Any, Dict, List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.lexicon_component import LexiconComponent
from assistant.nlu.other_language import OTHER_LANGUAGE_ENTITY
from assistant.nlu.parse_data import drop_entities, set_intent
from assistant.nlu.readings import PREVIOUS_URGENT
from assistant.nlu.topic_chooser import SUGGESTIONS
from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, UrgentLexicon

# In the parse data of a message this component made urgent: the intent it had before.
AFTER_URGENT = "after_urgent"


def few_words_not_understood(message: Message, lexicon: UrgentLexicon, intents: Set[Text],
                             unsure_intent: Text, max_words: int) -> bool:
    """Whether `message` is at most `max_words` words, not a question, read as one of
    `intents` (out of scope) or not understood with two topics offered, and not in
    another language: words that only the conversation before them can make sense of
    (also assistant/nlu/after_effects.py)."""
    entities = {e.get("entity") for e in message.get(ENTITIES) or []}
    intent = (message.get(INTENT) or {}).get("name")
    offered = intent == unsure_intent and set(SUGGESTIONS) <= entities
    if intent not in intents and not offered:
        return False
    if OTHER_LANGUAGE_ENTITY in entities:
        return False
    text = message.get(TEXT) or ""
    return 0 < len(text.split()) <= max_words and not lexicon.is_question(text)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AfterUrgentMarker(LexiconComponent):
    """Gives a few words that were not understood, right after the urgent reply, the
    urgent reply again."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "lexicon": str(DEFAULT_LEXICON),
            "spacy_model": "build/spacy-en",
            "intent": "urgent_help",
            "intents": ["out_of_scope"],
            # Not understood: only when two topics were offered to choose from.
            "unsure_intent": DEFAULT_NLU_FALLBACK_INTENT_NAME,
            "max_words": 6,
        }

    def __init__(self, config: Dict[Text, Any], lexicon: UrgentLexicon) -> None:
        self._intent = config["intent"]
        self._intents = set(config["intents"])
        self._unsure_intent = config["unsure_intent"]
        self._max_words = config["max_words"]
        self._lexicon = lexicon

    def reads(self, message: Message) -> bool:
        """Whether `message` is a few words, not a question, after the urgent reply,
        that nothing else understood."""
        return (bool((message.get("metadata") or {}).get(PREVIOUS_URGENT))
                and few_words_not_understood(message, self._lexicon, self._intents,
                                             self._unsure_intent, self._max_words))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.reads(message):
                message.set(AFTER_URGENT, message.get(INTENT)["name"], add_to_output=True)
                set_intent(message, self._intent, 1.0)
                drop_entities(message, SUGGESTIONS)
        return messages
