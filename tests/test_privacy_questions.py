"""Questions about the chat itself (knowledge/privacy.yml), and what the assistant
answers them. Fast: no trained model (tests/test_model.py has the end-to-end cases)."""
import pytest

from assistant.nlu.privacy_questions import (
    PRIVACY_QUESTION,
    PrivacyQuestionMatcher,
    PrivacyQuestions,
)
from assistant.nlu.urgent_safety_net import SAFETY_NET_ENTITY, UrgentSafetyNet
from conftest import (
    HOTLINE, ROOT, assert_pattern_matches_its_example, classified, entries, load_yaml,
    nlu_examples, our_messages, pattern_list,
)

CONFIG = load_yaml("knowledge/privacy.yml")


@pytest.fixture(scope="module")
def questions(nlp):
    return pattern_list(PrivacyQuestions, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(questions, entry):
    # ...and the example is a privacy question as a whole, not cleared by an exception.
    assert_pattern_matches_its_example(questions, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "not_privacy"))
def test_each_exception_clears_its_example(questions, entry):
    assert questions.find(entry["example"]) is None


def test_every_privacy_example_in_the_training_data_is_found(questions):
    examples = nlu_examples("data/nlu.yml", intent="ask_privacy")
    assert len(examples) >= 15
    assert [e for e in examples if questions.find(e) is None] == []


def test_the_held_out_privacy_questions_are_found(questions):
    # Written before the patterns (though the patterns were written with them in view),
    # so this guards against losing them; new held-out questions should be written by
    # someone who has not read the patterns.
    held_out = nlu_examples("tests/nlu_holdout.yml", intent="ask_privacy")
    assert [e for e in held_out if questions.find(e) is None] == []


def test_no_other_example_or_real_message_is_taken_for_a_privacy_question(questions):
    texts = (our_messages(other_than="ask_privacy")
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    assert [t for t in texts if questions.find(t) is not None] == []


@pytest.mark.parametrize("text", [
    "can i report anonymously?",          # about reporting: it keeps its answer
    "is reporting to the hotline anonymous?",
    "why does he keep messaging me",
    "he reads my messages",
    "can you share information about trafficking",
    "is someone actually reading this",   # is a person answering? (bot_challenge)
    "what do traffickers do with the money",
    # Too wide once: "who can see", "you save", "clear this", "you log" alone.
    "who can see the signs of trafficking?",
    "who can read about this in my sources?",
    "how can you save a victim?",
    "can you clear this up for me?",
    "how do you log in?",
    "how do I record this abuse as evidence?",
    "is it safe to leave",
    # Session 50: where one is, asked of someone else, is no question about the chat.
    "he knows where i am",
    "does my boss know my location",
    "how do traffickers hide their victims",
    "",
])
def test_other_questions_are_not_privacy_questions(questions, text):
    assert questions.find(text) is None


@pytest.mark.parametrize("text", ["is dis chat private??", "do u save my msgs or messages",
                                  "IS THIS CONFIDENTIAL"])
def test_text_speak_and_capitals(questions, text):
    assert questions.find(text) is not None


# --- The Rasa component -------------------------------------------------------------------

@pytest.fixture(scope="module")
def matcher(questions):
    return PrivacyQuestionMatcher(PrivacyQuestionMatcher.get_default_config(), questions)


def test_a_privacy_question_gets_its_intent_whatever_the_classifier_said(matcher):
    [message] = matcher.process([classified("do you save my messages?", "bot_challenge", 0.93)])
    assert message.get("intent") == {"name": "ask_privacy", "confidence": 1.0}
    # Nothing else ranked: bot_challenge at 0.93 beside it was a near tie that
    # FallbackClassifier answered with "Sorry, I didn't understand".
    assert message.get("intent_ranking") == [{"name": "ask_privacy", "confidence": 1.0}]


def test_what_the_classifier_called_urgent_stays_urgent_for_the_safety_net(matcher):
    [message] = matcher.process([classified("is this chat private, he is outside", "urgent_help")])
    assert message.get("intent")["name"] == "urgent_help"
    assert message.get(PRIVACY_QUESTION) == "this * private"


def test_anything_else_is_left_alone(matcher):
    [message] = matcher.process([classified("what is smuggling", "faq")])
    assert message.get("intent")["name"] == "faq"


@pytest.fixture(scope="module")
def net(lexicon):
    return UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)


@pytest.mark.parametrize("text, classifier_said, layer", [
    ("he took my passport, is this chat private?", "faq", "documents_taken"),
    ("he took my passport, is this chat private?", "urgent_help", "documents_taken"),
    ("can my boyfriend see what i write here?", "urgent_help", "urgent_help"),
    # Session 55: "Please call it now" alone; the fear it may tell keeps the urgent reply.
    ("will they know i messaged you", "urgent_help", "urgent_help"),
])
def test_a_privacy_question_that_is_urgent_too_gets_the_urgent_reply_then_its_answer(
        matcher, net, text, classifier_said, layer):
    [message] = net.process(matcher.process([classified(text, classifier_said)]))
    assert message.get("intent")["name"] == "ask_privacy"
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        (SAFETY_NET_ENTITY, layer)]


def test_a_general_privacy_question_only_the_classifier_called_urgent_gets_its_answer(
        matcher, net):
    # As "what are your hours?" gets the fallback rather than "Please call it now": its
    # answer carries the hotline.
    [message] = net.process(matcher.process([classified("is this chat private?", "urgent_help")]))
    assert message.get("intent")["name"] == "ask_privacy"
    assert not message.get("entities")


# --- What the reply says, and that it stays true ----------------------------------------------

def privacy_replies(domain):
    return {variant.get("channel", "default"): variant["text"]
            for variant in domain["responses"]["utter_privacy"]}


def test_the_reply_carries_the_hotline_on_every_channel(domain):
    replies = privacy_replies(domain)
    assert set(replies) == {"default", "twilio"}
    assert all(HOTLINE in text for text in replies.values())


def test_an_hour_is_how_long_every_conversation_store_keeps_a_quiet_conversation(domain):
    # The reply says "an hour after your last message"; if a store's setting changes,
    # the reply must change with it.
    assert all("an hour after your last" in text for text in privacy_replies(domain).values())
    assert domain["session_config"]["session_expiration_time"] == 60
    for endpoints in ("endpoints.yml", "deploy/endpoints.yml"):
        assert load_yaml(endpoints)["tracker_store"]["forget_after_minutes"] == 60, endpoints


def test_the_widget_keeps_the_chat_in_the_tab_and_quick_exit_erases_it(domain):
    widget = (ROOT / "widget" / "src" / "widget.js").read_text(encoding="utf-8")
    assert "sessionStorage.setItem" in widget and "localStorage" not in widget
    assert "sessionStorage.removeItem" in widget
    assert '"Quick exit"' in widget and '"Escape"' in widget
    reply = privacy_replies(domain)["default"]
    assert "Quick exit" in reply and "Esc twice" in reply and "browser tab" in reply
