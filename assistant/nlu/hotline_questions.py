"""Questions about how the hotline works ("is the hotline anonymous?", "is the call
free?", "what happens when I call?"), recognised by the patterns of
knowledge/hotline.yml.

Why: the sources give the hotline's number, for reporting human trafficking, and
nothing else about it. Such questions got the general out-of-scope reply ("My sources
don't cover that... I can explain what human trafficking is, its forms..."), which
reads as if the question was not understood, to someone deciding whether it is safe
to call. A message that matches gets `ask_hotline` (reply `utter_hotline`: the number,
and that the sources don't say how the hotline works), and `hotline_question` in its
parse data names the pattern. A message naming another help line or the police
(`not_this_hotline`) never matches.

Two components read knowledge/hotline.yml:
- `HotlineQuestionMatcher`, with the other pattern lists right after the classifier
  (assistant/nlu/pattern_lookup.py): its `patterns` are questions about the hotline,
  whatever the classifier made of them ("what happens when I call?");
- `HotlineMentionMatcher`, after the topic chooser: a message the assistant was going
  to call out of scope that names the hotline (its `mentions`) is about the hotline
  too ("are the people on the hotline trained?"). The sources say nothing about the
  hotline but its number, so the reply fits any such message, and no list of
  questions has to foresee every wording;
- `OtherCountryMatcher`, right after the first, reads its `other_countries`: asking for
  a number outside the United States ("I'm not in the US, what number do I call?")
  gets `ask_other_country` (reply `utter_other_country`: the only number the sources
  give is on a U.S. page, and they give none for other countries).

As for the other pattern lists, the classifier never learns the intent, and a message
it called urgent stays urgent for the safety net, which gives the urgent reply first.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "hotline.yml"
# In the parse data of a question about the hotline: the pattern it matched.
HOTLINE_QUESTION = "hotline_question"
# In the parse data of a question about a number in another country: the pattern.
OTHER_COUNTRY_QUESTION = "other_country_question"


class HotlineQuestions(PatternList):
    """The patterns of knowledge/hotline.yml; a message naming another help line or the
    police never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = "hotline"
    BLOCKERS_KEY = "not_this_hotline"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class HotlineQuestionMatcher(PatternIntentMatcher):
    """Gives `ask_hotline` to a question about how the hotline works."""

    LIST = HotlineQuestions
    PARSE_KEY = HOTLINE_QUESTION
    INTENT = "ask_hotline"


class OtherCountryQuestions(HotlineQuestions):
    """The `other_countries` of knowledge/hotline.yml: asking for a number elsewhere."""

    PATTERNS_KEY = "other_countries"
    # "the number of victims in India" is a count, not a phone number.
    EXCEPTIONS_KEY = "not_a_phone_number"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OtherCountryMatcher(HotlineQuestionMatcher):
    """Gives `ask_other_country` to a question about a number outside the United States:
    the sources give only 1-888-373-7888, on a U.S. page, and none for other countries."""

    LIST = OtherCountryQuestions
    PARSE_KEY = OTHER_COUNTRY_QUESTION
    INTENT = "ask_other_country"


class HotlineMentions(HotlineQuestions):
    """The `mentions` of knowledge/hotline.yml: the words that name this hotline."""

    PATTERNS_KEY = "mentions"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class HotlineMentionMatcher(HotlineQuestionMatcher):
    """Gives `ask_hotline` to a message decided out of scope that names the hotline."""

    LIST = HotlineMentions

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {**super().get_default_config(), "out_of_scope_intent": "out_of_scope"}

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._out_of_scope_intent = config["out_of_scope_intent"]

    def reads(self, message: Message) -> bool:
        return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self._out_of_scope_intent
