"""A survivor telling what happened to them in the past ("I'm a survivor", "I was
trafficked years ago"), recognised by the patterns of knowledge/survivor.yml: a Rasa
NLU component.

Why (session 37): "I'm a survivor" got "My sources don't cover that, so I can't answer
it", and "I was trafficked years ago and still have nightmares" "Please call it now",
the reply to "help me". `SurvivorMarker` runs after the urgent safety net. A message
that matches the list, that was not answered as a question (its intent is
`urgent_help`, or `out_of_scope` or the fallback for a message that asks nothing) and
shows no sign of danger now gets `urgent_help` with the entity `survivor`, whose rule
sends `utter_survivor`: the hotline first, to call if in danger or whenever they want
to talk. No sign of danger
now means: none of the list's blockers ("again", "tonight", "found me"...), and no
match of the urgent lexicon in a category other than `past_categories` (config.yml)
outside the survivor's own phrase, so "I'm a survivor but they are watching me" keeps
the urgent reply while "I escaped five years ago" does not (session 38: "escape" is in
the lexicon). A survivor's question the safety net answers after the urgent reply
("I was trafficked years ago, why was it so hard to leave?") keeps its answer and gets
the same wording in place of "Please call it now" (session 38: the entity on the `faq`
turn, data/rules.yml). A message in another language keeps its own. The turn stays urgent (the usage report counts it so,
and the hotline reminder follows it): only its wording changes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.cannot_call import CANNOT_CALL
from assistant.nlu.other_language import OTHER_LANGUAGE_ENTITY
from assistant.nlu.parse_data import add_entity, drop_entities, set_intent
from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternComponent, PatternList
from assistant.nlu.topic_chooser import SUGGESTIONS
from assistant.nlu.urgent_lexicon import UrgentLexicon
from assistant.nlu.urgent_safety_net import SAFETY_NET_ENTITY

DEFAULT_PATTERNS = KNOWLEDGE / "survivor.yml"
# The entity (data/rules.yml), and the parse data's key for the pattern matched and
# the intent the turn had before (the usage report's layer).
SURVIVOR = "survivor"
VALUE = "said"


class SurvivorPhrases(PatternList):
    """The patterns of knowledge/survivor.yml and its blockers."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = SURVIVOR
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SurvivorMarker(PatternComponent):
    """Gives a survivor's account of the past its own reply, hotline first."""

    LIST = SurvivorPhrases
    # The entity the turn gets (data/rules.yml) and the parse data's key.
    ENTITY = SURVIVOR
    # A message with any of these entities is left as it is: one in another language
    # keeps its own reply, and one that says calling isn't safe the urgent reply's "call
    # it when it is safe" (session 39: the rules have no turn with both entities).
    LEFT_ALONE_WITH = frozenset({OTHER_LANGUAGE_ENTITY, CANNOT_CALL})
    # The entities (and parse data keys) of an earlier marker this one's wording replaces.
    REPLACES: tuple = ()

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {
            **super().get_default_config(),
            "urgent_intent": "urgent_help",
            "out_of_scope_intent": "out_of_scope",
            # The intent of a question answered after the urgent reply (the safety
            # net's entity marks it).
            "answer_intent": "faq",
            # Urgent-lexicon categories that a survivor's account of the past matches
            # ("I was trafficked years ago": "be * traffic") without danger now.
            "past_categories": ["concern_for_someone", "maybe_a_victim"],
            # Intents beside urgent, out of scope and not understood that it may take
            # over (config.yml).
            "also_intents": [],
        }

    def __init__(self, config: Dict[Text, Any], patterns: PatternList,
                 lexicon: Optional[UrgentLexicon] = None) -> None:
        super().__init__(config, patterns)
        self._urgent_intent = config["urgent_intent"]
        self._answer_intent = config["answer_intent"]
        self._intents = {config["urgent_intent"], config["out_of_scope_intent"],
                         DEFAULT_NLU_FALLBACK_INTENT_NAME, *config["also_intents"]}
        self._past_categories = frozenset(config["past_categories"])
        # The safety net's lexicon, read through the same reader (tests may pass one).
        self._lexicon = lexicon or UrgentLexicon.shared(config["spacy_model"],
                                                        Path(config["lexicon"]))

    def leaves_question(self, intent: Text, answered: bool, text: Text) -> bool:
        """Whether a message the list matches is left alone because it asks something
        the turn does not already treat as urgent."""
        # A survivor's question the sources don't answer ("as a survivor, what can I
        # do?"): "my sources don't cover that" says so; this reply would not.
        return intent != self._urgent_intent and not answered and self._lexicon.is_question(text)

    def keeps_answer(self, message: Message) -> bool:
        """Whether a question the safety net answers after the urgent reply keeps its
        answer: a survivor's always does."""
        return True

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            entities = {e.get("entity") for e in message.get(ENTITIES) or []}
            # A question the safety net answers after the urgent reply ("I was
            # trafficked years ago, why was it so hard to leave?"): the survivor's
            # wording replaces the urgent reply, the answer stays (session 38).
            answered = intent == self._answer_intent and SAFETY_NET_ENTITY in entities
            if intent not in self._intents and not answered:
                continue
            if entities & self.LEFT_ALONE_WITH:
                continue
            text = message.get(TEXT) or ""
            if self.leaves_question(intent, answered, text):
                continue
            found = self._patterns.find(text)
            # The lexicon's words inside the survivor's own phrase ("escaped" in "I
            # escaped five years ago") tell the past, not danger now. A turn an earlier
            # marker took has passed that check with its own phrase (session 49: "I
            # escaped from my trafficker 3 years ago. Sometimes I still feel like it was
            # my fault" kept the survivor's reply, its "escaped" counted against this one).
            taken = any(message.get(earlier) for earlier in self.REPLACES)
            if found is None or (not taken and self._lexicon.categories(text, besides=[found])
                                 - self._past_categories):
                continue
            before = intent
            for earlier in self.REPLACES:
                # An earlier marker's turn: its record goes, keeping the intent it found.
                before = (message.get(earlier) or {}).get("intent_before", before)
                if message.get(earlier):
                    message.set(earlier, None, add_to_output=True)
            message.set(self.ENTITY, {"pattern": found.text, "intent_before": before},
                        add_to_output=True)
            if answered and self.keeps_answer(message):
                drop_entities(message, self.REPLACES)
            else:
                set_intent(message, self._urgent_intent, 1.0)
                drop_entities(message, (*SUGGESTIONS, SAFETY_NET_ENTITY, *self.REPLACES))
            add_entity(message, self.ENTITY, VALUE, type(self).__name__)
        return messages
