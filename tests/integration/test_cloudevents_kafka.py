"""Records produced by the CNCF CloudEvents SDK in both Kafka modes, through the real
broker: each is judged as its structured twin is, and written as a structured decision."""

from __future__ import annotations

import json

import pytest
from aiokafka import AIOKafkaProducer
from cloudevents.v1.http import CloudEvent
from cloudevents.v1.kafka import to_binary, to_structured

from services.common.runtime import build_app
from tests.fakes import partner_event, toy_service
from tests.kafkahelp import create_topics, read_topic, running, settings_for

pytestmark = pytest.mark.kafka


def sdk_event(i: int, country: str) -> CloudEvent:
    event = partner_event(i, country)
    attributes = {k: v for k, v in event.items() if k not in ("data", "datacontenttype")}
    attributes["datacontenttype"] = "application/json"
    attributes["partitionkey"] = f"P-{i}"
    return CloudEvent(attributes, event["data"])


@pytest.mark.timeout(180)
async def test_sdk_records_in_both_modes_are_judged(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique, cloudevents_attribute_headers=True)
    await create_topics(settings)
    messages = [
        to_binary(sdk_event(1, "KP")),
        to_structured(sdk_event(2, "KP")),
        to_structured(sdk_event(3, "DE"), data_marshaller=lambda d: json.dumps(d).encode()),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for m in messages:
            key = m.key.encode() if isinstance(m.key, str) else m.key
            await producer.send_and_wait(
                settings.input_topic, m.value, key=key, headers=list(m.headers.items())
            )
    finally:
        await producer.stop()
    async with running(build_app(toy_service(), settings)):
        decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=3)
        letters = await read_topic(kafka_bootstrap, settings.deadletter_topic, expect=0)
    assert letters == []
    by_event = {d["data"]["source_event_id"]: d["data"]["outcome"] for d in decisions}
    assert by_event == {"evt-1": "red_flag", "evt-2": "red_flag", "evt-3": "cleared"}


@pytest.mark.timeout(180)
async def test_decisions_written_in_binary_mode_verify_and_read_back(
    kafka_bootstrap: str, unique: str
) -> None:
    import asyncio

    from aiokafka import TopicPartition
    from cloudevents.v1.kafka import KafkaMessage as SdkMessage
    from cloudevents.v1.kafka import from_binary
    from pydantic import SecretStr
    from typer.testing import CliRunner

    from services.cli import app
    from services.common.integrity import SigningKey
    from services.common.kafka import committed_reader
    from tests.fakes import encode
    from tests.kafkahelp import produce

    key = SigningKey.generate("binary-test")
    settings = settings_for(
        kafka_bootstrap,
        unique,
        cloudevents_mode="binary",
        signing_key=SecretStr(key.pem().decode()),
        signing_key_id=key.key_id,
    )
    await create_topics(settings)
    events = [(f"P-{i}".encode(), encode(partner_event(i, ["DE", "KP"][i % 2]))) for i in range(6)]
    await produce(kafka_bootstrap, settings.input_topic, [*events, (b"P-9", b"{broken")])
    async with running(build_app(toy_service(), settings)):
        await asyncio.sleep(0.1)
        consumer = committed_reader({"bootstrap_servers": kafka_bootstrap})
        await consumer.start()
        records = []
        try:
            tps = [TopicPartition(settings.audit_topic, p) for p in range(3)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            for _ in range(60):
                batch = await consumer.getmany(timeout_ms=500)
                records += [r for rs in batch.values() for r in rs]
                if len(records) >= 6:  # six decisions (the broken record: a dead letter only)
                    break
        finally:
            await consumer.stop()
    assert len(records) >= 6
    for r in records:
        headers = {k: v for k, v in r.headers}
        assert headers["ce_specversion"] == b"1.0" and "ce_clearwaysig" in headers
        event = from_binary(SdkMessage(headers, r.key, r.value))  # the SDK reads it
        assert event["type"] == "compliance.decision.made" and "outcome" in event.data
    env = {
        "CLEARWAY_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CLEARWAY_PUBLIC_KEYS": json.dumps({key.key_id: key.public}),
    }
    result = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["audit", "verify", "--topic", settings.audit_topic, "--json"],
        env=env,
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["ok"], report
    assert sum(p["verified"] for p in report["partitions"]) == len(records)
