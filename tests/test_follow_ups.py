"""A follow-up is read with the topic answered just before it (assistant/runtime/
follow_ups.py, assistant/nlu/readings.py `with_subject`, the classifier's
`also_with_previous_topic`): the pieces on hand-built input, then the trained model
(`make test` trains first)."""
import asyncio
import re

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.readings import (
    PLURAL_REFERRING_WORDS, PREVIOUS_HOTLINE, PREVIOUS_SURVIVOR, PREVIOUS_TOPIC,
    TRAFFICKING_AS_A_WHOLE, compares, with_subject,
)
from assistant.runtime.follow_ups import previous_topic, with_previous_topic
from assistant.runtime.last_turn import SECOND_ANSWER
from conftest import HOTLINE, load_yaml
from tools import evaluate

LOOP = asyncio.new_event_loop()


def tracker(*events):
    return DialogueStateTracker.from_events("follow-up-test", list(events))


def bot(action):
    return BotUttered("...", {}, {"utter_action": action})


def test_after_what_the_assistant_can_explain_the_topic_is_trafficking_as_a_whole():
    t = tracker(UserUttered("what can you do"), bot("utter_capabilities"))
    assert previous_topic(t) == TRAFFICKING_AS_A_WHOLE


def test_the_previous_topic_is_the_last_answer_of_the_previous_turn():
    t = tracker(UserUttered("what is the tvpa"), bot("utter_faq/tvpa"),
                UserUttered("and the palermo protocol?"), bot("utter_urgent"),
                bot("utter_faq/palermo_protocol"))
    assert previous_topic(t) == "palermo_protocol"


def test_after_two_answers_in_one_message_the_previous_topic_is_the_second():
    # Session 55: after "what is the palermo protocol and what is the tvpa", "when was it
    # passed?" was read as asking about the Palermo Protocol, whose answer gives 2000.
    both = BotUttered("...", {}, {"utter_action": "utter_faq/palermo_protocol",
                                  SECOND_ANSWER: "utter_faq/tvpa"})
    t = tracker(UserUttered("what is the palermo protocol and what is the tvpa"), both)
    assert previous_topic(t) == "tvpa"


@pytest.mark.parametrize("events", [
    [],                                                                   # nothing said
    [UserUttered("what is the tvpa"), bot("utter_faq/tvpa"), UserUttered("hi"),
     bot("utter_greet")],                                                 # an older turn
    [UserUttered("help"), bot("utter_urgent")],                           # no answer
])
def test_no_previous_topic_without_an_answer_in_the_previous_turn(events):
    assert previous_topic(tracker(*events)) is None
    assert previous_topic(None) is None


@pytest.mark.parametrize("kept_by", ["utter_out_of_scope", "utter_default"])
def test_a_turn_the_sources_do_not_cover_keeps_the_topic_before(kept_by):
    # Session 56: "what does it do?", after the TVPA's answer and "when was it passed?"
    # ("my sources don't cover that"), got what the assistant can do.
    t = tracker(UserUttered("what is the tvpa"), bot("utter_faq/tvpa"),
                UserUttered("when was it passed?"), bot(kept_by))
    assert previous_topic(t) == "tvpa"


@pytest.mark.parametrize("between", [
    ["utter_out_of_scope", "utter_out_of_scope"],   # two turns the sources don't cover
    ["utter_urgent"],                               # something urgent
    ["utter_did_you_mean"],                         # topics offered: a new choice
    ["utter_greet"],
])
def test_only_one_turn_not_covered_keeps_the_topic(between):
    events = [UserUttered("what is the tvpa"), bot("utter_faq/tvpa")]
    for name in between:
        events += [UserUttered("..."), bot(name)]
    assert previous_topic(tracker(*events)) is None


@pytest.mark.parametrize("reply", ["utter_survivor", "utter_self_blame", "utter_after_effects"])
def test_after_a_survivors_reply_the_metadata_says_so(reply):
    message = UserMessage("its been 5 years", sender_id="a")
    copied = with_previous_topic(message, tracker(UserUttered("i'm a survivor"), bot(reply)))
    assert copied.metadata == {PREVIOUS_SURVIVOR: True}


@pytest.mark.parametrize("reply", ["utter_urgent", "utter_faq/how_to_report",
                                   "utter_what_to_do", "utter_human", "utter_hotline"])
