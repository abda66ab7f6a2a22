"""Building what lives on, with the cyclic garbage collector paused.

Parsing the lists and building their index make millions of small objects (entries, names,
their forms, postings) that all live as long as the lists are in use: none is garbage, yet
each collection of the oldest generation walks all of them, and the caches besides. A
first start spent about a sixth of its time so (``perf``, 2026-12-04: 6.5 s with the
collector, 5.5 s paused, the same peak memory). Reference counting still frees whatever is
dropped on the way; only cycles wait until the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector paused for the block, and running again after it if it ran before (a
    block inside another, or in another thread, leaves it as the outer one found it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
