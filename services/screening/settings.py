"""Settings of the screening service (``CLEARWAY_*``): the list and threshold settings it
shares with export control, plus its topics and reviewer decisions."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas.topics import Topic
from services.sanctions.settings import ListSettings
from services.screening.rescreen import STATE_TOPIC


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
    rescreen_state_topic: str = Field(
        default=STATE_TOPIC,
        description="Compacted topic where re-screening keeps what it did (versions per "
        "partition, the last signature per partner), so it survives restarts.",
    )
    rescreen_at_start: bool = Field(
        default=True,
        description="At start, re-screen the partitions not yet re-screened for the lists, "
        "rules, reference data and code in use.",
    )
