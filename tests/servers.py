"""Real servers for channel tests: `rasa run` as the user runs it, and static pages."""
import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from conftest import ROOT

MODEL = ROOT / "models" / "assistant.tar.gz"
# A page on another site that embeds the widget.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Another site</title></head><body><main><h1>Another site</h1></main>
<script src="{script}" defer data-server="{server}" data-exit-url="{server}/demo/neutral.html">
</script></body></html>"""
RASA = Path(sys.executable).parent / "rasa"
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RasaServer:
    """`rasa run` on a free port with the given credentials; its output goes to `log`."""

    def __init__(
        self,
        credentials: Path,
        log: Path,
        port: int = 0,
        endpoints: Path = ROOT / "endpoints.yml",
        env: Optional[Dict[str, str]] = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.credentials = credentials
        self.endpoints = endpoints
        self.env = env or {}

    def __enter__(self) -> "RasaServer":
        assert MODEL.exists(), "no trained model: run `make train` (make test does)"
        env = dict(
            os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", **self.env
        )
        self._out = open(self.log, "w")
        self.process = subprocess.Popen(
            [str(RASA), "run", "--model", str(MODEL), "--port", str(self.port),
             "--credentials", str(self.credentials), "--endpoints", str(self.endpoints)],
            cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
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


@contextlib.contextmanager
def static_servers(folder: Path, count: int) -> Iterator[List[str]]:
    """Serve `folder` on `count` free ports: each is a different web origin."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(count)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
