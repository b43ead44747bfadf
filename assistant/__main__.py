"""`python -m assistant run|shell|test|...`: Rasa's command line, started as the
assistant runs. Everything it changes in Rasa is set up here, one line each, before
Rasa parses its arguments:

- `native_threads.limit()`, first, before NumPy loads: one thread for OpenBLAS and
  OpenMP, whose idle helper threads otherwise spin on a second core
  (assistant/runtime/native_threads.py);
- `log_privacy.install()`: what people write never reaches a log line, Rasa's own
  failure logs included (assistant/runtime/log_privacy.py);
- `graph_runner.use()`: the model runs with the ordered graph runner instead of dask,
  same answers, faster (assistant/runtime/graph_runner.py);
- `dialogue_states.use()`: the dialogue states the rule policy reads are computed
  once per turn, not replayed from the conversation's start on every prediction, so
  a turn no longer replays the whole conversation (assistant/runtime/dialogue_states.py);
- `rule_lookup.use()`: the rule policy reads each rule once, not on every prediction,
  same rules found (assistant/runtime/rule_lookup.py);
- `domain_check.use()`: a domain with content is checked for emptiness once, not on
  every message (assistant/runtime/domain_check.py);
- `debug_states.use()`: the rule policy writes out the dialogue states for its debug
  line only when debug logging is on (assistant/runtime/debug_states.py);
- `tracker_copy.use()`: the tracker each action gets is copied as it stands, not
  rebuilt event by event (assistant/runtime/tracker_copy.py);
- NumPy's global generator is seeded: `rasa test nlu --cross-validation` shuffles its
  folds with it and no seed (rasa/nlu/test.py, generate_folds), so without this the
  folds, and the figures, changed from one run to the next.

Once Rasa has set up its logging, a log line says what was set up (through Rasa's own
plugin hook for the command line, registered here). Every make target and
tools/rasa_server.py start Rasa through here; plain `rasa run` works too, without these
nine, and the server then warns that user text is not redacted
(assistant/runtime/warm_up.py).
"""
from assistant.runtime import native_threads

native_threads.limit()  # before NumPy loads: it reads the variables then

import logging  # noqa: E402
from typing import Optional, Text  # noqa: E402

import numpy  # noqa: E402
import pluggy  # noqa: E402
from rasa.__main__ import main  # noqa: E402
from rasa.plugin import plugin_manager  # noqa: E402

from assistant.runtime import (  # noqa: E402
    debug_states, dialogue_states, domain_check, graph_runner, log_privacy, rule_lookup,
    tracker_copy,
)

SEED = 2026
logger = logging.getLogger("assistant")


class SetUpNotes:
    """Logs what this start point set up, once Rasa's logging is configured."""

    @pluggy.HookimplMarker("rasa")
    def configure_commandline(self, cmdline_arguments) -> Optional[Text]:
        logger.info("Started by python -m assistant: user text redacted from logs, "
                    "ordered graph runner, dialogue states per turn, rules read once, domain "
                    "checked once, states written out for debug lines only, trackers copied as they stand, NumPy "
                    "seeded, one OpenBLAS/OpenMP thread "
                    "(assistant/__main__.py).")
        return None


if __name__ == "__main__":
    log_privacy.install()
    graph_runner.use()
    dialogue_states.use()
    rule_lookup.use()
    domain_check.use()
    debug_states.use()
    tracker_copy.use()
    numpy.random.seed(SEED)
    plugin_manager().register(SetUpNotes())
    main()
