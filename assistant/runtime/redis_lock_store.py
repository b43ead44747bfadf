"""A per-conversation lock that holds across processes and machines, in Redis: the
scaled profile's lock store (deploy/endpoints.yml).

Rasa answers one message of a conversation at a time: it reads the conversation, runs
the model, appends the new events and saves. Two replicas doing that at once for one
conversation would each save what they read plus their own turn, and one turn would
be lost. Rasa 3.6's RedisLockStore keeps its ticket lock as one Redis value that each
process reads, changes and writes back, so two processes can both take the lock
(RasaHQ/rasa#9213; measured in issue #14: of six messages sent at once across two
replicas, sometimes 4 or 2 were kept).

This lock is first come, first served, and every step is one atomic Redis operation
or Lua script (Redis runs a script without interleaving anything else):

- a message's handler runs one script that sets its heartbeat key (a short expiry),
  appends a random token to the conversation's queue (RPUSH) unless it is there, and
  answers whether the token is at the head: then the handler holds the lock. A
  handler that waits runs the same script again (which also refreshes its
  heartbeat), so an uncontended message costs one round trip to take the lock and
  one to release it;
- while it holds the lock, a background task refreshes its heartbeat every second;
- releasing pops its token (a script that checks it is the head);
- a token whose heartbeat has expired (its process died, or gave up waiting) is
  dropped from the head by the next waiter's check, so a killed replica holds no
  conversation for longer than `heartbeat_seconds` (default 10).

Messages so keep the order in which they reached Redis. A handler that waits longer
than `lock_lifetime` gives up with Rasa's LockError (the channel then sends the
hotline).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import time
from typing import AsyncGenerator, Optional, Text

import redis.asyncio as redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from assistant.runtime.redis_tracker_store import DEFAULT_URL, URL_ENV

logger = logging.getLogger(__name__)

# KEYS[1] the queue, KEYS[2] the heartbeat keys' prefix; ARGV[1] my token,
# ARGV[2] heartbeat ms, ARGV[3] queue expiry ms.
# Returns 1 when my token is at the head (the lock is mine), else 0. My heartbeat is
# set first, in the same step, so nobody takes me for dead. Drops heads whose
# heartbeat has expired. Joins the queue at the end if my token is not in it: on the
# first call, and again if it was dropped (this process stalled past its heartbeat)
# or the queue expired.
TRY_ACQUIRE = """
local queue, prefix, me = KEYS[1], KEYS[2], ARGV[1]
redis.call('SET', prefix .. me, '1', 'PX', ARGV[2])
redis.call('PEXPIRE', queue, ARGV[3])
while true do
  local head = redis.call('LINDEX', queue, 0)
  if not head then
    redis.call('RPUSH', queue, me)
    return 1
  end
  if head == me then return 1 end
  if redis.call('EXISTS', prefix .. head) == 1 then
    if not redis.call('LPOS', queue, me) then redis.call('RPUSH', queue, me) end
    return 0
  end
  redis.call('LPOP', queue)
end
"""
# Drop my token wherever it is (the head when I held the lock) and my heartbeat.
RELEASE = """
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('DEL', KEYS[2] .. ARGV[1])
return 1
"""
# Refresh my heartbeat only if I am still the head.
REFRESH = """
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('SET', KEYS[2] .. ARGV[1], '1', 'PX', ARGV[2])
  return 1
end
return 0
"""


class RedisQueueLockStore(LockStore):
    """First-come-first-served conversation locks on Redis's atomic operations."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 url: Optional[Text] = None, heartbeat_seconds: float = 10,
                 poll_seconds: float = 0.01, key_prefix: Text = "assistant:lock:") -> None:
        config = endpoint_config.kwargs if endpoint_config else {}
        url = os.environ.get(URL_ENV) or url or (endpoint_config.url if endpoint_config
                                                 else None) or DEFAULT_URL
        self.redis = redis.from_url(url)
        self.heartbeat_ms = int(float(config.get("heartbeat_seconds", heartbeat_seconds)) * 1000)
        self.poll_s = float(config.get("poll_seconds", poll_seconds))
        self.key_prefix = config.get("key_prefix", key_prefix)
        self._try_acquire = self.redis.register_script(TRY_ACQUIRE)
        self._release = self.redis.register_script(RELEASE)
        self._refresh = self.redis.register_script(REFRESH)
        super().__init__()

    def keys(self, conversation_id: Text):
        base = f"{self.key_prefix}{{{conversation_id}}}"
        return [f"{base}:queue", f"{base}:alive:"]

    async def _heartbeat(self, keys, token: Text) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_ms / 10_000)  # ten times per expiry
            if not await self._refresh(keys=keys, args=[token, self.heartbeat_ms]):
                logger.warning("Lost a conversation lock (its heartbeat lapsed).")
                return

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        keys = self.keys(conversation_id)
        token = secrets.token_hex(8)
        queue_ms = int(max(lock_lifetime, 1) * 2000)
        heartbeat = None
        try:
            deadline = time.monotonic() + lock_lifetime
            wait = self.poll_s
            while True:
                if await self._try_acquire(keys=keys, args=[token, self.heartbeat_ms, queue_ms]):
                    break
                if time.monotonic() > deadline:
                    raise LockError("Waited too long for a conversation's lock.")
                await asyncio.sleep(wait)
                wait = min(wait * 1.5, 0.1)
            heartbeat = asyncio.create_task(self._heartbeat(keys, token))
            lock = TicketLock(conversation_id)
            yield lock
        finally:
            if heartbeat is not None:
                heartbeat.cancel()
            with contextlib.suppress(Exception):
                await asyncio.shield(self._release(keys=keys, args=[token]))

    # Rasa's ticket-lock interface, unused by `lock` above.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        pass

    def save_lock(self, lock: TicketLock) -> None:
        pass
