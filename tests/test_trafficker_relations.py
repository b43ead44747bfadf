"""Asking whether someone close can be a trafficker (knowledge/trafficker_relations.yml,
assistant/nlu/trafficker_relations.py): the list, the component, and the reply with the
trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.readings import PREVIOUS_TOPIC
from assistant.nlu.topic_marker import MARKED_TOPIC
from assistant.nlu.trafficker_relations import (
    TRAFFICKER_RELATION, TraffickerRelationMarker, TraffickerRelationQuestions,
)
from assistant.staff.explain import looked_up
from conftest import (
    assert_blocker_clears_its_example, assert_pattern_matches_its_example,
    classified, entries, load_yaml, nlu_examples, our_messages, pattern_list,
    real_messages, taken_over, urgent_messages_marked,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/trafficker_relations.yml")
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(TraffickerRelationQuestions, nlp)


@pytest.fixture(scope="module")
def marker(questions):
    return TraffickerRelationMarker(TraffickerRelationMarker.get_default_config(), questions)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "blockers"))
def test_each_blocker_clears_its_example_which_a_pattern_matches(questions, entry):
    assert_blocker_clears_its_example(questions, entry)


def answered_so(marker, texts):
    return taken_over(marker, TRAFFICKER_RELATION, texts)


def test_which_messages_of_ours_and_of_the_real_sets_are_answered_so(marker):
    """When the list was written (session 47) it found eleven examples of who_traffickers
    in data/nlu.yml and two of our FAQ questions, which the classifier answered so
    already; no urgent message of ours and no message of either real set."""
    assert answered_so(marker, nlu_examples("data/nlu.yml", intent="faq/who_traffickers")) == [
        "can a family member be a trafficker", "can a boyfriend be a trafficker",
        "are traffickers always strangers", "can a friend traffic you",
        "can parents traffic their kids", "can a romantic partner be a trafficker",
        "can a trafficker be someone you love", "can your own family traffic you",
        "are traffickers people you know", "can a friend be the one trafficking you",
        "can a partner traffic their girlfriend"]
    assert answered_so(marker, our_messages(other_than="faq/who_traffickers")) == [
        "can a family member be a trafficker",  # tests/faq_questions.yml, under traffickers
        "can a boyfriend traffic someone"]  # tests/faq_questions.yml, under traffickers
    assert urgent_messages_marked(marker, TRAFFICKER_RELATION) == []
    assert answered_so(marker, real_messages("real_world")) == []
    assert answered_so(marker, real_messages("real_world_dev")) == []


@pytest.mark.parametrize("text", ["can you be trafficked by your husband",
                                  "can you be trafficked by a family member",
                                  "is it possible to be trafficked by a relative",
                                  "can u be trafficked by ur bf",
                                  "can traffickers be family members?"])
def test_asking_about_someone_close_gets_the_answer_on_who_the_traffickers_are(marker, text):
    [message] = marker.process([classified(text, "out_of_scope", 0.98)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/who_traffickers")
    # The staff shell's line (session 62: it said "whether someone close can be a
    # trafficker" for "women too?" as well).
    assert looked_up(message.as_dict(only_output_properties=True))[0].startswith(
        "who can be a trafficker")


@pytest.mark.parametrize("text", ["my boyfriend is trafficking me",
                                  "can i be trafficked by my boyfriend",
                                  "can my mom sell me",
                                  "she was trafficked by her uncle",
                                  "my friend was trafficked by a family member",
                                  # Longer than a question of this kind.
                                  "can you be trafficked by your husband if you are married "
                                  "and live together in the same house"])
def test_messages_telling_of_someone_are_left_to_the_classifier(marker, text):
    [message] = marker.process([classified(text, "out_of_scope", 0.98)])
    assert message.get(TRAFFICKER_RELATION) is None
    assert message.get("intent")["name"] == "out_of_scope"


# A question the list matched that the classifier called urgent, or leaned to, stays
# urgent here, with its topic recorded for the safety net.
def test_a_question_the_classifier_called_urgent_records_its_topic(marker):
    [called] = marker.process([classified("can you be trafficked by your husband",
                                           "urgent_help")])
    leaning = classified("can u be trafficked by ur husband", "nlu_fallback", 0.54)
    leaning.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.54},
                                   {"name": "urgent_help", "confidence": 0.54}])
    [leaned] = marker.process([leaning])
    assert called.get("intent")["name"] == "urgent_help"
    assert leaned.get("intent")["name"] == "nlu_fallback"
    assert called.get(MARKED_TOPIC) == leaned.get(MARKED_TOPIC) == "who_traffickers"


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 47: these got "my sources don't cover that", whether trafficking is a crime
# and the warning signs.
@pytest.mark.parametrize("text", ["can you be trafficked by your husband",
                                  "can you be trafficked by a family member",
                                  "is it possible to be trafficked by a relative",
                                  # Session 58: "my sources don't cover that".
                                  "can a parent sell their child",
                                  # Session 63: "Sorry, I didn't understand that".
                                  "can u get traficked by ur bf",
                                  "is it possible to get trafficked by family"])
def test_the_reply_says_traffickers_can_be_partners_or_family(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_faq/who_traffickers"], names
    assert "romantic partners" in texts[0] and "family" in texts[0]


# Session 47: "Sorry, I didn't understand that" (the classifier leaned urgent on a
# question naming no one).
def test_a_question_the_classifier_leans_urgent_on_gets_its_answer(agent):
    _, names = LOOP.run_until_complete(evaluate.bot_turn(agent, "can u be trafficked by ur husband"))
    assert names == ["utter_faq/who_traffickers"], names


def test_someone_you_know_gets_the_hotline_first_then_the_answer(agent):
    """The urgent lexicon reads "someone you know" as concern for someone: the urgent
    reply comes first, and the answer still follows."""
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "can you be trafficked by someone you know"))
    assert names == ["utter_urgent", "utter_faq/who_traffickers"], names
    assert texts[0].startswith(evaluate.HOTLINE)


# Session 49: the "her"/"his" blockers withheld the answer from a question about any
# wife or girl; it got the urgent reply alone.
@pytest.mark.parametrize("text", ["can a wife be trafficked by her husband",
                                  "can a girl be trafficked by her boyfriend",
                                  "can a boy be trafficked by his father"])
def test_a_question_about_any_wife_or_child_gets_the_answer_too(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert "utter_faq/who_traffickers" in names, names
    assert texts[0].startswith(evaluate.HOTLINE) or names == ["utter_faq/who_traffickers"]


# --- Session 55: a few words about one of those people, right after that answer -------

@pytest.mark.parametrize("entry", entries(CONFIG, "follow_ups"))
def test_each_follow_up_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions.follow_ups, entry)


def after(topic, text, intent="out_of_scope"):
    message = classified(text, intent)
    if topic:
        message.set("metadata", {PREVIOUS_TOPIC: topic})
    return message


@pytest.mark.parametrize("text", ["what about a boyfriend", "even family?", "and friends?",
                                  "boyfriends?", "how about their own parents"])
def test_right_after_the_answer_a_follow_up_gets_it_again(marker, text):
    [message] = marker.process([after("who_traffickers", text)])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == (
        "faq/who_traffickers")


@pytest.mark.parametrize("topic, text", [
    (None, "what about a boyfriend"),               # nothing answered before
    ("who_victims", "what about a boyfriend"),      # another answer before
    ("who_traffickers", "what about my boyfriend"),  # tells of someone: a blocker
    ("who_traffickers", "what about the money they make"),
    ("who_victims", "what about women"),           # of victims, after their answer
    # A gender word alone is no follow-up: it may be danger (session 61).
    ("who_traffickers", "men are coming"),
    ("who_traffickers", "man is here"),
])
def test_otherwise_a_follow_up_is_left_alone(marker, topic, text):
    [message] = marker.process([after(topic, text)])
    assert message.get(TRAFFICKER_RELATION) is None
    assert message.get("intent")["name"] == "out_of_scope"


def test_a_follow_up_the_classifier_called_urgent_is_marked_for_the_safety_net(marker):
    [message] = marker.process([after("who_traffickers", "boyfriends?", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(MARKED_TOPIC) == "who_traffickers"


@pytest.mark.parametrize("text", ["men are coming", "man is here"])
def test_with_the_trained_model_a_gender_word_alone_keeps_the_hotline(agent, text):
    turns = LOOP.run_until_complete(evaluate.conversation(agent, ["who are the traffickers", text]))
    assert evaluate.HOTLINE in turns[1][0][0], turns[1]


@pytest.mark.parametrize("text", ["what about a boyfriend", "what about friends", "boyfriends?",
                                  # Session 61: the share of women among victims.
                                  "can it be a woman", "women too?", "what about men",
                                  # Session 62: the answer about minors.
                                  "can it be a parent"])
def test_with_the_trained_model_a_follow_up_gets_who_the_traffickers_are(agent, text):
    turns = LOOP.run_until_complete(evaluate.conversation(agent, ["who are the traffickers", text]))
    assert "utter_faq/who_traffickers" in turns[1][1], turns[1][1]
