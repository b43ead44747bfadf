"""Answer, offer two topics, or say the sources don't cover it: a Rasa NLU component.

The classifier always names a likeliest FAQ topic, even when none fits. Guessing is an
FAQ assistant's worst answer (a confident answer to another question), so this
component decides what to do with a message the classifier calls `faq`, from the
probabilities of its two likeliest topics (full labels: P(faq) x P(topic | faq)):

- the likeliest topic has at least `answer_threshold`: answer it;
- else, if the two likeliest together have at least `suggest_threshold`: offer both
  ("Did you mean...?"): the intent becomes `nlu_fallback` with the two topics'
  questions as the entities `suggestion_1` and `suggestion_2`, which the
  `utter_did_you_mean` response shows as buttons, with the hotline;
- else: no topic fits, so the intent becomes `out_of_scope` ("my sources don't cover
  that", with the hotline).

A message that is exactly one of the topics' questions (knowledge/topics.yml: a tapped
button, or a numbered SMS choice) gets that topic, whatever the classifier said.

A near tie between `faq` and `out_of_scope` is this component's decision too, not a
misunderstanding: FallbackClassifier sends every near tie between two intents to
`nlu_fallback` ("Sorry, I didn't understand that"), but whether the sources cover a
question is what the steps above decide. So when its two likeliest intents are those
two and the likelier has at least `tie_threshold` (FallbackClassifier's own threshold:
below it the message was not understood), the message is decided as for `faq`. No
topic can then have much more than half the probability, so it nearly always gets
two topics to choose from or "my sources don't cover that", as any middling
confidence does.

It runs after FallbackClassifier (which handles low confidence in any intent) and
before the safety net (which may still make the turn urgent). What it decided is in
the parse data under `topic_choice`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME, RESPONSE_SELECTOR_RANKING_KEY
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant import yaml_files
from assistant.nlu.parse_data import add_entity, set_answer, set_intent

DEFAULT_TOPICS = Path(__file__).resolve().parents[2] / "knowledge" / "topics.yml"
TOPIC_CHOICE = "topic_choice"
SUGGESTIONS = ("suggestion_1", "suggestion_2")
OUT_OF_SCOPE = "out_of_scope"


def normalise(text: Text) -> Text:
    """Lower case, single spaces, no end punctuation: how button questions are matched."""
    return re.sub(r"\s+", " ", text.strip().lower()).rstrip("?!. ")


def read_topics(path: Path = DEFAULT_TOPICS) -> Dict[Text, Text]:
    """Each topic's question, by topic name (`what_is`, ...)."""
    with open(path, encoding="utf-8") as f:
        return dict(yaml_files.safe_load(f)["topics"])


def subjects_in(topics: Dict[Text, Any], key: Text = "subjects") -> Dict[Text, Text]:
    """What "it" stands for right after each topic's answer, from the topics file's
    contents (`subjects`; `default` for a topic not listed); with `key` "they", what
    "they" stands for right after the answers about a group of people."""
    return {str(k): str(v) for k, v in (topics.get(key) or {}).items()}


def read_subjects(path: Path = DEFAULT_TOPICS) -> Dict[Text, Text]:
    """`subjects_in` the topics file at `path`."""
    with open(path, encoding="utf-8") as f:
        return subjects_in(yaml_files.safe_load(f))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TopicChooser(GraphComponent):
    """Turns the classifier's FAQ topic probabilities into answer, offer or abstain."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "topics": str(DEFAULT_TOPICS),
            "retrieval_intent": "faq",
            "answer_threshold": 0.5,
            "suggest_threshold": 0.3,
            "tie_threshold": 0.4,
        }

    def __init__(self, config: Dict[Text, Any], topics: Dict[Text, Text]) -> None:
        self._config = config
        self._topics = topics
        self._by_question = {normalise(q): t for t, q in topics.items()}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicChooser:
        config = {**cls.get_default_config(), **config}
        return cls(config, read_topics(Path(config["topics"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            button = self._by_question.get(normalise(message.get(TEXT) or ""))
            if button is not None:
                self._answer(message, button)
                continue
            self._take_near_tie_with_out_of_scope(message)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self._config["retrieval_intent"]:
                continue
            top = self._likeliest_topics(message)
            if not top:
                continue
            (t1, p1), (t2, p2) = (top + [("", 0.0)])[:2]
            choice = {"topics": [[t, round(p, 4)] for t, p in top[:2]]}
            if p1 >= self._config["answer_threshold"]:
                choice["decision"] = "answer"
            elif t2 and p1 + p2 >= self._config["suggest_threshold"]:
                choice["decision"] = "suggest"
                self._suggest(message, t1, t2, p1)
            else:
                choice["decision"] = "no topic fits"
                set_intent(message, OUT_OF_SCOPE, 1.0 - p1 - p2)
            message.set(TOPIC_CHOICE, choice, add_to_output=True)
        return messages

    def _take_near_tie_with_out_of_scope(self, message: Message) -> None:
        """A fallback for a near tie between the FAQ intent and `out_of_scope` becomes
        the FAQ intent, with its own confidence, for the steps below to decide."""
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME:
            return
        likeliest = [r for r in message.get(INTENT_RANKING_KEY) or []
                     if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME][:2]
        names = {r.get(INTENT_NAME_KEY) for r in likeliest}
        if (names == {self._config["retrieval_intent"], OUT_OF_SCOPE}
                and likeliest[0][PREDICTED_CONFIDENCE_KEY] >= self._config["tie_threshold"]):
            faq = next(r for r in likeliest
                       if r[INTENT_NAME_KEY] == self._config["retrieval_intent"])
            set_intent(message, faq[INTENT_NAME_KEY], faq[PREDICTED_CONFIDENCE_KEY])

    def _likeliest_topics(self, message: Message) -> List[Tuple[Text, float]]:
        """The two likeliest topics (without the `faq/` prefix) with their full-label
        probabilities."""
        p_faq = message.get(INTENT)[PREDICTED_CONFIDENCE_KEY]
        selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(
            self._config["retrieval_intent"]) or {}
        ranking = selector.get(RESPONSE_SELECTOR_RANKING_KEY) or []
        return [(r[INTENT_RESPONSE_KEY].split("/", 1)[1], p_faq * r[PREDICTED_CONFIDENCE_KEY])
                for r in ranking[:2] if r.get(INTENT_RESPONSE_KEY)]

    def _suggest(self, message: Message, first: Text, second: Text, confidence: float) -> None:
        set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, confidence)
        for name, topic in zip(SUGGESTIONS, (first, second)):
            add_entity(message, name, self._topics[topic], type(self).__name__)

    def _answer(self, message: Message, topic: Text) -> None:
        """Make `topic` the answer, with certainty (a tapped button's question)."""
        set_answer(message, self._config["retrieval_intent"], topic)
        message.set(TOPIC_CHOICE, {"decision": "button", "topics": [[topic, 1.0]]},
                    add_to_output=True)
