"""A message in Spanish, Portuguese, French or Italian is told, in its own language and
in English, that the assistant answers only in English, with the hotline: a Rasa NLU
component.

Why: the assistant knows only English, so a message in another language got "Sorry, I
didn't understand that" in English. The hotline number was in it, but a reader with no
English could not tell what the reply said. These four languages we can recognise
without a model, from the stop-word lists spaCy ships (no download), and answer in a
sentence of our own. Other languages in the Latin alphabet keep the English fallback,
which carries the hotline too, unless they read as one of OTHER_LATIN_LANGUAGES (German,
Dutch, Indonesian, Tagalog, Polish...: session 60, below). A message written mostly in
another alphabet or script (Cyrillic, Arabic, Chinese...), or saying in a few words of
English that one doesn't speak it ("my english is bad"), is marked `other` (session 40:
"помогите", "help!" in Russian, got "Sorry, I didn't understand that. I answer
questions about human trafficking...", the number last): its reply leads with the
number and says, in English, that the assistant reads only English.

A message is in one of them when it is one of that language's WHOLE_MESSAGES
("gracias", "bonjour", asking for the language in English or in it: "do you speak
spanish?", "¿hablas español?", or saying in it that one doesn't speak English: "no
hablo inglés"), or when at least two different words of it are that
language's stop words that are not English ones ("cómo", "de", "la", "soy", "puedo"),
more than its English stop words, and no other of the four has more. The four share
many short words ("de", "la", "que"), so a tie goes to Spanish, the likeliest here.
An English message with a Spanish name in it ("my friend Maria de la Cruz is being
forced to work") stays English.

It runs after the topic chooser and before the urgent safety net: such a message
becomes the fallback intent with the entity `other_language`, whose value is the
language's code (`es`, `pt`, `fr`, `it`, or `other`); its rule sends `utter_other_language`, whose
variation is chosen by the slot of that name. The classifier may have called the
message urgent: then it stays urgent, with the entity too, and the safety net still
makes it urgent when the urgent lexicon matches ("ayuda"); the urgent reply is then
in that language (session 37; domain.yml, assistant/runtime/reply_conditions.py). But
thanks for the help, as a whole message ("gracias por la ayuda", THANKS_MESSAGES), is
never urgent (session 48).
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import spacy.lang
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

from assistant.nlu.parse_data import add_entity, drop_entities, set_intent
from assistant.nlu.spacy_model import DEFAULT_PATH, shared_pipeline
from assistant.nlu.topic_chooser import SUGGESTIONS
from assistant.nlu.word_patterns import strip_accents
from assistant.runtime.reply_conditions import OTHER_SCRIPT

OTHER_LANGUAGE_ENTITY = "other_language"
# In the parse data of a message that is one of WHOLE_MESSAGES: the language. The
# urgent safety net then does not count the classifier's lean towards urgent.
WHOLE_MESSAGE = "other_language_whole_message"
WORD = re.compile(r"[^\W\d_]+")


def fold(text: Text) -> Text:
    """Lower case without accents: people often type "como" for "cómo"."""
    return strip_accents(text.lower())


@lru_cache(maxsize=4)
def folded_words(text: Text) -> tuple:
    """The words of `text`, folded: each check of a message reads them, so once."""
    return tuple(WORD.findall(fold(text)))


def stop_words(language: Text) -> frozenset:
    """spaCy's stop words for `language`, read from the list's own file. Importing
    `spacy.lang.fr.stop_words` runs `spacy.lang.fr` first, which compiles the French
    tokenizer's exceptions: 3.8 s of every start-up for a list of words (session 29)."""
    path = Path(spacy.lang.__file__).parent / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"{__name__}._stop_words_{language}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


# Each language's stop words that are not English ones, Spanish first: it wins a tie.
NOT_ENGLISH = {
    language: frozenset(fold(w) for w in stop_words(language)) - ENGLISH_STOP_WORDS
    for language in ("es", "pt", "fr", "it")
}


# Whole messages too short for two stop words: thanks and greetings (session 37:
# "gracias" after the urgent reply in Spanish got "Sorry, I didn't understand that"
# in English). Not words English speakers use too ("hola", "ciao", "salut", "adios").
WHOLE_MESSAGES = {
    "es": {"gracias", "muchas gracias", "buenos dias", "buenas tardes", "buenas noches"},
    "pt": {"obrigado", "obrigada", "muito obrigado", "muito obrigada", "bom dia",
           "boa tarde", "boa noite", "ola"},
    "fr": {"merci", "merci beaucoup", "bonjour", "bonsoir"},
    "it": {"grazie", "grazie mille", "buongiorno", "buonasera"},
}

