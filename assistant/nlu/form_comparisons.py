"""Comparing the two forms of trafficking ("what's the difference between sex trafficking
and labour trafficking?"), recognised by the patterns of knowledge/form_comparisons.yml:
a Rasa NLU component.

Why (session 41): the classifier read such a comparison as a question about the first
form named, and answered with sex trafficking alone. The answer on the forms names both
and what each is. `FormComparisonMarker` is a topic marker
(assistant/nlu/topic_marker.py, which says when it takes a message over): a message of
at most `max_words` words that matches gets the FAQ answer `forms`; right after the
answer on one form, also one that matches with its "it" read as that form.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.readings import PREVIOUS_TOPIC, text_with_subject
from assistant.nlu.topic_chooser import read_subjects
from assistant.nlu.topic_marker import TopicMarker
from assistant.nlu.word_patterns import Pattern

DEFAULT_PATTERNS = KNOWLEDGE / "form_comparisons.yml"
# In the parse data of such a message: the pattern it matched.
FORM_COMPARISON = "form_comparison"
# The forms: right after the answer on one, its "it" stands for that form, its subject
# in knowledge/topics.yml (session 56: "how is it different from sex trafficking?", after
# the answer on labour trafficking, got the answer on sex trafficking alone).
FORMS = ("sex_trafficking", "labour_trafficking")


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

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        subjects = read_subjects()
        self._form_subjects = {form: subjects[form] for form in FORMS if form in subjects}

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        found = super().find(message, text)
        form = self._form_subjects.get((message.get("metadata") or {}).get(PREVIOUS_TOPIC))
        reading = text_with_subject(text, form) if found is None and form else None
        if reading is not None:
            # Right after the answer on one form: "how is it different from sex
            # trafficking?" compares that form with the other.
            found = super().find(message, reading)
        return found
