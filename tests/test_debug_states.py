"""assistant/runtime/debug_states.py: RulePolicy writes out the dialogue states for its
debug line only when debug logging is on, and answers the same either way (the
conversation tests need `make train`)."""
import asyncio
import logging

import pytest
import structlog
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.utils.log_utils import configure_structlog

from assistant.runtime import debug_states
from rasa_changes import MODEL, assert_only_the_start_point_installs, conversations
from test_dialogue_states import LONG
from tools import evaluate

STATES = [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]


@pytest.fixture
def structlog_config():
    """Lets a test configure structlog as Rasa does, and puts it back afterwards."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


def rasa_logging(level: int) -> None:
    """structlog as `rasa run` configures it (with --debug for DEBUG), except that no
    logger keeps this level after the test (Rasa caches each logger on first use)."""
    configure_structlog(level)
    structlog.configure(cache_logger_on_first_use=False)


@pytest.mark.parametrize("level, logged", [(logging.INFO, False), (logging.WARNING, False),
                                           (logging.DEBUG, True)])
def test_the_states_are_written_out_exactly_when_rasas_logging_would_log_them(
        structlog_config, level, logged):
    rasa_logging(level)
    assert debug_states.debug_lines_logged() is logged
    expected = Policy.format_tracker_states(STATES) if logged else debug_states.SKIPPED
    assert debug_states.format_tracker_states(STATES) == expected


def test_unfiltered_structlog_writes_them_out(structlog_config):
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.NOTSET))
    assert debug_states.format_tracker_states(STATES) == Policy.format_tracker_states(STATES)


@pytest.mark.parametrize("level, written", [(logging.INFO, False), (logging.DEBUG, True)])
def test_a_conversation_writes_them_out_only_with_debug_logging(
        monkeypatch, structlog_config, level, written):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    agent = evaluate.load_agent(MODEL)  # installs the change, as the tools do
    assert RulePolicy.format_tracker_states is debug_states.format_tracker_states
    rasa_logging(level)
    calls = []
    monkeypatch.setattr(debug_states, "_rasa_format_tracker_states",
                        lambda states: calls.append(states) or "")
    loop = asyncio.new_event_loop()
    try:
        for text in LONG[:6]:
            loop.run_until_complete(agent.handle_text(text, sender_id="debug-states"))
    finally:
        loop.close()
    assert bool(calls) is written
    if written:
        assert len(calls) >= 12  # two predictions a turn at least


def test_the_assistant_answers_the_same_as_with_rasas_own_debug_line(monkeypatch,
                                                                     structlog_config):
    rasa_logging(logging.INFO)
    talks = {name: conversations(monkeypatch, RulePolicy, "format_tracker_states",
                                 staticmethod(method), [LONG])
             for name, method in [("rasa", Policy.format_tracker_states),
                                  ("ours", debug_states.format_tracker_states)]}
    assert talks["ours"] == talks["rasa"]


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.debug_states",
        "from rasa.core.policies.rule_policy import RulePolicy; "
        "print(RulePolicy.format_tracker_states.__module__)",
        "rasa.core.policies.policy")
