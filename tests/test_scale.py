"""The scaled profile under faults (issue #14): 3 replicas on the Redis stores behind
HAProxy (tools/scale.py, deploy/), 1,000 conversations at once, a replica killed and
started again mid-run; SMS choices and simultaneous messages across replicas.

The client retries as a browser or Twilio would (a failed or empty answer is sent
again, up to 8 times); what must hold is that no conversation loses a turn and every
message gets an answer. Figures go to results/scale/fault.json.
"""
import asyncio
import json
import random
import re
import time
from types import SimpleNamespace

import aiohttp
import pytest
import redis

from conftest import HOTLINE, ROOT, SMS_AUTH_TOKEN, SMS_ID_SECRET, load_yaml
from tools.rasa_server import free_ports

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, emptied before and after
CONVERSATIONS, TURNS = 1000, ["hi", "what is human trafficking?", "how can I report it?"]
# People read the answer before they write again: seconds between turns (seeded), so
# the run lasts long enough for the killed replica to come back and take load again.
# (Measured: the replica is killed 16-20 s in, and restarting takes about 22 s on 2
# cores busy with the load. With 6-14 s between turns the run ended as it came back,
# 2,999 or 3,000 answers in, so the test asked for luck, not recovery; with 6-20 s, 30
# to 70 answers were left.)
THINK_S = (6.0, 30.0)
RESULTS = ROOT / "results" / "scale"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from tools.scale import Cluster, database_of_its_own

    folder = tmp_path_factory.mktemp("scale")
    credentials = folder / "credentials.yml"
    credentials.write_text((ROOT / "deploy" / "credentials.yml").read_text()
                           + "\nassistant.channels.rest_channel.RestInput:\n")
    store = redis.Redis.from_url(REDIS_URL)
    env = {"REDIS_URL": REDIS_URL, "USAGE_DB_URL": f"sqlite:///{folder / 'usage.db'}",
           "TWILIO_AUTH_TOKEN": SMS_AUTH_TOKEN, "SMS_ID_SECRET": SMS_ID_SECRET}
    # Another test run on this machine waits here rather than empty the database
    # under this one (session 40 saw a scale test fail so).
    with database_of_its_own(REDIS_URL):
        store.flushdb()
        with Cluster(3, port=free_ports(4), folder=folder, credentials=credentials,
                     env=env, rate_limit=10**9) as running:
            yield running
        store.flushdb()


def user_and_bot(cluster, sender):
    """The conversation as stored in Redis: [(kind, text)] for user and bot events,
    opened with the replicas' key (they seal every event: session 40)."""
    from assistant.runtime.sealed_events import EventSeal

    seal = EventSeal.from_env(cluster.env)
    key = f"assistant:conversation:{{{sender}}}"
    raw = redis.Redis.from_url(REDIS_URL).lrange(key, 0, -1)
    events = [json.loads(seal.open(key, e)) for e in raw]
    return [(e["event"], e.get("text")) for e in events if e["event"] in ("user", "bot")]


async def send(session, url, sender, text, stats):
    """POST one message; retry like a client would. Returns the replies."""
    for attempt in range(8):
        try:
            async with session.post(url + "/webhooks/rest/webhook",
                                    json={"sender": sender, "message": text}) as answer:
                replies = await answer.json(content_type=None)
                if answer.status == 200 and replies:
                    return replies
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            pass
        stats["retries"] += 1
        await asyncio.sleep(0.5 * (attempt + 1))
    stats["unanswered"] += 1
    return []


