"""The runtime against a real Kafka broker: decisions, dead letters, offsets, redelivery,
restart. Every test uses its own topics and consumer group."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from services.common.runtime import build_app
from tests.fakes import POISON, REJECTED_EVENTS, encode, partner_event, toy_service
from tests.kafkahelp import (
    committed_offsets,
    create_topics,
    produce,
    read_topic,
    running,
    settings_for,
    unsealed,
)

pytestmark = pytest.mark.kafka


async def test_end_to_end_decisions_dead_letters_and_committed_offsets(
    kafka_bootstrap: str, unique: str
) -> None:
    settings = settings_for(kafka_bootstrap, unique)
    await create_topics(settings)
    valid = [partner_event(i, ["DE", "IR", "KP"][i % 3]) for i in range(300)]
    records = [(e["data"]["partner_id"].encode(), encode(e)) for e in valid]
    records += [(f"bad-{i}".encode(), value) for i, (value, _) in enumerate(POISON)]
    records.append((b"huge", encode(partner_event(999, name="x" * 400)) + b" " * 1_100_000))
    await produce(
        kafka_bootstrap, settings.input_topic, records, headers=[("binary-header", b"\xff\x00")]
    )

    async with running(build_app(toy_service(), settings)):
        everything = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=len(valid) + len(REJECTED_EVENTS) + 1
        )
        letters = await read_topic(
            kafka_bootstrap, settings.deadletter_topic, expect=len(POISON) + 1
        )
        await asyncio.sleep(0.5)
    decisions = [d for d in everything if d["data"]["rules_version"] != "rejected"]
    rejected = [d for d in everything if d["data"]["rules_version"] == "rejected"]
    # a rejected event naming its partner: an amber decision for the partner, beside the letter
    assert {d["data"]["source_event_id"] for d in rejected} == {*REJECTED_EVENTS, "evt-999"}
    assert {d["data"]["outcome"] for d in rejected} == {"needs_review"}
    per_event = Counter(d["data"]["source_event_id"] for d in decisions)
    print(
        f"\ncounts: sent={len(records)} decided={len(decisions)} "
        f"dead-lettered={len(letters)} duplicates={sum(c - 1 for c in per_event.values())}"
    )
    assert set(per_event) == {e["id"] for e in valid}
    assert all(count == 1 for count in per_event.values())
    outcomes = Counter(d["data"]["outcome"] for d in decisions)
    assert outcomes == {"cleared": 100, "needs_review": 100, "red_flag": 100}
    assert Counter(x["data"]["error_kind"] for x in letters) == (
        Counter(kind for _, kind in POISON) + Counter({"too_large": 1})
    )
    committed, ends = await committed_offsets(
        kafka_bootstrap, settings.group_id, settings.input_topic
    )
    assert committed == ends


async def test_redelivered_event_gets_the_same_decision(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique)
    await create_topics(settings, partitions=1)
    event = encode(partner_event(1, "IR"))
    await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", event), (b"P-1", event)])
    async with running(build_app(toy_service(), settings)):
        decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=2)
    assert len(decisions) == 2
    # the same decision twice; as two records of the log, each has its own link in the chain
    assert unsealed(decisions[0]) == unsealed(decisions[1])
    assert decisions[1]["clearwayprev"] != decisions[0]["clearwayprev"]
    assert decisions[0]["data"]["decision_id"] == decisions[0]["id"]


async def test_stopping_mid_stream_loses_nothing(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique, batch_max_records=20)
    await create_topics(settings)
    valid = [partner_event(i, ["DE", "IR", "KP"][i % 3]) for i in range(3_000)]
    await produce(
        kafka_bootstrap,
        settings.input_topic,
        [(e["data"]["partner_id"].encode(), encode(e)) for e in valid],
    )

    first = build_app(toy_service(), settings)
    async with running(first):
        for _ in range(200):
            decided = (
                first.metrics.registry.get_sample_value(
                    "clearway_events_in_total", {"service": "screening"}
                )
                or 0
            )
            if decided >= 300:
                break
            await asyncio.sleep(0.05)
    decided_before_restart = int(decided)
    assert 0 < decided_before_restart < len(valid), "the first run should stop mid-stream"

    async with running(build_app(toy_service(), settings)):
        decisions = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=len(valid), timeout=90
        )
    by_event: dict[str, list[dict[str, object]]] = {}
    for d in decisions:
        by_event.setdefault(str(d["data"]["source_event_id"]), []).append(d)  # type: ignore[index]
    missing = {e["id"] for e in valid} - set(by_event)
    duplicates = sum(len(v) - 1 for v in by_event.values())
    print(
        f"\ncounts: sent={len(valid)} decided-before-stop={decided_before_restart} "
        f"decided={len(by_event)} lost={len(missing)} duplicates={duplicates}"
    )
    assert not missing
    # at-least-once across a restart: a copy, if any, is the identical decision
    assert all(all(copy == copies[0] for copy in copies) for copies in by_event.values())
    committed, ends = await committed_offsets(
        kafka_bootstrap, settings.group_id, settings.input_topic
    )
    assert committed == ends
