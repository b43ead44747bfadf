"""A follow-up is read with the topic answered just before it.

"When was it adopted?", right after the answer on the Palermo Protocol, got "my sources
don't cover that" (session 42), though the answer before had just said 2000; so did
"who established it?" after the TVPA's. Rasa's NLU sees one message at a time, with no
conversation. `use()` makes Rasa's processor hand the NLU, with each message, the FAQ
topic its previous turn was answered with: in the message's metadata, under
`previous_topic`, on a copy of the message (the conversation stores the message as it
came). The classifier reads it (assistant/nlu/linear_classifier.py,
`also_with_previous_topic`): a message it would call out of scope or be unsure of,
with "it", "this" or "that" in it, is also read with that word replaced by what the
previous topic is about (knowledge/topics.yml, `subjects`). A turn that only said the
sources don't cover the question, or that it was not understood, keeps the topic of
the turn before (session 56). After what the assistant can explain, the topic is
trafficking as a whole, read only into "what is it" (session 57).

A few words right after the urgent reply ("no one", "hes coming") are read as the
same conversation: the metadata then also says so, under `previous_urgent`
(assistant/nlu/after_urgent.py; session 54: "no one", after "i'm trapped", got two
topics to choose from).

A reply picking one of the choices the previous turn offered ("the second one", "2",
"option 1") is read as that choice, on a copy of the message too
(assistant/runtime/choice_replies.py; session 53: "the second one", after two topics
were offered, got "my sources don't cover that").

Installed at every start point, one line each where it starts: `python -m assistant`
(assistant/__main__.py), the staff shell and tools/evaluate.py's agent. Without it the
assistant answers every message as a first one, as before.
"""
import copy
import logging
from typing import Any, Dict, List, Optional, Text

from assistant.nlu.readings import (
    PREVIOUS_HOTLINE, PREVIOUS_SURVIVOR, PREVIOUS_TOPIC, PREVIOUS_URGENT,
    TRAFFICKING_AS_A_WHOLE,
)
from assistant.runtime.choice_replies import both_taken, chosen, declined
from assistant.runtime.hotline_reminder import URGENT_REPLY
from assistant.runtime.last_turn import previous_replies
from assistant.runtime.reply_conditions import SURVIVOR_REPLIES

logger = logging.getLogger(__name__)

FAQ_ANSWER = "utter_faq/"
# The replies giving the number to call, after which "what will they do?" asks about the
# hotline (session 57): the urgent reply's "Please call it now" too; and "what about
# canada?" for a number there (session 62), also after the reply that gives none.
HOTLINE_REPLIES = (URGENT_REPLY, "utter_faq/how_to_report", "utter_what_to_do",
                   "utter_human", "utter_hotline", "utter_other_country")


# Replies that leave the conversation's topic where it was: "my sources don't cover
# that" and "Sorry, I didn't understand that".
TOPIC_KEPT_BY = ("utter_out_of_scope", "utter_default")


def topic_kept(replies: List[Text], tracker: Any) -> Optional[Text]:
    """The topic of the turn before, when the previous turn's `replies` only said the
    sources don't cover the question, or that it was not understood (session 56:
    "what does it do?", after the TVPA's answer and "when was it passed?", which the
    sources don't say, got what the assistant can do); else None."""
    if not replies or any(name not in TOPIC_KEPT_BY for name in replies):
        return None
    return topic_in(previous_replies(tracker, turns_back=1))


# The reply about trafficking as a whole: what the assistant can explain. Its topic is
# TRAFFICKING_AS_A_WHOLE, which the classifier reads only into a follow-up it would
# otherwise answer with that reply again (session 57: "what is it", after "im doing a
# school project on trafficking" got what the assistant can explain, got that list
# again; "who made it" is left as it was read).
ABOUT_TRAFFICKING = "utter_capabilities"


def topic_in(replies: List[Text]) -> Optional[Text]:
    """The FAQ topic of the last answer among `replies` (last first), or
    TRAFFICKING_AS_A_WHOLE for the reply about it (`ABOUT_TRAFFICKING`), or None."""
    for action in replies:
        if action.startswith(FAQ_ANSWER):
            return action[len(FAQ_ANSWER):]
        if action == ABOUT_TRAFFICKING:
            return TRAFFICKING_AS_A_WHOLE
    return None


def previous_topic(tracker: Any, replies: Optional[List[Text]] = None) -> Optional[Text]:
    """The FAQ topic of the last answer of the conversation's previous turn (whose
    response names are `replies`, if given), or the topic it kept (`topic_kept`), or
    None."""
    replies = previous_replies(tracker) if replies is None else replies
    return topic_in(replies) or topic_kept(replies, tracker)


def with_previous_topic(message: Any, tracker: Any) -> Any:
    """`message`, or a copy of it whose metadata names the previous turn's topic, and
    says whether the previous turn was answered with the urgent reply, with a
    survivor's, or with one giving the number to call."""
    replies = previous_replies(tracker)
    topic = previous_topic(tracker, replies)
    urgent = URGENT_REPLY in replies
    survivor = any(name in SURVIVOR_REPLIES for name in replies)
    hotline = any(name in HOTLINE_REPLIES for name in replies)
    if topic is None and not urgent and not survivor and not hotline:
        return message
    copied = copy.copy(message)
    metadata: Dict[Text, Any] = dict(message.metadata or {})
    if topic is not None:
        metadata[PREVIOUS_TOPIC] = topic
    if urgent:
        metadata[PREVIOUS_URGENT] = True
    if survivor:
        metadata[PREVIOUS_SURVIVOR] = True
    if hotline:
        metadata[PREVIOUS_HOTLINE] = True
    copied.metadata = metadata
    return copied


def with_choice_read(message: Any, tracker: Any) -> Any:
    """`message`, or, if it picks one of the previous turn's choices, a copy of it whose
    text is that choice's payload; if it turns them all down, "none of them"; if it takes
    both of two topics, the two asked one after the other."""
    text = message.text or ""
    payload = chosen(text, tracker) or declined(text, tracker) or both_taken(text, tracker)
    if payload is None:
        return message
    copied = copy.copy(message)
    copied.text = payload
    return copied


def use() -> None:
    """Make Rasa's processor parse each message with its previous turn's topic, and a
    pick of one of its choices as that choice."""
    from rasa.core.processor import MessageProcessor

    parse_message = MessageProcessor.parse_message
    if getattr(parse_message, "with_previous_topic", False):
        return

    async def parse_with_previous_topic(self, message, tracker=None,
                                        only_output_properties: bool = True):
        read = with_previous_topic(with_choice_read(message, tracker), tracker)
        return await parse_message(self, read, tracker, only_output_properties)

    parse_with_previous_topic.with_previous_topic = True
    MessageProcessor.parse_message = parse_with_previous_topic
    logger.info("Follow-ups are read with the previous turn's topic "
                "(assistant/runtime/follow_ups.py).")
