"""Each service: decisions/s of its pure decision path (parse, validate, decide, serialise)
and events/s end to end through the local broker with the real runtime (batches, acks,
commits), to print beside the passthrough ceiling measured in the same run."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import services.sanctions.matching as matching
from bench.harness import Clock, Row, TimedWriter, prefill, topics
from services import registry
from services.common.pipeline import Judge, RawRecord
from services.common.runtime import build_app, make_writer
from services.common.version import code_version

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "events.jsonl"


def events_for(types: tuple[str, ...], n: int) -> list[bytes]:
    """``n`` events cycled from the samples of these types, each with its own id and subject."""
    samples = [json.loads(x) for x in SAMPLES.read_text().splitlines() if x.strip()]
    mine = [e for e in samples if e["type"] in types]
    out = []
    for i in range(n):
        event = json.loads(json.dumps(mine[i % len(mine)]))
        event["id"] = f"bench-{i}"
        for key in ("partner_id", "transfer_id", "publication_id"):
            if key in event["data"]:
                event["data"][key] = f"{event['data'][key]}-{i}"
        out.append(json.dumps(event, ensure_ascii=False).encode())
    return out


def pure_rate(name: str, n: int) -> Row:
    entry = registry.get(name)
    settings = entry.settings()
    definition = entry.definition(settings)
    judge = Judge(
        definition, max_record_bytes=settings.max_record_bytes, code_version=code_version()
    )
    values = events_for(definition.accepted_types, n)
    started = time.perf_counter()
    for i, value in enumerate(values):
        emission = judge.judge(RawRecord("bench", 0, i, None, value))
        assert emission.kind == "decision"
    rate = n / (time.perf_counter() - started)
    return Row(
        f"{name}: pure decision path (parse, validate, decide, serialise)",
        rate,
        "(one core, no Kafka)",
    )


def pure_rate_as_written(name: str, n: int) -> Row:
    """The pure decision path with the matching modules run as written, not compiled
    (``CLEARWAY_PURE_PYTHON=1``, in a process of its own: which ones run is chosen at
    import), so that what mypyc gives is measured in the same run."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.services", name, str(n)],
        env={**os.environ, "CLEARWAY_PURE_PYTHON": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(done.stdout.split()[-1])
    return Row(
        f"{name}: pure decision path, matching run as written (not compiled)",
        rate,
        "(one core, no Kafka)",
    )


def compiled_note() -> str:
    """Which name-matching modules this process runs: mypyc's build or the sources."""
    if matching.NATIVE:
        return "compiled with mypyc"
    return "run as written: no current build (make native), or CLEARWAY_PURE_PYTHON=1"


async def broker_rate(name: str, bootstrap: str, n: int) -> Row:
    """The definition is built from the settings of this run: a service's background work
    (the screening service's review topic) must reach this run's broker, not the default."""
    entry = registry.get(name)
    tag = uuid.uuid4().hex[:8]
    settings = entry.settings(
        kafka_bootstrap_servers=bootstrap,
        input_topic=f"bench-{name}-in-{tag}",
        audit_topic=f"bench-{name}-audit-{tag}",
        deadletter_topic=f"bench-{name}-dlq-{tag}",
        group_id=f"bench-{tag}",
        http_port=0,
        log_level="WARNING",
    )
    definition = entry.definition(settings)
    await topics(bootstrap, settings.input_topic, settings.audit_topic, settings.deadletter_topic)
    await prefill(bootstrap, settings.input_topic, events_for(definition.accepted_types, n))
    clock = Clock(n)
    writer = TimedWriter(make_writer(settings), clock)
    app = build_app(definition, settings, writer=writer)
    await app.app.start()
    try:
        await asyncio.wait_for(clock.done.wait(), timeout=600)
    finally:
        await app.app.stop()
    return Row(
        f"{name}: end to end through the broker, {settings.processing_guarantee}",
        clock.rate(),
        f"({n:,} events, batches of {settings.batch_max_records})",
    )


if __name__ == "__main__":  # one pure rate, printed last: pure_rate_as_written reads it
    print(pure_rate(sys.argv[1], int(sys.argv[2])).events_per_s)