# Thanks for the help, as a whole message (session 48: "gracias por la ayuda" and
# "grazie per l'aiuto" got the urgent reply, "Call it now", in their language: the
# classifier, or the urgent lexicon's "ayuda" and "aiuto", took them for pleas). Such a
# message is marked THANKS; the urgent safety net leaves it alone, lexicon or not. Only
# the whole message: "gracias, necesito ayuda" is a plea.
THANKS_FOR_HELP = {
    "es": ("gracias", "muchas gracias", "mil gracias"),
    "pt": ("obrigado", "obrigada", "muito obrigado", "muito obrigada"),
    "fr": ("merci", "merci beaucoup"),
    "it": ("grazie", "grazie mille"),
}
FOR_THE_HELP = {
    "es": ("por la ayuda", "por tu ayuda", "por su ayuda", "por toda la ayuda",
           "por toda tu ayuda", "por ayudarme", "por todo"),
    "pt": ("pela ajuda", "por sua ajuda", "pela sua ajuda", "por toda a ajuda",
           "por toda ajuda", "por me ajudar", "por tudo"),
    "fr": ("pour l aide", "pour votre aide", "pour ton aide", "de votre aide",
           "de ton aide", "pour tout"),
    "it": ("per l aiuto", "dell aiuto", "per il tuo aiuto", "per il suo aiuto",
           "per il vostro aiuto", "per avermi aiutato", "di tutto", "per tutto"),
}
THANKS_MESSAGES = {
    language: frozenset(f"{thanks} {help_}" for thanks in THANKS_FOR_HELP[language]
                        for help_ in FOR_THE_HELP[language])
    for language in THANKS_FOR_HELP
}
# In the parse data of a message that is one of THANKS_MESSAGES: the language.
THANKS = "other_language_thanks"
WHOLE_MESSAGES = {language: messages | THANKS_MESSAGES[language]
                  for language, messages in WHOLE_MESSAGES.items()}

# Asking for a language, in English or in it ("do you speak spanish?", "¿hablas
# español?", "en français ?"): session 38, they had got "my sources don't cover that" or
# "Sorry, I didn't understand that" in English. The reply in that language says the
# assistant answers only in English, with the hotline, and in English after it.
LANGUAGE_NAMES = {"es": ("spanish", "espanol", "castellano"), "pt": ("portuguese", "portugues"),
                  "fr": ("french", "francais"), "it": ("italian", "italiano")}
ASKING_FOR = {
    "en": ("{}", "in {}", "{} please", "in {} please", "do you speak {}", "can you speak {}",
           "speak {}", "can you answer in {}", "can we talk in {}", "can you talk in {}",
           # Asking for help in it (session 39: "help spanish" got the urgent reply in
           # English); the urgent lexicon still makes these urgent, now in that language.
           "help {}", "{} help", "help in {}", "help me in {}", "i need help in {}",
           "need help in {}", "help {} please", "help in {} please",
           # Asking for someone who speaks it (session 44: "is there someone who speaks
           # spanish" got "my sources don't cover that" in English).
           "is there someone who speaks {}", "is there anyone who speaks {}",
           "does anyone speak {}", "anyone speak {}", "someone who speaks {}",
           "i need someone who speaks {}", "can i talk to someone in {}"),
    "es": ("hablas {}", "habla {}", "hablan {}", "hablas en {}", "en {}", "en {} por favor",
           "{} por favor", "puedes hablar en {}", "se habla {}"),
    "pt": ("fala {}", "voce fala {}", "falam {}", "em {}", "em {} por favor", "{} por favor"),
    "fr": ("parlez vous {}", "vous parlez {}", "tu parles {}", "en {}", "en {} s il vous plait"),
    "it": ("parli {}", "parla {}", "parlate {}", "in {}", "in {} per favore"),
}

