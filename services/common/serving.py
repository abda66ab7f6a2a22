"""Serving an ASGI application with uvicorn until SIGTERM or SIGINT, exiting cleanly.

Used by every service (health, metrics, AsyncAPI beside the Kafka consumer) and by the
audit page.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import Any

import uvicorn


class CleanExitServer(uvicorn.Server):
    """uvicorn re-raises SIGTERM after its graceful shutdown, so the process would end as
    "killed by signal". A service that stopped cleanly exits 0: handle the signals on the
    loop and only ask the server to exit."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.handle_exit, sig, None)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


async def serve_asgi(app: Any, *, host: str, port: int, grace_seconds: float) -> None:
    """Run ``app`` (with its lifespan) until SIGTERM/SIGINT, then shut down gracefully."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=int(grace_seconds),
    )
    await CleanExitServer(config).serve()
