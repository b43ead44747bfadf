"""Warm the model up when the server starts, so the first person doesn't wait.

A component's first message pays for lazy set-up; with DIET and ResponseSelector
(TensorFlow) the first message took 294 ms against 36 ms for the next. With the linear
classifier it is about 15 ms against 8, and about 11 ms after this warm-up. It parses a
few made-up messages as soon as the server is up. It isn't a channel anyone talks to:
a channel in credentials.yml is the one place `rasa run` lets a project hook into
the server's start. Parsing touches no conversation, so nothing is stored.

Then it takes the objects loaded so far (Rasa, TensorFlow, the model: about 600,000)
out of the garbage collector's full passes (`gc.freeze()`); they live as long as the
process anyway. Each full pass walked them all and held every conversation up for
about 300 ms; with the sentence encoder's allocations such a pass came every few
hundred messages under load (docs/performance.md).

It also warns when the server was not started by `python -m assistant`, so user text
would not be redacted from its logs (assistant/runtime/log_privacy.py).
"""
import gc
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic

logger = logging.getLogger(__name__)

# One of each kind of message: a question, an urgent one, small talk.
WARM_UP_MESSAGES = ["what is human trafficking?", "help me", "hi"]


async def warm_up(app: Sanic, _: Any = None) -> None:
    from assistant.runtime import log_privacy

    if not log_privacy.installed():
        logger.warning("What people write is NOT redacted from this server's logs: "
                       "start it with `python -m assistant run` (README).")
    agent = getattr(app.ctx, "agent", None)
    if agent is None or not agent.is_ready():
        return
    start = time.perf_counter()
    for text in WARM_UP_MESSAGES:
        await agent.parse_message(text)
    logger.info(f"Warmed the model up in {time.perf_counter() - start:.1f} s.")
    gc.collect()
    gc.freeze()
    logger.info(f"Froze {gc.get_freeze_count()} start-up objects out of the garbage "
                "collector's full passes.")


class WarmUpBlueprint(Blueprint):
    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        app.register_listener(warm_up, "after_server_start")
        super().register(app, options)


class WarmUp(InputChannel):
    """Registered in credentials.yml as `assistant.runtime.warm_up.WarmUp:`; it has no routes."""

    @classmethod
    def name(cls) -> Text:
        return "warm_up"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        return WarmUpBlueprint("warm_up", __name__)
