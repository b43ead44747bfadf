"""A linear intent classifier and FAQ response selector in one Rasa NLU component.

An FAQ assistant with a few dozen labels and a few hundred short examples does not need
a neural network per message. This component learns one logistic regression over
tf-idf weighted lemmas and character n-grams (so "traffickin" and "wat is" still land
near the words they stand for), whose classes are the full labels: ordinary intents
such as `greet`, and FAQ topics such as `faq/minors`. From those probabilities it
fills in what DIETClassifier and ResponseSelector would:
- `intent` and `intent_ranking`: a topic's probability counts for its intent, so `faq`
  scores the sum over all FAQ topics (FallbackClassifier reads this);
- `response_selector`: the most likely topic for each retrieval intent, with its
  probability among that intent's topics (ActionRetrieveResponse reads `utter_action`).

Why (issue #6, docs/performance.md): DIET and ResponseSelector took about 14 ms of the
19 ms a message cost, most of it TensorFlow's per-call overhead; this takes well under
a millisecond, trains in seconds, and scores the held-out set as well as DIET did.
A message with no tokens gets no intent (confidence 0), as DIET gives it; so does a
message with no word seen in training.

A cascade (issue #13), when `sentence_encoder` is on: tf-idf features only know the
words our examples used, so paraphrases by real people went astray. A second logistic
regression also sees the message's all-MiniLM-L6-v2 sentence embedding
(assistant/nlu/sentence_encoder.py), which places paraphrases close together. The
encoder costs a few milliseconds, so it runs only when the fast model is unsure: when
the fast model's likeliest label has at least `cascade_threshold`, its answer stands.
In a 5-fold cross-validation of data/nlu.yml the cascade at 0.9 was as accurate as
always running the encoder (85.2% both; tf-idf alone 73.0%) and ran the encoder for
59% of the held-out folds' messages, 20% of `make bench`'s (docs/performance.md).
`config.yml` has 0.93 since the end-punctuation step below (session 28 there).

With `also_without_end_punctuation`, a message that ends in punctuation is scored as
typed and without it, and the surer of the two readings stands: our examples seldom
end in "?", people's questions nearly always do, and the rare feature moved answers
(docs/performance.md, session 26). It costs a second scoring for such messages.
`also_without_framing` does the same for a question framed as an opinion asked of the
assistant or an exercise set ("why do you think that...", "True or False: ..."),
read without the framing (assistant/nlu/readings.py; session 28), and
`also_without_filler` for a message ending with a word that adds nothing ("is that
trafficking tho?", session 49), and `also_as_what_about` for a short follow-up
opening with "and" ("and the effects?"), read with "what about" in its place (session
58), and `also_without_lead_in` for a question after thanks or an acknowledgement
("thanks, how do i help", session 61), read without them. With
`also_with_spelling_corrected`, a message with a word that is neither the classifier's
nor common English ("how prevelant is it") is read only with it as the classifier's
word a slip or two away (assistant/nlu/spelling.py, session 51): training saves the
speller beside the model, in `spelling.json`; a message with no word seen in training
is read so too before it gets no intent ("vicitms").
"""
from __future__ import annotations

import json
import logging
import math
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Text, Tuple

