"""Fault tests against the real broker: exactly one decision per input event, as a
read_committed reader sees the audit topic, under crashes, broker restarts, rebalances and
poison. Each test is bounded in time and prints its counts."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.common.localkafka import LocalKafka, free_port
from services.common.runtime import build_app
from tests.fakes import encode, partner_event, toy_service
from tests.kafkahelp import (
    committed_offsets,
    create_topics,
    exactly_once_report,
    produce,
    read_topic,
    running,
    settings_for,
)

pytestmark = pytest.mark.kafka
ROOT = Path(__file__).resolve().parents[2]


def publication_events(n: int, tag: str) -> list[tuple[bytes, bytes]]:
    sample = next(
        json.loads(x)
        for x in (ROOT / "examples/events.jsonl").read_text().splitlines()
        if "publication.review.requested" in x
    )
    out = []
    for i in range(n):
        event = json.loads(json.dumps(sample))
        event["id"] = f"{tag}-{i}"
        event["data"]["publication_id"] = f"PUB-{i}"
        out.append((f"PUB-{i}".encode(), json.dumps(event).encode()))
    return out


LOGS: list[Path] = []


def service_process(settings: Any, name: str = "publication") -> subprocess.Popen[bytes]:
    """The service as its own process; its JSON logs go to a file (see ``tails``)."""
    keys = {
        "kafka_bootstrap_servers",
        "input_topic",
        "audit_topic",
        "deadletter_topic",
        "group_id",
        "batch_max_records",
        "batch_timeout_ms",
    }
    env = {
        **os.environ,
        "CLEARWAY_HTTP_PORT": "0",
        "CLEARWAY_LOG_LEVEL": "INFO",
        **{f"CLEARWAY_{k.upper()}": str(v) for k, v in settings.model_dump(include=keys).items()},
    }
    log_file = (
        Path(os.environ.get("TMPDIR", "/tmp"))
        / f"clearway-fault-{settings.group_id}-{len(LOGS)}.log"
    )
    LOGS.append(log_file)
    with log_file.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "services", "run", name],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def tails(lines: int = 20) -> str:
    """The last log lines of the latest service processes, for a failing assertion's message."""
    out = []
    for path in LOGS[-2:]:
        text = [
            x for x in path.read_text(errors="replace").splitlines() if "Unable connect" not in x
        ]
        out.append(f"--- {path.name}\n" + "\n".join(x[:300] for x in text[-lines:]))
    return "\n".join(out)


def kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


@pytest.mark.timeout(240)
async def test_sigkill_at_random_points_then_restart(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique, batch_max_records=200)
    await create_topics(settings)
    events = publication_events(10_000, unique)
    rng = random.Random(7)
    producer = asyncio.create_task(
        _trickle(kafka_bootstrap, settings.input_topic, events, seconds=10)
    )
    kills = 0
    proc = service_process(settings)
    try:
        for _ in range(4):  # kill at random points while events flow, restart each time
            await asyncio.sleep(rng.uniform(1.5, 3.5))
            kill(proc)
            kills += 1
            proc = service_process(settings)
        await producer
        decisions = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=len(events), timeout=120, settle=3
        )
    finally:
        kill(proc)
    report = exactly_once_report(decisions, {json.loads(v)["id"] for _, v in events})
    print(f"kills={kills}")
    assert report == {
        "sent": 10_000,
        "decided": 10_000,
        "duplicates": 0,
        "lost": 0,
        "unexpected": 0,
        "dead_lettered": 0,
    }


