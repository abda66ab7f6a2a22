"""The decision store in PostgreSQL (issue 20): how fast the projector loads decisions (beside
a bare bulk insert of rows of a decision's size, the ceiling), and how long the officer's
filtered pages take over BENCH_STORE_DECISIONS decisions (default 1,000,000), each beside
the target of 100 ms.

The first BENCH_STORE_PROJECTED decisions (default 100,000) go through the projector, as
from the audit topic: the services' own decisions over the sample events, copied with new
ids and subjects (bench/auditpage.py), after the sample input events' names. The store is
then filled up to the full count by copying those rows inside the server with new ids,
subjects and times (reasons and names copied with them), so that the queries meet a store
of that size without the benchmark spending its time loading it. A server of its own
(services/auditweb/db/localpg.py).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, create_engine, text

from bench.auditpage import SAMPLES, decision
from services.auditweb.db.localpg import running
from services.auditweb.db.migrate import engine_for, upgrade
from services.auditweb.db.projector import Record, project
from services.auditweb.db.search import Query, search

N = 1_000_000
PROJECTED = 100_000
BATCH = 2_000
TARGET_MS = 100.0
T0_MS = 1_795_000_000_000


def _records(n: int) -> Iterator[list[Record]]:
    """Batches of audit records, a second apart, after the sample input events."""
    events = SAMPLES.read_bytes().splitlines()
    yield [Record("inputs", 0, i, v, T0_MS) for i, v in enumerate(events)]
    for start in range(0, n, BATCH):
        yield [
            Record("audit", i % 3, i, decision(i), T0_MS + i * 1000)
            for i in range(start, min(n, start + BATCH))
        ]


#: the copies: new ids, subjects and times; reasons and names follow their decision
COPY = """
INSERT INTO decisions (decision_id, digest, service, subject_type, subject_id, outcome,
    source_event_id, recorded_at, topic, partition, "offset", raw)
SELECT decision_id || '-c' || :g, digest, service, subject_type, subject_id || '-c' || :g,
    outcome, source_event_id, recorded_at + make_interval(secs => :shift), topic, partition,
    "offset" + :shift, raw
FROM decisions WHERE id <= :base ORDER BY id LIMIT :count;
INSERT INTO decision_reasons (decision, code, list_name, entry_id)
SELECT r.decision + :offset, r.code, r.list_name, r.entry_id
FROM decision_reasons r WHERE r.decision <= :last;
INSERT INTO decision_names (decision, name)
SELECT n.decision + :offset, n.name FROM decision_names n WHERE n.decision <= :last;
"""


def _fill(engine: Engine, base: int, n: int) -> None:
    """Copy the projected rows inside the server until the store holds ``n`` decisions."""
    g = 0
    total = base
    while total < n:
        g += 1
        count = min(base, n - total)
        with engine.begin() as conn:
            first = conn.execute(text("SELECT max(id) FROM decisions")).scalar_one()
            for statement in COPY.strip().split(";\n"):
                conn.execute(
                    text(statement),
                    {
                        "g": g,
                        "shift": g * base,
                        "base": base,
                        "count": count,
                        # ids of the copies follow in order: copy k of row i gets first + i
                        "offset": first,
                        "last": count,
                    },
                )
        total += count


def _timed(engine: Engine, query: Query, runs: int = 20) -> tuple[float, float, int]:
    times = []
    found = 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(search(engine, query))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], found


def _bulk_ceiling(engine: Engine, n: int) -> float:
    """Rows/s of a bare multi-row insert of rows as wide as a decision's (the ceiling)."""
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE ceiling (a bigint, b text, c bytea)"))
        payload = b"x" * 900
        started = time.perf_counter()
        for start in range(0, n, BATCH):
            conn.execute(
                text("INSERT INTO ceiling VALUES (:a, :b, :c)"),
                [
                    {"a": i, "b": f"d-{i}", "c": payload}
                    for i in range(start, min(n, start + BATCH))
                ],
            )
        return n / (time.perf_counter() - started)


def run(out: Callable[[str], None] = print) -> None:
    n = int(os.environ.get("BENCH_STORE_DECISIONS", N))
    projected = min(n, int(os.environ.get("BENCH_STORE_PROJECTED", PROJECTED)))
    with running() as server:
        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE bench"))
        engine = engine_for(server.url("bench"))
        upgrade(engine)
        started = time.perf_counter()
        stored = 0
        for batch in _records(projected):
            stored += project(engine, batch).stored
        load = stored / (time.perf_counter() - started)
        _fill(engine, stored, n)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM decisions")).scalar_one()
        ceiling = _bulk_ceiling(engine, min(n, 200_000))
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        out(f"\nDecision store (PostgreSQL, {stored:,} decisions)")
        out(f"  {'measure':<58} {'p50 ms':>8} {'p95 ms':>8} {'target':>8} {'rows':>6}")
        out(
            f"  {f'load through the projector, {projected:,} (decisions/s)':<58} {load:>8,.0f} "
            f"{'':>8} {'':>8}   bulk insert ceiling {ceiling:,.0f} rows/s"
        )
        middle = stored // 2
        with engine.connect() as conn:
            subject, middle_at = conn.execute(
                text("SELECT subject_id, recorded_at FROM decisions WHERE id = :i"), {"i": middle}
            ).one()
        queries = [
            ("newest page, no filter", Query()),
            (
                "red screening decisions",
                Query(outcomes=frozenset({"red_flag"}), services=frozenset({"screening"})),
            ),
            (
                "amber, a page deep in the middle",
                Query(outcomes=frozenset({"needs_review"}), before=middle, before_at=middle_at),
            ),
            ("one subject's history", Query(subject_id=subject)),
            ("by party name (prefix)", Query(name="banco nacional")),
            ("by reason code", Query(code="SANCTIONS_MATCH")),
            ("by list and entry", Query(list_name="us_ofac_sdn", entry_id="306")),
            (
                "a day's window, red",
                Query(
                    outcomes=frozenset({"red_flag"}),
                    since=_at(middle),
                    until=_at(middle) + timedelta(days=1),
                ),
            ),
        ]
        for label, query in queries:
            p50, p95, rows = _timed(engine, query)
            flag = "" if p95 <= TARGET_MS else "  over the target"
            out(f"  {label:<58} {p50:>8.1f} {p95:>8.1f} {TARGET_MS:>8.0f} {rows:>6}{flag}")
        engine.dispose()
        admin.dispose()


def _at(i: int) -> datetime:
    return datetime.fromtimestamp((T0_MS + i * 1000) / 1000, tz=UTC)
