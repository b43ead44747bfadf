"""Problems at work the sources don't cover (knowledge/workplace.yml), and what the
assistant answers them. Fast: no trained model (tests/test_model.py has the
end-to-end cases)."""
import pytest

from assistant.nlu.urgent_safety_net import URGENT_MATCH, UrgentSafetyNet
from assistant.nlu.workplace_problems import (
    WORKPLACE_PROBLEM,
    WorkplaceProblemMatcher,
    WorkplaceProblems,
)
from assistant.staff.explain import staff_line
from assistant.usage.outcome import OUT_OF_SCOPE, classify
from conftest import (
    HOTLINE, assert_pattern_matches_its_example, classified, entries, load_yaml, nlu_examples,
    our_messages, pattern_list,
)

CONFIG = load_yaml("knowledge/workplace.yml")
A_PROBLEM_AT_WORK = "my manager keeps our tips"


@pytest.fixture(scope="module")
def problems(nlp):
    return pattern_list(WorkplaceProblems, nlp)


@pytest.mark.parametrize("entry", entries(CONFIG))
def test_each_pattern_matches_its_example(problems, entry):
    assert_pattern_matches_its_example(problems, entry)


@pytest.mark.parametrize("entry", entries(CONFIG, "signs_of_force"))
def test_each_sign_of_force_rules_out_a_problem_at_work(problems, entry):
    assert_pattern_matches_its_example(problems, entry, as_a_whole=False, among=problems.blockers)
    assert problems.find(A_PROBLEM_AT_WORK) is not None
    assert problems.find(f"{A_PROBLEM_AT_WORK} and {entry['example']}") is None
    assert problems.find(f"{entry['example']}, and {A_PROBLEM_AT_WORK}") is None


def test_every_example_in_the_training_data_and_the_held_out_set_is_found(problems):
    examples = nlu_examples("data/nlu.yml", intent="workplace_problem")
    assert len(examples) >= 15
    examples += nlu_examples("tests/nlu_holdout.yml", intent="workplace_problem")
    assert [e for e in examples if problems.find(e) is None] == []


def test_nothing_urgent_and_no_question_of_ours_is_taken_for_a_problem_at_work(problems):
    # Out-of-scope examples may match: their reply says the sources don't cover that too.
    texts = our_messages(other_than="workplace_problem")
    out_of_scope = set(nlu_examples("data/nlu.yml", intent="out_of_scope"))
    assert [t for t in texts if problems.find(t) is not None and t not in out_of_scope] == []


def test_of_the_real_messages_only_out_of_scope_ones_are_problems_at_work(problems):
    cases = (load_yaml("tests/real_world.yml")["cases"]
             + load_yaml("tests/real_world_dev.yml")["cases"])
    assert [c["text"] for c in cases
            if problems.find(c["text"]) is not None and c["category"] != "out_of_scope"] == []


@pytest.mark.parametrize("text", [
    # Unpaid work with a sign of force: labour trafficking, for the urgent reply.
    "they don't pay me overtime and they took my passport",
    "my boss keeps my tips and says I owe him for the trip",
    "we get less than minimum wage and we are not allowed to go out",
    "he harasses me and says he will call immigration",
    "the manager keeps our tips and won't let us leave",
    # No workplace word: the lexicon and the classifier decide, as before.
    "they don't pay me",
    "I work for no pay",
    "what are tips for spotting a victim?",   # "tips", not someone's tips
    # Harassment outside work: not a question of rights at work.
    "my ex keeps harassing me",
    "he harasses me online",
    "someone is harassing my daughter",
    "",
])
def test_not_a_problem_at_work(problems, text):
    assert problems.find(text) is None


@pytest.mark.parametrize("text", ["my boss doesnt pay overtime", "MY MANAGER TAKES OUR TIPS",
                                  "im being harrassed by my supervisor"])
def test_text_speak_capitals_and_a_common_misspelling(problems, text):
    assert problems.find(text) is not None


# --- The Rasa component and the safety net ------------------------------------------------

@pytest.fixture(scope="module")
def matcher(problems):
    return WorkplaceProblemMatcher(WorkplaceProblemMatcher.get_default_config(), problems)


@pytest.fixture(scope="module")
def net(lexicon):
    return UrgentSafetyNet(UrgentSafetyNet.get_default_config(), lexicon)


@pytest.mark.parametrize("text, classifier_said", [
    ("my employer is not paying me overtime, what do I do?", "urgent_help"),
    ("what is the minimum wage?", "out_of_scope"),
    ("can my manager take my tips", "faq"),
])
def test_a_problem_at_work_gets_its_reply_whatever_the_classifier_said(
        matcher, net, text, classifier_said):
    [message] = net.process(matcher.process([classified(text, classifier_said)]))
    assert message.get("intent") == {"name": "workplace_problem", "confidence": 1.0}
    assert message.get("intent_ranking") == [{"name": "workplace_problem", "confidence": 1.0}]
    assert message.get(WORKPLACE_PROBLEM)
    assert not message.get(URGENT_MATCH) and not message.get("entities")


def test_over_the_lexicon_only_in_the_withheld_wages_category(matcher, net, lexicon):
    # "they don't pay me" is the lexicon's (debt_and_wages); "overtime" says what it is.
    text = "they don't pay me overtime"
    assert lexicon.find(text).category == "debt_and_wages"
    [message] = net.process(matcher.process([classified(text, "faq")]))
    assert message.get("intent")["name"] == "workplace_problem"


def test_any_other_urgent_category_keeps_the_urgent_reply(matcher, net, lexicon):
    text = "please help me get out, my manager keeps our tips"
    match = lexicon.find(text)
    assert match is not None and match.category != "debt_and_wages"
    [message] = matcher.process([classified(text, "faq")])
    assert message.get(WORKPLACE_PROBLEM)  # no sign of force the list knows...
    [message] = net.process([message])
    assert message.get("intent") == {"name": "urgent_help", "confidence": 1.0}  # ...but urgent


def test_the_usage_report_and_the_staff_line_count_it_out_of_scope(matcher, net):
    [message] = net.process(matcher.process([classified("what is the minimum wage?", "faq")]))
    parse_data = message.as_dict(only_output_properties=True)
    assert classify(parse_data).outcome == OUT_OF_SCOPE
    assert 'a problem at work: "minimum wage"' in staff_line(parse_data, [], {})


# --- What the reply says ----------------------------------------------------------------------

def workplace_replies(domain):
    return {variant.get("channel", "default"): variant["text"]
            for variant in domain["responses"]["utter_workplace"]}


def test_the_reply_says_the_sources_dont_cover_it_and_gives_the_hotline_on_every_channel(domain):
    # tools/evaluate.py counts it as "my sources don't cover that" for a real message
    # expected out of scope: it must say so, first, and carry the hotline.
    replies = workplace_replies(domain)
    assert set(replies) == {"default", "twilio"}
    for text in replies.values():
        assert text.startswith("My sources don't cover pay, tips, overtime or rights at work")
        assert HOTLINE in text
        assert "force, fraud or coercion" in text
