"""The runtime's handler, in memory: FastStream's test broker plus a hand-written writer.

These are fast checks of the wiring; the behaviours that depend on Kafka (offsets,
redelivery, restarts) are tested against the real broker in tests/integration.
"""

from __future__ import annotations

import httpx
from faststream.kafka import TestKafkaBroker

from services.common.runtime import build_app
from services.common.settings import RuntimeSettings
from tests.fakes import POISON, REJECTED_EVENTS, FakeWriter, encode, partner_event, toy_service

SETTINGS = RuntimeSettings(input_topic="in", group_id="g", retry_backoff_seconds=0.01)


async def test_a_batch_is_judged_written_and_committed() -> None:
    writer = FakeWriter()
    service_app = build_app(toy_service(), SETTINGS, writer=writer)
    async with TestKafkaBroker(service_app.broker) as broker:
        values = [encode(partner_event(i, "KP" if i % 2 else "DE")) for i in range(5)]
        await broker.publish_batch(*values, topic="in")
    assert [e.kind for e in writer.written] == ["decision", "state"] * 5
    # each decision goes with its subject's calendar entry, on the input record's partition
    entries = [e for e in writer.written if e.kind == "state"]
    assert {e.topic for e in entries} == {"g.calendar.v1"}
    assert [e.key for e in entries] == [f"P-{i}".encode() for i in range(5)]
    assert [e.outcome.value for e in writer.written if e.outcome] == [
        "cleared",
        "red_flag",
        "cleared",
        "red_flag",
        "cleared",
    ]
    assert len(writer.committed) == 1
    metrics = service_app.metrics.registry
    assert metrics.get_sample_value("clearway_events_in_total", {"service": "screening"}) == 5
    assert (
        metrics.get_sample_value(
            "clearway_decisions_total", {"service": "screening", "outcome": "red_flag"}
        )
        == 2
    )


async def test_poison_goes_to_the_dead_letter_writer_and_processing_continues() -> None:
    writer = FakeWriter()
    service_app = build_app(toy_service(), SETTINGS, writer=writer)
    async with TestKafkaBroker(service_app.broker) as broker:
        await broker.publish_batch(*(v for v, _ in POISON), encode(partner_event(1)), topic="in")
    kinds = [
        e.error_kind.value if e.error_kind else e.kind for e in writer.written if e.kind != "state"
    ]
    expected: list[str] = []
    for value, kind in POISON:
        expected.append(kind)
        if any(f'"{i}"'.encode() in value for i in REJECTED_EVENTS):
            expected.append("decision")  # the subject's amber: its update was not judged
    assert kinds == [*expected, "decision"]
    ambers = [e for e in writer.written if e.companion_of]
    assert {e.event_id for e in ambers} == REJECTED_EVENTS
    assert all(e.reason_codes == ("EVENT_REJECTED",) for e in ambers)


async def test_a_failed_write_is_not_committed() -> None:
    writer = FakeWriter(fail_times=1)
    service_app = build_app(toy_service(), SETTINGS, writer=writer)
    async with TestKafkaBroker(service_app.broker) as broker:
        await broker.publish_batch(encode(partner_event(1)), topic="in")
    assert writer.committed == []
    assert (
        service_app.metrics.registry.get_sample_value(
            "clearway_batch_retries_total", {"service": "screening"}
        )
        == 1
    )


async def test_http_routes_before_the_broker_connects() -> None:
    service_app = build_app(toy_service(), SETTINGS, writer=FakeWriter())
    transport = httpx.ASGITransport(app=service_app.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        assert (await client.get("/health/live")).status_code == 200
        assert (await client.get("/health/ready")).status_code == 503
        metrics = await client.get("/metrics")
        assert metrics.status_code == 200 and "clearway_decisions_total" in metrics.text
        spec = await client.get("/asyncapi.json")
        if spec.status_code == 404:
            spec = await client.get("/asyncapi")
        assert spec.status_code == 200


async def test_service_routes_and_collectors_are_served() -> None:
    from dataclasses import replace

    from prometheus_client.core import GaugeMetricFamily

    class One:
        def collect(self):  # type: ignore[no-untyped-def]
            g = GaugeMetricFamily("clearway_test_gauge", "test")
            g.add_metric([], 1)
            yield g

    service = replace(
        toy_service(),
        routes={"/lists": lambda: [{"list": "x", "version": "v1"}]},
        collectors=(One(),),
    )
    service_app = build_app(service, SETTINGS, writer=FakeWriter())
    transport = httpx.ASGITransport(app=service_app.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        assert (await client.get("/lists")).json() == [{"list": "x", "version": "v1"}]
        assert "clearway_test_gauge 1.0" in (await client.get("/metrics")).text
