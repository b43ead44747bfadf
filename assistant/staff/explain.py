"""The staff shell's line under each reply: what the assistant understood and why.

Built from the parse data the model already produced and the replies' metadata, so it
costs no second model run:

    understood: faq/smuggling_vs_trafficking 0.81 (runner-up: forms 0.09) -> answered
                · facts: smuggling_definition · sources: Human Trafficking FAQs (Polaris)

- the intent, or for a question the FAQ topic, with its confidence (for topics, the
  full-label probability the topic chooser used), and the runner-up when it is close
  (at least half as likely); and whether the message was read without the punctuation
  it ended with (assistant/nlu/linear_classifier.py);
- what the turn's outcome was (assistant/usage/outcome.py, the same as the usage
  report counts);
- when the safety net fired: which layer, and for the lexicon, its category and pattern;
  for a message the classifier was unsure of but leaned urgent on, that lean; for a
  survivor telling the past, someone blaming themselves or someone telling how it still
  weighs on them, the knowledge/survivor.yml, knowledge/self_blame.yml or
  knowledge/after_effects.yml pattern and the intent before;
- for a question about the chat itself, the knowledge/privacy.yml pattern it matched;
  for a problem at work, the knowledge/workplace.yml one (and so on for each pattern
  list: the hotline, someone who stays, can't call now); for a subject the sources
  don't cover, the knowledge/uncovered.yml one;
- the facts the replies cite and the documents they come from.
"""
from typing import Any, Dict, Iterable, List, Sequence, Text, Tuple

from assistant.nlu.cannot_call import CANNOT_CALL
from assistant.nlu.form_comparisons import FORM_COMPARISON
from assistant.nlu.hotline_questions import (
    HOTLINE_QUESTION, NUMBER_REQUEST, OTHER_COUNTRY_QUESTION,
)
from assistant.nlu.labour_venues import LABOUR_VENUE
from assistant.nlu.linear_classifier import READ_AS
from assistant.nlu.male_victims import MALE_VICTIMS
from assistant.nlu.minor_age import ADULT_AGE, MINOR_AGE
from assistant.nlu.organisations import ORGANISATION_QUESTION
from assistant.nlu.privacy_questions import PRIVACY_QUESTION
from assistant.nlu.school_work import SCHOOL_WORK
from assistant.nlu.someone_stays import SOMEONE_STAYS
from assistant.nlu.topic_phrases import TOPIC_PHRASE
from assistant.nlu.trafficker_relations import TRAFFICKER_RELATION
from assistant.nlu.uncovered_subjects import UNCOVERED_SUBJECT
from assistant.nlu.urgent_safety_net import URGENT_LEANED
from assistant.nlu.workplace_problems import WORKPLACE_PROBLEM
from assistant.runtime.repeat_reply import facts_of
from assistant.usage.outcome import classify, marker

CLOSE = 0.5  # a runner-up at least this fraction as likely as the top is shown


def _runner_up(ranked: Sequence[Tuple[Text, float]]) -> Text:
    if len(ranked) < 2 or not ranked[0][1]:
        return ""
    (_, p1), (name, p2) = ranked[0], ranked[1]
    return f" (runner-up: {name} {p2:.2f})" if p2 >= CLOSE * p1 else ""


def understood(parse_data: Dict[Text, Any]) -> Text:
    reading = f" (read {parse_data[READ_AS]})" if parse_data.get(READ_AS) else ""
    return _understood(parse_data) + reading


def _understood(parse_data: Dict[Text, Any]) -> Text:
    intent = parse_data.get("intent") or {}
    name, confidence = intent.get("name") or "?", float(intent.get("confidence") or 0)
    topics = [(t, float(p)) for t, p in (parse_data.get("topic_choice") or {}).get("topics") or []]
    if topics:  # a question: the topic chooser's view, on full-label probabilities
        return f"faq/{topics[0][0]} {topics[0][1]:.2f}" + _runner_up(topics)
    ranking = [(r.get("name"), float(r.get("confidence") or 0))
               for r in parse_data.get("intent_ranking") or []]
    return f"{name} {confidence:.2f}" + _runner_up(ranking)


