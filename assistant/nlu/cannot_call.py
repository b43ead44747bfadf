"""Messages that say the person can't call now, or that calling isn't safe ("I can't
call, he is listening", "he checks my phone"), recognised by the patterns of
knowledge/cannot_call.yml.

Why: such a message got the urgent reply's "Please call it now", word for word the
reply to "help me". `CannotCallMarker` adds the entity `cannot_call` (value `said`) to
a message that matches; the slot of the same name (domain.yml) keeps it for the
conversation, and the urgent reply's variation for that slot says "Call it when it is
safe for you" after the hotline. That is all it does: whether a message is urgent is
still the classifier's and the urgent safety net's decision, and the entity is in no
rule, so no reply other than the urgent one's wording changes. `cannot_call` in the
parse data names the pattern.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.parse_data import add_entity
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
    """Marks a message that says calling isn't possible or safe now."""

    LIST = CannotCallPhrases

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self._patterns.find(message.get(TEXT) or "")
            if found is not None:
                message.set(CANNOT_CALL, found.text, add_to_output=True)
                add_entity(message, CANNOT_CALL, VALUE, type(self).__name__)
        return messages
