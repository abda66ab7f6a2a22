"""Generate the committed JSON Schema files from the models.

Run ``python -m schemas.generate`` after changing a model; ``tests/schemas`` fails
while the committed files and the models differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.deadletter import DeadLetterRecorded
from schemas.decision import DecisionMade
from schemas.events import (
    DataTransferRequestedEvent,
    PartnerUpsertedEvent,
    PublicationReviewRequestedEvent,
    ReviewRecordedEvent,
    TechnologyTransferRequestedEvent,
)

SCHEMA_DIR = Path(__file__).parent / "json"

#: file stem -> envelope model; the stem is the CloudEvent ``type``
MODELS: dict[str, type[BaseModel]] = {
    "partner.upserted": PartnerUpsertedEvent,
    "technology.transfer.requested": TechnologyTransferRequestedEvent,
    "data.transfer.requested": DataTransferRequestedEvent,
    "publication.review.requested": PublicationReviewRequestedEvent,
    "review.recorded": ReviewRecordedEvent,
    "compliance.decision.made": DecisionMade,
    "compliance.deadletter.recorded": DeadLetterRecorded,
}


def render(name: str, model: type[BaseModel]) -> str:
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:clearway:schema:v1:{name}",
        **model.model_json_schema(by_alias=True, mode="validation"),
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files() -> dict[Path, str]:
    return {SCHEMA_DIR / f"{name}.schema.json": render(name, m) for name, m in MODELS.items()}


def main() -> int:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
