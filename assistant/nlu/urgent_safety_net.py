"""Layer 2 of the safety net: a Rasa NLU component that makes a turn urgent.

It runs last in the pipeline (config.yml). When a message matches the urgent lexicon
(knowledge/urgent.yml), `urgent_match` in the parse data records which pattern matched,
and the turn gets the hotline in its first reply, whatever came before:

- If the classifier and the topic chooser settled on answering an FAQ topic, the
  message may be a question about trafficking that happens to use alarm words ("is
  it trafficking when a boss keeps passports?"). Issue #13: the urgent reply alone
  would leave the person without what they asked. The intent stays `faq` and the
  entity `safety_net` is added: the rule for it sends the urgent reply first (the
  hotline, and that the assistant cannot send help itself), then the answer. A
  disclosure phrased as a question so gets the urgent reply all the same.
- Otherwise (a disclosure, or anything the classifier is unsure of) the intent becomes
  `urgent_help` with confidence 1.0, and the reply is the urgent one.

It never lowers a turn: a message the classifier calls `urgent_help` stays urgent.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.parse_data import add_entity, set_intent
from assistant.nlu.topic_chooser import TOPIC_CHOICE
from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, UrgentLexicon

# The topic chooser's decisions that mean the message gets its topic's answer.
ANSWERED = {"answer", "button"}

URGENT_MATCH = "urgent_match"
# The entity that marks a question answered after the urgent reply (data/rules.yml).
SAFETY_NET_ENTITY = "safety_net"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class UrgentSafetyNet(GraphComponent):
    """Overrules the classifier when the urgent lexicon matches."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "lexicon": str(DEFAULT_LEXICON),
            # The same saved pipeline SpacyNLP loads (see assistant/nlu/spacy_model.py).
            "spacy_model": "build/spacy-en",
            "intent": "urgent_help",
            # A message the topic chooser decided to answer keeps its answer.
            "answer_intent": "faq",
        }

    def __init__(self, config: Dict[Text, Any], lexicon: UrgentLexicon) -> None:
        self._intent = config["intent"]
        self._answer_intent = config["answer_intent"]
        self._lexicon = lexicon

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UrgentSafetyNet:
        config = {**cls.get_default_config(), **config}
        nlp = spacy.load(config["spacy_model"])
        return cls(config, UrgentLexicon.from_file(nlp, Path(config["lexicon"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            match = self._lexicon.find(message.get(TEXT) or "")
            if match is None:
                continue
            classified_as = (message.get(INTENT) or {}).get("name")
            answered = (classified_as == self._answer_intent
                        and (message.get(TOPIC_CHOICE) or {}).get("decision") in ANSWERED)
            message.set(
                URGENT_MATCH,
                {
                    "category": match.category,
                    "pattern": match.pattern,
                    "classifier_said": classified_as,
                    "reply": "urgent, then the answer" if answered else "urgent",
                },
                add_to_output=True,
            )
            if answered:
                add_entity(message, SAFETY_NET_ENTITY, match.category, type(self).__name__)
            else:
                set_intent(message, self._intent, 1.0)
        return messages
