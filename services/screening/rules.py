"""Is the partner, an owner or a representative listed, or is the partner seated in a
country under EU restrictive measures? A pure function of the event, the list snapshot,
the regime data and the thresholds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from schemas.decision import ReasonCode, Severity
from schemas.events import PartnerUpserted, PartnerUpsertedEvent
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.sanctions import rules as lists
from services.sanctions.matching.index import Match
from services.sanctions.party import (
    PartyQuery,
    Role,
    Screened,
    Thresholds,
    evidence,
    party_query,
    query_of,
    screen,
)
from services.sanctions.regimes import Regimes
from services.sanctions.snapshot import Snapshot
from services.screening.reviews import Review, Reviews, holds

#: EU Best Practices on restrictive measures: owners that are listed and hold this share or
#: more, alone or together, make the partner listed itself (the contract's "50 % or more")
OWNERSHIP_SHARE = 0.5

__all__ = ["OWNERSHIP_SHARE", "RULES", "PartnerCase", "Thresholds", "decide", "rules_version"]


@dataclass(frozen=True, slots=True)
class Suppressed:
    screened: Screened
    match: Match
    review: Review


@dataclass(frozen=True, slots=True)
class PartnerCase:
    partner: PartnerUpserted
    snapshot: Snapshot
    regimes: Regimes
    thresholds: Thresholds
    screened: tuple[Screened, ...]
    fingerprint: str = ""
    suppressed: tuple[Suppressed, ...] = ()


def partner_fingerprint(partner: PartnerUpserted) -> str:
    """Changes whenever anything screened about the partner changes."""
    screened = partner.model_dump(
        mode="json",
        include={
            "kind",
            "name",
            "aliases",
            "country",
            "birth_date",
            "registration_number",
            "owners",
            "representatives",
        },
    )
    return hashlib.sha256(json.dumps(screened, sort_keys=True).encode()).hexdigest()[:16]


def apply_reviews(
    screened: tuple[Screened, ...], reviews: Reviews, partner_fp: str
) -> tuple[tuple[Screened, ...], tuple[Suppressed, ...]]:
    kept: list[Screened] = []
    suppressed: list[Suppressed] = []
    for s in screened:
        matches = []
        for m in s.matches:
            review = reviews.get((m.list_name, m.entry.entry_id))
            if review is not None and holds(review, partner_fp, m):
                suppressed.append(Suppressed(s, m, review))
            else:
                matches.append(m)
        kept.append(Screened(s.party, s.share, tuple(matches)))
    return tuple(kept), tuple(suppressed)


def parties(partner: PartnerUpserted) -> Iterator[PartyQuery]:
    """The partner (with its aliases), each owner and each representative, labelled."""
    yield PartyQuery(
        "partner",
        Role.PARTNER,
        query_of(
            [partner.name, *(partner.aliases or [])],
            partner.kind,
            partner.country,
            partner.birth_date,
        ),
    )
    for role, group in (
        (Role.OWNER, partner.owners or []),
        (Role.REPRESENTATIVE, partner.representatives or []),
    ):
        for i, party in enumerate(group):
            yield party_query(f"{role.value}[{i}]", role, party)


def _owners_listed(case: PartnerCase) -> tuple[list[tuple[Screened, Match]], float]:
    """Owners whose best match is at or above the match threshold, and their shares summed
    (an unknown share counts as nothing here: the possible-match rule asks about it)."""
    strong = [
        (s, s.matches[0])
        for s in case.screened
        if s.role is Role.OWNER
        and s.matches
        and s.matches[0].explained.score >= case.thresholds.match
    ]
    return strong, sum(s.share or 0.0 for s, _ in strong)


@rule(
    ReasonCode.OWNER_SANCTIONED,
    Severity.BLOCK,
    legal_basis="EU Best Practices on restrictive measures (ownership and control, 50 % rule)",
    message="Owner '{query_name}' ({party}, {share_text}) matches '{matched_name}' on {list} "
    "(entry {entry_id}) with a score of {score}; listed owners together hold "
    "{listed_share_text}, so the partner is treated as listed itself.",
)
def owner_sanctioned(case: PartnerCase) -> Iterator[Hit]:
    """Listed owners holding 50 % or more, alone or together, make the partner listed."""
    strong, total = _owners_listed(case)
    if total >= OWNERSHIP_SHARE:
        for s, m in strong:
            yield Hit(
                {
                    **evidence(s, m, case.fingerprint),
                    "share": s.share,
                    "share_text": _pct(s.share),
                    "listed_share": round(total, 4),
                    "listed_share_text": _pct(total),
                }
            )


@rule(
    ReasonCode.POSSIBLE_SANCTIONS_MATCH,
    Severity.REVIEW,
    legal_basis=lists.LISTS,
    message="The owner name '{query_name}' matches '{matched_name}' on {list} (entry "
    "{entry_id}) with a score of {score}{detail}. A person must decide whether the owner "
    "controls the partner.",
)
def listed_minority_owner(case: PartnerCase) -> Iterator[Hit]:
    """A listed owner below the 50 % rule, or of unknown share: ownership is not shown, but
    control may still be."""
    _, total = _owners_listed(case)
    if total >= OWNERSHIP_SHARE:
        return
    for s in case.screened:
        if s.role is not Role.OWNER:
            continue
        for m in s.matches:
            if m.explained.score >= case.thresholds.match:
                detail = (
                    "; the owner's share is unknown, so the 50 % rule cannot be applied"
                    if s.share is None
                    else f"; listed owners hold {_pct(total)}, below the 50 % rule"
                )
                yield Hit({**evidence(s, m, case.fingerprint), "share": s.share, "detail": detail})


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The partner is seated in {country}, which is under EU restrictive measures: {title} "
    "({legal_acts}). {advice}",
)
def embargoed_country(case: PartnerCase) -> Iterator[Hit]:
    """A partner seated in a country under an EU country regime."""
    for regime in case.regimes.for_country(case.partner.country):
        block = regime.screening_severity == "block"
        advice = (
            "EU law prohibits this kind of cooperation outright; do not proceed."
            if block
            else "Check the partner and the planned cooperation against the regime's "
            "prohibitions before proceeding."
        )
        yield Hit(
            {
                "country": regime.country,
                "programme": regime.programme,
                "title": regime.title,
                "legal_acts": list(regime.legal_acts),
                "arms_embargo": regime.arms_embargo,
                "advice": advice,
                "confidence": regime.confidence,
                "note": regime.note,
            },
            severity=Severity.BLOCK if block else Severity.REVIEW,
            legal_basis="; ".join(regime.legal_acts),
        )


def _pct(share: float | None) -> str:
    return "share unknown" if share is None else f"{share * 100:.0f} %"


@rule(
    ReasonCode.FALSE_POSITIVE_SUPPRESSED,
    Severity.INFO,
    legal_basis=lists.LISTS,
    message="The {party} match with '{matched_name}' on {list} (entry {entry_id}) was recorded "
    "as a false positive by {reviewer}; it is not raised while the partner's data and the "
    "entry stay as they were reviewed.",
)
def false_positive_suppressed(case: PartnerCase) -> Iterator[Hit]:
    """A reviewed false positive is kept out of the decision, and said so."""
    for item in case.suppressed:
        yield Hit(
            {
                **evidence(item.screened, item.match, case.fingerprint),
                "reviewer": item.review.reviewer,
            }
        )


RULES: tuple[Rule[PartnerCase], ...] = (
    lists.lists_unavailable(Role.PARTNER, "the partner"),
    lists.sanctions_match(Role.PARTNER, Role.REPRESENTATIVE),
    owner_sanctioned,
    lists.possible_match(Role.PARTNER, Role.OWNER, Role.REPRESENTATIVE),
    listed_minority_owner,
    embargoed_country,
    false_positive_suppressed,
)


def rules_version(regimes: Regimes, thresholds: Thresholds) -> str:
    """Everything besides the lists that a screening decision depends on."""
    return f"screening/{regimes.version}+{thresholds.version}"


def decide(
    event: PartnerUpsertedEvent,
    snapshot: Snapshot,
    regimes: Regimes,
    thresholds: Thresholds,
    reviews: Reviews | None = None,
) -> Verdict:
    """Screen one partner, its owners and representatives; reviewed false positives stay out."""
    partner = event.data
    fingerprint = partner_fingerprint(partner)
    screened, suppressed = apply_reviews(
        screen(parties(partner), snapshot, thresholds), reviews or {}, fingerprint
    )
    case = PartnerCase(partner, snapshot, regimes, thresholds, screened, fingerprint, suppressed)
    return Verdict(
        reasons=evaluate(RULES, case),
        rules_version=rules_version(regimes, thresholds),
        lists_version=snapshot.versions,
    )
