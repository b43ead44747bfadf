"""Rasa's per-message work made cheaper, with the same answers: the changes every
start point installs, in one place.

Each module below replaces one piece of Rasa 3.6.21 for the whole process; importing
it changes nothing, its `use()` does, and each is tested against Rasa's own on whole
conversations (tests/test_<module>.py). `use()` here installs them all, so the server
(`assistant/__main__.py`), the staff shell and the tools that load the model
(`tools/evaluate.load_agent`) run the same assistant, and a new change is added once:

- graph_runner: the model runs with the ordered graph runner instead of dask;
- dialogue_states: the dialogue states the rule policy reads are continued from the
  last turn, not replayed from the conversation's start on every prediction;
- rule_lookup: the rule policy reads each rule once, not on every prediction;
- domain_check: a domain with content is checked for emptiness once;
- debug_states: the rule policy writes out the states for its debug line only when
  debug logging is on;
- tracker_copy: the tracker each action gets is copied as it stands, not rebuilt
  event by event;
- applied_events: a conversation's applied events (those no undo or restart took
  back) are continued from the last call, not recomputed from the first event.

docs/performance.md has what each saved.
"""
from assistant.runtime import (
    applied_events, debug_states, dialogue_states, domain_check, graph_runner, rule_lookup,
    tracker_copy,
)

SUMMARY = ("ordered graph runner, dialogue states per turn, rules read once, domain checked "
           "once, states written out for debug lines only, trackers copied as they stand, "
           "applied events continued from the last call")


def use() -> None:
    """Install every change above (each `use()` installs its change once)."""
    graph_runner.use()
    dialogue_states.use()
    rule_lookup.use()
    domain_check.use()
    debug_states.use()
    tracker_copy.use()
    applied_events.use()
