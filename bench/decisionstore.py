"""The decision store in PostgreSQL (issue 20): how fast the projector loads decisions (beside
a bare bulk insert of the same rows into a table of the same width, the ceiling), and how
long the officer's filtered pages take over all of them, each beside the target of 100 ms.

BENCH_STORE_DECISIONS decisions (default 1,000,000): the services' own decisions from the
sample events, copied with new ids and subjects (bench/auditpage.py), and the names of the
sample input events. A server of its own (services/auditweb/db/localpg.py).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, create_engine, text

from bench.auditpage import SAMPLES, decisions
from services.auditweb.db.localpg import running
from services.auditweb.db.migrate import engine_for, upgrade
from services.auditweb.db.projector import Record, project
from services.auditweb.db.search import Query, search

N = 1_000_000
BATCH = 2_000
TARGET_MS = 100.0
T0_MS = 1_795_000_000_000


def _records(n: int) -> Iterator[list[Record]]:
    """Batches of audit records, a second apart, after the sample input events."""
    events = SAMPLES.read_bytes().splitlines()
    yield [Record("inputs", 0, i, v, T0_MS) for i, v in enumerate(events)]
    template = decisions(min(n, 50_000))
    for start in range(0, n, BATCH):
        yield [
            Record("audit", i % 3, i, template[i % len(template)], T0_MS + i * 1000)
            for i in range(start, min(n, start + BATCH))
        ]


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
    with running() as server:
        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE bench"))
        engine = engine_for(server.url("bench"))
        upgrade(engine)
        started = time.perf_counter()
        stored = 0
        for batch in _records(n):
            stored += project(engine, batch).stored
        load = stored / (time.perf_counter() - started)
        ceiling = _bulk_ceiling(engine, min(n, 200_000))
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        out(f"\nDecision store (PostgreSQL, {stored:,} decisions)")
        out(f"  {'measure':<58} {'p50 ms':>8} {'p95 ms':>8} {'target':>8} {'rows':>6}")
        out(
            f"  {'load through the projector (decisions/s)':<58} {load:>8,.0f} "
            f"{'':>8} {'':>8}   bulk insert ceiling {ceiling:,.0f} rows/s"
        )
        middle = stored // 2
        with engine.connect() as conn:
            subject = conn.execute(
                text("SELECT subject_id FROM decisions WHERE id = :i"), {"i": middle}
            ).scalar_one()
        queries = [
            ("newest page, no filter", Query()),
            (
                "red screening decisions",
                Query(outcomes=frozenset({"red_flag"}), services=frozenset({"screening"})),
            ),
            (
                "amber, a page deep in the middle",
                Query(outcomes=frozenset({"needs_review"}), before=middle),
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
