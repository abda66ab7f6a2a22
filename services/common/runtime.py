"""The FastStream app factory every service runs in.

``build_app`` wires one :class:`ServiceDefinition` to Kafka: a batch subscriber on
the input topic with an explicit (manual) ack policy, the pure :class:`Judge` for
each record, a :class:`BatchWriter` that writes decisions and dead letters and
commits offsets only after the broker acknowledged them, and HTTP routes for
liveness, readiness, Prometheus metrics and the AsyncAPI document.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import uvicorn
from aiokafka import ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from faststream import AckPolicy
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from faststream.specification import AsyncAPI
from prometheus_client import make_asgi_app

from schemas.deadletter import DeadLetterRecorded
from schemas.decision import DecisionMade
from services.common.logging import get_logger
from services.common.metrics import ServiceMetrics
from services.common.pipeline import Emission, Judge, RawRecord
from services.common.service import RuntimeContext, ServiceDefinition
from services.common.settings import RuntimeSettings
from services.common.writer import (
    AckThenCommitWriter,
    BatchWriter,
    PartialWriteError,
    TransactionalWriter,
)

log = get_logger("clearway.runtime")


def code_version() -> str:
    try:
        return version("clearway")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


# --- FastStream parser/decoder: keep records as bytes, whatever their headers -------


def _text_headers(record: ConsumerRecord[Any, Any]) -> ConsumerRecord[Any, Any]:
    """FastStream decodes header values as UTF-8; a record with binary or null header
    values would fail before our handler sees it. Give FastStream a copy it can read."""
    try:
        for _, value in record.headers:
            value.decode()
    except (AttributeError, UnicodeDecodeError):
        headers = [(k, (v or b"").decode("utf-8", "replace").encode()) for k, v in record.headers]
        return dataclasses.replace(record, headers=headers)
    return record


async def _tolerant_batch_parser(
    records: tuple[ConsumerRecord[Any, Any], ...],
    original: Callable[[tuple[ConsumerRecord[Any, Any], ...]], Awaitable[StreamMessage[Any]]],
) -> StreamMessage[Any]:
    message = await original(tuple(_text_headers(r) for r in records))
    message.raw_message = records  # the handler reads the records exactly as they arrived
    return message


async def _raw_decoder(message: StreamMessage[Any], _original: Any) -> Any:
    return message.body  # no JSON decoding here: the Judge validates the bytes itself


def _raw(record: ConsumerRecord[Any, Any]) -> RawRecord:
    return RawRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple((k, v if v is not None else b"") for k, v in record.headers),
        timestamp_ms=record.timestamp,
    )


def make_writer(settings: RuntimeSettings) -> BatchWriter:
    """The writer for the configured processing guarantee."""
    max_request_size = max(2 * settings.max_record_bytes + 65_536, 1_048_576)
    if settings.processing_guarantee == "at_least_once":
        return AckThenCommitWriter(
            settings.client_options(),
            audit_topic=settings.audit_topic,
            deadletter_topic=settings.deadletter_topic,
            max_request_size=max_request_size,
        )
    return TransactionalWriter(
        settings.client_options(),
        audit_topic=settings.audit_topic,
        deadletter_topic=settings.deadletter_topic,
        group_id=settings.group_id,
        transactional_id_prefix=settings.transactional_id_prefix or settings.group_id,
        max_request_size=max_request_size,
    )


@dataclasses.dataclass
class ServiceApp:
    """A built service: the ASGI app plus the parts tests and the CLI need to reach."""

    app: AsgiFastStream
    broker: KafkaBroker
    judge: Judge[Any]
    metrics: ServiceMetrics
    writer: BatchWriter
    settings: RuntimeSettings


def build_app(
    service: ServiceDefinition[Any],
    settings: RuntimeSettings,
    *,
    writer: BatchWriter | None = None,
) -> ServiceApp:
    """Build the FastStream app of one service. Nothing connects until the app starts."""
    name = service.name.value
    judge = Judge(service, max_record_bytes=settings.max_record_bytes, code_version=code_version())
    metrics = ServiceMetrics(name)
    writer = writer or make_writer(settings)
    broker = KafkaBroker(
        settings.kafka_bootstrap_servers,
        security=settings.security(),
        client_id=f"{settings.kafka_client_id}-{name}",
        graceful_timeout=settings.shutdown_grace_seconds,
        description=service.description,
        logger=logging.getLogger(
            "clearway.faststream"
        ),  # through the JSON handler of configure_logging
        log_level=logging.DEBUG,  # FastStream logs each batch at this level
    )
    rebalance = _Rebalance(writer)
    subscriber = broker.subscriber(
        settings.input_topic,
        listener=rebalance,
        group_id=settings.group_id,
        batch=True,
        max_records=settings.batch_max_records,
        batch_timeout_ms=settings.batch_timeout_ms,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        parser=_tolerant_batch_parser,
        decoder=_raw_decoder,
        title=f"{name}:input",
        description=f"Events judged by the {name} service: " + ", ".join(judge.accepted_types),
    )
    rebalance.subscriber = subscriber
    # Declared for the AsyncAPI document; the writer does the actual publishing.
    broker.publisher(
        settings.audit_topic,
        schema=DecisionMade,
        title=f"{name}:decisions",
        description="compliance.decision.made events, keyed by subject id.",
    )
    broker.publisher(
        settings.deadletter_topic,
        schema=DeadLetterRecorded,
        title=f"{name}:deadletters",
        description="Rejected records with the original bytes and the error.",
    )

    @subscriber
    async def handle(msg: KafkaMessage) -> None:
        async with rebalance.lock:
            retry = await process(msg)
        if retry:  # back off outside the lock, so a rebalance never waits on the sleep
            await asyncio.sleep(settings.retry_backoff_seconds)

    async def process(msg: KafkaMessage) -> bool:
        """Judge and write one batch; True when partitions were rewound for a retry."""
        records: tuple[ConsumerRecord[Any, Any], ...] = msg.raw_message
        owned = _owned(msg.consumer)
        if owned is not None:  # a batch fetched before a rebalance: its new owner redoes the rest
            records = tuple(r for r in records if TopicPartition(r.topic, r.partition) in owned)
        floor = rebalance.floor
        records = tuple(
            r for r in records if r.offset >= floor.get(TopicPartition(r.topic, r.partition), 0)
        )
        if not records:
            return False
        started = time.perf_counter()
        batch: dict[TopicPartition, list[tuple[ConsumerRecord[Any, Any], Emission]]] = {}
        for record in records:
            t0 = time.perf_counter()
            emission = judge.judge(_raw(record))
            metrics.decision_seconds.observe(time.perf_counter() - t0)
            batch.setdefault(TopicPartition(record.topic, record.partition), []).append(
                (record, emission)
            )
        offsets = {tp: pairs[-1][0].offset + 1 for tp, pairs in batch.items()}
        failed: set[TopicPartition] = set()
        try:
            await writer.write(
                {tp: [e for _, e in pairs] for tp, pairs in batch.items()}, offsets, msg.consumer
            )
        except PartialWriteError as exc:
            failed, cause = exc.failed, exc.causes[0] if exc.causes else exc
        except Exception as exc:  # anything else: nothing of the batch is known to be committed
            failed, cause = set(offsets), exc
        if failed:
            _rewind(msg.consumer, {tp: batch[tp][0][0].offset for tp in failed})
            metrics.batch_retries.inc()
            log.warning(
                "batch_retry",
                partitions=len(failed),
                records=sum(len(batch[tp]) for tp in failed),
                error=type(cause).__name__,
                detail=str(cause)[:300],
                backoff_s=settings.retry_backoff_seconds,
            )
        elapsed = time.perf_counter() - started
        committed = [pair for tp, pairs in batch.items() if tp not in failed for pair in pairs]
        if committed:
            metrics.batch_seconds.observe(elapsed)
            metrics.events_in.inc(len(committed))
        for record, emission in committed:
            _account(emission, record, metrics)
        return bool(failed)

    async def ready(_scope: Any) -> AsgiResponse:
        ok = service.is_ready() and await broker.ping(timeout=2.0)
        metrics.ready.set(1 if ok else 0)
        return AsgiResponse(b"ready" if ok else b"not ready", 200 if ok else 503)

    async def live(_scope: Any) -> AsgiResponse:
        return AsgiResponse(b"alive", 200)

    def json_route(produce: Callable[[], object]) -> Any:
        async def route(_scope: Any) -> AsgiResponse:
            body = json.dumps(produce(), default=str).encode()
            return AsgiResponse(body, 200, headers={"content-type": "application/json"})

        return get(route, include_in_schema=False)

    for collector in service.collectors:
        metrics.registry.register(collector)  # type: ignore[arg-type]
    background: list[asyncio.Task[None]] = []

    async def start_service() -> None:
        await writer.start()
        if service.prepare is not None:
            await service.prepare()

    def assignment() -> frozenset[TopicPartition]:
        consumer = getattr(subscriber, "consumer", None)
        return frozenset(consumer.assignment()) if consumer is not None else frozenset()

    context = RuntimeContext(settings=settings, assignment=assignment, publish=writer.publish)

    async def start_background() -> None:
        if service.background is not None:
            background.append(
                asyncio.create_task(service.background(context), name=f"{name}-background")
            )

    async def warmup() -> None:
        if service.warmup is not None:
            await service.warmup()

    async def stop_background() -> None:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)

    app = AsgiFastStream(
        broker,
        asgi_routes=[
            ("/health/live", get(live, include_in_schema=False)),
            ("/health/ready", get(ready, include_in_schema=False)),
            ("/metrics", make_asgi_app(metrics.registry)),
            *((path, json_route(produce)) for path, produce in service.routes.items()),
        ],
        specification=AsyncAPI(
            broker,
            title=f"Clearway {name}",
            version=code_version(),
            description=service.description,
        ),
        asyncapi_path="/asyncapi",
        logger=logging.getLogger("clearway.faststream"),
        on_startup=[start_service, start_background, warmup],
        on_shutdown=[stop_background],
        after_shutdown=[writer.stop],
    )
    return ServiceApp(
        app=app, broker=broker, judge=judge, metrics=metrics, writer=writer, settings=settings
    )


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """Keeps the writer's per-partition state in step with the assignment. For exactly-once,
    a newly assigned partition's transactional producer is initialised first (settling the
    previous owner's transaction), then its committed offset is read again: aiokafka may
    have read it before the previous owner's last transaction completed, so records below
    the stable offset are skipped rather than decided twice."""

    def __init__(self, writer: BatchWriter) -> None:
        self.writer = writer
        self.subscriber: Any = None
        #: held by the batch handler while it writes, and by the callbacks: aiokafka runs them
        #: from its coordinator task, concurrently with the handler
        self.lock = asyncio.Lock()
        #: per partition, the stable committed offset read after the producer fenced the
        #: previous owner: records below it were decided by that owner and are skipped
        self.floor: dict[TopicPartition, int] = {}

    async def on_partitions_revoked(self, revoked: Any) -> None:
        async with self.lock:  # let the batch in hand finish first
            for tp in revoked:
                self.floor.pop(tp, None)
            await self.writer.revoked(list(revoked))

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


def _account(emission: Emission, record: ConsumerRecord[Any, Any], metrics: ServiceMetrics) -> None:
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


class CleanExitServer(uvicorn.Server):
    """uvicorn re-raises SIGTERM after its graceful shutdown, so the process would end as
    "killed by signal". A service that stopped cleanly exits 0: handle the signals on the
    loop and only ask the server to exit."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.handle_exit, sig, None)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


async def serve(service_app: ServiceApp) -> None:
    """Run the app under uvicorn until SIGTERM/SIGINT: finish the batch in hand, commit,
    leave the group, flush the writer."""
    settings = service_app.settings
    config = uvicorn.Config(
        service_app.app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds),
    )
    await CleanExitServer(config).serve()
