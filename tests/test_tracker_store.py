"""assistant/runtime/tracker_store.py: kept in memory as objects, forgotten after a quiet spell."""
import asyncio

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from assistant.runtime.tracker_store import ExpiringTrackerStore
from conftest import ROOT, SMS_AUTH_TOKEN, SMS_ID_SECRET


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


class Broker:
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


def run(coroutine):
    return asyncio.run(coroutine)


def store(**kwargs):
    return ExpiringTrackerStore(Domain.empty(), forget_after_minutes=60, **kwargs)


def test_a_saved_conversation_comes_back():
    s = store()

    async def go():
        tracker = await s.get_or_create_tracker("a")
        tracker.update(UserUttered("hello"))
        await s.save(tracker)
        again = await s.retrieve("a")
        return again, await s.keys()

    again, keys = run(go())
    assert again.latest_message.text == "hello"
    assert list(keys) == ["a"]
    assert run(s.retrieve("nobody")) is None


def test_a_quiet_conversation_is_forgotten_and_a_busy_one_kept():
    clock = Clock()
    s = store(clock=clock)

    async def go():
        for sender in ("quiet", "busy"):
            await s.save(await s.get_or_create_tracker(sender))
        clock.now += 59 * 60
        await s.save(await s.retrieve("busy"))
        clock.now += 2 * 60
        return await s.retrieve("quiet"), await s.retrieve("busy")

    quiet, busy = run(go())
    assert quiet is None
    assert busy is not None


def test_each_event_is_streamed_once():
    broker = Broker()
    s = store(event_broker=broker)

    async def go():
        tracker = await s.get_or_create_tracker("a")
        tracker.update(UserUttered("one"))
        await s.save(tracker)
        tracker.update(UserUttered("two"))
        await s.save(tracker)

    run(go())
    texts = [e.get("text") for e in broker.published if e["event"] == "user"]
    assert texts == ["one", "two"]
    assert all(e["sender_id"] == "a" for e in broker.published)


def test_past_the_cap_the_quietest_conversation_goes_first(caplog):
    clock = Clock()
    s = ExpiringTrackerStore(Domain.empty(), max_conversations=2, clock=clock)

    async def go():
        for sender in ("oldest", "middle"):
            await s.save(await s.get_or_create_tracker(sender))
            clock.now += 1
        # Writing to "oldest" again makes "middle" the quietest.
        await s.save(await s.retrieve("oldest"))
        clock.now += 1
        await s.save(await s.get_or_create_tracker("newest"))
        return await s.retrieve("oldest"), await s.retrieve("middle"), list(await s.keys())

    with caplog.at_level("WARNING"):
        oldest, middle, keys = run(go())
    assert oldest is not None and middle is None
    assert keys == ["oldest", "newest"]
    assert s.forgotten_for_room == 1
    # The warning counts; it never names a conversation.
    assert "forgot the quietest" in caplog.text
    assert "middle" not in caplog.text


def test_many_made_up_senders_cannot_grow_the_store_past_its_cap():
    s = ExpiringTrackerStore(Domain.empty(), max_conversations=50)

    async def go():
        for i in range(500):
            tracker = await s.get_or_create_tracker(f"forged-{i}")
            tracker.update(UserUttered("x" * 1000))
            await s.save(tracker)
        return list(await s.keys())

    keys = run(go())
    assert len(keys) == 50
    assert keys[-1] == "forged-499"


def test_a_cap_below_one_is_refused():
    with pytest.raises(ValueError):
        ExpiringTrackerStore(Domain.empty(), max_conversations=0)


def test_it_forgets_when_a_session_would_expire_anyway():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "assistant.runtime.tracker_store.ExpiringTrackerStore"
    assert (endpoints["tracker_store"]["forget_after_minutes"]
            == domain["session_config"]["session_expiration_time"])
    assert endpoints["tracker_store"]["max_conversations"] >= 1000


@pytest.fixture(scope="module")
def server_as_run(tmp_path_factory):
    """`rasa run` with the project's own endpoints.yml, so with this store."""
    from servers import RasaServer

    config = tmp_path_factory.mktemp("rasa")
    credentials = config / "credentials.yml"
    credentials.write_text("assistant.channels.rest_channel.RestInput:\nassistant.channels.sms_channel.SmsInput:\n")
    env = {"TWILIO_AUTH_TOKEN": SMS_AUTH_TOKEN, "SMS_ID_SECRET": SMS_ID_SECRET}
    log = ROOT / "results" / "server-as-run.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with RasaServer(credentials, log, endpoints=ROOT / "endpoints.yml", env=env) as server:
        yield server


def test_a_running_server_remembers_the_turn_before(server_as_run):
    # The SMS channel reads the last bot turn from the store to resolve "1".
    from test_sms_channel import text

    sender = "+15555550117"
    [greeting] = text(server_as_run, "hi", sender=sender)
    assert "1: What is human trafficking?" in greeting
    [answer] = text(server_as_run, "1", sender=sender)
    assert "force, fraud or coercion" in answer
    assert "Using `InMemoryTrackerStore` instead" not in server_as_run.output()
