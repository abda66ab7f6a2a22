"""The audit page: how fast it reads the audit topic into memory (beside a bare
read_committed consumer on the same topic, the ceiling), how much memory a decision
costs, and how long the page's questions take over everything held.

The decisions are the services' own, from the sample events (all four services), copied
with new ids and subjects up to BENCH_AUDIT_DECISIONS (default 100,000).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiokafka import TopicPartition

from bench.harness import prefill, rss_mb, topics
from services import registry
from services.auditweb import views
from services.auditweb.reader import AuditReader, Notifier
from services.auditweb.store import DecisionStore, Filter
from services.common.batch import judge_lines
from services.common.kafka import committed_reader, topic_partitions
from services.common.pipeline import Judge

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "events.jsonl"
N = 100_000


@functools.cache
def _real() -> tuple[str, ...]:
    """The services' own decisions over the sample events (made once per process: building
    the services loads every list)."""
    real: list[dict[str, Any]] = []
    lines = SAMPLES.read_bytes().splitlines()
    for name in registry.names():
        entry = registry.get(name)
        definition = entry.definition(entry.settings())
        judge = Judge(definition, max_record_bytes=1_048_576, code_version="bench")
        mine = [ln for ln in lines if json.loads(ln)["type"] in definition.accepted_types]
        real.extend(json.loads(e.value) for e in judge_lines(judge, mine, source="bench"))
    return tuple(json.dumps(d) for d in real if d.get("type") == "compliance.decision.made")


def decisions(n: int) -> list[bytes]:
    """``n`` decision records: the services' real decisions, copied with new ids."""
    return [decision(i) for i in range(n)]


def decision(i: int) -> bytes:
    """The ``i``-th of :func:`decisions`."""
    real = _real()
    event = json.loads(real[i % len(real)])
    data = event["data"]
    data["decision_id"] = event["id"] = f"{data['decision_id']}-{i}"
    data["subject_id"] = event["subject"] = f"{data['subject_id']}-{i % 20_000}"
    return json.dumps(event).encode()


async def bare_read(bootstrap: str, topic: str, n: int) -> float:
    """Records/s of a consumer that only reads (read_committed, no group): the ceiling."""
    options = {"bootstrap_servers": bootstrap}
    consumer = committed_reader(options)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in await topic_partitions(options, topic)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        started = time.perf_counter()
        count = 0
        while count < n:
            batch = await consumer.getmany(timeout_ms=500, max_records=5_000)
            count += sum(len(records) for records in batch.values())
        return n / (time.perf_counter() - started)
    finally:
        await consumer.stop()


def timed(action: Callable[[], Any], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best * 1000


async def run(bootstrap: str) -> list[str]:
    n = int(os.environ.get("BENCH_AUDIT_DECISIONS", N))
    values = decisions(n)
    topic = f"bench-audit-{uuid.uuid4().hex[:8]}"
    await topics(bootstrap, topic)
    await prefill(bootstrap, topic, values)
    ceiling = await bare_read(bootstrap, topic, n)

    gc.collect()
    before = rss_mb()
    store = DecisionStore(capacity=max(n, 1))
    reader = AuditReader({"bootstrap_servers": bootstrap}, topic, store, Notifier())
    started = time.perf_counter()
    task = asyncio.create_task(reader.run())
    await reader.caught_up.wait()
    seconds = time.perf_counter() - started
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    gc.collect()
    held_mb = rss_mb() - before
    raw_kb = sum(len(v) for v in values) / n / 1024

    everything = Filter()
    red = Filter(outcomes=frozenset({"red_flag"}))
    subject = store.history(next(iter(store.matching(everything))).subject_id)
    lines = [
        f"\nAudit page ({n:,} real decisions of all four services, {raw_kb:.1f} KB each)",
        f"  read into memory (read_committed, parsed, compressed, indexed): "
        f"{len(store) / seconds:,.0f} decisions/s, {seconds:.1f} s in all "
        f"(ceiling: a bare read_committed consumer on the same topic, {ceiling:,.0f}/s)",
        f"  memory held: {held_mb:,.0f} MB resident for {len(store):,} decisions "
        f"({held_mb * 1024 * 1024 / max(len(store), 1):,.0f} bytes each)",
        f"  newest 200 rows: {timed(lambda: views_page(store, everything)):.1f} ms; "
        f"200 red flags: {timed(lambda: views_page(store, red)):.1f} ms; "
        f"a subject's history ({len(subject)} decisions): "
        f"{timed(lambda: views.history(subject)):.1f} ms",
        f"  counts and hourly plot over all: "
        f"{timed(lambda: store.stats(everything).as_json()):.1f} ms (running totals); "
        f"red flags only: {timed(lambda: store.stats(red).as_json()):.0f} ms (counted afresh); "
        f"CSV export of all: {timed(lambda: export_all(store), 1):,.0f} ms",
    ]
    return lines


def views_page(store: DecisionStore, where: Filter) -> list[dict[str, Any]]:
    return [views.row(e) for e in store.page(where, limit=200)]


def export_all(store: DecisionStore) -> int:
    return sum(1 for _ in views.csv_lines(store.matching(Filter(), newest_first=False)))
