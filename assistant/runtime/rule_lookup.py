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
conversation's states in a single pass. Since session 58 it also checks only the rules
that can fit at all: those whose latest state asks for the previous action and the
intent the conversation's latest state has, or asks for neither (the rules grouped so
once per trained lookup; `make profile` had the search at about 13% of a turn, most of
it comparing rules written for other intents). It applies Rasa's test, condition for
condition (`RulePolicy._is_rule_applicable` and `_does_rule_match_state`), so it
returns the same set of rules. tests/test_rule_lookup.py compares the two on every
prediction of whole conversations, and on made-up states that reach each condition.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import logging
from typing import Any, Dict, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

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


# What a rule's latest state asks of the conversation's latest state: the name of the
# previous action and the user's intent, each None when it asks for none.
Requirement = Tuple[Optional[Text], Optional[Text]]
# Per lookup (by id, with the lookup itself and its size, so a new dict at a reused id,
# or one given more rules, is regrouped): its keys grouped by their requirement.
_groups: Dict[int, Tuple[Dict[Text, Text], int, Dict[Requirement, List[Text]]]] = {}


def _asked(rule_state: RuleState, sub_state_type: Text, key: Text) -> Optional[Text]:
    """The value a compiled rule state asks `key` of `sub_state_type` to have, or None
    if it asks for none (none given, a falsy one, or "must not be set")."""
    for type_, pairs in rule_state[1]:
        if type_ == sub_state_type:
            for pair_key, value in pairs:
                if pair_key == key and value and value != SHOULD_NOT_BE_SET:
                    return value
    return None


def _requirement(rule: Tuple[RuleState, ...]) -> Requirement:
    """What `rule`'s latest state asks of the conversation's latest state: nothing if it
    has none or it is a conversation start (`_fits` then compares no values there)."""
    if not rule or not rule[0][0]:
        return None, None
    return (_asked(rule[0], PREVIOUS_ACTION, ACTION_NAME),
            _asked(rule[0], USER, INTENT))


def _grouped(lookup: Dict[Text, Text]) -> Dict[Requirement, List[Text]]:
    found = _groups.get(id(lookup))
    if found is None or found[0] is not lookup or found[1] != len(lookup):
        if len(_groups) >= MAX_RULES:
            _groups.clear()
        groups: Dict[Requirement, List[Text]] = {}
        for key in lookup:
            groups.setdefault(_requirement(_compiled(key)), []).append(key)
        found = _groups[id(lookup)] = (lookup, len(lookup), groups)
    return found[2]


def _candidates(lookup: Dict[Text, Text], latest: State) -> List[Text]:
    """The keys of `lookup` whose latest state asks for the previous action and intent
    of the conversation's `latest` state, or for either or neither of them: no other
    rule can fit it (a value asked for must equal the conversation's)."""
    action = latest.get(PREVIOUS_ACTION, {}).get(ACTION_NAME)
    intent = latest.get(USER, {}).get(INTENT)
    groups = _grouped(lookup)
    try:
        asked = {(action, intent), (action, None), (None, intent), (None, None)}
    except TypeError:  # a value Rasa's states never hold (unhashable): read every rule
        return list(lookup)
    return [key for requirement in asked for key in groups.get(requirement, ())]


def get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text],
                      states: List[State]) -> Set[Text]:
    """The rule keys of `lookup` that fit `states` (Rasa's method, same result)."""
    latest_first = states[::-1]
    if not latest_first:
        return {key for key in lookup if _fits(_compiled(key), latest_first)}
    return {key for key in _candidates(lookup, latest_first[0])
            if _fits(_compiled(key), latest_first)}


def use() -> None:
    """Make RulePolicy search its rules as above (see the module's text)."""
    if RulePolicy._get_possible_keys is not get_possible_keys:
        RulePolicy._get_possible_keys = get_possible_keys
        logger.info("RulePolicy reads each rule once, not on every prediction "
                    "(assistant/runtime/rule_lookup.py).")
