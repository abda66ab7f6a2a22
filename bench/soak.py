"""Soak: mixed events for all four services through the local broker, each service in its
own process with exactly-once processing. Events are produced at a steady rate; the
report gives throughput, end-to-end latency (event produced -> decision on the audit
topic, from the records' timestamps) and each service's peak resident memory."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer, TopicPartition

from bench.harness import topics
from schemas.topics import TOPIC_OF_TYPE
from services import registry
from services.cli.audit import verify_topic
from services.common.integrity import SigningKey
from services.common.kafka import committed_reader, topic_partitions
from services.common.localkafka import free_port
from services.common.settings import RuntimeSettings

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "events.jsonl"


def mixed(n: int, tag: str) -> list[tuple[str, str, bytes]]:
    """(type, id, value) cycling over the sample events of every service."""
    samples = [json.loads(x) for x in SAMPLES.read_text().splitlines() if x.strip()]
    by_type: dict[str, list[dict[str, object]]] = {}
    for e in samples:
        by_type.setdefault(str(e["type"]), []).append(e)
    types = sorted(by_type)
    out = []
    for i in range(n):
        kind = types[i % len(types)]
        event = json.loads(json.dumps(by_type[kind][(i // len(types)) % len(by_type[kind])]))
        event["id"] = f"{tag}-{i}"
        data = event["data"]
        assert isinstance(data, dict)
        for key in ("partner_id", "transfer_id", "publication_id"):
            if key in data:
                data[key] = f"{data[key]}-{i}"
        out.append((kind, str(event["id"]), json.dumps(event, ensure_ascii=False).encode()))
    return out


async def wait_ready(ports: dict[str, int], limit_s: float = 120) -> None:
    """Until every service answers its readiness probe (lists loaded, broker reached)."""
    deadline = time.monotonic() + limit_s
    async with httpx.AsyncClient(timeout=1) as client:
        for name, port in ports.items():
            while True:
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/health/ready")).is_success:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    msg = f"{name} not ready after {limit_s:.0f} s"
                    raise TimeoutError(msg)
                await asyncio.sleep(0.2)


def peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(x.split()[1]) for x in status if x.startswith("VmHWM:")) / 1024


async def soak(bootstrap: str, n: int, rate: float) -> list[str]:
    tag = uuid.uuid4().hex[:8]
    names = registry.names()
    # which service takes which event type: the contract topic of the type is its input topic
    type_to_service = {
        kind: name
        for kind, topic in TOPIC_OF_TYPE.items()
        for name in names
        if registry.get(name).module.Settings().input_topic == topic.value
    }
    inputs = {name: f"soak-{name}-{tag}" for name in names}
    audit, dlq = f"soak-audit-{tag}", f"soak-dlq-{tag}"
    await topics(bootstrap, audit, dlq, *inputs.values())
    procs = {}
    ports = {name: free_port() for name in names}
    keys = {name: SigningKey.generate(f"soak-{name}-{tag}") for name in names}
    for name in names:
        env = {
            "CLEARWAY_SIGNING_KEY_ID": keys[name].key_id,
            "CLEARWAY_SIGNING_KEY": keys[name].pem().decode(),
            **os.environ,
            "CLEARWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "CLEARWAY_INPUT_TOPIC": inputs[name],
            "CLEARWAY_AUDIT_TOPIC": audit,
            "CLEARWAY_DEADLETTER_TOPIC": dlq,
            "CLEARWAY_GROUP_ID": f"soak-{name}-{tag}",
            "CLEARWAY_HTTP_PORT": str(ports[name]),
            "CLEARWAY_HTTP_HOST": "127.0.0.1",
            "CLEARWAY_LOG_LEVEL": "WARNING",
            "CLEARWAY_PROCESSING_GUARANTEE": "exactly_once",
        }
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "services", "run", name],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    events = [e for e in mixed(n, tag) if e[0] in type_to_service]
    sent_at: dict[str, float] = {}
    consumer = committed_reader({"bootstrap_servers": bootstrap})
    await consumer.start()
    consumer.assign(
        [
            TopicPartition(audit, p)
            for p in await topic_partitions({"bootstrap_servers": bootstrap}, audit)
        ]
    )
    latencies: list[float] = []
    seen: set[str] = set()
    #: decisions per source event on the audit topic (re-screens carry a trigger: not counted)
    decided: Counter[str] = Counter()

    async def collect() -> None:
        settle_until: float | None = None
        while len(seen) < len(events) or settle_until is None or time.time() < settle_until:
            if len(seen) >= len(events) and settle_until is None:
                settle_until = time.time() + 3  # a late duplicate would arrive now
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for r in records:
                    data = json.loads(r.value)["data"]
                    source = data["source_event_id"]
                    if source not in sent_at or data.get("trigger"):
                        continue
                    decided[source] += 1
                    if source not in seen:
                        seen.add(source)
                        latencies.append(r.timestamp / 1000 - sent_at[source])

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all")
    await producer.start()
    collector = asyncio.create_task(collect())
    await wait_ready(ports)  # the services have loaded their data
    started = time.time()
    try:
        for i, (kind, ident, value) in enumerate(events):
            target = started + i / rate
            delay = target - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            sent_at[ident] = time.time()
            await producer.send(inputs[type_to_service[kind]], value=value)
        await producer.flush()
        with contextlib.suppress(TimeoutError):  # what never arrived is reported as lost
            await asyncio.wait_for(collector, timeout=600)
    finally:
        await producer.stop()
        await consumer.stop()
    elapsed = time.time() - started
    peaks = {name: peak_mb(p.pid) for name, p in procs.items()}
    for p in procs.values():
        p.terminate()
        p.wait(30)
    # clearway audit verify over everything the soak wrote: signatures and chains
    verifier = RuntimeSettings(
        kafka_bootstrap_servers=bootstrap, public_keys={k.key_id: k.public for k in keys.values()}
    )
    trail, verify_s = await verify_topic(verifier, audit)
    totals: Counter[str] = Counter()
    for part in trail.partitions.values():
        totals.update(part.counts)
    latencies.sort()
    p50, p99 = latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000
    lines = [
        f"\nSoak ({len(events):,} mixed events over {len(names)} services, offered at {rate:,.0f}/s, "
        "exactly-once, each service in its own process)",
        f"  decided {len(seen):,} in {elapsed:.1f} s = {len(seen) / elapsed:,.0f} events/s; "
        f"lost {len(events) - len(seen)}, duplicated {sum(c - 1 for c in decided.values())} "
        "(target: 0 and 0, read_committed)",
        f"  end-to-end latency, event produced -> decision on the audit topic: p50 {p50:.0f} ms, "
        f"p99 {p99:.0f} ms",
        "  peak resident memory: " + ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items()),
        f"  clearway audit verify over the soak's audit topic: {totals['records']:,} records, "
        f"{totals['verified']:,} verified, all verify: {trail.ok}, in {verify_s:.1f} s = "
        f"{totals['records'] / verify_s:,.0f} records/s (peer: the services wrote "
        f"{len(seen) / elapsed:,.0f}/s)",
    ]
    return lines


def run(bootstrap: str) -> list[str]:
    n = int(os.environ.get("BENCH_SOAK_EVENTS", "100000"))
    rate = float(os.environ.get("BENCH_SOAK_RATE", "1000"))
    return asyncio.run(soak(bootstrap, n, rate))
