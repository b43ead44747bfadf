"""Where a scaled message's CPU goes: the same load, at the same time, to four set-ups.

    python -m tools.cpu_per_message [--rounds 4]

Starts, side by side: one process with conversations in memory (as `make run`), one
replica on the Redis stores (deploy/endpoints.yml) without a balancer, one replica
behind HAProxy, and two replicas behind HAProxy (as the scaled row of `make bench`).
Sends each `make bench`'s load (50 conversations x 6 turns over REST) in alternating
rounds, and reads the CPU time of every process involved (replicas, HAProxy, Redis)
and of the load generator itself. Prints messages/s and CPU ms per message for each;
docs/performance.md has a run. Uses Redis database 3, which it empties.
"""
import argparse
import asyncio
import os
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Dict, List, Tuple

import redis

from tools import bench
from tools.rasa_server import ROOT, RasaServer, free_ports
from tools.scale import Cluster, ensure_redis

REDIS_URL = "redis://127.0.0.1:6379/3"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def redis_pids() -> List[int]:
    found = subprocess.run(["pgrep", "-x", "redis-server"], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    plan = bench.conversations(50, 6)
    folder = bench.RESULTS / "cpu"
    folder.mkdir(parents=True, exist_ok=True)
    credentials = folder / "credentials.yml"
    credentials.write_text((ROOT / "credentials.yml").read_text()
                           + "\nassistant.channels.rest_channel.RestInput:\n")
    ensure_redis()
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {"REDIS_URL": REDIS_URL, "USAGE_DB_URL": f"sqlite:///{folder / 'usage.db'}"}
    setups: Dict[str, Tuple[str, List[int]]] = {}
    with ExitStack() as stack:
        one = stack.enter_context(RasaServer(credentials, folder / "memory.log",
                                             endpoints=ROOT / "endpoints.yml"))
        setups["one process, in memory"] = (one.url, [one.process.pid])
        direct = stack.enter_context(RasaServer(credentials, folder / "redis.log",
                                                endpoints=ROOT / "deploy" / "endpoints.yml",
                                                env=env))
        setups["one replica on Redis"] = (direct.url, [direct.process.pid] + redis_pids())
        for replicas in (1, 2):
            cluster = stack.enter_context(Cluster(
                replicas, port=free_ports(replicas + 1), folder=folder / f"cluster-{replicas}",
                credentials=credentials, rate_limit=10**9, env=env))
            pids = [p.pid for p in cluster.processes.values()] + [cluster.balancer.pid]
            setups[f"{replicas} behind HAProxy"] = (cluster.url, pids + redis_pids())
        for name, (url, _) in setups.items():  # warm up
            bench.first_answer(url)
            asyncio.run(bench.load(url, plan, f"warm-{name}"))
        totals = {name: [0, 0.0, 0.0, 0.0] for name in setups}
        for round_ in range(args.rounds):
            order = list(setups.items())
            for name, (url, pids) in order if round_ % 2 == 0 else order[::-1]:
                before, generator = sum(map(cpu_seconds, pids)), time.process_time()
                latencies, errors, wall = asyncio.run(bench.load(url, plan, f"{name}-{round_}"))
                generator = time.process_time() - generator
                used = sum(map(cpu_seconds, pids)) - before
                total = totals[name]
                total[0] += len(latencies)
                total[1] += wall
                total[2] += used
                total[3] += generator
                print(f"{name:24s} {len(latencies) / wall:6.1f} messages/s, CPU "
                      f"{used / len(latencies) * 1000:5.2f} ms a message, errors {errors}",
                      flush=True)
    first = next(iter(totals.values()))
    base = first[0] / first[1]
    print(f"\nover {args.rounds} rounds:")
    for name, (messages, wall, used, generator) in totals.items():
        print(f"{name:24s} {messages / wall:6.1f} messages/s ({messages / wall / base:.2f}x), "
              f"CPU {used / messages * 1000:5.2f} ms a message ({used / wall:.2f} core); "
              f"load generator {generator / messages * 1000:.2f} ms a message "
              f"({generator / wall:.2f} core)")


if __name__ == "__main__":
    main()
