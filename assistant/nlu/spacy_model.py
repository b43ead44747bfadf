"""The spaCy pipeline the assistant uses: blank English plus the lookup lemmatizer.

No pretrained spaCy model can be downloaded where this runs, and Rasa's `SpacyNLP`
cannot load `blank:en` by name, so `make install` saves this pipeline to disk with
`python -m assistant.nlu.spacy_model build/spacy-en` and `config.yml` loads it by path.
The lemma tables come from the `spacy-lookups-data` package, which pip installs.
"""
import sys
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

DEFAULT_PATH = Path("build/spacy-en")


def blank_english() -> Language:
    """A blank English pipeline whose tokens carry lower-case lookup lemmas."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=None)
def shared_pipeline(path: str) -> Language:
    """The saved pipeline at `path`, loaded once per process: the components that read
    a message's lemmas themselves (the urgent safety net, the privacy questions) share
    it rather than each loading its own copy."""
    return spacy.load(path)


def main(argv: list) -> int:
    target = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    blank_english().to_disk(target)
    print(f"saved blank English spaCy pipeline with lookup lemmas to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
