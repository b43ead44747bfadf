"""Conversations in Redis, for the scaled profile (deploy/endpoints.yml): any replica
can answer any conversation, and a restart forgets nothing.

Rasa's own RedisTrackerStore turns the whole conversation into one JSON value on every
save, and reads it back and replays every event on every message. This store keeps a
conversation as a Redis list of events, one JSON value each:

- a save appends only the events added since the conversation was read (RPUSH and
  PEXPIRE in one Lua script: one atomic round trip), so its cost does not grow with
  the conversation;
- each replica keeps the conversations it saved, as objects, for as long as Redis
  keeps them (and at most `max_cached`). A read then fetches only the events after
  the last one this replica saved (one LRANGE, usually of one event: that one) and
  applies any that another replica added. Replaying the whole conversation (about
  0.7 ms for six turns, the largest part of the store's cost; docs/performance.md)
  happens only when the replica has not seen the conversation, or it changed in a
  way it cannot follow (expired and started again, a turn that failed half-way).

Privacy: every write resets the conversation's expiry to `forget_after_minutes`
(default 60, the domain's session expiry), so no conversation outlives an hour of
silence. Every event is sealed before it is sent (AES-256-GCM under CONVERSATION_KEY,
assistant/runtime/sealed_events.py, session 40): Redis never holds what people wrote
in plain text. Redis must still not write to disk (`--save "" --appendonly no`, as
`make scale` starts it; deploy/README.md): sealed or not, nothing should outlive the
hour.

Conversations are written only under a lock that holds across processes
(assistant/runtime/redis_lock_store.py), so two replicas never append to one
conversation at once.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Text

import redis.asyncio as redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime.sealed_events import EventSeal, SealError

logger = logging.getLogger(__name__)

DEFAULT_URL = "redis://127.0.0.1:6379/0"
URL_ENV = "REDIS_URL"
# How many events of this tracker are already in Redis (set on read and on save).
STORED = "_events_in_redis"

# KEYS[1] the conversation; ARGV[1] expiry ms, ARGV[2] 1 to replace what is there,
# ARGV[3..] the new events. One atomic step, so a conversation is never left without
# its expiry, and one round trip (a MULTI/EXEC pipeline of the same commands cost
# twice the client time: four replies to parse).
APPEND = """
if ARGV[2] == '1' then redis.call('DEL', KEYS[1]) end
for i = 3, #ARGV, 1000 do  -- in chunks: unpack() has a limit on its results
  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""


@dataclass
class Cached:
    tracker: DialogueStateTracker
    saved: int  # events in Redis when this replica last saved or read it
    last_raw: bytes  # the last of them, as stored (sealed)
    written: float  # monotonic time of that save or read


class RedisEventTrackerStore(TrackerStore):
    """Each conversation is a Redis list of its events; saves append."""

    def __init__(
        self,
        domain: Domain,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        forget_after_minutes: float = 60,
        key_prefix: Text = "assistant:conversation:",
        max_cached: int = 10_000,
        seal: Optional[EventSeal] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        # Refuses to start without CONVERSATION_KEY (tests may pass a seal).
        self.seal = seal or EventSeal.from_env()
        # Rasa passes endpoints.yml's `url` as `host`; REDIS_URL, when set, wins.
        self.redis = redis.from_url(os.environ.get(URL_ENV) or host or DEFAULT_URL)
        self.expiry_ms = int(float(forget_after_minutes) * 60_000)
        self.key_prefix = key_prefix
        self.max_cached = int(max_cached)
        self._cache: "OrderedDict[Text, Cached]" = OrderedDict()
        self._append = self.redis.register_script(APPEND)

    def _remember(self, sender_id: Text, tracker: DialogueStateTracker, saved: int,
                  last_raw: bytes) -> None:
        self._cache[sender_id] = Cached(tracker, saved, last_raw, time.monotonic())
        self._cache.move_to_end(sender_id)
        while len(self._cache) > self.max_cached:
            self._cache.popitem(last=False)
        # Forget, here too, what Redis has forgotten: nothing outlives its expiry.
        deadline = time.monotonic() - self.expiry_ms / 1000
        while self._cache and next(iter(self._cache.values())).written < deadline:
            self._cache.popitem(last=False)

    def key(self, sender_id: Text) -> Text:
        # The braces keep a conversation's keys together on a Redis cluster.
        return f"{self.key_prefix}{{{sender_id}}}"

    async def save(self, tracker: DialogueStateTracker) -> None:
        events: List[Event] = list(tracker.events)
        stored = getattr(tracker, STORED, 0)
        key = self.key(tracker.sender_id)
        cached = self._cache.get(tracker.sender_id)
        last_raw = cached.last_raw if cached and cached.tracker is tracker else b""
        # Not a tracker this store read (a new conversation, or one built elsewhere,
        # such as Rasa's event-replacing API): write it whole, replacing what is there.
        whole = (not hasattr(tracker, STORED) or stored > len(events)
                 or bool(stored and not last_raw))
        if whole:
            stored = 0
        new = [e.as_dict() for e in events[stored:]]
        raw = [self.seal.seal(key, json.dumps(e).encode()) for e in new]
        await self._append(keys=[key], args=[self.expiry_ms, int(whole), *raw])
        setattr(tracker, STORED, len(events))
        if events:
            self._remember(tracker.sender_id, tracker, len(events), raw[-1] if raw else last_raw)
        if self.event_broker is not None:
            # As in tracker_store.py: a broker may name the event types it takes.
            wanted = getattr(self.event_broker, "event_types", None)
            for event in new:
                if wanted is None or event.get("event") in wanted:
                    self.event_broker.publish({"sender_id": tracker.sender_id, **event})

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        key = self.key(sender_id)
        cached = self._cache.get(sender_id)
        if cached is not None and len(cached.tracker.events) == cached.saved:
            # Only what follows the last event this replica knows, that one included.
            raw = await self.redis.lrange(key, cached.saved - 1, -1)
            try:
                added = (deserialise_events(self._opened(key, raw[1:]))
                         if raw and raw[0] == cached.last_raw else None)
            except SealError:  # read whole below, which starts it again
                added = None
            if added is not None:
                tracker = cached.tracker
                for event in added:
                    tracker.update(event)
                setattr(tracker, STORED, cached.saved + len(raw) - 1)
                self._remember(sender_id, tracker, cached.saved + len(raw) - 1, raw[-1])
                return tracker
        self._cache.pop(sender_id, None)
        raw = await self.redis.lrange(key, 0, -1)
        if not raw:
            return None
        try:
            events = self._opened(key, raw)
        except SealError:
            # Sealed under another key: the conversation starts again, as after its
            # expiry. Nothing of it is logged.
            logger.warning("A stored conversation did not open with CONVERSATION_KEY; "
                           "it starts again.")
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, STORED, len(raw))
        self._remember(sender_id, tracker, len(raw), raw[-1])
        return tracker

    def _opened(self, key: Text, raw: List[bytes]) -> List[dict]:
        """The stored events, opened and read back from JSON."""
        return [json.loads(self.seal.open(key, e)) for e in raw]

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[Text]:
        prefix = len(self.key_prefix) + 1
        return [k.decode()[prefix:-1] async for k in self.redis.scan_iter(
            match=f"{self.key_prefix}*")]
