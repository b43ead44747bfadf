"""`rasa ...` for `make test` and `make eval`: as the assistant answers, and repeatable.

- The model runs with the ordered graph runner (assistant/runtime/graph_runner.py), as `rasa
  run` and `rasa shell` have it through endpoints.yml; `rasa test` reads no
  endpoints.yml, so without this the conversation tests would run dask instead.
- NumPy's global random generator is seeded first: `rasa test nlu --cross-validation`
  shuffles its folds with it and no seed (rasa/nlu/test.py, generate_folds), so
  without this the folds, and the figures, changed from one run to the next.
"""
import numpy
from rasa.__main__ import main

from assistant.runtime import graph_runner

SEED = 2026

if __name__ == "__main__":
    numpy.random.seed(SEED)
    graph_runner.use()
    main()
