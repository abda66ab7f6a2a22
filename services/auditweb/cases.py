"""Cases: what an officer works on. Pure: a case and an action in, the changed case and its
history entry out (or a refusal that says why); no database, no clock, no Kafka.

Every amber or red decision opens a case for its subject, or joins the subject's open case.
A case has an assignee, a status and its history. Statuses::

    open ──assign/start──▶ in_review ──review: same party / not on a non-red match──▶ closed
                               │
                               └─ review: not the same party, on a red match ─▶ awaiting_second
                                                                                    │
                           (a second, different person with the approver role) approve
                                                                                    ▼
                                                                                 closed

A false positive on a red match is effective only with two different people (four eyes):
the first records it, a second with the approver role approves it; only then is the
``review.recorded`` event written. Who may do what is the :data:`PERMISSIONS` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    VIEWER = "viewer"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    ADMINISTRATOR = "administrator"


class Status(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    AWAITING_SECOND = "awaiting_second"
    CLOSED = "closed"


Verdict = Literal["confirmed", "false_positive"]
Action = Literal["assign", "comment", "review", "approve", "reject", "close"]

#: the roles that may take each action (an administrator may do everything)
PERMISSIONS: dict[Action, frozenset[Role]] = {
    "assign": frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}),
    "comment": frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}),
    "review": frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}),
    "approve": frozenset({Role.APPROVER, Role.ADMINISTRATOR}),
    "reject": frozenset({Role.APPROVER, Role.ADMINISTRATOR}),
    "close": frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}),
}

#: how long a case may stay open before it is overdue, by the outcome that opened it
DUE: dict[str, timedelta] = {"red_flag": timedelta(days=2), "needs_review": timedelta(days=5)}


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in person: the name every action is attributed to, and their roles."""

    name: str
    roles: frozenset[Role]

    def may(self, action: Action) -> bool:
        return bool(self.roles & PERMISSIONS[action])


@dataclass(frozen=True, slots=True)
class PendingReview:
    """A first reviewer's verdict waiting for a second person (four eyes)."""

    reviewer: str
    reviewed_at: datetime
    list_name: str
    entry_id: str
    verdict: Verdict
    note: str
    decision_id: str
    #: from the reviewed match's evidence: the review holds while both stay the same
    partner_fingerprint: str = ""
    entry_fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    subject_id: str
    service: str
    status: Status
    opened_at: datetime
    due_at: datetime
    worst: str  # the worst outcome among its decisions: red_flag or needs_review
    assignee: str | None = None
    resolution: str | None = None
    pending: PendingReview | None = None
    #: the matches reviewed with effect ("list/entry" -> verdict)
    reviewed: tuple[tuple[str, str], ...] = ()
    #: changes with every write: an action on a case that changed meanwhile is refused
    version: int = 0

    def overdue(self, now: datetime) -> bool:
        return self.status is not Status.CLOSED and now >= self.due_at

    def after_review(self, key: str, verdict: str, remaining: frozenset[str]) -> Case:
        """The case once a review of the match ``key`` takes effect: closed when every
        match of its latest decision is reviewed, in review otherwise."""
        reviewed = dict(self.reviewed)
        reviewed[key] = verdict
        if remaining <= set(reviewed):
            confirmed = any(v == "confirmed" for k, v in reviewed.items() if k in remaining)
            resolution = "confirmed_match" if confirmed else "false_positive"
            return replace(
                self,
                status=Status.CLOSED,
                resolution=resolution,
                pending=None,
                reviewed=tuple(sorted(reviewed.items())),
            )
        return replace(
            self, status=Status.IN_REVIEW, pending=None, reviewed=tuple(sorted(reviewed.items()))
        )


def same_person(a: str, b: str) -> bool:
    """Names compared as people are: ``Anna`` and ``anna`` are one person (four eyes)."""
    return a.strip().casefold() == b.strip().casefold()


def match_key(list_name: str, entry_id: str) -> str:
    return f"{list_name}/{entry_id}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a case's history: who did what, when, and the details."""

    at: datetime
    actor: str
    kind: str
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Refused:
    """An action that may not be taken, and why (shown to the officer)."""

    reason: str


@dataclass(frozen=True, slots=True)
class ReviewToWrite:
    """A review that takes effect: the page writes it to the review topic, signed."""

    partner_id: str
    list_name: str
    entry_id: str
    verdict: Verdict
    reviewer: str
    note: str
    first_reviewer: str | None = None
    first_reviewed_at: datetime | None = None
    partner_fingerprint: str = ""
    entry_fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class Done:
    case: Case
    entry: Entry
    review: ReviewToWrite | None = None


def opened(subject_id: str, service: str, outcome: str, at: datetime) -> Case:
    """The case an amber or red decision opens."""
    return Case(subject_id, service, Status.OPEN, at, at + DUE[outcome], outcome)


def joined(case: Case, outcome: str, at: datetime) -> Case:
    """An open case that another amber or red decision of its subject joins: a red one
    makes it red and brings its due date forward."""
    if outcome == "red_flag" and case.worst != "red_flag":
        return replace(case, worst="red_flag", due_at=min(case.due_at, at + DUE["red_flag"]))
    return case


def assign(case: Case, user: User, assignee: str, at: datetime) -> Done | Refused:
    if not user.may("assign"):
        return Refused(f"{user.name} may not assign cases")
    if case.status is Status.CLOSED:
        return Refused("the case is closed")
    status = Status.IN_REVIEW if case.status is Status.OPEN else case.status
    return Done(
        replace(case, assignee=assignee, status=status),
        Entry(at, user.name, "assigned", {"assignee": assignee}),
    )


