"""What someone says of how what happened still weighs on them ("I have nightmares
every night", "nobody believes me", "I feel so alone"), recognised by the patterns of
knowledge/after_effects.yml: a Rasa NLU component.

Why (session 40): a survivor who went on talking after "I'm a survivor" got "Please call
it now" at every turn; "I feel so alone" got "My sources don't cover that... I can
explain what human trafficking is", and "I never told anyone" "Sorry, I didn't
understand that". `AfterEffectsMarker` runs after the survivor and self-blame markers
and works as the survivor marker does: a message that matches the list, that the
pipeline made urgent, out of scope or not understood (or, by config.yml's `also_intents`,
took for not having understood a reply: "i cant talk about it"), that does not open like a question
and that shows no sign of danger now gets `urgent_help` with the entity `after_effects`, whose rule
sends `utter_after_effects`: the hotline first, to call whenever they want to talk or
now if in danger, and thanks for telling. No sign of danger now is stricter here than
for the survivor list: no match of the urgent lexicon at all outside the phrase (a
disclosure, "since my friend went missing", keeps "Please call it now"), and none of the
list's blockers. A message one of the two markers before it took keeps their reply. The
turn stays urgent.

A few words right after a survivor's reply (utter_survivor, utter_self_blame or this
one), not a question, that nothing understood and the urgent lexicon does not match,
get this reply too (session 56: "its been 5 years", after "i was trafficked when i was
16", got "my sources don't cover that"). The runtime says what the previous turn was
answered with, in the message's metadata (assistant/runtime/follow_ups.py).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.after_urgent import few_words_not_understood
from assistant.nlu.parse_data import add_entity, drop_entities, set_intent
from assistant.nlu.pattern_lookup import KNOWLEDGE, PatternList
from assistant.nlu.readings import PREVIOUS_SURVIVOR
from assistant.nlu.self_blame import SELF_BLAME
from assistant.nlu.survivor import SURVIVOR, VALUE, SurvivorMarker
from assistant.nlu.topic_chooser import SUGGESTIONS

DEFAULT_PATTERNS = KNOWLEDGE / "after_effects.yml"
AFTER_EFFECTS = "after_effects"
# In the parse data of a message given this reply as words going on from a survivor's
# reply: the pattern it would otherwise name.
AFTER_A_SURVIVORS_REPLY = "(a few words after a survivor's reply)"
# Words asking for something without a question ("info on shelters"): such a message
# keeps "my sources don't cover that", which says so, with the hotline.
ASKING_FOR = re.compile(r"\b(?:info|information|resources?|details|links?|websites?|list)\b",
                        re.IGNORECASE)


class AfterEffectsPhrases(PatternList):
    """The patterns of knowledge/after_effects.yml and its blockers."""

    PATTERNS = DEFAULT_PATTERNS
    CATEGORY = AFTER_EFFECTS
    BLOCKERS_KEY = "blockers"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AfterEffectsMarker(SurvivorMarker):
    """Gives what someone says of how it still weighs on them the hotline first, to call
    whenever they want to talk."""

    LIST = AfterEffectsPhrases
    ENTITY = AFTER_EFFECTS
    # The survivor's and self-blame's replies say more; their turns keep them.
    LEFT_ALONE_WITH = SurvivorMarker.LEFT_ALONE_WITH | {SURVIVOR, SELF_BLAME}

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        # Any match of the urgent lexicon outside the phrase keeps the urgent reply. The
        # survivor list lets "I was trafficked years ago" (concern_for_someone,
        # maybe_a_victim) through, since its own words say it is over; nothing here
        # does, and "I was lonely and he promised me a job abroad" or "I feel so alone
        # since my friend went missing" is a disclosure (found on re-reading).
        return {**super().get_default_config(), "past_categories": [],
                # A few words right after a survivor's reply ("its been 5 years", after
                # "i was trafficked when i was 16"), not a question, that nothing
                # understood, get this reply too (session 56: they got "my sources don't
                # cover that"). At most this many words.
                "after_survivor_max_words": 6}

    def __init__(self, config: Dict[Text, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self._after_survivor_max_words = config["after_survivor_max_words"]
        self._out_of_scope_intent = config["out_of_scope_intent"]

    def goes_on_from_a_survivors_reply(self, message: Message) -> bool:
        """Whether `message` is a few words, not a question, right after a survivor's
        reply, that nothing understood and the urgent lexicon does not match."""
        if not (message.get("metadata") or {}).get(PREVIOUS_SURVIVOR):
            return False
        entities = {e.get("entity") for e in message.get(ENTITIES) or []}
        return (not entities & (self.LEFT_ALONE_WITH | {self.ENTITY})
                and few_words_not_understood(message, self._lexicon, {self._out_of_scope_intent},
                                             DEFAULT_NLU_FALLBACK_INTENT_NAME,
                                             self._after_survivor_max_words)
                and self._lexicon.find(message.get(TEXT) or "") is None
                and ASKING_FOR.search(message.get(TEXT) or "") is None)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in super().process(messages):
            if self.goes_on_from_a_survivors_reply(message):
                before = (message.get(INTENT) or {}).get("name")
                message.set(self.ENTITY, {"pattern": AFTER_A_SURVIVORS_REPLY,
                                          "intent_before": before}, add_to_output=True)
                set_intent(message, self._urgent_intent, 1.0)
                drop_entities(message, SUGGESTIONS)
                add_entity(message, self.ENTITY, VALUE, type(self).__name__)
        return messages

    def leaves_question(self, intent, answered, text) -> bool:
        # A question ("why do survivors have nightmares?", "how do I stop feeling
        # ashamed", or one answered after the urgent reply) keeps the reply it has; a
        # statement that ends in one does not ("I have nightmares, is that normal?").
        return answered or self._lexicon.opens_like_question(text)
