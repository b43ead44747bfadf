"""assistant/nlu/other_language.py: which messages read as Spanish, and what the
component does to their parse data."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.other_language import OtherLanguageDetector, is_spanish


@pytest.mark.parametrize("text", [
    "¿Cómo identificar la trata de personas?",
    "que es la trata de personas",
    "me quitaron el pasaporte y no puedo salir",
    "hola, cómo estás",
])
def test_spanish_reads_as_spanish(text):
    assert is_spanish(text)


@pytest.mark.parametrize("text", [
    "what is human trafficking",
    "my friend Maria de la Cruz is being forced to work",
    "what does trata de personas mean in english",
    "el paso",
    "hola",
    "",
    "🙂🙂🙂",
])
def test_english_and_single_words_do_not(text):
    assert not is_spanish(text)


def message(text, intent, confidence=0.9, entities=()):
    return Message(data={
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [{"entity": e, "value": "x", "start": 0, "end": 0} for e in entities],
    })


def detector():
    return OtherLanguageDetector(OtherLanguageDetector.get_default_config())


def test_a_spanish_message_becomes_the_fallback_with_the_entity():
    m = message("¿Cómo puedo protegerme?", "nlu_fallback", 0.4,
                entities=["suggestion_1", "suggestion_2"])
    detector().process([m])
    assert m.get("intent")["name"] == "nlu_fallback"
    assert [e["entity"] for e in m.get("entities")] == ["other_language"]


def test_a_spanish_message_the_classifier_answered_is_told_too():
    m = message("que es la trata de personas", "faq", 0.8)
    detector().process([m])
    assert m.get("intent")["name"] == "nlu_fallback"


def test_an_urgent_spanish_message_stays_urgent():
    m = message("me quitaron el pasaporte y no puedo salir", "urgent_help", 0.9)
    detector().process([m])
    assert m.get("intent")["name"] == "urgent_help" and not m.get("entities")


def test_english_is_left_alone():
    m = message("what is human trafficking", "faq", 0.9)
    detector().process([m])
    assert m.get("intent")["name"] == "faq" and not m.get("entities")
