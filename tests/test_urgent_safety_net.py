"""The Rasa component around the lexicon, without a trained model."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.readings import SPELLING_CORRECTED_TEXT
from assistant.nlu.urgent_safety_net import URGENT_LEANED, URGENT_MATCH, UrgentSafetyNet
from assistant.staff.explain import safety_net
from conftest import classified, load_yaml, nlu_examples


@pytest.fixture(scope="module")
def net(lexicon):
    return UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)


def test_overrules_the_classifier_and_records_the_pattern(net):
    [message] = net.process([classified("he took my passport", "faq")])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "urgent_help"
    assert message.get(URGENT_MATCH) == {
        "category": "documents_taken",
        "pattern": "take * passport",
        "classifier_said": "faq",
        "reply": "urgent",
    }
    assert URGENT_MATCH in message.as_dict(only_output_properties=True)


@pytest.mark.parametrize("decision", ["answer", "button"])
def test_a_question_it_will_answer_keeps_its_answer_after_the_urgent_reply(net, decision):
    text = "is it trafficking if my boss took my passport"
    [message] = net.process([classified(text, "faq", decision=decision)])
    assert message.get("intent") == {"name": "faq", "confidence": 0.9}
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]
    assert message.get(URGENT_MATCH)["reply"] == "urgent, then the answer"


@pytest.mark.parametrize("decision", [None, "suggest", "no topic fits"])
def test_a_question_it_would_not_answer_becomes_urgent(net, decision):
    [message] = net.process([classified("they beat me", "faq", decision=decision)])
    assert message.get("intent")["name"] == "urgent_help"
    assert not message.get("entities")


def test_overrules_the_nlu_fallback(net):
    [message] = net.process([classified("pls help", "nlu_fallback", 0.3)])
    assert message.get("intent")["name"] == "urgent_help"


def test_leaves_questions_alone(net):
    [message] = net.process([classified("what is forced labour?", "faq")])
    assert message.get("intent")["name"] == "faq"
    assert message.get(URGENT_MATCH) is None


def test_never_lowers_an_urgent_classification(net):
    [message] = net.process([classified("the van outside", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"


# Session 52: "they took my pasport" matched no pattern; the classifier's speller
# corrected it, and the safety net reads that too.
def test_matches_the_message_with_its_misspelt_words_corrected(net):
    message = classified("they took my pasport", "out_of_scope")
    message.set(SPELLING_CORRECTED_TEXT, "they took my passport")
    [message] = net.process([message])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(URGENT_MATCH)["pattern"] == "take * passport"


def test_a_corrected_reading_that_matches_nothing_changes_nothing(net):
    message = classified("what is the palermo protocal", "faq")
    message.set(SPELLING_CORRECTED_TEXT, "what is the palermo protocol")
    [message] = net.process([message])
    assert message.get("intent")["name"] == "faq" and message.get(URGENT_MATCH) is None


def test_empty_message(net):
    [message] = net.process([Message(data={"text": ""})])
    assert message.get(URGENT_MATCH) is None


# --- Issue #13: an urgent question gets the hotline first, and its answer ---------------

def with_topics(message, *ranking):
    message.set("response_selector", {"faq": {
        "response": {"intent_response_key": f"faq/{ranking[0][0]}", "confidence": ranking[0][1]},
        "ranking": [{"intent_response_key": f"faq/{t}", "confidence": p} for t, p in ranking],
    }}, add_to_output=True)
    return message


def answer_of(message):
    return message.get("response_selector")["faq"]["response"]["utter_action"]


def test_an_urgent_question_with_a_clear_topic_gets_the_answer_after_the_hotline(net):
    text = "how do I know if the woman cleaning my house is being forced to work?"
    message = with_topics(classified(text, "urgent_help", 1.0),
                          ("warning_signs", 0.9), ("labour_trafficking", 0.05))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]
    assert answer_of(message) == "utter_faq/warning_signs"
    assert message.get(URGENT_MATCH)["reply"] == "urgent, then the answer"


def test_the_classifier_alone_calling_a_question_urgent_also_keeps_its_answer(net):
    message = with_topics(classified("why do they stay with the man who sells them?",
                                     "urgent_help", 0.8), ("leaving_hard", 0.95))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "faq"
    assert [e["value"] for e in message.get("entities")] == ["urgent_help"]
    assert answer_of(message) == "utter_faq/leaving_hard"


@pytest.mark.parametrize("text, classifier_said, decision", [
    ("how do I get out", "urgent_help", None),
    ("how can i escape?", "faq", "answer"),
    ("so how do i leave without him knowing?", "urgent_help", None),
])
def test_asking_how_to_get_out_oneself_gets_the_urgent_reply_alone(net, text, classifier_said,
                                                                   decision):
    # "how do I get out" had got the hotline, then that escaping is extremely difficult
    # and dangerous (session 35).
    message = with_topics(classified(text, classifier_said, 1.0, decision=decision),
                          ("leaving_hard", 0.95))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert not message.get("entities")


# Session 42: "send help to 12 main street" got the hotline, then how to help others
# ("raise awareness, advocate, donate"): the urgent reply, which says the assistant
# can't send help, is the whole answer.
@pytest.mark.parametrize("text", ["send help to 12 main street", "can you send help?"])
def test_asking_the_assistant_to_send_help_gets_the_urgent_reply_alone(net, text):
    message = with_topics(classified(text, "faq", 0.7, decision="answer"),
                          ("how_to_help", 0.95))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert not message.get("entities")
    assert message.get(URGENT_MATCH)["category"] == "asking_the_assistant_to_act"


def test_asking_how_others_get_out_is_still_answered(net):
    message = with_topics(classified("how do victims get out when he watches her?",
                                     "urgent_help", 0.9), ("leaving_hard", 0.95))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "faq"
    assert answer_of(message) == "utter_faq/leaving_hard"


def test_a_worried_question_about_someone_gets_the_warning_signs(net):
    # No topic clearly fits; the category says what answers a worried question.
    message = with_topics(classified("has the boy at the car wash been trafficked?", "urgent_help"),
                          ("who_victims", 0.4), ("who_traffickers", 0.3))
    [message] = net.process([message])
    assert message.get(URGENT_MATCH)["category"] == "concern_for_someone"
    assert answer_of(message) == "utter_faq/warning_signs"


def test_a_worried_question_decided_out_of_scope_gets_the_urgent_reply_alone(net):
    # Session 36: "can I get in trouble for being trafficked?" (the classifier: out of
    # scope) got the warning signs after the urgent reply, an answer to another question.
    message = with_topics(classified("can i get in trouble for being trafficked?", "out_of_scope"),
                          ("who_victims", 0.4), ("who_traffickers", 0.3))
    [message] = net.process([message])
    assert message.get(URGENT_MATCH)["category"] == "concern_for_someone"
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert not message.get("entities")


def test_a_torn_question_loses_its_suggestions_when_it_is_answered(net):
    message = with_topics(classified("how do I know if my friend is being forced to work?",
                                     "nlu_fallback", 0.45), ("warning_signs", 0.85))
    message.set("entities", [{"entity": "suggestion_1", "value": "a"},
                             {"entity": "suggestion_2", "value": "b"}], add_to_output=True)
    [message] = net.process([message])
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]


@pytest.mark.parametrize("text", [
    "he took my passport",              # a disclosure, not a question
    "he took my passport what now?",    # a question, but no topic fits clearly
])
def test_a_disclosure_or_a_question_without_a_clear_topic_gets_the_urgent_reply(net, text):
    message = with_topics(classified(text, "faq", decision="suggest"),
                          ("coercion", 0.6), ("effects", 0.3))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}
    assert not message.get("entities")


def test_a_plain_statement_the_classifier_calls_urgent_is_left_urgent(net):
    message = with_topics(classified("they are watching me", "urgent_help"), ("coercion", 0.99))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "urgent_help"
    assert not message.get("entities")


def test_a_question_asking_how_to_recognise_it_gets_the_warning_signs(net):
    # The topic probabilities are spread thin; the opening says what is asked.
    text = "How do I know if the man washing dishes next door is being forced to work?"
    message = with_topics(classified(text, "urgent_help", 1.0),
                          ("labour_trafficking", 0.3), ("who_fights", 0.25))
    [message] = net.process([message])
    assert message.get(URGENT_MATCH)["category"] == "forced_work_or_sex"
    assert answer_of(message) == "utter_faq/warning_signs"


@pytest.mark.parametrize("text", ["What are your opening times?", "how does that work"])
def test_a_general_question_only_the_classifier_calls_urgent_gets_the_fallback(net, text):
    message = with_topics(classified(text, "urgent_help", 0.8), ("how_many", 0.5))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get(URGENT_MATCH) is None


# Session 56: "does it happen at truck stops" got "Sorry, I didn't understand that".
def test_such_a_question_naming_a_subject_the_sources_do_not_cover_gets_out_of_scope(net):
    message = classified("does it happen at truck stops", "urgent_help", 0.89)
    message.set("uncovered_subject", "truck stop", add_to_output=True)
    [message] = net.process([message])
    assert message.get("intent")["name"] == "out_of_scope"
    assert message.get(URGENT_MATCH) is None


# Session 49: "and fishing boats?", after the answer on labour trafficking, got
# "Please call it now" alone: a few words after "and", asking about what came before.
@pytest.mark.parametrize("text", ["and fishing boats?", "and nail salons?", "also farms?"])
def test_a_fragment_after_and_only_the_classifier_calls_urgent_gets_the_fallback(net, text):
    [message] = net.process([classified(text, "urgent_help", 0.99)])
    assert message.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", [
    "and my kids?",  # a person
    "and no passport?",  # the lexicon
    "and fishing boats",  # no "?": more of what is happening
    "and then they locked the door?",  # more than a few words
])
def test_a_fragment_naming_someone_or_telling_more_stays_urgent(net, text):
    [message] = net.process([classified(text, "urgent_help", 0.99)])
    assert message.get("intent")["name"] == "urgent_help"


def test_no_urgent_message_of_ours_is_such_a_fragment(lexicon):
    texts = (load_yaml("tests/urgent_messages.yml")["messages"]
             + nlu_examples("data/nlu.yml", intent="urgent_help")
             + nlu_examples("tests/nlu_holdout.yml", intent="urgent_help"))
    assert [t for t in texts if lexicon.is_fragment_follow_up(t)] == []


# Session 46: a plea naming no one that only the classifier called urgent ("how to
# escape", "can you tell me how to get out") got the fallback; it stays urgent.
@pytest.mark.parametrize("text", ["how to escape", "can you tell me how to get out",
                                  "where to get help"])
def test_a_plea_only_the_classifier_calls_urgent_stays_urgent(net, text):
    message = with_topics(classified(text, "urgent_help", 0.9), ("leaving_hard", 0.5))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "urgent_help"


# Session 41: "my boss keeps my passport. is that trafficking?" got the urgent reply
# alone: the question was the last sentence, not the opening.
@pytest.mark.parametrize("text", ["my boss keeps my passport. is that trafficking?",
                                  "he took my id and makes me work, is it trafficking?"])
def test_a_disclosure_ending_in_is_that_trafficking_gets_what_it_is_after_the_hotline(net,
                                                                                      text):
    message = with_topics(classified(text, "urgent_help", 1.0), ("coercion", 0.4))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "faq"
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]
    assert answer_of(message) == "utter_faq/what_is"


@pytest.mark.parametrize("text", ["they locked us in. is this trafficking",  # asks nothing
                                  "my boss hurts me. how do i get out?"])   # no such opening
def test_other_last_sentences_leave_the_urgent_reply_alone(net, text):
    message = with_topics(classified(text, "urgent_help", 1.0), ("coercion", 0.4))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}


# Session 41: "where does that happen", after the answer on labour trafficking, got
# "Please call it now" first (the classifier called it urgent, 0.9). Session 42: so did
# "and in the US?", after the answer on who the victims are (lower-cased, "us").
@pytest.mark.parametrize("text", ["where does that happen", "Where does this happen?",
                                  "and in the US?"])
def test_a_bare_follow_up_only_the_classifier_calls_urgent_gets_its_answer(net, text):
    message = with_topics(classified(text, "urgent_help", 0.9), ("where", 0.95))
    [message] = net.process([message])
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    assert answer_of(message) == "utter_faq/where"
    assert not message.get("entities") and message.get(URGENT_MATCH) is None


@pytest.mark.parametrize("text", [
    "what happens if the girls at the massage place can't leave?",  # names people, a place
    "is it trafficking if the boss keeps the passports?",           # the lexicon's opening
    "where do they go?",                                            # names a person
    "and us?",                                                      # names a person
])
def test_a_question_that_tells_of_someone_keeps_the_urgent_reply_first(net, text):
    message = with_topics(classified(text, "urgent_help", 0.9), ("leaving_hard", 0.95))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "faq"
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]


@pytest.mark.parametrize("text", [
    "where are they keeping her?",       # names a person
    "nobody knows where i am",           # not a question
])
def test_a_personal_question_or_statement_the_classifier_calls_urgent_stays_urgent(net, text):
    message = with_topics(classified(text, "urgent_help", 0.7), ("where", 0.5))
    [message] = net.process([message])
    assert message.get("intent")["name"] == "urgent_help"


# --- Session 32: an unsure classifier that leaned urgent ---------------------------------

def fell_back(text, *ranking):
    """A message FallbackClassifier marked `nlu_fallback`, over the classifier's ranking."""
    message = classified(text, "nlu_fallback", 0.4)
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4}]
                + [{"name": n, "confidence": p} for n, p in ranking], add_to_output=True)
    return message


