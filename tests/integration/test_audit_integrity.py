"""A tamper-evident audit trail through the real broker: decisions signed and chained by
their writers verify; forged, altered, replayed, deleted and reordered records are all
found by ``clearway audit verify``; chains continue across a restart and a key rotation."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition
from pydantic import SecretStr
from typer.testing import CliRunner

from services.cli import app
from services.common.integrity import SigningKey, seal
from services.common.kafka import TopicSpec, committed_reader, ensure_topics, topic_partitions
from services.common.runtime import build_app
from tests.fakes import encode, partner_event, toy_service
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka
K1, K2 = SigningKey.generate("k1"), SigningKey.generate("k2")


def signed(settings: Any, key: SigningKey) -> Any:
    """Signing with ``key``, both keys known as an operator configures a rotation (the old
    key stays in CLEARWAY_PUBLIC_KEYS: the chain heads it signed are recovered with it)."""
    return settings.model_copy(
        update={
            "signing_key": SecretStr(key.pem().decode()),
            "signing_key_id": key.key_id,
            "public_keys": {K1.key_id: K1.public, K2.key_id: K2.public},
        }
    )


async def verify(bootstrap: str, topic: str, *keys: SigningKey) -> dict[str, Any]:
    """``clearway audit verify`` as an operator runs it (in a thread: it runs its own loop)."""
    return await asyncio.to_thread(_verify, bootstrap, topic, *keys)


def _verify(bootstrap: str, topic: str, *keys: SigningKey) -> dict[str, Any]:
    env = {
        "CLEARWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CLEARWAY_PUBLIC_KEYS": json.dumps({k.key_id: k.public for k in keys}),
    }
    result = CliRunner().invoke(app, ["audit", "verify", "--topic", topic, "--json"], env=env)
    assert result.stdout.startswith("{"), (
        result.stdout[:800],
        result.stderr[:800],
        repr(result.exception),
    )
    report: dict[str, Any] = json.loads(result.stdout)
    report["exit_code"] = result.exit_code
    return report


def totals(report: dict[str, Any]) -> dict[str, int]:
    keys = (
        "records",
        "verified",
        "unsigned",
        "unknown_key",
        "bad_signature",
        "broken_chain",
        "replayed",
        "restarts",
    )
    return {k: sum(p[k] for p in report["partitions"]) for k in keys}


async def records(bootstrap: str, topic: str) -> list[tuple[int, bytes, bytes | None, list[Any]]]:
    """Every record of the topic: (partition, value, key, headers), in partition order."""
    consumer = committed_reader({"bootstrap_servers": bootstrap})
    await consumer.start()
    out = []
    try:
        parts = await topic_partitions({"bootstrap_servers": bootstrap}, topic)
        tps = [TopicPartition(topic, p) for p in parts]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        await consumer.seek_to_beginning(*tps)
        pending = {tp for tp in tps if ends[tp] > 0}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500)
            for tp, rs in batch.items():
                out.extend((tp.partition, r.value, r.key, list(r.headers)) for r in rs)
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
    finally:
        await consumer.stop()
    return out


async def copy(
    bootstrap: str, rows: list[tuple[int, bytes, bytes | None, list[Any]]], name: str
) -> str:
    """The records written in this order, each to its partition, in a new topic."""
    await ensure_topics({"bootstrap_servers": bootstrap}, [TopicSpec(name, 3)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for partition, value, key, headers in rows:
            await producer.send_and_wait(name, value, key=key, partition=partition, headers=headers)
    finally:
        await producer.stop()
    return name


@pytest.mark.timeout(300)
async def test_the_audit_trail_verifies_and_every_tampering_is_found(
    kafka_bootstrap: str, unique: str
) -> None:
    settings = settings_for(kafka_bootstrap, unique)
    await create_topics(settings)
    first = [
        (f"P-{i}".encode(), encode(partner_event(i, ["DE", "IR", "KP"][i % 3]))) for i in range(60)
    ]
    await produce(kafka_bootstrap, settings.input_topic, first)
    async with running(build_app(toy_service(), signed(settings, K1))):
        await read_topic(kafka_bootstrap, settings.audit_topic, expect=60)
    # a restart with a rotated key: the chains go on, old records keep their old key id
    more = [(f"P-{i}".encode(), encode(partner_event(i, "IR"))) for i in range(60, 90)]
    await produce(kafka_bootstrap, settings.input_topic, more)
    async with running(build_app(toy_service(), signed(settings, K2))):
        await read_topic(kafka_bootstrap, settings.audit_topic, expect=90)

    report = await verify(kafka_bootstrap, settings.audit_topic, K1, K2)
    assert report["exit_code"] == 0 and report["ok"], report
    t = totals(report)
    assert t["records"] == 90 and t["verified"] == 90 and t["restarts"] == 0
    only_new = await verify(kafka_bootstrap, settings.audit_topic, K2)
    assert only_new["exit_code"] == 1 and totals(only_new)["unknown_key"] == 60

    rows = await records(kafka_bootstrap, settings.audit_topic)
    p0 = [r for r in rows if r[0] == 0]
    assert len(p0) >= 3
    victim = json.loads(p0[1][1])
    attacker = SigningKey.generate("attacker")

    def forged(envelope: dict[str, Any], key: SigningKey | None) -> bytes:
        cleared = {**envelope, "data": {**envelope["data"], "outcome": "cleared", "reasons": []}}
        cleared = {k: v for k, v in cleared.items() if not k.startswith("clearway")}
        raw = json.dumps(cleared).encode()
        return (
            seal(raw, key, envelope["clearwaywriter"], envelope["clearwaysig"], 0)[0]
            if key
            else raw
        )

    cases = {
        "forged_unsigned": ([*rows, (0, forged(victim, None), p0[1][2], [])], "unsigned"),
        "forged_other_key": ([*rows, (0, forged(victim, attacker), p0[1][2], [])], "unknown_key"),
        "altered": (
            [
                (
                    p,
                    json.dumps(
                        {**json.loads(v), "data": {**json.loads(v)["data"], "outcome": "cleared"}}
                    ).encode()
                    if v == p0[1][1]
                    else v,
                    k,
                    h,
                )
                for p, v, k, h in rows
            ],
            "bad_signature",
        ),
        "replayed": ([*rows, p0[1]], "replayed"),
        "deleted": ([r for r in rows if r is not p0[1]], "broken_chain"),
        "reordered": (
            [r for r in rows if r[0] != 0] + [p0[0], p0[2], p0[1], *p0[3:]],
            "broken_chain",
        ),
    }
    for name, (tampered, finding) in cases.items():
        topic = await copy(kafka_bootstrap, tampered, f"tampered-{name}-{unique}")
        found = await verify(kafka_bootstrap, topic, K1, K2)
        assert found["exit_code"] == 1, (name, totals(found))
        assert totals(found)[finding] >= 1, (name, totals(found))