import joblib
import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
    TOKENS_NAMES,
)
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant import yaml_files
from assistant.nlu.readings import (
    ASKS_FOR, PLURAL_REFERRING_WORDS, PREVIOUS_TOPIC, SPELLING_CORRECTED_TEXT,
    TRAFFICKING_AS_A_WHOLE, as_what_about, asks_for, asks_only, compares, end_punctuation,
    joined_lemmas, with_spelling_corrected, with_subject, without_end_punctuation, without_filler,
    without_framing, without_lead_in,
)
from assistant.nlu.sentence_encoder import shared_encoder
from assistant.nlu.spacy_model import shared_pipeline
from assistant.nlu.spelling import Speller, word_rewrites
from assistant.nlu.topic_chooser import subjects_in
from assistant.nlu.urgent_lexicon import read_spelling

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_classifier.joblib"
# The classifier's words, for reading misspelt ones as them (assistant/nlu/spelling.py).
SPELLING_FILE = "spelling.json"
# In the parse data when another reading than the message as typed stood: which one
# (the staff shell's line says so).
READ_AS = "read_as"
WITHOUT_END_PUNCTUATION = "without its end punctuation"
WITHOUT_FRAMING = "without its framing and end punctuation"
WITHOUT_FILLER = "without the word it ends with (\"tho\") and end punctuation"
WITH_PREVIOUS_TOPIC = "with the previous topic in place of its \"it\" or \"they\""
AS_ASKING_THE_PREVIOUS_ANSWER = "as asking what the previous answer gives (\"per year?\")"
WITH_SPELLING_CORRECTED = "with its misspelt words corrected"
AS_WHAT_ABOUT = "with the \"and\" it opens with as \"what about\""
WITHOUT_LEAD_IN = "without the thanks or \"ok\" it opens with, and end punctuation"
# The tf-idf vectorizers, the fast model and, with the sentence encoder, the second one.
Model = Tuple[Any, ...]
# A text's features from one vectorizer: the rows of weights they use, and their weights.
Feature = Tuple[np.ndarray, np.ndarray]

# Rasa's config check looks for its own ResponseSelector class by name and warns that
# the FAQ examples would go unused. This component is the response selector, so that
# one warning is wrong here; every other warning stays.
warnings.filterwarnings(
    "ignore",
    message="You have defined training data with examples for training a response selector",
)


def lemma_text(message: Message) -> Text:
    """The message as its lower-cased lemmas, joined by spaces ("" with no tokens)."""
    return joined_lemmas(message.get(TOKENS_NAMES[TEXT]) or [])


def full_label(message: Message) -> Text:
    """`faq/minors` for an FAQ example, the intent name for any other."""
    return message.get(INTENT_RESPONSE_KEY) or message.get(INTENT)


