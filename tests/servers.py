"""Servers for channel tests: `rasa run` (tools/rasa_server.py) and static pages."""
import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator, List

from tools.rasa_server import RasaServer, free_port  # noqa: F401  (tests import them here)

# A page on another site that embeds the widget.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Another site</title></head><body><main><h1>Another site</h1></main>
<script src="{script}" defer data-server="{server}" data-exit-url="{server}/demo/neutral.html">
</script></body></html>"""


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
