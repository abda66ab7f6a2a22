"""The CloudEvents 1.0 envelope in structured JSON mode, as the contract fixes it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

#: Clearway's integrity extension attributes (services/common/integrity.py), documented in
#: every event's JSON Schema; set by the writer that signs, never by a producer's model.
INTEGRITY_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "clearwaykeyid": {
        "type": "string",
        "description": "Clearway extension: id of the Ed25519 key that signed this event "
        "(decisions: the writing service's key; reviews: the recording component's or the "
        "reviewer's key).",
    },
    "clearwaysig": {
        "type": "string",
        "description": "Clearway extension: base64url Ed25519 signature over the RFC 8785 "
        "canonical JSON of id, source, type, subject, time, data and the other clearway* "
        "attributes.",
    },
    "clearwaywriter": {
        "type": "string",
        "description": "Clearway extension (decisions): the writer whose hash chain this "
        "record continues, one chain per writer and audit partition.",
    },
    "clearwayprev": {
        "type": "string",
        "description": "Clearway extension (decisions): hash of the previous record of the "
        "same writer on the same audit partition, or 'start' for a chain's first record.",
    },
    "clearwaypartition": {
        "type": "integer",
        "description": "Clearway extension (decisions): the audit partition the record was "
        "written to; a copy on another partition does not verify there.",
    },
}


def document_integrity(schema: dict[str, Any]) -> None:
    """Adds the integrity attributes to a JSON Schema (decisions and reviews carry them)."""
    schema.setdefault("properties", {}).update(INTEGRITY_ATTRIBUTES)


class CloudEvent(BaseModel):
    """Envelope fields common to every Clearway event (CloudEvents 1.0, structured mode).

    Extension attributes other than ``correlationid`` are allowed and kept (the integrity
    attributes among them, documented in the JSON Schemas of decisions and reviews).
    Subclasses fix ``type`` to a literal and ``data`` to a payload model.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: Literal["1.0"]
    id: Annotated[str, Field(min_length=1, max_length=256)]
    source: Annotated[str, Field(min_length=1, max_length=1_024)]
    type: str
    subject: Annotated[str, Field(max_length=256)] | None = None
    time: AwareDatetime | None = None
    datacontenttype: Annotated[str, Field(max_length=128)] | None = None
    correlationid: Annotated[str, Field(max_length=256)] | None = None
    data: Any = None


class InputEvent(CloudEvent):
    """An event that asks for a decision: it must say on which date it is judged.

    The evaluation date is ``data.as_of`` where present, else ``time``. An event with
    neither is rejected: Clearway never falls back to the wall clock, so that a
    replay gives the same decision.
    """

    @model_validator(mode="after")
    def _has_evaluation_date(self) -> InputEvent:
        if self.time is None and getattr(self.data, "as_of", None) is None:
            msg = "the event has neither 'time' nor 'data.as_of': no evaluation date"
            raise ValueError(msg)
        return self

    def evaluated_at(self) -> datetime:
        """The evaluation instant in UTC: ``data.as_of`` at 00:00 UTC, else ``time``."""
        as_of: date | None = getattr(self.data, "as_of", None)
        if as_of is not None:
            return datetime.combine(as_of, time(0, 0), tzinfo=UTC)
        assert self.time is not None  # guaranteed by _has_evaluation_date
        return self.time.astimezone(UTC)
