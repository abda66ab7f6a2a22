"""Signatures and hash chains, pure (the broker test in ``tests/integration`` covers the
same through Kafka): what each tampering looks like to the check, record by record."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.common.audit_check import PartitionCheck, TrailCheck
from services.common.integrity import (
    GENESIS,
    SigningKey,
    Verifier,
    canonical_error,
    load_public_keys,
    seal,
    sign_event,
)

KEY, OTHER = SigningKey.generate("k1"), SigningKey.generate("k2")
VERIFIER = Verifier({KEY.key_id: KEY.public})


def decision(n: int, outcome: str = "red_flag") -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": f"d-{n}",
            "source": "clearway/screening",
            "type": "compliance.decision.made",
            "subject": f"P-{n}",
            "time": "2026-12-01T10:00:00Z",
            "data": {"outcome": outcome, "reasons": [{"code": "SANCTIONS_MATCH"}]},
        }
    ).encode()


def chain(n: int, writer: str = "w-0", key: SigningKey = KEY) -> list[bytes]:
    out, prev = [], GENESIS
    for i in range(n):
        value, prev = seal(decision(i), key, writer, prev, 0)
        out.append(value)
    return out


def check(values: list[bytes], *, anchored: bool = True) -> PartitionCheck:
    trail = TrailCheck(VERIFIER)
    trail.start(0, anchored=anchored)
    for offset, value in enumerate(values):
        trail.add(0, offset, value)
    return trail.partitions[0]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(data=json_values, subject=st.text(min_size=1, max_size=30))
def test_any_decision_verifies_and_any_change_to_it_does_not(data: Any, subject: str) -> None:
    envelope = {"id": "d-1", "source": "s", "type": "t", "subject": subject, "time": "x"}
    value, _ = seal(json.dumps({**envelope, "data": data}).encode(), KEY, "w", GENESIS)
    assert VERIFIER.check(value).status == "verified"
    # re-serialised differently (key order, spacing): the canonical form still verifies
    loaded = json.loads(value)
    assert VERIFIER.check(json.dumps(loaded, indent=2, sort_keys=True).encode()).status == (
        "verified"
    )
    for field, changed in (("subject", subject + "x"), ("data", [data]), ("time", "y")):
        assert VERIFIER.check_envelope({**loaded, field: changed}).status == "bad_signature"


def test_a_whole_chain_verifies() -> None:
    result = check(chain(5))
    assert result.ok and result.counts["verified"] == 5 and result.restarts == 0


def test_unsigned_and_unknown_keys_fail() -> None:
    assert check([decision(0)]).counts["unsigned"] == 1
    assert check(chain(1, key=OTHER)).counts["unknown_key"] == 1
    assert VERIFIER.check(b"not json").status == "unreadable"


def test_a_deleted_record_breaks_the_next_link() -> None:
    values = chain(5)
    result = check(values[:2] + values[3:])
    assert not result.ok and result.counts["broken"] == 1 and result.problems[0][0] == 2


def test_reordered_records_break_the_chain() -> None:
    values = chain(5)
    assert check([values[0], values[2], values[1], values[3], values[4]]).counts["broken"] >= 2


def test_a_replayed_record_is_found() -> None:
    values = chain(3)
    assert check([*values, values[1]]).counts["replayed"] == 1


def test_chains_of_different_writers_interleave() -> None:
    a, b = chain(4, "w-a"), chain(4, "w-b")
    mixed = [v for pair in zip(a, b, strict=True) for v in pair]
    result = check(mixed)
    assert result.ok and result.as_dict()["writers"] == 2


def test_a_range_that_begins_mid_topic_cannot_check_first_links() -> None:
    values = chain(5)
    assert not check(values[2:]).ok
    result = check(values[2:], anchored=False)
    assert result.ok and result.unanchored == 1


def test_a_writer_that_lost_its_head_restarts_and_says_so() -> None:
    first = chain(2)
    second, prev = [], GENESIS
    for i in range(2, 4):  # the same writer, begun again at start
        value, prev = seal(decision(i), KEY, "w-0", prev, 0)
        second.append(value)
    result = check(first + second)
    assert result.ok and result.restarts == 1


def test_a_review_is_signed_without_a_chain() -> None:
    review = sign_event({"id": "r-1", "source": "page", "type": "review.recorded", "data": {}}, KEY)
    assert VERIFIER.check_envelope(review, chained=False).status == "verified"
    assert VERIFIER.check_envelope({**review, "data": {"x": 1}}, chained=False).status == (
        "bad_signature"
    )


def test_keys_round_trip_through_pem_and_configuration(tmp_path: Any) -> None:
    again = SigningKey.from_pem("k1", KEY.pem())
    assert again.public == KEY.public
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"k1": KEY.public}))
    assert load_public_keys(json.dumps({"k2": OTHER.public}), path) == {
        "k1": KEY.public,
        "k2": OTHER.public,
    }


def test_a_decision_that_cannot_be_canonicalised_is_refused_before_sealing() -> None:
    assert canonical_error(decision(1)) is None
    huge = json.loads(decision(1))
    huge["data"]["share"] = 2**64
    assert "IntegerDomainError" in (canonical_error(json.dumps(huge).encode()) or "")


# --- found by a hostile review: copies, re-spellings, replays from elsewhere ---------------


def test_a_record_copied_to_another_partition_does_not_verify_there() -> None:
    values = chain(2)
    trail = TrailCheck(VERIFIER)
    trail.start(0, anchored=True)
    trail.start(1, anchored=True)
    assert [trail.add(0, i, v) for i, v in enumerate(values)] == ["verified", "verified"]
    # the same bytes on partition 1: seen on the topic already
    assert trail.add(1, 0, values[0]) == "replayed"
    # re-indented (other bytes, same signed payload): still the same record
    again = json.dumps(json.loads(values[1]), indent=1).encode()
    assert trail.add(1, 1, again) == "replayed"
    # a chain signed for partition 0 read on partition 1 alone
    alone = TrailCheck(VERIFIER)
    alone.start(1, anchored=True)
    assert alone.add(1, 0, values[0]) == "misplaced" and not alone.ok


def test_a_signature_has_one_spelling() -> None:
    value = json.loads(chain(1)[0])
    for respelt in (
        value["clearwaysig"] + "==",
        value["clearwaysig"] + "=",
        " " + value["clearwaysig"],
    ):
        assert VERIFIER.check_envelope({**value, "clearwaysig": respelt}).status == "bad_signature"


def test_a_record_that_repeats_a_key_is_unreadable() -> None:
    value = chain(1)[0].decode()
    doubled = value[:-1] + ', "data": {"outcome": "cleared", "reasons": []}}'
    assert VERIFIER.check(doubled.encode()).status == "unreadable"


def test_an_unanchored_record_is_never_proof_of_its_place() -> None:
    values = chain(3)
    result = check(values[1:], anchored=False)
    assert result.ok and result.counts["unanchored"] == 1 and result.counts["verified"] == 1
    assert result.as_dict()["verified"] == 2


def test_a_chain_head_is_recovered_only_from_a_record_that_verifies() -> None:
    from services.common.chains import Chains

    values = chain(2)
    chains = Chains(KEY, "audit", {})
    junk = b'{"clearwaywriter": "w-0"}'
    expected = VERIFIER.check(values[1]).hash
    assert chains._head([values[0], values[1], junk], "w-0", 0) == expected
    assert chains._head([junk], "w-0", 0) is None
    assert chains._head([values[1]], "w-0", 1) is None  # signed for another partition
    assert chains._head([values[1]], "other", 0) is None
