"""assistant/runtime/dialogue_states.py: the states continued from the last turn are
Rasa's own, turn by turn, and the assistant answers the same with them (needs
`make train`)."""
import asyncio

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, Restarted, SessionStarted, UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.runtime import dialogue_states
from conftest import ROOT
from rasa_changes import MODEL, assert_only_the_start_point_installs, conversations
from tools import bench, evaluate
from tools.profile import use_project_store

# A conversation that goes everywhere: questions, small talk, an urgent message, an
# offer of two topics and its button, out of scope, Spanish, bad input, a restart.
LONG = [
    "hi", "what is human trafficking", "how is it different from smuggling",
    "trafficking?", "forms of trafficking", "what's the weather",
    "he took my passport and won't let me leave", "thanks", "¿qué es la trata?",
    "", "<b>hi</b>", "how can I help", "can i talk to a person",
    "who are the victims", "how do i report it", "bye",
] * 4 + ["/restart", "hi", "what is human trafficking"]


def rule_only_data(agent):
    runner = agent.processor.graph_runner
    for node in runner._instantiated_nodes.values():
        if isinstance(node._component, RulePolicy):
            return node._component._get_rule_only_data()
    raise AssertionError("no RulePolicy in the model")


def options(agent):
    return [{}, {"omit_unset_slots": True},
            {"ignore_rule_only_turns": True, "rule_only_data": rule_only_data(agent)}]


def test_the_states_are_rasas_after_every_turn_of_a_long_conversation():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    agent = evaluate.load_agent(MODEL)
    # The project's store keeps each conversation's tracker object from turn to turn,
    # as `make run` has it, so every turn continues from what the last one kept.
    use_project_store(agent)
    assert Domain.states_for_tracker_history is dialogue_states.states_for_tracker_history
    loop = asyncio.new_event_loop()
    longest = 0
    try:
        for turn, text in enumerate(LONG):
            loop.run_until_complete(agent.handle_text(text, sender_id="long"))
            tracker = loop.run_until_complete(agent.tracker_store.retrieve("long"))
            longest = max(longest, len(tracker.events))
            assert turn == 0 or dialogue_states.PROGRESS in tracker.__dict__
            for opts in options(agent):
                expected = dialogue_states.rasa_states(agent.domain, tracker, **opts)
                for _ in range(2):  # continued from the last turn, then from itself
                    got = tracker.past_states(agent.domain, **opts)
                    assert got == expected, (turn, text, opts)
                for state in got:  # a caller editing what it got changes nothing kept
                    for sub_state in state.values():  # (Rasa's featurizers do)
                        sub_state.clear()
    finally:
        loop.close()
    assert longest > 200


def test_an_undone_turn_a_restart_a_new_session_and_a_form_are_followed_as_rasa_does():
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("t", domain.slots)
    steps = [
        [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})],
        [ActionExecuted("utter_greet"), ActionExecuted("action_listen")],
        [UserUttered("what", {"name": "faq"}), ActionExecuted("utter_faq")],
        [UserUtteranceReverted()],
        [ActionExecuted("action_listen"), UserUttered("bye", {"name": "goodbye"})],
        [Restarted(), ActionExecuted("action_listen")],
        [UserUttered("hi", {"name": "greet"}), ActionExecuted("utter_greet")],
        [SessionStarted(), ActionExecuted("action_listen")],
        # A form: once one has been active, its action's later events may not count.
        [UserUttered("x", {"name": "greet"}), ActionExecuted("a_form"), ActiveLoop("a_form")],
        [ActionExecuted("action_listen"), UserUttered("y", {"name": "greet"})],
        [ActionExecuted("a_form"), ActionExecuted("action_listen")],
        [UserUttered("z", {"name": "greet"}), ActionExecuted("a_form"), ActiveLoop(None)],
        [ActionExecuted("utter_greet"), ActionExecuted("a_form")],
    ]
    for events in steps:
        for event in events:
            tracker.update(event)
        for opts in [{}, {"ignore_rule_only_turns": True,
                          "rule_only_data": {"rule_only_slots": [], "rule_only_loops": []}}]:
            expected = dialogue_states.rasa_states(domain, tracker, **opts)
            got = dialogue_states.states_for_tracker_history(domain, tracker, **opts)
            assert got == expected, events


def test_the_assistant_answers_the_same_with_rasas_own_method(monkeypatch):
    plan = bench.conversations(30, 8) + [LONG]
    talks = {name: conversations(monkeypatch, Domain, "states_for_tracker_history", method, plan)
             for name, method in [("rasa", dialogue_states._rasa_states_for_tracker_history),
                                  ("ours", dialogue_states.states_for_tracker_history)]}
    assert talks["ours"] == talks["rasa"]


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.dialogue_states",
        "from rasa.shared.core.domain import Domain; "
        "print(Domain.states_for_tracker_history.__module__)",
        "rasa.shared.core.domain")
