"""The pure part of processing one record: bytes in, one record to write out.

``Judge.judge`` turns a raw record into either a decision event for the audit topic
or a dead-letter record; it never raises for bad input and never touches Kafka or
the clock, so the Kafka runtime and the batch mode (``clearway check``) share it.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from schemas.deadletter import DeadLetter, DeadLetterRecorded, ErrorKind, OriginalRecord
from schemas.decision import Decision, DecisionMade, Outcome, outcome_of
from services.common.service import E, ServiceDefinition, Verdict

#: namespace of Clearway's deterministic ids (decision ids, dead-letter ids)
CLEARWAY_NAMESPACE = uuid.UUID("6f1d7c3e-5b0a-4c1e-9a57-3f0e2d9b8c41")
CONTENT_TYPE = ("content-type", b"application/cloudevents+json; charset=utf-8")
MAX_ERRORS_REPORTED = 20


def decision_id(service: str, event_id: str) -> str:
    """The same event judged by the same service always gets the same decision id."""
    return str(uuid.uuid5(CLEARWAY_NAMESPACE, f"decision/{service}/{event_id}"))


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as it arrived: from Kafka, or a line of a batch-mode file."""

    topic: str
    partition: int | None
    offset: int | None
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Emission:
    """One record to write: a decision (audit topic) or a dead letter."""

    kind: Literal["decision", "deadletter"]
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    event_id: str | None
    event_type: str | None
    subject_id: str | None = None
    outcome: Outcome | None = None
    error_kind: ErrorKind | None = None
    reason_codes: tuple[str, ...] = ()


def _format_errors(exc: ValidationError, strip_first: bool) -> str:
    parts = []
    for err in exc.errors(include_url=False)[:MAX_ERRORS_REPORTED]:
        loc = err["loc"][1:] if strip_first and err["loc"] else err["loc"]
        where = ".".join(str(p) for p in loc) or "event"
        parts.append(f"{where}: {err['msg']}")
    more = exc.error_count() - MAX_ERRORS_REPORTED
    if more > 0:
        parts.append(f"... and {more} more errors")
    return "; ".join(parts)


def _classify(exc: ValidationError, union: bool) -> ErrorKind:
    errors = exc.errors(include_url=False)
    types = {e["type"] for e in errors}
    if "json_invalid" in types or "json_type" in types:
        return ErrorKind.NOT_JSON
    if "union_tag_invalid" in types:
        return ErrorKind.UNKNOWN_TYPE
    if not union and any(e["loc"] == ("type",) and e["type"] == "literal_error" for e in errors):
        return ErrorKind.UNKNOWN_TYPE
    offset = 1 if union else 0
    if all(len(e["loc"]) > offset and e["loc"][offset] == "data" for e in errors):
        return ErrorKind.INVALID_DATA
    return ErrorKind.NOT_CLOUDEVENT


def _best_effort_ids(value: bytes) -> tuple[str | None, str | None]:
    """The id and type of a rejected record where they can be read, for operators."""
    try:
        obj = json.loads(value)
    except ValueError:
        return None, None
    if not isinstance(obj, dict):
        return None, None
    ident, kind = obj.get("id"), obj.get("type")
    return (
        ident[:256] if isinstance(ident, str) else None,
        kind[:256] if isinstance(kind, str) else None,
    )


