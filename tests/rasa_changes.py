"""Checks shared by the tests of assistant/runtime's changes to Rasa (dialogue states,
rule lookup, domain check, tracker copy, applied events): whole conversations answer
the same with Rasa's method and with ours, and the assistant's start point installs a
change while importing its module does not; and a helper that sends whole
conversations to the assistant."""
import asyncio
import subprocess
import sys
from typing import Any, List, Sequence

from conftest import ROOT
from test_graph_runner import without_ids
from tools import evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"


def conversations(monkeypatch, owner: Any, name: str, method: Any,
                  plan: Sequence[Sequence[str]]) -> List[Any]:
    """The replies and events of every conversation of `plan`, with `owner.name` set to
    `method` (after loading the model, whose tools install our changes)."""
    agent = evaluate.load_agent(MODEL)
    monkeypatch.setattr(owner, name, method)
    loop = asyncio.new_event_loop()
    talks = []
    try:
        for i, turns in enumerate(plan):
            replies = [loop.run_until_complete(agent.handle_text(t, sender_id=f"s{i}"))
                       for t in turns]
            tracker = loop.run_until_complete(agent.tracker_store.retrieve(f"s{i}"))
            talks.append((replies, without_ids(tracker.events)))
    finally:
        loop.close()
    return talks


def talk(agent: Any, plan: Sequence[Sequence[str]]) -> None:
    """Send every conversation of `plan` to `agent`, turn by turn (senders c0, c1, ...)."""
    loop = asyncio.new_event_loop()
    try:
        for i, turns in enumerate(plan):
            for text in turns:
                loop.run_until_complete(agent.handle_text(text, sender_id=f"c{i}"))
    finally:
        loop.close()


def assert_only_the_start_point_installs(module: str, show: str, rasa_module: str) -> None:
    """`show` prints the module that defines the method a change replaces: ours after
    the start point has run, Rasa's after our module is merely imported."""
    start = ("import sys, runpy; sys.argv = ['assistant', '--version']; "
             "runpy.run_module('assistant', run_name='__main__'); ")
    for code, expected in [(start + show, module), (f"import {module}; " + show, rasa_module)]:
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        assert out.strip().splitlines()[-1] == expected
