"""Reviewer decisions (``review.recorded`` on the compacted ``compliance.review.v1``), and
when they may be trusted.

A ``false_positive`` verdict stops an entry from being raised for a partner while all of
this holds:

- the review is **signed** (CloudEvent extension attributes ``clearwaykeyid`` and
  ``clearwaysig``) by a review key the service knows (``CLEARWAY_REVIEW_KEYS``): the
  component that authenticated the reviewer (the audit page), which vouches for any
  reviewer it names, or a reviewer's own key, whose id is ``reviewer:<identity>`` and which
  vouches only for reviews whose ``reviewer`` is that identity. Unsigned reviews, reviews
  signed by an unknown key, with a bad signature, naming someone other than the key's owner,
  or without the partner and entry fingerprints are ignored and counted, by reason
  (``/reviews``);
- the partner's screened data and the entry are still what was reviewed (fingerprints);
- it has not **expired** (``CLEARWAY_REVIEW_VALID_DAYS``, twelve months by default,
  counted from the review's time to the decision's evaluation date): then the match is
  raised again, with a reason saying so;
- for a match that would make the decision red, **two different reviewers** agree (four
  eyes; ``CLEARWAY_REVIEW_FOUR_EYES`` says for which outcomes): either both reviews were
  seen on the topic, or the second review names the first (``first_reviewer``, a Clearway
  extension), which counts only when a component key signed it: a reviewer's own key
  cannot vouch for somebody else.

Each reviewer's review expires on its own: four eyes need two reviewers whose reviews are
both still valid on the evaluation date. A review older than the latest one applied for the
same match (or lifted by a tombstone), one seen before (same event id), or one under a
record key other than ``partner_id/list/entry_id`` is ignored and counted: a replayed old
review cannot bring a lifted suppression back.

A ``confirmed`` verdict, or a tombstone for the key, lifts it. The state is rebuilt from the
topic on start, then followed live (``review_feed.py``), or read from a file of
``review.recorded`` events in batch mode (``clearway check screening --reviews FILE``).

Pure: no Kafka here, so the rules can import it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import ValidationError

from schemas.events import ReviewRecordedEvent
from services.common.integrity import Verifier

if TYPE_CHECKING:
    from services.sanctions.matching.index import Match


#: key ids of this form belong to one reviewer, who is the only one they vouch for
PERSONAL_KEY_PREFIX = "reviewer:"


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """When a false positive may suppress a match (part of every decision's rules version)."""

    #: days a review holds, from its time to the decision's evaluation date
    valid_days: int = 365
    #: outcomes a suppressed match would have caused that need two different reviewers
    four_eyes: frozenset[str] = frozenset({"red_flag"})

    @property
    def version(self) -> str:
        return f"reviews:{self.valid_days}d/four-eyes={'+'.join(sorted(self.four_eyes)) or 'none'}"


@dataclass(frozen=True, slots=True)
class Review:
    list_name: str
    entry_id: str
    verdict: str
    reviewer: str
    partner_fingerprint: str | None
    entry_fingerprint: str | None
    #: when the review was made (the event's time)
    reviewed_at: datetime | None = None
    #: every different reviewer who agreed on this verdict for these fingerprints, with the
    #: time of that reviewer's latest review (each expires on its own)
    agreed: tuple[tuple[str, datetime], ...] = ()

    @property
    def reviewers(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.agreed)

    def expires_on(self, policy: ReviewPolicy) -> date | None:
        if self.reviewed_at is None:
            return None
        return (self.reviewed_at + timedelta(days=policy.valid_days)).date()

    def valid_until(self, policy: ReviewPolicy, needed: int) -> date | None:
        """The last day ``needed`` different reviewers' reviews are all still valid."""
        times = sorted((t for _, t in self.agreed), reverse=True)
        if len(times) < needed:
            return None
        return (times[needed - 1] + timedelta(days=policy.valid_days)).date()


@dataclass
class ReviewState:
    """partner_id -> (list, entry_id) -> the latest review, as far as it may be trusted."""

    #: public keys of the components and reviewers whose signatures are accepted; None
    #: accepts unsigned reviews (only for tests of other things: never configured so)
    verifier: Verifier | None = None
    reviews: dict[str, dict[tuple[str, str], Review]] = field(default_factory=dict)
    applied: int = 0
    rejected: int = 0
    #: reviews ignored, by why (unsigned, unknown_key, bad_signature, no_fingerprints, ...)
    ignored: Counter[str] = field(default_factory=Counter)
    #: per match (partner, list, entry): the time of the latest review applied; a tombstone
    #: keeps it, so an older review replayed later is refused
    latest: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    #: event ids applied: the same review twice is a replay
    seen: set[str] = field(default_factory=set)

    def apply(self, key: bytes | None, value: bytes | None) -> None:
        if value is None:  # a tombstone removes the review of that key
            if key:
                partner_id, _, rest = key.decode(errors="replace").partition("/")
                list_name, _, entry_id = rest.partition("/")
                self.reviews.get(partner_id, {}).pop((list_name, entry_id), None)
            return
        try:
            event = ReviewRecordedEvent.model_validate_json(value, strict=True)
        except ValidationError:
            self.rejected += 1
            return
        data = event.data
        personal = False
        if self.verifier is not None:
            checked = self.verifier.check(value, chained=False)
            if checked.status != "verified":
                self.ignored[checked.status] += 1
                return
            owner = (checked.key_id or "").removeprefix(PERSONAL_KEY_PREFIX)
            personal = owner != checked.key_id
            if personal and data.reviewer != owner:
                self.ignored["reviewer_not_key_owner"] += 1
                return
        if data.verdict == "false_positive" and not (
            data.partner_fingerprint and data.entry_fingerprint
        ):
            self.ignored["no_fingerprints"] += 1
            return
        if event.time is None:
            self.ignored["no_time"] += 1
            return
        match = (data.partner_id, data.list_name, data.entry_id)
        if key is not None and key != "/".join(match).encode():
            self.ignored["wrong_key"] += 1
            return
        if event.id in self.seen:
            self.ignored["replayed"] += 1
            return
        if match in self.latest and event.time < self.latest[match]:
            self.ignored["older_than_applied"] += 1
            return
        agreed = {data.reviewer: event.time}
        if data.first_reviewer is not None and not personal:
            first = data.first_reviewer
            agreed.setdefault(first.reviewer, min(first.reviewed_at, event.time))
        slot = self.reviews.setdefault(data.partner_id, {})
        earlier = slot.get((data.list_name, data.entry_id))
        if (
            earlier is not None
            and earlier.verdict == data.verdict
            and earlier.partner_fingerprint == data.partner_fingerprint
            and earlier.entry_fingerprint == data.entry_fingerprint
        ):
            for name, at in earlier.agreed:  # a second reviewer agreeing on the same finding
                agreed.setdefault(name, at)
        slot[(data.list_name, data.entry_id)] = Review(
            data.list_name,
            data.entry_id,
            data.verdict,
            data.reviewer,
            data.partner_fingerprint,
            data.entry_fingerprint,
            event.time,
            tuple(sorted(agreed.items())),
        )
        self.seen.add(event.id)
        self.latest[match] = event.time
        self.applied += 1

    def for_partner(self, partner_id: str) -> dict[tuple[str, str], Review]:
        return dict(self.reviews.get(partner_id, {}))

    def apply_lines(self, lines: Iterable[bytes]) -> ReviewState:
        """Apply ``review.recorded`` events given as JSON lines (batch mode); blank lines are
        skipped, invalid ones counted as rejected."""
        for line in lines:
            if line.strip():
                self.apply(None, line.strip())
        return self

    def status(self) -> dict[str, object]:
        return {
            "reviews": self.applied,
            "rejected": self.rejected,
            "ignored": dict(self.ignored),
            "signatures_checked": self.verifier is not None,
        }


Why = str


def judge_review(
    review: Review,
    partner_fp: str,
    match: Match,
    *,
    on: date,
    outcome: str,
    policy: ReviewPolicy,
) -> tuple[bool, Why | None]:
    """Whether a review suppresses ``match`` (raised as ``outcome``) on ``on``; and, where a
    false positive does not, why (for the reason that raises the match again)."""
    if review.verdict != "false_positive":
        return False, None
    if review.partner_fingerprint != partner_fp or review.entry_fingerprint != (
        match.entry.fingerprint()
    ):
        return False, None  # the partner or the entry changed: the review no longer applies
    needed = 2 if outcome in policy.four_eyes else 1
    if len(review.reviewers) < needed:
        return False, "needs a second, different reviewer (four eyes)"
    until = review.valid_until(policy, needed)
    if until is None or on > until:
        return False, f"expired on {until}"
    return True, None


def holds(review: Review, partner_fp: str, match: Match) -> bool:
    """A false positive on the same partner data and entry (no dates, no four eyes): for
    callers that only ask whether the review is about this match at all."""
    return (
        review.verdict == "false_positive"
        and review.partner_fingerprint == partner_fp
        and review.entry_fingerprint == match.entry.fingerprint()
    )


Reviews = Mapping[tuple[str, str], Review]