def comment(case: Case, user: User, text: str, at: datetime) -> Done | Refused:
    if not user.may("comment"):
        return Refused(f"{user.name} may not comment")
    if not text.strip():
        return Refused("an empty comment")
    return Done(case, Entry(at, user.name, "commented", {"text": text.strip()[:4000]}))


def review(
    case: Case,
    user: User,
    *,
    list_name: str,
    entry_id: str,
    verdict: Verdict,
    note: str,
    decision_id: str,
    match_outcome: str,
    at: datetime,
    partner_fingerprint: str = "",
    entry_fingerprint: str = "",
    remaining: frozenset[str] = frozenset(),
) -> Done | Refused:
    """A reviewer's verdict on one match of the case's latest decision (``remaining``: the
    keys of all its matches). Confirmed, or a false positive in an amber case, takes effect
    at once; a false positive in a red case (or on a red match) waits for a second person.
    The case closes when every match is reviewed."""
    if not user.may("review"):
        return Refused(f"{user.name} may not review matches")
    if case.status is Status.CLOSED:
        return Refused("the case is closed")
    if case.status is Status.AWAITING_SECOND:
        return Refused("a review waits for its second reviewer; approve or reject it first")
    if not note.strip():
        return Refused("a review needs a comment saying why")
    if verdict == "false_positive" and not (partner_fingerprint and entry_fingerprint):
        # the screening service ignores a false positive it cannot tie to the data reviewed
        return Refused("the match's evidence has no fingerprints; it cannot be suppressed")
    detail = {"list": list_name, "entry_id": entry_id, "verdict": verdict, "note": note.strip()}
    key = match_key(list_name, entry_id)
    if remaining and key not in remaining:
        return Refused(f"{key} is not a match of the case's latest decision")
    if verdict == "false_positive" and "red_flag" in (match_outcome, case.worst):
        pending = PendingReview(
            user.name,
            at,
            list_name,
            entry_id,
            verdict,
            note.strip(),
            decision_id,
            partner_fingerprint,
            entry_fingerprint,
        )
        return Done(
            replace(case, status=Status.AWAITING_SECOND, pending=pending),
            Entry(at, user.name, "reviewed_pending_second", detail),
        )
    write = ReviewToWrite(
        case.subject_id,
        list_name,
        entry_id,
        verdict,
        user.name,
        note.strip(),
        partner_fingerprint=partner_fingerprint,
        entry_fingerprint=entry_fingerprint,
    )
    return Done(
        case.after_review(key, verdict, remaining or frozenset({key})),
        Entry(at, user.name, "reviewed", detail),
        write,
    )


def approve(
    case: Case, user: User, at: datetime, remaining: frozenset[str] = frozenset()
) -> Done | Refused:
    """The second person's approval of a pending false positive: now it is written."""
    if not user.may("approve"):
        return Refused(f"{user.name} may not approve reviews")
    pending = case.pending
    if case.status is not Status.AWAITING_SECOND or pending is None:
        return Refused("no review waits for approval")
    if same_person(pending.reviewer, user.name):
        return Refused("four eyes: the approver must be someone other than the first reviewer")
    write = ReviewToWrite(
        case.subject_id,
        pending.list_name,
        pending.entry_id,
        pending.verdict,
        user.name,
        pending.note,
        first_reviewer=pending.reviewer,
        first_reviewed_at=pending.reviewed_at,
        partner_fingerprint=pending.partner_fingerprint,
        entry_fingerprint=pending.entry_fingerprint,
    )
    key = match_key(pending.list_name, pending.entry_id)
    return Done(
        case.after_review(key, pending.verdict, remaining or frozenset({key})),
        Entry(at, user.name, "approved", {"first_reviewer": pending.reviewer}),
        write,
    )


def reject(case: Case, user: User, text: str, at: datetime) -> Done | Refused:
    """The second person does not approve: back in review, nothing written."""
    if not user.may("reject"):
        return Refused(f"{user.name} may not reject reviews")
    if case.status is not Status.AWAITING_SECOND or case.pending is None:
        return Refused("no review waits for approval")
    if same_person(case.pending.reviewer, user.name):
        return Refused("four eyes: the first reviewer cannot decide on their own review")
    return Done(
        replace(case, status=Status.IN_REVIEW, pending=None),
        Entry(at, user.name, "rejected", {"text": text.strip()[:4000]}),
    )


def close(case: Case, user: User, resolution: str, at: datetime) -> Done | Refused:
    """Close without a review (a decision that needs no list review: a missing field put
    right by the producer, a duplicate)."""
    if not user.may("close"):
        return Refused(f"{user.name} may not close cases")
    if case.status is Status.CLOSED:
        return Refused("the case is closed")
    if case.status is Status.AWAITING_SECOND:
        return Refused("a review waits for its second reviewer")
    if not resolution.strip():
        return Refused("closing needs a resolution")
    if case.worst == "red_flag" and not user.may("approve"):
        # a red case ends through the reviews of its matches, or by an approver's decision
        return Refused("a red case is closed by reviewing its matches, or by an approver")
    return Done(
        replace(case, status=Status.CLOSED, resolution=resolution.strip()[:200]),
        Entry(at, user.name, "closed", {"resolution": resolution.strip()[:200]}),
    )
