"""Saying one is working on a school or research project about trafficking ("I'm doing a
school project on human trafficking"), or is learning about it or has seen or heard of
it ("my class is learning about trafficking", session 48), recognised by the patterns of
knowledge/school_work.yml.

Why (session 41): "i have a school project about trafficking" got how to help (raise
awareness, donate), and "im writing a paper on human trafficking" two topics to choose
from that did not fit. A student needs first what the assistant can tell them and
where its facts come from: `SchoolWorkMatcher` gives such a message `ask_capabilities`
(reply `utter_capabilities`), and `school_work` in its parse data names the pattern.

It runs with the other lookup lists, right after the classifier, and reads only a
message the classifier took for a question about a topic, out of scope, a greeting,
urgent or this intent (`intents`): another list's intent stands. Unlike the other
lists it also reads a message the classifier called urgent (session 42: "i need help
with my school project on trafficking" and "im doing research on trafficking and need
help" got "Please call it now": the classifier learned "i need help" from pleas); the
urgent lexicon still decides any message it matches, except a match in a category the
safety net's `school_work_categories` lists (asking for help: "help me with my
presentation about modern slavery"). A message with a question word (the file's
`blockers`) asks something of its own, for the classifier.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "school_work.yml"
# In the parse data of such a message: the pattern it matched.
SCHOOL_WORK = "school_work"


class SchoolWork(PatternList):
    """The patterns of knowledge/school_work.yml; a message with a question word never
    matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = SCHOOL_WORK
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SchoolWorkMatcher(PatternIntentMatcher):
    """Gives `ask_capabilities` to someone saying they work on a project about trafficking."""

    LIST = SchoolWork
    PARSE_KEY = SCHOOL_WORK
    INTENT = "ask_capabilities"

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {**super().get_default_config(),
                "intents": ["faq", "out_of_scope", "greet", "ask_capabilities", "urgent_help"],
                # No classifier verdict stands over it, not even urgent (see above).
                "urgent_intent": None}

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._intents = set(config["intents"])

    def reads(self, message: Message) -> bool:
        return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in self._intents
