"""`make scale REPLICAS=3`: the scaled profile on this machine. Redis (started if none
answers, keeping nothing on disk), N replicas of the assistant on the Redis stores
(deploy/endpoints.yml), and HAProxy in front (deploy/haproxy.cfg) on port 5005.

    python -m tools.scale [--replicas 3] [--port 5005] [--rate-limit 200]

Replicas listen on the ports after the balancer's (5006, 5007, ...); their logs go to
build/scale/. Ctrl-C stops the replicas and the balancer (not a Redis it found
running). `Cluster` is the same, for tests/test_scale.py and `make bench`.
"""
import argparse
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime.sealed_events import ensure_key  # noqa: E402
from tools.rasa_server import (  # noqa: E402
    ASSISTANT, MODEL, START_TIMEOUT_S, healthy, rss_bytes,
)

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


@contextmanager
def database_of_its_own(url: str) -> Iterator[None]:
    """Hold the Redis database of `url` for this process while the block runs.

    The scale tests and `make bench` empty their database before and after; a second
    run on the same machine (another `make test`, a fresh clone's CI) would empty it
    under the first one, or seal events with another key. So the second waits here
    until the first lets go. An exclusive lock on a file in the temp directory, named
    by the database's address; the kernel releases it if the process dies."""
    import redis

    kwargs = redis.connection.parse_url(url)
    name = f"assistant-redis-{kwargs.get('host', 'localhost')}-{kwargs.get('port', 6379)}" \
           f"-db{kwargs.get('db', 0)}.lock"
    with open(Path(tempfile.gettempdir()) / name, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another run on this machine is using Redis {url}",
                  file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_redis(url: str = REDIS_URL, folder: Path = ROOT / "build" / "redis") -> None:
    """Start a Redis on 127.0.0.1:6379 that keeps nothing on disk, unless one answers."""
    import redis

    if not redis_answers(url):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                        "--port", "6379", "--save", "", "--appendonly", "no",
                        "--dir", str(folder), "--logfile", str(folder / "redis.log")],
                       check=True)
        for _ in range(50):
            if redis_answers(url):
                break
            time.sleep(0.1)
    client = redis.Redis.from_url(url)
    try:
        persists = (client.config_get("save").get("save") or "",
                    client.config_get("appendonly").get("appendonly"))
    except redis.exceptions.ResponseError:  # CONFIG disabled: can't tell
        return
    if persists[0] or persists[1] == "yes":
        print("WARNING: this Redis writes to disk (save/appendonly): conversations would "
              "be kept in its files. See deploy/README.md.", file=sys.stderr)


def haproxy_config(replica_ports: List[int]) -> str:
    """deploy/haproxy.cfg with one server line per replica."""
    lines, servers = [], [f"    server replica{i + 1} 127.0.0.1:{port}"
                          for i, port in enumerate(replica_ports)]
    for line in (ROOT / "deploy" / "haproxy.cfg").read_text().splitlines():
        if line.strip().startswith("server replica"):
            if line.strip().startswith("server replica1 "):
                lines += servers
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


class Cluster:
    """Redis, `replicas` assistant processes and HAProxy, as a context manager."""

    def __init__(self, replicas: int = 3, port: int = 5005, folder: Path = ROOT / "build" / "scale",
                 credentials: Path = ROOT / "deploy" / "credentials.yml",
                 endpoints: Path = ROOT / "deploy" / "endpoints.yml",
                 env: Optional[Dict[str, str]] = None, rate_limit: int = 200,
                 model: Path = MODEL) -> None:
        self.port, self.folder = port, folder
        self.replica_ports = [port + 1 + i for i in range(replicas)]
        self.url = f"http://127.0.0.1:{port}"
        self.credentials, self.endpoints, self.model = credentials, endpoints, model
        # The replicas share one CONVERSATION_KEY, a random one for this run when the
        # environment has none (assistant/runtime/sealed_events.py).
        self.env = ensure_key(dict(os.environ, RASA_TELEMETRY_ENABLED="false",
                                   TF_CPP_MIN_LOG_LEVEL="2", **(env or {})))
        self.rate_limit = rate_limit
        self.processes: Dict[int, subprocess.Popen] = {}
        self.balancer: Optional[subprocess.Popen] = None

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[index]}"

    def start_replica(self, index: int) -> None:
        port = self.replica_ports[index]
        log = open(self.folder / f"replica-{index + 1}.log", "a")
        self.processes[index] = subprocess.Popen(
            ASSISTANT + ["run", "--model", str(self.model), "--port", str(port),
                         "--credentials", str(self.credentials),
                         "--endpoints", str(self.endpoints)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill_replica(self, index: int) -> None:
        """As a crash would: SIGKILL, no shutdown."""
        self.processes[index].kill()
        self.processes[index].wait()

    def wait_healthy(self, indexes: List[int]) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        pending = set(indexes)
        while pending:
            for index in list(pending):
                assert self.processes[index].poll() is None, (
                    f"replica {index + 1} exited: see {self.folder}/replica-{index + 1}.log")
                if healthy(self.replica_url(index)):
                    pending.discard(index)
            if time.monotonic() > deadline:
                raise TimeoutError(f"replicas {sorted(pending)} did not start")
            time.sleep(0.3)

    def __enter__(self) -> "Cluster":
        self.folder.mkdir(parents=True, exist_ok=True)
        ensure_redis(self.env.get("REDIS_URL", REDIS_URL))
        self.started = time.monotonic()
        for index in range(len(self.replica_ports)):
            self.start_replica(index)
        self.wait_healthy(list(range(len(self.replica_ports))))
        config = self.folder / "haproxy.cfg"
        config.write_text(haproxy_config(self.replica_ports))
        env = dict(self.env, PORT=str(self.port), RATE_LIMIT=str(self.rate_limit))
        self.balancer = subprocess.Popen([HAPROXY, "-f", str(config), "-db"], env=env,
                                         stdout=open(self.folder / "haproxy.log", "a"),
                                         stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not healthy(self.url):
            assert self.balancer.poll() is None, (self.folder / "haproxy.log").read_text()
            assert time.monotonic() < deadline, "the balancer did not start"
            time.sleep(0.2)
        return self

    def rss_bytes(self) -> int:
        """Resident memory of the replicas and the balancer."""
        return sum(rss_bytes(p.pid) for p in [self.balancer, *self.processes.values()]
                   if p is not None and p.poll() is None)

    def __exit__(self, *exc) -> None:
        for process in [self.balancer, *self.processes.values()]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.balancer, *self.processes.values()]:
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--rate-limit", type=int, default=200,
                        help="requests per client address in 10 s (not the SMS webhook)")
    args = parser.parse_args()

    def stop(*_):
        raise KeyboardInterrupt

    # Ctrl-C, or SIGTERM from a supervisor, stops the replicas and the balancer.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    with Cluster(args.replicas, args.port, rate_limit=args.rate_limit) as cluster:
        print(f"{args.replicas} replicas behind HAProxy at {cluster.url} "
              f"(replicas on ports {cluster.replica_ports[0]}-{cluster.replica_ports[-1]}, "
              f"logs in {cluster.folder}). Ctrl-C stops them.")
        print(f"  chat widget demo: {cluster.url}/demo/")
        print(f"  SMS (Twilio):     POST {cluster.url}/webhooks/twilio/webhook")
        try:
            while all(p.poll() is None for p in cluster.processes.values()):
                time.sleep(1)
            print("A replica stopped; stopping the rest.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
