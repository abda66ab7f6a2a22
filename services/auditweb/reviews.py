"""A review that takes effect, as the ``review.recorded`` event the page writes to the
review topic (signed by the page's key as ``clearway-review-recorder``, keyed
``partner/list/entry`` like every review). Pure: the event's id and time are given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas.events import ReviewRecordedEvent
from services.auditweb.cases import ReviewToWrite

#: the CloudEvents source of reviews recorded from the page
SOURCE = "/clearway/audit-page"


def review_event(write: ReviewToWrite, *, event_id: str, at: datetime) -> dict[str, Any]:
    """The unsigned event, validated against the contract."""
    data: dict[str, Any] = {
        "partner_id": write.partner_id,
        "list": write.list_name,
        "entry_id": write.entry_id,
        "verdict": write.verdict,
        "reviewer": write.reviewer,
        "note": write.note[:1000] or None,
    }
    if write.partner_fingerprint and write.entry_fingerprint:
        data["partner_fingerprint"] = write.partner_fingerprint
        data["entry_fingerprint"] = write.entry_fingerprint
    if write.first_reviewer is not None and write.first_reviewed_at is not None:
        data["first_reviewer"] = {
            "reviewer": write.first_reviewer,
            "reviewed_at": write.first_reviewed_at.isoformat(),
        }
    event = {
        "specversion": "1.0",
        "id": event_id,
        "source": SOURCE,
        "type": "review.recorded",
        "time": at.isoformat(),
        "subject": write.partner_id,
        "datacontenttype": "application/json",
        "data": {k: v for k, v in data.items() if v is not None},
    }
    ReviewRecordedEvent.model_validate(event)  # never write what the contract refuses
    return event


def review_key(write: ReviewToWrite) -> bytes:
    """The record key: one review per partner, list and entry on the compacted topic."""
    return f"{write.partner_id}/{write.list_name}/{write.entry_id}".encode()
