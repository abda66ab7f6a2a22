"""Reviewer decisions in the pure screening rules: a false positive holds while the partner's
screened data and the entry are what was reviewed."""

from __future__ import annotations

from schemas.decision import outcome_of
from services.screening import rules
from services.screening.reviews import Review, ReviewState
from tests.screening.test_rules import REGIMES, SNAPSHOT, T, event


def review(
    verdict: str = "false_positive", partner_fp: str | None = None, entry_fp: str | None = None
) -> Review:
    return Review("test_list", "E1", verdict, "officer-7", partner_fp, entry_fp)


def fingerprints(ev: object) -> tuple[str, str]:
    (reason,) = rules.decide(ev, SNAPSHOT, REGIMES, T).reasons  # type: ignore[arg-type]
    return reason.evidence["partner_fingerprint"], reason.evidence["entry_fingerprint"]


def test_a_false_positive_is_not_raised_while_nothing_changed() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    verdict = rules.decide(
        ev,
        SNAPSHOT,
        REGIMES,
        T,
        {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp=entry_fp)},
    )
    assert [r.code.value for r in verdict.reasons] == ["FALSE_POSITIVE_SUPPRESSED"]
    assert outcome_of(verdict.reasons).value == "cleared"
    assert verdict.reasons[0].evidence["reviewer"] == "officer-7"


def test_it_is_raised_again_when_the_partner_or_the_entry_changes() -> None:
    ev = event("Rosoboronexport", country="DE")
    partner_fp, entry_fp = fingerprints(ev)
    changed_partner = event("Rosoboronexport", country="DE", aliases=["ROE"])
    assert [
        r.code.value
        for r in rules.decide(
            changed_partner,
            SNAPSHOT,
            REGIMES,
            T,
            {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp=entry_fp)},
        ).reasons
    ] == ["SANCTIONS_MATCH"]
    assert [
        r.code.value
        for r in rules.decide(
            ev,
            SNAPSHOT,
            REGIMES,
            T,
            {("test_list", "E1"): review(partner_fp=partner_fp, entry_fp="0000")},
        ).reasons
    ] == ["SANCTIONS_MATCH"]


def test_a_confirmed_verdict_suppresses_nothing() -> None:
    ev = event("Rosoboronexport", country="DE")
    verdict = rules.decide(ev, SNAPSHOT, REGIMES, T, {("test_list", "E1"): review("confirmed")})
    assert [r.code.value for r in verdict.reasons] == ["SANCTIONS_MATCH"]


def test_state_applies_reviews_tombstones_and_refuses_bad_records() -> None:
    state = ReviewState()
    value = (
        b'{"specversion": "1.0", "id": "r1", "source": "/officers", "type": "review.recorded", '
        b'"data": {"partner_id": "P1", "list": "test_list", "entry_id": "E1", '
        b'"verdict": "false_positive", "reviewer": "officer-7"}}'
    )
    state.apply(b"P1/test_list/E1", value)
    state.apply(b"P2/x/y", b"{not json")
    assert set(state.for_partner("P1")) == {("test_list", "E1")} and state.rejected == 1
    state.apply(b"P1/test_list/E1", None)
    assert state.for_partner("P1") == {}
