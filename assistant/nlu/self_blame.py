"""Someone blaming themselves for what happened to them ("is it my fault?", "I went with
him willingly"), recognised by the patterns of knowledge/self_blame.yml: a Rasa NLU
component.

Why (session 39): "is it my fault?" got "Please call it now" alone, "is it my fault that
I got trafficked?" that and then the warning signs, and "I went with him willingly",
after telling what happened, "Please call it now" again. `SelfBlameMarker` runs after
the survivor marker (assistant/nlu/survivor.py) and works as it does: a message that
matches the list, that the pipeline made urgent, out of scope or not understood (a
question too: "is it my fault?" is one), and that shows no sign of danger now gets
`urgent_help` with the entity `self_blame`, whose rule sends `utter_self_blame`: the
survivor's wording of the hotline (the hotline first, to call if in danger or whenever
they want to talk, and that we are sorry), then what the sources say about how
traffickers deceive and control people. It takes over a survivor's turn ("I'm a survivor
and I feel it was my fault"). A question the safety net answered after the urgent reply
keeps its answer, last, when the classifier had read it as a question and only the
lexicon made it urgent; when the classifier called it urgent and the topic was found
afterwards (the warning signs, for "is it my fault that I got trafficked?"), this reply
replaces the answer. The turn stays urgent.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.survivor import SURVIVOR, SurvivorMarker
from assistant.nlu.urgent_safety_net import URGENT_MATCH

DEFAULT_PATTERNS = KNOWLEDGE / "self_blame.yml"
SELF_BLAME = "self_blame"


class SelfBlamePhrases(PatternList):
    """The patterns of knowledge/self_blame.yml and its blockers."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = SELF_BLAME
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SelfBlameMarker(SurvivorMarker):
    """Gives a message of self-blame the survivor's wording and the sources' facts on
    deception and control, hotline first."""

    LIST = SelfBlamePhrases
    ENTITY = SELF_BLAME
    REPLACES = (SURVIVOR,)

    def leaves_question(self, intent, answered, text) -> bool:
        # "Is it my fault?" is the very question this reply is for.
        return False

    def keeps_answer(self, message: Message) -> bool:
        # The classifier read a question, and the lexicon made it urgent; not when the
        # classifier called the message urgent and a topic was found for it afterwards.
        return (message.get(URGENT_MATCH) or {}).get("classifier_said") == self._answer_intent
