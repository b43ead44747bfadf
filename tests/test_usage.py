"""The usage report (assistant/usage/, tools/report.py): outcomes, the recorder, its
database on SQLite and PostgreSQL, retention, and small counts in the report."""
import asyncio
import datetime as dt
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from assistant.usage import outcome as o
from assistant.usage.recorder import UsageRecorder
from assistant.usage.store import UsageStore, usage
from conftest import ROOT
from tools import report

POSTGRES = "postgresql://assistant_test:assistant_test@127.0.0.1:5432/assistant_test"


def parse(intent, entities=(), **extra):
    return {"intent": {"name": intent, "confidence": 0.9},
            "entities": [{"entity": e, "value": "x"} for e in entities], **extra}


CHOICE = {"decision": "answer", "topics": [["forms", 0.8]]}


@pytest.mark.parametrize("data, after_offer, expected", [
    (parse("faq", topic_choice=CHOICE), False, o.Outcome(o.ANSWERED, "forms")),
    (parse("faq", topic_choice={"decision": "button", "topics": [["forms", 1.0]]}), True,
     o.Outcome(o.CHOICE_TAKEN, "forms")),
    (parse("faq", topic_choice={"decision": "button", "topics": [["forms", 1.0]]}), False,
     o.Outcome(o.ANSWERED, "forms")),
    (parse("nlu_fallback", ["suggestion_1", "suggestion_2"],
           topic_choice={"decision": "suggest", "topics": [["forms", .3], ["what_is", .2]]}),
     False, o.Outcome(o.DID_YOU_MEAN, "forms | what_is")),
    (parse("nlu_fallback", ["too_long"]), False, o.Outcome(o.TOO_LONG)),
    (parse("nlu_fallback", ["no_text"]), False, o.Outcome(o.NOT_UNDERSTOOD, "no text")),
    (parse("nlu_fallback", ["other_language"]), False, o.Outcome(o.OTHER_LANGUAGE)),
    (parse("nlu_fallback"), False, o.Outcome(o.NOT_UNDERSTOOD)),
    (parse("out_of_scope", topic_choice={"decision": "no topic fits",
                                         "topics": [["how_many", .1]]}), False,
     o.Outcome(o.OUT_OF_SCOPE, "near how_many")),
    (parse("out_of_scope"), False, o.Outcome(o.OUT_OF_SCOPE, "no topic near")),
    (parse("out_of_scope", response_selector={"faq": {"ranking": [
        {"intent_response_key": "faq/tvpa", "confidence": 0.3}]}}), False,
     o.Outcome(o.OUT_OF_SCOPE, "near tvpa")),
    (parse("urgent_help"), False, o.Outcome(o.URGENT, "", "classifier")),
    # Session 54: a few words not understood right after the urgent reply.
    (parse("urgent_help", after_urgent="out_of_scope"), False, o.Outcome(o.URGENT, "", "after urgent")),
    (parse("urgent_help", urgent_match={"category": "violence", "classifier_said": "faq"}),
     False, o.Outcome(o.URGENT, "violence", "lexicon")),
    (parse("urgent_help", urgent_match={"category": "violence",
                                        "classifier_said": "urgent_help"}),
     False, o.Outcome(o.URGENT, "violence", "both")),
    (parse("faq", ["safety_net"], topic_choice=CHOICE,
           urgent_match={"category": "violence", "classifier_said": "faq"}),
     False, o.Outcome(o.URGENT_ANSWERED, "forms", "lexicon")),
    (parse("faq", ["safety_net"], topic_choice=CHOICE,
           urgent_match={"category": "violence", "classifier_said": "urgent_help"}),
     False, o.Outcome(o.URGENT_ANSWERED, "forms", "both")),
    # Only the classifier called the question urgent; the safety net answered it.
    ({"intent": {"name": "faq", "confidence": 1.0},
      "entities": [{"entity": "safety_net", "value": "urgent_help"}],
      "response_selector": {"faq": {
          "response": {"intent_response_key": "faq/leaving_hard", "confidence": 1.0},
          "ranking": [{"intent_response_key": "faq/leaving_hard", "confidence": 1.0}]}}},
     False, o.Outcome(o.URGENT_ANSWERED, "leaving_hard", "classifier")),
    # A question about the chat that was urgent too: its answer is the privacy reply.
    (parse("ask_privacy", ["safety_net"], response_selector={"faq": {
        "response": {"intent_response_key": "faq/forms", "confidence": 0.2}}},
           urgent_match={"category": "documents_taken", "classifier_said": "ask_privacy"}),
     False, o.Outcome(o.URGENT_ANSWERED, "ask_privacy", "lexicon")),
    (parse("ask_privacy"), False, o.Outcome(o.SMALL_TALK, "ask_privacy")),
    (parse("request_human"), False, o.Outcome(o.PERSON)),
    (parse("ask_what_to_do"), False, o.Outcome(o.WHAT_TO_DO)),
    (parse("decline_call"), False, o.Outcome(o.DECLINED_CALL)),
    (parse("unable_to_call"), False, o.Outcome(o.COULD_NOT_CALL)),
    (parse("reject_choices"), False, o.Outcome(o.NOT_UNDERSTOOD, "neither topic offered")),
    # Session 39: what a worried friend says of the person who stays.
    (parse("someone_stays"), False, o.Outcome(o.ANSWERED, "someone who stays")),
    (parse("someone_stays", ["safety_net"], urgent_match={
        "category": "danger_fear_threats", "classifier_said": "out_of_scope"}),
     False, o.Outcome(o.URGENT_ANSWERED, "someone_stays", "lexicon")),
    (parse("ask_about_assistant"), False, o.Outcome(o.SMALL_TALK, "ask_about_assistant")),
    (parse("ask_anonymous"), False, o.Outcome(o.DID_YOU_MEAN, "this chat | the hotline")),
    # Session 37: a survivor telling the past, found by the list alone or with others.
    (parse("urgent_help", ["survivor"], survivor={"intent_before": "out_of_scope"}), False,
     o.Outcome(o.URGENT, "survivor", "survivor list")),
    (parse("urgent_help", ["survivor"], survivor={"intent_before": "urgent_help"}), False,
     o.Outcome(o.URGENT, "survivor", "classifier")),
    (parse("urgent_help", ["survivor"], survivor={"intent_before": "urgent_help"},
           urgent_match={"category": "concern_for_someone", "classifier_said": "urgent_help"}),
     False, o.Outcome(o.URGENT, "survivor", "both")),
    # Session 38: a survivor's question answered after the survivor's wording.
    (parse("faq", ["safety_net", "survivor"], topic_choice=CHOICE,
           survivor={"intent_before": "faq"},
           urgent_match={"category": "maybe_a_victim", "classifier_said": "faq"}),
     False, o.Outcome(o.URGENT_ANSWERED, "forms", "lexicon")),
    (parse("greet"), False, o.Outcome(o.SMALL_TALK, "greet")),
])
def test_outcomes(data, after_offer, expected):
    assert o.classify(data, after_offer) == expected


