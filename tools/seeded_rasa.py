"""`rasa ...` with NumPy's global random generator seeded first, for `make eval`.

`rasa test nlu --cross-validation` shuffles its folds with that generator and no seed
(rasa/nlu/test.py, generate_folds), so without this the folds, and the figures,
changed from one run to the next.
"""
import numpy
from rasa.__main__ import main

SEED = 2026

if __name__ == "__main__":
    numpy.random.seed(SEED)
    main()
