""""Can you repeat that?": the previous turn's replies, sent again.

Why (session 38): "can you repeat that" got "Sorry that didn't help... Try asking in
other words", and "say that again" "Sorry, I didn't understand that". Someone reading
on a phone who lost a message, or who was interrupted, wants the same words again, and
after an urgent reply those words hold the hotline.

The intent `repeat` (a closed list recognised by lookup, assistant/nlu/short_replies.py)
gets `utter_repeat` (data/rules.yml). The response generator
(assistant/runtime/hotline_reminder.py) asks `repeated_message` for it: the texts of
the bot's messages in the turn before this one, in one message, with the buttons of the
last of them, or None when there was no reply yet, and the domain's own text for
`utter_repeat` stands ("I haven't said anything yet", with the hotline). It reads only
the bot's own words from the conversation, never the person's, and needs no action
server.

Never by SMS (NOT_REPEATED_ON): a phone may be read by someone else, and whoever holds
it could text "repeat" within the hour the conversation is kept and read what was
said, even after the person deleted the texts. There the domain's SMS text says so,
with the hotline. In the web chat the earlier replies are on screen anyway until the
tab is closed or Quick exit erases them, and either starts a new conversation.
"""
from typing import Any, Dict, List, Optional, Text

from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker

REPEAT_REPLY = "utter_repeat"
# The channels that never resend (assistant/channels/sms_channel.py's name).
NOT_REPEATED_ON = frozenset({"twilio"})


def previous_turn_replies(tracker: DialogueStateTracker) -> List[BotUttered]:
    """The bot's messages between the last two messages of the person, in order."""
    replies: List[BotUttered] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.type_name == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen == 1 and isinstance(event, BotUttered):
            replies.append(event)
    return replies[::-1]


def facts_of(metadata: Dict[Text, Any]) -> List[Text]:
    """The facts a sent reply cited: its response's metadata, as Rasa keeps it (nested
    under `metadata`) or as given."""
    return list((metadata.get("metadata") or {}).get("facts") or metadata.get("facts") or [])


def repeated_message(tracker: DialogueStateTracker,
                     output_channel: Text = "") -> Optional[Dict[Text, Any]]:
    """The previous turn's replies as one message, or None if there were none or the
    channel never resends."""
    if output_channel in NOT_REPEATED_ON:
        return None
    replies = [r for r in previous_turn_replies(tracker) if r.text]
    if not replies:
        return None
    message: Dict[Text, Any] = {
        "text": "\n\n".join(r.text for r in replies),
        "metadata": {"facts": list(dict.fromkeys(
            fact for r in replies for fact in facts_of(r.metadata or {})))},
    }
    buttons = (replies[-1].data or {}).get("buttons")
    if buttons:
        message["buttons"] = buttons
    return message
