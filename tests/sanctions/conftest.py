from __future__ import annotations

from pathlib import Path

import pytest

from services.sanctions.settings import DEFAULT_LISTS
from services.sanctions.snapshot import Snapshot
from services.sanctions.store import ListStore


@pytest.fixture(scope="session")
def real_snapshot(shared_dir: Path) -> Snapshot:
    """The default lists, loaded and indexed once per test session."""
    store = ListStore([str(shared_dir / "data" / p) for p in DEFAULT_LISTS])
    snapshot = store.load_all()
    assert snapshot.index is not None and not snapshot.failed
    return snapshot
