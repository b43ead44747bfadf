"""The SMS channel: a Twilio webhook that is verified, answers in its own TwiML
response, and never keeps a phone number.

Compared with Rasa's built-in `twilio` channel:
- every request must carry a valid `X-Twilio-Signature` (Twilio's `RequestValidator`,
  auth token from the environment), else 403;
- the answer goes back in the webhook's TwiML response (one `<Message>` each), so
  there is no outbound API call and no phone number to send to;
- the conversation id is an HMAC of the sender's number with a secret key from the
  environment: stable per sender, not reversible from what is stored or logged;
- replies are shaped for SMS (assistant/channels/sms_text.py); buttons become numbered
  choices and a reply of "1" picks the first;
- carrier keywords (STOP, START, HELP, ...) are handled, not read as questions.

The output channel is named `twilio`, so `channel: twilio` response variants apply.

Environment:
  TWILIO_AUTH_TOKEN  the Twilio account's auth token (signs every webhook request)
  SMS_ID_SECRET      the key for hashing phone numbers into conversation ids
Without both, the channel refuses every request.
"""
import hashlib
import hmac
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from assistant import LAST_RESORT
from assistant.channels import sms_text
from assistant.channels.incoming import user_text
from assistant.runtime.choice_replies import choice_number, chosen

logger = logging.getLogger(__name__)

AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN"
ID_SECRET_ENV = "SMS_ID_SECRET"

# Carrier opt-out words: Twilio stops delivering to the sender, so nothing is sent.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
# Other keywords, answered by the intent they stand for (replies live in domain.yml).
KEYWORD_INTENTS = {
    "HELP": "ask_capabilities",
    "INFO": "ask_capabilities",
    "START": "greet",
    "UNSTOP": "greet",
    "YES": "greet",
}
# An empty or picture-only message: the fallback with the entity `no_text`, whose rule
# sends `utter_no_text` ("I can only read text, not pictures", with the hotline).
NO_TEXT = '/nlu_fallback{"no_text": "yes"}'


def conversation_id(phone_number: Text, secret: Text) -> Text:
    """A keyed hash of the number: the same sender always gets the same id."""
    digest = hmac.new(secret.encode(), phone_number.strip().encode(), hashlib.sha256)
    return "sms-" + digest.hexdigest()[:32]


def keyword(text: Text) -> Text:
    return re.sub(r"[^A-Z]", "", text.upper()) if len(text) <= 20 else ""


def form(request: Request) -> RequestParameters:
    """The posted fields, blank ones included: Twilio signs `Body=` even when empty
    (Sanic's own `request.form` drops blank fields)."""
    body = request.body.decode("utf-8", errors="replace")
    return RequestParameters(parse_qs(body, keep_blank_values=True))


def twiml(messages: List[Text]) -> HTTPResponse:
    reply = MessagingResponse()
    for message in messages:
        reply.message(message)
    return response.text(str(reply), content_type="application/xml")


class SmsOutput(OutputChannel):
    """Collects the bot's replies for the webhook's TwiML response."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(self) -> None:
        self.replies: List[Dict[Text, Any]] = []

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        self.replies.append({"text": text})

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        self.replies.append({"text": text, "buttons": buttons})


class SmsInput(InputChannel):
    """The Twilio SMS webhook at /webhooks/twilio/webhook."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(public_base_url=credentials.get("public_base_url"))

    def __init__(self, public_base_url: Optional[Text] = None) -> None:
        self.public_base_url = (public_base_url or "").rstrip("/") or None
        self.auth_token = os.environ.get(AUTH_TOKEN_ENV)
        self.id_secret = os.environ.get(ID_SECRET_ENV)
        if not (self.auth_token and self.id_secret):
            logger.warning(
                f"SMS channel off: set {AUTH_TOKEN_ENV} and {ID_SECRET_ENV}. "
                "Every request to it gets 403."
            )

    def signed_url(self, request: Request) -> Text:
        """The address Twilio signed: the public one when behind a proxy."""
        if not self.public_base_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_base_url}{request.path}{query}"

    def is_genuine(self, request: Request, fields: RequestParameters) -> bool:
        signature = request.headers.get("X-Twilio-Signature")
        if not (self.auth_token and self.id_secret and signature):
            return False
        validator = RequestValidator(self.auth_token)
        return validator.validate(self.signed_url(request), fields, signature)

    async def chosen_payload(self, request: Request, sender_id: Text, text: Text) -> Text:
        """A pick ("1", "the second one") of the numbered choices the last reply offered
        is that choice (assistant/runtime/choice_replies.py, which every start point's
        `follow_ups.use()` also applies; here too, so that the numbers this channel
        shows work however the server was started)."""
        if choice_number(text) is None:
            return text
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
        return chosen(text, tracker) or text

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        sms = Blueprint("sms_webhook", __name__)

        @sms.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            fields = form(request)
            if not self.is_genuine(request, fields):
                logger.warning("Refused an SMS webhook request without a valid signature.")
                return response.text("Forbidden", status=403)
            sender = fields.get("From") or ""
            if not sender:
                return twiml([])
            sender_id = conversation_id(sender, self.id_secret)
            # Leading "/" dropped, too long -> the "too long" reply (channels/incoming.py).
            text = user_text(fields.get("Body") or "")
            word = keyword(text)
            if word in STOP_WORDS:
                return twiml([])
            if word in KEYWORD_INTENTS:
                text = "/" + KEYWORD_INTENTS[word]
            elif not text:  # empty, or a picture or other media only
                text = NO_TEXT
            output = SmsOutput()
            try:
                text = await self.chosen_payload(request, sender_id, text)
                await on_new_message(
                    UserMessage(text, output, sender_id, input_channel=self.name())
                )
            except Exception:
                logger.exception("The assistant failed on an SMS; sent the hotline.")
                return twiml([LAST_RESORT])
            return twiml(sms_text.shape(output.replies) or [LAST_RESORT])

        return sms
