"""The Kafka side of the audit page: the only module here that talks to the broker.

- :class:`AuditReader` reads the audit topic with ``read_committed`` (a decision of an
  aborted transaction is never shown) without a consumer group, so the page never moves
  anyone's offsets, and adds every record to the store.
- :class:`JudgedReader` indexes the input topics by event id and fetches one judged
  event on demand for the detail view.

A topic that does not exist yet is waited for; a broker that goes away is retried by
aiokafka; neither stops the page, whose status line says what it is waiting for.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiokafka import TopicPartition

from services.auditweb.judged import JudgedIndex, event_id_of
from services.auditweb.store import DecisionStore, Position
from services.common.audit_check import TrailCheck
from services.common.cloudevents import readable
from services.common.integrity import Verifier
from services.common.kafka import committed_batches, committed_reader, wait_for_partitions
from services.common.logging import get_logger

log = get_logger(__name__)
TOPIC_RETRY_SECONDS = 2.0


class Notifier:
    """Wakes every live stream when new decisions were added.

    One event per change, replaced after it fires, rather than an ``asyncio.Condition``:
    a stream cancelled while it waits on a condition with a timeout (the browser went
    away) can fail to re-acquire the lock on Python 3.11."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.version = 0

    def changed(self) -> None:
        self.version += 1
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, seen: int, seconds: float) -> int:
        """Wait until ``version`` moves past ``seen`` (at most ``seconds``); returns it."""
        if self.version == seen:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), seconds)
        return self.version


def _recorded_at(timestamp_ms: int) -> datetime:
    return datetime.fromtimestamp(timestamp_ms / 1000, UTC)


class AuditReader:
    """Feeds the store from the audit topic, from its beginning or from now."""

    def __init__(
        self,
        options: Mapping[str, Any],
        topic: str,
        store: DecisionStore,
        notifier: Notifier,
        *,
        from_beginning: bool = True,
        verifier: Verifier | None = None,
    ) -> None:
        self.options = options
        self.topic = topic
        self.store = store
        self.notifier = notifier
        self.from_beginning = from_beginning
        #: signatures and chains checked as records arrive (None: no public keys configured)
        self.trail = TrailCheck(verifier) if verifier is not None and verifier.keys else None
        self.state = "starting"
        self.partitions = 0
        self.caught_up = asyncio.Event()

    def status(self) -> dict[str, Any]:
        integrity: dict[str, Any] = {"checked": self.trail is not None}
        if self.trail is not None:
            totals: dict[str, int] = {}
            for check in self.trail.partitions.values():
                for key, n in check.counts.items():
                    totals[key] = totals.get(key, 0) + n
            integrity["findings"] = totals
            integrity["restarts"] = sum(c.restarts for c in self.trail.partitions.values())
        return {
            "topic": self.topic,
            "state": self.state,
            "partitions": self.partitions,
            "start": "beginning" if self.from_beginning else "now",
            "caught_up": self.caught_up.is_set(),
            "integrity": integrity,
        }

    async def run(self) -> None:
        self.state = "waiting for topic"
        tps = await wait_for_partitions(
            self.options,
            self.topic,
            retry_seconds=TOPIC_RETRY_SECONDS,
            on_missing=lambda: log.warning("audit_page_waiting_for_topic", topic=self.topic),
        )
        self.partitions = len(tps)
        self.state = "reading"
        log.info("audit_page_reading", topic=self.topic, partitions=len(tps))

        def caught_up() -> None:
            self.caught_up.set()
            self.state = "live"
            log.info("audit_page_caught_up", decisions=len(self.store))

        batches = committed_batches(
            self.options, tps, from_beginning=self.from_beginning, on_caught_up=caught_up
        )
        async with contextlib.aclosing(batches):
            async for batch in batches:
                added = 0
                for tp, records in batch.items():
                    for record in records:
                        position = Position(tp.topic, tp.partition, record.offset)
                        integrity = "not_checked"
                        value = readable(record.value, list(record.headers or ())) or b""
                        if self.trail is not None:
                            if tp.partition not in self.trail.partitions:
                                self.trail.start(tp.partition, anchored=self.from_beginning)
                            integrity = self.trail.add(tp.partition, record.offset, value)
                        if self.store.add(
                            value, _recorded_at(record.timestamp), position, integrity
                        ):
                            added += 1
                if added:
                    self.notifier.changed()


class JudgedReader:
    """Indexes the input topics by event id; fetches one judged event on demand."""

    def __init__(self, options: Mapping[str, Any], topics: list[str], index: JudgedIndex) -> None:
        self.options = options
        self.topics = topics
        self.index = index
        self.reading: set[str] = set()
        self._fetcher: Any = None
        self._fetch_lock = asyncio.Lock()

    def status(self) -> dict[str, Any]:
        return {
            "topics": self.topics,
            "reading": sorted(self.reading),
            "events_indexed": len(self.index),
        }

    async def run(self) -> None:
        if self.topics:
            await asyncio.gather(*(self._index(topic) for topic in self.topics))

    async def _index(self, topic: str) -> None:
        tps = await wait_for_partitions(self.options, topic, retry_seconds=TOPIC_RETRY_SECONDS)
        self.reading.add(topic)
        batches = committed_batches(self.options, tps)
        async with contextlib.aclosing(batches):
            async for batch in batches:
                for tp, records in batch.items():
                    for record in records:
                        if ident := event_id_of(record.value):
                            self.index.add(ident, Position(tp.topic, tp.partition, record.offset))

    async def fetch(self, position: Position, seconds: float = 5.0) -> bytes | None:
        """The record at ``position``, or ``None`` when it is gone (compaction, retention)."""
        async with self._fetch_lock:
            if self._fetcher is None:
                self._fetcher = committed_reader(self.options)
                await self._fetcher.start()
            tp = TopicPartition(position.topic, position.partition)
            self._fetcher.assign([tp])
            self._fetcher.seek(tp, position.offset)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds
            while loop.time() < deadline:
                batch = await self._fetcher.getmany(tp, timeout_ms=500, max_records=1)
                for record in batch.get(tp, []):
                    return record.value if record.offset == position.offset else None
            return None

    async def close(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.stop()
            self._fetcher = None
