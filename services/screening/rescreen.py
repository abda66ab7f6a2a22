"""Re-screening after a list change, on Kafka itself.

Each instance re-screens the partners of the partner-topic partitions it owns, so the work
splits with the consumer group. The known partners are the latest record per partner in
the compacted partner topic (read with read_committed). Each is decided with the old and the
new lists; a new decision is published only where the outcome or the matches changed. Its
id derives from the source event and the new list versions, and it says why it exists
(``trigger: lists_changed``) and which lists it replaced (``previous_lists_version``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition

from schemas.decision import outcome_of
from schemas.events import PartnerUpsertedEvent
from services.common.context import RuntimeContext
from services.common.kafka import committed_reader
from services.common.logging import get_logger
from services.common.pipeline import Emission
from services.common.service import Verdict
from services.sanctions.snapshot import Snapshot

log = get_logger("clearway.rescreen")
Decider = Callable[[Snapshot], Callable[[PartnerUpsertedEvent], Verdict]]


@dataclass
class RescreenReport:
    partitions: int = 0
    partners: int = 0
    changed: int = 0
    seconds: float = 0.0


def signature(verdict: Verdict) -> tuple[str, frozenset[tuple[Any, ...]]]:
    """What a re-screen compares: the outcome and which entries were raised, how, for whom."""
    raised = frozenset(
        (r.code.value, r.evidence.get("party"), r.evidence.get("list"), r.evidence.get("entry_id"))
        for r in verdict.reasons
    )
    return outcome_of(list(verdict.reasons)).value, raised


async def known_partners(
    ctx: RuntimeContext, partitions: list[TopicPartition]
) -> dict[TopicPartition, list[bytes]]:
    """The latest record of every key in these partitions of the compacted partner topic."""
    consumer = committed_reader(ctx.settings.client_options())
    await consumer.start()
    latest: dict[TopicPartition, dict[bytes, bytes]] = {tp: {} for tp in partitions}
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500)
            for tp, records in batch.items():
                for r in records:
                    key = r.key or f"offset-{r.offset}".encode()
                    if r.value is None:
                        latest[tp].pop(key, None)
                    else:
                        latest[tp][key] = r.value
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
    finally:
        await consumer.stop()
    return {tp: list(values.values()) for tp, values in latest.items()}


async def rescreen(
    ctx: RuntimeContext,
    decide_with: Decider,
    old: Snapshot,
    new: Snapshot,
) -> RescreenReport:
    started = time.perf_counter()
    judge = ctx.judge
    report = RescreenReport()
    partitions = sorted(
        (tp for tp in ctx.assignment() if tp.topic == ctx.settings.input_topic),
        key=lambda tp: tp.partition,
    )
    report.partitions = len(partitions)
    variant = (
        "lists:"
        + hashlib.sha256(json.dumps(new.versions, sort_keys=True).encode()).hexdigest()[:16]
    )
    before, after = decide_with(old), decide_with(new)
    for tp, values in (await known_partners(ctx, partitions)).items():
        emissions: list[Emission] = []
        for value in values:
            event: PartnerUpsertedEvent | None = judge.parse(value)
            if event is None:
                continue  # bad records were dead-lettered when they first arrived
            report.partners += 1
            old_verdict, new_verdict = before(event), after(event)
            if signature(old_verdict) != signature(new_verdict):
                emissions.append(
                    judge.emit(
                        event,
                        new_verdict,
                        variant=variant,
                        extra={"trigger": "lists_changed", "previous_lists_version": old.versions},
                    )
                )
        if emissions:
            await ctx.publish(tp, emissions)
            report.changed += len(emissions)
    report.seconds = time.perf_counter() - started
    log.info(
        "rescreened",
        partitions=report.partitions,
        partners=report.partners,
        changed=report.changed,
        seconds=round(report.seconds, 3),
        lists=new.versions,
    )
    return report
