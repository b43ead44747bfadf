"""A conversation as a Rasa test story, for the staff shell's `/save`.

Each user turn is written with the text Rasa read (what staff typed, or the question of
the numbered choice they picked) and the intent the model gave it, full retrieval
intent for questions (`faq/what_is`); then the actions that followed. Staff correct the
intent or actions where the assistant went wrong and move the story into
tests/test_stories.yml, which `make test` runs with --fail-on-prediction-errors.

A turn where our own components set entities (the safety net, "did you mean", a
message too long) is written as `intent` plus `entities`, with the text in a comment:
`rasa test` would compare those entities with ones marked in the text, and these are
not in the text. tests/test_stories.yml writes such turns the same way.
"""
import json
from typing import Any, Iterable, List, Text

from rasa.shared.core.events import ActionExecuted, UserUttered

# Actions Rasa runs on its own in every turn or session: not part of a test story.
SKIPPED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots"}


def _user_step(event: UserUttered) -> List[Text]:
    intent = event.full_retrieval_intent_name or event.intent_name or "nlu_fallback"
    text = json.dumps(event.text or "", ensure_ascii=False)
    entities = [e for e in event.entities or [] if e.get("entity")]
    if not entities:
        return [f"      - user: {text}", f"        intent: {intent}"]
    lines = [f"      # typed: {text}", f"      - intent: {intent}", "        entities:"]
    lines += [f"          - {e['entity']}: {json.dumps(str(e.get('value')), ensure_ascii=False)}"
              for e in entities]
    return lines


def story(name: Text, events: Iterable[Any]) -> Text:
    """One story, as YAML lines for a `stories:` list."""
    lines = [f"  - story: {json.dumps(name, ensure_ascii=False)}", "    steps:"]
    for event in events:
        if isinstance(event, UserUttered):
            lines += _user_step(event)
        elif isinstance(event, ActionExecuted) and event.action_name not in SKIPPED_ACTIONS:
            lines.append(f"      - action: {event.action_name}")
    return "\n".join(lines) + "\n"


HEADER = """version: "3.1"

# Conversations kept from the staff shell (`make shell`, then /save). Correct each
# story where the assistant went wrong, then move it into tests/test_stories.yml.
# Run them as they are with: make test-saved

stories:
"""


def append(path, name: Text, events: Iterable[Any]) -> None:
    text = story(name, events)
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER, encoding="utf-8")
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)
