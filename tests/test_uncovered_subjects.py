"""Subjects the sources don't cover (knowledge/uncovered.yml). Fast: no trained model
(tests/test_model.py has the end-to-end cases)."""
import pytest

from assistant.nlu.uncovered_subjects import (
    UNCOVERED_SUBJECT,
    UncoveredSubjectMatcher,
    UncoveredSubjects,
)
from assistant.nlu.urgent_safety_net import UrgentSafetyNet
from assistant.staff.explain import looked_up
from assistant.usage.outcome import OUT_OF_SCOPE, classify
from conftest import (
    assert_pattern_matches_its_example, classified, entries, load_yaml, nlu_examples, pattern_list,
)

CONFIG = load_yaml("knowledge/uncovered.yml")


@pytest.fixture(scope="module")
def subjects(nlp):
    return pattern_list(UncoveredSubjects, nlp)


@pytest.fixture(scope="module")
def matcher(subjects):
    return UncoveredSubjectMatcher(UncoveredSubjectMatcher.get_default_config(), subjects)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(subjects, entry):
    assert_pattern_matches_its_example(subjects, entry, as_a_whole=False)


def test_no_fact_and_no_faq_answer_names_an_uncovered_subject(subjects, facts, domain):
    texts = [text for f in facts.values() for text in [f["claim"], *f["evidence"]]]
    texts += [r["text"] for name, variants in domain["responses"].items()
              if name.startswith("utter_faq/") for r in variants]
    assert [t for t in texts if subjects.find(t) is not None] == []


def test_no_question_the_sources_answer_names_an_uncovered_subject(subjects):
    texts = (nlu_examples("data/nlu.yml", intent="faq")
             + nlu_examples("tests/nlu_holdout.yml", intent="faq")
             + list(load_yaml("knowledge/topics.yml")["topics"].values()))
    assert len(texts) > 700
    assert [t for t in texts if subjects.find(t) is not None] == []


def test_a_message_naming_an_uncovered_subject_gets_out_of_scope(matcher):
    [message] = matcher.process([classified("Is forced marriage a form of trafficking?", "faq")])
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
    parse_data = message.as_dict(only_output_properties=True)
    assert parse_data[UNCOVERED_SUBJECT] == "marriage"
    assert classify(parse_data).outcome == OUT_OF_SCOPE
    assert looked_up(parse_data) == ['a subject the sources don\'t cover: "marriage"']


def test_other_messages_are_left_to_the_classifier(matcher):
    [message] = matcher.process([classified("what forms does trafficking take?", "faq")])
    assert message.get("intent")["name"] == "faq"
    assert message.get(UNCOVERED_SUBJECT) is None


@pytest.mark.parametrize("text", [
    "they are forcing me to marry him",
    "my husband bought me and keeps my passport, it was an arranged marriage",
    "my lawyer is my trafficker's friend and i am scared",
])
def test_it_never_makes_an_urgent_message_less_urgent(matcher, lexicon, text):
    # The classifier's urgent verdict stands...
    [kept] = matcher.process([classified(text, "urgent_help")])
    assert kept.get("intent")["name"] == "urgent_help"
    # ...and the safety net, which runs last, still makes a lexicon match urgent.
    net = UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)
    [message] = net.process(matcher.process([classified(text, "faq")]))
    assert message.get("intent")["name"] == "urgent_help"
