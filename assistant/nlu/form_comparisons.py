"""Comparing the two forms of trafficking ("what's the difference between sex trafficking
and labour trafficking?"), recognised by the patterns of knowledge/form_comparisons.yml:
a Rasa NLU component.

Why (session 41): the classifier read such a comparison as a question about the first
form named, and answered with sex trafficking alone. The answer on the forms names both
and what each is. `FormComparisonMarker` is a topic marker
(assistant/nlu/topic_marker.py, which says when it takes a message over): a message of
at most `max_words` words that matches gets the FAQ answer `forms`.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.topic_marker import TopicMarker

DEFAULT_PATTERNS = KNOWLEDGE / "form_comparisons.yml"
# In the parse data of such a message: the pattern it matched.
FORM_COMPARISON = "form_comparison"


class FormComparisons(PatternList):
    """The patterns of knowledge/form_comparisons.yml; a message naming sex work never
    matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = FORM_COMPARISON
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class FormComparisonMarker(TopicMarker):
    """Gives a question comparing sex and labour trafficking the answer on the forms."""

    LIST = FormComparisons
    PARSE_KEY = FORM_COMPARISON

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # A comparison is one sentence; a longer message tells more, for the classifier.
        return {**super().get_default_config(), "topic": "forms", "max_words": 20}
