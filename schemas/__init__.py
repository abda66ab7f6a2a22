"""Clearway's wire contracts: the pydantic models of ``shared/CONTRACT.md`` (v1).

This package holds wire contracts only: envelopes, event payloads, decisions and
dead-letter records. No compliance logic lives here; services import these models,
never the other way round. ``python -m schemas.generate`` writes the JSON Schema files
under ``schemas/json/`` from these models, and a test fails when the two drift.
"""

from schemas.common import CountryCode, Party, PartyKind
from schemas.deadletter import DeadLetter, DeadLetterRecorded, ErrorKind, OriginalRecord
from schemas.decision import (
    Decision,
    DecisionMade,
    Outcome,
    Reason,
    ReasonCode,
    ServiceName,
    Severity,
    SubjectType,
    outcome_of,
)
from schemas.envelope import CloudEvent
from schemas.events import (
    DataTransferRequested,
    DataTransferRequestedEvent,
    PartnerUpserted,
    PartnerUpsertedEvent,
    PublicationReviewRequested,
    PublicationReviewRequestedEvent,
    ReviewRecorded,
    ReviewRecordedEvent,
    TechnologyTransferRequested,
    TechnologyTransferRequestedEvent,
)
from schemas.topics import DEFAULT_TOPICS, Topic

__all__ = [
    "DEFAULT_TOPICS",
    "CloudEvent",
    "CountryCode",
    "DataTransferRequested",
    "DataTransferRequestedEvent",
    "DeadLetter",
    "DeadLetterRecorded",
    "Decision",
    "DecisionMade",
    "ErrorKind",
    "OriginalRecord",
    "Outcome",
    "PartnerUpserted",
    "PartnerUpsertedEvent",
    "Party",
    "PartyKind",
    "PublicationReviewRequested",
    "PublicationReviewRequestedEvent",
    "Reason",
    "ReasonCode",
    "ReviewRecorded",
    "ReviewRecordedEvent",
    "ServiceName",
    "Severity",
    "SubjectType",
    "TechnologyTransferRequested",
    "TechnologyTransferRequestedEvent",
    "Topic",
    "outcome_of",
]
