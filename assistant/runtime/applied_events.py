"""A conversation's applied events continued from the last call, not recomputed.

`DialogueStateTracker.applied_events` (the events that count, without those an undo
or a restart took back) goes over every event of the conversation each time it is
asked, and Rasa asks twice a message: the session-expiry check
(`_has_session_expired`, through `get_last_event_for`) and the session update
(`_update_tracker_session`), before anything else runs. So a turn cost more the longer
the conversation. In process, one conversation of 100 turns, medians of 6 alternating
passes (session 33): turns 51-60 took 4.68 ms with Rasa's method and 3.76 ms with
this, turns 91-100 7.67 and 6.04 ms; the first ten turns the same (3.5-3.6 ms). Under
`make bench`'s load (6-turn conversations) py-spy put 8.1% of the server's samples in
it, but the gain there is within the machine's noise (docs/performance.md).

A tracker only ever gains events at its end (`update`), so the answer for the events
seen so far stays right; this keeps it on the tracker and goes on from there with
Rasa's own steps, for the new events only. It starts again from the first event,
Rasa's way, when that does not hold or could change an earlier step:
- the events seen before are no longer the tracker's first events (a reset, a
  history limit that dropped the oldest, a new list);
- a new event starts a loop (a form) that no event seen before named: Rasa decides
  whether an earlier action of a loop counts by the names of every loop the
  conversation ever started, so a new name can change an earlier step.
Restarts, new sessions and undone turns or actions are steps like any other: Rasa
applies them to the list built so far, and so does this.

The caller gets a new list each time, as from Rasa (callers may change it). A
subclass of the tracker gets Rasa's method. tests/test_applied_events.py compares the
result with Rasa's on every call of whole conversations (an offer of two topics,
Spanish, bad input, a restart, an undone turn) and after made-up events (an undone
action, a new session, a form started late, a history limit), and the replies and
events of whole conversations either way.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import itertools
import logging
from typing import FrozenSet, List, Optional

from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, Event, Restarted, SessionStarted,
    UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

_rasa_applied_events = DialogueStateTracker.applied_events
PROGRESS = "_applied_events_progress"


class Progress:
    """What the events seen so far make: the applied list, and how to know them again."""

    __slots__ = ("seen", "first", "last", "loop_names", "applied")

    def __init__(self, loop_names: FrozenSet[str]) -> None:
        self.seen = 0
        self.first: Optional[Event] = None
        self.last: Optional[Event] = None
        self.loop_names = loop_names
        self.applied: List[Event] = []

    def __eq__(self, other: object) -> bool:
        """The same events seen and the same applied ones (two copies of a tracker
        that Rasa rebuilt after an undo each hold one: equal, not the same object)."""
        return (isinstance(other, Progress) and self.seen == other.seen
                and self.first is other.first and self.last is other.last
                and self.loop_names == other.loop_names
                and len(self.applied) == len(other.applied)
                and all(a is b for a, b in zip(self.applied, other.applied)))


def _loop_names(events) -> FrozenSet[str]:
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def _still_valid(progress: Progress, events) -> bool:
    """Whether the events seen before are still the tracker's first events."""
    if len(events) < progress.seen:
        return False
    if progress.seen == 0:
        return True
    return events[0] is progress.first and events[progress.seen - 1] is progress.last


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """Rasa's `DialogueStateTracker.applied_events`, continued from the last call."""
    if type(self) is not DialogueStateTracker:
        return _rasa_applied_events(self)
    events = self.events
    progress: Optional[Progress] = self.__dict__.get(PROGRESS)
    if progress is None or not _still_valid(progress, events):
        progress = Progress(_loop_names(events))
        self.__dict__[PROGRESS] = progress
    new = list(itertools.islice(events, progress.seen, None))
    if progress.seen and not _loop_names(new) <= progress.loop_names:
        progress = Progress(_loop_names(events))
        self.__dict__[PROGRESS] = progress
        new = list(events)
    applied = progress.applied
    # Rasa's loop (trackers.py), for the new events, on the list built so far.
    for event in new:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            self._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            self._undo_till_previous(UserUttered, applied)
            self._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in progress.loop_names
            and not self._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            self._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    if events:
        progress.seen = len(events)
        progress.first = events[0]
        progress.last = events[-1]
    return list(applied)


def use() -> None:
    """Continue applied events from the last call (see the module's text)."""
    if DialogueStateTracker.applied_events is not applied_events:
        DialogueStateTracker.applied_events = applied_events
        logger.info("A conversation's applied events are continued from the last call, "
                    "not recomputed (assistant/runtime/applied_events.py).")
