"""Two questions in one message get both answers, in the order asked
(assistant/runtime/compound_questions.py, the response generator's `joined`,
assistant/runtime/hotline_reminder.py): the pieces on hand-built input, then the trained
model (`make test` trains first)."""
import asyncio

import pytest
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime.compound_questions import (
    SECOND_TOPIC, answered_topic, questions_in, second_answer, with_second_topic, with_subject_of,
)
from assistant.runtime.hotline_reminder import joined
from assistant.runtime.last_turn import SECOND_ANSWER
from conftest import HOTLINE, ROOT, parse_message_marker_after_import
from tools import evaluate

LOOP = asyncio.new_event_loop()


@pytest.mark.parametrize("text, questions", [
    ("what is trafficking and how do i report it",
     ("what is trafficking", "how do i report it")),
    ("what is sex trafficking? how is it different from labour trafficking?",
     ("what is sex trafficking", "how is it different from labour trafficking?")),
    ("who are the victims and who are the traffickers",
     ("who are the victims", "who are the traffickers")),
    ("what is trafficking. how common is it", ("what is trafficking", "how common is it")),
    ("what are the causes and also how many people are affected",
     ("what are the causes", "how many people are affected")),
    # Session 63: a sentence before them that asks nothing is left out.
    ("im a student. what is trafficking and how do i report it",
     ("what is trafficking", "how do i report it")),
    ("Hi, I'm doing research. Could you tell me the causes, and also what the effects are?",
     ("Could you tell me the causes,", "what the effects are?")),
])
def test_the_two_questions_of_a_message(text, questions):
    assert questions_in(text) == questions


@pytest.mark.parametrize("text", [
    "what is the difference between smuggling and trafficking",  # one question
    "what is trafficking",
    "what? how?",                                # too short to be questions
    "what is it and how and why does it happen",  # more than two
    "what is trafficking. how common is it. where does it happen",  # three
    "what is it? is it common and where is it",   # a question first: three
])
def test_one_question_or_more_than_two_is_left_alone(text):
    assert questions_in(text) is None


def answer(text, topic, probability=0.97, decision="answer", entities=()):
    key = f"faq/{topic}"
    return {"text": text, "intent": {"name": "faq", "confidence": 1.0},
            "entities": [{"entity": e, "value": "x"} for e in entities],
            "topic_choice": {"decision": decision, "topics": [[topic, probability]]},
            "response_selector": {"faq": {"response": {
                "intent_response_key": key, "utter_action": f"utter_{key}",
                "confidence": probability}, "ranking": []}}}


def parser(answers):
    async def parse(text):
        return answers[text]
    return parse


WHOLE = "what is trafficking and how do i report it"
PARTS = {"what is trafficking": answer("what is trafficking", "what_is"),
         "how do i report it": answer("how do i report it", "how_to_report")}


def test_the_first_question_is_answered_first_and_the_second_is_kept():
    read = LOOP.run_until_complete(with_second_topic(
        answer(WHOLE, "how_to_report"), parser(PARTS)))
    assert answered_topic(read) == "what_is"
    assert read[SECOND_TOPIC] == "how_to_report"


@pytest.mark.parametrize("question, topic, reread", [
    ("how is it different from labour trafficking?", "sex_trafficking",
     "how is sex trafficking different from labour trafficking?"),
    ("when was it adopted", "palermo_protocol", "when was the Palermo Protocol adopted"),
    ("how do i report that", "what_is", "how do i report human trafficking"),
    ("where does trafficking happen", "what_is", None),  # nothing to replace
    ("is this a crime", "minors", "is human trafficking a crime"),  # `default`
])
def test_the_second_questions_it_can_stand_for_the_first_ones_subject(question, topic, reread):
    assert with_subject_of(question, topic) == reread


UNCLEAR_IT = "what is sex trafficking? how is it different from labour trafficking?"
IT_PARTS = {
    "what is sex trafficking": answer("what is sex trafficking", "sex_trafficking"),
    "how is it different from labour trafficking?":
        answer("how is it different from labour trafficking?", "labour_trafficking", 0.58),
    "how is sex trafficking different from labour trafficking?":
        answer("how is sex trafficking different from labour trafficking?", "forms"),
}


