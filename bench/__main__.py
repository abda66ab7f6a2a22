"""``python -m bench``: all benchmarks, one broker, figures beside the ceiling."""

from __future__ import annotations

import asyncio
import os
import sys

from bench import passthrough
from bench.harness import Row, broker, print_table


async def run(bootstrap: str) -> int:
    n = int(os.environ.get("BENCH_EVENTS", passthrough.N))
    raw = await passthrough.raw_aiokafka(bootstrap, n)
    fast = await passthrough.faststream_batch(bootstrap, n)
    rows: list[Row] = [raw, fast]
    ceiling = fast.events_per_s
    print_table(
        f"Passthrough ceiling ({n:,} CloudEvents of 1 KB, {passthrough.BATCH}-record batches)",
        rows,
        ceiling,
    )
    return 0


def main() -> int:
    with broker() as bootstrap:
        return asyncio.run(run(bootstrap))


if __name__ == "__main__":
    sys.exit(main())
