"""Building what lives on, with the cyclic garbage collector paused.

Parsing the lists and building their index make millions of small objects (entries, names,
their forms, postings) that all live as long as the lists are in use: none is garbage, yet
each collection of the oldest generation walks all of them, and the caches besides
(``perf`` put about a sixth of an index build in the collector). Parsing and building
with it paused, a first start took 5.8 s instead of 6.5 s here (2026-12-04), at the same
peak memory. Reference counting still frees whatever is dropped on the way; only cycles
wait until the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector paused for the block, and running again after it if it ran before. The
    pause is the process's: a block inside another leaves the collector as the outer one
    found it, but of two blocks that overlap in two threads the first to end lets the
    collector run again during the rest of the other (never wrong, only slower; today
    parsing and building run one at a time, on the service's event loop)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
