"""Writing the reviews that take effect to the review topic: signed with the page's key
(``CLEARWAY_SIGNING_KEY_ID``, by convention ``clearway-review-recorder``; its public key goes
into the screening service's ``CLEARWAY_REVIEW_KEYS``), through the page's own Kafka
principal, which may write reviews and nothing else (deploy/). Idempotent producer,
``acks=all``: :meth:`record` returns once the broker has the review."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from services.auditweb.cases import ReviewToWrite
from services.auditweb.reviews import review_event, review_key
from services.common.integrity import SigningKey, sign_event


class ReviewRecorder:
    def __init__(
        self,
        options: Mapping[str, Any],
        topic: str,
        key: SigningKey,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.topic = topic
        self.key = key
        self.clock = clock
        self.producer = AIOKafkaProducer(**options, acks="all", enable_idempotence=True)

    async def start(self) -> None:
        await self.producer.start()

    async def stop(self) -> None:
        await self.producer.stop()

    async def record(self, write: ReviewToWrite) -> dict[str, Any]:
        """Sign and write one review; returns the event as written."""
        event = sign_event(
            review_event(write, event_id=f"review-{uuid.uuid4()}", at=self.clock()), self.key
        )
        value = json.dumps(event, separators=(",", ":")).encode()
        await self.producer.send_and_wait(self.topic, value, key=review_key(write))
        return event
