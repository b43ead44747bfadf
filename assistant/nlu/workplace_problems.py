"""Problems at work that the sources don't cover ("my employer is not paying me
overtime", "my manager takes our tips", "I'm being harassed by my boss"), recognised by
the patterns of knowledge/workplace.yml.

Why (docs/performance.md, session 31): such messages got "Please call it now", the
reply for someone in danger, because the urgent lexicon's withheld-wages patterns or
the classifier read any pay problem as labour trafficking; or a neighbouring topic's
answer. The sources say nothing about pay or workplace rights. They say what labour
trafficking is: work compelled by force, fraud or coercion. So such a message gets
`utter_workplace`: the sources don't cover it, what would make it trafficking, and
the hotline, which a worker who is in fact being forced still gets in the first reply.

A message with any sign of force (knowledge/workplace.yml's `signs_of_force`: a
passport, a debt, threats, not being let go...) is not matched, and the urgent lexicon
and the classifier decide it as before. The urgent safety net lets a match stand over
the lexicon's `debt_and_wages` category only ("not paid" is how a pay dispute and a
victim both put it; the workplace words decide), never over any other
(assistant/nlu/urgent_safety_net.py).
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternIntentMatcher, PatternList

DEFAULT_PATTERNS = KNOWLEDGE / "workplace.yml"
# In the parse data of a problem at work: the pattern it matched.
WORKPLACE_PROBLEM = "workplace_problem"


class WorkplaceProblems(PatternList):
    """The patterns of knowledge/workplace.yml; a message with a sign of force never
    matches."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = "workplace"
    BLOCKERS_KEY = "signs_of_force"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class WorkplaceProblemMatcher(PatternIntentMatcher):
    """Gives `workplace_problem` to a problem at work with no sign of force."""

    LIST = WorkplaceProblems
    PARSE_KEY = WORKPLACE_PROBLEM
    INTENT = "workplace_problem"
