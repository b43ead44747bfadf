"""Real people's messages (tests/real_world.yml): the set is sound, is never trained
on, and the trained assistant clears its floors on it. The second set
(tests/real_world_dev.yml, where options are tried first) is held to the same
soundness and its disclosures to the hotline, but has no floors.

The floors are accuracy floors, not times. They are the targets of issue #13 where the
assistant meets them; tools/evaluate.py (`make eval`) prints the same figures by
category with every miss.
"""
import asyncio
import re
from collections import Counter

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from conftest import ROOT
from tools import evaluate

CASES = evaluate.read_real_world()
# The second set, where design options are tried first: the same checks of its
# soundness, and it too is never trained on. It has no floors: it chooses, it does not
# guard.
DEV_CASES = evaluate.read_real_world(evaluate.REAL_WORLD_DEV)
CATEGORIES = {"urgent", "question", "out_of_scope", "chitchat", "other_language"}
# Two texts whose sets of lemmas overlap this much (Jaccard) are the same sentence
# with a word or two changed.
NEAR_DUPLICATE = 0.8


def assert_sourced(cases):
    for case in cases:
        assert case["text"].strip(), case
        assert re.match(r"https?://\S+$", case["source"]), case
        assert case["category"] in CATEGORIES, case
        assert case["expect"], case
    texts = Counter(c["text"].strip().lower() for c in cases)
    assert [t for t, n in texts.items() if n > 1] == []


def test_the_set_has_at_least_200_sourced_messages():
    assert len(CASES) >= 200
    assert_sourced(CASES)


def test_the_choosing_set_is_sourced_and_shares_no_page_with_the_judge():
    assert len(DEV_CASES) >= 50
    assert_sourced(DEV_CASES)
    judged = {c["source"] for c in CASES}
    assert [c["source"] for c in DEV_CASES if c["source"] in judged] == []


def test_every_expected_outcome_is_a_reply_the_assistant_has(domain):
    responses = set(domain["responses"])
    for case in CASES + DEV_CASES:
        for outcome in case["expect"]:
            for name in evaluate.outcome_responses(outcome):
                assert name in responses, (case["text"], outcome)


def lemma_set(nlp, text):
    return {t.lemma_.lower() for t in nlp(text) if t.is_alpha or t.is_digit}


def near_duplicates(nlp, cases, texts):
    """(case, text, overlap) for every case whose lemmas nearly equal a text's."""
    others = [(text, lemma_set(nlp, text)) for text in texts]
    found = []
    for case in cases:
        words = lemma_set(nlp, case["text"])
        for text, other in others:
            overlap = len(words & other) / max(len(words | other), 1)
            if overlap >= NEAR_DUPLICATE:
                found.append((case["text"], text, round(overlap, 2)))
    return found


def test_no_real_message_is_a_near_duplicate_of_a_training_example(nlp):
    training = [m.get("text") for m in load_data(str(ROOT / "data" / "nlu.yml")).intent_examples]
    assert near_duplicates(nlp, CASES + DEV_CASES, training) == []


def test_the_two_real_sets_hold_no_message_twice(nlp):
    assert near_duplicates(nlp, DEV_CASES, [c["text"] for c in CASES]) == []


# --- The trained assistant on the set (needs `make train`; `make test` trains first) ---

LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def agent():
    model = ROOT / "models" / "assistant.tar.gz"
    assert model.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(model)


@pytest.fixture(scope="module")
def results(agent):
    found = LOOP.run_until_complete(evaluate.real_world_results(agent, CASES))
    evaluate.print_real_world(found)
    return found


@pytest.fixture(scope="module")
def dev_results(agent):
    return LOOP.run_until_complete(evaluate.real_world_results(agent, DEV_CASES))


def share(results, predicate, category=None):
    chosen = [r for r in results if category is None or r.case["category"] == category]
    return sum(predicate(r) for r in chosen) / len(chosen)


# Floors: where the assistant stood when they were set (issue #13 has the targets:
# 95% of all messages, 95% of out-of-scope ones, at most 2% of questions answered with
# only the urgent reply). A floor may rise; it never falls to make a change pass.
FLOORS = {"all": 0.935, "urgent": 1.00, "question": 0.905, "out_of_scope": 0.93,
          "chitchat": 1.00, "other_language": 1.00}


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_real_messages_clear_their_floor(results, category):
    correct = share(results, lambda r: r.correct, None if category == "all" else category)
    assert correct >= FLOORS[category], f"{category}: {correct:.1%}"


def test_every_real_disclosure_gets_the_hotline_in_the_first_reply(results):
    missed = [r.case["text"] for r in results
              if r.case["category"] == "urgent" and not r.hotline_in_first_reply]
    assert missed == []


def test_every_disclosure_of_the_choosing_set_gets_the_hotline_in_the_first_reply(dev_results):
    # Not a floor on how well the set is understood (it has none), but the rule that
    # never bends: whatever a disclosure is taken for, its first reply gives the hotline.
    missed = [r.case["text"] for r in dev_results
              if r.case["category"] in evaluate.HOTLINE_CATEGORIES
              and not r.hotline_in_first_reply]
    assert missed == []


def test_every_reply_that_must_carry_the_hotline_does(results):
    missed = [r.case["text"] for r in results
              if r.case["category"] in evaluate.HOTLINE_CATEGORIES and not r.hotline_in_first_reply]
    assert missed == []


def test_few_questions_are_answered_with_only_the_urgent_reply(results):
    # Issue #13's target: at most 2%.
    assert share(results, lambda r: r.withheld, "question") <= 0.02


def test_no_out_of_scope_message_gets_the_answer_to_a_question_it_did_not_ask(results):
    # An out-of-scope message may get "my sources don't cover that", the fallback,
    # the urgent reply or a "did you mean" offer: anything but a confident FAQ answer.
    answered = [r for r in results if r.case["category"] == "out_of_scope"
                and any(n.startswith("utter_faq/") for n in r.names)
                and not r.correct]
    assert len(answered) <= 4, [(r.case["text"], r.names) for r in answered]
