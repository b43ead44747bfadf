"""What people write stays out of every file the assistant writes.

A server runs as `make run` runs it (`python -m assistant run`, conversations in memory)
but at DEBUG level, where Rasa logs the most, with the REST channel on. Conversations
with a unique word in them go through every channel, well-formed and malformed; then
every file the server wrote is searched for that word and for the phone number.
"""
import json
import urllib.request

import pytest

from conftest import ROOT, SMS_AUTH_TOKEN, SMS_ID_SECRET
from test_sms_channel import messages, post as sms_post, sms
from test_web_channel import Client

WORD = "zqxprivatemarker"
PHONE = "+15555550177"  # a fictional number (555-01xx)
MESSAGES = [
    f"my name is {WORD}, what is human trafficking?",
    f"help me {WORD} he took my passport",
    f"{WORD}",
    f"/faq/what_is{{\"x\": \"{WORD}\"}}",
    f"<b>{WORD}</b> " * 500,  # over the length cap
]


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory):
    from servers import RasaServer

    folder = tmp_path_factory.mktemp("privacy")
    credentials = folder / "credentials.yml"
    credentials.write_text(
        (ROOT / "credentials.yml").read_text()
        + "\nassistant.channels.rest_channel.RestInput:\n"
    )
    env = {"TWILIO_AUTH_TOKEN": SMS_AUTH_TOKEN, "SMS_ID_SECRET": SMS_ID_SECRET}
    with RasaServer(credentials, folder / "server.log", env=env,
                    extra_args=["--debug"]) as server:
        server.folder = folder
        yield server


def rest(server, data: bytes) -> None:
    request = urllib.request.Request(server.url + "/webhooks/rest/webhook", data=data)
    try:
        urllib.request.urlopen(request, timeout=30).read()
    except urllib.error.HTTPError:
        pass


def test_nothing_written_holds_a_users_words(debug_server):
    for number, text in enumerate(MESSAGES):
        rest(debug_server, json.dumps({"sender": f"p{number}", "message": text}).encode())
        status, twiml = sms_post(debug_server, sms(text, sender=PHONE))
        assert status == 200 and messages(twiml)
    for malformed in ([WORD], {"sender": "p", "message": [WORD]}, {"message": WORD}):
        rest(debug_server, json.dumps(malformed).encode())
    rest(debug_server, f"{{not json {WORD}".encode())
    web = Client(debug_server.url)
    try:
        web.session()
        for text in MESSAGES:
            web.say({"message": text})
            assert web.reply()["text"]
        web.say([WORD])
    finally:
        web.close()
    log = debug_server.output()
    assert "DEBUG" in log and "parse_data_text" in log  # it did log each message
    written = [p for p in debug_server.folder.rglob("*") if p.is_file()]
    for path in written:
        content = path.read_text(errors="replace")
        for secret in (WORD, PHONE, PHONE[1:], PHONE[-7:]):
            assert secret not in content, (path.name, secret)
