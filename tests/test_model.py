"""The trained assistant, end to end (needs `make train`; `make test` trains first).

These are the acceptance numbers: held-out accuracy >= 95%, urgent recall 100%,
false-urgent rate <= 5%, and the hotline even with the action server down.
"""
import asyncio

import pytest

from conftest import HOTLINE, ROOT
from tools import evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"


@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


# One event loop for the module: the agent's components are bound to it.
LOOP = asyncio.new_event_loop()


def run(coroutine):
    return LOOP.run_until_complete(coroutine)


def test_held_out_accuracy_is_at_least_95_percent(agent):
    report = run(evaluate.holdout_report(agent, evaluate.read_holdout()))
    print(f"\nheld-out accuracy {report.accuracy:.1%}; misses: {report.errors}")
    assert report.accuracy >= 0.95, report.errors


def test_every_urgent_message_gets_the_hotline_first(agent):
    messages = evaluate.read_yaml_list(evaluate.URGENT_MESSAGES, "messages")
    assert len(messages) >= 100
    report = run(evaluate.urgent_report(agent, messages))
    print(f"\nurgent recall {report.recall:.1%}; caught by {dict(report.caught_by)}")
    assert report.missed == []


def test_few_ordinary_questions_are_treated_as_urgent(agent):
    questions = evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions")
    assert len(questions) >= 100
    rate, wrong = run(evaluate.false_urgent(agent, questions))
    print(f"\nfalse-urgent rate {rate:.1%}: {wrong}")
    assert rate <= 0.05, wrong


def test_urgent_gets_the_hotline_with_the_action_server_down(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    # Nothing listens on port 9: any call to the action server would fail.
    endpoints.write_text('action_endpoint:\n  url: "http://127.0.0.1:9/webhook"\n')
    agent = evaluate.load_agent(MODEL, endpoints=endpoints)
    for text in ["help", "they took my passport", "what is human trafficking?", "asdfgh"]:
        replies = run(evaluate.first_reply(agent, text))
        assert replies, text
    assert run(evaluate.first_reply(agent, "they took my passport"))[0].startswith(HOTLINE)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01", "<img src=x onerror=alert(1)>", "a" * 20000,
     "¿Qué es la trata de personas?", "🙂🙂🙂"],
)
def test_bad_input_gets_a_reply(agent, text):
    replies = run(evaluate.first_reply(agent, text))
    assert replies and all(r for r in replies), text


@pytest.mark.parametrize("text", ["asdfgh", "kjhkjh", "qwerty", "zzz", "xyz 123"])
def test_keyboard_mashing_gets_the_fallback_with_the_hotline(agent, text):
    # Not greeted, thanked or said goodbye to: the assistant says it did not understand.
    parsed = run(agent.parse_message(text))
    assert parsed["intent"]["name"] == "nlu_fallback", parsed["intent"]
    replies = run(evaluate.first_reply(agent, text))
    assert replies[0].startswith("Sorry, I didn't understand") and HOTLINE in replies[0]
