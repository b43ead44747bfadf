"""What a worried friend or relative says next about the person they fear for ("she
says she's fine", "she loves him", "he won't leave"), or the person of whoever controls
them ("but i love him", session 45), recognised by the patterns of
knowledge/someone_stays.yml.

Why (session 39): after telling of a friend, such messages got "My sources don't cover
that, so I can't answer it". The sources do say what bears on it: a trafficker can be a
romantic partner, friend or relative; control can be subtle or psychological; escaping
is extremely difficult and dangerous. A message that matches gets `someone_stays`, whose
reply (`utter_someone_stays`) says so, with the hotline to talk it through. A message
the classifier called urgent stays urgent, and the urgent safety net, which runs last,
decides any message its lexicon matches ("she says she's fine but he hits her").
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "someone_stays.yml"
# In the parse data of such a message: the pattern it matched.
SOMEONE_STAYS = "someone_stays"


class SomeoneStaysPhrases(PatternList):
    """The patterns of knowledge/someone_stays.yml; a message with a blocker (about the
    speaker: "he won't leave me alone") never matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = SOMEONE_STAYS
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SomeoneStaysMatcher(PatternIntentMatcher):
    """Gives `someone_stays` to what a worried friend says of the person they fear for."""

    LIST = SomeoneStaysPhrases
    PARSE_KEY = SOMEONE_STAYS
    INTENT = "someone_stays"
