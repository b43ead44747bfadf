"""`make bench`: how fast the assistant answers under load, beside Rasa's default.

In one run, on the same machine, for three servers: ours as `make run` starts it (with
the usage recorder), ours without the usage recorder (what the recorder costs), and
the baseline (the same data trained with Rasa's default `rasa init` configuration,
tools/baseline-config.yml, run by plain `rasa run`):
- held-out accuracy (tests/nlu_holdout.yml, full labels such as `faq/minors`);
- start-up time: from `rasa run` to the first answer over REST;
- a load of many concurrent conversations through the REST channel (default 50, each
  several turns of a fixed mix of FAQ questions, urgent messages and small talk), in
  rounds that alternate between the two servers: throughput in messages/s, latency
  p50/p95/p99 over all rounds, errors;
- the server's resident memory after the load;
- for ours: the latency of ordinary messages while three clients keep sending 200 KB
  messages (they get the "too long" reply without being read).

Prints them side by side with the ratios (ours / baseline, recorder on / off), writes
results/bench/bench.json, and puts the table into docs/performance.md between its
`bench` markers with the machine it ran on.
"""
import argparse
import asyncio
import gc
import json
import logging
import os
import platform
import random
import re
import sys
import time
import urllib.request
from contextlib import ExitStack, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import aiohttp
import redis
import yaml

from tools import evaluate
from tools.rasa_server import ASSISTANT, PLAIN_RASA, ROOT, RasaServer, free_ports
from tools.scale import Cluster, database_of_its_own

OURS = ROOT / "models" / "assistant.tar.gz"
BASELINE = ROOT / "models" / "baseline.tar.gz"
RESULTS = ROOT / "results" / "bench"
DOC = ROOT / "docs" / "performance.md"
SEED = 2026
# The share of each kind of message in a conversation turn.
MIX = {"faq": 0.70, "urgent": 0.15, "small_talk": 0.15}
SMALL_TALK = ["hi", "hello", "thanks", "thank you", "ok thanks", "bye", "are you a bot?",
              "what can you do?"]
REQUEST_TIMEOUT_S = 60


@dataclass
class Run:
    name: str
    accuracy: float = 0.0
    startup_s: float = 0.0
    messages: int = 0
    errors: int = 0
    wall_s: float = 0.0
    throughput: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    rss_mb: float = 0.0
    round_throughputs: List[float] = field(default_factory=list)
    during_huge_ms: List[float] = field(default_factory=list)
    latencies_ms: List[float] = field(default_factory=list, repr=False)


def as_people_ask(question: str) -> str:
    """The question ending in "?", as people type nearly every one (the sets of real
    messages), though the question set mostly leaves it off: a message ending in
    punctuation costs the assistant a second reading (docs/performance.md, session 26),
    so the load has them as real traffic does."""
    return question if question.rstrip()[-1:] in "?!." else question.rstrip() + "?"


