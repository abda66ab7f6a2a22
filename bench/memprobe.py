"""Resident memory of a fresh process that loads the default lists and builds the index,
the way a screening instance starts (``python -m bench.memprobe``)."""

from __future__ import annotations

import time

from services.sanctions.settings import DEFAULT_LISTS, shared_data_dir
from services.sanctions.store import ListStore


def main() -> None:
    started = time.perf_counter()
    store = ListStore([str(shared_data_dir() / p) for p in DEFAULT_LISTS])
    snapshot = store.load_all()
    assert snapshot.index is not None
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec from the parent
    with open("/proc/self/status") as status:
        peak = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:")) / 1024
    print(f"{seconds:.2f} {peak:.0f} {snapshot.index.size}")


if __name__ == "__main__":
    main()