def test_a_second_question_unclear_alone_is_read_with_the_first_ones_subject():
    """Session 55: read alone, "how is it different from labour trafficking?" got no
    clear answer (0.58), so the message got only what sex trafficking is."""
    read = LOOP.run_until_complete(with_second_topic(
        answer(UNCLEAR_IT, "sex_trafficking"), parser(IT_PARTS)))
    assert answered_topic(read) == "sex_trafficking" and read[SECOND_TOPIC] == "forms"


def test_after_a_statement_the_second_questions_it_is_not_read_as_a_topic():
    """Its "that" stands for the statement: "why is human trafficking" asks nothing
    (tests/real_world_dev.yml)."""
    whole = "It seems there are real challenges here. Why is that?"
    parts = {"It seems there are real challenges here":
             answer("It seems there are real challenges here", "who_fights"),
             "Why is that?": answer("Why is that?", "why_it_spreads", 0.5)}
    read = LOOP.run_until_complete(with_second_topic(answer(whole, "why_it_spreads"),
                                                     parser(parts)))
    assert SECOND_TOPIC not in read


def test_a_second_question_clear_alone_is_not_read_again():
    parts = {**IT_PARTS, "how is it different from labour trafficking?": answer(
        "how is it different from labour trafficking?", "labour_trafficking")}
    del parts["how is sex trafficking different from labour trafficking?"]  # never asked
    read = LOOP.run_until_complete(with_second_topic(
        answer(UNCLEAR_IT, "sex_trafficking"), parser(parts)))
    assert read[SECOND_TOPIC] == "labour_trafficking"


def torn(text):
    """The whole message got two topics to choose from."""
    read = answer(text, "forms", 0.4, decision="suggest",
                  entities=["suggestion_1", "suggestion_2"])
    read["intent"] = {"name": "nlu_fallback", "confidence": 0.4}
    return read


def test_a_message_torn_between_topics_because_it_asks_two_gets_both_answers():
    read = LOOP.run_until_complete(with_second_topic(torn(WHOLE), parser(PARTS)))
    assert read["text"] == WHOLE and read["intent"]["name"] == "faq"
    assert answered_topic(read) == "what_is" and read[SECOND_TOPIC] == "how_to_report"
    assert read["entities"] == []


@pytest.mark.parametrize("whole, parts", [
    # The whole message is urgent, then answered: its parts are not read.
    (answer(WHOLE, "how_to_report", entities=["safety_net"]), {}),
    # Two topics were offered to choose from.
    (answer(WHOLE, "how_to_report", decision="suggest"), {}),
    # A part's answer is no clear fit (session 54, tests/real_world_dev.yml).
    (answer(WHOLE, "how_to_report"),
     {**PARTS, "what is trafficking": answer("what is trafficking", "what_is", 0.67)}),
    # Both parts get the same answer.
    (answer(WHOLE, "how_to_report"),
     {**PARTS, "what is trafficking": answer("what is trafficking", "how_to_report")}),
    # Neither part's answer is the whole message's.
    (answer(WHOLE, "forms"), PARTS),
    # Torn between topics, but a part's answer is no clear fit.
    (torn(WHOLE), {**PARTS, "what is trafficking": answer("what is trafficking", "what_is", 0.67)}),
], ids=["urgent", "choice", "unclear part", "same answer", "another answer", "torn, unclear"])
def test_otherwise_the_message_keeps_its_one_answer(whole, parts):
    read = LOOP.run_until_complete(with_second_topic(whole, parser(parts)))
    assert read is whole and SECOND_TOPIC not in read