class Judge(Generic[E]):
    """Applies one service's decision function to raw records."""

    def __init__(
        self, service: ServiceDefinition[E], *, max_record_bytes: int, code_version: str
    ) -> None:
        self.service = service
        self.max_record_bytes = max_record_bytes
        self.code_version = code_version
        self.source = f"/clearway/{service.name.value}"
        self._union = len(service.events) > 1
        self.accepted_types = service.accepted_types
        self._adapter: TypeAdapter[Any]
        if self._union:
            union: Any = Union[service.events]  # noqa: UP007 - built at run time
            self._adapter = TypeAdapter(Annotated[union, Field(discriminator="type")])
        else:
            self._adapter = TypeAdapter(service.events[0])

    def judge(self, record: RawRecord) -> Emission:
        """Decide one record, or explain why it goes to the dead-letter topic."""
        value = record.value or b""
        if len(value) > self.max_record_bytes:
            return self._dead(
                record,
                ErrorKind.TOO_LARGE,
                f"record of {len(value)} bytes exceeds the limit of {self.max_record_bytes} bytes",
            )
        try:
            event: E = self._adapter.validate_json(value, strict=True)
        except ValidationError as exc:
            kind = _classify(exc, self._union)
            if kind is ErrorKind.UNKNOWN_TYPE:
                message = (
                    f"event type is not one this service judges "
                    f"(accepted: {', '.join(self.accepted_types)})"
                )
            else:
                message = _format_errors(exc, strip_first=self._union)
            event_id, event_type = _best_effort_ids(value)
            return self._dead(record, kind, message, event_id=event_id, event_type=event_type)
        try:
            return self._decide(event)
        except Exception as exc:  # a bug in rules must not block the partition
            return self._dead(
                record,
                ErrorKind.DECISION_FAILED,
                f"{type(exc).__name__}: {exc}",
                event_id=event.id,
                event_type=event.type,
            )

    def parse(self, value: bytes) -> E | None:
        """The event in ``value``, or None when it is not one this service judges."""
        try:
            event: E = self._adapter.validate_json(value, strict=True)
        except ValidationError:
            return None
        return event

    def emit(self, event: E, verdict: Verdict, *, variant: str, extra: dict[str, Any]) -> Emission:
        """A decision on ``event`` made outside the input stream (e.g. re-screening after a list
        change): its id is derived from the event and ``variant``, and ``extra`` adds fields."""
        return self._emission(
            event, verdict, decision_id(self.service.name.value, f"{event.id}#{variant}"), extra
        )

    def _decide(self, event: E) -> Emission:
        verdict = self.service.decide(event)
        return self._emission(event, verdict, decision_id(self.service.name.value, event.id), {})

    def _emission(self, event: E, verdict: Verdict, ident: str, extra: dict[str, Any]) -> Emission:
        subject_id = self.service.subject_of(event)
        reasons = list(verdict.reasons)
        decision = Decision(
            decision_id=ident,
            service=self.service.name,
            subject_type=self.service.subject_type,
            subject_id=subject_id,
            source_event_id=event.id,
            source_event_type=event.type,
            outcome=outcome_of(reasons),
            reasons=reasons,
            licence_required=verdict.licence_required,
            earliest_publication_date=verdict.earliest_publication_date,
            evaluated_at=event.evaluated_at(),
            rules_version=verdict.rules_version,
            lists_version=dict(verdict.lists_version)
            if verdict.lists_version is not None
            else None,
            reference_versions=dict(verdict.reference_versions)
            if verdict.reference_versions is not None
            else None,
            code_version=self.code_version,
            **extra,
        )
        envelope = DecisionMade(
            specversion="1.0",
            id=decision.decision_id,
            source=self.source,
            subject=subject_id,
            time=decision.evaluated_at,
            datacontenttype="application/json",
            correlationid=event.correlationid,
            data=decision,
        )
        return Emission(
            kind="decision",
            key=subject_id.encode(),
            value=envelope.model_dump_json().encode(),
            headers=(CONTENT_TYPE, ("clearway-source-event-id", event.id.encode())),
            event_id=event.id,
            event_type=event.type,
            subject_id=subject_id,
            outcome=decision.outcome,
            reason_codes=tuple(r.code.value for r in reasons),
        )

    def _dead(
        self,
        record: RawRecord,
        kind: ErrorKind,
        error: str,
        *,
        event_id: str | None = None,
        event_type: str | None = None,
    ) -> Emission:
        b64 = base64.b64encode
        original = OriginalRecord(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            timestamp_ms=record.timestamp_ms,
            key_b64=b64(record.key).decode() if record.key is not None else None,
            value_b64=b64(record.value).decode() if record.value is not None else None,
            headers=[(k, b64(v or b"").decode()) for k, v in record.headers],
        )
        letter_id = uuid.uuid5(
            CLEARWAY_NAMESPACE,
            f"deadletter/{self.service.name.value}/{record.topic}/{record.partition}/{record.offset}",
        )
        envelope = DeadLetterRecorded(
            specversion="1.0",
            id=str(letter_id),
            source=self.source,
            subject=event_id,
            datacontenttype="application/json",
            data=DeadLetter(
                service=self.service.name.value,
                error_kind=kind,
                error=error,
                event_id=event_id,
                event_type=event_type,
                original=original,
            ),
        )
        return Emission(
            kind="deadletter",
            key=record.key,
            value=envelope.model_dump_json().encode(),
            headers=(CONTENT_TYPE, ("clearway-error-kind", kind.value.encode())),
            event_id=event_id,
            event_type=event_type,
            error_kind=kind,
        )
