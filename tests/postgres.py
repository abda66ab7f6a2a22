"""A real PostgreSQL server for the tests (services/auditweb/db/localpg.py), started once per
session. Never a mock; when the server cannot start the tests fail, they are not skipped."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from services.auditweb.db.localpg import NotStarted, Server
from services.auditweb.db.localpg import running as local_running

__all__ = ["Server", "running"]


@contextlib.contextmanager
def running() -> Iterator[Server]:
    try:
        with local_running() as server:
            yield server
    except NotStarted as exc:
        pytest.fail(str(exc))
