"""Conversations kept in this process's memory, and forgotten when they go quiet.

Rasa's InMemoryTrackerStore turns the whole conversation into JSON on every save and
back on every read: a quarter to a third of the time each message cost once the
classifier was fast (docs/performance.md). This store keeps the tracker objects as
they are, and drops a conversation nobody has written to for `forget_after_minutes`,
so a chat left behind on a shared computer or phone is not kept until the server
restarts, and memory does not grow with every visitor. Set it to the domain's
`session_expiration_time`: by then Rasa would start a new session anyway.

It also keeps at most `max_conversations`: past that, the conversation quiet the
longest is forgotten first, so a flood of requests under made-up sender ids cannot use
up the memory (about 14 KiB for a one-message conversation, 65 KiB for six turns;
docs/performance.md). A real user whose conversation was forgotten that way gets
answers as before, without the earlier turns.

Nothing is written outside the process. Only one Rasa process can use it (so no
SANIC_WORKERS > 1, which needs a shared store; docs/performance.md measures why one
process is faster on two cores anyway). Rasa changes the tracker it reads and then
saves it; here the read returns the stored object itself, so a turn that fails
half-way keeps the events it had added, where a JSON store would drop them.
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable, Optional, Text, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

class ExpiringTrackerStore(TrackerStore):
    """Tracker objects in memory, each forgotten after a quiet spell."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        forget_after_minutes: float = 60,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.forget_after_s = float(forget_after_minutes) * 60
        self.max_conversations = int(max_conversations)
        if self.max_conversations < 1:
            raise ValueError("max_conversations must be at least 1")
        self.forgotten_for_room = 0
        self._clock = clock
        # Least recently written first: (tracker, last written, events then).
        self._trackers: OrderedDict[Text, Tuple[DialogueStateTracker, float, int]] = (
            OrderedDict()
        )

    def _forget_quiet_ones(self) -> None:
        deadline = self._clock() - self.forget_after_s
        while self._trackers:
            sender_id, (_, written, _) = next(iter(self._trackers.items()))
            if written > deadline:
                break
            del self._trackers[sender_id]

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._forget_quiet_ones()
        _, _, streamed = self._trackers.pop(tracker.sender_id, (None, 0.0, 0))
        events = list(tracker.events)
        if self.event_broker is not None:
            # The stored tracker is this same object, so "new" means after the last save.
            # A broker that names the event types it takes (the usage recorder takes
            # only user messages) is not handed, nor made to wait for, the others.
            wanted = getattr(self.event_broker, "event_types", None)
            new = [e for e in events[streamed:] if wanted is None or e.type_name in wanted]
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)
        self._trackers[tracker.sender_id] = (tracker, self._clock(), len(events))
        while len(self._trackers) > self.max_conversations:
            self._trackers.popitem(last=False)
            self.forgotten_for_room += 1
            if self.forgotten_for_room % 1000 == 1:
                # A count only: sender ids stay out of the log.
                logger.warning(
                    "More than %d conversations at once: forgot the quietest "
                    "(%d so far). Raise max_conversations in endpoints.yml if real "
                    "traffic is this high.",
                    self.max_conversations,
                    self.forgotten_for_room,
                )

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._forget_quiet_ones()
        entry = self._trackers.get(sender_id)
        return entry[0] if entry else None

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[Text]:
        self._forget_quiet_ones()
        return list(self._trackers)
