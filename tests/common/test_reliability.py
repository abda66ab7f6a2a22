"""No record may stall a partition or vanish (issue: reliability under hostile input): a
record whatever its content ends as a decision or a dead letter; limits on parties, names,
reasons, decision bytes and time per record; the subject of a rejected update gets an amber
decision; judging runs off the event loop; an evaluation date far from the broker's
timestamp is amber."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition
from typer.testing import CliRunner

from schemas.decision import Reason, ReasonCode, Severity
from schemas.events import PartnerUpsertedEvent
from services.cli import app
from services.common.limits import Limits, cap_reasons
from services.common.metrics import ServiceMetrics
from services.common.pipeline import Judge, RawRecord
from services.common.processing import BatchProcessor
from services.common.service import Verdict
from services.screening import rules as screening_rules
from tests.fakes import FakeWriter, encode, partner_event, toy_service

NOW_MS = int(datetime(2026, 11, 20, 9, 31, tzinfo=UTC).timestamp() * 1000)


def raw(value: bytes, offset: int = 0, timestamp_ms: int | None = NOW_MS) -> RawRecord:
    return RawRecord("in", 0, offset, b"k", value, (), timestamp_ms)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def judge(limits: Limits | None = None, **service: Any) -> Judge[Any]:
    return Judge(replace(toy_service(), **service), code_version="t", limits=limits or Limits())


# --- whatever the record: a decision or a dead letter ----------------------------------------


def test_a_record_nested_thousands_deep_is_dead_lettered_not_raised() -> None:
    for value in (nested(5_000), b'{"id": ' + nested(100_000) + b"}"):
        emission = judge().judge(raw(value))
        assert emission.kind == "deadletter"
        assert emission.error_kind is not None


def test_batch_mode_survives_the_nested_record() -> None:
    lines = nested(5_000) + b"\n" + encode(partner_event(1)) + b"\n"
    result = CliRunner().invoke(app, ["check", "screening", "--input", "-"], input=lines)
    assert result.exit_code == 3, result.output  # it ran to the end; a record is a dead letter
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["type"] for x in out] == [
        "compliance.deadletter.recorded",
        "compliance.decision.made",
    ]


def test_a_rule_that_raises_anything_is_a_dead_letter() -> None:
    def boom(event: PartnerUpsertedEvent) -> Verdict:
        raise RecursionError("deep")

    emission = judge(decide=boom).judge(raw(encode(partner_event(1))))
    assert emission.kind == "deadletter" and emission.error_kind is not None
    assert emission.companion is not None  # and the partner gets an amber decision


# --- the subject of a rejected update is never left green ------------------------------------


def test_a_rejected_update_gives_its_subject_an_amber_decision() -> None:
    bad = partner_event(7, owners=[{"name": "X", "kind": "organization", "share": 7}])
    emission = judge().judge(raw(encode(bad)))
    assert emission.kind == "deadletter"
    amber = emission.companion
    assert amber is not None and amber.subject_id == "P-7"
    assert amber.outcome is not None and amber.outcome.value == "needs_review"
    decision = json.loads(amber.value)["data"]
    assert decision["reasons"][0]["code"] == "EVENT_REJECTED"
    assert decision["source_event_id"] == "evt-7"
    assert "invalid_data" in decision["reasons"][0]["message"]


def test_a_record_naming_no_subject_gets_no_amber_decision() -> None:
    assert judge().judge(raw(b"{not json")).companion is None
    other = {**partner_event(1), "type": "something.else"}
    assert judge().judge(raw(encode(other))).companion is None


# --- limits ---------------------------------------------------------------------------------------


def many_parties(owners: int, representatives: int) -> dict[str, Any]:
    party = {"name": "Bank Melli Iran", "kind": "organization", "share": 0.001}
    return partner_event(
        2,
        owners=[party] * owners,
        representatives=[{"name": "Bank Melli Iran", "kind": "person"}] * representatives,
    )


def test_an_event_with_too_many_parties_is_dead_lettered_with_an_amber() -> None:
    j = judge(Limits(max_parties_per_event=50), measure=screening_rules.size)
    emission = j.judge(raw(encode(many_parties(500, 500))))
    assert emission.error_kind is not None and emission.error_kind.value == "limit_exceeded"
    assert emission.companion is not None


def test_an_event_with_too_many_names_is_dead_lettered() -> None:
    j = judge(Limits(max_names_per_party=10), measure=screening_rules.size)
    event = partner_event(3, aliases=[f"Name {i}" for i in range(30)])
    assert j.judge(raw(encode(event))).error_kind is not None


def _many_reasons(n: int, severity: Severity = Severity.INFO) -> Verdict:
    return Verdict(
        reasons=tuple(
            Reason(
                code=ReasonCode.POSSIBLE_SANCTIONS_MATCH,
                severity=Severity.BLOCK if i == n - 1 else severity,
                message=f"reason {i}",
                legal_basis="test",
                evidence={"i": i, "blob": "x" * 2_000},
            )
            for i in range(n)
        ),
        rules_version="t",
    )


def test_reasons_are_capped_keeping_the_most_severe() -> None:
    j = judge(Limits(max_reasons_per_decision=20), decide=lambda e: _many_reasons(2_000))
    emission = j.judge(raw(encode(partner_event(4))))
    data = json.loads(emission.value)["data"]
    assert len(data["reasons"]) == 20
    assert data["outcome"] == "red_flag"  # the block at the end was kept
    assert data["reasons"][-1]["code"] == "REASONS_TRUNCATED"


def test_cap_never_lowers_the_outcome_and_a_green_becomes_amber() -> None:
    reasons = list(_many_reasons(50, Severity.INFO).reasons)[:-1]  # all info
    capped = cap_reasons(reasons, 10)
    assert len(capped) == 10 and capped[-1].severity is Severity.REVIEW


def test_a_decision_over_the_size_limit_is_trimmed_then_rejected() -> None:
    fits = judge(Limits(max_decision_bytes=200_000), decide=lambda e: _many_reasons(150))
    data = json.loads(fits.judge(raw(encode(partner_event(5)))).value)["data"]
    assert all(r["evidence"].get("evidence_trimmed") for r in data["reasons"])
    tiny = judge(Limits(max_decision_bytes=10_000), decide=lambda e: _many_reasons(150))
    emission = tiny.judge(raw(encode(partner_event(5))))
    assert emission.error_kind is not None and emission.error_kind.value == "decision_too_large"
    assert emission.companion is not None


# --- evaluation date sanity ---------------------------------------------------------------------


def test_an_evaluation_date_far_from_the_broker_timestamp_is_amber() -> None:
    event = {**partner_event(6), "time": "1999-01-01T00:00:00Z"}
    data = json.loads(judge().judge(raw(encode(event))).value)["data"]
    codes = [r["code"] for r in data["reasons"]]
    assert codes == ["EVALUATION_DATE_IMPLAUSIBLE"] and data["outcome"] == "needs_review"
    assert "1999-01-01" in data["reasons"][0]["message"]
    assert "2026-11-20" in data["reasons"][0]["message"]


def test_a_date_inside_the_window_or_without_a_timestamp_is_not_flagged() -> None:
    event = encode(partner_event(6))
    assert json.loads(judge().judge(raw(event)).value)["data"]["outcome"] == "cleared"
    old = encode({**partner_event(6), "time": "1999-01-01T00:00:00Z"})
    assert json.loads(judge().judge(raw(old, timestamp_ms=None)).value)["data"]["reasons"] == []


# --- off the event loop, with a deadline ---------------------------------------------------------


def consumer_record(offset: int, value: bytes) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(
        topic="in",
        partition=0,
        offset=offset,
        timestamp=NOW_MS,
        timestamp_type=0,
        key=None,
        value=value,
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=len(value),
        headers=[],
    )


class Consumer:
    def __init__(self) -> None:
        self.seeks: dict[TopicPartition, int] = {}

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition("in", 0)}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks[tp] = offset


def slow(event: PartnerUpsertedEvent) -> Verdict:
    if event.data.partner_id == "P-1":
        time.sleep(1.0)
    return Verdict(reasons=(), rules_version="t")


async def test_a_record_past_its_deadline_is_given_up_and_the_loop_stays_alive() -> None:
    writer = FakeWriter()
    j = judge(Limits(record_deadline_seconds=0.2), decide=slow)
    processor = BatchProcessor(j, writer, ServiceMetrics("screening"))
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.02)

    beat = asyncio.create_task(heartbeat())
    records = [consumer_record(i, encode(partner_event(i))) for i in range(3)]
    started = time.monotonic()
    retry = await processor.process(records, Consumer())
    elapsed = time.monotonic() - started
    beat.cancel()
    processor.close()
    assert not retry
    kinds = [(e.kind, e.error_kind.value if e.error_kind else None) for e in writer.written]
    assert kinds == [
        ("decision", None),
        ("deadletter", "deadline_exceeded"),
        ("decision", None),  # P-1's amber
        ("decision", None),
    ]
    assert elapsed < 0.9  # not waited for
    assert ticks >= 5  # the event loop kept running while records were judged
    assert writer.committed == [{TopicPartition("in", 0): 3}]


async def test_an_unexpected_failure_rewinds_the_whole_batch() -> None:
    writer = FakeWriter()
    processor = BatchProcessor(judge(), writer, ServiceMetrics("screening"))

    async def broken(raws: list[RawRecord]) -> list[Any]:
        raise MemoryError("out of memory while judging")

    processor._judge_all = broken  # type: ignore[method-assign]
    consumer = Consumer()
    records = [consumer_record(10 + i, encode(partner_event(i))) for i in range(3)]
    assert await processor.process(records, consumer) is True
    assert consumer.seeks == {TopicPartition("in", 0): 10}
    assert writer.written == [] and writer.committed == []


class RefusingWriter(FakeWriter):
    """A broker that refuses any write holding the decision on partner P-1 (as Kafka refuses
    a record over the topic's max.message.bytes), and accepts everything else."""

    async def write(self, batch: Any, offsets: Any, consumer: Any) -> None:
        if any(
            e.subject_id == "P-1" and e.kind == "decision" and not e.companion_of
            for es in batch.values()
            for e in es
        ):
            raise ValueError("MessageSizeTooLargeError (fake)")
        await super().write(batch, offsets, consumer)


async def test_a_record_the_broker_keeps_refusing_ends_as_a_dead_letter() -> None:
    writer = RefusingWriter()
    processor = BatchProcessor(judge(), writer, ServiceMetrics("screening"), max_write_attempts=3)
    consumer = Consumer()
    records = [consumer_record(i, encode(partner_event(i))) for i in range(3)]
    retries = 0
    pending = records
    for _ in range(10):  # the handler's loop: a rewound batch is fetched again from the seek
        if not await processor.process(pending, consumer):
            break
        retries += 1
        pending = [r for r in records if r.offset >= consumer.seeks[TopicPartition("in", 0)]]
    processor.close()
    assert retries == 3  # then written one by one
    kinds = [
        (e.subject_id, e.kind, e.error_kind.value if e.error_kind else None) for e in writer.written
    ]
    assert kinds == [
        ("P-0", "decision", None),
        (None, "deadletter", "write_failed"),
        ("P-1", "decision", None),  # the amber
        ("P-2", "decision", None),
    ]
    assert writer.committed[-1] == {TopicPartition("in", 0): 3}


def test_a_day_that_has_not_come_yet_is_never_a_silent_green() -> None:
    """An as_of ahead of the record may not clear what only that day would clear (a notice
    period judged as already run)."""
    ahead = {**partner_event(6), "time": "2026-11-25T00:00:00Z"}  # recorded on 2026-11-20
    data = json.loads(judge().judge(raw(encode(ahead))).value)["data"]
    assert [r["code"] for r in data["reasons"]] == ["EVALUATION_DATE_IMPLAUSIBLE"]
    assert "has not come yet" in data["reasons"][0]["message"]
    tomorrow = {**partner_event(6), "time": "2026-11-21T08:00:00Z"}  # a time zone apart
    assert json.loads(judge().judge(raw(encode(tomorrow))).value)["data"]["outcome"] == "cleared"
