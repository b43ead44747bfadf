"""Layer 2 of the safety net: a Rasa NLU component that makes a turn urgent.

It runs last in the pipeline (config.yml). When a message matches the urgent lexicon
(knowledge/urgent.yml), the intent becomes `urgent_help` with confidence 1.0, whatever
the classifier or the FallbackClassifier said, and `urgent_match` in the parse data
records which pattern matched. It only ever raises a turn to urgent, never lowers it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, UrgentLexicon

URGENT_MATCH = "urgent_match"


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
        }

    def __init__(self, config: Dict[Text, Any], lexicon: UrgentLexicon) -> None:
        self._intent = config["intent"]
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
            urgent = {"name": self._intent, "confidence": 1.0}
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self._intent
            ]
            message.set(INTENT, urgent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [urgent, *ranking], add_to_output=True)
            message.set(
                URGENT_MATCH,
                {
                    "category": match.category,
                    "pattern": match.pattern,
                    "classifier_said": classified_as,
                },
                add_to_output=True,
            )
        return messages
