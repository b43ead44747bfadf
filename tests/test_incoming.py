"""assistant/channels/incoming.py: what every channel does to text before Rasa reads it."""
import pytest

from assistant.channels.incoming import MAX_MESSAGE_CHARS, TOO_LONG, user_text


@pytest.mark.parametrize("sent, read", [
    ("what is trafficking?", "what is trafficking?"),
    ("  hi  ", "hi"),
    ("/restart", "restart"),
    ("//faq/what_is", "faq/what_is"),
    ("/ /urgent_help", "urgent_help"),
    ("", ""),
    ("x" * MAX_MESSAGE_CHARS, "x" * MAX_MESSAGE_CHARS),
])
def test_text_is_read_without_leading_commands(sent, read):
    assert user_text(sent) == read


@pytest.mark.parametrize("sent", ["x" * (MAX_MESSAGE_CHARS + 1), "help " * 200_000])
def test_a_message_over_the_cap_is_not_read(sent):
    assert user_text(sent) == TOO_LONG


def test_a_channel_may_pass_its_own_commands():
    assert user_text("/greet", commands={"/greet"}) == "/greet"
    assert user_text("/greet") == "greet"


def test_the_too_long_command_names_the_fallback_and_an_entity_the_domain_has(domain):
    assert TOO_LONG.startswith("/nlu_fallback{")
    assert "too_long" in domain["entities"]
    assert "1-888-373-7888" in domain["responses"]["utter_too_long"][0]["text"]
