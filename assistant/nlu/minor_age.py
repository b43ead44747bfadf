"""Saying, in a few words, that someone is under 18 ("she's 17", "I'm 15"), recognised by
the patterns of knowledge/minor_age.yml: a Rasa NLU component.

Why (session 39): after telling of a girlfriend whose "manager" keeps the money from her
dates, "she's 17" got "Sorry, I didn't understand that". What the sources say about
minors is what such a person needs next: a minor in commercial sex is a victim of sex
trafficking even if no force, fraud or coercion was used. `MinorAgeMarker` is a topic
marker (assistant/nlu/topic_marker.py, which says when it takes a message over): a
message of at most `max_words` words that matches gets the FAQ answer `minors`.

`AdultAgeMarker` reads the same patterns with an adult's age (the file's `names:
adult_age`): "im 19", after telling of a boyfriend who sells her, got the urgent reply
alone, and "is that trafficking if im 19" the answer about minors (session 62). For an
adult what decides is force, fraud or coercion: the answer on what trafficking is, which
also says none need be shown for anyone under 18. A message that also says an age under
18 keeps the answer about minors.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.topic_marker import TopicMarker
from assistant.nlu.word_patterns import Pattern, WordReader

DEFAULT_PATTERNS = KNOWLEDGE / "minor_age.yml"
# In the parse data of such a message: the pattern it matched.
MINOR_AGE = "minor_age"
# In the parse data of a short message saying someone is an adult: the pattern.
ADULT_AGE = "adult_age"


class MinorAgePhrases(PatternList):
    """The patterns of knowledge/minor_age.yml; a number that is no age ("5 months")
    never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = MINOR_AGE
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class MinorAgeMarker(TopicMarker):
    """Gives a short message saying someone is under 18 the answer about minors."""

    LIST = MinorAgePhrases
    PARSE_KEY = MINOR_AGE

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Longer messages are questions of their own ("my son is 12, how do I keep him
        # safe online?"), for the classifier. An age the classifier called urgent
        # records the topic too (session 50: "im 17", after "my bf makes me meet his
        # friends and they give him money", got the urgent reply alone, and never what
        # the sources say of minors): a statement names someone, so the safety net gives
        # the answer after the urgent reply, never alone.
        return {**super().get_default_config(), "topic": "minors", "max_words": 6,
                "mark_urgent": True}


class AdultAgePhrases(MinorAgePhrases):
    """The same patterns, with `{age}` standing for each of `names: adult_age`."""

    CATEGORY = ADULT_AGE

    def __init__(self, reader: WordReader, config: dict) -> None:
        names = config.get("names") or {}
        super().__init__(reader, {**config, "names": {**names, "age": names["adult_age"]}})


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AdultAgeMarker(TopicMarker):
    """Gives a short message saying someone is an adult the answer on what trafficking
    is; it runs after MinorAgeMarker, and a message that one matched is left to it."""

    LIST = AdultAgePhrases
    PARSE_KEY = ADULT_AGE

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # As for an age under 18: a statement, which records its topic when urgent.
        return {**super().get_default_config(), "topic": "what_is", "max_words": 6,
                "mark_urgent": True}

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        if message.get(MINOR_AGE):
            return None
        return super().find(message, text)
