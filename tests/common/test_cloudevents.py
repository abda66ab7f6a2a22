"""CloudEvents in both Kafka modes and both data forms, as the CNCF SDK writes them: the
same strict validation and the same decision whichever form a producer chose."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from cloudevents.v1.http import CloudEvent
from cloudevents.v1.kafka import to_binary, to_structured
from hypothesis import given
from hypothesis import strategies as st

from schemas.deadletter import ErrorKind
from services.common.cloudevents import NotReadable, attribute_headers, structured
from services.common.pipeline import Judge, RawRecord
from tests.fakes import partner_event, toy_service

JUDGE = Judge(toy_service(), code_version="test")


def sdk_event(i: int = 1, country: str = "KP") -> CloudEvent:
    event = partner_event(i, country)
    attributes = {k: v for k, v in event.items() if k not in ("data", "datacontenttype")}
    attributes["datacontenttype"] = "application/json"
    return CloudEvent(attributes, event["data"])


def judged(value: bytes, headers: dict[str, bytes] | None = None) -> Any:
    record = RawRecord("in", 0, 0, b"P-1", value, tuple((headers or {}).items()))
    return JUDGE.judge(record)


def decision_of(emission: Any) -> dict[str, Any]:
    assert emission.kind == "decision", emission.value[:300]
    data: dict[str, Any] = json.loads(emission.value)["data"]
    return data


def test_binary_structured_and_base64_records_get_the_same_decision() -> None:
    plain = decision_of(judged(json.dumps(partner_event(1, "KP")).encode()))
    binary = to_binary(sdk_event())
    structured_sdk = to_structured(sdk_event())
    as_bytes = to_structured(sdk_event(), data_marshaller=lambda d: json.dumps(d).encode())
    assert b"data_base64" in as_bytes.value
    assert "ce_specversion" in binary.headers
    for message in (binary, structured_sdk, as_bytes):
        got = decision_of(judged(message.value, message.headers))
        assert got["outcome"] == plain["outcome"] == "red_flag"
        assert got["decision_id"] == plain["decision_id"]
        assert got["reasons"] == plain["reasons"]


def test_validation_is_as_strict_in_binary_mode() -> None:
    bad = sdk_event()
    bad.data["country"] = "Germany"  # not an ISO code
    letter = judged(*to_binary(bad)[::2][::-1]) if False else None
    message = to_binary(bad)
    letter = judged(message.value, message.headers)
    assert letter.kind == "deadletter" and letter.error_kind is ErrorKind.INVALID_DATA


@pytest.mark.parametrize(
    ("value", "headers", "kind"),
    [
        (b"<xml/>", {"ce_specversion": b"1.0", "content-type": b"application/xml"}, "not_json"),
        (b"{nope", {"ce_specversion": b"1.0"}, "not_json"),
        (b"{}", {"ce_specversion": b"1.0", "ce_data": b"x"}, "not_cloudevent"),
        (b'{"data_base64": "!!", "specversion": "1.0"}', {}, "not_cloudevent"),
        (b'{"data_base64": "e30=", "data": {}}', {}, "not_cloudevent"),
    ],
)
def test_what_cannot_be_read_says_why(value: bytes, headers: dict[str, bytes], kind: str) -> None:
    with pytest.raises(NotReadable) as caught:
        structured(value, tuple(headers.items()))
    assert caught.value.kind.value == kind


def test_a_structured_record_is_passed_on_untouched() -> None:
    value = json.dumps(partner_event(1)).encode()
    assert structured(value, (("content-type", b"application/json"),)) is value


def test_attribute_headers_repeat_the_envelope() -> None:
    value = json.dumps(partner_event(3)).encode()
    headers = dict(attribute_headers(value))
    assert headers["ce_id"] == b"evt-3" and headers["ce_specversion"] == b"1.0"


@given(st.binary(max_size=200), st.dictionaries(st.text(max_size=12), st.binary(max_size=20)))
def test_any_bytes_and_headers_are_read_or_refused_never_crash(
    value: bytes, headers: dict[str, bytes]
) -> None:
    with contextlib.suppress(NotReadable):
        structured(value, tuple(headers.items()))
    emission = judged(value, headers)
    assert emission.kind in ("decision", "deadletter")


def test_a_signed_decision_in_binary_mode_reads_back_and_verifies() -> None:
    from services.common.cloudevents import readable, to_binary
    from services.common.integrity import SigningKey, Verifier, seal

    key = SigningKey.generate("k")
    decision = decision_of(judged(json.dumps(partner_event(1, "KP")).encode()))
    envelope = {
        "specversion": "1.0",
        "id": decision["decision_id"],
        "source": "/clearway/screening",
        "type": "compliance.decision.made",
        "subject": "P-1",
        "time": "2026-11-20T09:30:00Z",
        "datacontenttype": "application/json",
        "data": decision,
    }
    sealed, _ = seal(json.dumps(envelope).encode(), key, "w", "start", 2)
    value, headers = to_binary(sealed)
    assert dict(headers)["ce_clearwaypartition"] == b"2"
    back = readable(value, headers)
    assert back is not None and json.loads(back)["clearwaypartition"] == 2
    assert Verifier({"k": key.public}).check(back).status == "verified"
