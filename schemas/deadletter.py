"""Dead-letter records: a bad input, kept whole, with the error that rejected it."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.envelope import CloudEvent


class ErrorKind(StrEnum):
    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    NOT_CLOUDEVENT = "not_cloudevent"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_DATA = "invalid_data"
    DECISION_FAILED = "decision_failed"
    #: the event exceeds a configured limit (names per party, parties per event)
    LIMIT_EXCEEDED = "limit_exceeded"
    #: judging the record took longer than the configured deadline
    DEADLINE_EXCEEDED = "deadline_exceeded"
    #: the decision would exceed the audit topic's message size, even shortened
    DECISION_TOO_LARGE = "decision_too_large"
    #: the decision was refused by the broker again and again (a poison record for Kafka)
    WRITE_FAILED = "write_failed"


class OriginalRecord(BaseModel):
    """Where the bad record came from, and its bytes (base64, so any bytes survive)."""

    model_config = ConfigDict(frozen=True)

    topic: str
    partition: int | None = None
    offset: int | None = Field(
        default=None, description="Kafka offset, or line number in batch mode."
    )
    timestamp_ms: int | None = None
    key_b64: str | None = None
    value_b64: str | None = None
    headers: list[tuple[str, str]] = Field(
        default_factory=list, description="Header names and base64 values."
    )


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True)

    service: str
    error_kind: ErrorKind
    error: str = Field(description="A readable error: what is wrong, and where.")
    event_id: str | None = Field(
        default=None, description="The CloudEvent id, when it could be read."
    )
    event_type: str | None = None
    original: OriginalRecord


class DeadLetterRecorded(CloudEvent):
    type: Literal["compliance.deadletter.recorded"] = "compliance.deadletter.recorded"
    data: DeadLetter
