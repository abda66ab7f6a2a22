"""Fixtures of the decision store's tests: the store on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from services.auditweb.db.migrate import engine_for, upgrade
from tests.postgres import Server


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The store on SQLite in a file (the embedded default) and on a real PostgreSQL
    server (a database of its own per test)."""
    if request.param == "sqlite":
        engine = engine_for(f"sqlite:///{tmp_path / 'decisions.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    server: Server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = engine_for(server.url(name))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()
