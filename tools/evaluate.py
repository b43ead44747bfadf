"""`make eval`: how well the trained assistant understands and how safe it is.

It scores the real people's messages by category on the responses each turn
actually sends, with every miss: tests/real_world_dev.yml, where a design option is
tried first, and tests/real_world.yml, which judges it (tests/test_real_world.py holds
its floors). `--real-world-only` scores just those two, which is what trying an
option needs (`--model` names the model to try). It prints the held-out NLU accuracy
(tests/nlu_holdout.yml, full labels such as `faq/minors`), per-label F1, the urgent
recall (tests/urgent_messages.yml: share whose first reply carries the hotline) with
the layer that caught each, and the false-urgent rate on ordinary questions
(tests/faq_questions.yml). tests/test_model.py asserts the same numbers against their
thresholds.

Then a summary table, with the headline numbers of the reports that `make eval` has
`rasa test` write first: held-out intent and response-selection reports, 5-fold
cross-validation and conversation tests, with their confusion matrices, in results/.
"""
import argparse
import asyncio
import json
import logging
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant import HOTLINE

ROOT = Path(__file__).resolve().parent.parent
URGENT_INTENT = "urgent_help"
HOLDOUT = ROOT / "tests" / "nlu_holdout.yml"
URGENT_MESSAGES = ROOT / "tests" / "urgent_messages.yml"
FAQ_QUESTIONS = ROOT / "tests" / "faq_questions.yml"
REAL_WORLD = ROOT / "tests" / "real_world.yml"
# Real messages too, where a design option is tried first (see the file's head).
REAL_WORLD_DEV = ROOT / "tests" / "real_world_dev.yml"
DEFAULT_MODEL = ROOT / "models" / "assistant.tar.gz"
RESULTS = ROOT / "results"