def safety_net(parse_data: Dict[Text, Any]) -> Text:
    match = parse_data.get("urgent_match")
    layer = classify(parse_data).layer
    if not layer:
        return ""
    name, marked = marker(parse_data)
    if marked:
        whose = "survivor's" if name == "survivor" else name
        before = f" (classifier said {marked.get('intent_before')})"
        on = f"{whose} words \"{marked.get('pattern')}\"{before}"
        if not match:
            return f"safety net: {on}"
        return (f"safety net: {layer}, {match.get('category')} on \"{match.get('pattern')}\""
                f", {on}")
    if not match and parse_data.get("after_urgent"):
        # assistant/nlu/after_urgent.py
        before = parse_data["after_urgent"]
        return f"safety net: a few words after the urgent reply (read as {before})"
    if not match:
        leaned = parse_data.get(URGENT_LEANED)
        if leaned is not None:
            return f"safety net: classifier unsure, urgent_help likeliest ({leaned:.2f})"
        return "safety net: classifier (urgent_help)"
    return (f"safety net: {layer}, {match.get('category')} on \"{match.get('pattern')}\""
            f" (classifier said {match.get('classifier_said')})")


# The pattern lists read in place of the classifier: the parse data's key for the
# pattern a message matched, and how the line names it.
LOOKED_UP = ((PRIVACY_QUESTION, "about the chat"), (WORKPLACE_PROBLEM, "a problem at work"),
             (UNCOVERED_SUBJECT, "a subject the sources don't cover"),
             (HOTLINE_QUESTION, "about the hotline"),
             (OTHER_COUNTRY_QUESTION, "a number in another country"),
             (NUMBER_REQUEST, "asking for the number"),
             (ORGANISATION_QUESTION, "an organisation the sources name"),
             (CANNOT_CALL, "can't call now"),
             (SOMEONE_STAYS, "of someone who stays"),
             (MINOR_AGE, "an age under 18"),
             (ADULT_AGE, "an adult's age"),
             (FORM_COMPARISON, "comparing the two forms"),
             (MALE_VICTIMS, "whether men and boys are victims"),
             (LABOUR_VENUE, "a workplace where labour trafficking is found"),
             (TRAFFICKER_RELATION, "who can be a trafficker"),
             (TOPIC_PHRASE, "a way of asking about a topic"),
             (SCHOOL_WORK, "a school or research project"))


def looked_up(parse_data: Dict[Text, Any]) -> List[Text]:
    """The knowledge/privacy.yml, workplace.yml, uncovered.yml, hotline.yml,
    organisations.yml, cannot_call.yml, someone_stays.yml, minor_age.yml,
    form_comparisons.yml, male_victims.yml, labour_venues.yml, trafficker_relations.yml
    or school_work.yml pattern the message matched."""
    return [f'{label}: "{parse_data[key]}"' for key, label in LOOKED_UP if parse_data.get(key)]


def cited(bot_metadata: Iterable[Dict[Text, Any]], sources: Dict[Text, Text]) -> Text:
    facts: List[Text] = []
    for metadata in bot_metadata:
        for fact in facts_of(metadata):
            if fact not in facts:
                facts.append(fact)
    if not facts:
        return ""
    names = list(dict.fromkeys(sources[f] for f in facts if f in sources))
    line = "facts: " + ", ".join(facts)
    return line + (" · sources: " + "; ".join(names) if names else "")


def staff_line(parse_data: Dict[Text, Any], bot_metadata: Iterable[Dict[Text, Any]],
               sources: Dict[Text, Text], after_offer: bool = False) -> Text:
    outcome = classify(parse_data, after_offer)
    parts = [f"understood: {understood(parse_data)} -> {outcome.outcome}"
             + (f" ({outcome.detail})" if outcome.detail and outcome.outcome != "answered" else "")]
    # Two questions in one message (assistant/runtime/compound_questions.py).
    second = parse_data.get("second_topic")
    if second:
        first = (((parse_data.get("response_selector") or {}).get("faq") or {})
                 .get("response") or {}).get("intent_response_key")
        parts.append(f"two questions: {first}, then faq/{second}")
    parts += [p for p in (safety_net(parse_data), *looked_up(parse_data),
                          cited(bot_metadata, sources)) if p]
    return " · ".join(parts)
