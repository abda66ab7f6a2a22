"""Hand-written fakes and helpers for the runtime tests (no mocks).

``toy_service`` is a decision function defined in the tests, not in the product: it
lets the foundation tests drive the runtime before the real services exist. It flags
partners from a fixed set of countries and clears the rest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from aiokafka import TopicPartition

from schemas.decision import Reason, ReasonCode, ServiceName, Severity, SubjectType
from schemas.events import PartnerUpsertedEvent
from services.common.integrity import SigningKey, sign_event
from services.common.pipeline import Emission
from services.common.service import ServiceDefinition, Verdict

FLAGGED = {"KP": Severity.BLOCK, "IR": Severity.REVIEW}


def _toy_decide(event: PartnerUpsertedEvent) -> Verdict:
    severity = FLAGGED.get(event.data.country or "")
    reasons: tuple[Reason, ...] = ()
    if severity is not None:
        reasons = (
            Reason(
                code=ReasonCode.EMBARGOED_COUNTRY,
                severity=severity,
                message="toy rule: country is on the test list",
                legal_basis="test fixture",
                evidence={"country": event.data.country},
            ),
        )
    return Verdict(reasons=reasons, rules_version="toy-1")


def _explode(event: PartnerUpsertedEvent) -> Verdict:
    if event.data.partner_id == "BOOM":
        raise RuntimeError("rule bug")
    return _toy_decide(event)


def toy_service(*, explode: bool = False) -> ServiceDefinition[PartnerUpsertedEvent]:
    return ServiceDefinition(
        name=ServiceName.SCREENING,
        subject_type=SubjectType.PARTNER,
        events=(PartnerUpsertedEvent,),
        decide=_explode if explode else _toy_decide,
        subject_of=lambda e: e.data.partner_id,
        subject_field="partner_id",
        description="toy service for runtime tests",
    )


def partner_event(i: int, country: str = "DE", **data: Any) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": f"evt-{i}",
        "source": "/tests",
        "type": "partner.upserted",
        "subject": f"P-{i}",
        "time": "2026-11-20T09:30:00Z",
        "data": {
            "partner_id": f"P-{i}",
            "kind": "organization",
            "name": f"Partner {i} GmbH",
            "country": country,
            **data,
        },
    }


def encode(event: Mapping[str, Any]) -> bytes:
    return json.dumps(event).encode()


#: one of each kind of bad record, with the error kind it must be dead-lettered as
POISON: list[tuple[bytes, str]] = [
    (b"{not json", "not_json"),
    (b"\xff\xfe\x00bad encoding", "not_json"),
    (b"[1, 2, 3]", "not_cloudevent"),
    (
        encode({"specversion": "1.0", "id": "x1", "type": "partner.upserted", "data": {}}),
        "not_cloudevent",
    ),
    (encode({**partner_event(900), "type": "something.else"}), "unknown_type"),
    (
        encode({**partner_event(901), "data": {"partner_id": "P", "kind": "robot", "name": "X"}}),
        "invalid_data",
    ),
    (encode(partner_event(902, country="ZZ")), "invalid_data"),
    (
        encode({**partner_event(903), "data": {**partner_event(903)["data"], "name": 42}}),
        "invalid_data",
    ),
    (b"", "not_json"),
]
#: the poison records that name a partner of an accepted type: each also gets an amber
#: decision (EVENT_REJECTED) for that partner, so an earlier green does not stand
REJECTED_EVENTS = {"evt-901", "evt-902", "evt-903"}


class FakeConsumer:
    """Stands in for the aiokafka consumer where only ``commit`` is called."""

    def __init__(self) -> None:
        self.commits: list[dict[TopicPartition, int]] = []

    async def commit(self, offsets: Mapping[TopicPartition, int] | None = None) -> None:
        self.commits.append(dict(offsets or {}))

    def seek(self, partition: TopicPartition, offset: int) -> None:
        pass


class FakeWriter:
    """Records what the runtime writes and commits; can be told to fail N times."""

    def __init__(self, fail_times: int = 0) -> None:
        self.written: list[Emission] = []
        self.committed: list[dict[TopicPartition, int]] = []
        self.fail_times = fail_times
        self.started = False

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def write(
        self,
        batch: Mapping[TopicPartition, Sequence[Emission]],
        offsets: Mapping[TopicPartition, int],
        consumer: Any,
    ) -> None:
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError("broker unavailable (fake)")
        for emissions in batch.values():
            self.written.extend(emissions)
        self.committed.append(dict(offsets))

    async def publish(self, tp: TopicPartition, emissions: Sequence[Emission]) -> None:
        self.written.extend(emissions)

    async def assigned(self, tps: Sequence[TopicPartition]) -> bool:
        return False

    async def revoked(self, tps: Sequence[TopicPartition]) -> None:
        pass


#: the key the tests' "audit page" signs reviews with; settings that accept its reviews
REVIEW_KEY = SigningKey.generate("test-review-recorder")
REVIEW_KEYS = {REVIEW_KEY.key_id: REVIEW_KEY.public}


def trusted_review(event: dict[str, Any], *, first: str = "officer-7") -> dict[str, Any]:
    """A review.recorded event as the recording component writes it for a second reviewer
    (four eyes): with a time, naming the first reviewer, signed."""
    data = {**event["data"]}
    if data.get("verdict") == "false_positive" and data.get("reviewer") != first:
        data["first_reviewer"] = {"reviewer": first, "reviewed_at": "2026-11-19T09:00:00Z"}
    return sign_event({"time": "2026-11-19T10:00:00Z", **event, "data": data}, REVIEW_KEY)
