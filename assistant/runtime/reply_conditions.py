"""Conditions a reply's variation may name (domain.yml) that are never stored as slots:
the response generator (assistant/runtime/hotline_reminder.py) works them out from
the conversation for each reply, and Rasa's own choice of variation does the rest (a
variation whose conditions all hold wins over one without conditions).

- `after_urgent` (session 36): true while the slot `urgent_earlier` is set, that is
  after the urgent reply in this conversation. After it, "ok" got "Ask me anything
  else about human trafficking, or say bye when you're done", and "is there a
  shelter?" "I can explain what human trafficking is, its forms..."; such replies
  have a calmer variation.
- `message_language` (session 37): the language of the latest message when it is
  Spanish, Portuguese, French or Italian (`es`, `pt`, `fr`, `it`: the entity
  `other_language`, from assistant/nlu/other_language.py or, for a plea the urgent
  lexicon knows in that language, assistant/nlu/urgent_safety_net.py), else None.
  "Me quitaron el pasaporte" got the urgent reply in English only; a reader with no
  English saw a number and words they could not read. Per message, not per
  conversation: the slot `other_language` keeps its last value, and a person who
  writes in English after a message in Spanish is answered in English. Not for a
  message in another script (the entity's value `other`, session 40): the urgent reply
  has no variation for it, so it is None, and the reply is in English.
- `told_before` (session 40): true when the reply being chosen was already sent in this
  conversation, for the replies in TOLD_BEFORE_REPLIES only (for any other it is false,
  and the conversation is not read). A survivor who goes on talking ("nobody believes
  me", "I have nightmares") got the same words at every turn; the second time on, the
  reply says it differently. So does the urgent reply (session 42), in English and
  when the person has not said they can't call.
- `after_survivor` (session 58): true when the previous turn was answered with a
  survivor's reply (SURVIVOR_REPLIES), for the replies in AFTER_SURVIVOR_REPLIES only.
  "is that normal?", after "i still have nightmares", got "I can't judge a particular
  situation", then what trafficking is: a definition, to someone asking about their
  nightmares. It now gets what the sources say of how trafficking weighs on people.
"""
from typing import Any, Dict, Optional, Text

from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime.last_turn import previous_replies

AFTER_URGENT = "after_urgent"
# The slot set once the urgent reply has been sent (domain.yml).
URGENT_EARLIER = "urgent_earlier"
MESSAGE_LANGUAGE = "message_language"
TOLD_BEFORE = "told_before"
# The replies with a variation for `told_before` (domain.yml).
TOLD_BEFORE_REPLIES = frozenset({"utter_after_effects", "utter_urgent"})
AFTER_SURVIVOR = "after_survivor"
# The replies to a survivor telling the past, blaming themselves, or telling how it
# still weighs on them: each starts with the hotline, to call whenever they want.
SURVIVOR_REPLIES = ("utter_survivor", "utter_self_blame", "utter_after_effects")
# The replies with a variation for `after_survivor` (domain.yml).
AFTER_SURVIVOR_REPLIES = frozenset({"utter_about_situation"})
# The entity assistant/nlu/other_language.py sets (OTHER_LANGUAGE_ENTITY); named here,
# not imported: that module loads Rasa's NLU stack, 3 s of imports for one string.
LANGUAGE_ENTITY = "other_language"
# Its value for a message written mostly in a script other than the Latin one.
OTHER_SCRIPT = "other"


def message_language(tracker: DialogueStateTracker) -> Optional[Text]:
    """The `other_language` entity of the latest message, or None (also for another
    script)."""
    for entity in (tracker.latest_message.entities if tracker.latest_message else None) or []:
        if entity.get("entity") == LANGUAGE_ENTITY and entity.get("value") != OTHER_SCRIPT:
            return entity.get("value")
    return None


def told_before(tracker: DialogueStateTracker, utter_action: Optional[Text]) -> bool:
    """Whether `utter_action`, one of TOLD_BEFORE_REPLIES, was sent earlier in this
    conversation."""
    if utter_action not in TOLD_BEFORE_REPLIES:
        return False
    return any(event.type_name == "bot"
               and (event.metadata or {}).get("utter_action") == utter_action
               for event in tracker.events)


def after_survivor(tracker: DialogueStateTracker, utter_action: Optional[Text]) -> bool:
    """Whether the turn before this one was answered with a survivor's reply, for
    `utter_action` one of AFTER_SURVIVOR_REPLIES."""
    if utter_action not in AFTER_SURVIVOR_REPLIES:
        return False
    return any(name in SURVIVOR_REPLIES for name in previous_replies(tracker, turns_back=1))


def reply_conditions(tracker: DialogueStateTracker,
                     utter_action: Optional[Text] = None) -> Dict[Text, Any]:
    """The never-stored conditions' values for `utter_action` in this conversation now."""
    return {
        AFTER_URGENT: tracker.get_slot(URGENT_EARLIER) is not None,
        MESSAGE_LANGUAGE: message_language(tracker),
        TOLD_BEFORE: told_before(tracker, utter_action),
        AFTER_SURVIVOR: after_survivor(tracker, utter_action),
    }
