"""`make bench`: how fast the assistant answers under load, beside Rasa's default.

In one run, for our model and for the baseline (the same data trained with Rasa's
default `rasa init` configuration, tools/baseline-config.yml), on the same machine:
- held-out accuracy (tests/nlu_holdout.yml, full labels such as `faq/minors`);
- start-up time: from `rasa run` to the first answer over REST;
- a load of many concurrent conversations through the REST channel (default 50, each
  several turns of a fixed mix of FAQ questions, urgent messages and small talk), in
  rounds that alternate between the two servers: throughput in messages/s, latency
  p50/p95/p99 over all rounds, errors;
- the server's resident memory after the load.

Prints both side by side with the ratios (ours / baseline), writes
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
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp

from tools import evaluate
from tools.rasa_server import ROOT, RasaServer

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
    latencies_ms: List[float] = field(default_factory=list, repr=False)


def conversations(count: int, turns: int) -> List[List[str]]:
    """A fixed, seeded mix of what people send."""
    pools = {
        "faq": evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions"),
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


def measure(models: Dict[str, Tuple[Path, Path, Path]], plan: List[List[str]],
            rounds: int) -> List[Run]:
    """Both servers up at once, idle but for the load, which goes to one at a time in
    alternating rounds: a machine that slows down or speeds up mid-run (these
    machines do) then weighs on both alike."""
    runs = [Run(name) for name in models]
    for run in runs:
        print(f"[{run.name}] held-out accuracy ...", flush=True)
        run.accuracy = held_out_accuracy(models[run.name][0])
    with ExitStack() as stack:
        servers = {}
        for run in runs:
            print(f"[{run.name}] starting rasa run ...", flush=True)
            model, credentials, endpoints = models[run.name]
            server = stack.enter_context(RasaServer(
                credentials, RESULTS / f"{run.name}-server.log", model=model,
                endpoints=endpoints))
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


def table(ours: Run, base: Run) -> str:
    lines = ["| measure | ours | baseline | ours / baseline |", "|---|---:|---:|---:|"]
    for label, key, fmt, _ in ROWS:
        a, b = getattr(ours, key), getattr(base, key)
        ratio = f"{a / b:.2f}x" if b else "-"
        lines.append(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {ratio} |")
    return "\n".join(lines)


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
                        help="load rounds per model, alternating between the two")
    parser.add_argument("--no-doc", action="store_true", help="don't update docs/performance.md")
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
    ours, base = measure({"ours": (OURS, ours_credentials, ROOT / "endpoints.yml"),
                          "baseline": (BASELINE, rest_only, default_endpoints)},
                         plan, args.rounds)
    info = machine()
    summary = table(ours, base)
    command = (f"make bench  (python -m tools.bench --conversations {args.conversations} "
               f"--turns {args.turns} --rounds {args.rounds})")
    per_round = "; ".join(
        f"{run.name} " + ", ".join(f"{t:.1f}" for t in run.round_throughputs)
        for run in (ours, base))
    text = (f"Measured {info['date']} with `{command}`: {len(plan)} conversations at once, "
            f"{args.turns} turns each, through the REST channel, in {args.rounds} rounds "
            f"per model taking turns ({ours.messages} messages per model; throughput per "
            f"round in messages/s: {per_round}).\n\n{summary}\n\nMachine: {info['cpu']}, "
            f"{info['cores']} cores, {info['memory']}; {info['os']}; "
            f"Python {info['python']}, Rasa {info['rasa']}.")
    print(f"\n{summary}\n\nthroughput per round (messages/s): {per_round}\n")
    (RESULTS / "bench.json").write_text(json.dumps(
        {"machine": info, "command": command, "runs": [asdict(ours), asdict(base)]}, indent=1))
    if not args.no_doc:
        write_doc(text)
        print(f"wrote {DOC.relative_to(ROOT)} and {(RESULTS / 'bench.json').relative_to(ROOT)}")
    return 0 if ours.errors == 0 and base.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
