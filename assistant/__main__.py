"""`python -m assistant run|shell|test|...`: Rasa's command line, started as the
assistant runs. Everything it changes in Rasa is set up here, one line each, before
Rasa parses its arguments:

- `native_threads.limit()`, first, before NumPy loads: one thread for OpenBLAS and
  OpenMP, whose idle helper threads otherwise spin on a second core
  (assistant/runtime/native_threads.py);
- `log_privacy.install()`: what people write never reaches a log line, Rasa's own
  failure logs included (assistant/runtime/log_privacy.py);
- `telemetry.off()`: Rasa's telemetry and crash reports off, unless the operator set
  `RASA_TELEMETRY_ENABLED` (assistant/runtime/telemetry.py);
- `faster_rasa.use()`: seven changes to Rasa's per-message work, same answers, listed
  in assistant/runtime/faster_rasa.py (the ordered graph runner instead of dask,
  dialogue states continued from the last turn, rules read once, the domain checked
  once, the debug line's states written out only for debug logging, trackers copied
  as they stand, applied events continued from the last call); the staff shell and
  the tools that load the model call it too;
- `follow_ups.use()`: Rasa's processor hands the NLU, with each message, the FAQ topic
  the previous turn was answered with, so that a follow-up ("when was it adopted?") is
  read with it, and a pick of one of the choices it offered ("the second one") as that
  choice (assistant/runtime/follow_ups.py, choice_replies.py); the staff shell and the
  tools that load the model call it too;
- `compound_questions.use()`: a message asking two FAQ questions ("what is trafficking
  and how do I report it?") gets both answers, in the order asked
  (assistant/runtime/compound_questions.py); the staff shell and the tools that load
  the model call it too;
- NumPy's global generator is seeded: `rasa test nlu --cross-validation` shuffles its
  folds with it and no seed (rasa/nlu/test.py, generate_folds), so without this the
  folds, and the figures, changed from one run to the next.

Once Rasa has set up its logging, a log line says what was set up (through Rasa's own
plugin hook for the command line, registered here). Every make target and
tools/rasa_server.py start Rasa through here; plain `rasa run` works too, without
these, and the server then warns that user text is not redacted
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
    compound_questions, faster_rasa, follow_ups, log_privacy, telemetry,
)

SEED = 2026
logger = logging.getLogger("assistant")


class SetUpNotes:
    """Logs what this start point set up, once Rasa's logging is configured."""

    @pluggy.HookimplMarker("rasa")
    def configure_commandline(self, cmdline_arguments) -> Optional[Text]:
        logger.info("Started by python -m assistant: user text redacted from logs, "
                    "Rasa's telemetry off unless RASA_TELEMETRY_ENABLED is set, "
                    f"{faster_rasa.SUMMARY}, follow-ups read with the previous topic "
                    "and picks of its choices as those choices, "
                    "NumPy seeded, one OpenBLAS/OpenMP thread "
                    "(assistant/__main__.py).")
        return None


if __name__ == "__main__":
    log_privacy.install()
    telemetry.off()
    faster_rasa.use()
    follow_ups.use()
    compound_questions.use()
    numpy.random.seed(SEED)
    plugin_manager().register(SetUpNotes())
    main()
