"""The web chat channel (assistant/channels/web_channel.py): source captions, and, against a
running server, that nobody can choose, forge or hijack a conversation id, that
malformed events do no harm and that only allowed origins connect."""
import asyncio
import queue
import re

import pytest
import socketio

from assistant.channels.web_channel import SESSION_ID, WebChatOutput, source_names
from conftest import HOTLINE, ROOT, SOURCES, load_yaml

REPLY_TIMEOUT_S = 15


class FakeServer:
    def __init__(self):
        self.sent = []

    async def emit(self, event, data, room):
        self.sent.append((event, data, room))


def send(output, method, *args, **kwargs):
    asyncio.run(getattr(output, method)("room-1", *args, **kwargs))
    return output.sio.sent[-1]


@pytest.fixture
def output():
    return WebChatOutput(FakeServer(), "bot_uttered", source_names(ROOT / "knowledge/facts.yml"))


def test_an_faq_answer_names_its_sources(output):
    cited = ["definition_force_fraud_coercion", "coercion_forms"]
    event, data, room = send(
        output, "send_text_message", "An answer.",
        utter_action="utter_faq/what_is", metadata={"facts": cited},
    )
    assert (event, room) == ("bot_uttered", "room-1")
    names = source_names(ROOT / "knowledge/facts.yml")
    assert data["text"] == "An answer."
    for fact in cited:
        assert names[fact] in data["source"]


def test_safety_replies_and_small_talk_have_no_caption(output):
    _, data, _ = send(
        output, "send_text_message", "1-888-373-7888 ...",
        utter_action="utter_urgent", metadata={"facts": ["hotline"]},
    )
    assert "source" not in data


def test_buttons_become_quick_replies_with_title_and_payload_only(output):
    buttons = [{"title": "Forms", "payload": "What are the forms?", "extra": "x"}]
    _, data, _ = send(output, "send_text_with_buttons", "Pick one", buttons)
    assert data == {"text": "Pick one", "quick_replies": [
        {"title": "Forms", "payload": "What are the forms?"}]}


def test_every_source_has_a_name_that_its_document_bears_out():
    catalogue = load_yaml("knowledge/facts.yml")
    names = catalogue["source_names"]
    assert {f["source"] for f in catalogue["facts"]} <= set(names)
    if not SOURCES.exists():
        pytest.skip("source documents not present")
    for file, name in names.items():
        text = (SOURCES / file).read_text(encoding="utf-8")
        titles = re.findall(r'"([^"]+)"', name)
        proper = re.findall(r"Innocence Freed|U\.S\. Department of Justice|Exodus Cry", name)
        for words in titles + proper:
            assert words in text, (file, words)


# --- Against a running server --------------------------------------------------------

class Client:
    """A socket.io client like the widget, recording what the server sends it."""

    def __init__(self, url: str, origin: str = None):
        self.sio = socketio.Client(reconnection=False)
        self.confirmed = queue.Queue()
        self.replies = queue.Queue()
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("bot_uttered", self.replies.put)
        headers = {"Origin": origin} if origin else {}
        self.sio.connect(url, headers=headers, transports=["polling"], wait_timeout=10)

    def session(self, claimed=None) -> str:
        self.sio.emit("session_request", {"session_id": claimed})
        return self.confirmed.get(timeout=REPLY_TIMEOUT_S)

    def say(self, data) -> None:
        self.sio.emit("user_uttered", data)

    def reply(self, timeout=REPLY_TIMEOUT_S):
        return self.replies.get(timeout=timeout)

    def close(self):
        self.sio.disconnect()


@pytest.fixture
def client(live_server):
    c = Client(live_server.url)
    yield c
    c.close()


@pytest.mark.parametrize("claimed", [None, "alice", "1", "0" * 31, "A" * 32, 42, ["x"]])
def test_the_server_picks_the_conversation_id(client, claimed):
    session_id = client.session(claimed)
    assert SESSION_ID.match(session_id) and session_id != claimed


def test_a_tab_resumes_its_own_conversation_id(client):
    first = client.session()
    assert client.session(first) == first


def test_a_message_cannot_be_sent_into_another_conversation(live_server, client):
    victim = Client(live_server.url)
    try:
        victim_id = victim.session()
        client.session()
        # The id in the message is ignored: the server uses the socket's own session.
        client.say({"message": "hi", "session_id": victim_id})
        assert client.reply()["text"]
        with pytest.raises(queue.Empty):
            victim.reply(timeout=3)
    finally:
        victim.close()


@pytest.mark.parametrize("data", ["hi", ["hi"], {}, {"message": 5}, {"message": None}, None])
def test_malformed_events_are_dropped_and_the_conversation_goes_on(client, data):
    client.session()
    client.say(data)
    client.say({"message": "what is human trafficking?"})
    assert "force, fraud or coercion" in client.reply()["text"]
    with pytest.raises(queue.Empty):  # nothing more: the malformed event got no answer
        client.reply(timeout=2)


def test_a_message_before_the_session_is_dropped(client):
    client.say({"message": "hi"})
    with pytest.raises(queue.Empty):
        client.reply(timeout=3)


def test_a_huge_message_is_not_read_and_gets_the_hotline(client):
    client.session()
    client.say({"message": "trafficking " * 15000})  # 180,000 characters
    reply = client.reply()["text"]
    assert "too long" in reply and HOTLINE in reply


def test_only_allowed_origins_and_the_server_itself_connect(live_server, sites):
    _, allowed, refused = sites
    for origin in [allowed, live_server.url]:
        Client(live_server.url, origin=origin).close()
    for origin in [refused, "http://evil.example", "null"]:
        with pytest.raises(socketio.exceptions.ConnectionError):
            Client(live_server.url, origin=origin)


@pytest.mark.parametrize("command", ["/restart", "/faq/what_is", "/urgent_help{\"x\": 1}"])
def test_visitors_cannot_send_intent_commands(live_server, client, command):
    client.session()
    client.say({"message": command + " zqxmarker"})
    assert client.reply()["text"]
    assert "zqxmarker" not in live_server.output()


def test_if_the_assistant_fails_on_a_message_the_visitor_gets_the_hotline():
    from assistant.channels.web_channel import WebChatInput

    async def failing(message):
        raise RuntimeError("the conversation store is down")

    channel = WebChatInput()
    channel.blueprint(failing)
    sent = []

    async def emit(event, data, room=None, **kwargs):
        sent.append((event, data, room))

    async def get_session(sid):
        return {"session_id": "a" * 32}

    channel.sio.emit, channel.sio.get_session = emit, get_session
    handler = channel.sio.handlers["/"]["user_uttered"]
    asyncio.run(handler("sid-1", {"message": "help"}))
    [(event, data, room)] = sent
    assert event == "bot_uttered" and HOTLINE in data["text"] and room == "a" * 32


def test_a_stopping_server_finishes_the_messages_it_is_answering():
    from assistant.channels.web_channel import WebChatInput

    answered = []

    async def slow(message):
        await asyncio.sleep(0.5)
        answered.append(message.text)

    async def run():
        channel = WebChatInput()
        channel.blueprint(slow)

        async def get_session(sid):
            return {"session_id": "b" * 32}

        channel.sio.get_session = get_session
        handler = channel.sio.handlers["/"]["user_uttered"]
        # As socket.io runs it: a task of its own, not awaited by the request.
        asyncio.ensure_future(handler("sid-2", {"message": "help me"}))
        await asyncio.sleep(0.05)
        await channel.drain()  # the server's before_server_stop listener
        return list(answered), len(channel._in_flight)

    assert asyncio.run(run()) == (["help me"], 0)
