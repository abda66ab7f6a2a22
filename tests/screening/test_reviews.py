"""Reviewer decisions that can be trusted: signed by a known key, with fingerprints; a false
positive holds while the partner's data and the entry are what was reviewed, for twelve
months, and on a red match only with two different reviewers (four eyes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.decision import outcome_of
from services.common.integrity import SigningKey, Verifier, sign_event
from services.screening import rules
from services.screening.reviews import Review, ReviewPolicy, ReviewState
from tests.screening.test_rules import REGIMES, SNAPSHOT, T, event

PAGE = SigningKey.generate("audit-page")  # the component that authenticates reviewers
REVIEWED = datetime(2026, 11, 1, tzinfo=UTC)  # the events are judged on 2026-11-20
ONE_REVIEWER = ReviewPolicy(four_eyes=frozenset())  # for the tests of fingerprints alone


def review(
    verdict: str = "false_positive",
    partner_fp: str | None = None,
    entry_fp: str | None = None,
    *,
    at: datetime = REVIEWED,
    reviewers: tuple[str, ...] = ("officer-7",),
) -> Review:
    return Review(
        "test_list",
        "E1",
        verdict,
        reviewers[-1],
        partner_fp,
        entry_fp,
        at,
        tuple((r, at) for r in sorted(set(reviewers))),
    )


def fingerprints(ev: object) -> tuple[str, str]:
    (reason,) = rules.decide(ev, SNAPSHOT, REGIMES, T).reasons  # type: ignore[arg-type]
    return reason.evidence["partner_fingerprint"], reason.evidence["entry_fingerprint"]


def codes(ev: Any, reviews: dict[Any, Review], policy: ReviewPolicy = ONE_REVIEWER) -> list[str]:
    verdict = rules.decide(ev, SNAPSHOT, REGIMES, T, reviews, policy=policy)
    return [r.code.value for r in verdict.reasons]


def test_a_false_positive_is_not_raised_while_nothing_changed() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    reviews = {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp=entry_fp)}
    verdict = rules.decide(ev, SNAPSHOT, REGIMES, T, reviews, policy=ONE_REVIEWER)
    assert [r.code.value for r in verdict.reasons] == ["FALSE_POSITIVE_SUPPRESSED"]
    assert outcome_of(verdict.reasons).value == "cleared"
    assert verdict.reasons[0].evidence["reviewer"] == "officer-7"


def test_it_is_raised_again_when_the_partner_or_the_entry_changes() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    changed_partner = event("Rosoboronexport", country="DE", aliases=["ROE"])
    held = {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp=entry_fp)}
    assert codes(changed_partner, held) == ["SANCTIONS_MATCH"]
    other_entry = {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp="0000")}
    assert codes(ev, other_entry) == ["SANCTIONS_MATCH"]


def test_a_confirmed_verdict_suppresses_nothing() -> None:
    ev = event("Rosoboronexport", country="DE")
    assert codes(ev, {("test_list", "E1"): review("confirmed")}) == ["SANCTIONS_MATCH"]


def test_a_red_match_needs_two_different_reviewers() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    one = {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp=entry_fp)}
    assert codes(ev, one, ReviewPolicy()) == ["SANCTIONS_MATCH", "REVIEW_INCOMPLETE"]
    two = {
        ("test_list", "E1"): review(
            partner_fp=partner_fp, entry_fp=entry_fp, reviewers=("officer-7", "officer-9")
        )
    }
    assert codes(ev, two, ReviewPolicy()) == ["FALSE_POSITIVE_SUPPRESSED"]


def test_a_suppression_expires_and_the_match_is_raised_again_saying_so() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    old = review(partner_fp=partner_fp, entry_fp=entry_fp, at=REVIEWED - timedelta(days=400))
    found = rules.decide(ev, SNAPSHOT, REGIMES, T, {("test_list", "E1"): old}, policy=ONE_REVIEWER)
    assert [r.code.value for r in found.reasons] == ["SANCTIONS_MATCH", "REVIEW_EXPIRED"]
    assert "expired on" in found.reasons[1].message


# --- the review topic: only signed reviews count -----------------------------------------


def recorded(**data: Any) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": f"r-{data.get('reviewer', 'x')}",
        "source": "/audit-page",
        "type": "review.recorded",
        "time": REVIEWED.isoformat(),
        "data": {
            "partner_id": "P1",
            "list": "test_list",
            "entry_id": "E1",
            "verdict": "false_positive",
            "reviewer": "officer-7",
            "partner_fingerprint": "pf",
            "entry_fingerprint": "ef",
            **data,
        },
    }


def value(envelope: dict[str, Any], key: SigningKey | None = PAGE) -> bytes:
    return json.dumps(sign_event(envelope, key) if key else envelope).encode()


OFFICER_7 = SigningKey.generate("reviewer:officer-7")  # a reviewer's own key


def state() -> ReviewState:
    return ReviewState(
        verifier=Verifier({PAGE.key_id: PAGE.public, OFFICER_7.key_id: OFFICER_7.public})
    )


def test_unsigned_forged_and_incomplete_reviews_are_ignored_and_counted() -> None:
    s = state()
    s.apply(b"P1/test_list/E1", value(recorded(), key=None))
    s.apply(b"P1/test_list/E1", value(recorded(), key=SigningKey.generate("forger")))
    tampered = json.loads(value(recorded()))
    tampered["data"]["reviewer"] = "someone-else"
    s.apply(b"P1/test_list/E1", json.dumps(tampered).encode())
    s.apply(b"P1/test_list/E1", value(recorded(partner_fingerprint=None)))
    assert s.for_partner("P1") == {}
    assert s.ignored == {"unsigned": 1, "unknown_key": 1, "bad_signature": 1, "no_fingerprints": 1}


def test_two_reviewers_seen_on_the_topic_or_named_by_the_second_review() -> None:
    s = state()
    s.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-7")))
    assert s.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-7"}
    s.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-7")))  # the same one again
    assert s.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-7"}
    s.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-9")))
    assert s.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-7", "officer-9"}
    compacted = state()  # after compaction only the second record is left: it names the first
    first = {"reviewer": "officer-7", "reviewed_at": REVIEWED.isoformat()}
    compacted.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-9", first_reviewer=first)))
    assert compacted.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-7", "officer-9"}


def test_a_reviewers_own_key_vouches_for_that_reviewer_only() -> None:
    s = state()
    s.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-9"), key=OFFICER_7))
    assert s.for_partner("P1") == {} and s.ignored == {"reviewer_not_key_owner": 1}
    # nor can it claim a first reviewer: four eyes need two people, not one key saying so
    first = {"reviewer": "officer-9", "reviewed_at": REVIEWED.isoformat()}
    s.apply(
        b"P1/test_list/E1",
        value(recorded(reviewer="officer-7", first_reviewer=first), key=OFFICER_7),
    )
    assert s.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-7"}


def test_a_decision_key_cannot_sign_a_review() -> None:
    """Review keys (CLEARWAY_REVIEW_KEYS) and decision keys (CLEARWAY_PUBLIC_KEYS) are apart."""
    from services.screening.settings import Settings

    service = SigningKey.generate("screening-1")
    settings = Settings(
        public_keys={service.key_id: service.public}, review_keys={PAGE.key_id: PAGE.public}
    )
    s = ReviewState(verifier=settings.review_verifier())
    s.apply(b"P1/test_list/E1", value(recorded(), key=service))
    s.apply(b"P1/test_list/E1", value(recorded(reviewer="officer-9")))
    assert s.ignored == {"unknown_key": 1}
    assert s.for_partner("P1")[("test_list", "E1")].reviewers == {"officer-9"}


def test_state_applies_tombstones_and_refuses_bad_records() -> None:
    s = state()
    s.apply(b"P1/test_list/E1", value(recorded()))
    s.apply(b"P2/x/y", b"{not json")
    assert set(s.for_partner("P1")) == {("test_list", "E1")} and s.rejected == 1
    s.apply(b"P1/test_list/E1", None)
    assert s.for_partner("P1") == {}


# --- found by a hostile review: replays and expiry of the first of two reviewers ------------


def test_a_replayed_older_review_cannot_bring_a_lifted_suppression_back() -> None:
    s = state()
    alice = value(recorded(reviewer="officer-7"))
    s.apply(b"P1/test_list/E1", alice)
    later = recorded(verdict="confirmed", reviewer="officer-9")
    later["time"] = (REVIEWED + timedelta(days=1)).isoformat()
    s.apply(b"P1/test_list/E1", value(later))
    s.apply(b"P1/test_list/E1", alice)  # the same record again
    assert s.ignored["replayed"] == 1
    older = recorded(reviewer="officer-11")
    older["time"] = (REVIEWED - timedelta(days=1)).isoformat()
    s.apply(b"P1/test_list/E1", value(older))
    assert s.ignored["older_than_applied"] == 1
    assert s.for_partner("P1")[("test_list", "E1")].verdict == "confirmed"
    s.apply(b"P9/other/E1", value(recorded(reviewer="officer-12")))  # under a foreign key
    assert s.ignored["wrong_key"] == 1


def test_an_expired_first_review_is_not_a_second_pair_of_eyes() -> None:
    policy = ReviewPolicy(valid_days=365, four_eyes=frozenset({"red_flag"}))
    old = REVIEWED - timedelta(days=400)
    both = Review(
        "test_list",
        "E1",
        "false_positive",
        "officer-9",
        "p",
        "e",
        REVIEWED,
        (("officer-7", old), ("officer-9", REVIEWED)),
    )
    assert both.valid_until(policy, 2) == (old + timedelta(days=365)).date()
    assert both.valid_until(policy, 1) == (REVIEWED + timedelta(days=365)).date()
