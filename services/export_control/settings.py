"""Settings of the export-control service (``CLEARWAY_*``); list settings as for screening,
because end users are screened the same way."""

from __future__ import annotations

from pathlib import Path

from schemas.topics import Topic
from services.export_control.reference import DATA_DIR
from services.sanctions.settings import ListSettings


class Settings(ListSettings):
    input_topic: str = Topic.TECHNOLOGY.value
    group_id: str = "clearway-export-control"
    export_control_data_dir: Path = DATA_DIR
