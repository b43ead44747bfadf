"""Asking whether men and boys are victims too ("what about men?", "male victims?"),
recognised by the patterns of knowledge/male_victims.yml: a Rasa NLU component.

Why (session 43): the classifier gave such questions the answer that women and girls
are 55% of victims, not that victims are men, women and children of every age.
`MaleVictimMarker` is a topic marker (assistant/nlu/topic_marker.py, which says when it
takes a message over): a message of at most `max_words` words that matches gets the
FAQ answer `who_victims`; one the classifier called urgent records that topic for the
safety net (session 44).
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.topic_marker import TopicMarker

DEFAULT_PATTERNS = KNOWLEDGE / "male_victims.yml"
# In the parse data of such a message: the pattern it matched.
MALE_VICTIMS = "male_victims"


class MaleVictimQuestions(PatternList):
    """The patterns of knowledge/male_victims.yml; a message about women and girls, the
    traffickers or the buyers never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = MALE_VICTIMS
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class MaleVictimMarker(TopicMarker):
    """Gives a question whether men and boys are victims the answer on who the victims
    are."""

    LIST = MaleVictimQuestions
    PARSE_KEY = MALE_VICTIMS

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Such a question is short; a longer message tells more, for the classifier.
        # Its patterns are all ways of asking: a match the classifier called urgent
        # gets the answer too (after the urgent reply, or alone for a question naming
        # no one; see assistant/nlu/topic_marker.py).
        return {**super().get_default_config(), "topic": "who_victims", "max_words": 10,
                "mark_urgent": True}