def test_a_statement_the_unsure_classifier_leaned_urgent_on_gets_the_urgent_reply(net):
    text = "the truth was that we were quietly suffering"
    [message] = net.process([fell_back(text, ("urgent_help", 0.55), ("out_of_scope", 0.45))])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}


def test_a_general_question_the_unsure_classifier_leaned_urgent_on_keeps_the_fallback(net):
    text = "what are your hours of operation?"
    [message] = net.process([fell_back(text, ("urgent_help", 0.5), ("out_of_scope", 0.42))])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_a_fallback_that_leaned_elsewhere_or_understood_nothing_stays_the_fallback(net):
    [leaned_elsewhere] = net.process([fell_back("we went to the beach", ("out_of_scope", 0.5),
                                                ("urgent_help", 0.45))])
    [nothing] = net.process([fell_back("kjhkjh")])
    assert leaned_elsewhere.get("intent")["name"] == "nlu_fallback"
    assert nothing.get("intent")["name"] == "nlu_fallback"


def test_the_lean_is_recorded_for_the_staff_line(net):
    [message] = net.process([fell_back("we were quietly suffering", ("urgent_help", 0.55),
                                       ("out_of_scope", 0.45))])
    assert message.get(URGENT_LEANED) == 0.55
    parse_data = message.as_dict(only_output_properties=True)
    assert safety_net(parse_data) == "safety net: classifier unsure, urgent_help likeliest (0.55)"


