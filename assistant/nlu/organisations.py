"""Asking who or what an organisation the assistant names is ("who is Exodus Cry?",
"what is the ILO?"), recognised by the patterns of knowledge/organisations.yml: a Rasa
NLU component.

Why (session 47): "who is Exodus Cry" got "my sources don't cover that", though the
assistant quotes Exodus Cry in many answers and one of its sources is Exodus Cry's
page; "what is the ILO" the same, though it cites the ILO's estimates. A message that
matches gets `ask_organisation` (a lookup intent: the classifier never learns it) and
the entity `organisation`, whose value (`exodus_cry`, `innocence_freed`, `ilo`) picks
the variation of `utter_organisation` (domain.yml): what the sources say of it. A
message the classifier called urgent stays urgent, for the safety net.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.parse_data import add_entity
from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList
from assistant.nlu.word_patterns import WordReader, spans

DEFAULT_PATTERNS = KNOWLEDGE / "organisations.yml"
# In the parse data of such a message: the pattern it matched.
ORGANISATION_QUESTION = "organisation_question"
# The entity (and slot) that names the organisation.
ORGANISATION = "organisation"


class OrganisationQuestions(PatternList):
    """The patterns of knowledge/organisations.yml, `{org}` standing for every name of
    every organisation; `organisation_in` tells which one a message names."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = ORGANISATION_QUESTION

    def __init__(self, reader: WordReader, config: dict) -> None:
        organisations: Dict[Text, List[Text]] = config.get("organisations") or {}
        super().__init__(reader, {**config, "names": {
            "org": [name for names in organisations.values() for name in names]}})
        # Each organisation's names, as patterns of their own.
        self._names = {key: [reader.pattern({"pattern": name}, key) for name in names]
                       for key, names in organisations.items()}

    def organisation_in(self, text: Text) -> Optional[Text]:
        """The key of the first organisation whose name `text` holds, or None."""
        tokens = self._reader.tokens(text or "")
        for key, patterns in self._names.items():
            if any(True for p in patterns for _ in spans(p, tokens)):
                return key
        return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OrganisationMatcher(PatternIntentMatcher):
    """Gives `ask_organisation`, and the entity naming which, to a question who or what
    an organisation the sources name is."""

    LIST = OrganisationQuestions
    PARSE_KEY = ORGANISATION_QUESTION
    INTENT = "ask_organisation"

    def given_intent(self, message: Message) -> None:
        # Every pattern holds an organisation's name, so one is always found.
        organisation = self._patterns.organisation_in(message.get(TEXT) or "")
        if organisation is not None:
            add_entity(message, ORGANISATION, organisation, type(self).__name__)
