"""The staff shell (assistant/staff/): the line under each reply, numbered choices, and
/save, whose story the conversation tests then run."""
import subprocess
import sys

import pytest

from assistant.staff.explain import staff_line
from conftest import ROOT

SOURCES = {"definition_force_fraud_coercion": "Innocence Freed", "hotline": "Innocence Freed",
           "leaving_hard": "Exodus Cry"}


def faq(topic, p, runner_up=None, p2=0.0, **extra):
    topics = [[topic, p]] + ([[runner_up, p2]] if runner_up else [])
    return {"intent": {"name": "faq", "confidence": 0.99}, "entities": [],
            "topic_choice": {"decision": "answer", "topics": topics}, **extra}


def test_the_line_for_an_faq_answer_names_topic_confidence_facts_and_sources():
    line = staff_line(faq("what_is", 0.91, "forms", 0.05),
                      [{"metadata": {"facts": ["definition_force_fraud_coercion"]},
                        "utter_action": "utter_faq/what_is"}], SOURCES)
    assert line == ("understood: faq/what_is 0.91 -> answered · "
                    "facts: definition_force_fraud_coercion · sources: Innocence Freed")


def test_the_line_says_when_the_message_was_read_without_its_end_punctuation():
    line = staff_line(faq("what_is", 0.91, read_as="without its end punctuation"), [], SOURCES)
    assert line.startswith("understood: faq/what_is 0.91 (read without its end punctuation)"
                           " -> answered")
    assert "read without" not in staff_line(faq("what_is", 0.91), [], SOURCES)


def test_a_close_runner_up_is_shown():
    line = staff_line(faq("what_is", 0.45, "forms", 0.30), [], SOURCES)
    assert "faq/what_is 0.45 (runner-up: forms 0.30)" in line


def test_the_line_for_a_safety_net_catch_names_layer_category_and_pattern():
    parse = faq("leaving_hard", 0.8,
                urgent_match={"category": "danger_fear_threats", "pattern": "threaten",
                              "classifier_said": "faq", "reply": "urgent, then the answer"})
    parse["entities"] = [{"entity": "safety_net", "value": "danger_fear_threats"}]
    line = staff_line(parse, [{"metadata": {"facts": ["hotline"]}},
                              {"metadata": {"facts": ["leaving_hard"]}}], SOURCES)
    assert "-> urgent, then answered (leaving_hard)" in line
    assert 'safety net: lexicon, danger_fear_threats on "threaten" (classifier said faq)' in line
    assert "facts: hotline, leaving_hard · sources: Innocence Freed; Exodus Cry" in line


def test_the_line_for_the_classifier_alone_says_so():
    parse = {"intent": {"name": "urgent_help", "confidence": 0.97}, "entities": [],
             "intent_ranking": [{"name": "urgent_help", "confidence": 0.97},
                                {"name": "faq", "confidence": 0.02}]}
    line = staff_line(parse, [{"metadata": {"facts": ["hotline"]}}], SOURCES)
    assert line.startswith("understood: urgent_help 0.97 -> urgent · safety net: classifier")


def test_the_line_for_a_few_words_after_the_urgent_reply_says_so():
    parse = {"intent": {"name": "urgent_help", "confidence": 1.0}, "entities": [],
             "intent_ranking": [{"name": "urgent_help", "confidence": 1.0}],
             "after_urgent": "nlu_fallback"}
    line = staff_line(parse, [{"metadata": {"facts": ["hotline"]}}], SOURCES)
    assert line.startswith("understood: urgent_help 1.00 -> urgent · safety net: a few words "
                           "after the urgent reply (read as nlu_fallback)")


def test_the_line_for_a_question_about_the_chat_names_its_pattern():
    parse = {"intent": {"name": "ask_privacy", "confidence": 1.0}, "entities": [],
             "intent_ranking": [{"name": "ask_privacy", "confidence": 1.0}],
             "privacy_question": "this * private"}
    line = staff_line(parse, [{"metadata": {"facts": ["hotline"]}}], SOURCES)
    assert line.startswith('understood: ask_privacy 1.00 -> small talk (ask_privacy) · '
                           'about the chat: "this * private" · facts: hotline')


def test_the_line_for_an_out_of_scope_question():
    parse = {"intent": {"name": "out_of_scope", "confidence": 0.8}, "entities": [],
             "topic_choice": {"decision": "no topic fits", "topics": [["how_many", 0.12],
                                                                      ["forms", 0.05]]}}
    line = staff_line(parse, [{"metadata": {"facts": ["hotline"]}}], SOURCES)
    assert "-> out of scope (near how_many)" in line


# --- The shell itself, on the trained model --------------------------------------------

CONVERSATION = [
    "hi",
    "what is human trafficking?",  # typed straight after a reply with buttons
    "hi",
    "2",  # the greeting's second button
    "why dont victims leave when he threatens to kill them",
    "what are the visa rules in canada",
]


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    saved = tmp_path_factory.mktemp("shell") / "saved.yml"
    lines = CONVERSATION + ["/save a staff conversation", "/quit"]
    result = subprocess.run(
        [sys.executable, "-m", "assistant.staff.shell", "--saved", str(saved)],
        input="\n".join(lines) + "\n", cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=True)
    return result.stdout, saved


def turns(stdout):
    """What followed each line typed, up to the next prompt."""
    return stdout.split("You: ")[1:]


def test_each_reply_has_its_line(transcript):
    stdout, _ = transcript
    parts = turns(stdout)
    greeting, question, _, button, safety, out_of_scope = parts[:6]
    assert "1. " in greeting and "2. " in greeting  # buttons as numbered choices
    assert "understood: greet" in greeting
    assert "understood: faq/what_is" in question and "-> answered" in question
    assert "force, fraud or coercion" in question and "sources: " in question
    assert "understood: faq/smuggling_vs_trafficking" in button  # "2" picked the button
    assert "1-888-373-7888 is the human trafficking hotline" in safety
    assert 'safety net: lexicon, danger_fear_threats on "threaten"' in safety
    assert "-> out of scope" in out_of_scope and "My sources don't cover that" in out_of_scope
    assert all(part.count("↳ understood:") == 1 for part in parts[:6])


def test_the_shell_starts_without_libraries_deprecation_notices():
    """They are for the libraries' developers; staff see the conversation."""
    result = subprocess.run(
        [sys.executable, "-m", "assistant.staff.shell"], input="/quit\n", cwd=ROOT,
        capture_output=True, text=True, timeout=300, check=True)
    assert "DeprecationWarning" not in result.stdout + result.stderr


def test_save_writes_a_story_the_conversation_tests_pass(transcript, tmp_path):
    _, saved = transcript
    text = saved.read_text()
    assert '- story: "a staff conversation"' in text
    assert '- user: "what is human trafficking?"' in text
    assert "intent: faq/what_is" in text and "- action: utter_faq" in text
    assert '# typed: "why dont victims leave when he threatens to kill them"' in text
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "test", "core", "--model", "models/assistant.tar.gz",
         "--stories", str(saved),
         "--fail-on-prediction-errors", "--out", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
