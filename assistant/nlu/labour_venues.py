"""Asking whether trafficking happens in a workplace the sources name for labour
trafficking ("what about hotels?", "are hotels linked to trafficking"), recognised by
the patterns of knowledge/labour_venues.yml: a Rasa NLU component.

Why (session 44): after the warning signs, "what about at hotels" got "my sources don't
cover that", and so did "are hotels linked to trafficking", though a source names
hotels, restaurants, farm work, construction and more among the places labour
trafficking has been found. `LabourVenueMarker` is a topic marker
(assistant/nlu/topic_marker.py, which says when it takes a message over): a message of
at most `max_words` words that matches gets the FAQ answer `labour_trafficking`, which
names those places.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.topic_marker import TopicMarker

DEFAULT_PATTERNS = KNOWLEDGE / "labour_venues.yml"
# In the parse data of such a message: the pattern it matched.
LABOUR_VENUE = "labour_venue"


class LabourVenueQuestions(PatternList):
    """The patterns of knowledge/labour_venues.yml; a message about sex trafficking, the
    warning signs, reporting or numbers, or naming a person, never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = LABOUR_VENUE
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class LabourVenueMarker(TopicMarker):
    """Gives a question whether trafficking happens in hotels, restaurants, farms (and
    the other workplaces a source names) the answer on labour trafficking."""

    LIST = LabourVenueQuestions
    PARSE_KEY = LABOUR_VENUE

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Such a question is short; a longer message tells more, for the classifier.
        # Its patterns are ways of asking about a kind of workplace in general (its
        # blockers leave out any message naming a person): a match the classifier
        # called urgent records the topic too (session 50: "and nail salons?", after
        # the answer on labour trafficking, got "Sorry, I didn't understand that").
        return {**super().get_default_config(), "topic": "labour_trafficking", "max_words": 8,
                "mark_urgent": True}