def test_the_generator_sends_the_second_answer_after_the_first():
    tracker = DialogueStateTracker.from_events("compound", [UserUttered(
        WHOLE, parse_data={**answer(WHOLE, "what_is"), SECOND_TOPIC: "how_to_report"})])
    assert second_answer(tracker, "utter_faq/what_is") == "utter_faq/how_to_report"
    assert second_answer(tracker, "utter_faq/forms") is None
    assert second_answer(tracker, "utter_urgent") is None
    message = joined({"text": "One.", "metadata": {"facts": ["a", "b"]}},
                     {"text": "Two.", "metadata": {"facts": ["b", "c"]}})
    assert message == {"text": "One.\n\nTwo.", "metadata": {"facts": ["a", "b", "c"]}}
    # Session 55: with the second's name, for a follow-up read after it.
    message = joined({"text": "One."}, {"text": "Two."}, "utter_faq/tvpa")
    assert message[SECOND_ANSWER] == "utter_faq/tvpa"


def test_with_the_trained_model_a_follow_up_is_read_after_the_second_answer(agent):
    turns = LOOP.run_until_complete(evaluate.conversation(agent, [
        "what is the tvpa and what is the palermo protocol", "when was it adopted?"]))
    assert turns[1][1] == ["utter_faq/palermo_protocol"]
    turns = LOOP.run_until_complete(evaluate.conversation(agent, [
        "what is the palermo protocol and what is the tvpa", "when was it passed?"]))
    assert turns[1][1] == ["utter_out_of_scope"]  # the sources give the TVPA no date


def test_importing_it_changes_nothing_and_every_start_point_installs_it():
    assert parse_message_marker_after_import(
        "assistant.runtime.compound_questions", "with_second_topic") == "False"
    for path in ["assistant/__main__.py", "assistant/staff/shell.py", "tools/evaluate.py"]:
        text = (ROOT / path).read_text()
        # After follow_ups.use(), so that each half is read as a follow-up would be.
        assert text.index("follow_ups.use()") < text.index("compound_questions.use()"), path


@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


def first_turn(agent, text):
    [(texts, names)] = LOOP.run_until_complete(evaluate.conversation(agent, [text]))
    return texts, names


@pytest.mark.parametrize("text, first, second", [
    # Session 54: each got only one of its answers.
    ("what is trafficking and how do i report it", "what_is", HOTLINE),
    ("what is human trafficking and how can we prevent it", "what_is", "Root causes"),
    ("who are the victims and who are the traffickers", "who_victims", "Traffickers can"),
    ("how many victims are there and where does it happen", "how_many", "every continent"),
    # Torn between topics, it got two to choose from.
    ("who is at risk and what are the effects", "who_victims", "physical"),
    ("is it a crime and how do i report it", "is_it_a_crime", HOTLINE),
    # Session 55: the second, read alone, got no clear answer; read with "sex
    # trafficking" for its "it", it asks about the forms.
    ("what is sex trafficking? how is it different from labour trafficking?",
     "sex_trafficking", "two main forms"),
    # Session 57: "and also" before the second question; it got the causes alone.
    ("hi i am writing a paper about human trafficking for my sociology class and i wanted "
     "to ask what the main causes are and also how many people are affected worldwide "
     "thank you", "root_causes", "21 million"),
    # Session 63: a sentence before them; it got the causes alone.
    ("Hi, I'm a college student doing research. Could you tell me what the main causes of "
     "human trafficking are, and also what the effects on victims are?", "root_causes",
     "physical and mental"),
])
def test_with_the_trained_model_both_answers_come_in_one_message(agent, text, first, second):
    texts, names = first_turn(agent, text)
    assert names == [f"utter_faq/{first}"]
    [message] = texts
    assert "\n\n" in message and second in message.split("\n\n")[1]


def test_with_the_trained_model_a_single_question_gets_one_answer(agent):
    [message], _ = first_turn(agent, "what is the difference between smuggling and trafficking")
    assert "\n\n" not in message


def test_with_the_trained_model_a_disclosure_that_splits_keeps_the_urgent_reply(agent):
    # "and is" splits it, but the whole message is urgent: its parts are never read.
    texts, names = first_turn(agent, "my friend is 16 and is being sold")
    assert names == ["utter_urgent"] and "\n\n" not in texts[0]