def test_after_a_reply_giving_the_number_the_metadata_says_so(reply):
    message = UserMessage("what will they do")
    copied = with_previous_topic(message, tracker(UserUttered("..."), bot(reply)))
    assert copied.metadata[PREVIOUS_HOTLINE] is True
    assert PREVIOUS_HOTLINE not in (message.metadata or {})


def test_the_topic_goes_on_a_copy_of_the_message():
    message = UserMessage("when was it adopted?", sender_id="a", metadata={"kept": 1})
    t = tracker(UserUttered("palermo?"), bot("utter_faq/palermo_protocol"))
    copied = with_previous_topic(message, t)
    assert copied.metadata == {"kept": 1, PREVIOUS_TOPIC: "palermo_protocol"}
    assert message.metadata == {"kept": 1} and copied.text == message.text
    assert with_previous_topic(message, tracker()) is message


def tokenized(nlp, text):
    """A message as Rasa's SpacyNLP and SpacyTokenizer leave it."""
    message = Message(data={"text": text, "text_spacy_doc": nlp(text)})
    SpacyTokenizer(SpacyTokenizer.get_default_config()).process([message])
    return message


@pytest.mark.parametrize("text, lemmas, raw", [
    ("when was it adopted?", "when be the palermo protocol adopt",
     "when was the Palermo Protocol adopted"),
    ("Who established that", "who establish the palermo protocol",
     "Who established the Palermo Protocol"),
    ("how many countries signed this one?", "how many country sign the palermo protocol one",
     "how many countries signed the Palermo Protocol one"),
])
def test_the_first_referring_word_is_replaced_by_the_subject(nlp, text, lemmas, raw):
    reading = with_subject(tokenized(nlp, text), "the palermo protocol", "the Palermo Protocol")
    assert reading == (lemmas, raw)


def test_no_reading_without_a_referring_word(nlp):
    assert with_subject(tokenized(nlp, "who are the victims?"), "x", "x") is None


def test_they_is_replaced_only_when_asked_for(nlp):
    message = tokenized(nlp, "where do they come from?")
    assert with_subject(message, "victim", "victims") is None
    assert with_subject(message, "victim", "victims", PLURAL_REFERRING_WORDS) == (
        "where do victim come from", "where do victims come from")


@pytest.mark.parametrize("text, comparing", [
    ("how is that different from trafficking?", True),
    ("is it the same thing as human trafficking", True),
    ("what's the difference between that and trafficking", True),
    ("how does it differ from trafficking", True),
    ("smuggling vs trafficking?", True),
    # Another topic, or no comparison.
    ("is that the same as the tvpa?", False),
    ("how is it different from sex trafficking", False),
    ("what is trafficking", False),
])
def test_a_comparison_with_trafficking_as_a_whole_is_told(text, comparing):
    assert compares(Message(data={"text": text})) is comparing


def test_every_subject_names_a_topic_or_is_the_default():
    topics = load_yaml("knowledge/topics.yml")
    assert "default" in topics["subjects"]
    assert set(topics["subjects"]) - {"default"} <= set(topics["topics"])
    assert set(topics["they"]) <= set(topics["topics"])


def test_importing_it_changes_nothing_and_each_start_point_installs_it():
    from conftest import ROOT, parse_message_marker_after_import

    assert parse_message_marker_after_import(
        "assistant.runtime.follow_ups", "with_previous_topic") == "False"
    for path in ["assistant/__main__.py", "assistant/staff/shell.py", "tools/evaluate.py"]:
        assert "follow_ups.use()" in (ROOT / path).read_text(), path


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


def conversation(agent, *texts):
    return [names for _, names in LOOP.run_until_complete(evaluate.conversation(agent, list(texts)))]


# Session 42: each second message got "my sources don't cover that", though the
# answer before it had just said it (2000, over 150 countries; the TVPA's funding).
@pytest.mark.parametrize("first, follow_up, topic", [
    ("what is the palermo protocol", "when was it adopted?", "palermo_protocol"),
    ("what is the palermo protocol", "how many countries accepted it", "palermo_protocol"),
    ("what is the tvpa", "who established it?", "tvpa"),
    ("how much money does trafficking make", "is it growing?", "why_it_spreads"),
])
def test_a_follow_up_is_answered_with_the_previous_topic(agent, first, follow_up, topic):
    assert conversation(agent, first, follow_up)[1] == [f"utter_faq/{topic}"]


