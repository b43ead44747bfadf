"""Questions about the chat itself ("is this private?", "do you save my messages?",
"how do I delete this chat?"), recognised by the patterns of knowledge/privacy.yml.

Why: someone who writes from a phone or a computer that another person may read needs
to know what happens to the conversation, and the assistant answered "is this
conversation private?" with "I'm an automated assistant" and "can you delete this
chat?" with "my sources don't cover that". Teaching the classifier privacy questions
moved real questions that sit near a decision boundary (docs/performance.md, session
23), so, as for acknowledgements (assistant/nlu/short_replies.py), the classifier
never learns them (`lookup_intents` in config.yml) and a short reviewable list of
patterns, read like knowledge/urgent.yml's, finds them (assistant/nlu/pattern_lookup.py
reads the list and runs it).

`PrivacyQuestionMatcher` runs right after the classifier. A message that matches gets
the intent `ask_privacy` (reply `utter_privacy`: what the assistant does with a
conversation, and the hotline), and `privacy_question` in its parse data names the
pattern. If the classifier took it for `urgent_help`, the intent stays: the urgent
safety net, which runs last, decides every urgent turn, and gives such a message (or
one that matches the urgent lexicon) the urgent reply first, then the privacy answer
(assistant/nlu/urgent_safety_net.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "privacy.yml"
# In the parse data of a question about the chat: the pattern it matched.
PRIVACY_QUESTION = "privacy_question"


class PrivacyQuestions(PatternList):
    """The patterns of knowledge/privacy.yml and its `not_privacy` exceptions."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = "privacy"
    EXCEPTIONS_KEY = "not_privacy"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class PrivacyQuestionMatcher(PatternIntentMatcher):
    """Gives `ask_privacy` to a question about the chat itself."""

    LIST = PrivacyQuestions
    PARSE_KEY = PRIVACY_QUESTION
    INTENT = "ask_privacy"
