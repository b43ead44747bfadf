"""Asking whether someone close can be a trafficker ("can you be trafficked by your
husband?", "can a family member traffic you?"), recognised by the patterns of
knowledge/trafficker_relations.yml: a Rasa NLU component.

Why (session 47): the classifier gave such questions "my sources don't cover that",
whether trafficking is a crime or the warning signs, though a source says traffickers
can be strangers, peers, friends, romantic partners or family members.
`TraffickerRelationMarker` is a topic marker (assistant/nlu/topic_marker.py, which says
when it takes a message over): a message of at most `max_words` words that matches gets
the FAQ answer `who_traffickers`; one the classifier called urgent or leaned to records
that topic for the safety net, as its list holds only ways of asking ("can u be
trafficked by ur husband", which the classifier leaned to call urgent, had got "Sorry,
I didn't understand that").

Right after that answer, a few words asking about one of those people ("what about a
boyfriend?", "even family?", "boyfriends?") get it too: the list's `follow_ups`, read
only when the previous turn's topic (assistant/runtime/follow_ups.py) is who the
traffickers are (session 55: "boyfriends?" had got "Please call it now" alone).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.readings import PREVIOUS_TOPIC
from assistant.nlu.topic_marker import TopicMarker
from assistant.nlu.word_patterns import Pattern, WordReader

DEFAULT_PATTERNS = KNOWLEDGE / "trafficker_relations.yml"
# In the parse data of such a message: the pattern it matched.
TRAFFICKER_RELATION = "trafficker_relation"


class TraffickerRelationFollowUps(PatternList):
    """The `follow_ups` of knowledge/trafficker_relations.yml, with the same blockers."""

    PATTERNS = DEFAULT_PATTERNS
    PATTERNS_KEY = "follow_ups"
    CATEGORY = TRAFFICKER_RELATION
    BLOCKERS_KEY = "blockers"


class TraffickerRelationQuestions(PatternList):
    """The patterns of knowledge/trafficker_relations.yml; a message naming oneself or
    a particular person never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = TRAFFICKER_RELATION
    BLOCKERS_KEY = "blockers"

    def __init__(self, reader: WordReader, config: dict) -> None:
        super().__init__(reader, config)
        self.follow_ups = TraffickerRelationFollowUps(reader, config)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TraffickerRelationMarker(TopicMarker):
    """Gives a question whether a partner, relative or friend can be a trafficker the
    answer on who the traffickers are."""

    LIST = TraffickerRelationQuestions
    PARSE_KEY = TRAFFICKER_RELATION

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Such a question is short; a longer message tells more, for the classifier.
        # Its patterns are all ways of asking: a match the classifier called urgent
        # gets the answer too (after the urgent reply, or alone for a question naming
        # no one; see assistant/nlu/topic_marker.py).
        return {**super().get_default_config(), "topic": "who_traffickers", "max_words": 10,
                "mark_urgent": True}

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        found = super().find(message, text)
        if found is None and (message.get("metadata") or {}).get(PREVIOUS_TOPIC) == self._topic:
            # Right after the answer on who the traffickers are: "what about a boyfriend?"
            found = self._patterns.follow_ups.find(text)
        return found
