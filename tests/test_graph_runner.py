"""assistant/runtime/graph_runner.py: the trained model gives the same answers with it as with
Rasa's dask runner, and Rasa's processor really uses it (needs `make train`)."""
import asyncio
import subprocess
import sys

import pytest
import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from assistant.runtime.graph_runner import OrderedGraphRunner
from conftest import ROOT
from tools import bench, evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"
BAD_INPUT = ["", " ", "<b>hi</b>", "\x00\x01", "¿qué es la trata?", "x" * 5000, "/greet"]


def agent_with(runner, monkeypatch):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", runner)
    from rasa.core.agent import Agent

    evaluate.quiet_rasa_debug_lines()
    agent = Agent.load(str(MODEL))
    assert type(agent.processor.graph_runner) is runner
    return agent


def without_ids(events):
    """Events as dicts, minus what differs by run (time stamps, random message ids)."""
    out = []
    for event in events:
        d = event.as_dict()
        d.pop("timestamp", None)
        d.pop("message_id", None)
        (d.get("parse_data") or {}).pop("message_id", None)
        out.append(d)
    return out


def converse(agent, plan, loop):
    """Every conversation's replies and its full event history."""
    results = []
    for i, turns in enumerate(plan):
        sender = f"same-{i}"
        replies = [loop.run_until_complete(agent.handle_text(text, sender_id=sender))
                   for text in turns]
        tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
        results.append((replies, without_ids(tracker.events)))
    return results


def test_both_runners_give_the_same_parse_and_the_same_conversations(monkeypatch):
    texts = ([t for t, _ in evaluate.read_holdout()]
             + evaluate.read_yaml_list(evaluate.URGENT_MESSAGES, "messages")
             + evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions")
             + BAD_INPUT)
    # The bench's seeded conversations, then every evaluation message as one turn each.
    plan = bench.conversations(50, 6) + [[t] for t in texts]
    outcomes = {}
    for runner in (DaskGraphRunner, OrderedGraphRunner):
        loop = asyncio.new_event_loop()
        try:
            agent = agent_with(runner, monkeypatch)
            parses = [loop.run_until_complete(agent.parse_message(t)) for t in texts]
            outcomes[runner] = (parses, converse(agent, plan, loop))
        finally:
            loop.close()
    dask_parses, dask_talks = outcomes[DaskGraphRunner]
    ordered_parses, ordered_talks = outcomes[OrderedGraphRunner]
    assert len(ordered_parses) == len(texts) > 350
    for text, a, b in zip(texts, dask_parses, ordered_parses):
        assert a == b, text
    for turns, a, b in zip(plan, dask_talks, ordered_talks):
        assert a == b, turns


def test_an_input_named_like_a_node_is_refused_as_under_dask(monkeypatch):
    agent = agent_with(OrderedGraphRunner, monkeypatch)
    runner = agent.processor.graph_runner
    target = agent.processor.model_metadata.nlu_target
    node = next(iter(runner._plan((target,))))[0]
    with pytest.raises(GraphRunError):
        runner.run(inputs={"__message__": node}, targets=[target])


def test_the_start_point_swaps_the_runner_and_importing_the_store_does_not():
    # `python -m assistant run|shell|test` (every make target) sets it up explicitly.
    start = ("import sys, runpy; sys.argv = ['assistant', '--version']; "
             "runpy.run_module('assistant', run_name='__main__'); ")
    store = "import assistant.runtime.tracker_store; "
    show = "import rasa.core.processor as p; print(p.DaskGraphRunner.__name__)"
    for code, expected in [(start + show, "OrderedGraphRunner"),
                           (store + show, "DaskGraphRunner")]:
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        assert out.strip().splitlines()[-1] == expected
