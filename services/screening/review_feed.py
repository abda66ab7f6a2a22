"""The review topic followed live: the screening service's reviewer state is rebuilt from
the compacted ``compliance.review.v1`` on start, before anything is judged, then kept up to
date. The Kafka side of ``reviews.py``, which stays pure."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from services.common.kafka import committed_batches, wait_for_partitions
from services.common.logging import get_logger
from services.screening.reviews import ReviewState

log = get_logger("clearway.reviews")


async def follow(
    state: ReviewState,
    client_options: dict[str, Any],
    topic: str,
    ready: asyncio.Event,
    retry_seconds: float = 30.0,
) -> None:
    """Read the review topic from the beginning (read_committed, no group), set ``ready`` once
    caught up, then keep applying new reviews. A missing topic means no reviews yet: ``ready``
    is set and the topic is looked for again every ``retry_seconds``."""

    def missing() -> None:
        log.warning("review_topic_missing", topic=topic)
        ready.set()

    def loaded() -> None:
        ready.set()
        log.info("reviews_loaded", reviews=state.applied, rejected=state.rejected)

    tps = await wait_for_partitions(
        client_options, topic, retry_seconds=retry_seconds, on_missing=missing
    )
    batches = committed_batches(client_options, tps, on_caught_up=loaded)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            for records in batch.values():
                for record in records:
                    state.apply(record.key, record.value)
