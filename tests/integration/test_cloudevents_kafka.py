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
