"""The scaled profile's stores on a real Redis (tools/services.sh finds or starts one):
conversations as event lists that expire, and a lock that holds across processes."""
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import redis

from assistant.runtime.redis_lock_store import RedisQueueLockStore
from assistant.runtime.redis_tracker_store import RedisEventTrackerStore
from conftest import ROOT

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def prefix():
    client = redis.Redis.from_url(URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis at {URL} is not reachable: run tools/services.sh "
                    f"(make test does). {error}")
    name = f"test-{uuid.uuid4().hex[:8]}:"
    yield name
    for key in client.scan_iter(match=f"{name}*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def conversation_key(monkeypatch):
    """The stores seal every event with CONVERSATION_KEY (assistant/runtime/sealed_events.py)."""
    monkeypatch.setenv("CONVERSATION_KEY", "ab" * 32)


@pytest.fixture(scope="module")
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml"))


def test_a_conversation_is_saved_by_appending_and_read_back(domain, prefix):
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    async def run():
        store = RedisEventTrackerStore(domain, host=URL, key_prefix=prefix,
                                       forget_after_minutes=1)
        tracker = DialogueStateTracker("alice", domain.slots)
        tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
        tracker.update(ActionExecuted("utter_greet"))
        await store.save(tracker)
        again = await store.retrieve("alice")
        again.update(BotUttered("hello"))
        await store.save(again)
        third = await store.retrieve("alice")
        raw = redis.Redis.from_url(URL)
        ttl = raw.pttl(store.key("alice"))
        length = raw.llen(store.key("alice"))
        return tracker, third, ttl, length, await store.keys()

    tracker, third, ttl, length, keys = asyncio.run(run())
    assert [e.as_dict()["event"] for e in third.events] == ["user", "action", "bot"]
    assert third.latest_message.text == "hi"
    assert length == 3  # appended, not rewritten
    assert 0 < ttl <= 60_000  # forgotten after a quiet minute, as configured
    assert keys == ["alice"]
    assert asyncio.run(RedisEventTrackerStore(domain, host=URL, key_prefix=prefix)
                       .retrieve("nobody")) is None


def test_a_long_conversation_from_elsewhere_is_written_whole_and_replaces_what_was_there(
        domain, prefix):
    # A tracker this store did not read (Rasa's own tools, a migration) is written
    # whole; 2,500 events is more than one Lua unpack() can take, so it goes in chunks.
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    async def run():
        store = RedisEventTrackerStore(domain, host=URL, key_prefix=prefix)
        first = DialogueStateTracker("bob", domain.slots)
        first.update(UserUttered("old", {"name": "greet", "confidence": 1.0}))
        await store.save(first)
        long = DialogueStateTracker("bob", domain.slots)
        for i in range(1250):
            long.update(UserUttered(f"m{i}", {"name": "greet", "confidence": 1.0}))
            long.update(ActionExecuted("utter_greet"))
        await RedisEventTrackerStore(domain, host=URL, key_prefix=prefix).save(long)
        back = await RedisEventTrackerStore(domain, host=URL, key_prefix=prefix).retrieve("bob")
        ttl = redis.Redis.from_url(URL).pttl(store.key("bob"))
        return back, ttl

    back, ttl = asyncio.run(run())
    texts = [e.text for e in back.events if isinstance(e, UserUttered)]
    assert texts == [f"m{i}" for i in range(1250)]  # "old" replaced, order kept
    assert len(back.events) == 2500
    assert ttl > 0


# A "replica": a separate process that takes the conversation's lock, reads a counter,
# waits, writes counter + 1 and its own number to a list, then releases.
REPLICA = """
import asyncio, sys, redis
from assistant.runtime.redis_lock_store import RedisQueueLockStore
url, prefix, number, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
async def main():
    store = RedisQueueLockStore(url=url, key_prefix=prefix + "lock:")
    raw = redis.asyncio.from_url(url)
    while asyncio.get_event_loop().time() < 0: pass
    import time
    time.sleep(max(0, start - time.time()))
    async with store.lock("conversation"):
        value = int(await raw.get(prefix + "counter") or 0)
        await asyncio.sleep(0.05)
        await raw.set(prefix + "counter", value + 1)
        await raw.rpush(prefix + "order", number)
asyncio.run(main())
"""


def test_six_messages_at_once_from_separate_processes_are_all_kept(prefix):
    start = time.time() + 3  # every process loaded and waiting by then
    processes = []
    for number in range(6):
        # Each one a little later than the one before: the order they arrive in.
        processes.append(subprocess.Popen(
            [sys.executable, "-c", REPLICA, URL, prefix, str(number),
             str(start + number * 0.01)], cwd=ROOT))
    assert all(p.wait(timeout=60) == 0 for p in processes)
    raw = redis.Redis.from_url(URL)
    assert int(raw.get(prefix + "counter")) == 6  # no read-modify-write was lost
    assert sorted(int(n) for n in raw.lrange(prefix + "order", 0, -1)) == list(range(6))


def test_waiting_messages_are_served_in_the_order_they_arrived(prefix):
    async def run():
        raw = redis.asyncio.from_url(URL)
        served = []

        async def message(number):
            store = RedisQueueLockStore(url=URL, key_prefix=prefix)  # a replica each
            async with store.lock("c"):
                served.append(number)
                await asyncio.sleep(0.02)

        queue = RedisQueueLockStore(url=URL, key_prefix=prefix).keys("c")[0]
        tasks = []
        for number in range(6):
            tasks.append(asyncio.create_task(message(number)))
            while await raw.llen(queue) < number + 1 and not served[number:]:
                await asyncio.sleep(0.001)  # this one has joined the queue
        await asyncio.gather(*tasks)
        return served

    assert asyncio.run(run()) == list(range(6))


def test_a_dead_holder_frees_the_conversation_after_its_heartbeat(prefix):
    async def run():
        store = RedisQueueLockStore(url=URL, key_prefix=prefix, heartbeat_seconds=1)
        queue, alive = store.keys("c")
        raw = redis.asyncio.from_url(URL)
        # A replica that took the lock and was killed: its token is at the head and
        # its heartbeat will not be refreshed.
        await raw.rpush(queue, "dead")
        await raw.set(alive + "dead", "1", px=1000)
        started = time.monotonic()
        async with store.lock("c"):
            waited = time.monotonic() - started
        return waited, await raw.llen(queue)

    waited, left = asyncio.run(run())
    assert 0.5 < waited < 5 and left == 0


def test_replicas_see_each_others_turns_and_a_failed_turn_is_not_kept(domain, prefix):
    from rasa.shared.core.events import ActionExecuted, UserUttered

    def turn(tracker, text):
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
        tracker.update(ActionExecuted("utter_greet"))

    def texts(tracker):
        return [e.text for e in tracker.events if isinstance(e, UserUttered)]

    async def run():
        a, b = (RedisEventTrackerStore(domain, host=URL, key_prefix=prefix) for _ in "ab")
        from rasa.shared.core.trackers import DialogueStateTracker

        tracker = DialogueStateTracker("c", domain.slots)
        turn(tracker, "one")
        await a.save(tracker)
        for n, store in enumerate([b, a, b, a], start=2):  # turns alternate replicas
            tracker = await store.retrieve("c")
            turn(tracker, str(n))
            await store.save(tracker)
        seen_by_a = texts(await a.retrieve("c"))
        # A turn that fails half-way: events added to the object, never saved.
        failed = await a.retrieve("c")
        turn(failed, "never saved")
        after_failure = texts(await a.retrieve("c"))
        # The conversation expires in Redis and starts again: a replica's copy of the
        # old one must not come back.
        await a.redis.delete(a.key("c"))
        fresh = DialogueStateTracker("c", domain.slots)
        turn(fresh, "new conversation")
        await b.save(fresh)
        after_restart = texts(await a.retrieve("c"))
        return seen_by_a, after_failure, after_restart

    seen_by_a, after_failure, after_restart = asyncio.run(run())
    assert seen_by_a == ["one", "2", "3", "4", "5"]
    assert after_failure == ["one", "2", "3", "4", "5"]
    assert after_restart == ["new conversation"]


# --- Sealed events (session 40: Redis held what people wrote as plain JSON) -------------

def test_redis_never_holds_what_was_written_in_plain_text(domain, prefix):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    text = "my number is 555 201 3344, my name is Ana Lopez"

    async def run():
        store = RedisEventTrackerStore(domain, host=URL, key_prefix=prefix)
        tracker = DialogueStateTracker("carol", domain.slots)
        tracker.update(UserUttered(text, {"name": "urgent_help", "confidence": 1.0}))
        await store.save(tracker)
        stored = redis.Redis.from_url(URL).lrange(store.key("carol"), 0, -1)
        # A replica that has not seen the conversation reads it back whole.
        back = await RedisEventTrackerStore(domain, host=URL, key_prefix=prefix).retrieve("carol")
        return stored, back

    stored, back = asyncio.run(run())
    assert back.latest_message.text == text
    for value in stored:
        for secret in (b"555", b"3344", b"Ana", b"Lopez", b"urgent_help", b"user"):
            assert secret not in value
        with pytest.raises(ValueError):
            json.loads(value)


def test_a_conversation_sealed_under_another_key_starts_again(domain, prefix, monkeypatch):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    async def save():
        tracker = DialogueStateTracker("dave", domain.slots)
        tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
        await RedisEventTrackerStore(domain, host=URL, key_prefix=prefix).save(tracker)

    asyncio.run(save())
    monkeypatch.setenv("CONVERSATION_KEY", "cd" * 32)
    other = RedisEventTrackerStore(domain, host=URL, key_prefix=prefix)
    assert asyncio.run(other.retrieve("dave")) is None


def test_an_event_moved_to_another_conversation_does_not_open():
    from assistant.runtime.sealed_events import EventSeal, SealError

    seal = EventSeal(bytes(32))
    sealed = seal.seal("conversation:{a}", b'{"event": "user"}')
    assert seal.open("conversation:{a}", sealed) == b'{"event": "user"}'
    with pytest.raises(SealError):
        seal.open("conversation:{b}", sealed)


@pytest.mark.parametrize("value", [None, "", "not hex", "ab" * 16])
def test_without_a_32_byte_key_the_store_refuses_to_start(domain, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CONVERSATION_KEY", raising=False)
    else:
        monkeypatch.setenv("CONVERSATION_KEY", value)
    with pytest.raises(RuntimeError, match="CONVERSATION_KEY must be set"):
        RedisEventTrackerStore(domain, host=URL)


def test_the_tools_that_start_replicas_give_them_one_key():
    from assistant.runtime.sealed_events import ensure_key
    from tools.scale import Cluster

    assert ensure_key({"CONVERSATION_KEY": "x"}) == {"CONVERSATION_KEY": "x"}
    key = Cluster(2).env["CONVERSATION_KEY"]
    assert len(bytes.fromhex(key)) == 32


def test_events_another_key_appended_to_a_conversation_this_replica_knows_restart_it(
        domain, prefix):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from assistant.runtime.sealed_events import EventSeal

    async def run():
        ours = RedisEventTrackerStore(domain, host=URL, key_prefix=prefix)
        tracker = DialogueStateTracker("erin", domain.slots)
        tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
        await ours.save(tracker)
        # A replica with the wrong key appends (it should never: it cannot read the
        # conversation, so it writes a new one whole); this one must not crash.
        wrong = EventSeal(bytes(32))
        key = ours.key("erin")
        await ours.redis.rpush(key, wrong.seal(key, b'{"event": "bot", "text": "x"}'))
        return await ours.retrieve("erin")

    assert asyncio.run(run()) is None
