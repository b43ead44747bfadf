"""A message that is a link, or a link with a few words (assistant/nlu/links.py): the
component, and the reply with the trained model (`make test` trains first)."""
import asyncio

import pytest

from assistant.nlu.links import LinkMatcher, is_link_message
from conftest import classified, nlu_examples, our_messages, real_messages
from tools import evaluate

LOOP = asyncio.new_event_loop()
MAX_WORDS = LinkMatcher.get_default_config()["max_words"]


@pytest.mark.parametrize("text", ["http://example.com/job-offer",
                                  "https://www.facebook.com/jobs/12345",
                                  "bit.ly/3xYz", "www.example.org",
                                  "example.com/jobs",
                                  "is this legit? https://example.com/offer",
                                  "what do you think of this ad https://example.org/ad/123",
                                  "HTTPS://EXAMPLE.COM/A"])
def test_a_link_with_at_most_a_few_words_matches(text):
    assert is_link_message(text, MAX_WORDS)


@pytest.mark.parametrize("text", ["what is human trafficking", "ok.thanks", "the U.S.",
                                  # A company's name (tests/real_world_dev.yml has one).
                                  "do you agree with backpage.com's allegations?",
                                  "e.g. hotels", "i.e. forced labour", "is it 24/7",
                                  # A longer message tells more, for the classifier.
                                  "my sister answered this ad https://example.com/x and "
                                  "now she is abroad and they took her passport"])
def test_other_messages_do_not(text):
    assert not is_link_message(text, MAX_WORDS)


def test_examples_of_share_link_match_and_no_other_message_of_ours_or_real_one_does():
    """Every example of the lookup intent in data/nlu.yml matches; none of our other
    messages, and no message of either real set (session 47)."""
    assert all(is_link_message(t, MAX_WORDS) for t in nlu_examples("data/nlu.yml",
                                                                   intent="share_link"))
    assert [t for t in our_messages(other_than="share_link") if is_link_message(t, MAX_WORDS)] == []
    assert [t for t in real_messages("real_world") if is_link_message(t, MAX_WORDS)] == []
    assert [t for t in real_messages("real_world_dev") if is_link_message(t, MAX_WORDS)] == []


def test_a_match_sets_the_intent_with_certainty_and_nothing_else_ranked():
    [message] = LinkMatcher({}).process([classified("http://example.com/job", "urgent_help", 0.54)])
    assert message.get("intent") == {"name": "share_link", "confidence": 1.0}
    assert message.get("intent_ranking") == [{"name": "share_link", "confidence": 1.0}]


# --- With the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


# Session 47: "Please call it now", "my sources don't cover that", "Sorry, I didn't
# understand that".
@pytest.mark.parametrize("text", ["http://example.com/job-offer",
                                  "https://www.facebook.com/jobs/12345", "bit.ly/3xYz",
                                  "is this legit https://example.com/apply"])
def test_a_link_gets_that_the_assistant_cant_open_it_with_the_hotline(agent, text):
    texts, names = LOOP.run_until_complete(evaluate.bot_turn(agent, text))
    assert names == ["utter_link"], names
    assert "can't open links" in texts[0] and evaluate.HOTLINE in texts[0]


def test_a_plea_with_a_link_is_urgent(agent):
    texts, names = LOOP.run_until_complete(
        evaluate.bot_turn(agent, "help me please https://example.com/x"))
    assert names[0] == "utter_urgent", names
