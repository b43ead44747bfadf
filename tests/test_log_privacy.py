"""assistant/runtime/log_privacy.py: no log line carries what a person wrote."""
import logging
import subprocess
import sys

import pytest

from assistant.runtime.log_privacy import REDACTED, Redactor, domain_names
from conftest import ROOT

SECRET = "Maria Lopez 555 0142"


@pytest.fixture(scope="module")
def redactor():
    return Redactor(domain_names())


@pytest.mark.parametrize("line", [
    f"Received user message '{SECRET}' with intent '{{'name': 'faq'}}'",
    f'rest.message.received.failure text="{SECRET}"',
    f"{{\"event\": \"rest.message.received.failure\", \"text\": \"{SECRET}\"}}",
    f"An exception occured while handling user message '{SECRET}'.",
    f"Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: {SECRET}",
    f"rasa.shared.exceptions.RasaException: bad text {SECRET}",
])
def test_user_text_is_removed(redactor, line):
    cleaned = redactor.message(line)
    assert "Maria" not in cleaned and "0142" not in cleaned
    assert REDACTED in cleaned


@pytest.mark.parametrize("line", [
    "Predicted next action 'utter_greet' with confidence 1.00.",
    "Current slot values: 'suggestion_1': 'None'",
    "Action 'action_listen' ended with events '[]'.",
    "Received user message with intent 'faq' and entities '[]'",
    "Starting Rasa server on http://0.0.0.0:5005",
    '{"event": "processor.actions.log", "level": "debug", "action_name": "utter_faq"}',
])
def test_the_assistants_own_names_stay(redactor, line):
    assert redactor.message(line) == line


def test_an_exception_keeps_its_type_and_frames_not_its_message(redactor):
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise ValueError(f"while reading {SECRET}") from inner
    except ValueError:
        text = redactor.traceback(sys.exc_info())
    assert "Maria" not in text
    assert "KeyError" in text and "ValueError" in text and "test_log_privacy.py" in text


def test_installed_every_logger_is_redacted_even_with_handlers_added_later():
    # In a fresh interpreter: install() changes the whole process's logging.
    code = f"""
import logging, sys, warnings
from assistant.runtime import log_privacy
log_privacy.install()
logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(message)s")
logging.getLogger("rasa.core.processor").debug("Received user message '%s'", {SECRET!r})
logging.getLogger("any.library").error("failed on %r", {SECRET!r})
try:
    raise RuntimeError({SECRET!r})
except RuntimeError:
    logging.getLogger("rasa.core.channels.rest").exception("failure text=%r", {SECRET!r})
warnings.warn("could not parse '{SECRET}'")
print("done")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    output = result.stdout + result.stderr
    assert "done" in output and "RuntimeError" in output and "Traceback" in output
    assert "Maria" not in output and "0142" not in output, output


def test_not_installed_by_importing_it():
    code = ("import logging; import assistant.runtime.log_privacy as p; "
            "print(p.installed(), logging.getLogRecordFactory() is logging.LogRecord)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_a_server_not_started_by_the_start_point_warns():
    code = """
import asyncio, logging, sys, types
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
from assistant.runtime.warm_up import warm_up
asyncio.run(warm_up(types.SimpleNamespace(ctx=types.SimpleNamespace())))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "NOT redacted" in out
