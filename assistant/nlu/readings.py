"""Other readings of a message, which the classifier scores beside the message as
typed (assistant/nlu/linear_classifier.py): the same words, less what seldom changes
what a message asks. Each reading is its lemma text (for the tf-idf features) and its
text (for the sentence encoder).
"""
import unicodedata
from typing import Any, List, Optional, Text, Tuple

from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message


def joined_lemmas(tokens: List[Any]) -> Text:
    return " ".join((token.lemma or token.text).lower() for token in tokens)


def without_end_punctuation(message: Message) -> Optional[Tuple[Text, Text]]:
    """The message's lemma text and its text without the punctuation it ends with
    ("is it illegal?" -> "is it illegal"), or None if it ends in none (or is nothing
    but punctuation)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    end = len(tokens)
    while end and all(unicodedata.category(c).startswith("P") for c in tokens[end - 1].text):
        end -= 1
    if end in (0, len(tokens)):
        return None
    return joined_lemmas(tokens[:end]), message.get(TEXT)[: tokens[end].start].rstrip()
