"""assistant/nlu/linear_classifier.py on small, made-up data (no trained model needed)."""
import numpy as np
import pytest
import scipy.sparse
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.linear_classifier import LinearIntentClassifier, Scorer

TEXTS = {
    "greet": ["hi", "hello there", "good morning", "hey"],
    "faq/minors": ["can a child be trafficked", "are kids victims", "minor victim",
                   "children and trafficking"],
    "faq/forms": ["what forms of trafficking exist", "types of trafficking",
                  "kinds of exploitation", "is forced labour trafficking"],
}


def fit(labels):
    component = LinearIntentClassifier({"C": 100}, None, None)
    vectorizers, classifier = component._new_model()
    texts = [t for label in labels for t in TEXTS[label]]
    y = [label for label in labels for _ in TEXTS[label]]
    classifier.fit(scipy.sparse.hstack([v.fit_transform(texts) for v in vectorizers],
                                       format="csr"), y)
    return vectorizers, classifier


@pytest.mark.parametrize("labels", [list(TEXTS), ["greet", "faq/minors"]])
@pytest.mark.parametrize("text", ["hello", "can a kid be a victim", "qwxz", "forced labor ?"])
def test_scorer_gives_the_same_probabilities_as_sklearn(labels, text):
    vectorizers, classifier = fit(labels)
    features = scipy.sparse.hstack([v.transform([text]) for v in vectorizers], format="csr")
    expected = classifier.predict_proba(features)[0]
    assert np.allclose(Scorer(vectorizers, classifier).probabilities(text), expected)


def message(text):
    m = Message({TEXT: text})
    tokens, start = [], 0
    for word in text.split():
        tokens.append(Token(word, start, lemma=word.lower()))
        start += len(word) + 1
    m.set(TOKENS_NAMES[TEXT], tokens)
    return m


def test_process_fills_in_intent_ranking_and_response_selector():
    component = LinearIntentClassifier({}, None, None, fit(list(TEXTS)))
    [m] = component.process([message("Can a CHILD be trafficked")])
    assert m.get("intent")["name"] == "faq"
    confidences = [r["confidence"] for r in m.get("intent_ranking")]
    assert confidences == sorted(confidences, reverse=True)
    # A topic's probability counts for its intent: the intents still sum to one.
    assert sum(confidences) == pytest.approx(1.0)
    selector = m.get("response_selector")
    assert selector["all_retrieval_intents"] == ["faq"]
    response = selector["faq"]["response"]
    assert response["intent_response_key"] == "faq/minors"
    assert response["utter_action"] == "utter_faq/minors"
    topics = selector["faq"]["ranking"]
    assert sum(t["confidence"] for t in topics) == pytest.approx(1.0)


def test_a_message_without_tokens_gets_no_intent():
    component = LinearIntentClassifier({}, None, None, fit(list(TEXTS)))
    [m] = component.process([message("")])
    assert m.get("intent") == {"name": None, "confidence": 0.0}
    assert m.get("response_selector")["faq"]["response"]["utter_action"] is None


def test_an_untrained_component_predicts_nothing():
    [m] = LinearIntentClassifier({}, None, None).process([message("hello")])
    assert m.get("intent")["name"] is None
