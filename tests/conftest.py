"""Shared fixtures. Fast tests need no trained model; tests/test_model.py does."""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.nlu.spacy_model import blank_english  # noqa: E402
from assistant.nlu.urgent_lexicon import UrgentLexicon  # noqa: E402
from assistant import HOTLINE  # noqa: E402,F401  (tests import it from here)

SOURCES = ROOT.parent / "shared" / "sources"


def load_yaml(relative: str):
    with open(ROOT / relative, encoding="utf-8") as f:
        return yaml.safe_load(f)


def nlu_examples(path, intent=None, other_than=None):
    """The examples of a Rasa NLU file: of one intent, or of all but one. A retrieval
    intent ("faq") stands for all its sub-intents ("faq/what_is", "faq/minors"...)."""
    def named(name, wanted):
        return name == wanted or name.startswith(wanted + "/")

    found = []
    for block in load_yaml(path)["nlu"]:
        name = block.get("intent")
        if (not name or (intent and not named(name, intent))
                or (other_than and named(name, other_than))):
            continue
        found += [line.strip()[2:] for line in block["examples"].splitlines()
                  if line.strip().startswith("- ")]
    return found


def our_messages(intent=None, other_than=None):
    """Every message we wrote: the examples of data/nlu.yml and tests/nlu_holdout.yml (of
    one intent, or of all but one, as `nlu_examples`), our urgent messages and our FAQ
    questions. A pattern list's tests check which of them it finds."""
    return ([t for f in ("data/nlu.yml", "tests/nlu_holdout.yml")
             for t in nlu_examples(f, intent=intent, other_than=other_than)]
            + load_yaml("tests/urgent_messages.yml")["messages"]
            + load_yaml("tests/faq_questions.yml")["questions"])


def real_messages(name):
    """The texts of a set of real people's messages: "real_world" (the judge) or
    "real_world_dev" (the choosing set)."""
    return [c["text"] for c in load_yaml(f"tests/{name}.yml")["cases"]]


def taken_over(marker, key, texts, intent="faq"):
    """Those of `texts` to which `marker`, reading each as classified `intent`, gives
    the parse data's `key`: which messages a pattern list takes over."""
    return [t for t in texts if marker.process([classified(t, intent)])[0].get(key)]


def urgent_messages_marked(marker, key):
    """Those of our urgent messages (tests/urgent_messages.yml and the `urgent_help`
    examples of data/nlu.yml and tests/nlu_holdout.yml) to which `marker`, reading each
    as the classifier called it, gives the parse data's `key`. Every one is about danger
    now, or may be: none may lose "Please call it now" to a marker's wording."""
    texts = (load_yaml("tests/urgent_messages.yml")["messages"]
             + nlu_examples("data/nlu.yml", intent="urgent_help")
             + nlu_examples("tests/nlu_holdout.yml", intent="urgent_help"))
    return [t for t in texts if marker.process([classified(t, "urgent_help")])[0].get(key)]


def entity_names(message):
    """The names of a processed message's entities, in order."""
    return [e["entity"] for e in message.get("entities") or []]


def classified(text, intent, confidence=0.9, decision=None):
    """A message as the classifier left it (and the topic chooser, with `decision`)."""
    message = Message(data={"text": text})
    if decision:
        message.set("topic_choice", {"decision": decision}, add_to_output=True)
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        "intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True
    )
    return message


def pattern_list(list_class, nlp):
    """A knowledge/*.yml pattern list (assistant/nlu/pattern_lookup.py), read as the
    assistant reads it: with the urgent lexicon's spelling rewrites."""
    from assistant.nlu.urgent_lexicon import read_spelling
    from assistant.nlu.word_patterns import WordReader

    return list_class.from_files(WordReader(nlp, read_spelling()))


def entries(config, key="patterns"):
    """A pattern list's entries under `key`, as pytest parameters named by their pattern."""
    return [pytest.param(entry, id=entry["pattern"]) for entry in config[key]]


