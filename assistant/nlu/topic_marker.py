"""A pattern list whose match makes one FAQ topic the answer: the shape the minor-age,
form-comparison, male-victim and labour-venue markers share (assistant/nlu/minor_age.py,
assistant/nlu/form_comparisons.py, assistant/nlu/male_victims.py,
assistant/nlu/labour_venues.py).

Such a marker runs after the topic chooser and before the urgent safety net. A message
of at most `max_words` words that matches its list, and that was read as a question,
out of scope or not understood (`intents`: never one a lookup list recognised, nor one
the classifier called urgent or, unsure, leaned to), gets the FAQ answer `topic`, as if
the topic chooser had chosen it; one naming a subject no source covers
(knowledge/uncovered.yml) keeps "my sources don't cover that" (session 57). The safety
net, which runs later, still makes it urgent when its lexicon matches, and then the
answer comes after the urgent reply.

A message that matches but that the classifier called urgent or, unsure, leaned to
keeps its intent. A marker whose list holds only ways of asking (`mark_urgent`: the
male-victim, trafficker-relation, topic-phrase and labour-venue ones) then records its
topic (`marked_topic` in the parse data) for the safety net, which gives that answer
after the urgent reply, or alone to a question naming no one that its lexicon does not
match (session 44: "does this happen to men" had got "Sorry, I didn't understand
that", "im a guy. does this happen to men" the urgent reply alone). The minor-age list
holds statements ("she's 16"), which tell of someone: it records its topic too (session
50), and a statement naming someone gets the answer after the urgent reply, never alone.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.other_language import OTHER_LANGUAGE_ENTITY
from assistant.nlu.parse_data import drop_entities, intent_or_lean, set_answer
from assistant.nlu.pattern_lookup import PatternComponent, PatternList
from assistant.nlu.topic_chooser import SUGGESTIONS, TOPIC_CHOICE
from assistant.nlu.uncovered_subjects import UNCOVERED_SUBJECT
from assistant.nlu.word_patterns import Pattern

# In the parse data of a message a marker matched but left urgent: its topic, for the
# safety net (assistant/nlu/urgent_safety_net.py).
MARKED_TOPIC = "marked_topic"


class TopicMarker(PatternComponent):
    """Gives a message that matches its list the answer `topic`. A subclass names the
    list (`LIST`), the parse data's key (`PARSE_KEY`) and its `topic` and `max_words`
    defaults, and registers itself with Rasa."""

    # In the parse data of a message that matched: the pattern it matched.
    PARSE_KEY: Text = ""

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {
            **super().get_default_config(),
            "answer_intent": "faq",
            "topic": "",
            "urgent_intent": "urgent_help",
            # The intents it may take over: "im 15, is this chat private?" keeps the
            # privacy list's answer.
            "intents": ["faq", "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME],
            # Longer messages are questions of their own, for the classifier.
            "max_words": 6,
            # Whether a match the classifier called urgent records its topic for the
            # safety net: only for a list of ways of asking.
            "mark_urgent": False,
        }

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._answer_intent = config["answer_intent"]
        self._topic = config["topic"]
        self._urgent_intent = config["urgent_intent"]
        self._max_words = config["max_words"]
        self._intents = set(config["intents"])
        self._mark_urgent = config["mark_urgent"]

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        """The pattern of its list `text` matches, or None; a subclass may also read
        the conversation (assistant/nlu/trafficker_relations.py: its follow-ups)."""
        return self._patterns.find(text)

    def topic_of(self, found: Pattern) -> Text:
        """The topic that answers a message matching `found`: the marker's own, unless a
        subclass's list files its patterns by topic (assistant/nlu/topic_phrases.py)."""
        return self._topic

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text.split()) > self._max_words:
                continue
            read_as = intent_or_lean(message)
            urgent = self._urgent_intent in read_as
            if urgent:
                if not self._mark_urgent:
                    continue
            elif read_as[0] not in self._intents:
                continue
            if any(e.get("entity") == OTHER_LANGUAGE_ENTITY for e in message.get(ENTITIES) or []):
                continue
            # A subject no source covers keeps "my sources don't cover that" (session 57:
            # "what are the forms for the t visa" got the forms of trafficking).
            if message.get(UNCOVERED_SUBJECT):
                continue
            found = self.find(message, text)
            if found is None:
                continue
            message.set(self.PARSE_KEY, found.text, add_to_output=True)
            topic = self.topic_of(found)
            if urgent:
                # Urgent it stays; the safety net decides whether the answer comes too.
                message.set(MARKED_TOPIC, topic, add_to_output=True)
                continue
            set_answer(message, self._answer_intent, topic)
            message.set(TOPIC_CHOICE, {"decision": "answer", "topics": [[topic, 1.0]]},
                        add_to_output=True)
            drop_entities(message, SUGGESTIONS)
        return messages
