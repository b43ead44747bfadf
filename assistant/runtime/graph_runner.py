"""Rasa's prediction graph, run node by node in a fixed order instead of through dask.

For every message Rasa's processor runs the model's graph three times (the NLU parse,
then one dialogue prediction for the reply and one for `action_listen`), each time with
`DaskGraphRunner`, which prunes the graph schema to the target, builds a dask graph and
hands it to dask's scheduler. For our graph that bookkeeping cost 0.76 ms of a 2.6 ms
turn, and under load it was the difference between a p95 of about 300 ms and one under
250 ms (docs/performance.md).

`OrderedGraphRunner` works out each target's nodes and their order once, then calls the
same `GraphNode` objects with the same inputs in that order, as dask's synchronous
scheduler does: same components, same results (tests/test_graph_runner.py runs both on
the trained model and compares every output).

Rasa 3.6 has no setting for the runner: `MessageProcessor` names `DaskGraphRunner`
itself when it loads a model. `use()` points that name at this class. It changes
nothing else in Rasa; training keeps dask. The assistant's start point,
`python -m assistant` (assistant/__main__.py), installs it through
assistant/runtime/faster_rasa.py, so every make target that runs or tests the model
gets it; the staff shell and tools/evaluate.py do too. Rasa is pinned at 3.6.21,
the last open-source release; the test checks that the processor still uses the name
we swap.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

logger = logging.getLogger(__name__)

# For each node to run: its name, the node, and the names of the nodes it needs.
Plan = List[Tuple[Text, GraphNode, List[Text]]]


class OrderedGraphRunner(DaskGraphRunner):
    """`DaskGraphRunner` with `run` done in a cached order, without dask."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: Dict[Tuple[Text, ...], Plan] = {}

    def _plan(self, targets: Tuple[Text, ...]) -> Plan:
        if targets not in self._plans:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            order: List[Text] = []

            def visit(name: Text) -> None:
                if name in order or name not in schema.nodes:
                    return
                for need in schema.nodes[name].needs.values():
                    visit(need)
                order.append(name)

            for target in targets:
                visit(target)
            self._plans[targets] = [
                (name, self._instantiated_nodes[name], list(schema.nodes[name].needs.values()))
                for name in order
            ]
        return self._plans[targets]

    def run(
        self,
        inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None,
    ) -> Dict[Text, Any]:
        """Runs the graph (see `GraphRunner.run`)."""
        run_targets = targets if targets else self._graph_schema.target_names
        plan = self._plan(tuple(run_targets))
        # Each node gives (its name, its output), as under dask; an input overrides the
        # node of the same name (Rasa's placeholders for the message and the tracker).
        outputs: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and any(value == n for n, _, _ in plan):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none "
                    f"of the input names passed to the `run` method are the same as node "
                    f"names in the graph schema."
                )
            outputs[name] = (name, value)
        try:
            for name, node, needs in plan:
                if name not in outputs:
                    # dask passes a need it cannot resolve as its bare name; so do we.
                    outputs[name] = node(*(outputs.get(need, need) for need in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(outputs[target] for target in run_targets)


def use() -> None:
    """Make Rasa's processor load models with `OrderedGraphRunner`."""
    import rasa.core.processor

    if rasa.core.processor.DaskGraphRunner is not OrderedGraphRunner:
        rasa.core.processor.DaskGraphRunner = OrderedGraphRunner
        logger.info("Models will run with the ordered graph runner (assistant/runtime/graph_runner.py).")
