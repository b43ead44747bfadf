"""`rasa run` in a child process, as `make run` starts it (`python -m assistant run`):
for tests and `make bench`."""
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "assistant.tar.gz"
# As `make run` starts Rasa (assistant/__main__.py); the baseline in `make bench` runs
# plain `rasa`, as a `rasa init` project would.
ASSISTANT = [sys.executable, "-m", "assistant"]
PLAIN_RASA = [str(Path(sys.executable).parent / "rasa")]
START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> int:
    """A base port with `count` free ports from it (a balancer and its replicas)."""
    for _ in range(100):
        base = random.randint(20000, 40000)
        try:
            for port in range(base, base + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


def healthy(url: str) -> bool:
    """The server at `url` answers HTTP (Rasa: the model is loaded by then)."""
    try:
        with urllib.request.urlopen(url + "/", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


class RasaServer:
    """`python -m assistant run` (or `command`) on a free port; its output goes to `log`. A context manager that
    returns once the server answers HTTP (the model is loaded by then)."""

    def __init__(
        self,
        credentials: Path,
        log: Path,
        port: int = 0,
        model: Path = MODEL,
        endpoints: Path = ROOT / "endpoints.yml",
        env: Optional[Dict[str, str]] = None,
        command: Sequence[str] = tuple(ASSISTANT),
        extra_args: Sequence[str] = (),
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.credentials = credentials
        self.model = model
        self.endpoints = endpoints
        self.env = env or {}
        self.command = list(command)
        self.extra_args = list(extra_args)

    def __enter__(self) -> "RasaServer":
        assert self.model.exists(), f"no {self.model}: run `make train` (make test does)"
        # Tests and benchmarks count usage beside their log, never in build/usage.db.
        usage_db = f"sqlite:///{self.log.with_suffix('.usage.db')}"
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                   USAGE_DB_URL=usage_db)
        env.update(self.env)
        self._out = open(self.log, "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            self.command + [
                "run", "--model", str(self.model), "--port", str(self.port),
                "--credentials", str(self.credentials), "--endpoints", str(self.endpoints),
            ] + self.extra_args,
            cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT,
        )
        deadline = self.started + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            if healthy(self.url):
                return self
            time.sleep(0.2)
        self.__exit__()
        raise TimeoutError(f"rasa run did not start in {START_TIMEOUT_S} s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._out.close()

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")

    def rss_bytes(self) -> int:
        """Resident memory of the server and any worker processes it started."""
        return rss_bytes(self.process.pid)


def rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and its children."""
    pids, total = {root_pid}, 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root_pid:
            pids.add(int(stat.parent.name))
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total
