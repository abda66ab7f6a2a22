"""Broker, data and timing helpers shared by the benchmarks."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.common.kafka import TopicSpec, ensure_topics
from services.common.localkafka import LocalKafka, free_port
from services.common.pipeline import Emission

PARTITIONS = 3


@contextmanager
def broker() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS if set, else a fresh local broker for this run."""
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield servers
        return
    with tempfile.TemporaryDirectory(prefix="clearway-bench-") as tmp:
        local = LocalKafka(Path(tmp), port=free_port(), controller_port=free_port(), heap="1g")
        seconds = local.start()
        print(
            f"broker: local Kafka {local.version} on {local.bootstrap_servers}, "
            f"ready in {seconds:.1f}s"
        )
        try:
            yield local.bootstrap_servers
        finally:
            local.stop()


def cloudevent_1kb(
    i: int, event_type: str = "bench.noop", data: Mapping[str, Any] | None = None
) -> bytes:
    """A CloudEvent of about 1 KB (padding in an extension attribute)."""
    event = {
        "specversion": "1.0",
        "id": f"bench-{i}",
        "source": "/bench",
        "type": event_type,
        "time": "2026-11-20T09:30:00Z",
        "datacontenttype": "application/json",
        "data": dict(data or {"n": i}),
    }
    raw = json.dumps(event)
    pad = max(0, 1024 - len(raw) - 12)
    return json.dumps({**event, "padding": "x" * pad}).encode()


async def topics(bootstrap: str, *names: str) -> None:
    await ensure_topics({"bootstrap_servers": bootstrap}, [TopicSpec(n, PARTITIONS) for n in names])


async def prefill(bootstrap: str, topic: str, values: Sequence[bytes]) -> float:
    """Produce ``values`` as fast as the client allows; returns events/s."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, linger_ms=5, max_batch_size=256 * 1024, acks="all"
    )
    await producer.start()
    started = time.perf_counter()
    try:
        futures = [await producer.send(topic, v, key=str(i).encode()) for i, v in enumerate(values)]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return len(values) / (time.perf_counter() - started)


@dataclass
class Clock:
    """Times a stream from its first processed batch to its last."""

    expected: int
    count: int = 0
    first: float | None = None
    last: float | None = None
    first_batch: int = 0

    def __post_init__(self) -> None:
        self.done = asyncio.Event()
        self.created = time.perf_counter()

    def tick(self, n: int) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first, self.first_batch = now, n
        self.count += n
        self.last = now
        if self.count >= self.expected:
            self.done.set()

    def rate(self) -> float:
        """Events/s after the first batch (so group joins and start-up are not counted); a
        stream that fit in one batch (tiny smoke-test sizes) is timed from the clock's start."""
        if self.first is None or self.last is None:
            return float("nan")
        if self.last <= self.first:
            return self.count / (self.last - self.created)
        return (self.count - self.first_batch) / (self.last - self.first)


class TimedWriter:
    """Wraps a runtime writer and ticks a clock after each committed batch."""

    def __init__(self, inner: Any, clock: Clock) -> None:
        self.inner, self.clock = inner, clock

    async def start(self) -> None:
        await self.inner.start()

    async def stop(self) -> None:
        await self.inner.stop()

    async def write(
        self,
        batch: Mapping[TopicPartition, Sequence[Emission]],
        offsets: Mapping[TopicPartition, int],
        consumer: AIOKafkaConsumer,
    ) -> None:
        await self.inner.write(batch, offsets, consumer)
        self.clock.tick(sum(len(v) for v in batch.values()))

    async def publish(self, tp: TopicPartition, emissions: Sequence[Emission]) -> None:
        await self.inner.publish(tp, emissions)

    async def assigned(self, tps: Sequence[TopicPartition]) -> bool:
        return bool(await self.inner.assigned(tps))

    async def revoked(self, tps: Sequence[TopicPartition]) -> None:
        await self.inner.revoked(tps)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident memory of this process (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Row:
    name: str
    events_per_s: float
    note: str = ""


def print_table(title: str, rows: Sequence[Row], ceiling: float | None) -> None:
    print(f"\n{title}")
    print(f"  {'measure':<70} {'events/s':>9} {'of ceiling':>11}")
    for row in rows:
        share = (
            f"{row.events_per_s / ceiling:>10.0%}"
            if ceiling and row.events_per_s == row.events_per_s
            else ""
        )
        print(f"  {row.name:<70} {row.events_per_s:>9,.0f} {share:>11}  {row.note}")
