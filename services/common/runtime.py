"""The FastStream app factory every service runs in.

``build_app`` wires one :class:`ServiceDefinition` to Kafka: a batch subscriber on the
input topic with an explicit (manual) ack policy, a :class:`BatchProcessor` (judge, write,
commit, rewind) for each batch, the rebalance callbacks, the service's background task, and
HTTP routes for liveness, readiness, Prometheus metrics, the reference data sets
(``/reference``) and the AsyncAPI document. The parts live in their own modules; this one
only connects them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import socket
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import TopicPartition
from faststream import AckPolicy
from faststream.asgi import AsgiFastStream, AsgiResponse, Request, get, post
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage as FastStreamKafkaMessage
from opentelemetry import trace
from prometheus_client import make_asgi_app

from schemas.deadletter import DeadLetterRecorded
from schemas.decision import DecisionMade
from services.common.asyncapi import ContractAsyncAPI
from services.common.calendar import Calendar, Clock, wall_clock
from services.common.calendar import ensure_topic as ensure_calendar_topic
from services.common.calendar import keep as keep_calendar
from services.common.chains import Chains
from services.common.consuming import raw_decoder, tolerant_batch_parser
from services.common.context import RuntimeContext
from services.common.integrity import SigningKey
from services.common.logging import get_logger
from services.common.metrics import ReferenceCollector, ServiceMetrics
from services.common.pipeline import Judge
from services.common.processing import BatchProcessor
from services.common.rebalance import Rebalance
from services.common.reference_data import status_report
from services.common.service import ServiceDefinition
from services.common.serving import serve_asgi
from services.common.settings import RuntimeSettings
from services.common.tracing import provider_from_environment
from services.common.version import code_version
from services.common.writer import AckThenCommitWriter, BatchWriter, TransactionalWriter


def make_writer(settings: RuntimeSettings, key: SigningKey | None = None) -> BatchWriter:
    """The writer for the configured processing guarantee, signing and chaining decisions
    with ``key``."""
    max_request_size = max(2 * settings.max_record_bytes + 65_536, 1_048_576)
    writer: AckThenCommitWriter | TransactionalWriter
    if settings.processing_guarantee == "at_least_once":
        writer = AckThenCommitWriter(
            settings.client_options(),
            audit_topic=settings.audit_topic,
            deadletter_topic=settings.deadletter_topic,
            max_request_size=max_request_size,
            writer_id=f"{settings.group_id}-{settings.instance_id or socket.gethostname()}",
        )
    else:
        writer = TransactionalWriter(
            settings.client_options(),
            audit_topic=settings.audit_topic,
            deadletter_topic=settings.deadletter_topic,
            group_id=settings.group_id,
            transactional_id_prefix=settings.transactional_id_prefix or settings.group_id,
            max_request_size=max_request_size,
        )
    if key is not None:
        writer.chains = Chains(
            key,
            settings.audit_topic,
            settings.client_options(),
            scan_records=settings.chain_scan_records,
            public_keys=settings.verifier_keys(),
        )
    return writer


@dataclasses.dataclass
class ServiceApp:
    """A built service: the ASGI app plus the parts tests and the CLI need to reach."""

    app: AsgiFastStream
    broker: KafkaBroker
    judge: Judge[Any]
    metrics: ServiceMetrics
    writer: BatchWriter
    settings: RuntimeSettings
    processor: BatchProcessor


def _broker(service: ServiceDefinition[Any], settings: RuntimeSettings) -> KafkaBroker:
    return KafkaBroker(
        settings.bootstrap_servers(),
        security=settings.security(),
        client_id=f"{settings.kafka_client_id}-{service.name.value}",
        graceful_timeout=settings.shutdown_grace_seconds,
        description=service.description,
        logger=logging.getLogger("clearway.faststream"),  # through the JSON log handler
        log_level=logging.DEBUG,  # FastStream logs each batch at this level
    )


def today() -> date:
    """The operator's today (UTC): for reporting review-by dates, never for decisions."""
    return datetime.now(UTC).date()


def _json_route(produce: Callable[[], object]) -> Any:
    async def route(_scope: Any) -> AsgiResponse:
        body = json.dumps(produce(), default=str).encode()
        return AsgiResponse(body, 200, headers={"content-type": "application/json"})

    return get(route, include_in_schema=False)


def _post_route(
    answer: Callable[[bytes, Mapping[str, list[str]]], tuple[int, object]],
) -> Any:
    async def route(_scope: Any, request: Request) -> AsgiResponse:
        body = await request.body()
        status, document = await asyncio.to_thread(answer, body, request.query_params)
        payload = json.dumps(document, default=str).encode()
        return AsgiResponse(payload, status, headers={"content-type": "application/json"})

    return post(route, include_in_schema=False)


