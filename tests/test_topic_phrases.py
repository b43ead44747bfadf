"""Ways of asking about a topic that the classifier misreads
(knowledge/topic_phrases.yml, assistant/nlu/topic_phrases.py): the list, the component,
and the reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.topic_marker import MARKED_TOPIC
from assistant.nlu.topic_phrases import TOPIC_PHRASE, TopicPhraseMarker, TopicPhrases
from assistant.nlu.uncovered_subjects import UNCOVERED_SUBJECT
from conftest import (
    HOTLINE, assert_blocker_clears_its_example, assert_pattern_matches_its_example, classified,
    load_yaml, nlu_examples, our_messages, pattern_list, real_messages, taken_over,
    urgent_messages_marked,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/topic_phrases.yml")
LOOP = asyncio.new_event_loop()
ENTRIES = [pytest.param(topic, entry, id=entry["pattern"])
           for topic, entries in CONFIG["topics"].items() for entry in entries]


@pytest.fixture(scope="module")
def phrases(nlp):
    return pattern_list(TopicPhrases, nlp)


@pytest.fixture(scope="module")
def marker(phrases):
    return TopicPhraseMarker(TopicPhraseMarker.get_default_config(), phrases)


@pytest.mark.parametrize("topic, entry", ENTRIES)
def test_each_pattern_matches_its_example_and_gives_its_topic(phrases, marker, topic, entry):
    assert_pattern_matches_its_example(phrases, entry)
    [message] = marker.process([classified(entry["example"], "out_of_scope", 0.9)])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        f"faq/{topic}")


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["pattern"]) for e in CONFIG["exceptions"]])
def test_each_exception_clears_its_example(phrases, entry):
    """The example holds one of the list's patterns ("stats"), and the exception is
    what clears it: the figures of one place are for the classifier."""
    assert_blocker_clears_its_example(phrases, entry)


def test_every_topic_is_one_of_the_faq_topics():
    intents = {item["intent"] for item in load_yaml("data/nlu.yml")["nlu"] if "intent" in item}
    assert {f"faq/{topic}" for topic in CONFIG["topics"]} <= intents


def ours_of(topic):
    return [t for f in ("data/nlu.yml", "tests/nlu_holdout.yml")
            for t in nlu_examples(f, intent=f"faq/{topic}")]


def test_which_messages_of_ours_and_of_the_real_sets_are_answered_so(phrases, marker):
    """When the list was written (session 49), each read as out of scope: seven of our
    examples in data/nlu.yml (none held out), each found under its own topic (session 50:
    ten, "can traffickers be women", "what are the root causes of human trafficking" and
    "what factors drive the spread of trafficking" found under their own topics), and one of our FAQ questions (the classifier had
    given it why leaving is hard; since session 50 also "what are the root causes of
    trafficking", already answered so); no urgent message of ours; one message of each
    real set, which the classifier answered so already (the judge's expects that answer,
    the choosing set's allows it). Session 50's "root cause" takes two more of the
    judge's: one it answered so already, and "So what are the root causes of this
    issue?", which had got why trafficking spreads (the pattern was written for "root
    causes of this problem?", which had got the urgent reply alone), and "what does
    trafficking look like" one of each real set, which had got two topics to choose
    from (written for "what does trafficking actually look like in real life", which
    had too). Both real misses were among those listed at the session's start, so
    those gains are not blind. Session 53's "be it get worse" takes one more of ours,
    under its own topic: "why is it getting worse". Session 56's sex trafficking venues
    one more, under its own topic: "does sex trafficking happen in brothels". Session
    58's "be * traffic increase" one more, under its own topic: "why is trafficking
    increasing". Session 60's "what * do if i suspect" one more, under its own topic:
    "what do i do if i suspect someone is trafficking people". Session 63's "can i donate"
    two more, under their own topic: "can i donate to fight trafficking", "where can i
    donate to help victims". Its "what be traffic" (three words at most, written for "what
    is trafficing") one more, under its own topic: "what is trafficking"."""
    def found(texts):
        return taken_over(marker, TOPIC_PHRASE, texts, intent="out_of_scope")

    mine = {topic: found(ours_of(topic)) for topic in CONFIG["topics"]}
    assert sum(len(texts) for texts in mine.values()) == 18
    assert all(phrases.find(t).category == topic for topic, texts in mine.items() for t in texts)
    labelled = {t for topic in CONFIG["topics"] for t in ours_of(topic)}
    assert [t for t in found(our_messages()) if t not in labelled] == [
        "why do traffickers take victims' passports",  # tests/faq_questions.yml
        "what are the root causes of trafficking"]
    assert urgent_messages_marked(marker, TOPIC_PHRASE) == []
    # Session 60's "what * do if i suspect" (written for our "what should i do if i
    # suspect trafficking") also matches the first two, which the classifier answered
    # so already.
    assert found(real_messages("real_world")) == [
        "What should I do if I suspect human trafficking?",
        "what can i realistically do if i suspect trafficking?",
        "How do traffickers or pimps recruit victims?",
        "So what are the root causes of this issue?",
        "What Are the Root Causes of Human Trafficking?",
        "WHAT DOES TRAFFICKING LOOK LIKE IN MY COMMUNITY?"]
    # Session 56's "how * trafficker find" (written for "how do traffickers find victims
    # online", our own) also matches the last, a choosing-set miss seen at that
    # session's start; it gets the answer on control, one it expects. Its "happen *
    # {sex_venue}" the second, which the classifier answered so already.
    assert found(real_messages("real_world_dev")) == [
        "What does human trafficking look like?",
        "What is happening at these massage parlors?",
        "How do human traffickers choose their victims",
        "How do human traffickers find our children?"]


@pytest.mark.parametrize("text", [
    "who do traffickers target",  # who the victims are
    "my boss took my passport",  # telling, not asking
    "what is human trafficking",
    "why don't victims leave when the trafficker threatens them",  # why leaving is hard
    "does there need to be force if the victim is a child",  # minors
    "does coercion have to be violent",  # how traffickers control people
    "he said i would never get away with it",  # telling, not asking
    "what does sex trafficking look like",  # its own answer
    "is it trafficking if a teenager agrees to sex for money",  # minors
    "i am a victim and im being beaten",  # telling
    "my trafficker beat me",
    "what should i do if my boss tells me i cant leave",  # telling, not asking
    "what should i do if he tells me to lie",
])
def test_other_messages_are_not_taken(phrases, text):
    assert phrases.find(text) is None


def test_a_question_the_classifier_called_urgent_records_its_topic(marker):
    [message] = marker.process([classified("why do traffickers take passports", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(MARKED_TOPIC) == "coercion"


def test_a_question_naming_a_subject_no_source_covers_is_left_alone(marker):
    """Session 57: "what are the forms for the t visa" matches "what be the form", but
    the uncovered list (run earlier) found the T visa: "my sources don't cover that"."""
    message = classified("what are the forms for the t visa", "out_of_scope", 1.0)
    message.set(UNCOVERED_SUBJECT, "t visa")
    [message] = marker.process([message])
    assert message.get("intent")["name"] == "out_of_scope"
    assert message.get(TOPIC_PHRASE) is None


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 49: two topics to choose from, "my sources don't cover that" (twice) and the
# warning signs only as a choice.
@pytest.mark.parametrize("text, name", [
    ("why do traffickers take passports", "utter_faq/coercion"),
    ("what are the three p's", "utter_faq/who_fights"),
    ("does it have to involve force?", "utter_faq/what_is"),
    ("how can hotel staff spot trafficking", "utter_faq/warning_signs"),
    # Session 50: two topics to choose from, and the share of victims who are women.
    ("does there have to be violence", "utter_faq/what_is"),
    ("what percent of traffickers are women", "utter_faq/who_traffickers"),
    # Session 50: the reply on calling the hotline to talk to a person.
    ("can it happen online", "utter_faq/sex_trafficking"),
    ("root causes of this problem?", "utter_faq/root_causes"),  # the urgent reply alone
    ("who would do this", "utter_faq/who_traffickers"),  # the list of sources
    ("how do these guys get away with it", "utter_faq/why_it_spreads"),  # leaving is hard
    ("what does trafficking actually look like in real life", "utter_faq/warning_signs"),
    ("can you consent to being trafficked", "utter_faq/what_is"),  # two topics
    ("are victims beaten", "utter_faq/effects"),  # two topics
    ("describe the three factors that drive human trafficking", "utter_faq/why_it_spreads"),
    # Session 57: "my sources don't cover that" (read as forms one fills in), but for
    # the T visa's, which no source covers.
    ("what are the forms", "utter_faq/forms"),
    ("what are its forms?", "utter_faq/forms"),
    ("what are the forms for the t visa", "utter_out_of_scope"),
    # Session 57: why it spreads (twice), two topics to choose from.
    ("what can stop it", "utter_faq/root_causes"),
    ("how can it be stopped", "utter_faq/root_causes"),
    ("can it be stopped", "utter_faq/root_causes"),
    # Session 57: two topics to choose from.
    ("do victims have to be moved", "utter_faq/smuggling_vs_trafficking"),
    # Session 58: "Sorry, I didn't understand that", two topics to choose from.
    ("what should i do if a student tells me", "utter_faq/how_to_report"),
    ("what do i do if a child discloses trafficking", "utter_faq/how_to_report"),
    # Session 58: "my sources don't cover that".
    ("what are the signs in restaurants", "utter_faq/warning_signs"),
    # Session 58: two topics to choose from; in a place, the answer on where it happens.
    ("is trafficking increasing", "utter_faq/why_it_spreads"),
    ("is trafficking increasing in africa", "utter_faq/where"),
    # Session 62: two topics to choose from, that it is a crime; asked why, what drives it.
    ("is trafficking still happening today?", "utter_faq/how_many"),
    ("is human trafficking still a problem", "utter_faq/how_many"),
    ("is trafficking real", "utter_faq/how_many"),
    ("why is trafficking still happening", "utter_faq/why_it_spreads"),
    # Session 62's review: in one place, not the world's estimate.
    ("is trafficking still happening in the us", "utter_out_of_scope"),
    ("is trafficking real in canada", "utter_out_of_scope"),
    # Session 62: "my sources don't cover that".
    ("should we donate", "utter_faq/how_to_help"),
    ("can we pray for victims", "utter_faq/how_to_help"),
    ("what should my front desk look for", "utter_faq/warning_signs"),
    # Session 62: two topics to choose from; "my sources don't cover that".
    ("what if they dont use force", "utter_faq/what_is"),
    ("is it trafficking if there is no force", "utter_faq/what_is"),
    # Session 63: the answer on minors.
    ("what if an adult agrees to sex work", "utter_faq/what_is"),
    ("can adults consent to it", "utter_faq/what_is"),
    # Session 63: who the victims are.
    ("does trafficking only happen in america", "utter_faq/where"),
    # Session 63: two topics to choose from.
    ("should i donate money", "utter_faq/how_to_help"),
    # Session 63: "my sources don't cover that".
    ("what is trafficing", "utter_faq/what_is"),
    ("what do i do if a guest looks like a victim", "utter_faq/how_to_report"),
])
def test_the_reply_is_the_answer_of_its_topic(agent, text, name):
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == [name], names


def test_telling_of_a_passport_taken_still_gets_the_hotline_first(agent):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "my boss took my passport, why do traffickers take passports"))
    assert names == ["utter_urgent", "utter_faq/coercion"], names
    assert texts[0].startswith(HOTLINE)


def test_asking_whether_lying_about_a_job_is_trafficking_gets_the_answer_after_the_hotline(agent):
    """Session 63: the urgent reply alone (the urgent lexicon's "is * trafficking" with
    "someone"; the classifier torn between two topics). Fraud is one of the three."""
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "so if someone lies about a job is that trafficking"))
    assert names == ["utter_urgent", "utter_faq/what_is"], names
    assert texts[0].startswith(HOTLINE) and "fraud" in texts[1]


def test_asking_what_to_do_when_a_friend_tells_gets_the_hotline_then_how_to_report(agent):
    """Session 58: the classifier calls it urgent, and the urgent reply stays first; the
    answer after it had been the warning signs."""
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(
        agent, "what if my friend tells me she is being trafficked"))
    assert names == ["utter_urgent", "utter_faq/how_to_report"], names
    assert texts[0].startswith(HOTLINE)
