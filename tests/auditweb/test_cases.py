"""Cases: statuses, who may do what, and four eyes on a false positive for a red match
(the screening service applies the same rule to the reviews it reads: a false positive on a
red match needs two different reviewers, CLEARWAY_REVIEW_FOUR_EYES)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.auditweb import cases
from services.auditweb.cases import Case, Done, Refused, Role, Status, User

T = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ANNA = User("anna", frozenset({Role.REVIEWER}))
BEN = User("ben", frozenset({Role.APPROVER}))
VERA = User("vera", frozenset({Role.VIEWER}))
ROOT = User("root", frozenset({Role.ADMINISTRATOR}))


def red() -> Case:
    return cases.opened("P-1", "screening", "red_flag", T)


def _review(case: Case, user: User, verdict: str, outcome: str = "red_flag") -> Done | Refused:
    return cases.review(
        case,
        user,
        list_name="eu_fsf",
        entry_id="EU.1.2",
        verdict=verdict,  # type: ignore[arg-type]
        note="different date of birth",
        decision_id="d-1",
        match_outcome=outcome,
        at=T + timedelta(hours=1),
        partner_fingerprint="pf",
        entry_fingerprint="ef",
    )


def test_a_red_case_is_due_in_two_days_and_an_amber_one_in_five() -> None:
    assert red().due_at == T + timedelta(days=2)
    amber = cases.opened("P-2", "screening", "needs_review", T)
    assert amber.due_at == T + timedelta(days=5)
    # a red decision joining an amber case makes it red and brings the due date forward
    joined = cases.joined(amber, "red_flag", T + timedelta(days=1))
    assert (joined.worst, joined.due_at) == ("red_flag", T + timedelta(days=3))
    assert red().overdue(T + timedelta(days=2)) and not red().overdue(T + timedelta(days=1))


def test_four_eyes_a_false_positive_on_a_red_match_needs_a_second_person() -> None:
    first = _review(red(), ANNA, "false_positive")
    assert isinstance(first, Done) and first.review is None  # nothing written yet
    assert first.case.status is Status.AWAITING_SECOND
    # the first reviewer cannot approve their own review, even with the approver role
    anna_approver = User("anna", frozenset({Role.APPROVER}))
    assert isinstance(cases.approve(first.case, anna_approver, T), Refused)
    # a reviewer without the approver role cannot approve
    assert isinstance(
        cases.approve(first.case, User("carl", frozenset({Role.REVIEWER})), T), Refused
    )
    second = cases.approve(first.case, BEN, T + timedelta(hours=2))
    assert isinstance(second, Done) and second.review is not None
    written = second.review
    assert (written.reviewer, written.first_reviewer) == ("ben", "anna")
    assert written.first_reviewed_at == T + timedelta(hours=1)
    assert (second.case.status, second.case.resolution) == (Status.CLOSED, "false_positive")


def test_a_rejected_false_positive_goes_back_to_review_and_writes_nothing() -> None:
    first = _review(red(), ANNA, "false_positive")
    assert isinstance(first, Done)
    back = cases.reject(first.case, BEN, "the listed person's passport matches", T)
    assert isinstance(back, Done) and back.review is None
    assert back.case.status is Status.IN_REVIEW and back.case.pending is None


@pytest.mark.parametrize(
    ("verdict", "outcome", "resolution"),
    [
        ("confirmed", "red_flag", "confirmed_match"),
        ("confirmed", "needs_review", "confirmed_match"),
        ("false_positive", "needs_review", "false_positive"),  # an amber case: one person
    ],
)
def test_other_verdicts_take_effect_at_once(verdict: str, outcome: str, resolution: str) -> None:
    case = red() if verdict == "confirmed" else cases.opened("P-1", "screening", outcome, T)
    done = _review(case, ANNA, verdict, outcome)
    assert isinstance(done, Done) and done.review is not None
    assert done.review.first_reviewer is None
    assert (done.case.status, done.case.resolution) == (Status.CLOSED, resolution)


@pytest.mark.parametrize(
    ("user", "action"),
    [
        (VERA, lambda c: cases.assign(c, VERA, "anna", T)),
        (VERA, lambda c: cases.comment(c, VERA, "hm", T)),
        (VERA, lambda c: _review(c, VERA, "confirmed")),
        (VERA, lambda c: cases.close(c, VERA, "duplicate", T)),
        (ANNA, lambda c: cases.reject(c, ANNA, "no", T)),
    ],
)
def test_roles_limit_what_a_user_may_do(user: User, action: object) -> None:
    assert isinstance(action(red()), Refused)  # type: ignore[operator]


def test_every_action_is_attributed_and_closed_cases_stay_closed() -> None:
    assigned = cases.assign(red(), ROOT, "anna", T)
    assert isinstance(assigned, Done)
    assert assigned.entry.actor == "root" and assigned.case.status is Status.IN_REVIEW
    # a red case is closed by reviewing its matches, or by an approver: not by one reviewer
    assert isinstance(cases.close(assigned.case, ANNA, "duplicate partner record", T), Refused)
    closed = cases.close(assigned.case, BEN, "duplicate partner record", T)
    assert isinstance(closed, Done) and closed.entry.actor == "ben"
    for late in (
        cases.assign(closed.case, ROOT, "ben", T),
        _review(closed.case, ANNA, "confirmed"),
        cases.close(closed.case, ROOT, "again", T),
    ):
        assert isinstance(late, Refused)
    assert isinstance(cases.comment(closed.case, ANNA, "for the record", T), Done)
    assert isinstance(cases.comment(red(), ANNA, "   ", T), Refused)
    assert isinstance(cases.close(red(), ANNA, " ", T), Refused)
    no_note = cases.review(
        red(),
        ANNA,
        list_name="l",
        entry_id="e",
        verdict="confirmed",
        note=" ",
        decision_id="d",
        match_outcome="red_flag",
        at=T,
    )
    assert isinstance(no_note, Refused)


def test_a_false_positive_without_fingerprints_is_refused() -> None:
    """The screening service ignores a false positive it cannot tie to the data reviewed
    (services/screening/reviews.py, no_fingerprints): the page refuses to record one."""
    refused = cases.review(
        red(),
        ANNA,
        list_name="l",
        entry_id="e",
        verdict="false_positive",
        note="why",
        decision_id="d",
        match_outcome="needs_review",
        at=T,
    )
    assert isinstance(refused, Refused) and "fingerprints" in refused.reason


def test_the_review_written_is_a_valid_contract_event_naming_both_people() -> None:
    from services.auditweb.reviews import review_event, review_key

    first = _review(red(), ANNA, "false_positive")
    assert isinstance(first, Done)
    done = cases.approve(first.case, BEN, T + timedelta(hours=2))
    assert isinstance(done, Done) and done.review is not None
    event = review_event(done.review, event_id="r-1", at=T + timedelta(hours=2))
    data = event["data"]
    assert (data["reviewer"], data["first_reviewer"]["reviewer"]) == ("ben", "anna")
    assert (data["partner_fingerprint"], data["entry_fingerprint"]) == ("pf", "ef")
    assert review_key(done.review) == b"P-1/eu_fsf/EU.1.2"


def test_a_false_positive_in_a_red_case_needs_four_eyes_even_on_an_amber_match() -> None:
    """A red case's amber match cleared by one person would close the case with its red
    match unreviewed: any false positive in a red case waits for a second person."""
    pending = _review(red(), ANNA, "false_positive", outcome="needs_review")
    assert isinstance(pending, Done) and pending.review is None
    assert pending.case.status is Status.AWAITING_SECOND


def test_a_case_closes_only_when_every_match_of_its_decision_is_reviewed() -> None:
    both = frozenset({"eu_fsf/EU.1.2", "un_sc/QDi.1"})
    first = cases.review(
        red(),
        ANNA,
        list_name="eu_fsf",
        entry_id="EU.1.2",
        verdict="confirmed",
        note="same date of birth",
        decision_id="d-1",
        match_outcome="red_flag",
        at=T,
        remaining=both,
    )
    assert isinstance(first, Done) and first.case.status is Status.IN_REVIEW
    other = cases.review(
        first.case,
        ANNA,
        list_name="un_sc",
        entry_id="QDi.1",
        verdict="confirmed",
        note="the same person",
        decision_id="d-1",
        match_outcome="red_flag",
        at=T,
        remaining=both,
    )
    assert isinstance(other, Done) and other.case.status is Status.CLOSED
    assert other.case.resolution == "confirmed_match"
    stray = cases.review(
        red(),
        ANNA,
        list_name="us_ofac_sdn",
        entry_id="1",
        verdict="confirmed",
        note="x",
        decision_id="d-1",
        match_outcome="red_flag",
        at=T,
        remaining=both,
    )
    assert isinstance(stray, Refused)  # not a match of the case's decision


def test_four_eyes_compares_names_without_case() -> None:
    first = _review(red(), ANNA, "false_positive")
    assert isinstance(first, Done)
    also_anna = User(" Anna ", frozenset({Role.APPROVER}))
    assert isinstance(cases.approve(first.case, also_anna, T), Refused)
    assert isinstance(cases.reject(first.case, also_anna, "no", T), Refused)
