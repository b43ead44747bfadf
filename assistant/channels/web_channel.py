"""The website chat widget's channel: Rasa's socket.io channel, made safe for the web.

Compared with Rasa's own `socketio` channel (whose name and events it keeps, so the
widget and `channel: socketio` response variations work the same):

- Only the configured origins (and the server's own pages) may connect; Rasa's
  channel accepts every origin.
- The server alone picks conversation ids (`secrets.token_hex`), keeps each socket's
  id in its socket.io session and ignores any id a message claims, so nobody can
  write into, or read, a conversation by guessing or forging its id.
- Malformed events are dropped without logging what they contained; if the assistant
  fails on a message, the visitor gets the hotline; a stopping server first finishes
  the messages it is answering (up to 10 s).
- FAQ answers carry the names of their source documents, for the widget's caption.
- It serves the widget's built files at /widget/ and the demo page at /demo/, so no
  CDN and no second server is needed.
"""
import asyncio
import logging
import re
import secrets
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic
from socketio import AsyncServer

from assistant import LAST_RESORT, yaml_files
from assistant.channels.incoming import user_text

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
# The one intent command a browser may send: the widget asks for the greeting with it.
# Any other leading "/" is dropped, and a message over 2,000 characters gets the "too
# long" reply (assistant/channels/incoming.py; the widget's input allows 1,000).
GREETING_REQUEST = "/greet"
# How long a stopping server waits for the chat messages it is answering.
DRAIN_TIMEOUT_S = 10


def new_session_id() -> Text:
    """An unguessable conversation id: 128 random bits as 32 hex digits."""
    return secrets.token_hex(16)


def source_names(facts_file: Path) -> Dict[Text, Text]:
    """Fact id -> the name of the document it comes from (knowledge/facts.yml)."""
    catalogue = yaml_files.safe_load(facts_file.read_text(encoding="utf-8"))
    names = catalogue["source_names"]
    return {fact["id"]: names[fact["source"]] for fact in catalogue["facts"]}


class WebChatOutput(SocketIOOutput):
    """Sends each reply as one `bot_uttered` event, with a source caption on answers."""

    def __init__(
        self, sio: AsyncServer, bot_message_evt: Text, sources: Dict[Text, Text]
    ) -> None:
        super().__init__(sio, bot_message_evt)
        self.sources = sources

    def _caption(self, kwargs: Dict[Text, Any]) -> Optional[Text]:
        # Only answers to questions get a caption; the hotline and small talk don't.
        if not str(kwargs.get("utter_action", "")).startswith("utter_faq/"):
            return None
        facts = (kwargs.get("metadata") or {}).get("facts") or []
        names = list(dict.fromkeys(self.sources[f] for f in facts if f in self.sources))
        if not names:
            return None
        return ("Source: " if len(names) == 1 else "Sources: ") + "; ".join(names)

    async def _send(self, recipient_id: Text, message: Dict, kwargs: Dict) -> None:
        caption = self._caption(kwargs)
        if caption:
            message["source"] = caption
        await self._send_message(recipient_id, message)

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        await self._send(recipient_id, {"text": text.strip()}, kwargs)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        replies = [{"title": b["title"], "payload": b["payload"]} for b in buttons]
        await self._send(
            recipient_id, {"text": text.strip(), "quick_replies": replies}, kwargs
        )


