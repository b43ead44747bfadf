"""What people write stays out of every file the assistant writes, and the usage report
counts what happened.

A server runs as `make run` runs it (`python -m assistant run`, conversations in memory,
the usage recorder on) but at DEBUG level, where Rasa logs the most, with the REST
channel on. Conversations with a unique word in them go through every channel,
well-formed and malformed; the server stops (the recorder writes its last counts);
then every file it wrote (log, usage database, the report and its chart) is searched
for that word and for the phone number, and the report's counts are checked against
what was sent.
"""
import json
import queue
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, SMS_AUTH_TOKEN, SMS_ID_SECRET
from test_sms_channel import messages, post as sms_post, sms
from test_web_channel import Client

WORD = "zqxprivatemarker"
PHONE = "+15555550177"  # a fictional number (555-01xx)
SECRETS = (WORD, PHONE, PHONE[1:], PHONE[-7:])
ANSWERED = ("answered", "urgent, then answered")
# (text, the outcomes the report may count for it on each channel)
MESSAGES = [
    (f"my name is {WORD}, what is human trafficking?", ANSWERED),
    (f"help me {WORD} he took my passport and I can't leave", ("urgent",)),
    (f"{WORD}", ("not understood",)),
    (f"/faq/what_is{{\"x\": \"{WORD}\"}}", None),  # sent as text: any outcome
    (f"<b>{WORD}</b> " * 500, ("too long",)),
]
CHANNELS = ["rest", "sms", "web"]


def rest(url, data: bytes) -> None:
    request = urllib.request.Request(url + "/webhooks/rest/webhook", data=data)
    try:
        urllib.request.urlopen(request, timeout=30).read()
    except urllib.error.HTTPError:
        pass


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """Run the conversations; return the folder with everything the server wrote."""
    from servers import RasaServer

    folder = tmp_path_factory.mktemp("privacy")
    credentials = folder / "credentials.yml"
    credentials.write_text(
        (ROOT / "credentials.yml").read_text()
        + "\nassistant.channels.rest_channel.RestInput:\n"
    )
    env = {"TWILIO_AUTH_TOKEN": SMS_AUTH_TOKEN, "SMS_ID_SECRET": SMS_ID_SECRET,
           "USAGE_DB_URL": f"sqlite:///{folder / 'usage.db'}"}
    with RasaServer(credentials, folder / "server.log", env=env,
                    extra_args=["--debug"]) as server:
        for number, (text, _) in enumerate(MESSAGES):
            rest(server.url, json.dumps({"sender": f"p{number}", "message": text}).encode())
            status, twiml = sms_post(server, sms(text, sender=PHONE))
            assert status == 200 and messages(twiml)
        for malformed in ([WORD], {"sender": "p", "message": [WORD]}, {"message": WORD}):
            rest(server.url, json.dumps(malformed).encode())
        rest(server.url, f"{{not json {WORD}".encode())
        web = Client(server.url)
        try:
            web.session()
            for text, _ in MESSAGES:
                web.say({"message": text})
                assert web.reply()["text"]
                # Every reply of this turn (urgent, then the answer) before the next.
                while True:
                    try:
                        web.reply(timeout=1.5)
                    except queue.Empty:
                        break
            web.say([WORD])
        finally:
            web.close()
    report = subprocess.run(
        [sys.executable, "-m", "tools.report", "--url", f"sqlite:///{folder / 'usage.db'}",
         "--days", "2", "--min-count", "1", "--out", str(folder / "report")],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (folder / "report.txt").write_text(report)
    return folder


def test_it_logged_at_debug(session):
    log = (session / "server.log").read_text()
    assert "DEBUG" in log and "parse_data_text" in log  # Rasa did log each message
    assert "Started by python -m assistant: user text redacted" in log
    assert "NOT redacted" not in log


def test_nothing_written_holds_a_users_words_or_number(session):
    written = [p for p in session.rglob("*") if p.is_file() and p.name != "credentials.yml"]
    assert {"server.log", "usage.db", "report.txt", "usage.png"} <= {p.name for p in written}
    for path in written:
        content = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in content, (path.name, secret)


def test_the_database_holds_counts_and_nothing_else(session):
    with sqlite3.connect(session / "usage.db") as db:
        columns = [c[1] for c in db.execute("PRAGMA table_info(usage_counts)")]
        hours = [r[0] for r in db.execute("SELECT hour FROM usage_counts")]
    assert columns == ["id", "hour", "channel", "outcome", "detail", "layer", "turns"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:00:00(\.0+)?", h) for h in hours), hours


def report_table(session):
    text = (session / "report.txt").read_text()
    block = text.split("Turns by outcome and channel\n", 1)[1].split("\n\n", 1)[0]
    header, _, *rows = block.splitlines()
    channels = header.split()[1:-1]
    counts = {}
    for row in rows:
        outcome, *numbers = re.split(r"\s{2,}", row.strip())
        counts[outcome] = dict(zip(channels + ["total"], map(int, numbers)))
    return counts


def test_the_report_counts_what_was_sent(session):
    counts = report_table(session)
    for channel in CHANNELS:
        # Every well-formed message is one turn; malformed ones are not turns.
        assert sum(row.get(channel, 0) for row in counts.values()) == len(MESSAGES), channel
        for _, allowed in MESSAGES:
            if allowed:
                expected = sum(1 for _, a in MESSAGES if a == allowed)
                got = sum(counts.get(o, {}).get(channel, 0) for o in allowed)
                # The message sent with any outcome may have landed here too.
                free = sum(1 for _, a in MESSAGES if a is None)
                assert expected <= got <= expected + free, (allowed, channel, counts)
    assert counts["too long"]["total"] == len(CHANNELS)
    urgent_turns = sum(counts.get(o, {}).get("total", 0) for o in ("urgent", "urgent, then answered"))
    by_layer = (session / "report.txt").read_text().split("caught them\n", 1)[1]
    layers = {m.group(1): int(m.group(2))
              for m in re.finditer(r"^(classifier|lexicon|both)\s+(\d+)$", by_layer, re.M)}
    assert sum(layers.values()) == urgent_turns >= len(CHANNELS)