def build_app(
    service: ServiceDefinition[Any],
    settings: RuntimeSettings,
    *,
    writer: BatchWriter | None = None,
    clock: Clock = wall_clock,
    tracer_provider: trace.TracerProvider | None = None,
) -> ServiceApp:
    """Build the FastStream app of one service. Nothing connects until the app starts.
    ``clock`` is read by the calendar only (tests set it), never by decisions."""
    name = service.name.value
    judge = Judge(service, code_version=code_version(), limits=settings.limits())
    judge.attribute_headers = settings.cloudevents_attribute_headers
    metrics = ServiceMetrics(name)
    key = settings.signing()
    if key.key_id.startswith("ephemeral-"):
        get_logger("clearway.runtime").warning(
            "no_signing_key",
            detail="decisions are signed with a key made for this process only; configure "
            "CLEARWAY_SIGNING_KEY_FILE (or CLEARWAY_SIGNING_KEY) in production",
            key_id=key.key_id,
            public_key=key.public,
        )
    writer = writer or make_writer(settings, key)
    if isinstance(writer, AckThenCommitWriter | TransactionalWriter):
        writer.binary_mode = settings.cloudevents_mode == "binary"
    broker = _broker(service, settings)
    rebalance = Rebalance(writer)
    provider = tracer_provider or provider_from_environment(name)
    processor = BatchProcessor(
        judge,
        writer,
        metrics,
        rebalance.floor,
        settings.retry_backoff_seconds,
        tracer=provider.get_tracer("clearway", code_version()),
    )
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
        parser=tolerant_batch_parser,
        decoder=raw_decoder,
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
    async def handle(msg: FastStreamKafkaMessage) -> None:  # a name no caller shadows
        async with rebalance.lock:
            retry = await processor.process(msg.raw_message, msg.consumer)
        if retry:  # back off outside the lock, so a rebalance never waits on the sleep
            await asyncio.sleep(settings.retry_backoff_seconds)

    async def ready(_scope: Any) -> AsgiResponse:
        ok = service.is_ready() and await broker.ping(timeout=2.0)
        metrics.ready.set(1 if ok else 0)
        return AsgiResponse(b"ready" if ok else b"not ready", 200 if ok else 503)

    async def live(_scope: Any) -> AsgiResponse:
        return AsgiResponse(b"alive", 200)

    calendar = None
    if settings.calendar_enabled:
        calendar = Calendar(
            settings.calendar_topic_name(),
            settings.input_topic,
            settings.client_options(),
            clock,
            settings.calendar_interval_seconds,
            settings.calendar_max_per_tick,
        )
        judge.calendar_topic = calendar.topic
        writer.on_commit = calendar.observe
        rebalance.revoked_hooks.append(calendar.revoked)
        metrics.registry.register(calendar)
    for collector in (*service.collectors, ReferenceCollector(name, service.reference)):
        metrics.registry.register(collector)  # type: ignore[arg-type]
    background: list[asyncio.Task[None]] = []

    def assignment() -> frozenset[TopicPartition]:
        consumer = getattr(subscriber, "consumer", None)
        return frozenset(consumer.assignment()) if consumer is not None else frozenset()

    context = RuntimeContext(
        settings=settings, judge=judge, assignment=assignment, publish=writer.publish
    )

    async def start_service() -> None:
        if calendar is not None:
            await ensure_calendar_topic(calendar)
        await writer.start()
        if service.prepare is not None:
            await service.prepare()

    async def start_background() -> None:
        if calendar is not None:
            background.append(
                asyncio.create_task(
                    keep_calendar(calendar, judge, writer.publish, assignment, rebalance.lock),
                    name=f"{name}-calendar",
                )
            )
        if service.background is not None:
            background.append(
                asyncio.create_task(service.background(context), name=f"{name}-background")
            )

    async def warmup() -> None:
        if service.warmup is not None:
            await service.warmup()

    async def stop_workers() -> None:
        processor.close()

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
            ("/reference", _json_route(lambda: status_report(service.reference, today()))),
            ("/keys", _json_route(lambda: {key.key_id: key.public})),
            *((path, _json_route(produce)) for path, produce in service.routes.items()),
            *((path, _post_route(answer)) for path, answer in service.post_routes.items()),
        ],
        specification=ContractAsyncAPI(
            broker,
            title=f"Clearway {name}",
            version=code_version(),
            description=service.description,
            input_channel=f"{name}:input",
            events=service.events,
        ),
        asyncapi_path="/asyncapi",
        logger=logging.getLogger("clearway.faststream"),
        on_startup=[start_service, start_background, warmup],
        on_shutdown=[stop_background],
        after_shutdown=[writer.stop, stop_workers],
    )
    return ServiceApp(app, broker, judge, metrics, writer, settings, processor)


async def serve(service_app: ServiceApp) -> None:
    """Run the app under uvicorn until SIGTERM/SIGINT: finish the batch in hand, commit,
    leave the group, flush the writer."""
    settings = service_app.settings
    await serve_asgi(
        service_app.app,
        host=settings.http_host,
        port=settings.http_port,
        grace_seconds=settings.shutdown_grace_seconds,
    )