def user_event(sender, data, channel="socketio", when=None):
    return {"event": "user", "sender_id": sender, "text": "secret words",
            "timestamp": when or time.time(), "input_channel": channel, "parse_data": data}


def record(url, events, **kwargs):
    recorder = UsageRecorder(url=url, flush_seconds=3600, **kwargs)
    for event in events:
        recorder.publish(event)
    for other in ({"event": "bot", "text": "secret"}, {"event": "action", "name": "x"}):
        recorder.publish({"sender_id": "a", **other})
    asyncio.run(recorder.close())


def rows(url):
    return sorted(UsageStore(url).rows(dt.datetime(2000, 1, 1)))


OFFER = parse("nlu_fallback", ["suggestion_1", "suggestion_2"],
              topic_choice={"decision": "suggest", "topics": [["forms", .3], ["what_is", .2]]})
TAP = parse("faq", topic_choice={"decision": "button", "topics": [["forms", 1.0]]})


def check_recorder(url):
    noon = dt.datetime(2026, 11, 20, 12, 34, tzinfo=dt.timezone.utc).timestamp()
    record(url, [
        user_event("sender-a", OFFER, when=noon), user_event("sender-a", TAP, when=noon + 60),
        user_event("sender-b", TAP, "twilio", when=noon + 120),
        user_event("sender-c", parse("urgent_help"), "rest", when=noon + 3600),
        user_event("sender-d", parse("greet"), "made-up-channel", when=noon + 3600),
    ], retention_days=36500)
    hour = dt.datetime(2026, 11, 20, 12)
    assert rows(url) == sorted([
        (hour, "web", o.DID_YOU_MEAN, "forms | what_is", "", 1),
        (hour, "web", o.CHOICE_TAKEN, "forms", "", 1),
        (hour, "sms", o.ANSWERED, "forms", "", 1),
        (hour + dt.timedelta(hours=1), "rest", o.URGENT, "", "classifier", 1),
        (hour + dt.timedelta(hours=1), "other", o.SMALL_TALK, "greet", "", 1),
    ])


