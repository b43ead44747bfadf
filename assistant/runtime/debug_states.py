"""RulePolicy's debug line of the dialogue states, written out only when debug
logging is on.

Before every prediction (two a turn) Rasa's RulePolicy writes every dialogue state of
the conversation so far into one string (`Policy.format_tracker_states`) and hands it
to a debug log call. When debug logging is off, as `rasa run` and `make run` have it,
structlog drops the call without reading it, but the string was built first: work
that grows with the conversation (one line per past action), for a line nobody sees.
With the tracker copy (assistant/runtime/tracker_copy.py), in process: 3.4-4.3 ->
2.5 ms a turn at the 60th, 5.0-5.9 -> 3.8-4.1 ms at the 100th (docs/performance.md).

`use()` gives RulePolicy a `format_tracker_states` that writes the states out with
Rasa's own method when structlog would log a debug line (the `--debug` flag, or no
filtering configured), and returns `SKIPPED` otherwise. Nothing else reads it (its
only caller is that debug line in RulePolicy), so the predictions are Rasa's own;
tests/test_debug_states.py checks both cases and whole conversations.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import logging
from typing import Dict, List, Text

import structlog
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy

logger = logging.getLogger(__name__)

_rasa_format_tracker_states = Policy.format_tracker_states
SKIPPED = "(not written out: debug logging is off)"
# What a structlog logger filtered above DEBUG has for `debug`: a method that does
# nothing (the same function for every level that filters it).
_DROPPED = structlog.make_filtering_bound_logger(logging.CRITICAL).debug


def debug_lines_logged() -> bool:
    """Whether structlog, as configured now, would log a debug line."""
    wrapper = structlog.get_config()["wrapper_class"]
    return getattr(wrapper, "debug", None) is not _DROPPED


def format_tracker_states(states: List[Dict]) -> Text:
    """Rasa's `format_tracker_states`, when its debug line would be logged."""
    if debug_lines_logged():
        return _rasa_format_tracker_states(states)
    return SKIPPED


def use() -> None:
    """Give RulePolicy the lazy debug line (see the module's text)."""
    if RulePolicy.__dict__.get("format_tracker_states") is None:
        RulePolicy.format_tracker_states = staticmethod(format_tracker_states)
        logger.info("The rule policy writes out the dialogue states for its debug line "
                    "only when debug logging is on (assistant/runtime/debug_states.py).")