# Session 50: the answer on the TVPA again, which gives no date.
@pytest.mark.parametrize("first, follow_up", [
    ("what is the tvpa", "when was it passed?"),
    ("what is the tvpa", "what year was it signed"),
    ("what is the palermo protocol", "what year was it signed"),  # adopted, not signed
])
def test_asking_when_after_an_answer_without_a_date_is_out_of_scope(agent, first, follow_up):
    assert conversation(agent, first, follow_up)[1] == ["utter_out_of_scope"]


# Session 51: after the estimate of how many victims there are (not given as a yearly
# figure), "is that per year" got the answer on profits.
@pytest.mark.parametrize("first, follow_up, names", [
    ("how many people are trafficked", "is that per year", ["utter_out_of_scope"]),
    ("how much money does trafficking make", "is that per year", ["utter_faq/profits"]),
])
def test_asking_whether_a_figure_is_yearly_is_read_with_a_topic_that_gives_one(
        agent, first, follow_up, names):
    assert conversation(agent, first, follow_up)[1] == names


# Session 52: the question alone, with no "it" to read the topic into: "per year?"
# after the answer on profits got "my sources don't cover that", "annually?" (no word
# the classifier saw) "Sorry, I didn't understand that".
@pytest.mark.parametrize("first, follow_up, names", [
    ("how much money do traffickers make", "per year?", ["utter_faq/profits"]),
    ("how much money do traffickers make", "annually?", ["utter_faq/profits"]),
    ("what is the palermo protocol", "what year?", ["utter_faq/palermo_protocol"]),
    # Only after an answer that gives it.
    ("how many people are trafficked", "per year?", ["utter_out_of_scope"]),
    ("what is the tvpa", "what year?", ["utter_out_of_scope"]),
])
def test_the_question_alone_is_read_with_a_topic_that_answers_it(agent, first, follow_up,
                                                                  names):
    assert conversation(agent, first, follow_up)[1] == names


# Session 52: "what does it do?", after the answer on the TVPA, got what the assistant
# can do; as a first message, or with "you", it still asks that.
@pytest.mark.parametrize("first, follow_up, names", [
    ("what is the tvpa", "what does it do?", ["utter_faq/tvpa"]),
    ("what is the palermo protocol", "what does it do", ["utter_faq/palermo_protocol"]),
    ("what is the tvpa", "what can you do?", ["utter_capabilities"]),
])
def test_a_follow_up_about_it_is_read_past_asking_what_the_assistant_does(
        agent, first, follow_up, names):
    assert conversation(agent, first, follow_up)[1] == names


# Session 57: after the answers about a group of people, "they" is that group: "where
# do they come from" got "my sources don't cover that", "how do they find victims" two
# topics to choose from. Telling still gets the urgent reply; after other answers "they"
# is left alone.
@pytest.mark.parametrize("first, follow_up, names", [
    ("who are the victims", "where do they come from", ["utter_faq/where"]),
    ("who are the traffickers", "how do they find victims", ["utter_faq/coercion"]),
    ("why is it so hard to leave", "why dont they call the police", ["utter_faq/leaving_hard"]),
    ("who are the traffickers", "they are following me", ["utter_urgent"]),
    ("what is the tvpa", "where do they come from", ["utter_out_of_scope"]),
])
def test_they_after_an_answer_about_a_group_is_that_group(agent, first, follow_up, names):
    assert conversation(agent, first, follow_up)[1] == names


# Session 57: after what the assistant can explain (here for a school project), "what
# is it" got that list again. Only such a follow-up is read with trafficking: "who made
# it" may ask about the assistant, and keeps its reading.
@pytest.mark.parametrize("first, follow_up, names", [
    ("im doing a school project on trafficking", "what is it", ["utter_faq/what_is"]),
    ("what can you do", "what is it?", ["utter_faq/what_is"]),
    ("what can you do", "who made it", ["utter_out_of_scope"]),
])
def test_after_what_the_assistant_can_explain_what_is_it_asks_about_trafficking(
        agent, first, follow_up, names):
    assert conversation(agent, first, follow_up)[1] == names


def test_a_follow_up_after_a_question_the_sources_do_not_cover_keeps_the_topic(agent):
    # Session 56: the TVPA's answer gives no date, so "when was it passed?" is out of
    # scope; "what does it do?" after that still asks about the TVPA.
    assert conversation(agent, "what is the tvpa", "when was it passed?", "what does it do?") == [
        ["utter_faq/tvpa"], ["utter_out_of_scope"], ["utter_faq/tvpa"]]


