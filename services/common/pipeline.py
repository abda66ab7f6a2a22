"""The pure part of processing one record: bytes in, one record to write out.

``Judge.judge`` turns a raw record into either a decision event for the audit topic or a
dead-letter record (with, where the subject can be read, an amber decision for it); it
never raises, whatever the input, and never touches Kafka or the clock, so the Kafka
runtime and the batch mode (``clearway check``) share it. The limits of ``limits.py``
apply here: parties and names per event, reasons and bytes per decision, and the distance
between the evaluation date and the record's broker timestamp.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from schemas.deadletter import DeadLetter, DeadLetterRecorded, ErrorKind, OriginalRecord
from schemas.decision import (
    Decision,
    DecisionMade,
    Outcome,
    Reason,
    outcome_of,
)
from services.common.cloudevents import NotReadable, attribute_headers, structured
from services.common.integrity import canonical_error
from services.common.limits import Limits, cap_reasons, trimmed
from services.common.notes import (
    EVALUATION_DATE_IMPLAUSIBLE,
    EVENT_REJECTED,
    WHEN_AHEAD,
    WHEN_FAR,
)
from services.common.reference_data import boundaries
from services.common.service import E, ServiceDefinition, Verdict
from services.common.validity import on_date, valid_until

#: namespace of Clearway's deterministic ids (decision ids, dead-letter ids)
CLEARWAY_NAMESPACE = uuid.UUID("6f1d7c3e-5b0a-4c1e-9a57-3f0e2d9b8c41")
CONTENT_TYPE = ("content-type", b"application/cloudevents+json; charset=utf-8")
MAX_ERRORS_REPORTED = 20


def decision_id(service: str, event_id: str) -> str:
    """The same event judged by the same service always gets the same decision id."""
    return str(uuid.uuid5(CLEARWAY_NAMESPACE, f"decision/{service}/{event_id}"))


def calendar_entry(
    topic: str,
    *,
    subject_id: str,
    due: date | None,
    decision_id: str,
    event_id: str,
    event: bytes,
) -> Emission:
    """The subject's calendar entry, written with its decision (see ``calendar``): the event
    judged, the decision, and the date it is judged again (None: nothing pending). Keyed by
    the subject id and placed by the producer's partitioner, so a subject has one entry even
    where its events came on different partitions."""
    value = {
        "subject_id": subject_id,
        "due": due.isoformat() if due else None,
        "decision_id": decision_id,
        "event_id": event_id,
        "event": event.decode("utf-8", errors="replace"),
    }
    return Emission(
        kind="state",
        key=subject_id.encode(),
        value=json.dumps(value, separators=(",", ":")).encode(),
        headers=(),
        event_id=None,
        event_type=None,
        topic=topic,
    )


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
    #: W3C trace context of the span judging it (``tracing``): carried by the decision
    trace: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Emission:
    """One record to write: a decision (audit topic) or a dead letter."""

    kind: Literal["decision", "deadletter", "state"]
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    event_id: str | None
    event_type: str | None
    subject_id: str | None = None
    outcome: Outcome | None = None
    error_kind: ErrorKind | None = None
    reason_codes: tuple[str, ...] = ()
    #: written with it, in the same transaction: the amber decision for the subject of a
    #: rejected record, or a service's state record (screening's re-screening baseline)
    extras: tuple[Emission, ...] = ()
    #: set on that amber decision: it goes with a dead letter, not an input record of its own
    companion_of: str | None = None
    #: the topic to write to where it is neither the audit nor the dead-letter topic
    topic: str | None = None
    #: the partition to write to (set where a hash chain needs to know it)
    partition: int | None = None

    @property
    def companion(self) -> Emission | None:
        """The amber decision written with a dead letter, if any."""
        return next((e for e in self.extras if e.companion_of is not None), None)

    def records(self) -> tuple[Emission, ...]:
        """This emission and what is written with it, in order."""
        return (self, *self.extras)


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


@dataclass(frozen=True, slots=True)
class Glimpse:
    """What can be read of a rejected record without trusting it: for operators, and to
    tell the subject its latest event was not judged."""

    event_id: str | None = None
    event_type: str | None = None
    subject_id: str | None = None
    time: datetime | None = None


def _text(value: object, limit: int = 256) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def _glimpse(value: bytes, subject_field: str) -> Glimpse:
    """The id, type, subject id and time of a record, where they can be read at all (a
    record nested thousands deep makes the JSON parser raise RecursionError: nothing read)."""
    try:
        obj = json.loads(value)
    except Exception:  # any failure to read means nothing can be read
        return Glimpse()
    if not isinstance(obj, dict):
        return Glimpse()
    data = obj.get("data")
    subject = (
        _text(data.get(subject_field), 128) if isinstance(data, dict) and subject_field else None
    )
    when = None
    raw_time = obj.get("time")
    if isinstance(raw_time, str):
        try:
            parsed = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        when = parsed if parsed is not None and parsed.tzinfo is not None else None
    return Glimpse(_text(obj.get("id")), _text(obj.get("type")), subject, when)


class Judge(Generic[E]):
    """Applies one service's decision function to raw records. Whatever happens, a record
    ends as a decision or a dead letter (with an amber decision for its subject where the
    subject can be read): never an exception, never silence."""

    def __init__(
        self,
        service: ServiceDefinition[E],
        *,
        max_record_bytes: int | None = None,
        code_version: str,
        limits: Limits | None = None,
    ) -> None:
        self.service = service
        self.limits = limits or Limits()
        if max_record_bytes is not None:
            self.limits = replace(self.limits, max_record_bytes=max_record_bytes)
        self.max_record_bytes = self.limits.max_record_bytes
        self.code_version = code_version
        self.source = f"/clearway/{service.name.value}"
        #: where calendar entries go (set by the runtime; batch mode writes none)
        self.calendar_topic: str | None = None
        #: also put a decision's attributes in ``ce_`` headers (structured mode all the same)
        self.attribute_headers = False
        #: where anything in the service's reference data starts, ends or falls due
        self._reference_dates = boundaries(service.reference)
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
        try:
            return self._judge(record)
        except Exception as exc:  # nothing may escape: the record is accounted for
            return self.reject(record, ErrorKind.DECISION_FAILED, f"{type(exc).__name__}: {exc}")

    def _judge(self, record: RawRecord) -> Emission:
        value = record.value or b""
        if len(value) > self.limits.max_record_bytes:
            return self.reject(
                record,
                ErrorKind.TOO_LARGE,
                f"record of {len(value)} bytes exceeds the limit of "
                f"{self.limits.max_record_bytes} bytes",
            )
        try:
            value = structured(value, record.headers)
        except NotReadable as exc:
            return self.reject(record, exc.kind, str(exc))
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
            return self.reject(record, kind, message)
        except Exception as exc:  # e.g. RecursionError on absurd nesting
            return self.reject(record, ErrorKind.NOT_JSON, f"{type(exc).__name__}: {exc}")
        over = self._over_limits(event)
        if over is not None:
            return self.reject(record, ErrorKind.LIMIT_EXCEEDED, over)
        try:
            verdict = self.service.decide(event)
            until = self.valid_until(event, verdict)
        except Exception as exc:  # a bug in rules must not block the partition
            return self.reject(record, ErrorKind.DECISION_FAILED, f"{type(exc).__name__}: {exc}")
        verdict = self._sane_date(event, verdict, record)
        ident = decision_id(self.service.name.value, event.id)
        emission = self._emission(
            event, verdict, ident, {"valid_until": until}, trace=dict(record.trace)
        )
        unwritable = self._unwritable(emission)
        if unwritable is not None:
            return self.reject(record, *unwritable)
        return self._with_records(emission, event, verdict, until, ident, value)

    def _unwritable(self, emission: Emission) -> tuple[ErrorKind, str] | None:
        """Why a decision cannot be written (over the audit topic's message size, or with no
        canonical form to sign), or None."""
        if len(emission.value) > self.limits.max_decision_bytes:
            return ErrorKind.DECISION_TOO_LARGE, (
                f"the decision would be {len(emission.value)} bytes, over the limit of "
                f"{self.limits.max_decision_bytes} (the audit topic's message size)"
            )
        unsignable = canonical_error(emission.value)
        if unsignable is not None:
            return ErrorKind.DECISION_FAILED, (
                f"the decision has no canonical form to sign (RFC 8785): {unsignable}"
            )
        return None

    def _with_records(
        self,
        emission: Emission,
        event: E,
        verdict: Verdict,
        until: date | None,
        ident: str,
        value: bytes,
    ) -> Emission:
        """The decision with what goes in its transaction: the service's state records and
        the subject's calendar entry (the event, and when it is judged again)."""
        extras = list(self.service.state_of(event, verdict)) if self.service.state_of else []
        if self.calendar_topic is not None:
            extras.append(self._entry(emission, event, until, ident, value))
        return replace(emission, extras=tuple(extras)) if extras else emission

    def _entry(
        self, emission: Emission, event: E, until: date | None, ident: str, value: bytes
    ) -> Emission:
        assert self.calendar_topic is not None
        return calendar_entry(
            self.calendar_topic,
            subject_id=emission.subject_id or "",
            due=until,
            decision_id=ident,
            event_id=event.id,
            event=value,
        )

    def valid_until(self, event: E, verdict: Verdict) -> date | None:
        """The first date the same event gets another decision (``validity``)."""
        return valid_until(self.service.decide, event, verdict, extra=self._reference_dates)

    def rejudge(self, value: bytes, due: date, previous_decision_id: str) -> Emission:
        """The calendar's re-judgement: the event in ``value`` judged with its evaluation
        date set to ``due`` (never the clock's), its next calendar entry written with it."""
        event = self.parse(value)
        if event is None:
            msg = "the calendar entry's event is not one this service judges"
            raise ValueError(msg)
        moved = on_date(event, due)
        verdict = self.service.decide(moved)
        until = self.valid_until(moved, verdict)
        ident = decision_id(self.service.name.value, f"{event.id}#calendar:{due.isoformat()}")
        extra = {
            "trigger": "calendar",
            "previous_decision_id": previous_decision_id,
            "valid_until": until,
        }
        emission = self._emission(moved, verdict, ident, extra)
        unwritable = self._unwritable(emission)
        if unwritable is not None:
            raise ValueError(unwritable[1])
        return self._with_records(emission, moved, verdict, until, ident, value)

    def _over_limits(self, event: E) -> str | None:
        measure = self.service.measure
        if measure is None:
            return None
        parties, names = measure(event)
        limits = self.limits
        if parties > limits.max_parties_per_event:
            return (
                f"the event names {parties} parties, over the limit of "
                f"{limits.max_parties_per_event} (CLEARWAY_MAX_PARTIES_PER_EVENT)"
            )
        if names > limits.max_names_per_party:
            return (
                f"a party has {names} names, over the limit of {limits.max_names_per_party} "
                "(CLEARWAY_MAX_NAMES_PER_PARTY)"
            )
        return None

    def _sane_date(self, event: E, verdict: Verdict, record: RawRecord) -> Verdict:
        """A decision whose evaluation date is far from when the record was written says so:
        the producer, not the law, chose the day. A day after the record's (more than one
        calendar day on) is never a silent green either: a period that has not run yet, a
        review or a list as they will be, are not known today."""
        window = self.limits.evaluation_window_days
        if not window or record.timestamp_ms is None or record.timestamp_ms <= 0:
            return verdict
        recorded = datetime.fromtimestamp(record.timestamp_ms / 1000, tz=UTC)
        evaluated = event.evaluated_at()
        days = abs((evaluated - recorded).days)
        ahead = (evaluated.date() - recorded.date()).days
        if days <= window and ahead <= 1:
            return verdict
        note = EVALUATION_DATE_IMPLAUSIBLE.reason(
            evaluated_on=evaluated.date().isoformat(),
            recorded_on=recorded.date().isoformat(),
            days_apart=days,
            window_days=window,
            when=WHEN_AHEAD if ahead > 1 else WHEN_FAR,
        )
        return replace(verdict, reasons=(*verdict.reasons, note))

    def parse(self, value: bytes) -> E | None:
        """The event in ``value``, or None when it is not one this service judges."""
        try:
            event: E = self._adapter.validate_json(value, strict=True)
        except Exception:  # not an event of this service, whatever the failure
            return None
        return event

    def emit(
        self,
        event: E,
        verdict: Verdict,
        *,
        variant: str,
        extra: dict[str, Any],
        raw: bytes | None = None,
    ) -> Emission:
        """A decision on ``event`` made outside the input stream (e.g. re-screening after a list
        change): its id is derived from the event and ``variant``, and ``extra`` adds fields.
        Given the event's bytes (``raw``), the subject's calendar entry is written with it, so
        the new decision's ``valid_until`` is acted on."""
        until = self.valid_until(event, verdict)
        ident = decision_id(self.service.name.value, f"{event.id}#{variant}")
        emission = self._emission(event, verdict, ident, {"valid_until": until, **extra})
        if self.calendar_topic is None or raw is None:
            return emission
        entry = self._entry(emission, event, until, ident, raw)
        return replace(emission, extras=(*emission.extras, entry))

    def _emission(
        self,
        event: E,
        verdict: Verdict,
        ident: str,
        extra: dict[str, Any],
        trace: dict[str, str] | None = None,
    ) -> Emission:
        subject_id = self.service.subject_of(event)
        reasons = cap_reasons(list(verdict.reasons), self.limits.max_reasons_per_decision)
        emission = self._decision_emission(
            event, verdict, ident, extra, subject_id, reasons, trace or {}
        )
        if len(emission.value) > self.limits.max_decision_bytes:
            emission = self._decision_emission(
                event, verdict, ident, extra, subject_id, trimmed(reasons), trace or {}
            )
        return emission

    def _decision_emission(
        self,
        event: E,
        verdict: Verdict,
        ident: str,
        extra: dict[str, Any],
        subject_id: str,
        reasons: list[Reason],
        trace: dict[str, str],
    ) -> Emission:
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
        return self._as_emission(decision, event.id, event.type, event.correlationid, trace)

    def _as_emission(
        self,
        decision: Decision,
        event_id: str,
        event_type: str,
        correlationid: str | None,
        trace: dict[str, str] | None = None,
    ) -> Emission:
        envelope = DecisionMade(
            specversion="1.0",
            id=decision.decision_id,
            source=self.source,
            subject=decision.subject_id,
            time=decision.evaluated_at,
            datacontenttype="application/json",
            correlationid=correlationid,
            data=decision,
            **(trace or {}),  # the CloudEvents distributed-tracing extension
        )
        value = envelope.model_dump_json().encode()
        headers: tuple[tuple[str, bytes], ...] = (
            CONTENT_TYPE,
            ("clearway-source-event-id", event_id.encode()),
        )
        if self.attribute_headers:
            headers = (*headers, *attribute_headers(value))
        return Emission(
            kind="decision",
            key=decision.subject_id.encode(),
            value=value,
            headers=headers,
            event_id=event_id,
            event_type=event_type,
            subject_id=decision.subject_id,
            outcome=decision.outcome,
            reason_codes=tuple(r.code.value for r in decision.reasons),
        )

    def reject(self, record: RawRecord, kind: ErrorKind, error: str) -> Emission:
        """A dead letter for ``record`` and, where the record names a subject of this
        service, an amber decision for that subject: its earlier decision (perhaps green)
        must not stand as if the rejected update had never come."""
        glimpse = _glimpse(record.value or b"", self.service.subject_field)
        letter = self._dead(
            record,
            kind,
            error[:2_000],
            event_id=glimpse.event_id,
            event_type=glimpse.event_type,
        )
        amber = self._rejected(record, kind, error[:500], glimpse)
        if amber is None:
            return letter
        extras = [replace(amber, companion_of=letter.event_id or "?")]
        hook = self.service.rejected_state_of
        if hook is not None and glimpse.subject_id is not None and amber.event_id is not None:
            extras.extend(hook(glimpse.subject_id, amber.event_id))
        if self.calendar_topic is not None and glimpse.subject_id is not None:
            # the latest event cannot be judged: nothing is pending for the subject any more
            extras.append(
                calendar_entry(
                    self.calendar_topic,
                    subject_id=glimpse.subject_id,
                    due=None,
                    decision_id=f"rejected:{amber.event_id}",
                    event_id=amber.event_id or "",
                    event=b"",
                )
            )
        return replace(letter, extras=tuple(extras))

    def glimpse(self, value: bytes) -> Glimpse:
        """What can be read of a record without trusting it (id, type, subject, time)."""
        return _glimpse(value, self.service.subject_field)

    def _rejected(
        self, record: RawRecord, kind: ErrorKind, error: str, glimpse: Glimpse
    ) -> Emission | None:
        if glimpse.subject_id is None or glimpse.event_type not in self.accepted_types:
            return None
        when = (
            datetime.fromtimestamp(record.timestamp_ms / 1000, tz=UTC)
            if record.timestamp_ms is not None
            else glimpse.time
        )
        if when is None:
            return None
        event_id = glimpse.event_id or f"{record.topic}/{record.partition}/{record.offset}"
        reason = EVENT_REJECTED.reason(
            subject=self.service.subject_type.value.replace("_", " "),
            event_id=event_id,
            error_kind=kind.value,
            error=error,
        )
        decision = Decision(
            decision_id=decision_id(self.service.name.value, f"{event_id}#rejected"),
            service=self.service.name,
            subject_type=self.service.subject_type,
            subject_id=glimpse.subject_id,
            source_event_id=event_id,
            source_event_type=glimpse.event_type or "unknown",
            outcome=Outcome.NEEDS_REVIEW,
            reasons=[reason],
            evaluated_at=when,
            rules_version="rejected",
            code_version=self.code_version,
        )
        return self._as_emission(decision, event_id, glimpse.event_type or "unknown", None)

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
