"""Ways of asking about an FAQ topic that the classifier misreads ("why do traffickers
take passports?", "what are the three P's?"), recognised by the patterns of
knowledge/topic_phrases.yml, filed there by the topic that answers them: a Rasa NLU
component.

Why (session 49): adding such questions to data/nlu.yml as examples moved the
classifier elsewhere (five examples for "does it have to involve force?" changed the
first reply to twelve real messages, two of them losing the urgent reply), so a way of
asking the classifier misses is listed, as the other markers list theirs.
`TopicPhraseMarker` is a topic marker (assistant/nlu/topic_marker.py, which says when
it takes a message over): a message of at most `max_words` words that matches gets the
answer of the topic its pattern is filed under; one the classifier called urgent or
leaned to records that topic for the safety net, as the list holds only ways of
asking. The urgent lexicon, which runs later, still makes a disclosure urgent.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList, expand
from assistant.nlu.topic_marker import TopicMarker
from assistant.nlu.word_patterns import Pattern, PatternIndex, WordReader

DEFAULT_PATTERNS = KNOWLEDGE / "topic_phrases.yml"
# In the parse data of such a message: the pattern it matched.
TOPIC_PHRASE = "topic_phrase"


class TopicPhrases(PatternList):
    """The patterns of knowledge/topic_phrases.yml, each with the topic it is filed
    under (`topics`) as its category; a match inside one of its `exceptions` is ignored."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = TOPIC_PHRASE
    EXCEPTIONS_KEY = "exceptions"

    def __init__(self, reader: WordReader, config: dict) -> None:
        super().__init__(reader, config)
        names = config.get("names") or {}
        self.patterns = [pattern for topic, entries in (config.get("topics") or {}).items()
                         for entry in entries for pattern in expand(reader, entry, topic, names)]
        self._patterns = PatternIndex(self.patterns)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TopicPhraseMarker(TopicMarker):
    """Gives a way of asking the classifier misreads the answer of the topic its
    pattern is filed under."""

    LIST = TopicPhrases
    PARSE_KEY = TOPIC_PHRASE

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Such a question is short; a longer message tells more, for the classifier.
        # Its patterns are all ways of asking: a match the classifier called urgent
        # gets the answer too (after the urgent reply, or alone for a question naming
        # no one; see assistant/nlu/topic_marker.py).
        # A way of asking may also read as asking for a person or for the sources
        # (session 50: "can it happen online" got the reply on calling the hotline to
        # talk to someone, "who would do this" the list of sources): no pattern asks
        # for either, so the answer replaces that reply.
        defaults = super().get_default_config()
        return {**defaults, "max_words": 12, "mark_urgent": True,
                "intents": [*defaults["intents"], "request_human", "ask_sources"]}

    def topic_of(self, found: Pattern) -> Text:
        return found.category
