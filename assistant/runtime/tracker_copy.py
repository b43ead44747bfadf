"""A conversation's tracker copied as it stands, instead of rebuilt event by event.

Before each action runs, Rasa's message processor gives it a copy of the tracker
(`DialogueStateTracker.copy`, in `MessageProcessor._run_action`), and Rasa makes that
copy by starting an empty tracker and replaying every event of the conversation on
it. A turn runs two or three actions, so a turn cost more the longer the
conversation: under `make bench`'s load it was 4.3% of the server's CPU (py-spy),
and more in long conversations. With the debug-line change
(assistant/runtime/debug_states.py), in process: 3.4-4.3 -> 2.5 ms a turn at the
60th, 5.0-5.9 -> 3.8-4.1 ms at the 100th; on the bench's 6-turn conversations the
difference is within the noise (docs/performance.md).

A tracker's state is, by Rasa's own rule, what its events make of it ("MUST be
re-creatable by processing all the events", trackers.py). `copy()` here builds the
same tracker from that state directly: the same events (the same event objects, in a
new deque, as a replay appends them), each slot copied with its value, the loop, the
latest action, message and bot utterance, the follow-up action and the pause flag.
The follow-up action is the one exception to that rule: the processor clears it
without an event when it runs it (after a restart, `action_session_start`), so a
replay sets it again. The copy takes the value the events give, read back from the
latest event that decides it; after an undone turn or action, where Rasa replays
the remaining events, it makes Rasa's copy. What Rasa's copy leaves out it leaves
out too: the model and assistant ids and the
message source are not carried over (`init_copy` does not carry them), nor anything
else a tracker holds, such as the progress assistant/runtime/dialogue_states.py keeps
on it. A subclass of the tracker gets Rasa's copy.

tests/test_tracker_copy.py compares every attribute of this copy with Rasa's before
every action of whole conversations (an offer of two topics, Spanish, bad input, a
restart, an undone turn, a new session), and the replies and events of whole
conversations either way.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import copy
import logging
from typing import Optional, Text

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, FollowupAction, Restarted, SessionStarted, UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

_rasa_copy = DialogueStateTracker.copy
# Undone turns and actions: Rasa resets the tracker and replays what remains.
_REPLAYED = (UserUtteranceReverted, ActionReverted)


class _Replayed(Exception):
    """The events end in an undone turn or action after the last deciding event."""


def followup_from_events(tracker: DialogueStateTracker) -> Optional[Text]:
    """The follow-up action a replay of the tracker's events leaves (each event's
    `apply_to` in events.py: an action or a message clears it, a restart asks for a new
    session, a `FollowupAction` names one, a new session or the start resets it)."""
    for event in reversed(tracker.events):
        if isinstance(event, (ActionExecuted, UserUttered)):
            return None
        if isinstance(event, Restarted):
            return ACTION_SESSION_START_NAME
        if isinstance(event, FollowupAction):
            return event.action_name
        if isinstance(event, SessionStarted):
            return ACTION_LISTEN_NAME
        if isinstance(event, _REPLAYED):
            raise _Replayed()
    return ACTION_LISTEN_NAME


def tracker_copy(self: DialogueStateTracker) -> DialogueStateTracker:
    """Rasa's `DialogueStateTracker.copy`, without replaying the events."""
    if type(self) is not DialogueStateTracker:
        return _rasa_copy(self)
    try:
        followup = followup_from_events(self)
    except _Replayed:
        return _rasa_copy(self)
    new = self.init_copy()  # Rasa's start: the id, fresh slots, history length, rule flag
    new.events = new._create_events(list(self.events))
    for name, slot in self.slots.items():
        new.slots[name] = copy.copy(slot)
    new._paused = self._paused
    new.followup_action = followup
    new.latest_action = dict(self.latest_action) if self.latest_action is not None else None
    new.latest_message = self.latest_message
    new.latest_bot_utterance = self.latest_bot_utterance
    new.active_loop = copy.copy(self.active_loop)
    return new


def use() -> None:
    """Copy trackers as they stand (see the module's text)."""
    if DialogueStateTracker.copy is not tracker_copy:
        DialogueStateTracker.copy = tracker_copy
        logger.info("A tracker is copied as it stands, not rebuilt event by event "
                    "(assistant/runtime/tracker_copy.py).")
