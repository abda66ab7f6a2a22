"""Time and resident memory of a fresh process that loads the default lists the way a
screening instance starts (``python -m bench.memprobe [CACHE_DIR]``): without a cache folder,
parse and index every list; with one, read the lists and index kept there by an earlier
start on the same lists (``indexcache``), or parse, index and keep them when there are none.
Prints seconds, peak MB, entries and where the index came from."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from services.sanctions.settings import DEFAULT_LISTS, shared_data_dir
from services.sanctions.store import ListStore


def main() -> None:
    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    started = time.perf_counter()
    store = ListStore([str(shared_data_dir() / p) for p in DEFAULT_LISTS], cache_dir=cache)
    snapshot = store.load_all()
    assert snapshot.index is not None
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec from the parent
    with open("/proc/self/status") as status:
        peak = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:")) / 1024
    print(f"{seconds:.2f} {peak:.0f} {snapshot.index.size} {store.index_origin}")


if __name__ == "__main__":
    main()
