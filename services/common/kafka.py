"""Small Kafka helpers shared by the runtime, the CLI, the tests and the benchmarks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from schemas.topics import DEFAULT_TOPICS, Topic

#: the dead-letter topic keeps a rejected record whole (base64), so it allows larger records
DEADLETTER_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
#: the audit topic's max.message.bytes, the same in deploy/ (topics.yaml) and the local
#: broker; a decision is kept under it (CLEARWAY_MAX_DECISION_BYTES, 900,000 by default)
AUDIT_MAX_MESSAGE_BYTES = 1_048_576
#: the audit topic is the compliance record: keep it ten years by default
AUDIT_RETENTION_MS = 10 * 365 * 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int = 3
    replication: int = 1
    config: Mapping[str, str] = field(default_factory=dict)


def contract_topics(partitions: int = 3, replication: int = 1) -> list[TopicSpec]:
    """The contract's topics with their cleanup policies and sizes."""
    specs = []
    for topic, cleanup in DEFAULT_TOPICS.items():
        config = {"cleanup.policy": cleanup}
        if topic is Topic.AUDIT:
            config["retention.ms"] = str(AUDIT_RETENTION_MS)
            # set, not inherited: the decision size limit (max_decision_bytes) is kept below it
            config["max.message.bytes"] = str(AUDIT_MAX_MESSAGE_BYTES)
        if topic is Topic.DEADLETTER:
            config["max.message.bytes"] = str(DEADLETTER_MAX_MESSAGE_BYTES)
        specs.append(TopicSpec(topic.value, partitions, replication, config))
    return specs


async def ensure_topics(
    client_options: Mapping[str, Any], topics: Iterable[TopicSpec]
) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(**client_options)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [
            NewTopic(t.name, t.partitions, t.replication, topic_configs=dict(t.config))
            for t in topics
            if t.name not in existing
        ]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):  # created concurrently: fine
                await admin.create_topics(new)
        return [t.name for t in new]
    finally:
        await admin.close()


async def topic_partitions(
    client_options: Mapping[str, Any], topic: str, wait_seconds: float = 10.0
) -> list[int]:
    """The partition numbers of ``topic``, waiting up to ``wait_seconds`` for it to exist.

    A consumer only learns the partitions of topics it subscribes to; readers that
    ``assign`` partitions (audit tail, tests) ask the admin client instead. Looking never
    creates: a metadata request naming a topic makes a broker with
    ``auto.create.topics.enable`` create it with default settings (an audit topic with a
    week's retention, a review topic that is not compacted), so the topic is first looked
    for among all topics, and described only once it is there.
    """
    import asyncio
    import time

    admin = AIOKafkaAdminClient(**client_options)
    await admin.start()
    try:
        deadline = time.monotonic() + wait_seconds
        error = "not listed"
        while True:
            if topic in await admin.list_topics():
                (described,) = await admin.describe_topics([topic])
                if described["error_code"] == 0 and described["partitions"]:
                    return sorted(p["partition"] for p in described["partitions"])
                error = f"error code {described['error_code']}"
            if time.monotonic() >= deadline:
                msg = f"topic {topic!r} does not exist ({error})"
                raise LookupError(msg)
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


def committed_reader(client_options: Mapping[str, Any], **overrides: Any) -> Any:
    """A consumer that reads what is committed (``read_committed``) without joining a group
    and without moving anyone's offsets: for readers that ``assign`` partitions (audit tail,
    review state, re-screening, tests)."""
    from aiokafka import AIOKafkaConsumer

    options: dict[str, Any] = {
        "group_id": None,
        "enable_auto_commit": False,
        "isolation_level": "read_committed",
        "auto_offset_reset": "earliest",
    }
    return AIOKafkaConsumer(**client_options, **{**options, **overrides})


async def wait_for_partitions(
    client_options: Mapping[str, Any],
    topic: str,
    *,
    retry_seconds: float = 2.0,
    on_missing: Callable[[], None] | None = None,
) -> list[TopicPartition]:
    """The topic's partitions, waiting for the topic as long as it takes. ``on_missing`` is
    called once, the first time the topic is not there (to log it, or to stop waiting on it)."""
    import asyncio

    missing_told = False
    while True:
        try:
            parts = await topic_partitions(client_options, topic, wait_seconds=2)
            return [TopicPartition(topic, p) for p in parts]
        except LookupError:
            if on_missing is not None and not missing_told:
                on_missing()
            missing_told = True
            await asyncio.sleep(retry_seconds)


async def committed_batches(
    client_options: Mapping[str, Any],
    partitions: list[TopicPartition],
    *,
    from_beginning: bool = True,
    on_caught_up: Callable[[], None] | None = None,
    timeout_ms: int = 500,
    start: Mapping[TopicPartition, int] | None = None,
) -> AsyncGenerator[dict[TopicPartition, list[Any]], None]:
    """Batches read with :func:`committed_reader` from the start (or the end) of these
    partitions, for ever; empty batches too, so a caller can stop when idle.
    ``on_caught_up`` is called once, when the reader has reached the end offsets taken at
    its start: the moment a state rebuilt from a topic is complete. ``start`` gives the
    offset to resume from on some partitions (a store that kept its place)."""
    consumer = committed_reader(client_options)
    await consumer.start()
    try:
        consumer.assign(partitions)
        if from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        for tp, offset in (start or {}).items():  # resumed where a store left off
            consumer.seek(tp, offset)
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        caught_up = False
        while True:
            batch = await consumer.getmany(timeout_ms=timeout_ms, max_records=5_000)
            yield batch
            if not caught_up and await _reached(consumer, ends):
                caught_up = True
                if on_caught_up is not None:
                    on_caught_up()
    finally:
        await consumer.stop()


async def _reached(consumer: Any, ends: Mapping[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return False
    return True
