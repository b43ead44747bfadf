"""Subjects the sources say nothing about ("forced marriage", "myths", "penalties",
"buyers", "aftercare", Wayfair), recognised by the patterns of knowledge/uncovered.yml.

Why (docs/performance.md, session 32): a question about trafficking that the sources
don't answer is worded like the questions they do answer, so the classifier gave it a
neighbouring topic's answer, often confidently ("Is forced marriage a form of human
trafficking?" got the forms of trafficking). A message that names such a subject gets
`out_of_scope` instead: "my sources don't cover that", what the assistant can explain,
and the hotline.

The classifier still learns `out_of_scope` from its examples; this list only overrules
it where a subject is named that no source, FAQ answer or FAQ example uses. It never
makes a turn less urgent: a message the classifier called `urgent_help` keeps that
intent (assistant/nlu/pattern_lookup.py), and the urgent safety net, which runs last,
still decides every turn the urgent lexicon matches.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "uncovered.yml"
# In the parse data of a message that named an uncovered subject: the pattern it matched.
UNCOVERED_SUBJECT = "uncovered_subject"


class UncoveredSubjects(PatternList):
    """The patterns of knowledge/uncovered.yml."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = "uncovered"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class UncoveredSubjectMatcher(PatternIntentMatcher):
    """Gives `out_of_scope` to a message that names a subject the sources don't cover."""

    LIST = UncoveredSubjects
    PARSE_KEY = UNCOVERED_SUBJECT
    INTENT = "out_of_scope"