def assert_pattern_matches_its_example(patterns, entry, as_a_whole=True, among=None):
    """The entry's pattern (in `among`, by default the list's patterns) matches its
    example; `as_a_whole`: the list finds the example too, no exception or blocker
    clearing it."""
    # An entry with a `{name}` in it stands for several patterns: one of them matches.
    candidates = [p for p in (among or patterns.patterns) if p.text == entry["pattern"]]
    assert candidates, entry["pattern"]
    assert any(patterns.matches(entry["example"], p) for p in candidates)
    if as_a_whole:
        assert patterns.find(entry["example"]) is not None


def assert_blocker_clears_its_example(patterns, entry):
    """The blocker's example holds one of the list's patterns, and the list finds
    nothing in it: the blocker is what clears it."""
    assert any(patterns.matches(entry["example"], p) for p in patterns.patterns), entry
    assert patterns.find(entry["example"]) is None


def one_question_per_topic():
    """(faq/<topic>, question): the first held-out question of each FAQ topic."""
    from tools import evaluate

    first = {}
    for example, label in evaluate.read_holdout():
        if label.startswith("faq/"):
            first.setdefault(label, example)
    return sorted(first.items())


@pytest.fixture(scope="session")
def nlp():
    return blank_english()


@pytest.fixture(scope="session")
def lexicon(nlp):
    return UrgentLexicon.from_file(nlp)


@pytest.fixture(scope="session")
def trained_agent():
    """The trained model's agent, as tools/evaluate.py loads it, shared by the modules
    that ask for it (`make test` trains first)."""
    from tools import evaluate

    model = ROOT / "models" / "assistant.tar.gz"
    assert model.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(model)


@pytest.fixture(scope="session")
def domain():
    return load_yaml("domain.yml")


@pytest.fixture(scope="session")
def facts():
    return {f["id"]: f for f in load_yaml("knowledge/facts.yml")["facts"]}


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    """Two other web origins serving pages: one allowed by credentials, one not."""
    from servers import static_servers

    folder = tmp_path_factory.mktemp("sites")
    with static_servers(folder, 2) as (allowed, refused):
        yield folder, allowed, refused


# The SMS channel's secrets in tests (the channel reads them from the environment).
SMS_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
SMS_ID_SECRET = "test-id-secret-0123456789abcdef"


@pytest.fixture(scope="session")
def live_server(sites, tmp_path_factory):
    """`rasa run` with the REST, web and SMS channels, as `make run` starts it, but
    allowing the first of `sites` and keeping conversations in a SQLite file
    (`live_server.tracker_db`) so tests can read what is stored. Each site serves a
    page embedding the widget at /index.html."""
    from servers import HOST_PAGE, RasaServer

    folder, allowed, _ = sites
    config = tmp_path_factory.mktemp("rasa")
    credentials = config / "credentials.yml"
    credentials.write_text(
        "assistant.channels.rest_channel.RestInput:\n"
        f'assistant.channels.web_channel.WebChatInput:\n  allowed_origins: ["{allowed}"]\n'
        "assistant.channels.sms_channel.SmsInput:\n"
    )
    tracker_db = config / "trackers.db"
    endpoints = config / "endpoints.yml"
    endpoints.write_text(
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{tracker_db}"\n'
        + yaml.safe_dump({"nlg": load_yaml("endpoints.yml")["nlg"]})  # as make run replies
    )
    log = ROOT / "results" / "server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {"TWILIO_AUTH_TOKEN": SMS_AUTH_TOKEN, "SMS_ID_SECRET": SMS_ID_SECRET}
    with RasaServer(credentials, log, endpoints=endpoints, env=env) as server:
        server.tracker_db = tracker_db
        script = server.url + "/widget/widget.js"
        (folder / "index.html").write_text(HOST_PAGE.format(script=script, server=server.url))
        yield server


def parse_message_marker_after_import(module, marker):
    """What `getattr(MessageProcessor.parse_message, marker, False)` prints after only
    `module` is imported, in a fresh interpreter: "False" if importing it changes
    nothing in Rasa (a start point's `use()` installs the change)."""
    code = (f"import {module}\n"
            "from rasa.core.processor import MessageProcessor as P\n"
            f"print(getattr(P.parse_message, {marker!r}, False))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return out.strip().splitlines()[-1]
