"""Keeping the writer's per-partition state in step with the consumer's assignment.

For exactly-once, a newly assigned partition's transactional producer is initialised first
(settling the previous owner's transaction), then its committed offset is read again:
aiokafka may have read it before the previous owner's last transaction completed, so
records below the stable offset are skipped rather than decided twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiokafka import TopicPartition
from aiokafka.abc import ConsumerRebalanceListener

from services.common.logging import get_logger
from services.common.writer import BatchWriter

log = get_logger("clearway.runtime")


class Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """The rebalance callbacks, and the lock the batch handler shares with them."""

    def __init__(self, writer: BatchWriter) -> None:
        self.writer = writer
        self.subscriber: Any = None
        #: held by the batch handler while it writes, and by the callbacks: aiokafka runs them
        #: from its coordinator task, concurrently with the handler
        self.lock = asyncio.Lock()
        #: per partition, the stable committed offset read after the producer fenced the
        #: previous owner: records below it were decided by that owner and are skipped
        self.floor: dict[TopicPartition, int] = {}
        #: told of revoked partitions, under the lock (the calendar forgets their dates)
        self.revoked_hooks: list[Callable[[list[TopicPartition]], None]] = []

    async def on_partitions_revoked(self, revoked: Any) -> None:
        async with self.lock:  # let the batch in hand finish first
            for tp in revoked:
                self.floor.pop(tp, None)
            await self.writer.revoked(list(revoked))
            for hook in self.revoked_hooks:
                hook(list(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        async with self.lock:
            await self._assigned(list(assigned))

    async def _assigned(self, tps: list[TopicPartition]) -> None:
        log.info("partitions_assigned", partitions=[tp.partition for tp in tps])
        if not await self.writer.assigned(tps):
            return
        log.info("partition_producers_ready", partitions=[tp.partition for tp in tps])
        consumer = getattr(self.subscriber, "consumer", None)
        if consumer is None:
            return
        for tp in tps:
            committed = await consumer.committed(tp)
            if committed is not None:
                self.floor[tp] = committed  # no seek: a seek would refetch a batch already in hand
        log.info("committed_offsets_reread", partitions=[tp.partition for tp in tps])
