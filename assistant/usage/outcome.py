"""What happened in a turn, from the parse data the model already produced.

One function for the usage report (assistant/usage/recorder.py) and the staff shell's
line (assistant/staff/explain.py), so both tell the same story. It reads only what the
pipeline decided (intent, the topic chooser's decision, the safety net's match), never
the text.
"""
from dataclasses import dataclass
from typing import Any, Dict, Optional, Text, Tuple

# The outcomes, as the report names them.
ANSWERED = "answered"
CHOICE_TAKEN = "did you mean: choice taken"
DID_YOU_MEAN = "did you mean: offered"
OUT_OF_SCOPE = "out of scope"
NOT_UNDERSTOOD = "not understood"
TOO_LONG = "too long"
OTHER_LANGUAGE = "other language"
URGENT = "urgent"
URGENT_ANSWERED = "urgent, then answered"
PERSON = "asked for a person"
# "What do I do now?" (session 36): its reply gives the hotline first, as for a person.
WHAT_TO_DO = "asked what to do"
# "I don't want to call" (session 38): its reply gives the hotline for later.
DECLINED_CALL = "did not want to call"
# "I can't call" (session 41): its reply says the hotline is a phone number.
COULD_NOT_CALL = "could not call"
SMALL_TALK = "small talk"
# Outcomes where the person did not get what they asked: the report's "unanswered".
UNANSWERED = (OUT_OF_SCOPE, NOT_UNDERSTOOD, DID_YOU_MEAN)
URGENT_OUTCOMES = (URGENT, URGENT_ANSWERED)
# Intents found by the pattern lists whose replies say the sources don't cover what
# was asked, counted as out of scope, and how the report names each.
UNCOVERED_BY_LOOKUP = {
    "workplace_problem": "a problem at work",             # pay, rights (knowledge/workplace.yml)
    "ask_hotline": "about the hotline",                   # how it works (knowledge/hotline.yml)
    "ask_other_country": "a number in another country",   # none given (knowledge/hotline.yml)
}


@dataclass(frozen=True)
class Outcome:
    outcome: Text
    # A topic name, the two topics offered, an intent name or a lexicon category:
    # names the assistant defines, never the user's words.
    detail: Text = ""
    # For urgent turns: which layer caught it (classifier, lexicon or both).
    layer: Text = ""


def _topics(parse_data: Dict[Text, Any]):
    return [t for t, _ in (parse_data.get("topic_choice") or {}).get("topics") or []]


def _answered_topic(parse_data: Dict[Text, Any]) -> Text:
    """The topic whose answer was sent: the response selector's choice (which the
    safety net may have set, such as the warning signs), else the chooser's first."""
    key = ((parse_data.get("response_selector") or {}).get("faq") or {}).get(
        "response", {}).get("intent_response_key") or ""
    if key:
        return key.split("/", 1)[-1]
    topics = _topics(parse_data)
    return topics[0] if topics else ""


def _nearest_topic(parse_data: Dict[Text, Any]) -> Text:
    """The chooser's likeliest topic, else the FAQ classifier's (it ranks the topics
    for every message, whatever the intent)."""
    topics = _topics(parse_data)
    if topics:
        return topics[0]
    ranking = ((parse_data.get("response_selector") or {}).get("faq") or {}).get(
        "ranking") or []
    key = (ranking[0].get("intent_response_key") or "") if ranking else ""
    return key.split("/", 1)[-1]


# The markers that give an urgent turn its own wording, first the one that wins: the
# parse data's key (assistant/nlu/self_blame.py, assistant/nlu/survivor.py,
# assistant/nlu/after_effects.py) and the name the report gives the turn.
MARKERS = (("self_blame", "self-blame"), ("survivor", "survivor"),
           ("after_effects", "after-effects"))


def marker(parse_data: Dict[Text, Any]) -> Tuple[Text, Dict[Text, Any]]:
    """The name and the record (the words matched, the intent before) of the marker
    that gave the turn its wording, or ("", {})."""
    for key, name in MARKERS:
        if parse_data.get(key):
            return name, parse_data[key]
    return "", {}


