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
    real_messages,
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


def test_saying_who_one_is_stands_where_configured(subjects):
    # Session 61: "im a lawyer" asks nothing about lawyers; with `kept_intents` (as
    # config.yml has it) the introduction stands, without it the subject decides.
    config = {**UncoveredSubjectMatcher.get_default_config(), "kept_intents": ["introduce_self"]}
    kept = UncoveredSubjectMatcher(config, subjects)
    [message] = kept.process([classified("im a lawyer", "introduce_self")])
    assert message.get("intent")["name"] == "introduce_self"
    [message] = kept.process([classified("do i need a lawyer", "faq")])
    assert message.get("intent")["name"] == "out_of_scope"
    plain = UncoveredSubjectMatcher(UncoveredSubjectMatcher.get_default_config(), subjects)
    [message] = plain.process([classified("im a lawyer", "introduce_self")])
    assert message.get("intent")["name"] == "out_of_scope"


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


def test_which_real_messages_name_an_uncovered_subject(subjects):
    """Recorded in session 50, when this test was added; the list had grown since
    session 32 with subjects found in our own trials, some named in real messages too
    (the T visa, Wayfair, Backpage, zip ties, aftercare). Session 50 added the
    organisation running this chat, after "what does your organization do" got who
    fights trafficking: it takes the choosing set's first three below (the first two
    were misses, with who fights trafficking and two topics to choose from; the third
    had got how to help, which its expected answers allow too). I had seen those misses
    listed before writing the patterns, so that gain is not blind."""
    def found(name):
        return [t for t in real_messages(name) if subjects.find(t)]

    assert found("real_world") == [
        "Who purchases trafficked women and girls?",
        "Do I need a lawyer for my restraining order case?",
        "How Much Jail Time for Drug Trafficking",
        "Should You Be Worried About Wayfair and Human Trafficking?",
        "Why is Wayfair accused of child trafficking?",
        "What is a T visa for trafficking victims?",
        "How can I apply for a T visa?",
        # Session 59's patterns for proof before reporting, written from our own "do i
        # need proof" (it had got the list of sources); this message was out of scope
        # before too, by the classifier.
        "What evidence do I need to prove I am a victim of human trafficking?",
        "How long does it usually take to process a T visa application?",
        "Are there any fees associated with the T visa application?",
        "How many years does the T visa last?",
        "Who is eligible to apply for the T Visa?",
        "What is the difference between a T Visa and other nonimmigrant visas?",
        "Who can give the T Visa?",
        "Are there any work restrictions on T Visa holders?",
        "Do you have an information that sex that these girls had with Epstein or with his "
        "friends or with his clients - was not consensual?"]
    assert found("real_world_dev") == [
        "Is this organization really fighting human trafficking?",
        "Is this organization legitimate?",
        "How does my donation actually help to rescue trafficking victims?",
        "According to estimates, how many people are subjected to debt bondage today?",
        "Backpage Shutters Adult Ads Section: What Happens Next?",
        "Do you agree with Backpage.com\u2019s allegations? Explain.",
        "Are human traffickers really targeting shoppers by putting zip ties on their cars?",
        "What Strange Zip Ties Found on Your Car Really Mean",
        "What is the most dangerous myth about human trafficking?",
        "How Much Jail Time Do You Get for Human Trafficking?",
        "What if I face allegations of human trafficking?",
        "What is the Punishment for Sex Trafficking?",
        "What should a quality human trafficking aftercare program provide?",
        "Human Trafficking: What makes aftercare so important?",
        "Is Forced Marriage A Form Of Human Trafficking?",
        # Session 56's batch G, collected after the T visa was listed; all five were
        # answered so at the session's start (its sixth, "What is T Nonimmigrant
        # Status?", too, by the classifier).
        "What does it take to become eligible for the T Visa?",
        "Who does the T Visa Effect?",
        "When is an immigrant eligible to file a T Visa application?",
        "How is a T Visa application different from a self-petition under the Violence "
        "Against Women Act (VAWA)?",
        "What Are The Eligible Situations For A T Visa Application?"]


# Session 58: a figure for one country is a subject no source covers; the world's is
# the answer on how many victims there are.
@pytest.mark.parametrize("text, subject", [
    ("how many victims in the us", True),
    ("how many kids are trafficked in america?", True),
    ("how many victims are there in the world", False),
    ("how many of us are victims", False),
])
def test_a_figure_for_one_country_is_not_covered(subjects, text, subject):
    assert (subjects.find(text) is not None) == subject
