"""One batch of input records, from bytes to committed decisions: the step the Kafka
handler runs for every batch, as a function of its collaborators so it can be tested alone.

Records of partitions this instance no longer owns, or below a partition's stable floor
(decided by the previous owner), are dropped; every other record is judged (a decision or
a dead letter, never an exception), the batch is written per partition with its next
offset, and partitions whose write failed are rewound to their first record for a retry.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from aiokafka import ConsumerRecord, TopicPartition

from services.common.consuming import raw_record
from services.common.logging import get_logger
from services.common.metrics import ServiceMetrics
from services.common.pipeline import Emission, Judge
from services.common.writer import BatchWriter, PartialWriteError

log = get_logger("clearway.runtime")
Record: TypeAlias = ConsumerRecord[Any, Any]


@dataclass
class BatchProcessor:
    judge: Judge[Any]
    writer: BatchWriter
    metrics: ServiceMetrics
    #: per partition, the first offset this instance may decide (see ``Rebalance.floor``)
    floor: Mapping[TopicPartition, int] = field(default_factory=dict)
    retry_backoff_seconds: float = 1.0

    async def process(self, records: Sequence[Record], consumer: Any) -> bool:
        """Judge and write one batch; True when partitions were rewound for a retry."""
        owned = _owned(consumer)
        if owned is not None:  # a batch fetched before a rebalance: its new owner redoes the rest
            records = [r for r in records if TopicPartition(r.topic, r.partition) in owned]
        records = [
            r
            for r in records
            if r.offset >= self.floor.get(TopicPartition(r.topic, r.partition), 0)
        ]
        if not records:
            return False
        started = time.perf_counter()
        batch = self._judge(records)
        offsets = {tp: pairs[-1][0].offset + 1 for tp, pairs in batch.items()}
        failed: set[TopicPartition] = set()
        try:
            await self.writer.write(
                {tp: [e for _, e in pairs] for tp, pairs in batch.items()}, offsets, consumer
            )
        except PartialWriteError as exc:
            failed, cause = exc.failed, exc.causes[0] if exc.causes else exc
        except Exception as exc:  # anything else: nothing of the batch is known to be committed
            failed, cause = set(offsets), exc
        if failed:
            _rewind(consumer, {tp: batch[tp][0][0].offset for tp in failed})
            self.metrics.batch_retries.inc()
            log.warning(
                "batch_retry",
                partitions=len(failed),
                records=sum(len(batch[tp]) for tp in failed),
                error=type(cause).__name__,
                detail=str(cause)[:300],
                backoff_s=self.retry_backoff_seconds,
            )
        committed = [pair for tp, pairs in batch.items() if tp not in failed for pair in pairs]
        if committed:
            self.metrics.batch_seconds.observe(time.perf_counter() - started)
            self.metrics.events_in.inc(len(committed))
        for record, emission in committed:
            _account(emission, record, self.metrics)
        return bool(failed)

    def _judge(
        self, records: Sequence[Record]
    ) -> dict[TopicPartition, list[tuple[Record, Emission]]]:
        batch: dict[TopicPartition, list[tuple[Record, Emission]]] = {}
        for record in records:
            t0 = time.perf_counter()
            emission = self.judge.judge(raw_record(record))
            self.metrics.decision_seconds.observe(time.perf_counter() - t0)
            batch.setdefault(TopicPartition(record.topic, record.partition), []).append(
                (record, emission)
            )
        return batch


def _owned(consumer: Any) -> set[TopicPartition] | None:
    assignment = getattr(consumer, "assignment", None)
    return set(assignment()) if assignment is not None else None


def _rewind(consumer: Any, first_offsets: dict[TopicPartition, int]) -> None:
    """Seek each failed partition back to the batch's first record, if this instance still
    owns it (a partition revoked meanwhile is redone by its new owner from the committed
    offset)."""
    assignment = getattr(consumer, "assignment", None)
    assigned = assignment() if assignment is not None else set(first_offsets)
    for tp, offset in first_offsets.items():
        if tp in assigned:
            consumer.seek(tp, offset)
        else:
            log.info("rewind_skipped_revoked", topic=tp.topic, partition=tp.partition)


def _account(emission: Emission, record: Record, metrics: ServiceMetrics) -> None:
    if emission.kind == "decision":
        assert emission.outcome is not None
        metrics.decision(emission.outcome.value)
        log.info(
            "decision",
            event_id=emission.event_id,
            event_type=emission.event_type,
            subject_id=emission.subject_id,
            outcome=emission.outcome.value,
            reasons=list(emission.reason_codes),
            partition=record.partition,
            offset=record.offset,
        )
    else:
        assert emission.error_kind is not None
        metrics.deadletter(emission.error_kind.value)
        log.warning(
            "deadletter",
            event_id=emission.event_id,
            error_kind=emission.error_kind.value,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )
