"""The pure record pipeline: one emission per record, never an exception."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import DeadLetterRecorded, DecisionMade
from services.common.batch import judge_lines
from services.common.pipeline import Judge, RawRecord, decision_id
from tests.fakes import POISON, encode, partner_event, toy_service


def judge(explode: bool = False, max_bytes: int = 1_048_576) -> Judge:  # type: ignore[type-arg]
    return Judge(toy_service(explode=explode), max_record_bytes=max_bytes, code_version="test")


#: when the broker recorded the test records: the day of the fake events
RECORDED_MS = int(datetime(2026, 11, 20, 9, 31, tzinfo=UTC).timestamp() * 1000)


def record(value: bytes | None, offset: int = 0) -> RawRecord:
    return RawRecord(
        topic="in",
        partition=0,
        offset=offset,
        key=b"k",
        value=value,
        headers=(("h", b"\x00\xff"),),
        timestamp_ms=RECORDED_MS,
    )


@pytest.mark.parametrize(
    ("country", "outcome", "codes"),
    [
        ("DE", "cleared", []),
        ("IR", "needs_review", ["EMBARGOED_COUNTRY"]),
        ("KP", "red_flag", ["EMBARGOED_COUNTRY"]),
        (None, "cleared", []),
    ],
)
def test_a_valid_event_becomes_a_decision(
    country: str | None, outcome: str, codes: list[str]
) -> None:
    event = partner_event(1, country=country) if country else partner_event(1)
    if country is None:
        del event["data"]["country"]
    emission = judge().judge(record(encode(event)))
    assert emission.kind == "decision"
    decision = DecisionMade.model_validate_json(emission.value)
    assert decision.data.outcome.value == outcome
    assert [r.code.value for r in decision.data.reasons] == codes
    assert decision.data.decision_id == decision_id("screening", "evt-1") == decision.id
    assert decision.data.subject_id == "P-1" == decision.subject
    assert emission.key == b"P-1"
    assert decision.data.evaluated_at.isoformat() == "2026-11-20T09:30:00+00:00"
    assert decision.data.code_version == "test"
    assert decision.source == "/clearway/screening"
    assert decision.correlationid is None


def test_same_event_twice_gives_the_same_decision_bytes() -> None:
    j = judge()
    first = j.judge(record(encode(partner_event(7, country="IR")), offset=1))
    second = j.judge(record(encode(partner_event(7, country="IR")), offset=99))
    assert first.value == second.value


def test_decision_ids_differ_by_service_and_event() -> None:
    assert decision_id("gdpr", "e1") != decision_id("screening", "e1")
    assert decision_id("gdpr", "e1") != decision_id("gdpr", "e2")


@pytest.mark.parametrize(("value", "kind"), POISON, ids=[k for _, k in POISON])
def test_each_kind_of_poison_is_dead_lettered_whole(value: bytes, kind: str) -> None:
    emission = judge().judge(record(value, offset=42))
    assert emission.kind == "deadletter"
    assert emission.error_kind is not None and emission.error_kind.value == kind
    letter = DeadLetterRecorded.model_validate_json(emission.value)
    assert letter.data.error
    assert letter.data.original.offset == 42 and letter.data.original.topic == "in"
    assert base64.b64decode(letter.data.original.value_b64 or "") == value
    assert letter.data.original.headers == [("h", base64.b64encode(b"\x00\xff").decode())]
    assert emission.key == b"k"


def test_invalid_data_names_the_field() -> None:
    emission = judge().judge(record(encode(partner_event(5, country="ZZ"))))
    letter = DeadLetterRecorded.model_validate_json(emission.value)
    assert letter.data.error.startswith("data.country:")
    assert letter.data.event_id == "evt-5" and letter.data.event_type == "partner.upserted"


def test_unknown_type_says_what_is_accepted() -> None:
    emission = judge().judge(record(encode({**partner_event(1), "type": "x.y"})))
    assert (
        "accepted: partner.upserted"
        in DeadLetterRecorded.model_validate_json(emission.value).data.error
    )


def test_too_large_records_are_dead_lettered() -> None:
    emission = judge(max_bytes=2_000).judge(
        record(encode(partner_event(1, name="x" * 400)) + b" " * 2_000)
    )
    assert emission.error_kind is not None and emission.error_kind.value == "too_large"


def test_a_failing_rule_dead_letters_instead_of_crashing() -> None:
    event = partner_event(1)
    event["data"]["partner_id"] = "BOOM"
    emission = judge(explode=True).judge(record(encode(event)))
    assert emission.error_kind is not None and emission.error_kind.value == "decision_failed"
    assert (
        "RuntimeError: rule bug"
        in DeadLetterRecorded.model_validate_json(emission.value).data.error
    )


def test_null_value_is_dead_lettered() -> None:
    emission = judge().judge(record(None))
    assert emission.kind == "deadletter"
    assert DeadLetterRecorded.model_validate_json(emission.value).data.original.value_b64 is None


@settings(max_examples=300)
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_never_raise(value: bytes) -> None:
    emission = judge().judge(record(value))
    assert emission.kind in ("decision", "deadletter")
    json.loads(emission.value)


@settings(max_examples=200)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "type",
                        "data",
                        "specversion",
                        "source",
                        "time",
                        "partner_id",
                        "kind",
                        "name",
                        "country",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_raises(obj: object) -> None:
    emission = judge().judge(record(json.dumps(obj).encode()))
    assert emission.kind in ("decision", "deadletter")


def test_batch_mode_keeps_order_and_skips_blank_lines() -> None:
    lines = [
        encode(partner_event(1)) + b"\n",
        b"\n",
        b"{bad\n",
        encode(partner_event(2, "KP")) + b"\r\n",
    ]
    out = list(judge_lines(judge(), lines, source="file.jsonl"))
    assert [e.kind for e in out] == ["decision", "deadletter", "decision"]
    letter = DeadLetterRecorded.model_validate_json(out[1].value)
    assert letter.data.original.topic == "file.jsonl" and letter.data.original.offset == 3