# Saying one doesn't speak English, in one's own language (session 45: "no hablo
# ingles" got "my sources don't cover that" in English: two words of it are no stop
# words, and "no" is an English one), or in a few words of English ("i dont speak
# english good" got the same). In English we can't tell which language the person reads
# best, so those get the reply for a language we can't name (`other`): the number first,
# then that the assistant reads and answers only English. "i speak spanish", written in
# English, is still English (test_other_language.py).
NOT_SPEAKING_ENGLISH = {
    "es": ("no hablo ingles", "yo no hablo ingles", "no hablo bien ingles",
           "no hablo ingles bien", "no hablo mucho ingles", "no hablo nada de ingles",
           "hablo poco ingles", "hablo espanol", "yo hablo espanol", "solo hablo espanol",
           "hablo solo espanol", "no entiendo", "no entiendo ingles", "no te entiendo"),
    "pt": ("nao falo ingles", "eu nao falo ingles", "nao falo bem ingles", "falo portugues",
           "eu falo portugues", "so falo portugues", "nao entendo", "nao entendo ingles"),
    "fr": ("je ne parle pas anglais", "je parle pas anglais", "je ne parle pas bien anglais",
           "je parle francais", "je parle seulement francais", "je ne comprends pas",
           "je comprends pas", "je ne comprends pas l anglais"),
    "it": ("non parlo inglese", "io non parlo inglese", "non parlo bene inglese",
           "parlo italiano", "parlo solo italiano", "non capisco", "non capisco l inglese"),
    OTHER_SCRIPT: tuple(
        f"{opening}{subject} {negation} speak {rest}"
        for opening in ("", "sorry ")
        for subject in ("i", "me")
        for negation in ("dont", "don t", "do not", "no", "not", "cant", "can t", "cannot",
                         "can not")
        for rest in ("english", "english well", "english good", "english very well",
                     "english very good", "good english", "much english", "english much",
                     "english so good", "english so well", "a lot of english")
    ) + tuple(
        f"{opening}{message}"
        for opening in ("", "sorry ", "sorry for ")
        for message in ("my english is bad", "my english is not good",
                        "my english is not very good", "my english is no good",
                        "my english is very bad", "my english bad", "my english not good",
                        "my bad english", "english not good", "no english",
                        "little english", "i speak little english",
                        "i speak a little english", "i only speak a little english",
                        "only little english")
    ) + ("sorry for my english", "sorry about my english")
    # Vietnamese greetings and thanks, whose letters are no Vietnamese's own (session 57:
    # "Xin chào" got "Sorry, I didn't understand that"); as typed, with or without marks.
    + ("xin chao", "chao ban", "cam on", "cam on ban", "xin cam on"),
}
# Each language's whole messages: its thanks and greetings, asking for it, and saying
# one doesn't speak English; for `other`, only the last.
WHOLE_MESSAGES = {
    language: WHOLE_MESSAGES.get(language, set())
    | {form.format(name) for name in LANGUAGE_NAMES.get(language, ())
       for form in ASKING_FOR["en"] + ASKING_FOR.get(language, ())}
    | set(NOT_SPEAKING_ENGLISH[language])
    for language in (*WHOLE_MESSAGES, OTHER_SCRIPT)
}


def _language_listing(text: Text, lists: Dict[Text, Any]) -> Optional[Text]:
    """The language whose list in `lists` holds `text`, as its words read folded, else
    None."""
    joined = " ".join(folded_words(text))
    for language, messages in lists.items():
        if joined in messages:
            return language
    return None


def whole_message_language(text: Text) -> Optional[Text]:
    """The language whose WHOLE_MESSAGES hold `text` (a thanks, a greeting, asking for
    the language, saying one doesn't speak English), else None."""
    return _language_listing(text, WHOLE_MESSAGES)


def thanks_language(text: Text) -> Optional[Text]:
    """The language whose THANKS_MESSAGES hold `text` ("gracias por la ayuda"), else
    None."""
    return _language_listing(text, THANKS_MESSAGES)


def language_of(text: Text) -> Optional[Text]:
    """`es`, `pt`, `fr` or `it` when `text` reads as that language, `other` when it is
    written mostly in another script, else None (see the module's docstring)."""
    return whole_message_language(text) or language_of_words(text)


def language_of_words(text: Text) -> Optional[Text]:
    """The language of `text` as its words show it, when it is none of WHOLE_MESSAGES:
    by its stop words or, failing them, its script, Vietnamese's letters or the stop
    words of another language in the Latin alphabet."""
    return (stop_word_language(text) or other_script(text) or vietnamese(text)
            or other_latin_language(text))


def other_script(text: Text) -> Optional[Text]:
    """`other` when most of the letters of `text` (at least two) are not Latin ones."""
    if text.isascii():  # most messages: no letter outside the basic Latin alphabet
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return None
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return OTHER_SCRIPT if 2 * latin < len(letters) else None


# Letters only Vietnamese writes among the languages in the Latin alphabet: ơ, ư, đ and
# the vowels with two marks or a dot below (Unicode's Latin Extended Additional, U+1EA0
# to U+1EF9). Session 57: "Tôi cần giúp đỡ" ("I need help") and "Xin chào" got "Sorry, I
# didn't understand that" in English, the number last; Vietnamese is written in Latin
# letters, so `other_script` did not see it.
VIETNAMESE_LETTER = re.compile("[\u01a0\u01a1\u01af\u01b0\u0110\u0111\u1ea0-\u1ef9]")


