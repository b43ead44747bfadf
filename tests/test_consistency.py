"""The data, domain and config agree with each other (no trained model needed)."""
import re

from conftest import HOTLINE, ROOT, load_yaml

NLU = load_yaml("data/nlu.yml")["nlu"]
HOLDOUT = load_yaml("tests/nlu_holdout.yml")["nlu"]
RULES = load_yaml("data/rules.yml")["rules"]
STORIES = load_yaml("data/stories.yml")["stories"]
CONFIG = load_yaml("config.yml")

# Rasa sends utter_default itself, as RulePolicy's core fallback.
SENT_BY_RASA = {"utter_default"}
SAFETY_RESPONSES = ["utter_urgent", "utter_survivor", "utter_self_blame",
                    "utter_after_effects", "utter_human", "utter_unable_to_call",
                    "utter_out_of_scope", "utter_default", "utter_no_text", "utter_too_long"]
MAX_FAQ_CHARS = 600


def examples(block):
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def steps():
    for flow in RULES + STORIES:
        yield from flow["steps"]


def nlu_labels(blocks):
    return {b["intent"] for b in blocks if "intent" in b}


def test_every_intent_has_a_rule_or_story(domain):
    handled = {s["intent"] for s in steps() if "intent" in s}
    assert set(domain["intents"]) - handled == set()


def test_every_response_is_used(domain):
    used = {s["action"] for s in steps() if "action" in s} | SENT_BY_RASA
    faq_topics = {label for label in nlu_labels(NLU) if label.startswith("faq/")}
    for name in domain["responses"]:
        if name.startswith("utter_faq/"):
            assert "utter_faq" in used
            assert name[len("utter_"):] in faq_topics, f"{name} has no training examples"
        else:
            assert name in used, f"{name} is never sent"


def test_every_faq_topic_has_a_response(domain):
    for label in nlu_labels(NLU):
        if "/" in label:
            assert f"utter_{label}" in domain["responses"], label


def test_every_trained_intent_is_in_the_domain(domain):
    for label in nlu_labels(NLU):
        assert label.split("/")[0] in domain["intents"], label


def test_at_least_15_examples_per_intent():
    for block in NLU:
        assert len(examples(block)) >= 15, block["intent"]


def test_every_line_of_an_examples_block_is_an_example():
    # Session 44: a "# comment" inside an `examples: |` block is text, not a YAML
    # comment; Rasa only warned ("doesn't start with a '-' symbol") and `rasa data
    # validate --fail-on-warnings` still passed.
    for block in NLU + HOLDOUT:
        lines = [line for line in (block.get("examples") or "").splitlines() if line.strip()]
        assert all(line.startswith("- ") for line in lines), block.get("intent")


def test_holdout_has_5_per_intent_and_none_seen_in_training():
    assert nlu_labels(HOLDOUT) == nlu_labels(NLU)
    training = {e.lower() for b in NLU for e in examples(b)}
    for block in HOLDOUT:
        held = examples(block)
        assert len(held) >= 5, block["intent"]
        assert not [e for e in held if e.lower() in training], block["intent"]


def test_every_response_cites_facts_that_exist(domain, facts):
    for name, variants in domain["responses"].items():
        for variant in variants:
            cited = (variant.get("metadata") or {}).get("facts")
            assert cited is not None, f"{name} has no metadata.facts"
            assert set(cited) <= set(facts), f"{name} cites unknown facts"
            if name.startswith("utter_faq/"):
                assert cited, f"{name} cites no facts"


def test_faq_answers_fit_on_a_phone(domain):
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert len(variant["text"]) <= MAX_FAQ_CHARS, name


def test_safety_replies_carry_the_hotline(domain):
    for name in SAFETY_RESPONSES:
        for variant in domain["responses"][name]:
            assert HOTLINE in variant["text"], name
    for variant in domain["responses"]["utter_survivor"]:  # session 37
        assert variant["text"].startswith(HOTLINE) and "in danger" in variant["text"]
        assert len(variant["text"]) <= 160, "the survivor's reply must fit in one SMS"
    # Session 39: someone blaming themselves gets the survivor's words first.
    [survivor] = domain["responses"]["utter_survivor"]
    for variant in domain["responses"]["utter_self_blame"]:
        assert variant["text"].startswith(survivor["text"])
    # Session 40: someone telling how it still weighs on them: the hotline first, still
    # to call now if in danger, in one SMS.
    for variant in domain["responses"]["utter_after_effects"]:
        assert variant["text"].startswith(HOTLINE) and "in danger" in variant["text"]
        assert len(variant["text"]) <= 160, "the after-effects reply must fit in one SMS"
    for variant in domain["responses"]["utter_urgent"]:
        assert variant["text"].startswith(HOTLINE)
        # "automated", or the word of the language the variation is in (session 37).
        assert any(word in variant["text"]
                   for word in ("automated", "automático", "automatique", "automatico"))
        assert len(variant["text"]) <= 160, "the urgent reply must fit in one SMS"


