"""After something urgent, every answer ends with the hotline, and a few replies take
a calmer form: Rasa's response generator with four additions.

A person who has just said what is happening to them often asks next "is that
trafficking?" or "what are the signs?". The urgent reply gave the hotline, but the
plain answer to the follow-up did not, so the conversation's last word was a
definition. Now, once the urgent reply has been sent in a conversation (the slot
`urgent_earlier`, domain.yml), each later FAQ answer, and each of the few other replies
without the number (REMINDED: "you're welcome", what the assistant can do, its
sources, what they say of an organisation), ends with REMINDER, in the same message
(one SMS, one chat bubble), unless it already carries the hotline. Not in the turn
whose urgent reply is just above the answer, and not after the conversation
restarts or its session ends (both clear the slot).

For `utter_repeat` ("can you repeat that?") it sends the previous turn's replies
again (assistant/runtime/repeat_reply.py).

For a message that asked two FAQ questions (`second_topic` in its parse data,
assistant/runtime/compound_questions.py), the first answer's message also carries the
second answer, after a blank line.

Before choosing a reply's variation, it also adds the conditions that are never
stored as slots (assistant/runtime/reply_conditions.py): `after_urgent`, for the
calmer form of a few replies after something urgent, `message_language`, for the
urgent reply in the language of a message in Spanish, Portuguese, French or Italian,
and `told_before`, for other words the second time a reply is sent.

It is Rasa's own extension point for responses, named in endpoints.yml and
deploy/endpoints.yml (`nlg: type: ...`), so `make run` and the scaled profile use it;
the staff shell and tools/evaluate.load_agent read it from endpoints.yml
(`from_endpoints`). It needs no action server: the slot is filled by its mappings, the
answers are the domain's, and the reminder's words are REMINDER below, which cite the
hotline fact (knowledge/facts.yml) in the answer's `facts`.
"""
from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from assistant.runtime.compound_questions import second_answer
from assistant.runtime.last_turn import SECOND_ANSWER, bot_messages, response_name
from assistant.runtime.repeat_reply import REPEAT_REPLY, repeated_message
from assistant.runtime.reply_conditions import URGENT_EARLIER, reply_conditions

ENDPOINTS = Path(__file__).resolve().parents[2] / "endpoints.yml"
HOTLINE = "1-888-373-7888"
REMINDER = f"If you or someone else needs help, call {HOTLINE}."
SLOT = URGENT_EARLIER
URGENT_REPLY = "utter_urgent"
# The replies it is added to: every FAQ answer (`utter_faq/<topic>`), what the sources
# say of an organisation they name, and the replies to small talk that don't carry the
# hotline (tests/test_hotline_reminder.py checks that these are all of them).
REMINDED = ("utter_faq/", "utter_thank", "utter_capabilities", "utter_sources",
            "utter_organisation")


def urgent_reply_this_turn(tracker: DialogueStateTracker) -> bool:
    """Whether the urgent reply was sent since the person's latest message."""
    return any(response_name(message) == URGENT_REPLY for message in bot_messages(tracker))


def needs_reminder(utter_action: Text, message: Dict[Text, Any],
                   tracker: DialogueStateTracker) -> bool:
    return (utter_action.startswith(REMINDED)
            and tracker.get_slot(SLOT) is not None
            and HOTLINE not in (message.get("text") or "")
            and not urgent_reply_this_turn(tracker))


class HotlineReminder(TemplatedNaturalLanguageGenerator):
    """The domain's responses; after something urgent, answers end with the hotline."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    def _generate(self, utter_action: Text, tracker: DialogueStateTracker,
                  output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        filled_slots = tracker.current_slot_values()
        filled_slots.update(reply_conditions(tracker, utter_action))
        return self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        if utter_action == REPEAT_REPLY:
            # "Can you repeat that?": the previous turn's replies again
            # (assistant/runtime/repeat_reply.py); the domain's text if there were none,
            # and always by SMS.
            repeated = repeated_message(tracker, output_channel)
            if repeated is not None:
                return repeated
        message = self._generate(utter_action, tracker, output_channel, **kwargs)
        second = second_answer(tracker, utter_action)
        if message is not None and second is not None:
            # A message asking two questions (assistant/runtime/compound_questions.py):
            # the second answer in the same message.
            message = joined(message, self._generate(second, tracker, output_channel, **kwargs),
                             second)
        if message is None or not needs_reminder(utter_action, message, tracker):
            return message
        metadata = dict(message.get("metadata") or {})
        metadata["facts"] = [*metadata.get("facts", []), "hotline"]
        return {**message, "text": f"{message['text']} {REMINDER}", "metadata": metadata}


def joined(first: Dict[Text, Any], second: Optional[Dict[Text, Any]],
           second_name: Optional[Text] = None) -> Dict[Text, Any]:
    """One message with both answers, a blank line between them, citing the facts of
    both; under SECOND_ANSWER, the second's response name (`second_name`), so that a
    follow-up is read after it, the answer said last (assistant/runtime/follow_ups.py;
    session 55: after the Palermo Protocol and the TVPA, "when was it passed?" was read
    as asking about the Palermo Protocol)."""
    if not second or not second.get("text"):
        return first
    metadata = dict(first.get("metadata") or {})
    facts = [*metadata.get("facts", [])]
    facts += [f for f in (second.get("metadata") or {}).get("facts", []) if f not in facts]
    metadata["facts"] = facts
    message = {**first, "text": f"{first['text']}\n\n{second['text']}", "metadata": metadata}
    if second_name:
        message[SECOND_ANSWER] = second_name
    return message


def from_endpoints(path: Path = ENDPOINTS) -> Optional[EndpointConfig]:
    """The response generator endpoints.yml names (`nlg`), for the start points that
    load the model without the rest of endpoints.yml."""
    from rasa.core.utils import AvailableEndpoints

    return AvailableEndpoints.read_endpoints(str(path)).nlg
