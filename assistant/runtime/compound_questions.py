"""Two questions in one message get both answers, in the order asked.

Why (session 54): "what is trafficking and how do i report it" got only how to report
it; "what is human trafficking and how can we prevent it" only its root causes; "who are
the victims and who are the traffickers" only the victims. Students often ask so. Rasa's
NLU gives a message one intent and the response selector one answer.

`use()` makes Rasa's processor, after parsing a message as usual, look for a second
question in it: a question word ("what", "how", "who", "is", "can"...) after " and ",
after "?" or after a full stop, once (after a first sentence that asks nothing, which
is left out: "I'm a student. What is it and how do I report it?"). When the whole
message got an FAQ answer (no urgent reply), it parses each of the two parts the same
way; when each part alone gets an FAQ answer that clearly fits it (CLEAR), the two
answers differ, and one of them is the whole message's, the first part's answer
becomes the message's and the second part's is kept in the parse data under
`second_topic`. So too when the whole message got two topics to choose from, and
nothing else: asking two things is often why it was torn ("is it a crime and how do i
report it"); it is then read as its first question. The response generator then sends
the second answer right after the first, in the same message
(assistant/runtime/hotline_reminder.py). In every other case the message keeps the one
reply it had. Only such messages cost the extra parses (two, or three below).

A second part with no clear answer that says "it", "this" or "that", after a first part
that opens with a question word, is read once more with that word standing for what the
first part's topic is about (knowledge/topics.yml, `subjects`), as a follow-up is read
after the answer before it: "what is sex trafficking? how is it different from labour
trafficking?" asks how sex trafficking differs (session 55).

Installed at every start point, one line each where it starts: `python -m assistant`
(assistant/__main__.py), the staff shell and tools/evaluate.py's agent.
"""
import copy
import logging
import re
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.nlu.constants import RESPONSE_SELECTOR_DEFAULT_INTENT, RESPONSE_SELECTOR_PROPERTY_NAME

from assistant.nlu.readings import text_with_subject
from assistant.nlu.topic_chooser import SUGGESTIONS, read_subjects

logger = logging.getLogger(__name__)

# In the parse data: the FAQ topic of the message's second question.
SECOND_TOPIC = "second_topic"
ANSWER_INTENT = "faq"
# Where a second question may start: after " and " (or " and also ", session 57: "what
# the main causes are and also how many people are affected" got the causes alone), "?"
# or a full stop, at a word that opens a question.
QUESTION_WORDS = ("what|how|why|where|who|when|which|is|are|can|could|do|does|should|"
                  "would|will")
SECOND_QUESTION = re.compile(
    rf"(?:\s+and\s+(?:also\s+)?|\?+\s*|\.\s+)(?=(?:{QUESTION_WORDS})\b)", re.IGNORECASE)
# The topic chooser's decisions that answer (assistant/nlu/topic_chooser.py): a clear
# topic, or the words of one of the topics it offers (knowledge/topics.yml); None when
# it did not decide.
ANSWERED = (None, "answer", "button")
# A part's answer counts only when the topic chooser gives its topic at least this
# probability: a clear fit, the bar the urgent safety net sets for a topic it answers
# with (0.8, config.yml's question_topic_threshold, there on the answer selector's
# share), here on the topic chooser's full-label probability. Set on the choosing set,
# tests/real_world_dev.yml (session 54): with any answer, "Is there an exact profile on a
# trafficking victim? What about the trafficker?" got the warning signs (0.67) before who
# traffickers are.
CLEAR = 0.8
# The topic chooser's decision to offer two topics (their entities: SUGGESTIONS).
SUGGEST = "suggest"
# Each question has at least this many words.
MIN_WORDS = 2

Parse = Callable[[Text], Awaitable[Dict[Text, Any]]]
# A part that opens with a question word: its "it" may stand for its topic's subject
# ("that", after "It seems there are real challenges to prosecuting the traffickers.",
# stands for the statement; session 55, tests/real_world_dev.yml).
QUESTION_OPENING = re.compile(rf"\W*(?:{QUESTION_WORDS})\b", re.IGNORECASE)


def questions_in(text: Text) -> Optional[Tuple[Text, Text]]:
    """The two questions `text` asks, or None if it does not ask exactly two. A sentence
    before them that asks nothing is left out (session 63: "Hi, I'm a college student
    doing research. Could you tell me what the main causes ... are, and also what the
    effects on victims are?" got the causes alone)."""
    text = (text or "").strip()
    found = list(SECOND_QUESTION.finditer(text))
    if (len(found) == 2 and found[0].group().lstrip().startswith(".")
            and not QUESTION_OPENING.match(text[:found[0].start()])):
        text = text[found[0].end():]
        found = list(SECOND_QUESTION.finditer(text))
    if len(found) != 1:
        return None
    first, second = text[:found[0].start()].strip(), text[found[0].end():].strip()
    if min(len(first.split()), len(second.split())) < MIN_WORDS:
        return None
    return first, second