def vietnamese(text: Text) -> Optional[Text]:
    """`other` when `text` reads as Vietnamese: two words or more, a letter of
    VIETNAMESE_LETTER, and words with a letter outside the basic Latin alphabet at least
    half of them; so an English message naming someone ("my friend Nguyễn Thị Hương is
    forced to work") stays English."""
    if text.isascii() or not VIETNAMESE_LETTER.search(text):
        return None
    words = WORD.findall(text)
    accented = sum(1 for w in words if not w.isascii())
    return OTHER_SCRIPT if len(words) >= 2 and 2 * accented >= len(words) else None


def stop_word_language(text: Text) -> Optional[Text]:
    """The language at least two of whose own stop words `text` holds, more than its
    English ones and than any other of the four's, else None."""
    words = folded_words(text)
    english = {w for w in words if w in ENGLISH_STOP_WORDS}
    found = {language: {w for w in words if w in stop_words}
             for language, stop_words in NOT_ENGLISH.items()}
    # max() keeps the first of equals: Spanish on a tie.
    language = max(found, key=lambda name: len(found[name]))
    hits = len(found[language])
    return language if hits >= 2 and hits > len(english) else None


# Other languages in the Latin alphabet, with stop-word lists in spaCy, whose messages are
# marked `other` (session 60: "ik word gedwongen om te werken", "I am forced to work" in
# Dutch, got "My sources don't cover that", and "aku dipaksa bekerja" in Indonesian
# "Sorry, I didn't understand that"; both in English, the number last). Their reply
# leads with the number and says, in English, that the assistant reads only English.
OTHER_LATIN_LANGUAGES = ("de", "nl", "id", "tl", "pl", "tr", "ro", "sv", "da", "nb")


@lru_cache(maxsize=None)
def english_lemma_table() -> tuple:
    """The English lemma table of the assistant's spaCy pipeline (spacy-lookups-data),
    with the set of its lemmas: between them, every English word form it knows."""
    table = shared_pipeline(str(DEFAULT_PATH)).get_pipe("lemmatizer").lookups.get_table(
        "lemma_lookup")
    return table, frozenset(table.values())


def is_english(word: Text) -> bool:
    table, lemmas = english_lemma_table()
    # The table's keys are hashes of the forms; `in` hashes the word.
    return word in ENGLISH_STOP_WORDS or word in lemmas or word in table


@lru_cache(maxsize=None)
def other_latin_stop_words() -> Dict[Text, frozenset]:
    """Each of OTHER_LATIN_LANGUAGES' stop words that no English word is spelt as ("die",
    "man", "care" are English too) and that are longer than a letter."""
    return {language: frozenset(w for w in map(fold, stop_words(language))
                                if len(w) > 1 and not is_english(w))
            for language in OTHER_LATIN_LANGUAGES}


def other_latin_language(text: Text) -> Optional[Text]:
    """`other` when `text` holds at least two of one of OTHER_LATIN_LANGUAGES' stop words
    and most of its words are no English ones ("ik word gedwongen om te werken"), else
    None; so "im a man" (German "im" and "man") and an English message naming people
    ("ben and kim are forced to work") stay English."""
    words = folded_words(text)
    present = set(words)
    # The stop words first: almost every message fails there, before a word is looked up.
    if not any(len(present & stop_words_of_it) >= 2
               for stop_words_of_it in other_latin_stop_words().values()):
        return None
    return OTHER_SCRIPT if 2 * sum(1 for w in words if is_english(w)) < len(words) else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OtherLanguageDetector(GraphComponent):
    """Marks a message in another language with the entity `other_language` (`es`,
    `pt`, `fr`, `it`, or `other` for the rest), and turns it into the fallback intent
    unless the classifier called it urgent (and even then when it is one of
    WHOLE_MESSAGES)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"urgent_intent": "urgent_help"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._urgent_intent = config["urgent_intent"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OtherLanguageDetector:
        other_latin_stop_words()  # read now, at start-up, not on the first message
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            whole = whole_message_language(text)
            language = whole or language_of_words(text)
            if language is None:
                continue
            # A whole message of the list is a thanks, a greeting or asking for the
            # language, never a plea, whatever the classifier made of it ("Portuguese
            # please" had got the urgent reply); the urgent lexicon, which runs later,
            # still decides any message it matches, but for thanks for the help
            # (THANKS: "gracias por la ayuda").
            if whole:
                message.set(WHOLE_MESSAGE, whole, add_to_output=True)
                if thanks_language(text):
                    message.set(THANKS, whole, add_to_output=True)
            if whole or intent.get("name") != self._urgent_intent:
                set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME,
                           intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                drop_entities(message, SUGGESTIONS)
            add_entity(message, OTHER_LANGUAGE_ENTITY, language, type(self).__name__)
        return messages