def quiet_rasa_debug_lines() -> None:
    """Rasa's structlog debug lines carry the user's text; keep them out of the output."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def load_agent(model: Path = DEFAULT_MODEL, endpoints: Optional[Path] = None):
    """A Rasa agent for the trained model (in-memory tracker store), with the changes to
    Rasa's per-message work that `python -m assistant run` has
    (assistant/runtime/faster_rasa.py), its follow-ups read with the previous topic
    (assistant/runtime/follow_ups.py), two questions in one message answered both
    (assistant/runtime/compound_questions.py) and its response generator
    (endpoints.yml's `nlg`, assistant/runtime/hotline_reminder.py)."""
    from rasa.core.agent import Agent
    from rasa.core.utils import AvailableEndpoints

    from assistant.runtime import compound_questions, faster_rasa, follow_ups, hotline_reminder

    faster_rasa.use()
    follow_ups.use()
    compound_questions.use()
    quiet_rasa_debug_lines()
    kwargs = {"generator": hotline_reminder.from_endpoints()}
    if endpoints is not None:
        kwargs["action_endpoint"] = AvailableEndpoints.read_endpoints(str(endpoints)).action
    return Agent.load(str(model), **kwargs)


def label_of(parse_data: dict) -> str:
    """The full label: `faq/<topic>` for FAQ questions, else the intent name."""
    intent = (parse_data.get("intent") or {}).get("name") or ""
    selectors = parse_data.get("response_selector") or {}
    # A selector trained without `retrieval_intent` (Rasa's default) is keyed "default".
    selector = selectors.get(intent) or (selectors.get("default") if intent == "faq" else None)
    if selector:
        return selector["response"]["intent_response_key"]
    return intent


async def parse(agent, text: str) -> dict:
    return await agent.parse_message(text)


async def first_reply(agent, text: str) -> List[str]:
    """The bot's messages in answer to `text` as the first turn of a new conversation."""
    replies = await agent.handle_text(text, sender_id=f"eval-{uuid.uuid4().hex}")
    return [r.get("text") or "" for r in replies or []]


def read_yaml_list(path: Path, key: str) -> List[str]:
    with open(path, encoding="utf-8") as f:
        return [str(x) for x in yaml.safe_load(f)[key]]


def read_holdout(path: Path = HOLDOUT) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    return [
        (m.get("text"), m.get("intent_response_key") or m.get("intent"))
        for m in data.intent_examples
    ]


@dataclass
class HoldoutReport:
    accuracy: float
    f1: Dict[str, float]
    errors: List[Tuple[str, str, str]] = field(default_factory=list)


async def holdout_report(agent, examples: List[Tuple[str, str]]) -> HoldoutReport:
    gold, pred, errors = [], [], []
    for text, expected in examples:
        got = label_of(await parse(agent, text))
        gold.append(expected)
        pred.append(got)
        if got != expected:
            errors.append((text, expected, got))
    f1 = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return HoldoutReport(1 - len(errors) / len(examples), f1, errors)


@dataclass
class UrgentReport:
    recall: float
    missed: List[Tuple[str, List[str]]]
    caught_by: Counter


async def urgent_report(agent, messages: List[str]) -> UrgentReport:
    """Recall: the share of messages whose first reply starts a conversation with the hotline."""
    missed, caught_by = [], Counter()
    for text in messages:
        replies = await first_reply(agent, text)
        if not replies or HOTLINE not in replies[0]:
            missed.append((text, replies))
            continue
        parsed = await parse(agent, text)
        net = parsed.get("urgent_match")
        if net is None:
            caught_by["classifier only" if label_of(parsed) == URGENT_INTENT else "other reply with hotline"] += 1
        elif net.get("classifier_said") == URGENT_INTENT:
            caught_by["classifier and safety net"] += 1
        else:
            caught_by["safety net only"] += 1
    return UrgentReport(1 - len(missed) / len(messages), missed, caught_by)


async def false_urgent(agent, questions: List[str]) -> Tuple[float, List[str]]:
    wrong = [q for q in questions if label_of(await parse(agent, q)) == URGENT_INTENT]
    return len(wrong) / len(questions), wrong


async def bot_turn(agent, text: str, sender: Optional[str] = None) -> Tuple[List[str], List[str]]:
    """The texts and the response names (`utter_faq/minors`, ...) the bot sends in
    answer to `text`: as the first turn of a new conversation, or the next turn of
    `sender`'s."""
    sender = sender or f"eval-{uuid.uuid4().hex}"
    await agent.handle_text(text, sender_id=sender)
    tracker = await agent.tracker_store.retrieve(sender)
    texts, names = [], []
    for event in reversed(tracker.events):
        if event.type_name == "user":
            break
        if event.type_name == "bot":
            texts.append(event.text or "")
            names.append((event.metadata or {}).get("utter_action") or "")
    return texts[::-1], names[::-1]


async def conversation(agent, texts: List[str]) -> List[Tuple[List[str], List[str]]]:
    """The texts and response names of the bot's replies to each of `texts`, said in
    turn in one new conversation."""
    sender = f"conversation-{uuid.uuid4().hex}"
    return [await bot_turn(agent, text, sender=sender) for text in texts]


# The replies that answer each expected outcome in tests/real_world.yml (any other
# outcome: its own `utter_` reply). Out of scope: "my sources don't cover that" and the
# hotline, which the reply to a problem at work says too, of pay and rights at work,
# before what would make it labour trafficking (session 31), and the reply to a
# question about how the hotline works, of the hotline (session 34). Urgent: the
# urgent reply, or (session 37) the reply to a survivor telling the past with no sign of
# danger now, which also starts with the hotline, the definition tests/real_world.yml
# gives, and (session 39) the reply to someone blaming themselves, which starts with the
# same words, and (session 40) the reply to someone telling how what happened still
# weighs on them, which also starts with the hotline; the turn is urgent either way
# (intent `urgent_help`).
OUTCOME_RESPONSES = {"urgent": ("utter_urgent", "utter_survivor", "utter_self_blame",
                                "utter_after_effects"),
                     "out_of_scope": ("utter_out_of_scope", "utter_workplace", "utter_hotline",
                                      "utter_other_country"),
                     "nlu_fallback": ("utter_default",)}


def outcome_responses(outcome: str) -> tuple:
    return OUTCOME_RESPONSES.get(outcome, (f"utter_{outcome}",))


# Categories whose every first reply must carry the hotline, right or wrong. (The
# out-of-scope and fallback replies carry it too: test_consistency.py checks them.)
HOTLINE_CATEGORIES = {"urgent", "other_language"}


def read_real_world(path: Path = REAL_WORLD) -> List[dict]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["cases"]


def outcome_met(outcome: str, names: List[str]) -> bool:
    """Whether a turn's responses give `outcome` (see tests/real_world.yml)."""
    responses = outcome_responses(outcome)
    if outcome == "urgent":  # the urgent (or survivor's) reply, first
        return bool(names) and names[0] in responses
    return any(response in names for response in responses)


@dataclass
class RealWorldResult:
    case: dict
    texts: List[str]
    names: List[str]

    @property
    def correct(self) -> bool:
        return any(outcome_met(o, self.names) for o in self.case["expect"])

    @property
    def hotline_in_first_reply(self) -> bool:
        return bool(self.texts) and HOTLINE in self.texts[0]

    @property
    def withheld(self) -> bool:
        """An ordinary question answered with the urgent reply alone."""
        return (self.case["category"] == "question" and len(self.names) == 1
                and self.names[0] in outcome_responses("urgent"))


async def real_world_results(agent, cases: List[dict]) -> List[RealWorldResult]:
    return [RealWorldResult(c, *await bot_turn(agent, c["text"])) for c in cases]


def real_world_rows(results: List[RealWorldResult]) -> List[Tuple[str, int, int]]:
    """(category, correct, total) for each category and for all cases."""
    rows = []
    for category in sorted({r.case["category"] for r in results}):
        mine = [r for r in results if r.case["category"] == category]
        rows.append((category, sum(r.correct for r in mine), len(mine)))
    rows.append(("all", sum(r.correct for r in results), len(results)))
    return rows


def print_real_world(results: List[RealWorldResult], path: Path = REAL_WORLD) -> None:
    print(f"\n== Real people's messages ({path.relative_to(ROOT)}) ==")
    for r in results:
        if not r.correct:
            print(f"  MISS [{r.case['category']}] {r.case['text'][:90]!r}\n"
                  f"       expected {r.case['expect']}, got {r.names}")
    for category, correct, total in real_world_rows(results):
        print(f"  {category:16s} {correct:4d}/{total:<4d} {correct / total:6.1%}")


async def real_world_only(model: Path) -> int:
    """Both sets of real messages and nothing else: what trying a design option needs."""
    agent = load_agent(model)
    for path in (REAL_WORLD_DEV, REAL_WORLD):
        print_real_world(await real_world_results(agent, read_real_world(path)), path)
    return 0


async def main_async(model: Path) -> int:
    agent = load_agent(model)
    holdout = await holdout_report(agent, read_holdout())
    urgent = await urgent_report(agent, read_yaml_list(URGENT_MESSAGES, "messages"))
    fu_rate, fu_wrong = await false_urgent(agent, read_yaml_list(FAQ_QUESTIONS, "questions"))
    real = await real_world_results(agent, read_real_world())
    dev = await real_world_results(agent, read_real_world(REAL_WORLD_DEV))

    print("\n== Held-out NLU (tests/nlu_holdout.yml) ==")
    for label, score in holdout.f1.items():
        print(f"  {label:32s} F1 {score:.2f}")
    for text, expected, got in holdout.errors:
        print(f"  MISS {text!r}: expected {expected}, got {got}")
    print("\n== Urgent (tests/urgent_messages.yml) ==")
    for text, replies in urgent.missed:
        print(f"  MISSED {text!r} -> {replies[:1]}")
    for layer, n in urgent.caught_by.most_common():
        print(f"  caught by {layer}: {n}")
    print("\n== False urgent (tests/faq_questions.yml) ==")
    for q in fu_wrong:
        print(f"  URGENT? {q!r}")

    print_real_world(dev, REAL_WORLD_DEV)
    print_real_world(real)

    by_category = {c: (n, t) for c, n, t in real_world_rows(real)}
    questions = [r for r in real if r.case["category"] == "question"]
    needs_hotline = [r for r in real if r.case["category"] in HOTLINE_CATEGORIES]
    urgent_cases = [r for r in real if r.case["category"] == "urgent"]
    dev_urgent = [r for r in dev if r.case["category"] == "urgent"]
    targets = {"all": ">= 95% (issue #13)", "out_of_scope": ">= 95% (issue #13)"}
    rows = [
        (f"real world: {c} ({n}/{t})", f"{n / t:.1%}", targets.get(c, ""))
        for c, (n, t) in by_category.items()
    ] + [
        (f"real world, choosing set: {c} ({n}/{t})", f"{n / t:.1%}", "")
        for c, n, t in real_world_rows(dev)
    ] + [
        ("real world: disclosures with the hotline in the first reply",
         f"{sum(r.hotline_in_first_reply for r in urgent_cases) / len(urgent_cases):.1%}", "100%"),
        ("real world, choosing set: disclosures with the hotline first",
         f"{sum(r.hotline_in_first_reply for r in dev_urgent) / len(dev_urgent):.1%}", "100%"),
        ("real world: hotline in the first reply where it must be",
         f"{sum(r.hotline_in_first_reply for r in needs_hotline) / len(needs_hotline):.1%}", "100%"),
        ("real world: questions answered with only the urgent reply",
         f"{sum(r.withheld for r in questions) / len(questions):.1%}", "<= 2%"),
        ("held-out accuracy, full labels (faq/topic)", f"{holdout.accuracy:.1%}",
         ">= 97% (issue #13)"),
        ("urgent recall", f"{urgent.recall:.1%}", "100%"),
        ("false-urgent rate", f"{fu_rate:.1%}", "<= 5%"),
    ] + rasa_report_rows(RESULTS)
    print("\n== Summary ==")
    print(f"  {'measure':62s} {'value':>8s}  target")
    for name, value, target in rows:
        print(f"  {name:62s} {value:>8s}  {target}")
    ok = holdout.accuracy >= 0.95 and urgent.recall == 1.0 and fu_rate <= 0.05
    return 0 if ok else 1


def lookup_intents(config: Path = ROOT / "config.yml") -> set:
    """The intents the classifier never learns (config.yml, `lookup_intents`)."""
    with open(config, encoding="utf-8") as f:
        pipeline = yaml.safe_load(f)["pipeline"]
    return {i for component in pipeline for i in component.get("lookup_intents") or []}


def learned_intent_accuracy(report: dict) -> float:
    """Accuracy over the examples of the intents the classifier learns, from a
    `rasa test nlu` intent report (per intent: recall and support)."""
    skip = lookup_intents() | {"accuracy", "macro avg", "weighted avg", "micro avg"}
    rows = [v for k, v in report.items() if k not in skip and isinstance(v, dict)
            and "support" in v]
    return sum(v["recall"] * v["support"] for v in rows) / sum(v["support"] for v in rows)


def rasa_report_rows(results: Path) -> List[Tuple[str, str, str]]:
    """The headline numbers of the reports `rasa test` wrote (see `make eval`)."""
    reports = [
        ("held-out intent accuracy", "nlu/intent_report.json", "accuracy"),
        ("held-out intent F1 (weighted)", "nlu/intent_report.json", "f1"),
        ("held-out response selection accuracy", "nlu/response_selection_report.json",
         "accuracy"),
        ("5-fold cross-validation intent accuracy", "cross-validation/intent_report.json",
         "accuracy"),
        # The closed lists (config.yml's `lookup_intents`) recall no phrase they were not
        # given, so each of their examples is missed in the fold that holds it out: the
        # figure above falls as the lists grow. This one is the classifier's alone.
        ("5-fold cross-validation intent accuracy, learned intents",
         "cross-validation/intent_report.json", "learned"),
        ("5-fold cross-validation intent F1 (weighted)",
         "cross-validation/intent_report.json", "f1"),
        ("5-fold cross-validation response selection accuracy",
         "cross-validation/response_selection_report.json", "accuracy"),
        ("conversation tests passed", "stories/story_report.json", "conversations"),
    ]
    rows = []
    for name, file, measure in reports:
        path = results / file
        if not path.exists():
            continue
        report = json.loads(path.read_text())
        if measure == "accuracy":
            value = f"{report['accuracy']:.1%}"
        elif measure == "learned":
            value = f"{learned_intent_accuracy(report):.1%}"
        elif measure == "f1":
            value = f"{report['weighted avg']['f1-score']:.3f}"
        else:
            c = report["conversation_accuracy"]
            value = f"{c['correct']}/{c['total']}"
        rows.append((name, value, f"results/{file}"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--real-world-only", action="store_true",
                        help="score only the two sets of real messages")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    run = real_world_only if args.real_world_only else main_async
    return asyncio.run(run(args.model))


if __name__ == "__main__":
    raise SystemExit(main())
