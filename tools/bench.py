"""`make bench`: how fast the assistant answers under load, beside Rasa's default.

In one run, for our model and for the baseline (the same data trained with Rasa's
default `rasa init` configuration, tools/baseline-config.yml), one after the other on
the same machine:
- held-out accuracy (tests/nlu_holdout.yml, full labels such as `faq/minors`);
- start-up time: from `rasa run` to the first answer over REST;
- a load of many concurrent conversations through the REST channel (default 50, each
  several turns of a fixed mix of FAQ questions, urgent messages and small talk):
  throughput in messages/s, latency p50/p95/p99, errors;
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


def measure(name: str, model: Path, credentials: Path, env: Dict[str, str],
            plan: List[List[str]]) -> Run:
    run = Run(name)
    print(f"[{name}] held-out accuracy ...", flush=True)
    run.accuracy = held_out_accuracy(model)
    print(f"[{name}] starting rasa run ...", flush=True)
    log = RESULTS / f"{name}-server.log"
    with RasaServer(credentials, log, model=model, env=env) as server:
        first_answer(server.url)
        run.startup_s = time.monotonic() - server.started
        print(f"[{name}] {len(plan)} conversations x {len(plan[0])} turns ...", flush=True)
        latencies, run.errors, run.wall_s = asyncio.run(load(server.url, plan, name))
        run.rss_mb = server.rss_bytes() / 2**20
    run.latencies_ms = latencies
    run.messages = len(latencies)
    run.throughput = run.messages / run.wall_s
    run.p50_ms, run.p95_ms, run.p99_ms = (percentile(latencies, p) for p in (50, 95, 99))
    return run


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
    parser.add_argument("--no-doc", action="store_true", help="don't update docs/performance.md")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.WARNING)
    RESULTS.mkdir(parents=True, exist_ok=True)
    plan = conversations(args.conversations, args.turns)
    rest_only = RESULTS / "credentials.yml"
    rest_only.write_text("rest:\n")
    # Ours runs as `make run` runs it; the baseline as a `rasa init` project would.
    ours = measure("ours", OURS, ROOT / "credentials.yml", {}, plan)
    base = measure("baseline", BASELINE, rest_only, {}, plan)
    info = machine()
    summary = table(ours, base)
    command = (f"make bench  (python -m tools.bench --conversations {args.conversations} "
               f"--turns {args.turns})")
    text = (f"Measured {info['date']} with `{command}`: {len(plan)} conversations at once, "
            f"{args.turns} turns each ({ours.messages} messages per model), through the "
            f"REST channel.\n\n{summary}\n\nMachine: {info['cpu']}, {info['cores']} cores, "
            f"{info['memory']}; {info['os']}; Python {info['python']}, Rasa {info['rasa']}.")
    print("\n" + summary + "\n")
    (RESULTS / "bench.json").write_text(json.dumps(
        {"machine": info, "command": command, "runs": [asdict(ours), asdict(base)]}, indent=1))
    if not args.no_doc:
        write_doc(text)
        print(f"wrote {DOC.relative_to(ROOT)} and {(RESULTS / 'bench.json').relative_to(ROOT)}")
    return 0 if ours.errors == 0 and base.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
