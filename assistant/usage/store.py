"""The usage report's table, in SQLite (default) or PostgreSQL, through SQLAlchemy.

One row says: in this hour (UTC), on this channel, this many turns had this outcome
(with its detail and, for urgent turns, the layer that caught it). Nothing else: no
text, no sender id, no hash of one, no address, no exact time. Rows are written in
batches (assistant/usage/recorder.py), so several replicas can share one database; the
report adds them up. `delete_older_than` keeps the retention period.
"""
import datetime as dt
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Text, Tuple

from sqlalchemy import (
    Column, DateTime, Index, Integer, MetaData, String, Table, create_engine, delete,
    select,
)
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'build' / 'usage.db'}"
# The channels by the name staff know them; any other input channel counts as "other".
CHANNELS = {"socketio": "web", "twilio": "sms", "rest": "rest"}

Key = Tuple[dt.datetime, Text, Text, Text, Text]  # hour, channel, outcome, detail, layer

metadata = MetaData()
usage = Table(
    "usage_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hour", DateTime, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("outcome", String(40), nullable=False),
    Column("detail", String(120), nullable=False, default=""),
    Column("layer", String(16), nullable=False, default=""),
    Column("turns", Integer, nullable=False),
    Index("usage_counts_hour", "hour"),
)


def hour_of(timestamp: float) -> dt.datetime:
    """The start of the UTC hour a Unix time falls in (naive, UTC)."""
    moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return moment.replace(minute=0, second=0, microsecond=0, tzinfo=None)


def channel_name(input_channel: Optional[Text]) -> Text:
    return CHANNELS.get(input_channel or "", "other")


class UsageStore:
    """The table, created on first use. Nothing connects until then, so a database that
    is down never keeps the assistant from starting (the recorder retries)."""

    def __init__(self, url: Text = DEFAULT_URL) -> None:
        connect_args = {}
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            # Replicas on one machine share the file: wait for each other's writes.
            connect_args = {"timeout": 30}
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True,
                                            connect_args=connect_args)
        self._created = False

    def _ensure_table(self) -> None:
        if not self._created:
            metadata.create_all(self.engine)
            self._created = True

    def add(self, counts: Dict[Key, int]) -> None:
        rows = [dict(hour=h, channel=c, outcome=o, detail=d[:120], layer=l, turns=n)
                for (h, c, o, d, l), n in counts.items() if n]
        if rows:
            self._ensure_table()
            with self.engine.begin() as connection:
                connection.execute(usage.insert(), rows)

    def delete_older_than(self, days: float, now: Optional[dt.datetime] = None) -> int:
        now = now or dt.datetime.utcnow()
        self._ensure_table()
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(usage).where(usage.c.hour < now - dt.timedelta(days=days)))
        return result.rowcount or 0

    def rows(self, since: dt.datetime) -> List[Tuple[dt.datetime, Text, Text, Text, Text, int]]:
        query = select(usage.c.hour, usage.c.channel, usage.c.outcome, usage.c.detail,
                       usage.c.layer, usage.c.turns).where(usage.c.hour >= since)
        self._ensure_table()
        with self.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(query)]

    def close(self) -> None:
        self.engine.dispose()


def totals(rows: Iterable[Tuple]) -> Dict[Key, int]:
    summed: Dict[Key, int] = {}
    for hour, channel, outcome, detail, layer, turns in rows:
        key = (hour, channel, outcome, detail, layer)
        summed[key] = summed.get(key, 0) + turns
    return summed
