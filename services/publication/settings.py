"""Settings of the publication service (``CLEARWAY_*``)."""

from __future__ import annotations

from pathlib import Path

from schemas.topics import Topic
from services.common.settings import RuntimeSettings
from services.publication.reference import DATA_DIR


class Settings(RuntimeSettings):
    input_topic: str = Topic.PUBLICATION.value
    group_id: str = "clearway-publication"
    publication_data_dir: Path = DATA_DIR