def test_a_replica_killed_mid_run_loses_no_turn(cluster):
    stats = {"retries": 0, "unanswered": 0, "answered": 0}
    total = CONVERSATIONS * len(TURNS)

    async def run():
        timeout = aiohttp.ClientTimeout(total=90)
        connector = aiohttp.TCPConnector(limit=0)
        loop = asyncio.get_running_loop()
        killed = asyncio.Event()
        start = time.perf_counter()

        async def converse(session, i):
            think = random.Random(i)
            for n, text in enumerate(TURNS):
                if n:
                    await asyncio.sleep(think.uniform(*THINK_S))
                if await send(session, cluster.url, f"fault-{i}", text, stats):
                    stats["answered"] += 1
                # Mid-run, while second turns are arriving and being answered.
                if stats["answered"] >= total * 45 // 100 and not killed.is_set():
                    killed.set()

        async def chaos():
            await killed.wait()
            cluster.kill_replica(1)
            stats["killed_at"] = stats["answered"]
            stats["killed_s"] = round(time.perf_counter() - start, 1)
            await asyncio.sleep(2)
            cluster.start_replica(1)
            await loop.run_in_executor(None, cluster.wait_healthy, [1])
            stats["back_at"] = stats["answered"]
            stats["back_s"] = round(time.perf_counter() - start, 1)

        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            chaos_task = asyncio.create_task(chaos())
            await asyncio.gather(*(converse(session, i) for i in range(CONVERSATIONS)))
            stats["wall_s"] = round(time.perf_counter() - start, 1)
            await chaos_task

    asyncio.run(run())
    lost, duplicated = [], 0
    for i in range(CONVERSATIONS):
        stored = user_and_bot(cluster, f"fault-{i}")
        said = [text for kind, text in stored if kind == "user"]
        deduplicated = [t for n, t in enumerate(said) if n == 0 or said[n - 1] != t]
        duplicated += len(said) - len(deduplicated)  # a retry of a turn that was kept
        # Every user message in the conversation is followed by the bot's answer.
        answered = all(stored[k + 1][0] == "bot" for k, (kind, _) in enumerate(stored)
                       if kind == "user" and k + 1 < len(stored)) and stored[-1][0] == "bot"
        if deduplicated != TURNS or not answered:
            lost.append((i, stored))
    stats.update(conversations=CONVERSATIONS, messages=total, lost=len(lost),
                 turns_stored_twice=duplicated)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fault.json").write_text(json.dumps(stats, indent=1))
    print("fault test:", stats)
    # The replica died mid-run, and came back while messages were still arriving.
    assert "killed_at" in stats and stats["back_at"] < total
    assert stats["unanswered"] == 0 and stats["answered"] == total
    assert not lost, lost[:3]


def test_six_messages_at_once_across_replicas_are_all_kept_in_order(cluster):
    texts = [f"what is human trafficking? ({n})" for n in range(6)]

    async def run():
        stats = {"retries": 0, "unanswered": 0}
        async with aiohttp.ClientSession() as session:
            async def one(n):
                await asyncio.sleep(0.1 * n)  # the order they arrive in
                return await send(session, cluster.replica_url(n % 2), "six-at-once",
                                  texts[n], stats)
            return await asyncio.gather(*(one(n) for n in range(6))), stats

    answers, stats = asyncio.run(run())
    assert all(answers) and stats["unanswered"] == 0
    said = [text for kind, text in user_and_bot(cluster, "six-at-once") if kind == "user"]
    assert said == texts


def test_a_numbered_sms_choice_works_on_another_replica(cluster):
    from assistant.channels import sms_text
    from assistant.nlu.topic_chooser import read_topics
    from test_model import VAGUE
    from test_sms_channel import messages, post, sms

    public = "http://localhost:5005/webhooks/twilio/webhook"  # deploy/credentials.yml
    first, second = (SimpleNamespace(url=cluster.replica_url(i)) for i in (0, 2))
    for i, vague in enumerate(VAGUE):
        sender = f"+1555555016{i}"
        status, twiml = post(first, sms(vague, sender=sender), sign_url=public)
        offer = "\n".join(messages(twiml))
        if "1: " in offer:
            break
    else:
        pytest.fail("no vague question got an offer")
    assert status == 200 and HOTLINE in offer
    chosen = re.search(r"^1: (.+)$", offer, re.M)[1]
    [topic] = [t for t, q in read_topics().items() if sms_text.plain(q) == chosen]
    variants = load_yaml("domain.yml")["responses"][f"utter_faq/{topic}"]
    answer_sms = next((v for v in variants if v.get("channel") == "twilio"), variants[0])
    status, twiml = post(second, sms("1", sender=sender), sign_url=public)
    assert sms_text.plain(answer_sms["text"])[:60] in " ".join(messages(twiml))


