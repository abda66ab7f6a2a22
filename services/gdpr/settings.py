"""Settings of the GDPR service (``CLEARWAY_*``)."""

from __future__ import annotations

from pathlib import Path

from schemas.topics import Topic
from services.common.settings import RuntimeSettings
from services.gdpr.reference import DATA_DIR


class Settings(RuntimeSettings):
    input_topic: str = Topic.DATA_TRANSFER.value
    group_id: str = "clearway-gdpr"
    gdpr_data_dir: Path = DATA_DIR
