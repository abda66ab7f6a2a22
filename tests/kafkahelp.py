"""Helpers for tests against the real broker: topics, producing, reading back."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.common.integrity import SigningKey
from services.common.kafka import TopicSpec, committed_reader, ensure_topics, topic_partitions
from services.common.runtime import ServiceApp
from services.common.settings import RuntimeSettings


def settings_for(bootstrap: str, unique: str, **overrides: Any) -> RuntimeSettings:
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": bootstrap,
        "input_topic": f"in-{unique}",
        "audit_topic": f"audit-{unique}",
        "deadletter_topic": f"dlq-{unique}",
        "group_id": f"group-{unique}",
        "batch_max_records": 100,
        "batch_timeout_ms": 50,
        "retry_backoff_seconds": 0.2,
        "http_port": 0,
        **overrides,
    }
    return RuntimeSettings(**values)


async def create_topics(settings: RuntimeSettings, partitions: int = 3) -> None:
    await ensure_topics(
        {"bootstrap_servers": settings.kafka_bootstrap_servers},
        [
            TopicSpec(settings.input_topic, partitions),
            TopicSpec(settings.audit_topic, partitions),
            TopicSpec(settings.deadletter_topic, 1, config={"max.message.bytes": "4194304"}),
        ],
    )


async def produce(
    bootstrap: str,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes]],
    headers: list[tuple[str, bytes]] | None = None,
) -> int:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, linger_ms=5, acks="all", max_request_size=4 * 1024 * 1024
    )
    await producer.start()
    try:
        futures = [
            await producer.send(topic, value=v, key=k, headers=headers or []) for k, v in records
        ]
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str, topic: str, *, expect: int, timeout: float = 60.0, settle: float = 1.0
) -> list[dict[str, Any]]:
    """Read a topic from the start with read_committed until ``expect`` records arrived
    (then ``settle`` seconds more, to catch extras) or ``timeout`` passed."""
    consumer = committed_reader({"bootstrap_servers": bootstrap})
    await consumer.start()
    out: list[dict[str, Any]] = []
    try:
        parts = await topic_partitions({"bootstrap_servers": bootstrap}, topic)
        consumer.assign([TopicPartition(topic, p) for p in parts])
        deadline = time.monotonic() + timeout
        settle_until: float | None = None
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200, max_records=5_000)
            for records in batch.values():
                out.extend(json.loads(r.value) for r in records)
            if len(out) >= expect:
                settle_until = settle_until or time.monotonic() + settle
                if time.monotonic() >= settle_until:
                    break
        return out
    finally:
        await consumer.stop()


async def decision_of(
    bootstrap: str, topic: str, event_id: str, timeout: float = 60.0
) -> dict[str, Any]:
    """The decision on ``event_id`` once it is on the topic (other decisions may come
    before or after it: a re-judgement, say)."""
    deadline = time.monotonic() + timeout
    while True:
        for found in await read_topic(bootstrap, topic, expect=10**9, timeout=2.0):
            if found.get("data", {}).get("source_event_id") == event_id:
                return found
        if time.monotonic() > deadline:
            raise AssertionError(f"no decision on {event_id} in {topic}")


async def committed_offsets(
    bootstrap: str, group: str, topic: str
) -> tuple[dict[int, int], dict[int, int]]:
    """(committed offset, end offset) per partition of ``topic`` for consumer group ``group``;
    partitions that never held a record have nothing to commit and are left out of both."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        tps = [
            TopicPartition(topic, p)
            for p in await topic_partitions({"bootstrap_servers": bootstrap}, topic)
        ]
        ends = await consumer.end_offsets(tps)
        return (
            {tp.partition: meta.offset for tp, meta in committed.items() if tp.topic == topic},
            {tp.partition: off for tp, off in ends.items() if off > 0},
        )
    finally:
        await consumer.stop()
        await admin.close()


@asynccontextmanager
async def running(service_app: ServiceApp) -> AsyncIterator[ServiceApp]:
    await service_app.app.start()
    try:
        yield service_app
    finally:
        await service_app.app.stop()


def exactly_once_report(
    decisions: list[dict[str, Any]],
    expected_ids: set[str],
    letters: list[dict[str, Any]] | None = None,
    sent: int | None = None,
) -> dict[str, int]:
    """Counts for a fault test: sent, decided, duplicates, lost, unexpected, dead-lettered."""
    per_event: dict[str, int] = {}
    for d in decisions:
        source = str(d["data"]["source_event_id"])
        per_event[source] = per_event.get(source, 0) + 1
    report = {
        "sent": sent if sent is not None else len(expected_ids),
        "decided": len(per_event.keys() & expected_ids),
        "duplicates": sum(c - 1 for c in per_event.values() if c > 1),
        "lost": len(expected_ids - per_event.keys()),
        "unexpected": len(per_event.keys() - expected_ids),
        "dead_lettered": len(letters or []),
    }
    print("\ncounts: " + " ".join(f"{k}={v}" for k, v in report.items()))
    return report


#: the integrity attributes a writer adds to each decision (signature, key, chain)
INTEGRITY = ("clearwaywriter", "clearwayprev", "clearwaypartition", "clearwaykeyid", "clearwaysig")


def unsealed(event: dict[str, Any]) -> dict[str, Any]:
    """A decision event without its integrity attributes: what batch mode writes."""
    return {k: v for k, v in event.items() if k not in INTEGRITY}


async def screening_with_page_reviews(
    bootstrap: str, unique: str, sdn: Path
) -> tuple[Any, SigningKey]:
    """The screening service's settings over the SDN file, with its review topic created
    (compacted) and the key of the page that records reviews trusted: the officer's loop."""
    from services import registry

    page_key = SigningKey.generate("clearway-review-recorder")
    base = settings_for(bootstrap, unique).model_dump(exclude_defaults=True)
    settings = registry.get("screening").settings(
        **base,
        screening_lists=[str(sdn)],
        screening_binding_jurisdictions=["EU", "UN", "US"],  # an operator with a US nexus
        review_topic=f"review-{unique}",
        review_keys={page_key.key_id: page_key.public},
    )
    await create_topics(settings)
    await ensure_topics(
        {"bootstrap_servers": bootstrap},
        [TopicSpec(settings.review_topic, 1, config={"cleanup.policy": "compact"})],
    )
    return settings, page_key