class Scorer:
    """The trained model's `predict_proba` for one text, without sklearn's per-call
    checks and sparse matrices: under load those took most of this component's time.
    It computes the same numbers (tests/test_linear_classifier.py compares them).

    With `dense_weight`, the model was trained on the tf-idf features followed by a
    sentence embedding times `dense_weight`, and `probabilities` takes the embedding."""

    def __init__(self, vectorizers: List[TfidfVectorizer], classifier: LogisticRegression,
                 dense_weight: float = 0.0):
        self.classes = [str(c) for c in classifier.classes_]
        # `faq` for labels such as `faq/minors`.
        self.retrieval_intents = sorted({c.split("/", 1)[0] for c in self.classes if "/" in c})
        self._parts = []
        offset = 0
        for v in vectorizers:
            self._parts.append((v.build_analyzer(), v.vocabulary_, v.idf_, offset))
            offset += len(v.vocabulary_)
        # One row of weights per feature, so a message's few features are a few rows.
        weights = np.ascontiguousarray(classifier.coef_.T)
        self._weights = weights[:offset]
        self._dense = weights[offset:] * dense_weight if dense_weight else None
        self._intercept = classifier.intercept_

    def features(self, text: Text) -> List[Optional[Feature]]:
        """The tf-idf features of `text`, per vectorizer (None where it has none): the
        rows they weigh and their weights. Both scorers share the vectorizers, so a
        message's features are computed once for both."""
        found: List[Optional[Feature]] = []
        for analyzer, vocabulary, idf, offset in self._parts:
            counts = Counter(i for i in map(vocabulary.get, analyzer(text)) if i is not None)
            if not counts:
                found.append(None)
                continue
            index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            # sublinear tf (1 + log count) times idf, then unit length: TfidfVectorizer's.
            weight = np.fromiter((1.0 + math.log(c) for c in counts.values()), float,
                                 count=len(counts)) * idf[index]
            found.append((index + offset, weight / np.linalg.norm(weight)))
        return found

    @staticmethod
    def knows_a_word(features: List[Optional[Feature]]) -> bool:
        """Whether any whole word of the text was seen in training (the first
        vectorizer's are whole words)."""
        return features[0] is not None

    def probabilities(self, text: Text, embedding: Optional[np.ndarray] = None,
                      features: Optional[List[Optional[Feature]]] = None) -> np.ndarray:
        scores = self._intercept.astype(float)
        if self._dense is not None:
            scores = scores + embedding @ self._dense
        for feature in self.features(text) if features is None else features:
            if feature is not None:
                rows, weight = feature
                scores = scores + weight @ self._weights[rows]
        if len(self.classes) == 2:  # one score: the second class's log-odds
            p = 1.0 / (1.0 + np.exp(-scores[0]))
            return np.array([1.0 - p, p])
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression over lemmas and character n-grams, for intents and FAQ topics."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [SpacyTokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Inverse regularisation strength of the logistic regression.
            "C": 10.0,
            # Character n-grams within word boundaries, from 1 to this length.
            "max_char_ngram": 4,
            "max_iter": 3000,
            # How many intents `intent_ranking` lists (and topics each selector ranks).
            "ranking_length": 10,
            "random_seed": 0,
            # The cascade's second model, over tf-idf features and the MiniLM sentence
            # embedding (scaled by `encoder_weight`), with its own regularisation.
            "sentence_encoder": False,
            "encoder_weight": 4.0,
            "encoder_C": 30.0,
            # The fast model's answer stands when its likeliest label has at least this.
            "cascade_threshold": 0.9,
            # Intents recognised by lookup, not learned (assistant/nlu/short_replies.py):
            # their examples are left out of training.
            "lookup_intents": [],
            # A message that ends in punctuation is also scored without it, and the
            # reading the classifier is surer of stands (see `_other_readings`).
            "also_without_end_punctuation": False,
            # The same for a message framed as an opinion asked or an exercise set
            # ("do you think that", "true or false:"), read without the framing.
            "also_without_framing": False,
            # The same for a message ending with a word that adds nothing ("tho",
            # "though", "lol"), read without it.
            "also_without_filler": False,
            # The same for a short follow-up opening with "and" ("and the effects?"),
            # read with "what about" in its place (assistant/nlu/readings.py).
            "also_as_what_about": False,
            # The same for a question after thanks or "ok" ("thanks, how do i help"),
            # read without them (assistant/nlu/readings.py).
            "also_without_lead_in": False,
            # The same for a message with misspelt words ("how prevelant is it"), read
            # with them corrected to the classifier's own words (assistant/nlu/spelling.py).
            "also_with_spelling_corrected": False,
            # A follow-up the message as typed leaves out of scope or unsure (below
            # `follow_up_below`), with "it", "this" or "that" in it, is also read with
            # that word replaced by what the previous turn's topic is about (`subjects`
            # in the `topics` file; assistant/runtime/follow_ups.py passes the topic);
            # that reading stands when its likeliest label is an FAQ topic with at least
            # `follow_up_threshold`. A comparison with trafficking as a whole ("how is
            # that different from trafficking?") is read so however sure the message
            # alone was (assistant/nlu/readings.py, `compares`). After the answers about
            # a group of people, "they" or "them" is read so too (`they` in the file).
            "also_with_previous_topic": False,
            "topics": "knowledge/topics.yml",
            # Whose spelling rewrites of words as texted ("u": "you") the speller also
            # reads, when the classifier does not know the word (at training only).
            "lexicon": "knowledge/urgent.yml",
            "spacy_model": "build/spacy-en",
            "out_of_scope_intent": "out_of_scope",
            "urgent_intent": "urgent_help",
            "follow_up_below": 0.4,
            "follow_up_threshold": 0.5,
            # Intents about the assistant that a follow-up with a referring word is also
            # read past, however sure: "what does it do?", after the answer on the TVPA,
            # asks what the TVPA does, not what the assistant can do.
            "follow_ups_past": [],
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Model] = None,
        speller: Optional[Speller] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._speller = speller if self._config["also_with_spelling_corrected"] else None
        self._model_storage = model_storage
        self._resource = resource
        self._scorer: Optional[Scorer] = None
        self._deep_scorer: Optional[Scorer] = None
        self._encoder = None
        if model:
            vectorizers, classifier, *deep_model = model
            deep = deep_model[0] if deep_model else None
            self._scorer = Scorer(vectorizers, classifier)
            if deep is not None:
                self._deep_scorer = Scorer(vectorizers, deep, self._config["encoder_weight"])
        if self._config["sentence_encoder"]:
            self._encoder = shared_encoder()
        self._subjects: Dict[Text, Text] = {}
        self._plural_subjects: Dict[Text, Text] = {}
        self._subject_lemmas: Dict[Text, Text] = {}
        # For each follow-up question of `ASKS_FOR`, the topics whose answer answers it.
        self._topics_giving: Dict[Text, Set[Text]] = {key: set() for key in ASKS_FOR}
        if self._config["also_with_previous_topic"]:
            with open(self._config["topics"], encoding="utf-8") as f:
                topics = yaml_files.safe_load(f)
            self._subjects = subjects_in(topics)
            self._plural_subjects = subjects_in(topics, "they")
            self._topics_giving = {key: {str(t) for t in topics.get(key) or []}
                                   for key in ASKS_FOR}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _new_model(self) -> Tuple[List[TfidfVectorizer], LogisticRegression]:
        """The tf-idf vectorizers and the fast model."""
        vectorizers = [
            TfidfVectorizer(sublinear_tf=True),
            TfidfVectorizer(sublinear_tf=True, analyzer="char_wb",
                            ngram_range=(1, self._config["max_char_ngram"])),
        ]
        return vectorizers, self._logistic_regression(self._config["C"])

    def _logistic_regression(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=self._config["max_iter"],
                                  random_state=self._config["random_seed"])

    def train(self, training_data: TrainingData) -> Resource:
        lookup = set(self._config["lookup_intents"])
        examples = [m for m in training_data.intent_examples
                    if m.get(INTENT) and m.get(INTENT) not in lookup]
        labels = [full_label(m) for m in examples]
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier needs at least two labels; not trained.")
            return self._resource
        vectorizers, classifier = self._new_model()
        texts = [lemma_text(m) for m in examples]
        # Side by side, as sklearn's FeatureUnion would put them.
        features = scipy.sparse.hstack([v.fit_transform(texts) for v in vectorizers],
                                       format="csr")
        classifier.fit(features, labels)
        self._scorer = Scorer(vectorizers, classifier)
        model: Model = (vectorizers, classifier)
        if self._encoder is not None:
            weight = self._config["encoder_weight"]
            embeddings = np.array([self._encoder.encode(m.get(TEXT)) for m in examples])
            deep = self._logistic_regression(self._config["encoder_C"])
            deep.fit(scipy.sparse.hstack([features, scipy.sparse.csr_matrix(embeddings * weight)],
                                         format="csr"), labels)
            self._deep_scorer = Scorer(vectorizers, deep, weight)
            model = (vectorizers, classifier, deep)
        if self._config["also_with_spelling_corrected"]:
            self._speller = self._new_speller(vectorizers[0], examples)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(model, directory / MODEL_FILE)
            if self._speller is not None:
                with open(directory / SPELLING_FILE, "w", encoding="utf-8") as f:
                    json.dump(self._speller.to_dict(), f)
        return self._resource

    def _new_speller(self, words: TfidfVectorizer, examples: List[Message]) -> Speller:
        """A speller for the word features' lemmas: the examples' words as written, and
        the inflections the lemma table gives of them."""
        nlp = shared_pipeline(self._config["spacy_model"])
        lemmas = set(words.vocabulary_)
        surfaces = {token.text.lower() for m in examples
                    for token in m.get(TOKENS_NAMES[TEXT]) or []}
        if "lemmatizer" in nlp.pipe_names:
            table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
            surfaces |= {form for form, lemma in table.items()
                         if isinstance(form, str) and lemma in lemmas}

        def lemma_of(word: Text) -> Text:
            doc = nlp(word)
            return (doc[0].lemma_ or doc[0].text).lower() if len(doc) == 1 else ""

        def lemmas_of(words: Text) -> Text:
            return " ".join((t.lemma_ or t.text).lower() for t in nlp(words) if not t.is_space)

        rewrites = word_rewrites(read_spelling(Path(self._config["lexicon"])), lemmas_of)
        return Speller.from_vocabulary(lemmas, surfaces, lemma_of, rewrites)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
                spelling = directory / SPELLING_FILE
                speller = None
                if spelling.exists():
                    with open(spelling, encoding="utf-8") as f:
                        speller = Speller.from_dict(json.load(f))
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier has no trained model; it predicts nothing.")
            model, speller = None, None
        return cls(config, model_storage, resource, model, speller)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = lemma_text(message)
            features = self._scorer.features(text) if self._scorer and text else None
            probabilities = (self._surest_reading(message, text, features)
                             if features else {})
            if self._subjects and self._scorer:
                probabilities = self._follow_up(message, probabilities)
            self._set_intent(message, probabilities)
            self._set_response_selector(message, probabilities)
        return messages

    def _other_readings(self, message: Message) -> List[Tuple[Text, Tuple[Text, Text]]]:
        """The readings of `message` to score beside it as typed, by name.

        Our examples almost never end in "?" (10 of about 1,400), while people end
        most questions with one, and a feature the models rarely saw moves their
        answer more than it should: a real "What is naturalization?" drew two topics
        to choose from, and "is it illegal?" once got "my sources don't cover that"
        where "is it illegal" got its answer (docs/performance.md, session 26). Nor do
        our examples ask the assistant's opinion or set it an exercise, as people's
        questions copied from homework or addressed to a person do ("Why do you think
        that there are this many cases of human trafficking?", "True or False: ..."):
        the framing draws the answer towards whatever it resembles (session 28)."""
        found = []
        if self._config["also_without_end_punctuation"]:
            found.append((WITHOUT_END_PUNCTUATION, without_end_punctuation(message)))
        if self._config["also_without_framing"]:
            found.append((WITHOUT_FRAMING, without_framing(message)))
        if self._config["also_without_filler"]:
            found.append((WITHOUT_FILLER, without_filler(message)))
        if self._config["also_as_what_about"]:
            found.append((AS_WHAT_ABOUT, as_what_about(message)))
        if self._config["also_without_lead_in"]:
            found.append((WITHOUT_LEAD_IN, without_lead_in(message)))
        if self._speller is not None:
            corrected = with_spelling_corrected(message, self._speller)
            if corrected is not None:
                # For the urgent safety net, which matches the message so corrected too
                # (assistant/nlu/urgent_safety_net.py); never in the parse data.
                message.set(SPELLING_CORRECTED_TEXT, corrected[1] + end_punctuation(message))
            found.append((WITH_SPELLING_CORRECTED, corrected))
        return [(name, reading) for name, reading in found if reading is not None]

    def _surest_reading(self, message: Message, text: Text,
                        features: List[Optional[Feature]]) -> Dict[Text, float]:
        """The probabilities of the reading the classifier is surest of: the message as
        typed (`text`, its lemma text, with its `features`) or one of its other
        readings, each through the whole cascade (a tie keeps the earlier); the parse
        data's `read_as` says which other reading stood, for the staff shell. A message
        with misspelt words is read only with them corrected: as typed, a word the
        classifier never saw drew "how do i recognise a vitcim" out of scope, surely.

        No reading with a word seen in training (keyboard mashing, "kjhkjh", or a
        language we were not trained on; "vicitms" alone has one once corrected):
        nothing was understood, so no probabilities, no intent, as for a message
        without tokens; FallbackClassifier says so, with the hotline. (Its embedding
        would land anywhere, and its character n-grams only on the class with the most
        varied examples.) Only a corrected reading can know a word the typed one does
        not: the others leave words out."""
        readings = ([(None, text, message.get(TEXT), features)]
                    if self._scorer.knows_a_word(features) else [])
        for name, (other_text, other_raw) in self._other_readings(message):
            other_features = self._scorer.features(other_text)
            if self._scorer.knows_a_word(other_features):
                if name == WITH_SPELLING_CORRECTED:
                    readings = [(name, other_text, other_raw, other_features)]
                    break
                readings.append((name, other_text, other_raw, other_features))
        if not readings:
            return {}
        rows = self._cascade(readings)
        # max() keeps the first of equals.
        best = max(range(len(rows)), key=lambda i: rows[i].max())
        if readings[best][0]:
            message.set(READ_AS, readings[best][0], add_to_output=True)
        return dict(zip(self._scorer.classes, rows[best].tolist()))

    def _follow_up(self, message: Message, probabilities: Dict[Text, float]) -> Dict[Text, float]:
        """The probabilities of the message read with the previous turn's topic in place
        of its "it" (assistant/runtime/follow_ups.py), when the message as read so far is
        out of scope, or unsure and not leaning urgent, or a comparison with trafficking
        as a whole (`compares`), or one of `follow_ups_past`
        ("what does it do?" read as asking what the assistant can do), and that reading
        gives an FAQ topic at least `follow_up_threshold`; else `probabilities`. A
        message that only asks what the previous answer gives ("per year?" after the one
        on profits, which gives a yearly figure) gets that topic."""
        topic = (message.get("metadata") or {}).get(PREVIOUS_TOPIC)
        if not topic:
            return probabilities
        asked = asks_for(message)
        only_asked = asks_only(message, asked)
        if not (probabilities or only_asked):
            # No word seen in training ("annually?" is still read as a follow-up).
            return probabilities
        best = max(probabilities, key=probabilities.get) if probabilities else None
        if topic == TRAFFICKING_AS_A_WHOLE and best not in self._config["follow_ups_past"]:
            # After what the assistant can explain, "it" may be the assistant ("who
            # made it"): only "what is it", read as asking that again, is read so.
            return probabilities
        if best == self._config["urgent_intent"] or (
                best not in (None, self._config["out_of_scope_intent"],
                             *self._config["follow_ups_past"])
                and probabilities[best] >= self._config["follow_up_below"]
                and not compares(message)):
            # Sure of something, or leaning urgent (the safety net reads that lean).
            return probabilities
        subject = self._subjects.get(topic) or self._subjects.get("default")
        if not subject or any(topic not in self._topics_giving[key] for key in asked):
            # Asking when, after an answer that gives no date, or whether a figure is a
            # yearly one, after an answer with none: "is human trafficking per year?"
            # would bring the same answer again, or one about another figure.
            return probabilities
        if only_asked:
            # "per year?" after the answer on profits: that answer, which says.
            label = next((c for c in self._scorer.classes
                          if "/" in c and c.split("/", 1)[1] == topic), None)
            if label is None:
                return probabilities
            message.set(READ_AS, AS_ASKING_THE_PREVIOUS_ANSWER, add_to_output=True)
            return {c: float(c == label) for c in self._scorer.classes}
        reading = with_subject(message, self._lemmas_of(subject), subject)
        plural = self._plural_subjects.get(topic)
        if reading is None and plural:
            # "where do they come from?", after the answer on who the victims are.
            reading = with_subject(message, self._lemmas_of(plural), plural,
                                   PLURAL_REFERRING_WORDS)
        if reading is None:
            return probabilities
        lemmas, raw = reading
        features = self._scorer.features(lemmas)
        if not self._scorer.knows_a_word(features):
            return probabilities
        [row] = self._cascade([(WITH_PREVIOUS_TOPIC, lemmas, raw, features)])
        label = self._scorer.classes[int(row.argmax())]
        if "/" not in label or row.max() < self._config["follow_up_threshold"]:
            return probabilities
        message.set(READ_AS, WITH_PREVIOUS_TOPIC, add_to_output=True)
        return dict(zip(self._scorer.classes, row.tolist()))

    def _lemmas_of(self, subject: Text) -> Text:
        """`subject`'s lemma text, as the tokenizer's lemmas give it (same pipeline)."""
        if subject not in self._subject_lemmas:
            doc = shared_pipeline(self._config["spacy_model"])(subject)
            self._subject_lemmas[subject] = " ".join(
                (t.lemma_ or t.text).lower() for t in doc if not t.is_space)
        return self._subject_lemmas[subject]

    def _cascade(self, readings: List[Tuple[Optional[Text], Text, Text, List[Optional[Feature]]]]
                 ) -> List[np.ndarray]:
        """The cascade for each (name, lemma text, text, features): the fast model's
        probabilities, or the second model's, from the text's sentence embedding, where
        the fast one is unsure. The texts that need an embedding get theirs in one run
        of the encoder (`SentenceEncoder.encode_all`)."""
        rows = [self._scorer.probabilities(text, features=features)
                for _, text, _, features in readings]
        if self._deep_scorer is None:
            return rows
        unsure = [i for i, row in enumerate(rows) if row.max() < self._config["cascade_threshold"]]
        if unsure:
            embeddings = self._encoder.encode_all([readings[i][2] for i in unsure])
            for i, embedding in zip(unsure, embeddings):
                _, text, _, features = readings[i]
                rows[i] = self._deep_scorer.probabilities(text, embedding, features)
        return rows

    def _set_intent(self, message: Message, probabilities: Dict[Text, float]) -> None:
        by_intent: Dict[Text, float] = {}
        for label, p in probabilities.items():
            intent = label.split("/", 1)[0]
            by_intent[intent] = by_intent.get(intent, 0.0) + p
        ranking = [
            {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
            for name, confidence in sorted(by_intent.items(), key=lambda kv: -kv[1])
        ][: self._config["ranking_length"]]
        top = ranking[0] if ranking else {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    def _set_response_selector(self, message: Message, probabilities: Dict[Text, float]) -> None:
        retrieval_intents = self._scorer.retrieval_intents if self._scorer else []
        selectors: Dict[Text, Any] = {RESPONSE_SELECTOR_RETRIEVAL_INTENTS: retrieval_intents}
        for retrieval_intent in retrieval_intents:
            topics = {k: p for k, p in probabilities.items()
                      if k.startswith(retrieval_intent + "/")}
            total = sum(topics.values())
            ranking = [
                {INTENT_RESPONSE_KEY: key, PREDICTED_CONFIDENCE_KEY: p / total if total else 0.0}
                for key, p in sorted(topics.items(), key=lambda kv: -kv[1])
            ][: self._config["ranking_length"]]
            top = ranking[0] if ranking else {INTENT_RESPONSE_KEY: None,
                                              PREDICTED_CONFIDENCE_KEY: 0.0}
            key = top[INTENT_RESPONSE_KEY]
            selectors[retrieval_intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    # The texts live in domain.yml; the action reads only utter_action.
                    RESPONSE_SELECTOR_RESPONSES_KEY: [],
                    PREDICTED_CONFIDENCE_KEY: top[PREDICTED_CONFIDENCE_KEY],
                    INTENT_RESPONSE_KEY: key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{key}" if key else None,
                },
                RESPONSE_SELECTOR_RANKING_KEY: ranking,
            }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)