async def _trickle(
    bootstrap: str, topic: str, records: list[tuple[bytes, bytes]], seconds: float
) -> None:
    """Produce the records in slices over ``seconds``, so faults land mid-stream."""
    slices = 20
    size = -(-len(records) // slices)
    for i in range(slices):
        await produce(bootstrap, topic, records[i * size : (i + 1) * size])
        await asyncio.sleep(seconds / slices)


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[LocalKafka]:
    broker = LocalKafka(tmp_path / "kafka", port=free_port(), controller_port=free_port())
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.mark.timeout(300)
async def test_broker_restart_mid_stream_recovers_without_restarting_the_service(
    own_broker: LocalKafka, unique: str
) -> None:
    bootstrap = own_broker.bootstrap_servers
    settings = settings_for(bootstrap, unique, batch_max_records=100, retry_backoff_seconds=0.5)
    await create_topics(settings)
    first, second = (
        publication_events(3_000, f"{unique}-a"),
        publication_events(3_000, f"{unique}-b"),
    )
    async with running(build_app(_publication(), settings)) as app:
        await produce(bootstrap, settings.input_topic, first)
        for _ in range(100):
            if (
                app.metrics.registry.get_sample_value(
                    "clearway_events_in_total", {"service": "publication"}
                )
                or 0
            ) > 500:
                break
            await asyncio.sleep(0.05)
        await asyncio.to_thread(own_broker.stop)  # SIGTERM the broker mid-stream
        await asyncio.sleep(3)
        await asyncio.to_thread(own_broker.start)
        await produce(bootstrap, settings.input_topic, second)
        decisions = await read_topic(
            bootstrap, settings.audit_topic, expect=6_000, timeout=150, settle=3
        )
    report = exactly_once_report(decisions, {json.loads(v)["id"] for _, v in first + second})
    assert report["lost"] == 0 and report["duplicates"] == 0 and report["unexpected"] == 0


def _publication() -> Any:
    from services import registry

    entry = registry.get("publication")
    return entry.definition(entry.settings())


@pytest.mark.timeout(240)
async def test_rebalance_when_one_of_two_instances_is_killed(
    kafka_bootstrap: str, unique: str
) -> None:
    settings = settings_for(kafka_bootstrap, unique, batch_max_records=100)
    await create_topics(settings, partitions=3)
    events = publication_events(8_000, unique)
    a, b = service_process(settings), service_process(settings)
    try:
        producer = asyncio.create_task(
            _trickle(kafka_bootstrap, settings.input_topic, events, seconds=8)
        )
        await asyncio.sleep(4)
        kill(a)  # b takes over a's partitions after the session times out
        await producer
        decisions = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=len(events), timeout=150, settle=3
        )
    finally:
        kill(a)
        kill(b)
    report = exactly_once_report(decisions, {json.loads(v)["id"] for _, v in events})
    assert report["lost"] == 0 and report["duplicates"] == 0 and report["unexpected"] == 0, tails()


def poison(n: int, tag: str) -> list[tuple[bytes, bytes]]:
    """Bad JSON, bad encoding, wrong type, missing fields, huge values, 1 MB payloads."""
    kinds = [
        lambda i: b'{"specversion": "1.0", "id": ' + str(i).encode(),
        lambda i: b"\xff\xfe\xfa" + str(i).encode(),
        lambda i: encode({**partner_event(i), "id": f"{tag}-p{i}", "type": "other.event"}),
        lambda i: encode(
            {
                "specversion": "1.0",
                "id": f"{tag}-p{i}",
                "source": "/t",
                "type": "partner.upserted",
                "time": "2026-01-01T00:00:00Z",
                "data": {"kind": "person"},
            }
        ),
        lambda i: encode(
            {
                **partner_event(i),
                "id": f"{tag}-p{i}",
                "data": {**partner_event(i)["data"], "name": "x" * 5_000},
            }
        ),
        lambda i: encode({**partner_event(i), "id": f"{tag}-p{i}", "padding": "y" * 1_048_576}),
    ]
    return [(f"poison-{i}".encode(), kinds[i % len(kinds)](i)) for i in range(n)]


@pytest.mark.timeout(240)
async def test_a_thousand_poison_records_never_block_a_partition(
    kafka_bootstrap: str, unique: str
) -> None:
    settings = settings_for(kafka_bootstrap, unique, batch_max_records=200)
    await create_topics(settings)
    valid = [
        (f"P-{i}".encode(), encode({**partner_event(i), "id": f"{unique}-v{i}"}))
        for i in range(2_000)
    ]
    bad = poison(1_000, unique)
    mixed = [r for pair in zip(valid[:1_000], bad, strict=True) for r in pair] + valid[1_000:]
    await produce(kafka_bootstrap, settings.input_topic, mixed)
    async with running(build_app(toy_service(), settings)):
        decisions = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=2_000, timeout=150
        )
        letters = await read_topic(
            kafka_bootstrap, settings.deadletter_topic, expect=1_000, timeout=150
        )
    report = exactly_once_report(
        decisions, {json.loads(v)["id"] for _, v in valid}, letters, sent=len(mixed)
    )
    assert report["lost"] == 0 and report["duplicates"] == 0 and report["dead_lettered"] == 1_000
    assert all(x["data"]["error"] and x["data"]["original"]["value_b64"] for x in letters)
    kinds = {x["data"]["error_kind"] for x in letters}
    assert kinds == {"not_json", "unknown_type", "invalid_data", "too_large"}
    committed, ends = await committed_offsets(
        kafka_bootstrap, settings.group_id, settings.input_topic
    )
    assert committed == ends
