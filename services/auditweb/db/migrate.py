"""The store's schema brought up to date with Alembic, from code (the page does it at start)
or from the command line (``clearway audit db upgrade``, later)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = Path(__file__).parent / "migrations"


def engine_for(url: str) -> Engine:
    """An engine for the store; SQLite gets foreign keys and a write-ahead log (readers do
    not wait for the projector)."""
    if url.startswith(("postgresql://", "postgres://")):  # as CloudNativePG's secrets give it
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # small pages of rows per INSERT: psycopg keeps the statement's parsed form for reuse
    engine = create_engine(url, future=True, insertmanyvalues_page_size=40)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: object, _record: object) -> None:
            cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration not yet applied (idempotent). Alembic's step-by-step lines stay
    out of the logs (and out of a command's standard output)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