# --- Session 44: a topic a marker's list of ways of asking recorded ---------------------

def marked(message, topic):
    message.set("marked_topic", topic, add_to_output=True)
    return message


def test_a_marked_question_naming_no_one_gets_its_answer_alone(net):
    text = "does this happen to men"
    [message] = net.process([marked(fell_back(text, ("urgent_help", 0.85), ("faq", 0.12)),
                                    "who_victims")])
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    assert answer_of(message) == "utter_faq/who_victims"
    assert not message.get("entities")


def test_a_marked_message_naming_someone_gets_the_answer_after_the_urgent_reply(net):
    [message] = net.process([marked(classified("im a guy. does this happen to men",
                                               "urgent_help", 0.84), "who_victims")])
    assert message.get("intent")["name"] == "faq"
    assert answer_of(message) == "utter_faq/who_victims"
    assert [e["entity"] for e in message.get("entities")] == ["safety_net"]


def test_a_plea_or_a_lexicon_match_keeps_the_urgent_reply_first(net):
    [plea] = net.process([marked(classified("how do i get out, im a guy", "urgent_help"),
                                 "who_victims")])
    [matched] = net.process([marked(classified("does this happen to men? he locks me in",
                                               "urgent_help"), "who_victims")])
    assert plea.get("intent")["name"] == "urgent_help" and not plea.get("entities")
    assert matched.get(URGENT_MATCH) is not None
    assert [e["entity"] for e in matched.get("entities")] == ["safety_net"]
