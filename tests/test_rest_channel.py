"""assistant/channels/rest_channel.py against a running server: answers, refuses
malformed bodies without logging them, caps length, and lets no client pick its
channel, metadata or intents."""
import json
import sqlite3
import urllib.error
import urllib.request

import pytest

from assistant.channels.incoming import MAX_MESSAGE_CHARS
from conftest import HOTLINE, ROOT, load_yaml

PATH = "/webhooks/rest/webhook"
MARKER = "qzvrestmarker"


def post(server, body, raw=False):
    data = body if raw else json.dumps(body).encode()
    request = urllib.request.Request(server.url + PATH, data=data,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_a_question_gets_its_answer(live_server):
    status, replies = post(live_server, {"sender": "rest-1", "message": "what is human trafficking?"})
    assert status == 200 and "force, fraud or coercion" in replies[0]["text"]


@pytest.mark.parametrize("body", [
    [MARKER], {"sender": "rest-2", "message": [MARKER]}, {"sender": "rest-2"},
    {"message": MARKER}, {"sender": 7, "message": MARKER}, {"sender": "", "message": MARKER},
    {"sender": "x" * 65, "message": MARKER}, {"sender": "rest-2", "message": {"t": MARKER}},
    f"not json {MARKER}".encode(), b"\xff\xfe" + MARKER.encode(), None,
])
def test_a_malformed_body_gets_400_and_nothing_of_it_is_logged(live_server, body):
    status, answer = post(live_server, body, raw=isinstance(body, bytes))
    assert status == 400 and "sender" in answer["error"]
    assert MARKER not in live_server.output()


def test_a_huge_message_is_not_read_and_gets_the_hotline(live_server):
    for size in (MAX_MESSAGE_CHARS + 1, 200_000, 1_000_000):
        status, [reply] = post(live_server, {"sender": "rest-3", "message": ("help " * size)[:size]})
        assert status == 200 and "too long" in reply["text"] and HOTLINE in reply["text"]
    # The conversation goes on.
    _, replies = post(live_server, {"sender": "rest-3", "message": "what is smuggling?"})
    assert "smuggl" in replies[0]["text"].lower()


def test_a_message_at_the_cap_is_read(live_server):
    text = ("what is human trafficking? " * 100)[:MAX_MESSAGE_CHARS]
    _, replies = post(live_server, {"sender": "rest-4", "message": text})
    assert "too long" not in replies[0]["text"]


def user_events(server, sender):
    with sqlite3.connect(server.tracker_db) as db:
        return [json.loads(r[0]) for r in db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,))]


@pytest.mark.parametrize("command", ["/urgent_help", "/restart", '/faq/what_is{"x": 1}'])
def test_a_client_cannot_send_intent_commands(live_server, command):
    sender = f"rest-5-{len(command)}"
    _, replies = post(live_server, {"sender": sender, "message": command})
    assert replies  # answered as text, not obeyed
    assert [e["text"] for e in user_events(live_server, sender)] == [command.lstrip("/")]


def test_a_client_cannot_choose_its_channel_or_store_metadata(live_server):
    post(live_server, {"sender": "rest-6", "message": "hi", "input_channel": "twilio",
                       "metadata": {"note": MARKER}})
    rows = user_events(live_server, "rest-6")
    assert rows and all(r["input_channel"] == "rest" for r in rows)
    assert MARKER not in json.dumps(rows)


def test_production_credentials_leave_rest_off():
    credentials = load_yaml("credentials.yml")
    assert "rest" not in credentials
    assert not any("rest_channel" in name for name in credentials)
    assert (ROOT / "assistant" / "channels" / "rest_channel.py").exists()
