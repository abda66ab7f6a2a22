"""One trace from an input record to its decision, through the real broker: the producer's
traceparent (a Kafka header, or the CloudEvents attribute) is the parent of the consume and
judge spans, and the decision carries the judge span's context in its headers and event."""

from __future__ import annotations

import json

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.common.kafka import committed_reader, topic_partitions
from services.common.runtime import build_app
from tests.fakes import encode, partner_event, toy_service
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = f"00-{TRACE}-00f067aa0ba902b7-01"
OTHER = "0af7651916cd43dd8448eb211c80319c"


async def decision_records(bootstrap: str, topic: str, n: int) -> list[tuple[dict, dict]]:
    from aiokafka import TopicPartition

    consumer = committed_reader({"bootstrap_servers": bootstrap})
    await consumer.start()
    out = []
    try:
        parts = await topic_partitions({"bootstrap_servers": bootstrap}, topic)
        tps = [TopicPartition(topic, p) for p in parts]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        while len(out) < n:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                out.extend(
                    (json.loads(r.value), {k: v.decode() for k, v in r.headers}) for r in records
                )
    finally:
        await consumer.stop()
    return out


@pytest.mark.timeout(120)
async def test_one_trace_from_the_input_record_to_its_decision(
    kafka_bootstrap: str, unique: str
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = settings_for(kafka_bootstrap, unique)
    await create_topics(settings)
    by_header = encode(partner_event(1, "KP"))
    by_attribute = encode(
        {**partner_event(2, "DE"), "traceparent": f"00-{OTHER}-b7ad6b7169203331-01"}
    )
    await produce(
        kafka_bootstrap,
        settings.input_topic,
        [(b"P-1", by_header)],
        [("traceparent", PARENT.encode())],
    )
    await produce(kafka_bootstrap, settings.input_topic, [(b"P-2", by_attribute)])
    async with running(build_app(toy_service(), settings, tracer_provider=provider)):
        await read_topic(kafka_bootstrap, settings.audit_topic, expect=2)
        written = await decision_records(kafka_bootstrap, settings.audit_topic, 2)
    by_event = {event["data"]["source_event_id"]: (event, headers) for event, headers in written}
    for event_id, trace_id in (("evt-1", TRACE), ("evt-2", OTHER)):
        event, headers = by_event[event_id]
        assert headers["traceparent"].split("-")[1] == trace_id
        assert event["traceparent"] == headers["traceparent"]
        spans = [
            s for s in exporter.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id
        ]
        names = {s.name for s in spans}
        assert {"clearway.consume", "clearway.judge"} <= names, names
        judged = next(s for s in spans if s.name == "clearway.judge")
        assert headers["traceparent"].split("-")[2] == f"{judged.context.span_id:016x}"
    writes = [s for s in exporter.get_finished_spans() if s.name == "clearway.write"]
    linked = {f"{link.context.trace_id:032x}" for s in writes for link in s.links}
    assert {TRACE, OTHER} <= linked
