"""SMS shaping (assistant/channels/sms_text.py) and the SMS channel's own checks; no server."""
import pytest
from twilio.request_validator import RequestValidator

from assistant.channels import sms_text
from assistant.channels.sms_channel import SmsInput, conversation_id, keyword
from conftest import HOTLINE, load_yaml


def test_typographic_characters_become_gsm7():
    text = sms_text.plain("\u201cIt\u2019s\u201d \u2013 a test\u2026")
    assert text == "\"It's\" - a test..."
    assert sms_text.is_gsm7(text)


@pytest.mark.parametrize("text, expected", [
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("€" * 80, 1), ("é" * 160, 1), ("ж" * 70, 1), ("ж" * 71, 2), ("🙂" * 35, 1),
])
def test_segments_count_like_a_phone(text, expected):
    assert sms_text.segments(text) == expected


def test_split_breaks_after_sentences_and_keeps_every_word():
    sentences = [f"Sentence number {i} says something fairly ordinary here." for i in range(20)]
    text = " ".join(sentences)
    parts = sms_text.split(text)
    assert all(len(p) <= sms_text.MAX_MESSAGE_CHARS for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text


def test_split_cuts_words_and_endless_strings_when_it_must():
    parts = sms_text.split("x" * 1000)
    assert [len(p) for p in parts] == [320, 320, 320, 40]
    assert "".join(parts) == "x" * 1000


def test_buttons_become_numbered_choices_and_payloads_stay_hidden():
    buttons = [{"title": "Forms", "payload": "/faq/forms"}, {"title": "Help", "payload": "/help"}]
    [message] = sms_text.shape([{"text": "Pick one.", "buttons": buttons}])
    assert message == "Pick one.\n\nReply with a number:\n1: Forms\n2: Help"
    assert "/" not in message


def test_a_long_text_with_buttons_sends_the_choices_apart():
    buttons = [{"title": f"Choice {i}", "payload": "x"} for i in range(3)]
    messages = sms_text.shape([{"text": "word " * 60, "buttons": buttons}])
    assert len(messages) == 2 and messages[1].startswith("Reply with a number")


def test_a_reply_never_exceeds_1600_characters():
    messages = sms_text.shape([{"text": "Long sentence here. " * 400}])
    assert sum(len(m) for m in messages) <= sms_text.MAX_REPLY_CHARS
    assert all(len(m) <= sms_text.MAX_MESSAGE_CHARS for m in messages)


def test_every_reply_the_sms_channel_can_send_fits():
    """What the domain gives the `twilio` channel: its variant, else the default."""
    for name, variants in load_yaml("domain.yml")["responses"].items():
        sms_variants = [v for v in variants if v.get("channel") == "twilio"]
        for variant in sms_variants or [v for v in variants if not v.get("channel")]:
            for message in sms_text.shape([variant]):
                assert len(message) <= sms_text.MAX_MESSAGE_CHARS, name
                assert sms_text.is_gsm7(message), name
            if sms_variants:
                assert len(variant["text"]) <= sms_text.MAX_MESSAGE_CHARS, name
                assert sms_text.is_gsm7(variant["text"]), name


def test_sms_variants_of_safety_replies_keep_the_hotline():
    for name, variants in load_yaml("domain.yml")["responses"].items():
        for variant in variants:
            if variant.get("channel") == "twilio" and name in ("utter_default", "utter_capabilities"):
                assert HOTLINE in variant["text"], name


def test_conversation_ids_are_keyed_stable_and_hide_the_number():
    a = conversation_id("+15555550142", "secret-1")
    assert a == conversation_id("+15555550142", "secret-1")
    assert a != conversation_id("+15555550143", "secret-1")
    assert a != conversation_id("+15555550142", "secret-2")
    assert "5555550142" not in a and a.startswith("sms-")


@pytest.mark.parametrize("text, word", [
    ("STOP", "STOP"), (" stop ", "STOP"), ("Stop.", "STOP"), ("help", "HELP"),
    ("stop hurting me", "STOPHURTINGME"), ("x" * 50, ""),
])
def test_keywords_are_whole_messages(text, word):
    assert keyword(text) == word


def test_each_response_has_a_default_and_at_most_one_sms_variant():
    # The SMS variants live in domain.yml next to the default text they shorten: at most
    # one for each set of conditions, and (session 40: the calmer fallback after
    # something urgent) a conditional one only beside a variation for all channels with
    # the same conditions.
    domain = load_yaml("domain.yml")["responses"]

    def conditions(variant):
        return tuple(sorted((c["name"], str(c["value"])) for c in variant.get("condition") or []))

    for name, variants in domain.items():
        channels = [v.get("channel") for v in variants]
        sms = [conditions(v) for v in variants if v.get("channel") == "twilio"]
        assert len(sms) == len(set(sms)), name
        assert sms.count(()) <= 1, name
        for_all = {conditions(v) for v in variants if v.get("channel") is None}
        assert set(sms) <= for_all | {()}, name
        assert None in channels, f"{name} has no default for the other channels"


class FakeRequest:
    def __init__(self, url, path, query_string, signature):
        self.url, self.path, self.query_string = url, path, query_string
        self.headers = {"X-Twilio-Signature": signature}


def test_behind_a_proxy_the_public_url_is_what_is_verified(monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "token")
    monkeypatch.setenv("SMS_ID_SECRET", "secret")
    channel = SmsInput(public_base_url="https://assistant.example.org/")
    fields = {"From": "+15555550142", "Body": "hi"}
    public = "https://assistant.example.org/webhooks/twilio/webhook?x=1"
    internal = "http://127.0.0.1:5005/webhooks/twilio/webhook?x=1"
    for signed_for, genuine in [(public, True), (internal, False)]:
        signature = RequestValidator("token").compute_signature(signed_for, fields)
        request = FakeRequest(internal, "/webhooks/twilio/webhook", "x=1", signature)
        assert channel.signed_url(request) == public
        assert channel.is_genuine(request, fields) is genuine


def test_without_its_secrets_the_channel_refuses_everything(monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.delenv("SMS_ID_SECRET", raising=False)
    url = "http://127.0.0.1:5005/webhooks/twilio/webhook"
    signature = RequestValidator("").compute_signature(url, {})
    request = FakeRequest(url, "/webhooks/twilio/webhook", "", signature)
    assert SmsInput().is_genuine(request, {}) is False


def test_accented_letters_gsm7_lacks_lose_the_accent_and_the_rest_stay():
    # The Portuguese reply to a Portuguese message would otherwise go as UCS-2.
    assert sms_text.plain("Desculpe, só posso responder em inglês, você") == \
        "Desculpe, so posso responder em ingles, voce"
    assert sms_text.plain("Désolé, ça à è ñ ü") == "Désolé, ca à è ñ ü"
    assert sms_text.is_gsm7(sms_text.plain("Ação, être, PERCHÉ, Œuvre"))
