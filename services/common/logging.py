"""structlog, configured once per process: JSON lines to stdout.

What may be logged: ids, types, codes, counts, timings. What may not: names, birth
dates, addresses, free text from events. Log calls in Clearway pass ids only; the
``_drop_personal_data`` processor is a second line of defence that removes keys
which would carry personal data if someone passed them by mistake.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

#: keys that never reach a log line, whatever a caller passes
PERSONAL_KEYS = frozenset(
    {
        "name",
        "names",
        "aliases",
        "birth_date",
        "address",
        "abstract",
        "description",
        "authors",
        "title",
        "note",
        "query_name",
        "matched_name",
        "data",
    }
)

_configured = False


class _Stream:
    """Writes to whatever ``sys.stdout`` (or ``sys.stderr``) is at the time of writing, so
    that a replaced and closed stream (test runners, embedding) never makes a log call raise."""

    def __init__(self, name: str = "stdout") -> None:
        self.name = name

    def write(self, text: str) -> int:
        try:
            written: int = getattr(sys, self.name).write(text)
            return written
        except ValueError:  # closed stream
            return 0

    def flush(self) -> None:
        with contextlib.suppress(ValueError):
            getattr(sys, self.name).flush()


def _drop_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in PERSONAL_KEYS & event_dict.keys():
        event_dict[key] = "[redacted]"
    return event_dict


def configure_logging(level: str = "INFO", stream: str = "stdout") -> None:
    """Configure structlog and the standard library (for aiokafka/FastStream) to JSON lines on
    ``stream``: stdout for services, stderr for commands whose stdout is data (batch mode)."""
    global _configured
    numeric = logging.getLevelName(level.upper())
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_personal_data,
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=_Stream(stream)),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(_Stream(stream))
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for noisy in ("aiokafka", "httpx", "uvicorn.error"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    _configured = True


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    if not _configured:
        configure_logging()
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(name)
    return logger
