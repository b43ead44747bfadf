"""Questions about the chat itself ("is this private?", "do you save my messages?",
"how do I delete this chat?"), recognised by the patterns of knowledge/privacy.yml.

Why: someone who writes from a phone or a computer that another person may read needs
to know what happens to the conversation, and the assistant answered "is this
conversation private?" with "I'm an automated assistant" and "can you delete this
chat?" with "my sources don't cover that". Teaching the classifier privacy questions
moved real questions that sit near a decision boundary (docs/performance.md, session
23), so, as for acknowledgements (assistant/nlu/short_replies.py), the classifier
never learns them (`lookup_intents` in config.yml) and a short reviewable list of
patterns, read like knowledge/urgent.yml's (assistant/nlu/word_patterns.py), finds
them.

`PrivacyQuestionMatcher` runs right after the classifier. A message that matches gets
the intent `ask_privacy` (reply `utter_privacy`: what the assistant does with a
conversation, and the hotline), and `privacy_question` in its parse data names the
pattern. If the classifier took it for `urgent_help`, the intent stays: the urgent
safety net, which runs last, decides every urgent turn, and gives such a message (or
one that matches the urgent lexicon) the urgent reply first, then the privacy answer
(assistant/nlu/urgent_safety_net.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.parse_data import set_only_intent
from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, shared_reader
from assistant.nlu.word_patterns import Pattern, WordReader, first_match, spans

DEFAULT_PATTERNS = Path(__file__).resolve().parents[2] / "knowledge" / "privacy.yml"
# In the parse data of a question about the chat: the pattern it matched.
PRIVACY_QUESTION = "privacy_question"


class PrivacyQuestions:
    """The patterns of knowledge/privacy.yml, with the spelling rewrites of
    knowledge/urgent.yml ("u" -> "you"). Knows nothing about Rasa."""

    def __init__(self, reader: WordReader, config: dict) -> None:
        self._reader = reader
        self.patterns: List[Pattern] = [
            self._reader.pattern(entry, "privacy") for entry in config.get("patterns") or []]
        self.exceptions: List[Pattern] = [
            self._reader.pattern(entry, "not_privacy") for entry in config.get("not_privacy") or []]

    @classmethod
    def from_files(cls, reader: WordReader, path: Path = DEFAULT_PATTERNS) -> "PrivacyQuestions":
        with open(path, encoding="utf-8") as f:
            return cls(reader, yaml.safe_load(f))

    def find(self, text: Text) -> Optional[Pattern]:
        """The first pattern `text` matches, outside the exceptions, or None."""
        tokens = self._reader.tokens(text or "")
        return first_match(self.patterns, self.exceptions, tokens) if tokens else None

    def matches(self, text: Text, pattern: Pattern) -> bool:
        """Whether this one pattern matches `text`, exceptions aside; for tests."""
        return any(True for _ in spans(pattern, self._reader.tokens(text)))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class PrivacyQuestionMatcher(GraphComponent):
    """Gives `intent` to a question about the chat itself."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "patterns": str(DEFAULT_PATTERNS),
            # Its spelling rewrites apply here too.
            "lexicon": str(DEFAULT_LEXICON),
            # The same saved pipeline SpacyNLP loads (see assistant/nlu/spacy_model.py).
            "spacy_model": "build/spacy-en",
            "intent": "ask_privacy",
            # The classifier's urgent verdict stands, for the safety net to answer.
            "urgent_intent": "urgent_help",
        }

    def __init__(self, config: Dict[Text, Any], questions: PrivacyQuestions) -> None:
        self._intent = config["intent"]
        self._urgent_intent = config["urgent_intent"]
        self._questions = questions

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> PrivacyQuestionMatcher:
        config = {**cls.get_default_config(), **config}
        # The urgent safety net reads every message through the same reader.
        reader = shared_reader(config["spacy_model"], str(Path(config["lexicon"])))
        return cls(config, PrivacyQuestions.from_files(reader, Path(config["patterns"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self._questions.find(message.get(TEXT) or "")
            if found is None:
                continue
            message.set(PRIVACY_QUESTION, found.text, add_to_output=True)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self._urgent_intent:
                set_only_intent(message, self._intent)
        return messages
