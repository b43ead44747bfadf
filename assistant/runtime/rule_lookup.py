"""RulePolicy's search for the rules that fit a conversation, without re-reading every
rule on every prediction.

Before each of a turn's predictions, Rasa's RulePolicy looks for the rules whose
states fit the conversation's last states (`RulePolicy._get_possible_keys`). A rule
is kept as its states written out in JSON, and for each past state Rasa goes over all
the rules again: it fetches each one's parsed states from a 1,000-entry cache, copies
them reversed, checks the start-of-conversation conditions and compares the states
key by key, turning lists back into tuples on every comparison. In `make bench`'s
load that search was 8% of the server's CPU (py-spy, 200 samples a second: 8.3% of
4,867 samples), for 31 rules.

`use()` replaces that one method with one that reads each rule once, keeps its states
latest first with its values ready to compare, and checks each rule against the
conversation's states in a single pass. It applies Rasa's test, condition for
condition (`RulePolicy._is_rule_applicable` and `_does_rule_match_state`), so it
returns the same set of rules. tests/test_rule_lookup.py compares the two on every
prediction of whole conversations, and on made-up states that reach each condition.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import logging
from typing import Any, Dict, List, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.domain import State

logger = logging.getLogger(__name__)

# Rasa's own method, for the tests that compare.
rasa_get_possible_keys = RulePolicy._get_possible_keys

# One state of a rule, ready to compare: whether it has a previous action (a rule
# state without one is a conversation start) and, per sub-state, its (key, value)
# pairs, lists already turned into tuples as Rasa turns them.
RuleState = Tuple[bool, Tuple[Tuple[Text, Tuple[Tuple[Text, Any], ...]], ...]]
# Rule key -> its states, latest first. The keys are a trained model's rules, so this
# stays small; it is emptied if it ever grows past MAX_RULES all the same.
_rules: Dict[Text, Tuple[RuleState, ...]] = {}
MAX_RULES = 10_000


def _compiled(rule_key: Text) -> Tuple[RuleState, ...]:
    found = _rules.get(rule_key)
    if found is None:
        if len(_rules) >= MAX_RULES:
            _rules.clear()
        states = RulePolicy._rule_key_to_state(rule_key)
        found = _rules[rule_key] = tuple(
            (bool(state.get(PREVIOUS_ACTION)),
             tuple((sub_state_type, tuple((key, tuple(value) if isinstance(value, list) else value)
                                          for key, value in sub_state.items()))
                   for sub_state_type, sub_state in state.items()))
            for state in reversed(states))
    return found


def _matches(rule_state: RuleState, conversation_state: State) -> bool:
    """Rasa's `_does_rule_match_state`, on a compiled rule state."""
    for sub_state_type, pairs in rule_state[1]:
        conversation_sub_state = conversation_state.get(sub_state_type, {})
        for key, value_from_rules in pairs:
            value_from_conversation = conversation_sub_state.get(key)
            if value_from_rules == SHOULD_NOT_BE_SET:
                # It must be None or absent in the conversation (or itself "not set").
                if value_from_conversation and value_from_conversation != SHOULD_NOT_BE_SET:
                    return False
            elif value_from_rules and value_from_conversation != value_from_rules:
                return False
    return True


def _fits(rule: Tuple[RuleState, ...], latest_first: List[State]) -> bool:
    """Rasa's `_is_rule_applicable` at every turn index the two share; a rule shorter
    than the conversation is not checked further back than its own start."""
    for rule_state, conversation_state in zip(rule, latest_first):
        rule_has_previous = rule_state[0]
        conversation_has_previous = bool(conversation_state.get(PREVIOUS_ACTION))
        if not rule_has_previous and not conversation_has_previous:
            continue  # both are conversation starts
        if not rule_has_previous or not conversation_has_previous:
            return False
        if not _matches(rule_state, conversation_state):
            return False
    return True


def get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text],
                      states: List[State]) -> Set[Text]:
    """The rule keys of `lookup` that fit `states` (Rasa's method, same result)."""
    latest_first = states[::-1]
    return {key for key in lookup if _fits(_compiled(key), latest_first)}


def use() -> None:
    """Make RulePolicy search its rules as above (see the module's text)."""
    if RulePolicy._get_possible_keys is not get_possible_keys:
        RulePolicy._get_possible_keys = get_possible_keys
        logger.info("RulePolicy reads each rule once, not on every prediction "
                    "(assistant/runtime/rule_lookup.py).")