def test_after_something_urgent_another_replica_still_ends_answers_with_the_hotline(cluster):
    # The slot urgent_earlier travels with the conversation in Redis, and deploy/endpoints.yml
    # names the response generator that reads it (assistant/runtime/hotline_reminder.py).
    from assistant.runtime.hotline_reminder import REMINDER

    async def conversation():
        stats = {"retries": 0, "unanswered": 0}
        async with aiohttp.ClientSession() as session:
            first = await send(session, cluster.replica_url(0), "reminder-1",
                               "they took my passport and won't let me leave", stats)
            then = await send(session, cluster.replica_url(1), "reminder-1",
                              "what is human trafficking?", stats)
        return first, then

    first, then = asyncio.run(conversation())
    assert first[0]["text"].startswith(HOTLINE)
    assert [reply["text"][-len(REMINDER):] for reply in then] == [REMINDER]


def test_a_widget_conversation_goes_on_through_another_replica(cluster):
    from test_web_channel import Client

    through_balancer = Client(cluster.url)
    try:
        session_id = through_balancer.session()
        through_balancer.say({"message": "what is human trafficking?"})
        assert "force, fraud or coercion" in through_balancer.reply()["text"]
    finally:
        through_balancer.close()
    # The tab reconnects (its replica gone, say) and lands on each replica in turn: it
    # resumes the same conversation there, and the answer reaches this tab.
    for index in range(3):
        tab = Client(cluster.replica_url(index))
        try:
            assert tab.session(session_id) == session_id
            tab.say({"message": "how is it different from smuggling?"})
            assert "smuggl" in tab.reply()["text"].lower()
        finally:
            tab.close()
    said = [text for kind, text in user_and_bot(cluster, session_id) if kind == "user"]
    assert said == ["what is human trafficking?"] + ["how is it different from smuggling?"] * 3


def test_the_widget_in_a_browser_goes_on_when_its_replica_dies(cluster):
    """Chromium on the demo page through the balancer. Each replica is killed in turn
    (one of them holds the page's connection): the widget reconnects through the
    balancer, resumes its conversation on another replica and answers."""
    from playwright.sync_api import expect, sync_playwright

    from test_widget import CHROMIUM, CHROMIUM_ARGS, ask, open_chat

    offline = f"Not connected, trying again. Hotline: {HOTLINE}."
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            open_chat(page, cluster.url + "/demo/")
            assert "force, fraud or coercion" in ask(page, "what is human trafficking?")
            for index in range(3):
                cluster.kill_replica(index)
                time.sleep(3)  # the page's pending poll fails at once if it was there
                expect(page.locator(".status")).not_to_have_text(offline, timeout=30000)
                assert "smuggl" in ask(page, "how is it different from smuggling?").lower()
                cluster.start_replica(index)
                cluster.wait_healthy([index])
            session_id = json.loads(page.evaluate("sessionStorage.getItem('hta-chat')"))[
                "sessionId"]
        finally:
            browser.close()
    said = [text for kind, text in user_and_bot(cluster, session_id) if kind == "user"]
    assert said[-4:] == (["what is human trafficking?"]
                         + ["how is it different from smuggling?"] * 3)


def test_a_second_run_waits_for_the_first_to_let_go_of_its_redis_database():
    """Two test or bench runs on one machine: the second holds the database only after
    the first let go of it (tools/scale.py, database_of_its_own), never both at once."""
    import threading

    from tools.scale import database_of_its_own

    url = "redis://127.0.0.1:6379/12"  # no Redis needed: only the lock is taken
    held, order = threading.Event(), []

    def first():
        with database_of_its_own(url):
            held.set()
            time.sleep(0.5)
            order.append("first lets go")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with database_of_its_own(url):
        order.append("second holds it")
    thread.join()
    assert order == ["first lets go", "second holds it"]