def test_no_safety_reply_depends_on_the_action_server(domain):
    custom_actions = domain.get("actions") or []
    assert custom_actions == [], "every reply must be a domain response"


def test_every_trainable_component_has_a_fixed_seed():
    for component in CONFIG["pipeline"] + CONFIG["policies"]:
        if component["name"] in {"DIETClassifier", "ResponseSelector", "TEDPolicy",
                                 "UnexpecTEDIntentPolicy",
                                 "assistant.nlu.linear_classifier.LinearIntentClassifier"}:
            assert "random_seed" in component, component["name"]


def test_every_threshold_says_why():
    text = (ROOT / "config.yml").read_text()
    for line_no, line in enumerate(text.splitlines()):
        if re.search(r"threshold:", line):
            above = text.splitlines()[max(0, line_no - 4):line_no]
            assert any(l.strip().startswith("#") for l in above), line


def test_readme_names_files_that_exist():
    readme = (ROOT / "README.md").read_text()
    for path in re.findall(r"`((?:[\w.-]+/)*[\w-]+\.(?:yml|py|md|sh|ini|txt|js|json|html|mjs))`", readme):
        assert (ROOT / path).exists(), f"README names {path}, which does not exist"
    for command in ("make run", "make test"):
        assert command in readme


def test_make_train_retrains_every_component():
    # Rasa's training cache tells a component's code apart by its class body only, so
    # after a change to the code around it (lemma_text, the sentence encoder) it
    # restored the old weights; `make train` runs when an input changed, and then in full.
    import subprocess

    commands = subprocess.run(["make", "-n", "-B", "models/assistant.tar.gz"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    train = [line for line in commands.splitlines() if " train " in f" {line} "]
    assert train and all("--force" in line.split() for line in train), commands


def test_the_topic_chooser_takes_near_ties_where_the_fallback_leaves_off():
    # Below FallbackClassifier's threshold a message was not understood; at or above
    # it, a near tie between faq and out_of_scope is the topic chooser's to decide.
    by_name = {c["name"]: c for c in CONFIG["pipeline"]}
    chooser = by_name["assistant.nlu.topic_chooser.TopicChooser"]
    assert chooser["tie_threshold"] == by_name["FallbackClassifier"]["threshold"]


def test_the_learned_intent_accuracy_leaves_out_the_closed_lists():
    # `make eval` reports the cross-validation both ways (session 36): a closed list's
    # examples are missed by construction in the fold that holds them out.
    from tools import evaluate

    assert "ask_what_to_do" in evaluate.lookup_intents()
    assert "faq" not in evaluate.lookup_intents()
    report = {"faq": {"recall": 0.9, "support": 100}, "greet": {"recall": 1.0, "support": 20},
              "acknowledge": {"recall": 0.0, "support": 50}, "accuracy": 0.7,
              "weighted avg": {"recall": 0.7, "support": 170}}
    assert evaluate.learned_intent_accuracy(report) == (90 + 20) / 120


def rule_user_turns():
    """(intent, entities, actions) of each rule whose first step is a user turn."""
    for rule in load_yaml("data/rules.yml")["rules"]:
        steps = rule.get("steps") or []
        if steps and "intent" in steps[0]:
            yield (steps[0]["intent"], tuple(sorted(steps[0].get("entities") or [])),
                   tuple(s["action"] for s in steps[1:] if "action" in s))


def test_every_safety_net_rule_has_a_twin_for_cannot_call():
    """A rule's entities must be the turn's exactly (RulePolicy), so a turn the safety
    net answered that also says calling isn't possible (`cannot_call`) needs its own
    rule, with the same replies; without one, "is this chat private? he took my passport
    and i can't call" got the privacy reply alone (session 39). The survivor and
    self-blame markers leave such a message alone, so no rule names them with it."""
    rules = {(intent, entities): actions for intent, entities, actions in rule_user_turns()}
    for (intent, entities), actions in rules.items():
        if "safety_net" in entities and not {"survivor", "self_blame"} & set(entities):
            twin = (intent, tuple(sorted({*entities, "cannot_call"})))
            assert rules.get(twin) == actions, (intent, entities)
