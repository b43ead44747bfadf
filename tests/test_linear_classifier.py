"""assistant/nlu/linear_classifier.py on small, made-up data (no trained model needed)."""
import numpy as np
import pytest
import scipy.sparse
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from sklearn.linear_model import LogisticRegression

from assistant.nlu.linear_classifier import LinearIntentClassifier, Scorer
from assistant.nlu.readings import (
    as_what_about, without_end_punctuation, without_filler, without_framing, without_lead_in,
)

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


# --- The cascade: a second model that also sees a sentence embedding ------------------

class FakeEncoder:
    """Stands in for MiniLM: a fixed 3-dimensional embedding per text, counting calls."""

    def __init__(self):
        self.calls = []
        self.runs = []

    def encode(self, text):
        self.calls.append(text)
        seed = sum(map(ord, text)) % 97
        return np.random.default_rng(seed).normal(size=3).astype(np.float32)

    def encode_all(self, texts):
        self.runs.append(list(texts))
        return np.array([self.encode(text) for text in texts])


def fit_with_embeddings(labels, encoder, weight=4.0):
    vectorizers, classifier = fit(labels)
    texts = [t for label in labels for t in TEXTS[label]]
    y = [label for label in labels for _ in TEXTS[label]]
    sparse = scipy.sparse.hstack([v.transform(texts) for v in vectorizers], format="csr")
    dense = np.array([encoder.encode(t) for t in texts]) * weight
    deep = LogisticRegression(C=30, max_iter=3000, random_state=0)
    deep.fit(scipy.sparse.hstack([sparse, scipy.sparse.csr_matrix(dense)], format="csr"), y)
    return vectorizers, classifier, deep


@pytest.mark.parametrize("text", ["hello", "can a kid be a victim", "forced labor ?"])
def test_the_second_scorer_gives_the_same_probabilities_as_sklearn(text):
    encoder = FakeEncoder()
    vectorizers, _, deep = fit_with_embeddings(list(TEXTS), encoder)
    embedding = encoder.encode(text)
    features = scipy.sparse.hstack([v.transform([text]) for v in vectorizers]
                                   + [scipy.sparse.csr_matrix(embedding * 4.0)], format="csr")
    expected = deep.predict_proba(features)[0]
    assert np.allclose(Scorer(vectorizers, deep, 4.0).probabilities(text, embedding), expected)


@pytest.mark.parametrize("text", ["hello", "can a kid be a victim", "forced labor ?", "zzqx"])
def test_both_scorers_share_one_computation_of_a_texts_features(text):
    # The fast model's features, handed to the second scorer, give what it would
    # compute itself, to the last bit; and they tell whether a whole word was seen.
    encoder = FakeEncoder()
    vectorizers, classifier, deep = fit_with_embeddings(list(TEXTS), encoder)
    fast, second = Scorer(vectorizers, classifier), Scorer(vectorizers, deep, 4.0)
    features = fast.features(text)
    embedding = encoder.encode(text)
    assert np.array_equal(second.probabilities(text, embedding, features),
                          second.probabilities(text, embedding))
    assert np.array_equal(fast.probabilities(text, features=features), fast.probabilities(text))
    words = vectorizers[0].build_analyzer()(text)
    assert fast.knows_a_word(features) == any(w in vectorizers[0].vocabulary_ for w in words)


def cascade(threshold, encoder):
    config = {"sentence_encoder": False, "cascade_threshold": threshold, "encoder_weight": 4.0}
    component = LinearIntentClassifier(config, None, None,
                                       fit_with_embeddings(list(TEXTS), encoder))
    component._encoder = encoder
    encoder.calls.clear()
    return component


def test_the_encoder_runs_only_when_the_fast_model_is_unsure():
    encoder = FakeEncoder()
    # How sure the fast model is of its likeliest label (a full label: faq/minors).
    sure = Scorer(*fit(list(TEXTS))).probabilities("children and trafficking").max()
    unsure_below_it = cascade(sure + 0.01, encoder)
    unsure_below_it.process([message("children and trafficking")])
    assert encoder.calls == ["children and trafficking"]
    sure_enough = cascade(sure - 0.01, encoder)
    sure_enough.process([message("children and trafficking")])
    assert encoder.calls == []


def test_a_message_with_no_word_seen_in_training_gets_no_intent():
    encoder = FakeEncoder()
    [m] = cascade(1.01, encoder).process([message("kjhkjh qwxz")])
    assert m.get("intent") == {"name": None, "confidence": 0.0}
    assert encoder.calls == []


@pytest.mark.parametrize("text, expected", [
    ("is it illegal ?", ("is it illegal", "is it illegal")),
    ("Help me !! ?", ("help me", "Help me")),
    ("what is trafficking", None),
    ("? !", None),
    ("", None),
])
def test_end_punctuation_is_the_trailing_tokens_made_only_of_punctuation(text, expected):
    assert without_end_punctuation(message(text)) == expected