def conversations(count: int, turns: int) -> List[List[str]]:
    """A fixed, seeded mix of what people send."""
    pools = {
        "faq": [as_people_ask(q)
                for q in evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions")],
        "urgent": evaluate.read_yaml_list(evaluate.URGENT_MESSAGES, "messages"),
        "small_talk": SMALL_TALK,
    }
    rng = random.Random(SEED)
    kinds, weights = list(MIX), list(MIX.values())
    return [
        [rng.choice(pools[rng.choices(kinds, weights)[0]]) for _ in range(turns)]
        for _ in range(count)
    ]


def first_answer(url: str) -> None:
    body = json.dumps({"sender": "bench-startup", "message": "hi"}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", data=body)
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as answer:
        assert json.loads(answer.read()), "no answer to the first message"


async def load(url: str, plan: List[List[str]], tag: str) -> Tuple[List[float], int, float]:
    """Every conversation at once, each turn after the previous answer."""
    latencies: List[float] = []
    errors = 0

    async def converse(session: aiohttp.ClientSession, i: int, turns: List[str]) -> None:
        nonlocal errors
        for text in turns:
            start = time.perf_counter()
            try:
                async with session.post(
                    url + "/webhooks/rest/webhook",
                    json={"sender": f"bench-{tag}-{i}", "message": text},
                ) as answer:
                    replies = await answer.json()
                    ok = answer.status == 200 and bool(replies)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok = False
            latencies.append((time.perf_counter() - start) * 1000)
            errors += not ok

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(*(converse(session, i, t) for i, t in enumerate(plan)))
        wall = time.perf_counter() - start
    return latencies, errors, wall


HUGE_CHARS = 200_000


async def stall(url: str, senders: int = 3, normal: int = 20) -> List[float]:
    """Latency (ms) of ordinary messages, one after another, while `senders` clients
    keep sending 200 KB messages (issue #14: a huge message must not stall others)."""
    huge = ("help " * HUGE_CHARS)[:HUGE_CHARS]
    stop = asyncio.Event()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)

    async def flood(session: aiohttp.ClientSession, i: int) -> None:
        while not stop.is_set():
            async with session.post(url + "/webhooks/rest/webhook",
                                    json={"sender": f"huge-{i}", "message": huge}) as r:
                await r.read()

    async with aiohttp.ClientSession(timeout=timeout) as session:
        floods = [asyncio.create_task(flood(session, i)) for i in range(senders)]
        await asyncio.sleep(0.5)
        latencies = []
        for n in range(normal):
            start = time.perf_counter()
            async with session.post(url + "/webhooks/rest/webhook",
                                    json={"sender": f"normal-{n}", "message": "help"}) as r:
                assert r.status == 200 and await r.json()
            latencies.append((time.perf_counter() - start) * 1000)
        stop.set()
        await asyncio.gather(*floods, return_exceptions=True)
    return latencies


def percentile(values: List[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def held_out_accuracy(model: Path) -> float:
    agent = evaluate.load_agent(model)
    loop = asyncio.new_event_loop()
    try:
        report = loop.run_until_complete(
            evaluate.holdout_report(agent, evaluate.read_holdout())
        )
    finally:
        loop.close()
    del agent
    gc.collect()
    return report.accuracy


def measure(servers_to_start: Dict[str, Tuple[Path, Callable[[], Any]]],
            plan: List[List[str]], rounds: int) -> List[Run]:
    """All servers up at once, idle but for the load, which goes to one at a time in
    alternating rounds: a machine that slows down or speeds up mid-run (these
    machines do) then weighs on all alike. `servers_to_start`: name -> (model, a
    function returning the server's context manager)."""
    runs = [Run(name) for name in servers_to_start]
    accuracy: Dict[Path, float] = {}
    for run in runs:
        model = servers_to_start[run.name][0]
        if model not in accuracy:
            print(f"[{run.name}] held-out accuracy ...", flush=True)
            accuracy[model] = held_out_accuracy(model)
        run.accuracy = accuracy[model]
    with ExitStack() as stack:
        servers = {}
        for run in runs:
            print(f"[{run.name}] starting ...", flush=True)
            server = stack.enter_context(servers_to_start[run.name][1]())
            first_answer(server.url)
            run.startup_s = time.monotonic() - server.started
            servers[run.name] = server
        for round_ in range(rounds):
            for run in runs if round_ % 2 == 0 else runs[::-1]:
                print(f"[{run.name}] round {round_ + 1}/{rounds}: {len(plan)} conversations "
                      f"x {len(plan[0])} turns ...", flush=True)
                latencies, errors, wall = asyncio.run(
                    load(servers[run.name].url, plan, f"{run.name}-{round_}"))
                run.latencies_ms += latencies
                run.errors += errors
                run.wall_s += wall
                run.round_throughputs.append(len(latencies) / wall)
        for run in runs:
            run.rss_mb = servers[run.name].rss_bytes() / 2**20
        for run in runs:
            if run.name == "ours":
                print(f"[{run.name}] ordinary messages while 200 KB messages arrive ...",
                      flush=True)
                run.during_huge_ms = asyncio.run(stall(servers[run.name].url))
    for run in runs:
        run.messages = len(run.latencies_ms)
        run.throughput = run.messages / run.wall_s
        run.p50_ms, run.p95_ms, run.p99_ms = (
            percentile(run.latencies_ms, p) for p in (50, 95, 99))
    return runs


def machine() -> Dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    import rasa

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{memory_kb / 2**20:.0f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "rasa": rasa.__version__,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


ROWS = [
    ("held-out accuracy", "accuracy", "{:.1%}", "higher"),
    ("throughput (messages/s)", "throughput", "{:.1f}", "higher"),
    ("latency p50 (ms)", "p50_ms", "{:.0f}", "lower"),
    ("latency p95 (ms)", "p95_ms", "{:.0f}", "lower"),
    ("latency p99 (ms)", "p99_ms", "{:.0f}", "lower"),
    ("start-up to first answer (s)", "startup_s", "{:.1f}", "lower"),
    ("server memory, RSS (MiB)", "rss_mb", "{:.0f}", "lower"),
    ("errors", "errors", "{}", "lower"),
]


def table(ours: Run, plain: Run, base: Run) -> str:
    lines = ["| measure | ours | ours without the usage recorder | baseline "
             "| ours / baseline | recorder: with / without |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, key, fmt, _ in ROWS:
        a, p, b = getattr(ours, key), getattr(plain, key), getattr(base, key)
        ratio = f"{a / b:.2f}x" if b else "-"
        cost = f"{a / p:.3f}x" if p else "-"
        lines.append(f"| {label} | {fmt.format(a)} | {fmt.format(p)} | {fmt.format(b)} "
                     f"| {ratio} | {cost} |")
    return "\n".join(lines)


SCALED_ROWS = [r for r in ROWS if r[1] in ("throughput", "p50_ms", "p95_ms", "p99_ms",
                                         "rss_mb", "errors")]
SCALED_REDIS = "redis://127.0.0.1:6379/13"


def scaled_table(ours: Run, scaled: Run) -> str:
    lines = ["| measure | one process, conversations in memory (ours) | 2 replicas on Redis "
             "behind HAProxy | scaled / one |", "|---|---:|---:|---:|"]
    for label, key, fmt, _ in SCALED_ROWS:
        a, b = getattr(ours, key), getattr(scaled, key)
        ratio = f"{b / a:.2f}x" if a else "-"
        lines.append(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {ratio} |")
    return "\n".join(lines)


def store_cost(repeats: int = 300) -> Dict[str, float]:
    """ms per message for each conversation store: read, add a turn, save."""
    from rasa.core.tracker_store import RedisTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from assistant.runtime.redis_tracker_store import RedisEventTrackerStore
    from assistant.runtime.sealed_events import EventSeal
    from assistant.runtime.tracker_store import ExpiringTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    parse = {"name": "faq", "confidence": 0.9}

    def turn(tracker):
        tracker.update(UserUttered("what is human trafficking?", parse))
        tracker.update(ActionExecuted("utter_faq"))
        tracker.update(BotUttered("An answer of about the usual length, " * 5))
        tracker.update(ActionExecuted("action_listen"))

    redis.Redis.from_url(SCALED_REDIS).flushdb()
    stores = {
        "memory": ExpiringTrackerStore(domain),
        "ours-redis": RedisEventTrackerStore(domain, host=SCALED_REDIS,
                                             seal=EventSeal(os.urandom(32))),
        "rasa-redis": RedisTrackerStore(domain, host="127.0.0.1", port=6379, db=13),
    }
    costs = {}

    async def run():
        for name, store in stores.items():
            for i in range(repeats):
                tracker = DialogueStateTracker(f"{name}-{i}", domain.slots)
                for _ in range(6):
                    turn(tracker)
                await store.save(tracker)
            start = time.perf_counter()
            for i in range(repeats):
                tracker = await store.retrieve(f"{name}-{i}")
                turn(tracker)
                await store.save(tracker)
            costs[name] = (time.perf_counter() - start) / repeats * 1000

    asyncio.run(run())
    redis.Redis.from_url(SCALED_REDIS).flushdb()
    return costs


def write_doc(text: str) -> None:
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    doc = DOC.read_text(encoding="utf-8")
    before, rest = doc.split(start, 1)
    after = rest.split(end, 1)[1]
    DOC.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3,
                        help="load rounds per server, the servers taking turns")
    parser.add_argument("--no-doc", action="store_true", help="don't update docs/performance.md")
    parser.add_argument("--no-scaled", action="store_true",
                        help="skip the scaled profile (2 replicas, Redis, HAProxy)")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.WARNING)
    RESULTS.mkdir(parents=True, exist_ok=True)
    plan = conversations(args.conversations, args.turns)
    # Ours: the production channels plus our REST channel (off in credentials.yml).
    ours_credentials = RESULTS / "ours-credentials.yml"
    ours_credentials.write_text((ROOT / "credentials.yml").read_text()
                                + "\nassistant.channels.rest_channel.RestInput:\n")
    rest_only = RESULTS / "credentials.yml"
    rest_only.write_text("rest:\n")
    # Rasa's default stores (conversations in memory, as JSON).
    default_endpoints = RESULTS / "endpoints.yml"
    default_endpoints.write_text('action_endpoint:\n  url: "http://localhost:5055/webhook"\n')
    # Ours runs as `make run` runs it; the baseline as a `rasa init` project would.
    # Ours without the usage recorder: endpoints.yml without its event_broker.
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints.pop("event_broker")
    no_recorder = RESULTS / "endpoints-no-recorder.yml"
    no_recorder.write_text(yaml.safe_dump(endpoints))
    def server(name, credentials, endpoints, command):
        return lambda: RasaServer(credentials, RESULTS / f"{name}-server.log",
                                  endpoints=endpoints, command=command,
                                  model=BASELINE if name == "baseline" else OURS)

    def scaled():
        # The scaled profile (deploy/): 2 replicas on the Redis stores behind HAProxy.
        redis.Redis.from_url(SCALED_REDIS).flushdb()
        return Cluster(2, port=free_ports(3), folder=RESULTS / "scaled",
                       credentials=ours_credentials, rate_limit=10**9,
                       env={"REDIS_URL": SCALED_REDIS,
                            "USAGE_DB_URL": f"sqlite:///{RESULTS / 'scaled-usage.db'}"})

    servers = {
        "ours": (OURS, server("ours", ours_credentials, ROOT / "endpoints.yml", ASSISTANT)),
        "ours-no-recorder": (OURS, server("ours-no-recorder", ours_credentials, no_recorder,
                                          ASSISTANT)),
        "baseline": (BASELINE, server("baseline", rest_only, default_endpoints, PLAIN_RASA)),
    }
    if not args.no_scaled:
        servers["scaled"] = (OURS, scaled)
    # The scaled profile's database: a second bench or test run on this machine waits.
    with database_of_its_own(SCALED_REDIS) if not args.no_scaled else nullcontext():
        runs = measure(servers, plan, args.rounds)
        cost = None if args.no_scaled else store_cost()
    ours, plain, base = runs[:3]
    info = machine()
    summary = table(ours, plain, base)
    if not args.no_scaled:
        summary += "\n\n" + scaled_table(ours, runs[3])
        summary += (f"\n\nThe conversation store's cost per message, in-process (read the "
                    f"conversation, then save the turn's new events; a 6-turn conversation, "
                    f"Redis on this machine): ours in memory {cost['memory']:.2f} ms, ours on "
                    f"Redis (appends only new events, sealed; reads only those the replica "
                    f"has not seen) {cost['ours-redis']:.2f} ms, Rasa's "
                    f"RedisTrackerStore (whole conversation as JSON) {cost['rasa-redis']:.2f} ms.")
    huge = ours.during_huge_ms
    summary += (f"\n\nOrdinary messages while three clients keep sending 200 KB messages "
                f"(ours): {len(huge)} answered, slowest {max(huge):.0f} ms, median "
                f"{percentile(huge, 50):.0f} ms (target: under 1 s).")
    command = (f"make bench  (python -m tools.bench --conversations {args.conversations} "
               f"--turns {args.turns} --rounds {args.rounds})")
    per_round = "; ".join(
        f"{run.name} " + ", ".join(f"{t:.1f}" for t in run.round_throughputs)
        for run in runs)
    text = (f"Measured {info['date']} with `{command}`: {len(plan)} conversations at once, "
            f"{args.turns} turns each, through the REST channel, in {args.rounds} rounds "
            f"per model taking turns ({ours.messages} messages per model; throughput per "
            f"round in messages/s: {per_round}).\n\n{summary}\n\nMachine: {info['cpu']}, "
            f"{info['cores']} cores, {info['memory']}; {info['os']}; "
            f"Python {info['python']}, Rasa {info['rasa']}.")
    print(f"\n{summary}\n\nthroughput per round (messages/s): {per_round}\n")
    (RESULTS / "bench.json").write_text(json.dumps(
        {"machine": info, "command": command, "runs": [asdict(r) for r in runs]}, indent=1))
    if not args.no_doc:
        write_doc(text)
        print(f"wrote {DOC.relative_to(ROOT)} and {(RESULTS / 'bench.json').relative_to(ROOT)}")
    return 0 if all(run.errors == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
