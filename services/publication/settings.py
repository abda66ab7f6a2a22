"""Settings of the publication service (``CLEARWAY_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas.topics import Topic
from services.common.settings import RuntimeSettings
from services.publication.reference import DATA_DIR


class Settings(RuntimeSettings):
    input_topic: str = Topic.PUBLICATION.value
    group_id: str = "clearway-publication"
    publication_data_dir: Path = DATA_DIR
    publication_confirmed_agreements: dict[str, str] = Field(
        default_factory=dict,
        description="Agreement presets whose periods the compliance office confirmed against "
        "the signed agreement: preset -> who confirmed, against what (JSON, e.g. "
        '{"horizon_europe": "J. Doe, GA 101162282 Annex 5, 2026-12-01"}). Unconfirmed '
        "unverified presets make a decision amber.",
    )
