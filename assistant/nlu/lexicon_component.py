"""The shape of a Rasa NLU component that reads messages with the shared urgent lexicon
(knowledge/urgent.yml, assistant/nlu/urgent_lexicon.py): built from its config's
`lexicon` and `spacy_model` (its `get_default_config` names both), trained on nothing.
The urgent safety net and the after-urgent marker are such components
(assistant/nlu/urgent_safety_net.py, assistant/nlu/after_urgent.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.urgent_lexicon import UrgentLexicon


class LexiconComponent(GraphComponent):
    """A component whose constructor takes its config and the shared urgent lexicon."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        config = {**cls.get_default_config(), **config}
        return cls(config, UrgentLexicon.shared(config["spacy_model"], Path(config["lexicon"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