# Session 56: after the answer on smuggling, comparing "it" with trafficking got the
# other names of trafficking; "is it legal?" now asks about smuggling too. A comparison
# with another topic gets that topic's answer, as before.
@pytest.mark.parametrize("first, follow_up, names", [
    ("what is smuggling", "how is that different from trafficking?",
     ["utter_faq/smuggling_vs_trafficking"]),
    ("what is smuggling", "is it the same as human trafficking",
     ["utter_faq/smuggling_vs_trafficking"]),
    ("what is smuggling", "is it legal?", ["utter_faq/smuggling_vs_trafficking"]),
    ("what is the palermo protocol", "is that the same as the tvpa?", ["utter_faq/tvpa"]),
])
def test_a_comparison_with_trafficking_is_read_with_the_previous_topic(
        agent, first, follow_up, names):
    assert conversation(agent, first, follow_up)[1] == names


def test_a_comparison_as_a_first_message_keeps_its_reading(agent):
    assert conversation(agent, "how is that different from trafficking?") == [
        ["utter_faq/other_names"]]


def test_what_does_it_do_as_a_first_message_asks_what_the_assistant_does(agent):
    assert conversation(agent, "what does it do?") == [["utter_capabilities"]]


# Session 56: after the answer on smuggling, "whats the difference" got "my sources don't
# cover that".
@pytest.mark.parametrize("first, follow_up, names", [
    ("what is smuggling", "whats the difference", ["utter_faq/smuggling_vs_trafficking"]),
    ("what are the forms of trafficking", "what's the difference?", ["utter_faq/forms"]),
    ("what is the tvpa", "whats the difference", ["utter_out_of_scope"]),
])
def test_asking_the_difference_is_read_with_a_topic_that_tells_one(agent, first, follow_up,
                                                                    names):
    assert conversation(agent, first, follow_up)[1] == names


def test_the_question_alone_as_a_first_message_is_not_an_answer(agent):
    assert conversation(agent, "per year?")[0] == ["utter_out_of_scope"]
    assert conversation(agent, "annually?")[0] == ["utter_default"]


# A dated topic gives a year, a yearly one a yearly figure, in every variation.
@pytest.mark.parametrize("key, gives", [("dated", r"\b(?:19|20)\d\d\b"),
                                        ("yearly", r"\ba year\b"),
                                        ("compared", r"smuggling|labour trafficking")])
def test_every_listed_topic_gives_what_it_is_listed_for_in_every_variation(key, gives):
    topics = load_yaml("knowledge/topics.yml")
    domain = load_yaml("domain.yml")["responses"]
    assert topics[key]
    for topic in topics[key]:
        assert all(re.search(gives, r["text"]) for r in domain[f"utter_faq/{topic}"]), topic


def test_as_a_first_message_it_is_still_out_of_scope(agent):
    assert conversation(agent, "when was it adopted?") == [["utter_out_of_scope"]]


@pytest.mark.parametrize("follow_up, names", [
    ("it happened to me", ["utter_urgent"]),            # a disclosure stays urgent
    ("is it legal in canada?", ["utter_out_of_scope"]),  # no topic fits it either way
])
def test_other_follow_ups_keep_their_reading(agent, follow_up, names):
    assert conversation(agent, "what is human trafficking", follow_up)[1] == names


def test_the_urgent_reply_still_comes_first_after_an_answer(agent):
    [_, (texts, names)] = LOOP.run_until_complete(evaluate.conversation(
        agent, ["what is the tvpa", "he took my passport and it is happening now"]))
    assert names[0] == "utter_urgent" and texts[0].startswith(HOTLINE)


# Session 58: a student's "and the effects", after the main causes, got "Sorry, I didn't
# understand that"; "and the forms" "my sources don't cover that". A disclosure opening
# with "and" keeps the urgent reply.
@pytest.mark.parametrize("follow_up, names", [
    ("and the effects", ["utter_faq/effects"]),
    ("and the forms?", ["utter_faq/forms"]),
    ("and the profits", ["utter_faq/profits"]),
    ("and then he locked me in", ["utter_urgent"]),
])
def test_a_follow_up_opening_with_and_is_read_as_what_about(agent, follow_up, names):
    assert conversation(agent, "what are the main causes", follow_up)[1] == names
