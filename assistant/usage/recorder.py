"""Counts what happened in each turn, never what was written: Rasa's event-broker hook.

Named in endpoints.yml as the `event_broker`; Rasa's conversation store hands it every
new event. For each user message it keeps only:

- the hour (UTC) it arrived in;
- the channel (web, sms, rest, other);
- the outcome: a topic answered, out of scope (and the nearest topic, if any), not
  understood, "did you mean" offered (and which two topics) or a choice taken, too
  long, urgent (and which layer caught it), asked for a person, asked what to do,
  small talk
  (assistant/usage/outcome.py).

It never stores or logs the text, the sender id, a hash of it, an address or the exact
time. It needs to know, for a moment, whether a conversation's previous turn offered
"did you mean", so it keeps the ids of conversations whose last turn did, in memory,
at most `MAX_OFFERS_REMEMBERED`, and never writes them.

Counts are added up in memory and written every `flush_seconds` (default 10) by a
background thread, as rows of (hour, channel, outcome, detail, layer, turns), and once
more when the server stops: a message costs a few dictionary operations, not a
database write. Rows older than `retention_days` (default 90) are deleted at start
and every hour. If the database is down, the counts wait in memory and the next
write retries; the assistant starts and answers regardless. Small counts: see
docs/usage-report.md.

endpoints.yml:

    event_broker:
      type: assistant.usage.recorder.UsageRecorder
      url: sqlite:///build/usage.db     # or postgresql://user@host/db
      retention_days: 90

The environment variable USAGE_DB_URL, when set, overrides `url` (for a password).
"""
import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any, Dict, Text

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from assistant.usage.outcome import DID_YOU_MEAN, classify
from assistant.usage.store import DEFAULT_URL, Key, UsageStore, channel_name, hour_of

logger = logging.getLogger(__name__)

URL_ENV = "USAGE_DB_URL"
MAX_OFFERS_REMEMBERED = 10_000
RETENTION_EVERY_S = 3600


class UsageRecorder(EventBroker):
    # The only events it reads; our conversation stores hand it no others.
    event_types = frozenset({"user"})

    def __init__(self, url: Text = DEFAULT_URL, retention_days: float = 90,
                 flush_seconds: float = 10) -> None:
        self.store = UsageStore(url)
        self.retention_days = float(retention_days)
        self.flush_seconds = float(flush_seconds)
        self._counts: Dict[Key, int] = {}
        self._offered: "OrderedDict[Text, None]" = OrderedDict()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last_retention = -RETENTION_EVERY_S  # the thread deletes old rows first
        self._thread = threading.Thread(target=self._run, name="usage-recorder", daemon=True)
        self._thread.start()

    @classmethod
    async def from_endpoint_config(cls, broker_config: EndpointConfig,
                                   event_loop: Any = None) -> "UsageRecorder":
        kwargs = dict(broker_config.kwargs or {})
        url = os.environ.get(URL_ENV) or broker_config.url or DEFAULT_URL
        return cls(url=url, retention_days=kwargs.get("retention_days", 90),
                   flush_seconds=kwargs.get("flush_seconds", 10))

    # --- Rasa's side: called for every new event, in the server's event loop -----------

    def publish(self, event: Dict[Text, Any]) -> None:
        if event.get("event") != "user":
            return
        sender = event.get("sender_id") or ""
        after_offer = sender in self._offered
        outcome = classify(event.get("parse_data") or {}, after_offer)
        if outcome.outcome == DID_YOU_MEAN:
            self._offered[sender] = None
            self._offered.move_to_end(sender)
            while len(self._offered) > MAX_OFFERS_REMEMBERED:
                self._offered.popitem(last=False)
        elif after_offer:
            del self._offered[sender]
        key = (hour_of(event.get("timestamp") or time.time()),
               channel_name(event.get("input_channel")),
               outcome.outcome, outcome.detail, outcome.layer)
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1

    def is_ready(self) -> bool:
        return self._thread.is_alive()

    async def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.flush()
        self.store.close()

    # --- The background thread ------------------------------------------------------------

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, {}
        if not counts:
            return
        try:
            self.store.add(counts)
        except Exception:
            # Kept for the next try; the count only, not what it counts.
            logger.exception("Could not write %d usage rows; will retry.", len(counts))
            with self._lock:
                for key, turns in counts.items():
                    self._counts[key] = self._counts.get(key, 0) + turns

    def _retain(self) -> None:
        try:
            deleted = self.store.delete_older_than(self.retention_days)
            if deleted:
                logger.info("Deleted %d usage rows older than %g days.", deleted,
                            self.retention_days)
        except Exception:
            logger.exception("Could not delete old usage rows.")
        self._last_retention = time.monotonic()

    def _run(self) -> None:
        # Deleting old rows at start happens here, not in the constructor: a database
        # that is slow or down must never keep the assistant from starting.
        while True:
            if time.monotonic() - self._last_retention > RETENTION_EVERY_S:
                self._retain()
            if self._stop.wait(self.flush_seconds):
                return
            self.flush()
