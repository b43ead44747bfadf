"""assistant/runtime/tracker_copy.py: a tracker copied as it stands equals Rasa's copy
rebuilt event by event, before every action of whole conversations, and the assistant
answers the same with it (the conversation tests need `make train`)."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, ActiveLoop, BotUttered, FollowupAction, Restarted,
    SessionStarted, SlotSet, UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime import applied_events, dialogue_states, tracker_copy
from conftest import ROOT
from rasa_changes import MODEL, assert_only_the_start_point_installs, conversations, talk
from test_dialogue_states import LONG
from tools import bench, evaluate
from tools.profile import use_project_store


def differences(ours: DialogueStateTracker, rasas: DialogueStateTracker):
    """The attributes in which two trackers differ: the same event objects, slots of
    the same type with the same fields, everything else equal."""
    found = []
    # Not the tracker's state but what our changes keep on it to go on from (neither
    # copy carries them over; Rasa's replay after an undo computes applied events
    # afresh, and so leaves its own on the new copy).
    kept = {dialogue_states.PROGRESS, applied_events.PROGRESS}
    for name in sorted((set(vars(ours)) | set(vars(rasas))) - kept):
        a, b = vars(ours).get(name), vars(rasas).get(name)
        if name == "events":
            same = (len(a) == len(b) and a.maxlen == b.maxlen
                    and all(x is y for x, y in zip(a, b)))
        elif name == "slots":
            same = (list(a) == list(b) and all(
                type(a[k]) is type(b[k]) and vars(a[k]) == vars(b[k]) for k in a))
        else:
            same = type(a) is type(b) and a == b
        if not same:
            found.append(name)
    return found


def test_a_copy_equals_rasas_before_every_action_of_whole_conversations(monkeypatch):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    agent = evaluate.load_agent(MODEL)  # installs the change, as the tools do
    assert DialogueStateTracker.copy is tracker_copy.tracker_copy
    use_project_store(agent)  # trackers kept from turn to turn, as `make run` has them
    compared, mismatches = [], []

    def both(tracker):
        """Rasa's copy, for the conversation to go on with; ours, compared with it."""
        rasas = tracker_copy._rasa_copy(tracker)
        ours = tracker_copy.tracker_copy(tracker)
        compared.append(len(tracker.events))
        if differences(ours, rasas):
            mismatches.append((len(tracker.events), differences(ours, rasas)))
        # A copy is the action's own: changing it changes neither the tracker nor
        # the other copy (Rasa's runs the action's policy events on it).
        before = list(tracker.events)
        ours.update(ActionExecuted("utter_greet"))
        ours.slots and next(iter(ours.slots.values())).reset()
        if list(tracker.events) != before or differences(tracker_copy._rasa_copy(tracker), rasas):
            mismatches.append((len(tracker.events), "the copy was not its own"))
        return rasas

    monkeypatch.setattr(DialogueStateTracker, "copy", both)
    talk(agent, bench.conversations(10, 6) + [LONG])
    assert mismatches == []
    assert len(compared) > 250 and max(compared) > 200


def test_an_undone_turn_a_restart_a_new_session_a_form_and_slots_copy_as_rasa_does():
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots, max_event_history=12)
    slot = next(iter(domain.slots)).name
    steps = [
        [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})],
        [ActionExecuted("utter_greet"), BotUttered("hello"), ActionExecuted("action_listen")],
        [UserUttered("what", {"name": "faq"}), SlotSet(slot, "a value")],
        [UserUtteranceReverted()],
        [ActionExecuted("action_listen"), UserUttered("bye", {"name": "goodbye"})],
        [Restarted()],  # a new session to follow
        [ActionExecuted("action_listen")],
        [UserUttered("hi", {"name": "greet"}), ActionExecuted("a_form"), ActiveLoop("a_form")],
        [FollowupAction("utter_greet")],
        [ActionExecuted("utter_greet"), ActionReverted()],
        [SessionStarted(), ActionExecuted("action_listen"), SlotSet(slot, "another")],
        [UserUttered("x", {"name": "greet"}), ActionExecuted("a_form"), ActiveLoop(None)],
    ]
    tracker.model_id = "a model"
    for events in steps:
        for event in events:
            tracker.update(event)
        assert differences(tracker_copy.tracker_copy(tracker),
                           tracker_copy._rasa_copy(tracker)) == [], events
        # The processor clears a follow-up action without an event when it runs it:
        # the copy has the one the events give, as Rasa's replay does.
        tracker.clear_followup_action()
        assert differences(tracker_copy.tracker_copy(tracker),
                           tracker_copy._rasa_copy(tracker)) == [], events
    assert len(tracker.events) == 12  # the history limit was reached and kept


def test_the_assistant_answers_the_same_with_rasas_own_copy(monkeypatch):
    plan = bench.conversations(20, 6) + [LONG]
    talks = {name: conversations(monkeypatch, DialogueStateTracker, "copy", method, plan)
             for name, method in [("rasa", tracker_copy._rasa_copy),
                                  ("ours", tracker_copy.tracker_copy)]}
    assert talks["ours"] == talks["rasa"]


def test_the_dialogue_states_and_applied_events_kept_on_a_tracker_are_not_copied():
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    vars(tracker)[dialogue_states.PROGRESS] = {}  # as a prediction leaves it
    applied_events.applied_events(tracker)  # as the session check leaves it
    assert applied_events.PROGRESS in vars(tracker)
    copied = vars(tracker_copy.tracker_copy(tracker))
    assert dialogue_states.PROGRESS not in copied and applied_events.PROGRESS not in copied


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.tracker_copy",
        "from rasa.shared.core.trackers import DialogueStateTracker; "
        "print(DialogueStateTracker.copy.__module__)",
        "rasa.shared.core.trackers")
