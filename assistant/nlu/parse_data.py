"""Small edits to a message's parse data that more than one of our components make,
and a reading of it more than one of them needs."""
from typing import Any, Dict, List, Optional, Text

from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: Text, confidence: float) -> None:
    """Make `name` the message's intent and put it first in the ranking."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
               if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


def likeliest_under_fallback(message: Message) -> Optional[Dict[Text, Any]]:
    """The classifier's likeliest intent other than the fallback (its ranking entry),
    or None: what an unsure message leaned to."""
    ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
               if entry.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME]
    return ranking[0] if ranking else None


def intent_or_lean(message: Message) -> List[Text]:
    """The intent, and for the fallback the likeliest intent under it: the safety net
    makes an unsure message that leaned urgent urgent, so a component that takes over
    some readings must see the lean too."""
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if name != DEFAULT_NLU_FALLBACK_INTENT_NAME:
        return [name]
    lean = likeliest_under_fallback(message)
    return [name, lean.get(INTENT_NAME_KEY)] if lean else [name]


def set_only_intent(message: Message, name: Text) -> None:
    """Make `name` the message's intent, with certainty and nothing else ranked: for a
    lookup that knows what the message is, so that no score the classifier gave it
    (which never learned that intent) makes FallbackClassifier see a near tie."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)


def add_entity(message: Message, name: Text, value: Text, extractor: Text) -> None:
    """Add an entity our NLU decided on. It is not a span of the message's text, so its
    start and end are both 0."""
    entities = list(message.get(ENTITIES) or [])
    entities.append({
        ENTITY_ATTRIBUTE_TYPE: name,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: 0,
        ENTITY_ATTRIBUTE_END: 0,
        EXTRACTOR: extractor,
    })
    message.set(ENTITIES, entities, add_to_output=True)


def drop_entities(message: Message, names) -> None:
    """Remove the entities called any of `names` (ones an earlier component added)."""
    entities = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) not in names]
    message.set(ENTITIES, entities, add_to_output=True)


def answer_of(message: Message, retrieval_intent: Text) -> Optional[Text]:
    """The FAQ answer the response selector picked for `retrieval_intent`
    ("faq/how_to_report"), if the message has that intent; else None."""
    if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != retrieval_intent:
        return None
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
    return (selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get(INTENT_RESPONSE_KEY)


def set_answer(message: Message, retrieval_intent: Text, topic: Text) -> None:
    """Make the FAQ topic `topic` the message's answer, with certainty: the intent
    becomes `retrieval_intent` and the response selector picks `retrieval_intent/topic`."""
    key = f"{retrieval_intent}/{topic}"
    set_intent(message, retrieval_intent, 1.0)
    selectors = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
    prediction = dict((selectors.get(retrieval_intent) or {}).get(
        RESPONSE_SELECTOR_PREDICTION_KEY) or {})
    prediction.update({INTENT_RESPONSE_KEY: key, PREDICTED_CONFIDENCE_KEY: 1.0,
                       RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{key}"})
    prediction.setdefault(RESPONSE_SELECTOR_RESPONSES_KEY, [])
    selectors[retrieval_intent] = {
        RESPONSE_SELECTOR_PREDICTION_KEY: prediction,
        RESPONSE_SELECTOR_RANKING_KEY: [{INTENT_RESPONSE_KEY: key,
                                         PREDICTED_CONFIDENCE_KEY: 1.0}],
    }
    message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)
