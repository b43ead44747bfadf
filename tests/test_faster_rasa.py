"""assistant/runtime/faster_rasa.py: one call installs every change to Rasa's
per-message work; importing it installs none. (Each change is tested against Rasa's
own in its own test file.)"""
import subprocess
import sys

from conftest import ROOT

# Where each change shows: the object Rasa looks up, and the module that defines it.
SHOW = """
import rasa.core.processor
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
print(sorted({o.__module__ for o in [
    rasa.core.processor.DaskGraphRunner, Domain.states_for_tracker_history,
    RulePolicy._get_possible_keys, Domain.is_empty, RulePolicy.format_tracker_states,
    DialogueStateTracker.copy, DialogueStateTracker.applied_events]}))
"""
OURS = ["assistant.runtime.applied_events", "assistant.runtime.debug_states",
        "assistant.runtime.dialogue_states", "assistant.runtime.domain_check",
        "assistant.runtime.graph_runner", "assistant.runtime.rule_lookup",
        "assistant.runtime.tracker_copy"]


def modules_after(code: str):
    out = subprocess.run([sys.executable, "-c", code + SHOW], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return eval(out.strip().splitlines()[-1])


def test_use_installs_all_seven_changes():
    assert modules_after("from assistant.runtime import faster_rasa; faster_rasa.use()") == OURS


def test_importing_it_installs_none():
    assert not set(modules_after("import assistant.runtime.faster_rasa")) & set(OURS)


def test_the_start_points_install_them_through_it():
    for path in ["assistant/__main__.py", "assistant/staff/shell.py", "tools/evaluate.py"]:
        text = (ROOT / path).read_text()
        assert "faster_rasa.use()" in text, path
        for module in OURS:
            assert f"{module.rsplit('.', 1)[1]}.use()" not in text, (path, module)
