"""Keeps what people write out of every log line, Rasa's own included.

Rasa logs user text in places: its REST channel logs a failed message's text at ERROR
with the traceback, its DEBUG lines quote each message ("Received user message '...'"),
structlog events carry `text=...`, and an exception's message can hold whatever it
was given. Someone in danger may write their name, address or phone number; none of
it may reach a log file, a terminal or a log collector.

`install()` replaces the logging module's record factory, so every record any logger
creates is cleaned before any handler sees it, whatever handlers Rasa, coloredlogs or a
deployment add later:

- every quoted string ('...' or "...") becomes '<redacted>', unless it is a name the
  assistant itself defines (the domain's intents, actions, responses, entities and
  slots, snake_case identifiers such as `utter_greet`, structlog's event names such
  as `processor.message.parse`, Rasa's own field names and log levels, and
  strings with no letter or digit, such as '[]');
- an exception keeps its type and its traceback's frames, not its message;
- a line that looks like the last line of a traceback ("ValueError: ...") loses what
  follows the type (structlog renders tracebacks into the message itself);
- Python warnings go through logging (`logging.captureWarnings`), so through the same.

It does not know which text is the user's; it removes everything that could be. A
debugging session loses the quoted values, not the shape of the log. It is started by
the assistant's one start point, `python -m assistant` (assistant/__main__.py).
"""
from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path
from typing import Any, Callable, FrozenSet, Iterable, Optional

from assistant import yaml_files


ROOT = Path(__file__).resolve().parents[2]
REDACTED = "<redacted>"

# Field names Rasa and its libraries quote in their own log lines.
RASA_KEYS = frozenset(
    """text intent entities entity name confidence event timestamp metadata value start
    end extractor role group processors input_channel message_id parse_data id type
    response responses ranking intent_ranking response_selector default sender
    sender_id action policy events slots slot bot user session_started action_listen
    rest socketio twilio cmdline utf-8 ascii None True False null true false level
    debug info warning error critical exception""".split()
)
IDENTIFIER = re.compile(
    r"[A-Za-z]+(?:_[A-Za-z0-9]+)+(?:/[A-Za-z0-9_]+)?"  # utter_faq/what_is, sender_id
    r"|[a-z_]+(?:\.[a-z_]+){2,}"  # structlog event names: rest.message.received.failure
)
QUOTED = re.compile(r"""(?<![A-Za-z0-9])'([^'\n]*)'|"((?:[^"\\\n]|\\.)*)\"""")
EXCEPTION_LINE = re.compile(
    r"^(\s*(?:[A-Za-z_][\w.]*\.)?[A-Za-z_]\w*(?:Error|Exception|Warning|Exit)):.*$",
    re.MULTILINE,
)


def domain_names(domain_file: Path = ROOT / "domain.yml") -> FrozenSet[str]:
    """The names the domain defines: none of them is something a user wrote."""
    try:
        domain = yaml_files.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    except OSError:
        return frozenset()
    names = set()
    for key in ("intents", "entities", "actions", "forms"):
        for item in domain.get(key) or []:
            names.update(item if isinstance(item, dict) else [item])
    for key in ("slots", "responses"):
        names.update(domain.get(key) or {})
    return frozenset(str(n) for n in names)


class Redactor:
    """Removes from a log message whatever could be a user's words."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = frozenset(allowed) | RASA_KEYS

    def _keep(self, quoted: str) -> bool:
        return (quoted in self.allowed or bool(IDENTIFIER.fullmatch(quoted))
                or not any(c.isalnum() for c in quoted))

    def _quoted(self, match: "re.Match[str]") -> str:
        single, double = match.group(1), match.group(2)
        inner = single if single is not None else double
        if inner == "" or self._keep(inner):
            return match.group(0)
        return f"'{REDACTED}'" if single is not None else f'"{REDACTED}"'

    def message(self, text: str) -> str:
        text = QUOTED.sub(self._quoted, text)
        return EXCEPTION_LINE.sub(lambda m: f"{m.group(1)}: {REDACTED}", text)

    @staticmethod
    def traceback(exc_info: Any) -> str:
        """The traceback's frames and exception types, without their messages."""
        exc_type, value, tb = exc_info
        formatted = traceback.TracebackException(exc_type, value, tb)
        seen = set()
        stack = [formatted]
        while stack:  # the exception and every one it was raised from or during
            current = stack.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            current._str = REDACTED  # the message, as format() prints it
            stack += [current.__cause__, current.__context__]
        return "".join(formatted.format()).rstrip("\n")


_installed: Optional[Callable[..., logging.LogRecord]] = None


def install(domain_file: Path = ROOT / "domain.yml") -> None:
    """From now on, every log record in this process is redacted as it is made."""
    global _installed
    if _installed is not None:
        return
    redactor = Redactor(domain_names(domain_file))
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            record.msg = redactor.message(record.getMessage())
        except Exception:  # a message that cannot be formatted is not shown at all
            record.msg = f"<a log message from {record.name} that could not be shown>"
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redactor.traceback(record.exc_info)
        return record

    logging.setLogRecordFactory(redacted_record)
    logging.captureWarnings(True)
    _installed = redacted_record


def installed() -> bool:
    return _installed is not None
