"""Conversations in Redis, for the scaled profile (deploy/endpoints.yml): any replica
can answer any conversation, and a restart forgets nothing.

Rasa's own RedisTrackerStore turns the whole conversation into one JSON value on every
save, and reads it back on every message. This store keeps a conversation as a Redis
list of events, one JSON value each, and a save appends only the events added since
the conversation was read (one RPUSH and one PEXPIRE, in one round trip): the cost of
a save no longer grows with the conversation. A read is one LRANGE.

Privacy: every write resets the conversation's expiry to `forget_after_minutes`
(default 60, the domain's session expiry), so no conversation outlives an hour of
silence. Redis must not write to disk (`--save "" --appendonly no`, as `make scale`
starts it; deploy/README.md): otherwise what people wrote would sit in its dump files.

Conversations are written only under a lock that holds across processes
(assistant/runtime/redis_lock_store.py), so two replicas never append to one
conversation at once.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any, Iterable, List, Optional, Text

import redis.asyncio as redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_URL = "redis://127.0.0.1:6379/0"
URL_ENV = "REDIS_URL"
# How many events of this tracker are already in Redis (set on read and on save).
STORED = "_events_in_redis"


class RedisEventTrackerStore(TrackerStore):
    """Each conversation is a Redis list of its events; saves append."""

    def __init__(
        self,
        domain: Domain,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        forget_after_minutes: float = 60,
        key_prefix: Text = "assistant:conversation:",
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        # Rasa passes endpoints.yml's `url` as `host`; REDIS_URL, when set, wins.
        self.redis = redis.from_url(os.environ.get(URL_ENV) or host or DEFAULT_URL)
        self.expiry_ms = int(float(forget_after_minutes) * 60_000)
        self.key_prefix = key_prefix

    def key(self, sender_id: Text) -> Text:
        # The braces keep a conversation's keys together on a Redis cluster.
        return f"{self.key_prefix}{{{sender_id}}}"

    async def save(self, tracker: DialogueStateTracker) -> None:
        events: List[Event] = list(tracker.events)
        stored = getattr(tracker, STORED, 0)
        key = self.key(tracker.sender_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            if stored > len(events):  # not a tracker this store read: write it whole
                pipe.delete(key)
                stored = 0
            new = events[stored:]
            if new:
                pipe.rpush(key, *(json.dumps(e.as_dict()) for e in new))
            pipe.pexpire(key, self.expiry_ms)
            await pipe.execute()
        setattr(tracker, STORED, len(events))
        if self.event_broker is not None and new:
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        raw = await self.redis.lrange(self.key(sender_id), 0, -1)
        if not raw:
            return None
        tracker = DialogueStateTracker.from_dict(
            sender_id, [json.loads(e) for e in raw], self.domain.slots)
        setattr(tracker, STORED, len(raw))
        return tracker

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[Text]:
        prefix = len(self.key_prefix) + 1
        return [k.decode()[prefix:-1] async for k in self.redis.scan_iter(
            match=f"{self.key_prefix}*")]
