"""The REST channel, for tests, benchmarks and staff tools; not for the public.

POST /webhooks/rest/webhook {"sender": "...", "message": "..."} answers with the bot's
messages as JSON, as Rasa's own `rest` channel does (the name is the same), but:

- a body that is not a JSON object with a string `sender` (up to 64 characters) and a
  string `message` gets 400, and nothing it held is logged (Rasa's channel logged the
  text with its traceback at ERROR);
- the text goes through assistant/channels/incoming.py like every channel's: a message
  over 2,000 characters gets the "too long" reply, leading "/" is dropped;
- the client cannot set the input channel or the metadata (Rasa's takes both from the
  body, so a client could pass as the SMS channel or store what it liked);
- if the assistant fails, the reply is the hotline (and the failure is logged without
  the text).

It has no authentication: whoever can reach it can write into any conversation whose
id they know. So production (credentials.yml) leaves it off; tests and `make bench`
name it in their own credentials files. Deploying it would need a network boundary
that only staff can cross (deploy/README.md).
"""
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import LAST_RESORT
from assistant.channels.incoming import user_text

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 64


class RestInput(InputChannel):
    """POST a message, get the replies back in the response."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        rest = Blueprint("rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # not JSON (Sanic raises on a malformed body)
                body = None
            sender = body.get("sender") if isinstance(body, dict) else None
            text = body.get("message") if isinstance(body, dict) else None
            if not (isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS
                    and isinstance(text, str)):
                logger.warning("Refused a malformed REST request (400).")
                return response.json(
                    {"error": 'Send a JSON object: {"sender": "<id, up to 64 characters>", '
                              '"message": "<text>"}.'},
                    status=400,
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(user_text(text), collector, sender,
                                input_channel=self.name())
                )
            except CancelledError:
                logger.error("A REST message timed out; sent the hotline.")
                return response.json([{"recipient_id": sender, "text": LAST_RESORT}])
            except Exception:
                logger.exception("The assistant failed on a REST message; sent the hotline.")
                return response.json([{"recipient_id": sender, "text": LAST_RESORT}])
            return response.json(collector.messages)

        return rest