class WidgetBlueprint(SocketBlueprint):
    """Attaches socket.io, serves the widget and the demo page from the app root, and
    lets messages being answered finish when the server stops."""

    def __init__(self, static_dirs: Dict[Text, Path], drain: Callable[..., Awaitable[Any]],
                 *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ctx.static_dirs = static_dirs
        self.ctx.drain = drain

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        # One route per file (no directory routes): only these files can be served.
        for uri, folder in self.ctx.static_dirs.items():
            if not folder.is_dir():
                logger.warning(f"{folder} is missing: run `make install` to build it.")
                continue
            for path in sorted(p for p in folder.iterdir() if p.is_file()):
                route = f"{uri}/" if path.name == "index.html" else f"{uri}/{path.name}"
                app.static(route, str(path), name=route.strip("/").replace("/", "_"))
        app.register_listener(self.ctx.drain, "before_server_stop")
        super().register(app, options)


class WebChatInput(SocketIOInput):
    """The widget's socket.io channel. Settings come from credentials.yml."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            allowed_origins=credentials.get("allowed_origins") or [],
            widget_dir=credentials.get("widget_dir", "build/widget"),
            demo_dir=credentials.get("demo_dir", "widget/demo"),
            facts_file=credentials.get("facts_file", "knowledge/facts.yml"),
        )

    def __init__(
        self,
        allowed_origins: Iterable[Text] = (),
        widget_dir: Text = "build/widget",
        demo_dir: Text = "widget/demo",
        facts_file: Text = "knowledge/facts.yml",
    ) -> None:
        super().__init__(
            user_message_evt="user_uttered",
            bot_message_evt="bot_uttered",
            session_persistence=True,
        )
        self.allowed_origins = {o.rstrip("/") for o in allowed_origins}
        self.static_dirs = {"/widget": ROOT / widget_dir, "/demo": ROOT / demo_dir}
        self.sources = source_names(ROOT / facts_file)
        self._in_flight: Set["asyncio.Task[Any]"] = set()

    def origin_allowed(self, origin: Optional[Text], environ: Dict) -> bool:
        """The configured origins, and the server's own pages (the demo)."""
        if origin is None:  # not a browser: the same-origin policy doesn't apply
            return True
        own = f"{environ.get('wsgi.url_scheme')}://{environ.get('HTTP_HOST')}"
        return origin in self.allowed_origins or origin == own

    async def drain(self, *_: Any, timeout: float = DRAIN_TIMEOUT_S) -> None:
        """Wait for the messages being answered: socket.io runs each as a task of its
        own, which a stopping server would otherwise cancel (a rolling restart would
        drop the message)."""
        if self._in_flight:
            logger.info(f"Finishing {len(self._in_flight)} chat message(s) before stopping.")
            await asyncio.wait(set(self._in_flight), timeout=timeout)

    def get_output_channel(self) -> Optional[WebChatOutput]:
        if self.sio is None:
            return None
        return WebChatOutput(self.sio, self.bot_message_evt, self.sources)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origin_allowed)
        self.sio = sio
        bp = WidgetBlueprint(
            self.static_dirs, self.drain, sio, self.socketio_path, "web_chat", __name__
        )

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any = None) -> None:
            # Resume the tab's conversation when it sends back an id of ours (it
            # keeps it in sessionStorage); anything else starts a new one.
            claimed = data.get("session_id") if isinstance(data, dict) else None
            session_id = (
                claimed
                if isinstance(claimed, str) and SESSION_ID.match(claimed)
                else new_session_id()
            )
            await sio.save_session(sid, {"session_id": session_id})
            sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: Text, data: Any = None) -> None:
            session_id = (await sio.get_session(sid)).get("session_id")
            text = data.get("message") if isinstance(data, dict) else None
            if session_id is None or not isinstance(text, str):
                logger.warning("Dropped a malformed or session-less chat event.")
                return
            output = WebChatOutput(sio, self.bot_message_evt, self.sources)
            task = asyncio.current_task()
            self._in_flight.add(task)
            try:
                await on_new_message(
                    UserMessage(
                        user_text(text, commands={GREETING_REQUEST}),
                        output,
                        session_id,
                        input_channel=self.name(),
                    )
                )
            except Exception:
                # A store that is down, or a bug: the visitor still gets the hotline.
                logger.exception("The assistant failed on a chat message; sent the hotline.")
                await output.send_text_message(session_id, LAST_RESORT)
            finally:
                self._in_flight.discard(task)

        return bp