def _selector(parse_data: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    selectors = parse_data.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
    return selectors.get(ANSWER_INTENT) or selectors.get(RESPONSE_SELECTOR_DEFAULT_INTENT)


@lru_cache(maxsize=1)
def subjects() -> Dict[Text, Text]:
    return read_subjects()


def with_subject_of(question: Text, topic: Text) -> Optional[Text]:
    """`question` with its first "it", "this" or "that" replaced by what `topic` is
    about, or None if it has none."""
    subject = subjects().get(topic) or subjects().get("default")
    return text_with_subject(question, subject) if subject else None


def answered_topic(parse_data: Dict[Text, Any]) -> Optional[Text]:
    """The FAQ topic the message is answered with and nothing else (no urgent reply
    before it, no choice of topics, no entity), or None."""
    if (parse_data.get("intent") or {}).get("name") != ANSWER_INTENT:
        return None
    if (parse_data.get("topic_choice") or {}).get("decision") not in ANSWERED:
        return None
    if parse_data.get("entities"):
        return None
    key = ((_selector(parse_data) or {}).get("response") or {}).get("intent_response_key")
    if not key or not key.startswith(ANSWER_INTENT + "/"):
        return None
    return key.split("/", 1)[1]


def clear_topic(parse_data: Dict[Text, Any]) -> Optional[Text]:
    """`answered_topic`, if the topic chooser gave it at least CLEAR."""
    topic = answered_topic(parse_data)
    topics = (parse_data.get("topic_choice") or {}).get("topics") or []
    if topic is None or not topics or topics[0][0] != topic or topics[0][1] < CLEAR:
        return None
    return topic


def offered_choices(parse_data: Dict[Text, Any]) -> bool:
    """Whether the message got two topics to choose from, and nothing else."""
    return ((parse_data.get("topic_choice") or {}).get("decision") == SUGGEST
            and {e.get("entity") for e in parse_data.get("entities") or []} == set(SUGGESTIONS))


async def with_second_topic(parse_data: Dict[Text, Any], parse: Parse) -> Dict[Text, Any]:
    """`parse_data` (a message's, from `parse`), or, if the message asks two questions
    with two FAQ answers, a copy whose answer is the first question's and whose
    `second_topic` is the second's."""
    topic = answered_topic(parse_data)
    torn = topic is None and offered_choices(parse_data)
    questions = questions_in(parse_data.get("text") or "") if topic or torn else None
    if questions is None:
        return parse_data
    first = await parse(questions[0])
    if clear_topic(first) is None:
        return parse_data
    second = await parse(questions[1])
    reread = (with_subject_of(questions[1], clear_topic(first))
              if clear_topic(second) is None and QUESTION_OPENING.match(questions[0]) else None)
    if reread is not None:
        second = await parse(reread)
    topics = clear_topic(first), clear_topic(second)
    if None in topics or topics[0] == topics[1] or not (torn or topic in topics):
        return parse_data
    if torn:
        # Torn between topics because it asks two: the first question's reading.
        read = copy.deepcopy(first)
        read["text"] = parse_data.get("text")
    else:
        read = copy.deepcopy(parse_data)
        selectors = read[RESPONSE_SELECTOR_PROPERTY_NAME]
        key = ANSWER_INTENT if ANSWER_INTENT in selectors else RESPONSE_SELECTOR_DEFAULT_INTENT
        selectors[key] = copy.deepcopy(_selector(first))
    read[SECOND_TOPIC] = topics[1]
    return read


def use() -> None:
    """Make Rasa's processor give a message that asks two FAQ questions both answers."""
    from rasa.core.processor import MessageProcessor

    parse_message = MessageProcessor.parse_message
    if getattr(parse_message, "with_second_topic", False):
        return

    async def parse_with_second_topic(self, message, tracker=None,
                                      only_output_properties: bool = True):
        parse_data = await parse_message(self, message, tracker, only_output_properties)

        async def parse(text: Text) -> Dict[Text, Any]:
            part = copy.copy(message)
            part.text = text
            return await parse_message(self, part, tracker, only_output_properties)

        return await with_second_topic(parse_data, parse)

    parse_with_second_topic.with_second_topic = True
    MessageProcessor.parse_message = parse_with_second_topic
    logger.info("A message asking two questions gets both answers "
                "(assistant/runtime/compound_questions.py).")


def second_answer(tracker: Any, utter_action: Text) -> Optional[Text]:
    """The response that answers the second question of the message `utter_action`
    answers first (`utter_faq/<topic>`), or None."""
    latest = getattr(tracker, "latest_message", None)
    parse_data = (latest.parse_data if latest is not None else None) or {}
    second = parse_data.get(SECOND_TOPIC)
    if not second or not utter_action.startswith(f"utter_{ANSWER_INTENT}/"):
        return None
    key = ((_selector(parse_data) or {}).get("response") or {}).get("utter_action")
    return f"utter_{ANSWER_INTENT}/{second}" if key == utter_action else None
