"""Limits that keep one record from stalling a partition, as configuration with safe
defaults, and the pure helpers that apply them to a decision.

A record within the contract's caps can still be too much: hundreds of owners named like a
listed bank make thousands of reasons, a decision over the audit topic's
``max.message.bytes`` can never be written, and a record that takes a minute to judge
blocks heartbeats. So: parties per event and names per party are bounded (over the limit:
dead letter, and an amber decision for the subject); a decision keeps its most severe
reasons up to a cap and says it was shortened; a decision too large even then is not
written (dead letter and amber); a record past its deadline is not waited for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from schemas.decision import Reason, Severity
from services.common.notes import REASONS_TRUNCATED

_RANK = {Severity.BLOCK: 0, Severity.REVIEW: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Limits:
    #: bytes of one input record (larger: dead letter ``too_large``)
    max_record_bytes: int = 1_048_576
    #: names of one party (a partner's name and aliases)
    max_names_per_party: int = 50
    #: parties of one event (partner, owners at every depth, representatives)
    max_parties_per_event: int = 200
    #: reasons of one decision; beyond it the most severe are kept
    max_reasons_per_decision: int = 200
    #: bytes of one decision event, kept below the audit topic's max.message.bytes
    max_decision_bytes: int = 900_000
    #: seconds one record may take to judge before it is given up (0: no deadline)
    record_deadline_seconds: float = 10.0
    #: days the evaluation date may lie from the record's broker timestamp (0: no check)
    evaluation_window_days: int = 31


def cap_reasons(reasons: list[Reason], cap: int) -> list[Reason]:
    """At most ``cap`` reasons: the most severe first (in their order), then one reason that
    says what was left out. The outcome never falls: the most severe reason is kept, and the
    note is itself amber."""
    if len(reasons) <= cap:
        return reasons
    ranked = sorted(range(len(reasons)), key=lambda i: (_RANK[reasons[i].severity], i))
    kept_ids = sorted(ranked[: max(cap - 1, 1)])
    kept = [reasons[i] for i in kept_ids]
    left = [reasons[i] for i in ranked[max(cap - 1, 1) :]]
    counts = Counter(r.code.value for r in left)
    summary = ", ".join(f"{c} x{n}" for c, n in counts.most_common())
    note = REASONS_TRUNCATED.reason(
        reasons=len(reasons),
        kept=len(kept),
        left=len(left),
        summary=summary,
        left_out=dict(counts),
    )
    return [*kept, note]


def trimmed(reasons: list[Reason]) -> list[Reason]:
    """The reasons with their evidence cut to what identifies the finding, for a decision that
    would otherwise be too large to write."""
    keep = ("rule", "party", "list", "lists", "entry_id", "score", "matched_name", "country")
    return [
        r.model_copy(
            update={
                "evidence": {
                    **{k: r.evidence[k] for k in keep if k in r.evidence},
                    "evidence_trimmed": True,
                }
            }
        )
        for r in reasons
    ]
