"""Settings of the screening service (``CLEARWAY_*``): the list and threshold settings it
shares with export control, plus its topics and reviewer decisions."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas.topics import Topic
from services.sanctions.settings import ListSettings


class Settings(ListSettings):
    input_topic: str = Topic.PARTNER.value
    group_id: str = "clearway-screening"
    review_topic: str = Topic.REVIEW.value
    review_load_timeout_seconds: float = Field(default=60, gt=0)
    reviews_file: Path | None = Field(
        default=None,
        description="Batch mode: reviewer decisions from a file of review.recorded events "
        "(JSON lines) instead of the review topic.",
    )
