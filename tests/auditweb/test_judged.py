"""The judged event: its index, and the personal fields withheld from the page."""

from __future__ import annotations

import json

from services.auditweb.judged import (
    WITHHELD,
    JudgedIndex,
    event_id_of,
    shown_values,
    withhold,
)
from services.auditweb.store import Position

PARTNER_EVENT = {
    "id": "e-1",
    "type": "partner.upserted",
    "data": {
        "partner_id": "P-1",
        "kind": "person",
        "name": "Ismaeel Haniyya",
        "aliases": ["I. Haniyya", "Ismail Haniya"],
        "country": "QA",
        "birth_date": "1962-01-29",
        "address": "Doha",
        "owners": [{"name": "Holding One", "share": 60}],
        "representatives": [{"name": "Jane Doe", "role": "director"}],
    },
}


def test_only_allowed_fields_are_shown_unless_the_decision_shows_them() -> None:
    decision = {"data": {"reasons": [{"evidence": {"query_name": "Ismaeel Haniyya"}}]}}
    shown, count = withhold(PARTNER_EVENT, shown_values(decision))
    data = shown["data"]
    assert data["name"] == "Ismaeel Haniyya"  # the decision already carries it
    assert data["aliases"] == [WITHHELD, WITHHELD]
    assert data["birth_date"] == WITHHELD and data["address"] == WITHHELD
    assert data["owners"] == [{"name": WITHHELD, "share": 60}]
    assert data["representatives"] == [{"name": WITHHELD, "role": WITHHELD}]
    assert data["country"] == "QA" and data["partner_id"] == "P-1"
    assert count == 7
    assert "Jane Doe" not in json.dumps(shown)


def test_fields_a_producer_adds_are_withheld_by_default() -> None:
    event = {
        **PARTNER_EVENT,
        "data": {
            **PARTNER_EVENT["data"],
            "email": "ismaeel@example.org",
            "passport_number": "X1234567",
            "contact": {"phone": "+974 555"},
        },
    }
    shown, _ = withhold(event, set())
    text = json.dumps(shown)
    for secret in ("ismaeel@example.org", "X1234567", "+974 555", "1962-01-29"):
        assert secret not in text


def test_an_event_of_another_type_shows_its_envelope_only() -> None:
    event = {"id": "e", "type": "something.else", "data": {"transfer_id": "T-1"}}
    shown, count = withhold(event, set())
    assert shown == {"id": "e", "type": "something.else", "data": {"transfer_id": WITHHELD}}
    assert count == 1


def test_a_transfer_event_shows_its_codes_and_countries() -> None:
    event = {
        "id": "e",
        "type": "technology.transfer.requested",
        "data": {
            "transfer_id": "T-1",
            "technology": {"title": "Secret sauce", "control_codes": ["5A002"]},
            "destination_country": "US",
            "end_user": {"name": "Dr. X", "kind": "person", "country": "US"},
        },
    }
    shown, count = withhold(event, set())
    assert shown["data"]["technology"] == {"title": WITHHELD, "control_codes": ["5A002"]}
    assert shown["data"]["end_user"]["name"] == WITHHELD
    assert shown["data"]["destination_country"] == "US" and count == 2


def test_a_record_nested_thousands_deep_is_not_an_event_id() -> None:
    assert event_id_of(b"[" * 5_000 + b"]" * 5_000) is None


def test_index_keeps_the_first_position_and_forgets_the_oldest() -> None:
    index = JudgedIndex(capacity=2)
    index.add("a", Position("t", 0, 1))
    index.add("a", Position("t", 0, 9))
    index.add("b", Position("t", 1, 2))
    assert index.get("a") == Position("t", 0, 1)
    index.add("c", Position("t", 2, 3))
    assert index.get("a") is None and len(index) == 2


def test_event_id_of_bad_records_is_none() -> None:
    assert event_id_of(b'{"id": "x"}') == "x"
    for value in (b"garbage", b"[]", b'{"id": 3}', b'{"id": ""}', b"{}"):
        assert event_id_of(value) is None
