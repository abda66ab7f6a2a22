"""The Kafka side of the decision store: reads the audit topic and the input topics
(read_committed) and hands each batch to the projector, resuming on every partition from
the offset stored with the rows (so a restart neither skips nor, in effect, repeats).

The projector is synchronous (SQLAlchemy); it runs in a worker thread so the page keeps
answering while a batch is written.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiokafka import TopicPartition
from sqlalchemy import Engine

from services.auditweb.db.projector import OnStored, Record, project, resume_offsets
from services.common.cloudevents import readable
from services.common.kafka import committed_batches, wait_for_partitions
from services.common.logging import get_logger

log = get_logger(__name__)


class StoreFeeder:
    """Feeds the store from the audit topic and the input topics."""

    def __init__(
        self,
        options: Mapping[str, Any],
        topics: Sequence[str],
        engine: Engine,
        *,
        retry_seconds: float = 2.0,
        verify: Callable[[bytes], bool] | None = None,
        notify: OnStored | None = None,
    ) -> None:
        self.options = options
        self.topics = list(dict.fromkeys(topics))
        self.engine = engine
        self.retry_seconds = retry_seconds
        self.verify = verify
        self.notify = notify
        self.state = "starting"
        self.stored = self.duplicates = self.skipped = self.unverified = 0
        self.caught_up = asyncio.Event()

    def status(self) -> dict[str, Any]:
        return {
            "topics": self.topics,
            "state": self.state,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "unverified": self.unverified,
            "caught_up": self.caught_up.is_set(),
        }

    async def run(self) -> None:
        self.state = "waiting for topics"
        partitions: list[TopicPartition] = []
        for topic in self.topics:
            partitions += await wait_for_partitions(
                self.options, topic, retry_seconds=self.retry_seconds
            )
        kept = await asyncio.to_thread(resume_offsets, self.engine)
        start = {
            tp: kept[(tp.topic, tp.partition)]
            for tp in partitions
            if (tp.topic, tp.partition) in kept
        }
        self.state = "reading"
        log.info("store_feeder_reading", topics=self.topics, resumed=len(start))

        def caught_up() -> None:
            self.caught_up.set()
            self.state = "live"

        batches = committed_batches(self.options, partitions, start=start, on_caught_up=caught_up)
        async with contextlib.aclosing(batches):
            async for batch in batches:
                records = [
                    Record(
                        tp.topic,
                        tp.partition,
                        r.offset,
                        readable(r.value, list(r.headers or ())) or b"",
                        r.timestamp,
                    )
                    for tp, rs in batch.items()
                    for r in rs
                ]
                if not records:
                    continue
                done = await asyncio.to_thread(
                    project, self.engine, records, self.verify, self.notify
                )
                self.stored += done.stored
                self.duplicates += done.duplicates
                self.skipped += done.skipped
                self.unverified += done.unverified
