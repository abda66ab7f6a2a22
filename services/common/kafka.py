"""Small Kafka helpers shared by the runtime, the CLI, the tests and the benchmarks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from schemas.topics import DEFAULT_TOPICS, Topic

#: the dead-letter topic keeps a rejected record whole (base64), so it allows larger records
DEADLETTER_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
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
    ``assign`` partitions (audit tail, tests) ask the admin client instead.
    """
    import asyncio
    import time

    admin = AIOKafkaAdminClient(**client_options)
    await admin.start()
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            (described,) = await admin.describe_topics([topic])
            if described["error_code"] == 0 and described["partitions"]:
                return sorted(p["partition"] for p in described["partitions"])
            if time.monotonic() >= deadline:
                msg = f"topic {topic!r} does not exist (error code {described['error_code']})"
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
