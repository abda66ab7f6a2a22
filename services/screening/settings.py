"""Settings of the screening service (``CLEARWAY_*``): the list and threshold settings it
shares with export control, plus its topics and reviewer decisions."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas.topics import Topic
from services.common.integrity import Verifier, load_public_keys
from services.sanctions.settings import ListSettings
from services.screening.rescreen import STATE_TOPIC
from services.screening.reviews import ReviewPolicy


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
    review_valid_days: int = Field(
        default=365,
        ge=1,
        description="Days a false-positive review suppresses its match; then it is raised again.",
    )
    review_four_eyes: list[str] = Field(
        default_factory=lambda: ["red_flag"],
        description="Outcomes a suppressed match would cause that need two different reviewers.",
    )
    review_keys: dict[str, str] = Field(
        default_factory=dict,
        description="Public keys that may sign reviews (the component that authenticates "
        "reviewers, or reviewers' own keys): key id -> base64url Ed25519 key (JSON). Apart "
        "from CLEARWAY_PUBLIC_KEYS, so a decision key cannot sign a review nor a review key "
        "a decision.",
    )
    review_keys_file: Path | None = Field(
        default=None, description="The same as a JSON file (merged with CLEARWAY_REVIEW_KEYS)."
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

    def review_verifier(self) -> Verifier:
        """Only review keys: a review signed by a service's decision key is unknown."""
        keys = load_public_keys(None, self.review_keys_file) if self.review_keys_file else {}
        return Verifier({**keys, **self.review_keys})

    def review_policy(self) -> ReviewPolicy:
        return ReviewPolicy(self.review_valid_days, frozenset(self.review_four_eyes))