@pytest.mark.parametrize("text", ["types of trafficking ?", "hello !", "minor victim ."])
def test_a_message_ending_in_punctuation_is_also_read_without_it_and_the_surer_reading_stands(text):
    encoder = FakeEncoder()
    # The encoder runs for every reading (threshold above 1), so both models are used.
    component = cascade(1.01, encoder)
    component._config["also_without_end_punctuation"] = True
    bare = text.rsplit(" ", 1)[0]
    fast, second = component._scorer, component._deep_scorer
    readings = [second.probabilities(t, encoder.encode(t)) for t in (text, bare)]
    encoder.calls.clear()
    [m] = component.process([message(text)])
    assert encoder.calls == [text, bare]
    # Both readings needed the encoder: one run embeds them together.
    assert encoder.runs[-1:] == [[text, bare]] and len(encoder.runs) == 1
    surer = max(readings, key=lambda row: row.max())
    # The parse data says which reading stood (the staff shell shows it).
    stood = "without its end punctuation" if readings[1].max() > readings[0].max() else None
    assert m.get("read_as") == stood
    expected = dict(zip(fast.classes, surer))
    label = max(expected, key=expected.get)
    assert m.get("intent")["name"] == label.split("/")[0]
    ranking = m.get("intent_ranking")
    by_intent = {}
    for full, p in expected.items():
        by_intent[full.split("/")[0]] = by_intent.get(full.split("/")[0], 0.0) + p
    assert {r["name"]: r["confidence"] for r in ranking} == pytest.approx(by_intent)


def test_without_the_option_a_message_is_read_as_typed_only():
    encoder = FakeEncoder()
    component = cascade(1.01, encoder)
    component.process([message("types of trafficking ?")])
    assert encoder.calls == ["types of trafficking ?"]


@pytest.mark.parametrize("text, expected", [
    ("True or False: victims know their trafficker .",
     ("victims know their trafficker", "victims know their trafficker")),
    ("why do you think that it grows ?", ("why it grows", "why it grows")),
    ("In your opinion, what helps ?", ("what helps", "what helps")),
    ("is it growing , do you think ?", ("is it growing", "is it growing")),
    ("IN YOUR VIEW why is it hard", ("why is it hard", "why is it hard")),
    ("what is trafficking", None),
    ("true or false", None),
    ("explain trafficking to me like I'm 12", None),
    ("in your opinions", None),
    ("i think you do", None),
])
def test_a_framing_is_an_opinion_asked_or_an_exercise_set(text, expected):
    assert without_framing(message(text)) == expected


# Session 49: "is that trafficking tho" got two topics to choose from.
@pytest.mark.parametrize("text, expected", [
    ("is that trafficking tho ?", ("is that trafficking", "is that trafficking")),
    ("is that trafficking though", ("is that trafficking", "is that trafficking")),
    ("how many victims are there lol", ("how many victims are there",
                                        "how many victims are there")),
    ("is it legal , though ?", ("is it legal", "is it legal")),
    # Only as the last word.
    ("though it was years ago", None),
    ("thoughts on trafficking", None),
    ("tho", None),
])
def test_a_word_that_adds_nothing_at_the_end_is_left_out(text, expected):
    assert without_filler(message(text)) == expected


# Session 58: "and the effects" got "Sorry, I didn't understand that", "and the forms"
# "my sources don't cover that"; "what about the effects" got its answer. (This file's
# messages have their words, lower-cased, as lemmas.)
@pytest.mark.parametrize("text, expected", [
    ("and the effects", ("what about the effects", "what about the effects")),
    ("And the forms ?", ("what about the forms", "what about the forms")),
    ("and also the causes", ("what about the causes", "what about the causes")),
    ("& minors", ("what about minors", "what about minors")),
    # Before a question word the "and" is only left out.
    ("and where does it happen ?", ("where does it happen", "where does it happen")),
    # Only opening the message, and only a few words after it.
    ("effects and causes", None),
    ("and then he took my passport and my phone", None),
    ("andrew", None),
    ("and", None),
])
def test_a_short_follow_up_opening_with_and_is_read_as_what_about(text, expected):
    assert as_what_about(message(text)) == expected


# Session 61: "thanks, how do i help" got "You're welcome" alone, "ok, how do i help"
# "Sorry, I didn't understand that"; "how do i help" got its answer.
@pytest.mark.parametrize("text, expected", [
    ("thanks , how do i help", ("how do i help", "how do i help")),
    ("ok , how do i help ?", ("how do i help", "how do i help")),
    ("thank you so much , how do i report it", ("how do i report it", "how do i report it")),
    ("ok thanks ! where does it happen", ("where does it happen", "where does it happen")),
    ("thx what about kids", ("what about kids", "what about kids")),
    # Only before a question word, and only opening the message.
    ("thanks , i need help", None),
    ("thanks for your help", None),
    ("how do i help , thanks", None),
    ("okay", None),
    ("thanksgiving is when", None),
])
def test_thanks_or_ok_before_a_question_is_left_out(text, expected):
    assert without_lead_in(message(text)) == expected


@pytest.mark.parametrize("text", ["true or false: types of trafficking",
                                  "do you think minor victim"])
def test_a_framed_message_is_also_read_without_its_framing_and_the_surer_reading_stands(text):
    encoder = FakeEncoder()
    component = cascade(1.01, encoder)
    component._config["also_without_framing"] = True
    unframed = without_framing(message(text))[1]
    second = component._deep_scorer
    readings = [second.probabilities(t, encoder.encode(t)) for t in (text, unframed)]
    encoder.calls.clear()
    [m] = component.process([message(text)])
    assert encoder.calls == [text, unframed]
    stood = ("without its framing and end punctuation"
             if readings[1].max() > readings[0].max() else None)
    assert m.get("read_as") == stood
    surer = max(readings, key=lambda row: row.max())
    label = max(zip(component._scorer.classes, surer), key=lambda kv: kv[1])[0]
    assert m.get("intent")["name"] == label.split("/")[0]


def test_only_the_readings_the_fast_model_is_unsure_of_reach_the_encoder():
    """At 0 the fast model decides every reading alone: no encoder run at all."""
    encoder = FakeEncoder()
    component = cascade(0.0, encoder)
    component._config["also_without_end_punctuation"] = True
    component.process([message("types of trafficking ?")])
    assert encoder.runs == []
