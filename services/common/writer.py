"""Writing a batch's emissions and committing its offsets, in that order.

The at-least-once contract of the foundation: every decision and dead letter of a
batch is acknowledged by the broker (acks=all, idempotent producer) before the
batch's offsets are committed. If anything fails, nothing is committed and the
batch is consumed again; the decisions written the second time have the same
decision ids and contents, because decisions are deterministic.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.common.pipeline import Emission


class BatchWriter(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def write(
        self,
        emissions: Sequence[Emission],
        offsets: Mapping[TopicPartition, int],
        consumer: AIOKafkaConsumer,
    ) -> None:
        """Write the emissions, then commit ``offsets`` (next offset to read per partition)."""


class AckThenCommitWriter:
    """Publishes a batch without awaiting each send, awaits all acknowledgements, then commits."""

    def __init__(
        self,
        client_options: Mapping[str, Any],
        *,
        audit_topic: str,
        deadletter_topic: str,
        max_request_size: int,
    ) -> None:
        self._options = dict(client_options)
        self.audit_topic = audit_topic
        self.deadletter_topic = deadletter_topic
        self._max_request_size = max_request_size
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            **self._options,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_batch_size=256 * 1024,
            max_request_size=self._max_request_size,
            compression_type=None,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()  # flushes what is pending
            self._producer = None

    async def write(
        self,
        emissions: Sequence[Emission],
        offsets: Mapping[TopicPartition, int],
        consumer: AIOKafkaConsumer,
    ) -> None:
        producer = self._producer
        if producer is None:
            msg = "writer is not started"
            raise RuntimeError(msg)
        pending = [
            await producer.send(
                self.audit_topic if e.kind == "decision" else self.deadletter_topic,
                value=e.value,
                key=e.key,
                headers=list(e.headers),
            )
            for e in emissions
        ]
        await asyncio.gather(*pending)
        if offsets:
            await consumer.commit(dict(offsets))
