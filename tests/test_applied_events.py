"""assistant/runtime/applied_events.py: the applied events continued from the last call
are Rasa's own on every call of whole conversations and after made-up events, and the
assistant answers the same with them (the conversation tests need `make train`)."""
from collections import deque

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, BotUttered, Restarted, SessionStarted,
    SlotSet, UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime import applied_events
from conftest import ROOT
from rasa_changes import MODEL, assert_only_the_start_point_installs, conversations, talk
from test_dialogue_states import LONG
from tools import bench, evaluate
from tools.profile import use_project_store


def same(ours, rasas) -> bool:
    """The same event objects, in the same order."""
    return len(ours) == len(rasas) and all(a is b for a, b in zip(ours, rasas))


def test_every_call_of_whole_conversations_gets_rasas_events(monkeypatch):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    agent = evaluate.load_agent(MODEL)  # installs the change, as the tools do
    assert DialogueStateTracker.applied_events is applied_events.applied_events
    use_project_store(agent)  # trackers kept from turn to turn, as `make run` has them
    calls, mismatches = [], []

    def both(tracker):
        rasas = applied_events._rasa_applied_events(tracker)
        ours = applied_events.applied_events(tracker)
        calls.append(len(tracker.events))
        if not same(ours, rasas):
            mismatches.append(len(tracker.events))
        return ours

    monkeypatch.setattr(DialogueStateTracker, "applied_events", both)
    talk(agent, bench.conversations(10, 6) + [LONG])
    assert mismatches == []
    # Two calls a message (128 messages), the long conversation's last past 200 events.
    assert len(calls) > 250 and max(calls) > 200


STEPS = [
    [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})],
    [ActionExecuted("utter_greet"), BotUttered("hello"), ActionExecuted("action_listen")],
    [UserUttered("what", {"name": "faq"}), SlotSet("other_language", "es")],
    [UserUtteranceReverted()],  # an undone turn
    [ActionExecuted("action_listen"), UserUttered("bye", {"name": "goodbye"})],
    [ActionExecuted("utter_greet"), ActionReverted()],  # an undone action
    [Restarted(), ActionExecuted("action_listen")],
    [UserUttered("hi", {"name": "greet"}), ActionExecuted("a_form")],
    # A form named only now: its earlier action may stop counting, Rasa's way.
    [ActiveLoop("a_form"), ActionExecuted("action_listen")],
    [UserUttered("y", {"name": "greet"}), ActionExecuted("a_form")],
    [UserUttered("z", {"name": "greet"}), ActionExecuted("a_form"), ActiveLoop(None)],
    [SessionStarted(), ActionExecuted("action_listen")],
    [UserUttered("x", {"name": "greet"}), ActionExecuted("utter_greet")],
]


@pytest.mark.parametrize("limit", [None, 12])
def test_made_up_events_are_followed_as_rasa_does(limit):
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots, max_event_history=limit)
    for events in STEPS:
        for event in events:
            tracker.update(event)
            for _ in range(2):  # continued from the last call, then from itself
                assert same(applied_events.applied_events(tracker),
                            applied_events._rasa_applied_events(tracker)), event
    # With the limit, the oldest events were dropped along the way.
    assert len(tracker.events) == (limit or sum(map(len, STEPS)))


def test_a_new_list_of_events_starts_again():
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots)
    for event in STEPS[0] + STEPS[1]:
        tracker.update(event)
    applied_events.applied_events(tracker)
    tracker.events = deque([ActionExecuted("action_listen"), UserUttered("q", {"name": "faq"})])
    assert same(applied_events.applied_events(tracker),
                applied_events._rasa_applied_events(tracker))


def test_a_caller_changing_what_it_got_changes_nothing_kept():
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots)
    for event in STEPS[0] + STEPS[1]:
        tracker.update(event)
    applied_events.applied_events(tracker).clear()
    assert same(applied_events.applied_events(tracker),
                applied_events._rasa_applied_events(tracker))


def test_the_assistant_answers_the_same_with_rasas_own_method(monkeypatch):
    plan = bench.conversations(20, 6) + [LONG]
    talks = {name: conversations(monkeypatch, DialogueStateTracker, "applied_events", method,
                                 plan)
             for name, method in [("rasa", applied_events._rasa_applied_events),
                                  ("ours", applied_events.applied_events)]}
    assert talks["ours"] == talks["rasa"]


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.applied_events",
        "from rasa.shared.core.trackers import DialogueStateTracker; "
        "print(DialogueStateTracker.applied_events.__module__)",
        "rasa.shared.core.trackers")
