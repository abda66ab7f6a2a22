"""The ceiling every service is measured against: consume -> publish -> commit with no
decision, on 1 KB CloudEvents, once with raw aiokafka and once with FastStream's batch
subscriber, on the same broker, in the same run."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from bench.harness import Clock, Row, cloudevent_1kb, prefill, topics
from services.common.settings import RuntimeSettings

N = 50_000
BATCH = RuntimeSettings.model_fields["batch_max_records"].default


async def raw_aiokafka(bootstrap: str, n: int = N) -> Row:
    tag = uuid.uuid4().hex[:8]
    src, dst = f"bench-raw-in-{tag}", f"bench-raw-out-{tag}"
    await topics(bootstrap, src, dst)
    await prefill(bootstrap, src, [cloudevent_1kb(i) for i in range(n)])
    consumer = AIOKafkaConsumer(
        src,
        bootstrap_servers=bootstrap,
        group_id=f"g-{tag}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_batch_size=256 * 1024,
    )
    await consumer.start()
    await producer.start()
    clock = Clock(n)
    try:
        while not clock.done.is_set():
            batch = await consumer.getmany(timeout_ms=200, max_records=BATCH)
            records = [r for rs in batch.values() for r in rs]
            if not records:
                continue
            futures = [await producer.send(dst, r.value, key=r.key) for r in records]
            await asyncio.gather(*futures)
            await consumer.commit({tp: rs[-1].offset + 1 for tp, rs in batch.items()})
            clock.tick(len(records))
    finally:
        await producer.stop()
        await consumer.stop()
    return Row("raw aiokafka consume->publish->commit (batches)", clock.rate())


async def faststream_batch(bootstrap: str, n: int = N) -> Row:
    tag = uuid.uuid4().hex[:8]
    src, dst = f"bench-fs-in-{tag}", f"bench-fs-out-{tag}"
    await topics(bootstrap, src, dst)
    await prefill(bootstrap, src, [cloudevent_1kb(i) for i in range(n)])
    broker = KafkaBroker(
        bootstrap,
        linger_ms=5,
        logger=logging.getLogger("bench.faststream"),
        enable_idempotence=True,
        acks="all",
        max_batch_size=256 * 1024,
        log_level=10,
    )
    clock = Clock(n)

    async def raw_decoder(message: Any, _original: Any) -> Any:
        return message.body

    @broker.subscriber(
        src,
        group_id=f"g-{tag}",
        batch=True,
        max_records=BATCH,
        batch_timeout_ms=100,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        decoder=raw_decoder,
    )
    async def handle(msg: KafkaMessage) -> None:
        records = msg.raw_message
        futures = [await broker.publish(r.value, dst, key=r.key, no_confirm=True) for r in records]
        await asyncio.gather(*futures)
        offsets: dict[TopicPartition, int] = {}
        for r in records:
            offsets[TopicPartition(r.topic, r.partition)] = r.offset + 1
        await msg.consumer.commit(offsets)
        clock.tick(len(records))

    await broker.start()
    try:
        await asyncio.wait_for(clock.done.wait(), timeout=300)
    finally:
        await broker.stop()
    return Row("FastStream batch subscriber consume->publish->commit (no-op)", clock.rate())
