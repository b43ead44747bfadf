"""The dialogue states of a conversation, computed once per turn instead of from the
start on every prediction.

Before every prediction, Rasa's RulePolicy asks the domain for the state after each
past action of the conversation (`Domain.states_for_tracker_history`). Rasa builds
them by replaying the whole conversation on a new tracker, event by event, twice per
turn, so a turn costs more the longer the conversation: measured in process with the
project's store (`make profile`'s set-up), 4.8 ms at the first turn, 8.7 ms at the
12th, 15 ms at the 30th and 26 ms at the 60th; at the 80th, the replay alone took
35 ms a turn (docs/performance.md). A long SMS or staff-shell conversation then
holds the server's one event loop for everyone.

`use()` replaces that method with one that keeps, on the tracker, how far it got: the
replayed tracker, the states so far and the two flags the method carries from one
step to the next. The next call continues from there, and replays only the events
added since. It computes each state with Rasa's own code, in Rasa's order, so the
states are the same; it starts again from the beginning whenever the applied events
no longer begin with the ones it replayed (an undone turn, a restart, a new session,
a tracker rebuilt from the store) or the domain or options differ. When the events
added since are plain ones (no undo, restart, new session or form), it does not ask
Rasa for the applied events at all, which also reads the whole conversation. After:
5.0 ms at the 6th turn, 5.7 at the 12th, 8.0 at the 30th, 12 at the 60th (what was
left growing was Rasa's own: the session-expiry check, and the tracker copy each
action gets, since made by assistant/runtime/tracker_copy.py).

tests/test_dialogue_states.py checks the states against Rasa's own, turn by turn,
and the replies of whole conversations with and without it; the method's body is
Rasa's, step for step. Installed by `use()`, which assistant/runtime/faster_rasa.py
calls for every start point; importing this module changes nothing. Rasa is pinned at
3.6.21.
"""
import itertools
import logging
import operator
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core import constants
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, Event, Restarted, SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

# The attribute on a tracker that holds its progress, one per set of options.
PROGRESS = "_assistant_dialogue_states"

_rasa_states_for_tracker_history = Domain.states_for_tracker_history


@dataclass
class Progress:
    """How far the states of one tracker have been computed, for one set of options."""

    domain: Domain
    rule_only_data: Optional[Dict[Text, Any]]
    replay: DialogueStateTracker  # the conversation replayed up to `applied`
    applied: List[Event] = field(default_factory=list)
    states: List[State] = field(default_factory=list)
    last_ml_action_sub_state: Optional[Dict[Text, Any]] = None
    turn_was_hidden: bool = False
    events_seen: int = 0  # len(tracker.events) at the last call
    last_event: Optional[Event] = None  # and its last event
    has_loop: bool = False  # a form has been active in this conversation


# Events after which the applied events are not the last ones plus the new ones.
_REWRITING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)


def _appended(progress: Progress, tracker: DialogueStateTracker) -> Optional[List[Event]]:
    """The events added to `tracker` since `progress` last saw it, when they are simply
    applied after the earlier ones; else None (then Rasa's `applied_events` decides).

    `applied_events` reads the whole conversation on every call (an undo, a restart or
    a form can change what counts), which was most of what a long conversation still
    cost. Without those events, and in a conversation where no form has run, what
    counts is what counted plus what was added."""
    events = tracker.events
    seen = progress.events_seen
    if (not seen or progress.has_loop or len(events) < seen or events.maxlen is not None
            or events[seen - 1] is not progress.last_event):
        return None
    new = list(itertools.islice(events, seen, None))
    if any(isinstance(event, _REWRITING) for event in new):
        return None
    return new


def _step(domain: Domain, progress: Progress, tracker: DialogueStateTracker,
          hide_rule_turn: bool, ignore_rule_only_turns: bool, omit_unset_slots: bool,
          rule_only_data: Optional[Dict[Text, Any]]) -> None:
    """One pass of the loop in Rasa's `states_for_tracker_history`, on `progress`."""
    if ignore_rule_only_turns:
        # remember previous ml action based on the last non hidden turn
        if not progress.turn_was_hidden:
            progress.last_ml_action_sub_state = domain._get_prev_action_sub_state(tracker)
        # followup action or happy path loop prediction don't change whether the
        # dialogue turn should be hidden
        if (not tracker.followup_action
                and not tracker.latest_action_name == tracker.active_loop_name):
            progress.turn_was_hidden = hide_rule_turn
        if progress.turn_was_hidden:
            return
    state = domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if progress.states:
            domain._substitute_rule_only_user_input(state, progress.states[-1])
        if progress.last_ml_action_sub_state:
            state[constants.PREVIOUS_ACTION] = progress.last_ml_action_sub_state
    progress.states.append(domain._clean_state(state))


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[Text, Any]] = None,
) -> List[State]:
    """Rasa's `Domain.states_for_tracker_history`, continued from the last call."""
    everything: Dict[Tuple[bool, bool], Progress] = tracker.__dict__.setdefault(PROGRESS, {})
    key = (bool(omit_unset_slots), bool(ignore_rule_only_turns))
    progress = everything.get(key)
    if progress is not None and (
            progress.domain is not self
            # Only read when rule-only turns are left out. RulePolicy passes a new
            # dict each time (of two short lists), so equal, not the same object.
            or (ignore_rule_only_turns and progress.rule_only_data != rule_only_data)):
        progress = None
    new = _appended(progress, tracker) if progress is not None else None
    if new is None:
        # Rasa's way: the events that count, which an undo or a restart changes.
        applied = tracker.applied_events()
        if (progress is None or len(progress.applied) > len(applied)
                or not all(map(operator.is_, progress.applied, applied))):
            progress = Progress(self, rule_only_data, tracker.init_copy())
            everything[key] = progress
        new = applied[len(progress.applied):]
        # Once a form has run, its actions' events can be dropped later: Rasa's way,
        # from then on.
        progress.has_loop = any(isinstance(e, ActiveLoop) and e.name for e in tracker.events)
    progress.events_seen = len(tracker.events)
    progress.last_event = tracker.events[-1] if tracker.events else None
    args = (ignore_rule_only_turns, omit_unset_slots, rule_only_data)
    # Rasa's generate_all_prior_trackers: the tracker before each action, then as it is.
    for event in new:
        if isinstance(event, ActionExecuted):
            _step(self, progress, progress.replay, event.hide_rule_turn, *args)
        progress.replay.update(event)
        progress.applied.append(event)
    # The last state (the conversation as it is now) changes with the next event, so it
    # is computed on a copy of the progress's list and flags, not kept.
    now = Progress(self, rule_only_data, progress.replay, progress.applied,
                   list(progress.states), progress.last_ml_action_sub_state,
                   progress.turn_was_hidden)
    _step(self, now, progress.replay, False, *args)
    # Rasa's featurizers edit the states they are given (they drop a user's text
    # where the intent is there): the caller gets copies, the kept ones stay as Rasa
    # made them. A state is a dict of dicts of strings and tuples.
    return [{name: dict(sub_state) for name, sub_state in state.items()}
            for state in now.states]


def use() -> None:
    """Make Rasa compute dialogue states incrementally (see the module's text)."""
    if Domain.states_for_tracker_history is not states_for_tracker_history:
        Domain.states_for_tracker_history = states_for_tracker_history
        logger.info("Dialogue states are computed per turn, not replayed from the start "
                    "(assistant/runtime/dialogue_states.py).")


def rasa_states(domain: Domain, tracker: DialogueStateTracker, **options: Any) -> List[State]:
    """Rasa's own method, for tests that compare."""
    return _rasa_states_for_tracker_history(domain, tracker, **options)
