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

Four components read knowledge/hotline.yml:
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
- `NumberRequestMatcher`, just before the first, reads its `number_requests`: asking
  for the number itself ("can you give me the number?", session 49: it got how many
  victims there are) gets `request_human` (reply `utter_human`: the hotline, to call to
  talk to a person), unless one of the two after it finds its own question.

Right after a reply giving the number to call, `HotlineQuestionMatcher` also reads the
file's `follow_ups`: "what will they do?" then asks about the hotline (session 57); and
`OtherCountryMatcher` its `other_country_follow_ups`: "what about canada?" then asks for
a number there (session 62).

As for the other pattern lists, the classifier never learns the intent, and a message
it called urgent stays urgent for the safety net, which gives the urgent reply first.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.parse_data import answer_of
from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList
from assistant.nlu.readings import PREVIOUS_HOTLINE
from assistant.nlu.word_patterns import Pattern, WordReader

DEFAULT_PATTERNS = KNOWLEDGE / "hotline.yml"
# In the parse data of a question about the hotline: the pattern it matched.
HOTLINE_QUESTION = "hotline_question"
# In the parse data of a question about a number in another country: the pattern.
OTHER_COUNTRY_QUESTION = "other_country_question"
# In the parse data of asking for the number itself: the pattern.
NUMBER_REQUEST = "number_request"
# The longest follow-up read as one about the hotline: "what will they do?"; "what do
# they do to people who escape" asks about traffickers.
FOLLOW_UP_WORDS = 5


class HotlineFollowUps(PatternList):
    """The `follow_ups` of knowledge/hotline.yml, with the same blockers: read only right
    after a reply giving the number to call (`PREVIOUS_HOTLINE`)."""

    PATTERNS = DEFAULT_PATTERNS
    PATTERNS_KEY = "follow_ups"
    CATEGORY = "hotline"
    BLOCKERS_KEY = "not_this_hotline"


class OtherCountryFollowUps(HotlineFollowUps):
    """The `other_country_follow_ups` of knowledge/hotline.yml: a country named right
    after a reply giving the number to call ("what about canada?")."""

    PATTERNS_KEY = "other_country_follow_ups"


class HotlineQuestions(PatternList):
    """The patterns of knowledge/hotline.yml, and its follow-ups (`follow_ups`, None for
    the lists read from the same file that have none); a message naming another help
    line or the police never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = "hotline"
    BLOCKERS_KEY = "not_this_hotline"
    # The list read right after the number was given, if any.
    FOLLOW_UPS: Optional[Type[HotlineFollowUps]] = HotlineFollowUps

    def __init__(self, reader: WordReader, config: dict) -> None:
        super().__init__(reader, config)
        self.follow_ups = self.FOLLOW_UPS(reader, config) if self.FOLLOW_UPS else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class HotlineQuestionMatcher(PatternIntentMatcher):
    """Gives `ask_hotline` to a question about how the hotline works."""

    LIST = HotlineQuestions
    PARSE_KEY = HOTLINE_QUESTION
    INTENT = "ask_hotline"

    def find(self, message: Message, text: Text) -> Optional[Pattern]:
        found = super().find(message, text)
        if (found is None and self._patterns.follow_ups is not None
                and len(text.split()) <= FOLLOW_UP_WORDS
                and (message.get("metadata") or {}).get(PREVIOUS_HOTLINE)):
            # Right after the number was given: "what will they do?"
            found = self._patterns.follow_ups.find(text)
        return found


class OtherCountryQuestions(HotlineQuestions):
    """The `other_countries` of knowledge/hotline.yml: asking for a number elsewhere."""

    PATTERNS_KEY = "other_countries"
    FOLLOW_UPS = OtherCountryFollowUps
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


class NumberRequests(HotlineQuestions):
    """The `number_requests` of knowledge/hotline.yml: asking for the number itself."""

    PATTERNS_KEY = "number_requests"
    FOLLOW_UPS = None
    # "the number of victims", "the number one cause": a count and a rank, not a phone
    # number.
    EXCEPTIONS_KEY = "not_a_phone_number"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class NumberRequestMatcher(HotlineQuestionMatcher):
    """Gives `request_human` to asking for the number ("can you give me the number?"):
    its reply gives the hotline, to call to talk to a person. It runs before the other
    two, so a question about the hotline or about a number elsewhere keeps its reply;
    the classifier's answer on how to report, which gives the number first, stays too."""

    LIST = NumberRequests
    PARSE_KEY = NUMBER_REQUEST
    INTENT = "request_human"

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # An FAQ answer that gives the number first already: "what's the hotline
        # number?" keeps the answer on how to report.
        return {**super().get_default_config(), "keeps_answer": "faq/how_to_report"}

    def __init__(self, config: Dict[Text, Any], patterns: PatternList) -> None:
        super().__init__(config, patterns)
        self._keeps_answer = config["keeps_answer"]
        self._keeps_intent = self._keeps_answer.partition("/")[0]

    def reads(self, message: Message) -> bool:
        return answer_of(message, self._keeps_intent) != self._keeps_answer


class HotlineMentions(HotlineQuestions):
    """The `mentions` of knowledge/hotline.yml: the words that name this hotline."""

    PATTERNS_KEY = "mentions"
    FOLLOW_UPS = None


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
