"""Default topic names of the contract. Services take their names from configuration."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    PARTNER = "partner.events.v1"
    TECHNOLOGY = "technology.events.v1"
    DATA_TRANSFER = "datatransfer.events.v1"
    PUBLICATION = "publication.events.v1"
    REVIEW = "compliance.review.v1"
    AUDIT = "compliance.audit.v1"
    DEADLETTER = "compliance.deadletter.v1"


#: cleanup policy per topic, as the contract's topic table gives it
DEFAULT_TOPICS: dict[Topic, str] = {
    Topic.PARTNER: "compact",
    Topic.TECHNOLOGY: "delete",
    Topic.DATA_TRANSFER: "delete",
    Topic.PUBLICATION: "delete",
    Topic.REVIEW: "compact",
    Topic.AUDIT: "delete",
    Topic.DEADLETTER: "delete",
}


#: the data field that keys each input event type's records (the contract's topic table)
KEY_FIELD: dict[str, str] = {
    "partner.upserted": "partner_id",
    "technology.transfer.requested": "transfer_id",
    "data.transfer.requested": "transfer_id",
    "publication.review.requested": "publication_id",
}


def record_key(event: dict[str, object]) -> str | None:
    """The record key the contract gives for an event (parsed JSON), or None."""
    data, kind = event.get("data"), event.get("type")
    if not isinstance(data, dict) or not isinstance(kind, str):
        return None
    if kind == "review.recorded":
        parts = [data.get("partner_id"), data.get("list"), data.get("entry_id")]
        return (
            "/".join(p for p in parts if isinstance(p, str))
            if all(isinstance(p, str) for p in parts)
            else None
        )
    field = KEY_FIELD.get(kind)
    value = data.get(field) if field else None
    return value if isinstance(value, str) else None


#: default topic of each input event type
TOPIC_OF_TYPE: dict[str, Topic] = {
    "partner.upserted": Topic.PARTNER,
    "technology.transfer.requested": Topic.TECHNOLOGY,
    "data.transfer.requested": Topic.DATA_TRANSFER,
    "publication.review.requested": Topic.PUBLICATION,
    "review.recorded": Topic.REVIEW,
}
