"""`python -m assistant run|shell|test|...`: Rasa's command line, started as the
assistant runs. Everything it changes in Rasa is set up here, one line each, before
Rasa parses its arguments:

- `log_privacy.install()`: what people write never reaches a log line, Rasa's own
  failure logs included (assistant/runtime/log_privacy.py);
- `graph_runner.use()`: the model runs with the ordered graph runner instead of dask,
  same answers, faster (assistant/runtime/graph_runner.py);
- NumPy's global generator is seeded: `rasa test nlu --cross-validation` shuffles its
  folds with it and no seed (rasa/nlu/test.py, generate_folds), so without this the
  folds, and the figures, changed from one run to the next.

Every make target and tools/rasa_server.py start Rasa through here; plain `rasa run`
works too, without these three.
"""
import numpy
from rasa.__main__ import main

from assistant.runtime import graph_runner, log_privacy

SEED = 2026

if __name__ == "__main__":
    log_privacy.install()
    graph_runner.use()
    numpy.random.seed(SEED)
    main()
