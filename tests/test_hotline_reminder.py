"""After something urgent, every FAQ answer ends with the hotline
(assistant/runtime/hotline_reminder.py), with the trained model (`make test` trains
first). The SMS side is in tests/test_sms_channel.py.
"""
import asyncio
import uuid

import pytest

from conftest import HOTLINE, ROOT, load_yaml, one_question_per_topic
from assistant.runtime import hotline_reminder, reply_conditions
from assistant.runtime.hotline_reminder import REMINDER
from tools import evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"
DISCLOSURE = "they took my passport and won't let me leave"
LOOP = asyncio.new_event_loop()


def run(coroutine):
    return LOOP.run_until_complete(coroutine)


@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


class Conversation:
    def __init__(self, agent):
        self.agent, self.sender = agent, f"reminder-{uuid.uuid4().hex}"

    def say(self, text):
        """(texts, response names) of the bot's replies to `text`."""
        return run(evaluate.bot_turn(self.agent, text, sender=self.sender))


def written(domain, name):
    return [variation["text"] for variation in domain["responses"][name]
            if "channel" not in variation]


def test_after_a_disclosure_every_answer_carries_the_hotline_once(agent, domain):
    topics = one_question_per_topic()
    assert len(topics) == 25
    reminded = 0
    for topic, question in topics:
        talk = Conversation(agent)
        assert talk.say(DISCLOSURE)[1] == ["utter_urgent"]
        texts, names = talk.say(question)
        assert any(name.startswith("utter_faq/") for name in names), (question, names)
        for text in texts:
            assert text.count(HOTLINE) <= 1, (question, text)
        assert HOTLINE in texts[-1], (question, texts)
        if names == [f"utter_{topic}"] and HOTLINE not in written(domain, names[0])[0]:
            assert texts == [f"{written(domain, names[0])[0]} {REMINDER}"]
            reminded += 1
    assert reminded >= 15  # 21 of the 25 answers don't carry the hotline themselves


def test_before_anything_urgent_answers_are_as_written(agent, domain):
    for topic, question in one_question_per_topic():
        texts, names = Conversation(agent).say(question)
        if names == [f"utter_{topic}"]:
            assert texts == written(domain, names[0])[:1], question


def test_an_answer_that_carries_the_hotline_does_not_get_it_twice(agent, domain):
    talk = Conversation(agent)
    talk.say(DISCLOSURE)
    texts, names = talk.say("how do I report trafficking?")
    assert names == ["utter_faq/how_to_report"]
    assert texts == written(domain, "utter_faq/how_to_report")


def test_thanks_after_a_disclosure_ends_with_the_hotline_too(agent, domain):
    talk = Conversation(agent)
    talk.say(DISCLOSURE)
    assert talk.say("thanks") == ([f"{written(domain, 'utter_thank')[0]} {REMINDER}"],
                                  ["utter_thank"])


def test_the_reminded_replies_are_every_reply_without_the_hotline(domain):
    without = {name for name, variants in domain["responses"].items()
               if any(HOTLINE not in v["text"] for v in variants)}
    reminded = {name for name in without
                if name.startswith(hotline_reminder.REMINDED)}
    assert reminded == without
    assert {"utter_thank", "utter_capabilities", "utter_sources"} <= reminded


def test_a_question_that_trips_the_safety_net_is_reminded_from_the_next_answer(agent, domain):
    talk = Conversation(agent)
    texts, names = talk.say("I'm scared of my boss, what is labour trafficking?")
    # The urgent reply is just above the answer: no second hotline in this turn.
    assert names == ["utter_urgent", "utter_faq/labour_trafficking"]
    assert texts[1] == written(domain, "utter_faq/labour_trafficking")[0]
    texts, names = talk.say("what is sex trafficking?")
    assert names == ["utter_faq/sex_trafficking"]
    assert texts[0].endswith(REMINDER)


def test_the_answer_names_the_hotline_among_its_facts(agent):
    talk = Conversation(agent)
    talk.say(DISCLOSURE)
    talk.say("what is human trafficking?")
    tracker = run(agent.tracker_store.retrieve(talk.sender))
    answer = [e for e in tracker.events if e.type_name == "bot"][-1]
    assert answer.text.endswith(REMINDER)
    assert "hotline" in answer.metadata["metadata"]["facts"]  # the response's own metadata
    assert tracker.get_slot(hotline_reminder.SLOT) == "urgent"


def test_a_restart_clears_it(agent):
    talk = Conversation(agent)
    talk.say(DISCLOSURE)
    talk.say("/restart")
    texts, names = talk.say("what is human trafficking?")
    assert names == ["utter_faq/what_is"]
    assert REMINDER not in texts[0]


