"""Reviewer decisions (``review.recorded`` on the compacted ``compliance.review.v1``).

A ``false_positive`` verdict stops an entry from being raised for a partner until the
partner's screened data or the entry changes: the review carries (or is given, when it is
applied) the partner and entry fingerprints, and it holds only while both still match. A
``confirmed`` verdict, or a tombstone for the key, lifts it. The state is rebuilt from the
topic on start, then followed live.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from schemas.events import ReviewRecordedEvent
from services.common.kafka import committed_batches, wait_for_partitions
from services.common.logging import get_logger

log = get_logger("clearway.reviews")


@dataclass(frozen=True, slots=True)
class Review:
    list_name: str
    entry_id: str
    verdict: str
    reviewer: str
    partner_fingerprint: str | None
    entry_fingerprint: str | None


@dataclass
class ReviewState:
    """partner_id -> (list, entry_id) -> the latest review."""

    reviews: dict[str, dict[tuple[str, str], Review]] = field(default_factory=dict)
    applied: int = 0
    rejected: int = 0

    def apply(self, key: bytes | None, value: bytes | None) -> None:
        if value is None:  # a tombstone removes the review of that key
            if key:
                partner_id, _, rest = key.decode(errors="replace").partition("/")
                list_name, _, entry_id = rest.partition("/")
                self.reviews.get(partner_id, {}).pop((list_name, entry_id), None)
            return
        try:
            event = ReviewRecordedEvent.model_validate_json(value, strict=True)
        except ValidationError:
            self.rejected += 1
            return
        data = event.data
        self.reviews.setdefault(data.partner_id, {})[(data.list_name, data.entry_id)] = Review(
            data.list_name,
            data.entry_id,
            data.verdict,
            data.reviewer,
            data.partner_fingerprint,
            data.entry_fingerprint,
        )
        self.applied += 1

    def for_partner(self, partner_id: str) -> dict[tuple[str, str], Review]:
        return dict(self.reviews.get(partner_id, {}))


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
