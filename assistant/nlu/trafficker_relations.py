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
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.topic_marker import TopicMarker

DEFAULT_PATTERNS = KNOWLEDGE / "trafficker_relations.yml"
# In the parse data of such a message: the pattern it matched.
TRAFFICKER_RELATION = "trafficker_relation"


class TraffickerRelationQuestions(PatternList):
    """The patterns of knowledge/trafficker_relations.yml; a message naming oneself or
    a particular person never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = TRAFFICKER_RELATION
    BLOCKERS_KEY = "blockers"


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