def test_a_new_session_clears_it(agent):
    talk = Conversation(agent)
    talk.say(DISCLOSURE)
    # Two hours later: past the domain's session_expiration_time (60 minutes).
    tracker = run(agent.tracker_store.retrieve(talk.sender))
    for event in tracker.events:
        event.timestamp -= 2 * 3600
    run(agent.tracker_store.save(tracker))
    texts, names = talk.say("what is human trafficking?")
    assert names == ["utter_faq/what_is"]
    assert REMINDER not in texts[0]
    assert load_yaml("domain.yml")["session_config"]["carry_over_slots_to_new_session"] is False


def test_every_start_point_replies_through_it():
    for endpoints in ("endpoints.yml", "deploy/endpoints.yml"):
        assert load_yaml(endpoints)["nlg"] == {
            "type": "assistant.runtime.hotline_reminder.HotlineReminder"}, endpoints
    assert hotline_reminder.from_endpoints().type.endswith(".HotlineReminder")
    # The staff shell and the tools' agent read it from endpoints.yml.
    for path in ("assistant/staff/shell.py", "tools/evaluate.py"):
        assert "hotline_reminder.from_endpoints()" in (ROOT / path).read_text(), path
    for mapping in load_yaml("domain.yml")["slots"][hotline_reminder.SLOT]["mappings"]:
        assert mapping in ({"type": "from_intent", "intent": "urgent_help", "value": "urgent"},
                           {"type": "from_entity", "entity": "safety_net"})


# Session 36: after the urgent reply, "ok" got "...or say bye when you're done", and a
# question the sources don't cover a list of topics to ask about.
@pytest.mark.parametrize("text, name", [("ok", "utter_acknowledge"),
                                        ("is there a shelter?", "utter_out_of_scope"),
                                        # Session 40: not understood, after a disclosure.
                                        ("kjhkjh", "utter_default"),
                                        # Session 46: "what can I do?" after a disclosure
                                        # got how to help others, the hotline last.
                                        ("what can i do", "utter_faq/how_to_help")])
def test_after_a_disclosure_some_replies_take_their_calmer_form(agent, domain, text, name):
    [before, after] = [v["text"] for v in domain["responses"][name] if "channel" not in v]
    talk = Conversation(agent)
    assert talk.say(text) == ([before], [name])
    assert talk.say(DISCLOSURE)[1] == ["utter_urgent"]
    texts, names = talk.say(text)
    assert (texts, names) == ([after], [name])
    assert "When it is safe for you, call 1-888-373-7888" in after


def test_the_calmer_forms_name_a_condition_the_generator_sets(domain):
    conditions = [c for variations in domain["responses"].values() for v in variations
                  for c in v.get("condition") or []]
    assert {"type": "slot", "name": reply_conditions.AFTER_URGENT, "value": True} in conditions
    assert reply_conditions.AFTER_URGENT in domain["slots"]


def test_exactly_one_variation_of_a_reply_fits_each_state(domain):
    """Rasa picks at random among the variations whose conditions all hold: for every
    state of the conditions a reply names, at most one conditional variation may hold
    (and the one without conditions is taken when none does)."""
    import itertools
    from rasa.core.nlg.generator import ResponseVariationFilter

    values = {"cannot_call": [None, "said"], reply_conditions.AFTER_URGENT: [False, True],
              reply_conditions.MESSAGE_LANGUAGE: [None, "es", "pt", "fr", "it"],
              "other_language": [None, "es", "pt", "fr", "it", "other"],
              reply_conditions.TOLD_BEFORE: [False, True],
              # Session 58: right after a survivor's reply (utter_about_situation).
              reply_conditions.AFTER_SURVIVOR: [False, True],
              # Session 47: the organisation asked about (utter_organisation).
              "organisation": [None, "exodus_cry", "innocence_freed", "ilo"]}
    for name, variations in domain["responses"].items():
        for channel in {v.get("channel") for v in variations}:
            named = [v for v in variations if v.get("channel") == channel]
            slots = sorted({c["name"] for v in named for c in v.get("condition") or []})
            assert set(slots) <= set(values), name
            for state in itertools.product(*(values[s] for s in slots)):
                filled = dict(zip(slots, state))
                holding = [v for v in named if v.get("condition")
                           and ResponseVariationFilter._matches_filled_slots(filled, v)]
                assert len(holding) <= 1, (name, channel, filled)


def test_the_message_language_is_the_latest_messages_own(agent):
    talk = Conversation(agent)
    talk.say("me quitaron el pasaporte")
    tracker = run(agent.processor.get_tracker(talk.sender))
    assert reply_conditions.message_language(tracker) == "es"
    talk.say("what is trafficking")
    tracker = run(agent.processor.get_tracker(talk.sender))
    assert reply_conditions.message_language(tracker) is None
    assert tracker.get_slot("other_language") == "es"  # the slot keeps its last value
