"""assistant/runtime/rule_lookup.py: the rule policy finds the same rules as Rasa's own
search, on every prediction of whole conversations and on made-up states that reach
each of its conditions (the conversation tests need `make train`)."""
import asyncio

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from assistant.runtime import rule_lookup
from rasa_changes import MODEL, assert_only_the_start_point_installs, conversations
from test_dialogue_states import LONG
from tools import bench, evaluate

LISTEN = {"prev_action": {"action_name": "action_listen"}}


def key(*states):
    """A rule key as Rasa writes one: its states in JSON."""
    import json

    return json.dumps(list(states), sort_keys=True)


def made_up_lookup():
    start = {"user": {"intent": "greet"}}  # a state with no previous action: a start
    greet = dict(LISTEN, user={"intent": "greet"})
    faq = dict(LISTEN, user={"intent": "faq"})
    return {
        key(greet): "utter_greet",
        key(start, dict(greet, prev_action={"action_name": "utter_greet"})): "a",
        key(faq): "utter_faq",
        key(dict(faq, slots={"topic": [1.0]})): "with_a_list",
        key(dict(faq, slots={"topic": SHOULD_NOT_BE_SET})): "slot_not_set",
        key(dict(faq, active_loop={"name": SHOULD_NOT_BE_SET})): "no_loop",
        key(dict(faq, user={"intent": "faq", "entities": []})): "falsy_value",
        key(greet, faq): "greet_then_faq",
        key({}, greet): "after_anything",
        # Session 58: rules grouped by the previous action and intent their latest state
        # asks for; one asking only for a previous action, one for an intent without one.
        key({"prev_action": {"action_name": "utter_greet"}}): "after_greeting",
        key(greet, {"prev_action": {"action_name": "utter_greet"}}): "greet_then_greeting",
        key({"user": {"intent": "faq"}, "slots": {"topic": [1.0]}}): "start_with_a_slot",
    }


def made_up_conversations():
    greet = dict(LISTEN, user={"intent": "greet"})
    faq = dict(LISTEN, user={"intent": "faq"})
    return [
        [], [greet], [faq], [{"user": {"intent": "greet"}}],
        [{"user": {"intent": "greet"}}, dict(greet, prev_action={"action_name": "utter_greet"})],
        [greet, faq], [faq, faq], [{}, greet], [{"user": {"intent": "greet"}}, greet],
        [dict(faq, slots={"topic": (1.0,)})], [dict(faq, slots={"topic": (0.0,)})],
        [dict(faq, slots={"topic": SHOULD_NOT_BE_SET})],
        [dict(faq, active_loop={"name": "a_form"})],
        [dict(faq, active_loop={"name": SHOULD_NOT_BE_SET})],
        [dict(faq, user={"intent": "faq", "entities": ("x",)})],
        [greet, greet, faq, greet],
        [{"prev_action": {"action_name": "utter_greet"}}],
        [greet, {"prev_action": {"action_name": "utter_greet"}}],
        [faq, {"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "faq"}}],
        [{"user": {"intent": "faq"}, "slots": {"topic": (1.0,)}}],
    ]


def test_made_up_states_find_the_same_rules_as_rasa():
    policy = RulePolicy.__new__(RulePolicy)
    lookup = made_up_lookup()
    found_any = set()
    for states in made_up_conversations():
        expected = rule_lookup.rasa_get_possible_keys(policy, lookup, states)
        assert rule_lookup.get_possible_keys(policy, lookup, states) == expected, states
        found_any |= expected
    # Every rule was found by some conversation.
    assert found_any == set(lookup)


def test_a_lookup_given_more_rules_is_grouped_again():
    policy = RulePolicy.__new__(RulePolicy)
    lookup = made_up_lookup()
    states = [{"prev_action": {"action_name": "utter_goodbye"}}]
    assert rule_lookup.get_possible_keys(policy, lookup, states) == set()
    lookup[key({"prev_action": {"action_name": "utter_goodbye"}})] = "after_goodbye"
    assert rule_lookup.get_possible_keys(policy, lookup, states) == \
        rule_lookup.rasa_get_possible_keys(policy, lookup, states) != set()


def test_every_prediction_of_whole_conversations_finds_the_same_rules(monkeypatch):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    calls = []

    def recorder(policy, lookup, states):
        """Rasa's search, recording what each prediction asked and found."""
        found = rule_lookup.rasa_get_possible_keys(policy, lookup, states)
        calls.append((policy, lookup, states, found))
        return found

    agent = evaluate.load_agent(MODEL)
    monkeypatch.setattr(RulePolicy, "_get_possible_keys", recorder)  # after load_agent's use()
    loop = asyncio.new_event_loop()
    try:
        for i, turns in enumerate(bench.conversations(20, 6) + [LONG]):
            for text in turns:
                loop.run_until_complete(agent.handle_text(text, sender_id=f"r{i}"))
    finally:
        loop.close()
    assert len(calls) > 500
    assert {len(found) for *_, found in calls} >= {0, 1}
    for policy, lookup, states, found in calls:
        assert rule_lookup.get_possible_keys(policy, lookup, states) == found, states


def test_the_assistant_answers_the_same_with_rasas_own_search(monkeypatch):
    plan = bench.conversations(20, 6) + [LONG]
    talks = {name: conversations(monkeypatch, RulePolicy, "_get_possible_keys", method, plan)
             for name, method in [("rasa", rule_lookup.rasa_get_possible_keys),
                                  ("ours", rule_lookup.get_possible_keys)]}
    assert talks["ours"] == talks["rasa"]


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.rule_lookup",
        "from rasa.core.policies.rule_policy import RulePolicy; "
        "print(RulePolicy._get_possible_keys.__module__)",
        "rasa.core.policies.rule_policy")
