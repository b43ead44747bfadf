"""Questions about how the hotline works (knowledge/hotline.yml,
assistant/nlu/hotline_questions.py): the list, the component, the safety net's part,
the reply, and the trained assistant end to end (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.hotline_questions import (
    HOTLINE_QUESTION,
    OTHER_COUNTRY_QUESTION,
    HotlineMentionMatcher,
    HotlineMentions,
    HotlineQuestionMatcher,
    HotlineQuestions,
    NUMBER_REQUEST,
    NumberRequestMatcher,
    NumberRequests,
    OtherCountryMatcher,
    OtherCountryQuestions,
)
from assistant.nlu.pattern_lookup import expand
from assistant.nlu.readings import PREVIOUS_HOTLINE
from assistant.nlu.urgent_safety_net import SAFETY_NET_ENTITY, UrgentSafetyNet
from assistant.nlu.word_patterns import WordReader
from assistant.usage.outcome import OUT_OF_SCOPE, classify
from conftest import (
    HOTLINE, ROOT, assert_pattern_matches_its_example, classified, entries, load_yaml,
    nlu_examples, our_messages, pattern_list, real_messages, taken_over,
)
from tools import evaluate

CONFIG = load_yaml("knowledge/hotline.yml")
MODEL = ROOT / "models" / "assistant.tar.gz"


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(HotlineQuestions, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "not_this_hotline"))
def test_another_help_line_or_the_police_is_not_this_hotline(questions, entry):
    assert_pattern_matches_its_example(questions, entry, as_a_whole=False,
                                       among=questions.blockers)
    assert questions.find(entry["example"]) is None


def test_every_hotline_example_in_the_training_data_is_found(questions):
    examples = nlu_examples("data/nlu.yml", intent="ask_hotline")
    assert len(examples) >= 15
    assert [e for e in examples if questions.find(e) is None] == []


def test_no_question_about_trafficking_and_no_urgent_message_of_ours_matches(questions):
    # (Our out-of-scope examples include questions about the hotline's services.)
    hotline = set(nlu_examples("data/nlu.yml", intent="ask_hotline")
                  + nlu_examples("tests/nlu_holdout.yml", intent="ask_hotline"))
    texts = our_messages(other_than="out_of_scope")
    assert [t for t in texts if t not in hotline and questions.find(t) is not None] == []


@pytest.mark.parametrize("text", [
    "what's the hotline number?",          # the number: how_to_report answers it
    "is there a hotline for trafficking",
    "how do I report trafficking?",
    "who answers for these crimes?",
    "what happens to victims?",
    # "is it free?" was here as too vague to tell; since session 36 it is read as
    # asking about the number every reply about help gives (knowledge/hotline.yml).
    "is it bad?",                          # names nothing: too vague to tell
    "is it free work if they pay nothing",  # not about the number
    "",
])
def test_other_questions_are_not_hotline_questions(questions, text):
    assert questions.find(text) is None


# Session 58: "my sources don't cover that".
def test_asking_whether_the_number_is_open_all_the_time_is_a_hotline_question(questions):
    assert questions.find("is the number 24/7") is not None


@pytest.mark.parametrize("text", ["can i report anonymously?", "can i make an anonymous report"])
def test_reporting_without_ones_name_is_a_hotline_question(questions, text):
    # Until session 55 "can i report anonymously?" kept the answer on how to report,
    # which says nothing of it; the sources' only way to report is calling the hotline,
    # and its reply says they don't say whether one must give one's name.
    assert questions.find(text) is not None


# --- The Rasa components ------------------------------------------------------------------

@pytest.fixture(scope="module")
def matcher(questions):
    return HotlineQuestionMatcher(HotlineQuestionMatcher.get_default_config(), questions)


def test_a_hotline_question_gets_its_intent_whatever_the_classifier_said(matcher):
    [message] = matcher.process([classified("is the hotline anonymous?", "out_of_scope", 0.8)])
    assert message.get("intent") == {"name": "ask_hotline", "confidence": 1.0}
    assert message.get(HOTLINE_QUESTION) == "hotline * anonymous"


def test_what_the_classifier_called_urgent_stays_urgent_for_the_safety_net(matcher):
    [message] = matcher.process([classified("he hits me, is the hotline free", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"


# Session 57: right after a reply giving the number to call, "what will they do" asks
# about the hotline (it had got how trafficking harms victims); only then, and only in
# a few words.
@pytest.mark.parametrize("entry", entries(CONFIG, "follow_ups"))
def test_each_follow_up_matches_its_example(questions, entry):
    assert_pattern_matches_its_example(questions.follow_ups, entry)


def after_the_number(text, intent="faq", confidence=0.87):
    message = classified(text, intent, confidence)
    message.set("metadata", {PREVIOUS_HOTLINE: True})
    return message


def test_a_follow_up_right_after_the_number_is_about_the_hotline(matcher):
    [message] = matcher.process([after_the_number("what will they do")])
    assert message.get("intent") == {"name": "ask_hotline", "confidence": 1.0}
    assert message.get(HOTLINE_QUESTION) == "what will they do"


def test_a_follow_up_as_a_first_message_or_in_more_words_is_left_alone(matcher):
    [first] = matcher.process([classified("what will they do", "faq", 0.87)])
    [longer] = matcher.process([after_the_number("what do they do to people who escape")])
    assert first.get("intent")["name"] == longer.get("intent")["name"] == "faq"
    assert first.get(HOTLINE_QUESTION) is None and longer.get(HOTLINE_QUESTION) is None


def test_the_other_lists_of_the_file_have_no_follow_ups(nlp):
    assert [pattern_list(c, nlp).follow_ups for c in (
        NumberRequests, HotlineMentions)] == [None, None]


# Session 62: right after a reply giving the number to call, a country named in a few
# words asks for a number there ("what about canada" had got "my sources don't cover
# that").
@pytest.mark.parametrize("entry", entries(CONFIG, "other_country_follow_ups"))
def test_each_other_country_follow_up_matches_its_example(other_countries, entry):
    assert_pattern_matches_its_example(other_countries.follow_ups, entry)


def test_a_country_right_after_the_number_asks_for_a_number_there(other_countries):
    matcher = OtherCountryMatcher(OtherCountryMatcher.get_default_config(), other_countries)
    [after] = matcher.process([after_the_number("what about canada?", "out_of_scope")])
    [first] = matcher.process([classified("what about canada?", "out_of_scope", 0.9)])
    [longer] = matcher.process([after_the_number("i was in india when they took me",
                                                 "urgent_help")])
    [of_someone] = matcher.process([after_the_number("what about the girls from india",
                                                     "out_of_scope")])
    assert after.get("intent") == {"name": "ask_other_country", "confidence": 1.0}
    assert first.get("intent")["name"] == "out_of_scope"
    assert longer.get("intent")["name"] == "urgent_help"
    assert of_someone.get("intent")["name"] == "out_of_scope"


@pytest.fixture(scope="module")
def mentions(nlp):
    return pattern_list(HotlineMentions, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG, "mentions"))
def test_each_mention_matches_its_example(mentions, entry):
    assert_pattern_matches_its_example(mentions, entry)


@pytest.mark.parametrize("text, classifier_said, intent", [
    ("are the people on the hotline trained", "out_of_scope", "ask_hotline"),
    ("what is the trafficking hotline", "faq", "faq"),                  # its answer stands
    ("i called the hotline and they hit me", "urgent_help", "urgent_help"),
    # Since session 35 the police alone do not make it another line: this asks how the
    # hotline works, which the hotline reply says the sources don't tell.
    ("is the hotline run by the police", "out_of_scope", "ask_hotline"),
    ("is the police hotline open at night", "out_of_scope", "out_of_scope"),  # not this one
    ("is the runaway hotline open late", "out_of_scope", "out_of_scope"),
    ("how many victims are there in ohio", "out_of_scope", "out_of_scope"),
])
def test_only_a_message_decided_out_of_scope_that_names_the_hotline_is_about_it(
        mentions, text, classifier_said, intent):
    component = HotlineMentionMatcher(HotlineMentionMatcher.get_default_config(), mentions)
    [message] = component.process([classified(text, classifier_said)])
    assert message.get("intent")["name"] == intent
    assert (message.get(HOTLINE_QUESTION) == "hotline") == (intent == "ask_hotline")


@pytest.fixture(scope="module")
def net(lexicon):
    return UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)


@pytest.mark.parametrize("text, classifier_said", [
    ("he took my passport, is the hotline anonymous?", "out_of_scope"),
    ("he took my passport, is the hotline anonymous?", "urgent_help"),
])
def test_an_urgent_hotline_question_gets_the_urgent_reply_then_its_answer(matcher, net, text,
                                                                          classifier_said):
    [message] = net.process(matcher.process([classified(text, classifier_said)]))
    assert message.get("intent")["name"] == "ask_hotline"
    assert [e["entity"] for e in message.get("entities")] == [SAFETY_NET_ENTITY]


def test_the_usage_report_counts_it_as_out_of_scope():
    outcome = classify({"intent": {"name": "ask_hotline"}, "entities": []})
    assert (outcome.outcome, outcome.detail) == (OUT_OF_SCOPE, "about the hotline")


def test_the_reply_gives_the_number_first_and_says_the_sources_stop_there(domain):
    [variant] = domain["responses"]["utter_hotline"]
    assert variant["text"].startswith(HOTLINE)
    assert "don't say how the hotline works" in variant["text"]
    assert variant["metadata"]["facts"] == ["hotline"]


# --- A number in another country (session 35) -------------------------------------------

@pytest.fixture(scope="module")
def other_countries(nlp):
    return pattern_list(OtherCountryQuestions, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG, "other_countries"))
def test_each_other_country_pattern_matches_its_example(other_countries, entry):
    assert_pattern_matches_its_example(other_countries, entry)


def test_every_other_country_example_in_the_training_data_is_found(other_countries):
    examples = nlu_examples("data/nlu.yml", intent="ask_other_country")
    assert len(examples) >= 5
    assert [e for e in examples if other_countries.find(e) is None] == []


def test_no_question_of_ours_about_trafficking_or_the_hotline_asks_for_another_country(
        other_countries):
    texts = our_messages(other_than="ask_other_country")
    assert [t for t in texts if other_countries.find(t) is not None] == []


@pytest.mark.parametrize("entry", entries(CONFIG, "not_a_phone_number"))
def test_a_count_is_not_a_phone_number(other_countries, entry):
    assert_pattern_matches_its_example(other_countries, entry, as_a_whole=False,
                                       among=other_countries.exceptions)
    assert other_countries.find(entry["example"]) is None


@pytest.mark.parametrize("text", [
    "how many people are trafficked in the US?",    # the country, asked about
    "what is the hotline number",
    "is trafficking worse in the us or in europe",
    "what is the us law on trafficking",
    "does trafficking only happen in america",  # where it happens (session 63)
])
def test_a_question_about_the_united_states_is_not_one(other_countries, text):
    assert other_countries.find(text) is None


def test_the_other_country_matcher_names_its_pattern(other_countries):
    component = OtherCountryMatcher(OtherCountryMatcher.get_default_config(), other_countries)
    [message] = component.process([classified("what's the number for the UK", "out_of_scope")])
    assert message.get("intent") == {"name": "ask_other_country", "confidence": 1.0}
    # The list entry, as written in knowledge/hotline.yml (session 36: one entry stands
    # for every country of its `names`).
    assert message.get(OTHER_COUNTRY_QUESTION) == "number * {country}"


@pytest.mark.parametrize("text", [
    # Session 36: only the UK, Canada, Australia and India were named; these got the
    # general reply, with the U.S. number as if it served everywhere.
    "what is the trafficking hotline number in england",
    "is there a helpline in ireland?",
    "who do I call in New Zealand",
    "how do i report trafficking in the philippines",
    "Is there a Scotland helpline?",
    "calling from germany, what number",
])
def test_each_named_country_is_asked_about(other_countries, text):
    assert other_countries.find(text) is not None


def test_a_pattern_stands_for_one_pattern_per_name_and_keeps_its_text(nlp):
    reader = WordReader(nlp)
    names = {"country": ["ireland", "new zealand"], "city": ["paris"]}
    patterns = expand(reader, {"pattern": "hotline * {country}"}, "x", names)
    assert [p.words for p in patterns] == [("hotline", "*", "ireland"),
                                           ("hotline", "*", "new", "zealand")]
    assert {p.text for p in patterns} == {"hotline * {country}"}
    assert [p.words for p in expand(reader, "hotline", "x", names)] == [("hotline",)]
    with pytest.raises(ValueError):
        expand(reader, {"pattern": "{city} * {country}"}, "x", names)


@pytest.mark.parametrize("text", [
    "is trafficking a problem in wales",
    "how many people are trafficked in nigeria",
    "what are the trafficking numbers in mexico",
    "the number of victims in the philippines",
    "how many reported cases are there in the uk",
    "what's it called in india",
    "what is the law on trafficking in ireland",
])
def test_a_question_about_trafficking_in_another_country_is_not_asking_for_a_number(
        other_countries, text):
    assert other_countries.find(text) is None


def test_the_other_country_reply_says_whose_number_it_is_and_that_there_is_no_other(domain):
    [variant] = domain["responses"]["utter_other_country"]
    assert HOTLINE in variant["text"]
    assert "U.S. Department of Justice" in variant["text"]
    assert "no number for other countries" in variant["text"]


# --- Asking for the number itself (session 49) -----------------------------------------

@pytest.fixture(scope="module")
def number_requests(nlp):
    return pattern_list(NumberRequests, nlp)


@pytest.fixture(scope="module")
def number_matcher(number_requests):
    return NumberRequestMatcher(NumberRequestMatcher.get_default_config(), number_requests)


@pytest.mark.parametrize("entry", entries(CONFIG, "number_requests"))
def test_each_number_request_matches_its_example(number_requests, entry):
    assert_pattern_matches_its_example(number_requests, entry)


@pytest.mark.parametrize("text", ["what is the number of victims in the us",
                                  "give me the numbers on trafficking",
                                  "what is the number one cause of trafficking",
                                  "what's the number for the suicide hotline"])
def test_a_count_a_rank_or_another_line_is_no_request_for_the_number(number_requests, text):
    assert number_requests.find(text) is None


def test_which_messages_of_ours_and_of_the_real_sets_ask_for_the_number(number_matcher):
    """When the list was written (session 49), each read as out of scope: four of our
    messages, which in the assistant keep their own reply (the classifier answers how
    to report, or the matcher for another country runs after this one), and one
    message of the choosing set, which the classifier answers how to report (with the
    urgent reply first): no reply changed. Session 62's "live agent" finds one held-out
    example of asking for a person, which the classifier calls urgent, and so it stays
    (the urgent reply, with the number first): no reply changed either."""
    def found(texts):
        return taken_over(number_matcher, NUMBER_REQUEST, texts, intent="out_of_scope")

    assert found(our_messages()) == [
        "what is the hotline number in my country",  # ask_other_country
        "what's the hotline number",  # faq/how_to_report, data/nlu.yml
        "transfer me to a live agent",  # urgent_help, tests/nlu_holdout.yml (request_human)
        "what is the number for the trafficking hotline",  # faq/how_to_report
        "what's the hotline number"]  # faq/how_to_report, tests/nlu_holdout.yml
    assert found(real_messages("real_world")) == []
    assert found(real_messages("real_world_dev")) == [
        "Mom, what’s the number to call when you suspect that someone is being trafficked?"]


@pytest.mark.parametrize("text, classifier_said, intent", [
    ("can you give me the number", "faq", "request_human"),
    ("what is the number again", "out_of_scope", "request_human"),
    # Already urgent: the safety net answers it, with the number first.
    ("help me whats the number", "urgent_help", "urgent_help"),
])
def test_asking_for_the_number_gets_the_reply_with_the_hotline(number_matcher, text,
                                                               classifier_said, intent):
    [message] = number_matcher.process([classified(text, classifier_said)])
    assert message.get("intent")["name"] == intent


def test_the_answer_on_how_to_report_which_gives_the_number_first_stays(number_matcher):
    message = classified("what's the hotline number?", "faq")
    message.set("response_selector", {"faq": {"response": {
        "intent_response_key": "faq/how_to_report"}}})
    [message] = number_matcher.process([message])
    assert message.get("intent")["name"] == "faq"
    assert message.get(NUMBER_REQUEST) is None


# --- With the trained model -----------------------------------------------------------

LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


@pytest.mark.parametrize("text, names", [
    ("is the hotline anonymous?", ["utter_hotline"]),
    ("Who answers when I call?", ["utter_hotline"]),
    ("I'm scared, is the hotline anonymous?", ["utter_urgent", "utter_hotline"]),
    ("what's the hotline number?", ["utter_faq/how_to_report"]),
    ("is the child abuse hotline free?", ["utter_out_of_scope"]),
    ("does the hotline have volunteers?", ["utter_hotline"]),
    # Fear of calling (session 35): the first got "Please call it now" alone, the
    # second "my sources don't cover that". The urgent lexicon reads "call * police" as
    # asking for help, so the urgent reply comes first there, as it does in danger.
    ("will the hotline call the police on me?", ["utter_urgent", "utter_hotline"]),
    ("Will I get in trouble if I call?", ["utter_hotline"]),
    ("my boss has my passport, will i be deported if i call?", ["utter_urgent", "utter_hotline"]),
    # Reporting is calling this number in the sources (session 36): it got "Please call
    # it now" alone.
    ("will i be deported if i report?", ["utter_urgent", "utter_hotline"]),
    # Session 48: the first got "Please call it now" alone, the second "my sources don't
    # cover that".
    ("will they send the police", ["utter_urgent", "utter_hotline"]),
    ("will they tell the police?", ["utter_hotline"]),
    # Calling the police is not calling this hotline: no word on how the hotline works.
    ("what happens if I call the police?", ["utter_urgent"]),
    # Another country (session 35): the general "my sources don't cover that", with a
    # U.S. number as if it served everywhere.
    ("I'm not in the US, what number do I call?", ["utter_other_country"]),
    ("what's the number for the UK", ["utter_other_country"]),
    ("i'm in canada and my boss took my passport, is there a hotline in canada?",
     ["utter_urgent", "utter_other_country"]),
    ("is there a helpline in ireland?", ["utter_other_country"]),
    # Session 62: "my sources don't cover that... call 1-888-373-7888".
    ("who do i call in saudi arabia", ["utter_other_country"]),
    # Session 63: "my sources don't cover that... call 1-888-373-7888" (twice), that the
    # sources don't say how the hotline works.
    ("is it only for the us", ["utter_other_country"]),
    ("i dont live in the us", ["utter_other_country"]),
    ("is the hotline only for the US?", ["utter_other_country"]),
    # Asking for the number itself (session 49): the first got how many victims there
    # are, the second "my sources don't cover that".
    ("can you give me the number", ["utter_human"]),
    ("what is the number again", ["utter_human"]),
    # Session 62: "my sources don't cover that".
    ("live agent", ["utter_human"]),
    ("is there a live chat?", ["utter_human"]),
    # Session 50: how to report, which does not say what happens after a report.
    ("what happens after i report", ["utter_hotline"]),
    # Session 57: "my sources don't cover that", and how to report.
    ("can i stay anonymous if i report my boss", ["utter_hotline"]),
    ("i reported it, what now", ["utter_hotline"]),
])
def test_the_assistant_end_to_end(agent, text, names):
    texts, said = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert said == names, (text, said)
    assert texts[0].startswith(HOTLINE) or HOTLINE in texts[0]


def reply_right_after(agent, first, follow_up):
    """The texts and response names of the reply to `follow_up`, said right after `first`
    in a new conversation."""
    sender = f"hotline-after-{first}-{follow_up}"
    LOOP.run_until_complete(evaluate.bot_turn(agent, first, sender))
    return LOOP.run_until_complete(evaluate.bot_turn(agent, follow_up, sender))


# Session 57: "what will they do", after the answer on how to report, got how
# trafficking harms victims, "what happens then" "I'm not sure what you mean"; after
# the urgent reply too. As a first message it keeps its reading.
@pytest.mark.parametrize("first, follow_up", [
    ("how do i report trafficking", "what will they do"),
    ("how do i report trafficking", "what happens then"),
    ("my sister is being forced to work", "what will they do"),
    ("is the hotline free", "then what?"),
    # Session 62: "my sources don't cover that".
    ("how do i report trafficking", "can i email them"),
    ("how do i report trafficking", "do they have a website?"),
    ("how do i report trafficking", "can i do it online"),
])
def test_what_they_will_do_right_after_the_number_is_about_the_hotline(agent, first, follow_up):
    _, said = reply_right_after(agent, first, follow_up)
    assert said == ["utter_hotline"], said


# Session 62: "will i be sent back", after the urgent reply, got it again with no word on
# the question. The fear it tells keeps the urgent reply first.
@pytest.mark.parametrize("first, follow_up", [
    ("my aunt brought me here to work in her house", "will i be sent back"),
    ("how do i report trafficking", "will they send me back?"),
])
def test_fear_of_being_sent_back_right_after_the_number_gets_what_the_sources_say(
        agent, first, follow_up):
    texts, said = reply_right_after(agent, first, follow_up)
    assert said == ["utter_urgent", "utter_hotline"], said
    assert texts[0].startswith(HOTLINE)


@pytest.mark.parametrize("first, follow_up", [
    ("im in the uk who do i call", "what about canada"),
    ("im in the uk who do i call", "and australia?"),
    ("how do i report trafficking", "in the uk?"),
    ("my boss has my passport", "im in canada"),
    ("whats the hotline number", "does it work in mexico"),
])
def test_a_country_right_after_the_number_gets_the_reply_for_another_country(
        agent, first, follow_up):
    texts, said = reply_right_after(agent, first, follow_up)
    assert said == ["utter_other_country"], said
    assert HOTLINE in texts[0]


def test_a_country_as_a_first_message_keeps_its_reading(agent):
    _, said = LOOP.run_until_complete(evaluate.bot_turn(agent, "what about india"))
    assert said != ["utter_other_country"], said


def test_what_they_will_do_as_a_first_message_is_not(agent):
    _, said = LOOP.run_until_complete(evaluate.bot_turn(agent, "what will they do"))
    assert said != ["utter_hotline"], said


# Session 43: after saying calling isn't safe, "can i message instead" got "call it to
# talk to a person".
def test_asking_to_message_instead_after_saying_calling_is_unsafe(agent):
    sender = "cannot-call-then-message"
    LOOP.run_until_complete(evaluate.bot_turn(agent, "i cant call, he checks my phone", sender))
    texts, said = LOOP.run_until_complete(evaluate.bot_turn(agent, "can i message instead", sender))
    assert said == ["utter_hotline"], said
    assert "They don't say how the hotline works" in texts[0]
