"""Shared fixtures. The Kafka broker follows the order the README documents:

1. ``KAFKA_BOOTSTRAP_SERVERS`` set: use that cluster, start nothing;
2. a Docker engine answers: testcontainers' Kafka container;
3. otherwise: the project's own local broker, resolved from Maven Central.

Under CI (``CI=true``) a broker that cannot start fails the run; it never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from services.common.localkafka import LocalKafka, free_port
from services.sanctions.settings import DEFAULT_LISTS
from services.sanctions.snapshot import Snapshot
from services.sanctions.store import ListStore
from tests.keycloak import Keycloak
from tests.keycloak import running as keycloak_running
from tests.postgres import Server, running

# Properties are about what holds, not how fast: speed lives in the benchmarks (make bench).
# Hypothesis's per-example deadline would make a property flaky on a busy CI machine.
hypothesis_settings.register_profile("clearway", deadline=None)
hypothesis_settings.load_profile("clearway")

SHARED = Path(os.environ.get("CLEARWAY_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


def _docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return (
            subprocess.run(
                ["docker", "info"], capture_output=True, timeout=10, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield servers
        return
    try:
        if _docker_engine_answers():
            from testcontainers.kafka import KafkaContainer

            with KafkaContainer().with_kraft() as container:
                yield container.get_bootstrap_server()
            return
        port = free_port()
        broker = LocalKafka(
            tmp_path_factory.mktemp("kafka"), port=port, controller_port=free_port()
        )
        started = time.monotonic()
        broker.start()
        print(
            f"\nlocal Kafka {broker.version} ready in {time.monotonic() - started:.1f}s "
            f"on {broker.bootstrap_servers}"
        )
    except Exception as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Kafka broker could not start under CI: {exc}", pytrace=False)
        raise
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture
def unique() -> str:
    """A short unique suffix for topic and group names, so tests never share state."""
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set CLEARWAY_SHARED_DIR")
    return SHARED


@pytest.fixture(scope="session")
def real_snapshot(shared_dir: Path) -> Snapshot:
    """The default lists, loaded and indexed once per test session."""
    store = ListStore([str(shared_dir / "data" / p) for p in DEFAULT_LISTS])
    snapshot = store.load_all()
    assert snapshot.index is not None and not snapshot.failed
    return snapshot


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """Debian's PostgreSQL server, started for this session (tests/postgres.py)."""
    with running() as server:
        yield server


@pytest.fixture(scope="session")
def keycloak() -> Iterator[Keycloak]:
    """Keycloak from Maven Central, with the test realm (tests/keycloak.py)."""
    with keycloak_running() as server:
        yield server
