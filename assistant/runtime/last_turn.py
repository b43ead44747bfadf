"""The bot's messages since the person's latest message.

Read before a message is parsed, they are the previous turn's replies: its topic and
whether it was urgent (assistant/runtime/follow_ups.py), the choices its last message
offered (assistant/runtime/choice_replies.py). Read while the bot replies, they are
this turn's replies so far (assistant/runtime/hotline_reminder.py).
"""
from typing import Any, List, Optional, Text

from rasa.shared.core.events import BotUttered, UserUttered


def bot_messages(tracker: Any, turns_back: int = 0) -> List[BotUttered]:
    """The bot's messages since the person's latest message, last first; with
    `turns_back` 1, those between the person's message before it and it (the turn
    before); none without a tracker."""
    messages: List[BotUttered] = []
    user_messages_seen = 0
    for event in reversed(getattr(tracker, "events", None) or []):
        if isinstance(event, UserUttered):
            user_messages_seen += 1
            if user_messages_seen > turns_back:
                break
        elif isinstance(event, BotUttered) and user_messages_seen == turns_back:
            messages.append(event)
    return messages


def response_name(message: BotUttered) -> Optional[Text]:
    """The name of the response a bot message was sent as (`utter_faq/what_is`)."""
    return (message.metadata or {}).get("utter_action")


# In a message that answers two questions (assistant/runtime/hotline_reminder.py,
# `joined`): the response name of its second answer, said last.
SECOND_ANSWER = "second_answer"


def response_names(message: BotUttered) -> List[Text]:
    """The names of the responses a bot message was sent as, the last said first: its
    one, or, for a message answering two questions, its second answer's, then its
    first's."""
    metadata = message.metadata or {}
    return [name for name in (metadata.get(SECOND_ANSWER), metadata.get("utter_action")) if name]


def previous_replies(tracker: Any, turns_back: int = 0) -> List[Text]:
    """The response names of the conversation's previous turn (the bot's messages since
    the last user message), last first; or of the turn `turns_back` before it."""
    return [name for message in bot_messages(tracker, turns_back)
            for name in response_names(message) or [""]]