def classify(parse_data: Dict[Text, Any], after_offer: bool = False) -> Outcome:
    """The turn's outcome. `after_offer`: the previous turn offered "did you mean"."""
    intent = (parse_data.get("intent") or {}).get("name") or ""
    entities = {e.get("entity") for e in parse_data.get("entities") or []}
    match: Optional[Dict[Text, Any]] = parse_data.get("urgent_match")
    decision = (parse_data.get("topic_choice") or {}).get("decision")

    # The classifier called it urgent: the intent says so, or the safety net recorded
    # it before answering the question after the hotline (its `safety_net` entity's
    # value is the lexicon category, or `urgent_help` when only the classifier fired).
    net = [e.get("value") for e in parse_data.get("entities") or []
           if e.get("entity") == "safety_net"]
    by_classifier = (
        (intent == "urgent_help" and not match)
        or (match or {}).get("classifier_said") == "urgent_help"
        or "urgent_help" in net)
    if match or by_classifier:
        layer = ("both" if match and by_classifier
                 else "lexicon" if match else "classifier")
        category = (match or {}).get("category", "")
        # A survivor telling the past, or someone blaming themselves: urgent, their own
        # wording (assistant/nlu/survivor.py, assistant/nlu/self_blame.py).
        name, marked = marker(parse_data)
        if marked:
            category = name
            if not match and marked.get("intent_before") != "urgent_help":
                layer = f"{name} list"
        if parse_data.get("after_urgent"):
            # A few words not understood right after the urgent reply
            # (assistant/nlu/after_urgent.py).
            layer = "after urgent"
        if "safety_net" in entities:
            # The answer after the hotline: a topic's, or another intent's reply (a
            # question about the chat itself, `ask_privacy`).
            answer = _answered_topic(parse_data) if intent == "faq" else intent
            return Outcome(URGENT_ANSWERED, answer, layer)
        return Outcome(URGENT, category, layer)
    if intent == "faq":
        topic = _answered_topic(parse_data)
        if decision == "button" and after_offer:
            return Outcome(CHOICE_TAKEN, topic)
        return Outcome(ANSWERED, topic)
    if intent == "nlu_fallback":
        if "too_long" in entities:
            return Outcome(TOO_LONG)
        if "no_text" in entities:  # an SMS with no text: empty, or a picture only
            return Outcome(NOT_UNDERSTOOD, "no text")
        if "other_language" in entities:
            return Outcome(OTHER_LANGUAGE)
        if {"suggestion_1", "suggestion_2"} <= entities:
            return Outcome(DID_YOU_MEAN, " | ".join(_topics(parse_data)[:2]))
        return Outcome(NOT_UNDERSTOOD)
    if intent in UNCOVERED_BY_LOOKUP:
        return Outcome(OUT_OF_SCOPE, UNCOVERED_BY_LOOKUP[intent])
    if intent == "out_of_scope":
        # The nearest topic: which areas people ask about that the sources don't answer.
        nearest = _nearest_topic(parse_data)
        return Outcome(OUT_OF_SCOPE, f"near {nearest}" if nearest else "no topic near")
    if intent == "request_human":
        return Outcome(PERSON)
    if intent == "ask_what_to_do":
        return Outcome(WHAT_TO_DO)
    if intent == "decline_call":
        return Outcome(DECLINED_CALL)
    if intent == "unable_to_call":
        return Outcome(COULD_NOT_CALL)
    if intent == "reject_choices":
        # "Neither" (session 41): the topics offered did not fit.
        return Outcome(NOT_UNDERSTOOD, "neither topic offered")
    if intent == "ask_if_true":
        # "Are you sure?": where everything comes from, as for asking for the sources.
        return Outcome(SMALL_TALK, "ask_sources")
    if intent == "ask_about_situation":
        # "Is this normal?": what the sources say trafficking is, with the hotline.
        return Outcome(ANSWERED, "is this normal")
    if intent == "someone_stays":
        # "She says she's fine" (knowledge/someone_stays.yml): the sources' words on it.
        return Outcome(ANSWERED, "someone who stays")
    if intent == "ask_organisation":
        # "Who is Exodus Cry?" (assistant/nlu/organisations.py): what the sources say.
        return Outcome(ANSWERED, "an organisation")
    if intent == "share_link":
        # A link (assistant/nlu/links.py): the assistant can't open it.
        return Outcome(NOT_UNDERSTOOD, "a link")
    if intent == "ask_anonymous":
        # "Is it anonymous?": this chat or the hotline, offered as two choices.
        return Outcome(DID_YOU_MEAN, "this chat | the hotline")
    return Outcome(SMALL_TALK, intent)
