"""`make sms`: text the running assistant from the terminal, as Twilio would.

Each message is posted to the SMS webhook as Twilio posts it, signed with
TWILIO_AUTH_TOKEN exactly as Twilio signs it, and each SMS of the TwiML answer is
shown as a phone would get it, with its length, encoding and segment count.

    make sms                                  # interactive, against `make run`
    python -m tools.sms_simulator --send "what is trafficking?"
"""
import argparse
import os
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from typing import List

from twilio.request_validator import RequestValidator

from assistant.channels import sms_text

DEFAULT_URL = "http://localhost:5005/webhooks/twilio/webhook"
# A number reserved for fiction (555-01xx): no real phone's.
DEFAULT_FROM = "+15555550142"


def text_assistant(url: str, token: str, sender: str, body: str, media: int = 0) -> List[str]:
    """Post one SMS as Twilio does; return the SMS messages of the answer."""
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+15555550100",
        "Body": body,
        "NumMedia": str(media),
    }
    signature = RequestValidator(token).compute_signature(url, params)
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        root = ElementTree.fromstring(answer.read())
    return [message.text or "" for message in root.iter("Message")]


def show(messages: List[str]) -> None:
    if not messages:
        print("  (no reply)")
    for i, message in enumerate(messages, start=1):
        encoding = "GSM-7" if sms_text.is_gsm7(message) else "UCS-2"
        count = sms_text.segments(message)
        print(f"  [SMS {i}/{len(messages)}: {len(message)} characters, {encoding}, "
              f"{count} segment{'s' if count > 1 else ''}]")
        for line in message.splitlines():
            print(f"  | {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="the SMS webhook")
    parser.add_argument("--from", dest="sender", default=DEFAULT_FROM, help="the sender's number")
    parser.add_argument("--send", action="append", help="send this and exit (repeatable)")
    args = parser.parse_args()
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not token:
        print("Set TWILIO_AUTH_TOKEN to the token the assistant uses (make sms does).",
              file=sys.stderr)
        return 2

    def send(body: str) -> bool:
        try:
            show(text_assistant(args.url, token, args.sender, body))
            return True
        except urllib.error.HTTPError as error:
            print(f"  the assistant answered HTTP {error.code}", file=sys.stderr)
        except urllib.error.URLError as error:
            print(f"  can't reach {args.url}: {error.reason}. Is `make run` running?",
                  file=sys.stderr)
        return False

    if args.send:
        results = []
        for body in args.send:
            print(f"> {body}")
            results.append(send(body))
        return 0 if all(results) else 1
    print(f"Texting {args.url} from {args.sender}. Ctrl-D to stop.")
    while True:
        try:
            body = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        send(body)


if __name__ == "__main__":
    sys.exit(main())
