"""Reviewer decisions (``review.recorded`` on the compacted ``compliance.review.v1``).

A ``false_positive`` verdict stops an entry from being raised for a partner until the
partner's screened data or the entry changes: the review carries (or is given, when it is
applied) the partner and entry fingerprints, and it holds only while both still match. A
``confirmed`` verdict, or a tombstone for the key, lifts it. The state is rebuilt from the
topic on start, then followed live (``review_feed.py``), or read from a file of
``review.recorded`` events in batch mode (``clearway check screening --reviews FILE``).

Pure: no Kafka here, so the rules can import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from schemas.events import ReviewRecordedEvent

if TYPE_CHECKING:
    from services.sanctions.matching.index import Match


@dataclass(frozen=True, slots=True)
class Review:
    list_name: str
    entry_id: str
    verdict: str
    reviewer: str
    partner_fingerprint: str | None
    entry_fingerprint: str | None


@dataclass
class ReviewState:
    """partner_id -> (list, entry_id) -> the latest review."""

    reviews: dict[str, dict[tuple[str, str], Review]] = field(default_factory=dict)
    applied: int = 0
    rejected: int = 0

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
        self.reviews.setdefault(data.partner_id, {})[(data.list_name, data.entry_id)] = Review(
            data.list_name,
            data.entry_id,
            data.verdict,
            data.reviewer,
            data.partner_fingerprint,
            data.entry_fingerprint,
        )
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


def holds(review: Review, partner_fp: str, match: Match) -> bool:
    """A false positive holds while the partner's data and the entry are what was reviewed."""
    return (
        review.verdict == "false_positive"
        and review.partner_fingerprint in (None, partner_fp)
        and review.entry_fingerprint in (None, match.entry.fingerprint())
    )


Reviews = Mapping[tuple[str, str], Review]
