"""``python -m bench``: all benchmarks, one broker, every figure beside the ceiling.

Environment: BENCH_EVENTS (passthrough, default 50,000), BENCH_SERVICE_EVENTS (per
service, default 20,000), BENCH_NEGATIVES (screening false-positive set, default all
50,000), BENCH_SOAK_EVENTS / BENCH_SOAK_RATE (default 100,000 at 1,000/s),
BENCH_AUDIT_DECISIONS (audit page, default 100,000), BENCH_STORE_DECISIONS (decision store
in PostgreSQL, default 1,000,000), BENCH_SKIP_QUALITY=1, BENCH_SKIP_SOAK=1,
BENCH_SKIP_AUDIT_PAGE=1, BENCH_SKIP_STORE=1 and BENCH_SKIP_PEERS=1 to leave sections out
(the side-by-side with nomenklatura's matchers: BENCH_PEER_NEGATIVES, default 2,000, and
BENCH_PEER_MUTATION_ENTRIES per list, default 10).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from bench import (
    auditpage,
    decisionstore,
    passthrough,
    peers,
    quality,
    rescreen,
    services,
    soak,
)
from bench.harness import Row, broker, print_table
from services import registry
from services.common.logging import configure_logging


async def run(bootstrap: str) -> int:
    n = int(os.environ.get("BENCH_EVENTS", passthrough.N))
    per_service = int(os.environ.get("BENCH_SERVICE_EVENTS", "20000"))
    raw = await passthrough.raw_aiokafka(bootstrap, n)
    fast = await passthrough.faststream_batch(bootstrap, n)
    ceiling = fast.events_per_s
    print_table(
        f"Passthrough ceiling ({n:,} CloudEvents of 1 KB, batches of {passthrough.BATCH})",
        [raw, fast],
        ceiling,
    )
    rows: list[Row] = []
    for name in registry.names():
        rows.append(services.pure_rate(name, per_service))
        if name == "screening":
            rows.append(services.pure_rate_as_written(name, per_service))
        rows.append(await services.broker_rate(name, bootstrap, per_service))
    print_table("Services (share of the FastStream passthrough ceiling above)", rows, ceiling)
    print(f"  name matching in this run: {services.compiled_note()}")
    print(
        "  targets for screening: pure decision path >= 3,000 events/s on one core; end to "
        "end with exactly-once >= 40 % of the ceiling"
    )
    if not os.environ.get("BENCH_SKIP_AUDIT_PAGE"):
        for line in await auditpage.run(bootstrap):
            print(line)
    if not os.environ.get("BENCH_SKIP_SOAK"):
        for line in await asyncio.to_thread(soak.run, bootstrap):
            print(line)
        print(f"  (ceiling in this run: FastStream passthrough {ceiling:,.0f} events/s)")
    return 0


def main() -> int:
    configure_logging("WARNING", stream="stderr")
    logging.getLogger("clearway.faststream").setLevel(logging.WARNING)
    with broker() as bootstrap:
        code = asyncio.run(run(bootstrap))
    if not os.environ.get("BENCH_SKIP_STORE"):
        decisionstore.run()
    if not os.environ.get("BENCH_SKIP_QUALITY"):
        quality.run(print)
        for line in rescreen.run():
            print(line)
    if not os.environ.get("BENCH_SKIP_PEERS"):
        from services.sanctions.settings import DEFAULT_LISTS, shared_data_dir
        from services.sanctions.store import ListStore

        data = shared_data_dir()
        # the scoring is compared, not the start: a kept index serves where one is set
        cache = os.environ.get("CLEARWAY_SCREENING_CACHE_DIR")
        store = ListStore(
            [str(data / p) for p in DEFAULT_LISTS], cache_dir=Path(cache) if cache else None
        )
        index = store.load_all().index
        assert index is not None
        for line in peers.run(index, data):
            print(line)
    return code


if __name__ == "__main__":
    sys.exit(main())
