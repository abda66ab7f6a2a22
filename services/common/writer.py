"""Writing a batch's decisions and committing its offsets.

Two guarantees, chosen by ``CLEARWAY_PROCESSING_GUARANTEE``:

``exactly_once`` (default), :class:`TransactionalWriter`
    One transactional producer per input partition, ``transactional.id =
    <prefix>-<topic>-<partition>``. A batch's decisions and dead letters for a partition
    and that partition's next offset are committed in one Kafka transaction, so a
    ``read_committed`` reader sees every input event decided exactly once, whatever
    fails. When a partition moves to another instance, the new owner's producer
    initialises the same transactional id, which fences the old owner's producer
    (its commit fails with ``ProducerFenced``) and aborts its open transaction.

``at_least_once``, :class:`AckThenCommitWriter`
    Every emission of the batch is acknowledged (idempotent producer, ``acks=all``)
    before the batch's offsets are committed. A crash in between redelivers the batch;
    the copies written again are identical (same decision ids and contents).

A failed write raises :class:`PartialWriteError` naming the partitions whose records must
be consumed again; the others are committed and must not be rewound.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.common.chains import Chains, Heads
from services.common.cloudevents import to_binary
from services.common.pipeline import Emission

Batch = Mapping[TopicPartition, Sequence[Emission]]


class PartialWriteError(RuntimeError):
    """Some partitions of a batch were not written and committed; consume them again."""

    def __init__(self, failed: set[TopicPartition], causes: Sequence[BaseException]) -> None:
        self.failed = failed
        self.causes = tuple(causes)
        kinds = ", ".join(sorted({type(c).__name__ for c in causes}))
        super().__init__(f"{len(failed)} partition(s) not committed: {kinds}")


class BatchWriter(Protocol):
    on_commit: Callable[[Sequence[Emission]], None] | None

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def write(
        self, batch: Batch, offsets: Mapping[TopicPartition, int], consumer: AIOKafkaConsumer
    ) -> None:
        """Write each partition's emissions and commit its offset (next offset to read)."""

    async def publish(self, tp: TopicPartition, emissions: Sequence[Emission]) -> None:
        """Write decisions made outside the input stream for partition ``tp`` (all or none)."""

    async def assigned(self, tps: Sequence[TopicPartition]) -> bool:
        """Partitions this instance now owns; True if their committed offsets must be read
        again afterwards (a transactional writer has just settled the old owner's work)."""

    async def revoked(self, tps: Sequence[TopicPartition]) -> None:
        """Partitions this instance no longer owns."""


class _Topics:
    def __init__(self, audit_topic: str, deadletter_topic: str) -> None:
        self.audit_topic, self.deadletter_topic = audit_topic, deadletter_topic
        #: signs and chains decisions, where a signing key is configured
        self.chains: Chains | None = None
        #: told of what was written once it is committed (the calendar's pending dates)
        self.on_commit: Callable[[Sequence[Emission]], None] | None = None
        #: write decisions and dead letters in CloudEvents binary mode (sealed first)
        self.binary_mode = False
        self._audit_partitions: list[int] = []

    async def audit_partitions(self, producer: AIOKafkaProducer) -> list[int]:
        if not self._audit_partitions:
            self._audit_partitions = sorted(await producer.partitions_for(self.audit_topic))
        return self._audit_partitions

    async def sealed(
        self, producer: AIOKafkaProducer, writer: str, emissions: Sequence[Emission]
    ) -> tuple[Sequence[Emission], Heads]:
        """The emissions with their decisions signed and chained (unchanged without a key)."""
        if self.chains is None:
            return emissions, {}
        return self.chains.seal(writer, emissions, await self.audit_partitions(producer))

    def topic(self, emission: Emission) -> str:
        if emission.topic is not None:
            return emission.topic
        return self.audit_topic if emission.kind == "decision" else self.deadletter_topic

    async def send_all(self, producer: AIOKafkaProducer, emissions: Sequence[Emission]) -> None:
        """Send without awaiting each record, then await every acknowledgement."""
        pending = []
        for e in emissions:
            value, headers = e.value, tuple(e.headers)
            if self.binary_mode and e.kind in ("decision", "deadletter"):
                value, attributes = to_binary(e.value)
                kept = tuple(h for h in headers if h[0].lower() != "content-type")
                headers = (*kept, *attributes)
            pending.append(
                await producer.send(
                    self.topic(e),
                    value=value,
                    key=e.key,
                    headers=list(headers),
                    partition=e.partition,
                )
            )
        await asyncio.gather(*pending)


class _NoRebalanceWork:
    async def assigned(self, tps: Sequence[TopicPartition]) -> bool:
        return False

    async def revoked(self, tps: Sequence[TopicPartition]) -> None:
        return None


