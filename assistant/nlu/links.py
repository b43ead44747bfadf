"""A message that is a link, or a link with a few words ("is this legit?
https://..."), recognised by its shape: a Rasa NLU component.

Why (session 47): the assistant cannot open a link, but "http://example.com/job-offer"
got "Please call it now" (the classifier leaned urgent on a word it had never seen),
"https://www.facebook.com/jobs/12345" "my sources don't cover that", and "bit.ly/3xYz"
"Sorry, I didn't understand that". Someone who pastes a job advert or a profile
wants to know what to make of it; the reply (`utter_link`) says the assistant can't
open links nor judge a particular offer, what the sources say of deception and of
trafficking, and gives the hotline.

A message matches when it holds at least one web address (`http://...`, `www....`, or
a name under a common top-level domain followed by a path, such as `bit.ly/3xYz`) and,
without its addresses, at most `max_words` words. A bare name is no address: "Do you
agree with Backpage.com's allegations?", a real question of tests/real_world_dev.yml,
names a company (found when the shape was checked against the real sets). Such a
message gets `intent` with certainty (a lookup intent: the classifier never learns its
examples, config.yml's `lookup_intents`). Longer messages tell more, for the
classifier. It runs before the urgent safety net, which still makes urgent any message
its lexicon matches ("help me https://..."). This component keeps and logs nothing of
the address.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.parse_data import set_only_intent

# The top-level domains an address without "http" or "www" ("bit.ly/3xYz") may end in:
# the common ones only, so that "ok.thanks/..." is no address.
TOP_LEVEL_DOMAINS = ("com", "org", "net", "info", "biz", "io", "co", "ly", "me", "us",
                     "uk", "ca", "au", "in", "ph", "mx", "gov", "edu", "app", "site",
                     "online", "xyz", "link", "page", "gl")
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:" + "|".join(TOP_LEVEL_DOMAINS) + r")/\S*",
    re.IGNORECASE,
)
WORD = re.compile(r"\w+")


def without_addresses(text: Text) -> Text:
    return ADDRESS.sub(" ", text)


def is_link_message(text: Text, max_words: int) -> bool:
    """Whether `text` holds a web address and at most `max_words` other words."""
    if not ADDRESS.search(text):
        return False
    return len(WORD.findall(without_addresses(text))) <= max_words


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class LinkMatcher(GraphComponent):
    """Gives `intent` to a message that is a link, or a link with a few words."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # "is this job offer legit?" and the like: a few words around the link.
        return {"intent": "share_link", "max_words": 8}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> LinkMatcher:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if is_link_message(message.get(TEXT) or "", self._config["max_words"]):
                set_only_intent(message, self._config["intent"])
        return messages
