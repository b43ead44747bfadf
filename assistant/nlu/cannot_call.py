"""Messages that say the person can't call now, or that calling isn't safe ("I can't
call, he is listening", "he checks my phone"), recognised by the patterns of
knowledge/cannot_call.yml.

Why: such a message got the urgent reply's "Please call it now", word for word the
reply to "help me". `CannotCallMarker` adds the entity `cannot_call` (value `said`) to
a message that matches; the slot of the same name (domain.yml) keeps it for the
conversation, and the urgent reply's variation for that slot says "Call it when it is
safe for you" after the hotline. Whether a message is urgent is still the classifier's
and the urgent safety net's decision, and the entity is in no rule but the safety net's
twins (data/rules.yml). `cannot_call` in the parse data names the pattern.

One more thing (session 41): a message that says so and was read as asking for a
person, out of scope or not understood (`intents`, never an unsure reading that leaned
urgent, nor two topics offered) gets the intent `unable_to_call`, whose reply says the
hotline is a phone number, the only contact the sources give, and that they don't say
whether it can be reached another way. "I can't call" had got "call it to talk to a
person", "I don't have a phone" "my sources don't cover that".
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.parse_data import add_entity, intent_or_lean, set_only_intent
from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternComponent, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "cannot_call.yml"
# The entity, the slot and the parse data's key for the pattern matched.
CANNOT_CALL = "cannot_call"
VALUE = "said"


class CannotCallPhrases(PatternList):
    """The patterns of knowledge/cannot_call.yml and its exceptions."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = CANNOT_CALL
    EXCEPTIONS_KEY = "not_cannot_call"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class CannotCallMarker(PatternComponent):
    """Marks a message that says calling isn't possible or safe now, and gives
    `unable_to_call` to one that asks or says nothing else the assistant answers."""

    LIST = CannotCallPhrases

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {
            **super().get_default_config(),
            "intent": "unable_to_call",
            "intents": ["request_human", "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME],
            "urgent_intent": "urgent_help",
        }

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._intent = config["intent"]
        self._intents = set(config["intents"])
        self._urgent_intent = config["urgent_intent"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self._patterns.find(message.get(TEXT) or "")
            if found is None:
                continue
            message.set(CANNOT_CALL, found.text, add_to_output=True)
            add_entity(message, CANNOT_CALL, VALUE, type(self).__name__)
            read_as = intent_or_lean(message)
            others = {e.get("entity") for e in message.get(ENTITIES) or []} - {CANNOT_CALL}
            if (read_as[0] in self._intents and self._urgent_intent not in read_as
                    and not others):  # no topics offered, no other language, not too long
                set_only_intent(message, self._intent)
        return messages