class AckThenCommitWriter(_NoRebalanceWork, _Topics):
    """At least once: publish without awaiting each send, await all acks, then commit."""

    def __init__(
        self,
        client_options: Mapping[str, Any],
        *,
        audit_topic: str,
        deadletter_topic: str,
        max_request_size: int,
        writer_id: str = "clearway-at-least-once",
    ) -> None:
        super().__init__(audit_topic, deadletter_topic)
        self._options = dict(client_options)
        self._max_request_size = max_request_size
        self._producer: AIOKafkaProducer | None = None
        #: one chain per instance: at-least-once has no transactional id to fence with
        self.writer_id = writer_id

    async def start(self) -> None:
        if self.chains is not None:
            await self.chains.recover([self.writer_id])
        self._producer = AIOKafkaProducer(
            **self._options,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_batch_size=256 * 1024,
            max_request_size=self._max_request_size,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()  # flushes what is pending
            self._producer = None

    async def write(
        self, batch: Batch, offsets: Mapping[TopicPartition, int], consumer: AIOKafkaConsumer
    ) -> None:
        producer = self._producer
        if producer is None:
            msg = "writer is not started"
            raise RuntimeError(msg)
        try:
            all_emissions = [e for emissions in batch.values() for e in emissions]
            sealed, moved = await self.sealed(producer, self.writer_id, all_emissions)
            await self.send_all(producer, sealed)
            if self.chains is not None:
                self.chains.commit(moved)
            if offsets:
                await consumer.commit(dict(offsets))
            if self.on_commit is not None:
                self.on_commit(all_emissions)
        except Exception as exc:
            raise PartialWriteError(set(offsets), [exc]) from exc

    async def publish(self, tp: TopicPartition, emissions: Sequence[Emission]) -> None:
        if self._producer is None:
            msg = "writer is not started"
            raise RuntimeError(msg)
        sealed, moved = await self.sealed(self._producer, self.writer_id, emissions)
        await self.send_all(self._producer, sealed)
        if self.chains is not None:
            self.chains.commit(moved)
        if self.on_commit is not None:
            self.on_commit(emissions)


class TransactionalWriter(_Topics):
    """Exactly once: per input partition, decisions and offset in one transaction."""

    def __init__(
        self,
        client_options: Mapping[str, Any],
        *,
        audit_topic: str,
        deadletter_topic: str,
        group_id: str,
        transactional_id_prefix: str,
        max_request_size: int,
        transaction_timeout_ms: int = 60_000,
    ) -> None:
        super().__init__(audit_topic, deadletter_topic)
        self._options = dict(client_options)
        self._group_id = group_id
        self._prefix = transactional_id_prefix
        self._max_request_size = max_request_size
        self._timeout_ms = transaction_timeout_ms
        self._producers: dict[TopicPartition, AIOKafkaProducer] = {}
        self._side: dict[TopicPartition, AIOKafkaProducer] = {}

    def transactional_id(self, tp: TopicPartition, side: bool = False) -> str:
        return f"{self._prefix}-{'side-' if side else ''}{tp.topic}-{tp.partition}"

    async def start(self) -> None:
        """Producers are created per partition on first use (and fence older owners then)."""

    async def stop(self) -> None:
        producers = [*self._producers.values(), *self._side.values()]
        self._producers, self._side = {}, {}
        await asyncio.gather(*(p.stop() for p in producers), return_exceptions=True)

    async def _producer(self, tp: TopicPartition, side: bool = False) -> AIOKafkaProducer:
        pool = self._side if side else self._producers
        producer = pool.get(tp)
        if producer is None:
            producer = AIOKafkaProducer(
                **self._options,
                transactional_id=self.transactional_id(tp, side),
                transaction_timeout_ms=self._timeout_ms,
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                max_batch_size=256 * 1024,
                max_request_size=self._max_request_size,
            )
            await producer.start()  # init_transactions: fences and aborts the previous owner's
            pool[tp] = producer
        return producer

    async def _drop(self, tp: TopicPartition, side: bool = False) -> None:
        producer = (self._side if side else self._producers).pop(tp, None)
        if producer is not None:
            # a fenced producer may fail to stop cleanly; it is gone either way
            with contextlib.suppress(Exception):
                await producer.stop()

    async def _in_transaction(
        self,
        tp: TopicPartition,
        emissions: Sequence[Emission],
        offset: int | None,
        side: bool = False,
    ) -> None:
        """Send the emissions (and the partition's next offset) in one transaction. On any
        failure the transaction is aborted and the producer dropped: if it was fenced,
        another instance owns the partition now; otherwise the next try starts afresh."""
        producer = await self._producer(tp, side)
        try:
            sealed, moved = await self.sealed(producer, self.transactional_id(tp, side), emissions)
            async with producer.transaction():
                await self.send_all(producer, sealed)
                if offset is not None:
                    await producer.send_offsets_to_transaction({tp: offset}, self._group_id)
        except Exception:
            await self._drop(tp, side)
            raise
        if self.chains is not None:  # the transaction committed: the chain moves on
            self.chains.commit(moved)
        if self.on_commit is not None:
            self.on_commit(emissions)

    async def write(
        self, batch: Batch, offsets: Mapping[TopicPartition, int], consumer: AIOKafkaConsumer
    ) -> None:
        tps = list(offsets)
        results = await asyncio.gather(
            *(self._in_transaction(tp, batch.get(tp, ()), offsets[tp]) for tp in tps),
            return_exceptions=True,
        )
        failed = {tp for tp, r in zip(tps, results, strict=True) if isinstance(r, BaseException)}
        if failed:
            raise PartialWriteError(failed, [r for r in results if isinstance(r, BaseException)])

    async def publish(self, tp: TopicPartition, emissions: Sequence[Emission]) -> None:
        await self._in_transaction(tp, emissions, None, side=True)

    async def assigned(self, tps: Sequence[TopicPartition]) -> bool:
        """Initialise a producer per newly owned partition *before* its offset is read: the
        same transactional id fences the previous owner and completes or aborts its open
        transaction, so the committed offset read afterwards is stable."""
        await asyncio.gather(*(self._producer(tp) for tp in tps))
        await asyncio.gather(*(self._producer(tp, side=True) for tp in tps))
        if self.chains is not None:  # fenced first: the old owner can no longer extend them
            await self.chains.recover(
                [self.transactional_id(tp, side) for tp in tps for side in (False, True)]
            )
        return True

    async def revoked(self, tps: Sequence[TopicPartition]) -> None:
        """Close the producers of partitions this instance no longer owns."""
        for tp in tps:
            await self._drop(tp)
            await self._drop(tp, side=True)
        if self.chains is not None:
            self.chains.forget(
                self.transactional_id(tp, side) for tp in tps for side in (False, True)
            )