def test_the_recorder_writes_counts_only_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.db'}"
    check_recorder(url)
    stored = (tmp_path / "usage.db").read_bytes()
    assert b"sender-" not in stored and b"secret" not in stored


@pytest.fixture
def postgres():
    # tools/services.sh (run by `make test`) finds, starts or installs PostgreSQL.
    engine = create_engine(POSTGRES, future=True)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS usage_counts"))
    except Exception as error:  # pragma: no cover - a clear message, not a skip
        pytest.fail(f"PostgreSQL at {POSTGRES} is not reachable: run tools/services.sh "
                    f"(make test does). {error}")
    yield POSTGRES
    engine.dispose()


def test_the_recorder_writes_counts_only_on_postgresql(postgres):
    check_recorder(postgres)
    engine = create_engine(postgres, future=True)
    with engine.connect() as connection:
        dump = " ".join(str(r) for r in connection.execute(usage.select()))
    assert "sender-" not in dump and "secret" not in dump


def test_two_recorders_share_one_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.db'}"
    event = user_event("s", parse("greet"))
    record(url, [event, event])
    record(url, [event])
    assert sum(r[-1] for r in rows(url)) == 3
    assert report.summarise(rows(url), 1)[0].count("small talk") == 1


def test_rows_past_retention_are_deleted(tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.db'}"
    now = time.time()
    old, recent = now - 91 * 86400, now - 89 * 86400
    record(url, [user_event("a", parse("greet"), when=old),
                 user_event("b", parse("greet"), when=recent)], retention_days=36500)
    assert len(rows(url)) == 2
    record(url, [], retention_days=90)  # a recorder starting deletes what is too old
    assert [r[0].date() for r in rows(url)] == [dt.datetime.utcfromtimestamp(recent).date()]


def test_the_report_hides_small_counts(tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.db'}"
    now = time.time()
    events = ([user_event(f"w{i}", parse("greet"), "socketio", now) for i in range(7)]
              + [user_event(f"s{i}", parse("greet"), "twilio", now) for i in range(2)]
              + [user_event("u", parse("urgent_help"), "twilio", now)])
    record(url, events)
    table, _ = report.summarise(rows(url), 5)
    lines = table.split("\n\n")[0].splitlines()
    cells = {line.split("  ")[0]: line.split()[-3:] for line in lines[3:]}
    assert lines[1].split() == ["outcome", "web", "sms", "total"]
    assert cells["small talk"] == ["7", "<5", "7+"]  # 9 in all: the 2 on SMS stay hidden
    assert cells["urgent"] == ["0", "<5", "<5"]
    result = subprocess.run(
        [sys.executable, "-m", "tools.report", "--url", url, "--days", "3",
         "--out", str(tmp_path / "report")], cwd=ROOT, capture_output=True, text=True,
        check=True)
    assert "10 turns" in result.stdout and "<5" in result.stdout
    assert (tmp_path / "report" / "usage.png").stat().st_size > 10_000
