"""What the runtime offers a service's background task (re-screening, list refresh)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition

from services.common.pipeline import Emission, Judge
from services.common.settings import RuntimeSettings


@dataclass(frozen=True)
class RuntimeContext:
    """The service's settings; the Judge the runtime built for it (decisions made outside
    the input stream get the same ids, envelope and code version); the input partitions
    this instance owns now; and a way to write decisions for one of those partitions in one
    transaction."""

    settings: RuntimeSettings
    judge: Judge[Any]
    assignment: Callable[[], frozenset[TopicPartition]]
    publish: Callable[[TopicPartition, Sequence[Emission]], Coroutine[Any, Any, None]]
