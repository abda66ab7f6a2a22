"""One batch of input records, from bytes to committed decisions: the step the Kafka
handler runs for every batch, as a function of its collaborators so it can be tested alone.

Records of partitions this instance no longer owns, or below a partition's stable floor
(decided by the previous owner), are dropped; every other record is judged (a decision or
a dead letter, never an exception), the batch is written per partition with its next
offset, and partitions whose write failed are rewound to their first record for a retry.
Anything else that goes wrong rewinds the whole batch: nothing is committed past a record
that was not written.

Judging runs in worker threads, off the event loop, so heartbeats, the broker connection
and the probes stay alive while a large record is judged; a record that takes longer than
the deadline is not waited for: it is dead-lettered with an amber decision for its
subject, and judging goes on with the next record in a fresh thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias

from aiokafka import ConsumerRecord, TopicPartition
from opentelemetry import trace

from schemas.deadletter import ErrorKind
from services.common.consuming import raw_record
from services.common.logging import get_logger
from services.common.metrics import ServiceMetrics
from services.common.pipeline import Emission, Judge, RawRecord
from services.common.tracing import carrier_of, parent_context
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

    #: threads judging records; one that is given up (past its deadline) finishes on its own
    workers: int = 4
    #: how often the handler checks a record's deadline while it is judged
    tick_seconds: float = 0.05
    #: failed writes of the same batch before its records are written one by one, and of one
    #: record before it is replaced by a dead letter
    max_write_attempts: int = 5
    #: consume, judge and write spans (``tracing``); records nothing unless configured
    tracer: trace.Tracer = field(default_factory=trace.NoOpTracer)
    _executor: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _attempts: dict[tuple[TopicPartition, int], int] = field(default_factory=dict, init=False)

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
        try:
            return await self._process(records, consumer)
        except Exception as exc:  # a bug here must never commit past an unwritten record
            firsts: dict[TopicPartition, int] = {}
            for r in records:
                firsts.setdefault(TopicPartition(r.topic, r.partition), r.offset)
            _rewind(consumer, firsts)
            self.metrics.batch_retries.inc()
            log.error(
                "batch_failed",
                records=len(records),
                error=type(exc).__name__,
                detail=str(exc)[:300],
                backoff_s=self.retry_backoff_seconds,
            )
            return True

    async def _process(self, records: Sequence[Record], consumer: Any) -> bool:
        spans: list[tuple[trace.Span, trace.Span]] = []
        try:
            return await self._traced(records, consumer, spans)
        finally:
            for consumed, judged in spans:
                judged.end()
                consumed.end()

    async def _traced(
        self,
        records: Sequence[Record],
        consumer: Any,
        spans: list[tuple[trace.Span, trace.Span]],
    ) -> bool:
        started = time.perf_counter()
        batch = await self._judge(records, spans)
        stuck = {
            tp
            for tp, pairs in batch.items()
            if self._attempts.get((tp, pairs[0][0].offset), 0) >= self.max_write_attempts
        }
        failed: set[TopicPartition] = set()
        resume: dict[TopicPartition, int] = {}
        for tp in stuck:  # written one record at a time: find the one Kafka refuses
            first = batch[tp][0][0].offset
            batch[tp], stopped_at = await self._write_one_by_one(tp, batch[tp], consumer)
            if stopped_at is not None:
                failed.add(tp)
                resume[tp] = stopped_at
                self._attempts[(tp, stopped_at)] = self._attempts.pop((tp, first), 0)
        regular = {tp: pairs for tp, pairs in batch.items() if tp not in stuck}
        offsets = {tp: pairs[-1][0].offset + 1 for tp, pairs in regular.items()}
        cause: BaseException | None = None
        links = [trace.Link(judged.get_span_context()) for _, judged in spans]
        try:
            if regular:
                with self.tracer.start_as_current_span(
                    "clearway.write", kind=trace.SpanKind.PRODUCER, links=links
                ):
                    await self.writer.write(
                        {tp: [e for _, e in pairs] for tp, pairs in regular.items()},
                        offsets,
                        consumer,
                    )
        except PartialWriteError as exc:
            failed |= exc.failed
            cause = exc.causes[0] if exc.causes else exc
        except Exception as exc:  # anything else: nothing of the batch is known to be committed
            failed |= set(offsets)
            cause = exc
        for tp in stuck - failed:
            for k in [k for k in self._attempts if k[0] == tp]:
                del self._attempts[k]
        for tp, pairs in regular.items():
            key = (tp, pairs[0][0].offset)
            if tp in failed:
                self._attempts[key] = self._attempts.get(key, 0) + 1
                resume[tp] = key[1]
            else:
                for k in [k for k in self._attempts if k[0] == tp]:
                    del self._attempts[k]
        # committed below: the written part of each partition (all of it unless it failed)
        batch = {
            tp: [(r, e) for r, e in pairs if tp not in failed or r.offset < resume[tp]]
            for tp, pairs in batch.items()
        }
        failed_count = len(failed)
        if failed:
            _rewind(consumer, resume)
            self.metrics.batch_retries.inc()
            log.warning(
                "batch_retry",
                partitions=len(failed),
                records=sum(len(batch[tp]) for tp in failed),
                error=type(cause).__name__ if cause else "record refused",
                detail=str(cause)[:300] if cause else "",
                backoff_s=self.retry_backoff_seconds,
            )
        committed = [pair for pairs in batch.values() for pair in pairs]
        try:  # what was committed is done: counting and logging it may not undo that
            if committed:
                self.metrics.batch_seconds.observe(time.perf_counter() - started)
                self.metrics.events_in.inc(
                    sum(1 for _, e in committed if not e.companion_of and e.kind != "state")
                )
            for record, emission in committed:
                _account(emission, record, self.metrics)
        except Exception as exc:
            log.error("accounting_failed", error=f"{type(exc).__name__}: {exc}"[:300])
        return bool(failed_count)

    async def _write_one_by_one(
        self, tp: TopicPartition, pairs: list[tuple[Record, Emission]], consumer: Any
    ) -> tuple[list[tuple[Record, Emission]], int | None]:
        """Write a partition's records one by one, each committed with its offset. A record
        whose write fails every time is replaced by a dead letter (and its subject's amber);
        if that fails too, the broker is the trouble: stop, and the rest is retried later.
        Returns what was written, and the offset to resume from if it stopped."""
        written: list[tuple[Record, Emission]] = []
        groups: dict[int, list[tuple[Record, Emission]]] = {}
        for record, emission in pairs:
            groups.setdefault(record.offset, []).append((record, emission))
        for offset, group in groups.items():
            record = group[0][0]
            emissions = [e for _, e in group]
            error: BaseException | None = None
            for _ in range(self.max_write_attempts):
                try:
                    await self.writer.write({tp: emissions}, {tp: offset + 1}, consumer)
                    error = None
                    break
                except Exception as exc:
                    error = exc
            if error is not None:
                letter = self.judge.reject(
                    raw_record(record),
                    ErrorKind.WRITE_FAILED,
                    f"the broker refused the decision {self.max_write_attempts} times: "
                    f"{type(error).__name__}: {error}",
                )
                emissions = list(letter.records())
                try:
                    await self.writer.write({tp: emissions}, {tp: offset + 1}, consumer)
                except Exception:
                    return written, offset  # what was written stays; retry from this record
                log.error("record_write_failed", partition=tp.partition, offset=offset)
            written.extend((record, e) for e in emissions)
        return written, None

    async def _judge(
        self, records: Sequence[Record], spans: list[tuple[trace.Span, trace.Span]]
    ) -> dict[TopicPartition, list[tuple[Record, Emission]]]:
        raws = []
        for r in records:
            raw = raw_record(r)
            consumed = self.tracer.start_span(
                "clearway.consume",
                context=parent_context(raw.headers, raw.value),
                kind=trace.SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.destination.name": r.topic,
                    "messaging.kafka.partition": r.partition,
                    "messaging.kafka.offset": r.offset,
                },
            )
            judged = self.tracer.start_span(
                "clearway.judge", context=trace.set_span_in_context(consumed)
            )
            spans.append((consumed, judged))
            raws.append(replace(raw, trace=tuple(carrier_of(judged).items())))
        emissions = await self._judge_all(raws)
        batch: dict[TopicPartition, list[tuple[Record, Emission]]] = {}
        for record, raw, emission in zip(records, raws, emissions, strict=True):
            pairs = batch.setdefault(TopicPartition(record.topic, record.partition), [])
            headers = tuple((k, v.encode()) for k, v in raw.trace)
            pairs.extend(
                (record, replace(e, headers=(*e.headers, *headers)) if headers else e)
                for e in emission.records()
            )
        return batch

    async def _judge_all(self, raws: list[RawRecord]) -> list[Emission]:
        """Every record judged in a worker thread; one past its deadline is given up."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="judge")
        deadline = self.judge.limits.record_deadline_seconds
        results: list[Emission | None] = [None] * len(raws)
        loop = asyncio.get_running_loop()
        start = 0
        while start < len(raws):
            progress = _Progress()
            future = loop.run_in_executor(
                self._executor, self._judge_from, raws, start, results, progress
            )
            while True:
                done, _ = await asyncio.wait({future}, timeout=self.tick_seconds)
                if done:
                    future.result()
                    start = len(raws)
                    break
                i, began = progress.index, progress.started
                if deadline and 0 <= i < len(raws) and time.monotonic() - began > deadline:
                    progress.abandoned = True
                    results[i] = self.judge.reject(
                        raws[i],
                        ErrorKind.DEADLINE_EXCEEDED,
                        f"judging the record took longer than the deadline of {deadline} s "
                        "(CLEARWAY_RECORD_DEADLINE_SECONDS)",
                    )
                    self.metrics.deadlines.inc()
                    log.warning(
                        "record_deadline", partition=raws[i].partition, offset=raws[i].offset
                    )
                    start = i + 1
                    break
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]

    def _judge_from(
        self,
        raws: list[RawRecord],
        start: int,
        results: list[Emission | None],
        progress: _Progress,
    ) -> None:
        """In a worker thread: judge from ``start`` on, until done or given up."""
        for i in range(start, len(raws)):
            if progress.abandoned:
                return
            progress.index, progress.started = i, time.monotonic()
            t0 = time.perf_counter()
            emission = self.judge.judge(raws[i])
            if progress.abandoned:
                return  # given up while judged: the handler wrote a dead letter instead
            results[i] = emission
            self.metrics.decision_seconds.observe(time.perf_counter() - t0)
        progress.index = len(raws)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Progress:
    """Where a worker thread is: the record it judges and since when (read by the handler)."""

    index: int = -1
    started: float = 0.0
    abandoned: bool = False


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
    if emission.kind == "state":
        return
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
