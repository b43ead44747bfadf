"""Shared fixtures. Fast tests need no trained model; tests/test_model.py does."""
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.spacy_model import blank_english  # noqa: E402
from assistant.urgent_lexicon import UrgentLexicon  # noqa: E402
from tools.evaluate import HOTLINE  # noqa: E402,F401  (tests import it from here)

SOURCES = ROOT.parent / "shared" / "sources"


def load_yaml(relative: str):
    with open(ROOT / relative, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="session")
def nlp():
    return blank_english()


@pytest.fixture(scope="session")
def lexicon(nlp):
    return UrgentLexicon.from_file(nlp)


@pytest.fixture(scope="session")
def domain():
    return load_yaml("domain.yml")


@pytest.fixture(scope="session")
def facts():
    return {f["id"]: f for f in load_yaml("knowledge/facts.yml")["facts"]}
