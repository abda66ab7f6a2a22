"""Is the partner, an owner or a representative listed, or is the partner seated in a
country under EU restrictive measures? A pure function of the event, the list snapshot,
the regime data and the thresholds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.common import Party
from schemas.decision import ReasonCode, Severity
from schemas.events import PartnerUpserted, PartnerUpsertedEvent
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.screening.matching.compare import Query
from services.screening.matching.index import Match
from services.screening.reference import Regimes, Snapshot
from services.screening.reviews import Review

MAX_MATCHES_PER_PARTY = 3


@dataclass(frozen=True, slots=True)
class Thresholds:
    match: float = 0.85
    review: float = 0.70


@dataclass(frozen=True, slots=True)
class Screened:
    """One screened party and what the lists returned for it."""

    party: str  # "partner", "owner[0]", "representative[1]"
    share: float | None
    matches: tuple[Match, ...]


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


def holds(review: Review, partner_fp: str, match: Match) -> bool:
    """A false positive holds while the partner's data and the entry are what was reviewed."""
    return (
        review.verdict == "false_positive"
        and review.partner_fingerprint in (None, partner_fp)
        and review.entry_fingerprint in (None, match.entry.fingerprint())
    )


def apply_reviews(
    screened: tuple[Screened, ...], reviews: Mapping[tuple[str, str], Review], partner_fp: str
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


def _query(names: list[str], kind: str, country: str | None, birth_date: Any) -> Query:
    return Query(
        names=tuple(names),
        kind=kind,  # type: ignore[arg-type]
        countries=(country,) if country else (),
        birth_date=birth_date,
    )


def parties(partner: PartnerUpserted) -> Iterator[tuple[str, Query, float | None]]:
    yield (
        "partner",
        _query(
            [partner.name, *(partner.aliases or [])],
            partner.kind,
            partner.country,
            partner.birth_date,
        ),
        None,
    )
    for label, group in (
        ("owner", partner.owners or []),
        ("representative", partner.representatives or []),
    ):
        for i, party in enumerate(group):
            p: Party = party
            yield f"{label}[{i}]", _query([p.name], p.kind, p.country, p.birth_date), p.share


def screen_party(label: str, party: Party, snapshot: Snapshot, thresholds: Thresholds) -> Screened:
    """Screen one party (an end user, a signatory) the way partners are screened."""
    assert snapshot.index is not None
    query = _query([party.name], party.kind, party.country, party.birth_date)
    matches = snapshot.index.search(query, thresholds.review)[:MAX_MATCHES_PER_PARTY]
    return Screened(label, party.share, tuple(matches))


def screen(
    partner: PartnerUpserted, snapshot: Snapshot, thresholds: Thresholds
) -> tuple[Screened, ...]:
    if snapshot.index is None:
        return ()
    return tuple(
        Screened(
            label,
            share,
            tuple(snapshot.index.search(query, thresholds.review)[:MAX_MATCHES_PER_PARTY]),
        )
        for label, query, share in parties(partner)
    )


def evidence(screened: Screened, match: Match, partner_fp: str | None = None) -> dict[str, Any]:
    e = match.explained
    return {
        **({"partner_fingerprint": partner_fp} if partner_fp else {}),
        "party": screened.party,
        "query_name": e.hit.query_name,
        "list": match.list_name,
        "source_list": match.entry.source,
        "entry_id": match.entry.entry_id,
        "matched_name": e.hit.matched_name,
        "matched_name_strength": e.hit.strength,
        "score": e.score,
        "name_similarity": round(e.hit.similarity, 4),
        "features": [{"feature": f, "effect": w, "why": why} for f, w, why in e.features],
        "entry_kind": match.entry.kind,
        "programmes": list(match.entry.programmes),
        "entry_countries": list(match.entry.countries),
        "listed_on": match.entry.listed_on,
        "list_version": match.list_version,
        "entry_fingerprint": match.entry.fingerprint(),
    }


_LISTS = "the sanctions and export-control lists named in lists_version"


def _owners_listed(case: PartnerCase) -> tuple[list[tuple[Screened, Match]], float]:
    strong = [
        (s, s.matches[0])
        for s in case.screened
        if s.party.startswith("owner")
        and s.matches
        and s.matches[0].explained.score >= case.thresholds.match
    ]
    return strong, sum(s.share or 0.0 for s, _ in strong)


@rule(
    ReasonCode.LISTS_UNAVAILABLE,
    Severity.REVIEW,
    legal_basis=_LISTS,
    message="Screening could not use every configured list ({missing}); the partner was not "
    "screened against them, so it cannot be cleared. Screen again when the lists load.",
)
def lists_unavailable(case: PartnerCase) -> Iterator[Hit]:
    """Without its lists, the service never clears."""
    missing = list(case.snapshot.failed) or ["no list loaded"]
    if case.snapshot.index is None or case.snapshot.failed:
        yield Hit({"missing": missing, "loaded": case.snapshot.versions})


@rule(
    ReasonCode.SANCTIONS_MATCH,
    Severity.BLOCK,
    legal_basis=_LISTS,
    message="The {party} name '{query_name}' matches '{matched_name}' on {list} (entry {entry_id}, "
    "programmes: {programmes}) with a score of {score}.",
)
def sanctions_match(case: PartnerCase) -> Iterator[Hit]:
    """The partner or a representative matches a list entry above the match threshold."""
    for s in case.screened:
        if s.party.startswith("owner"):
            continue
        for m in s.matches:
            if m.explained.score >= case.thresholds.match:
                yield Hit(
                    evidence(s, m, case.fingerprint),
                    legal_basis=f"{m.list_name}: {', '.join(m.entry.programmes) or 'listed'}",
                )


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
    if total >= 0.5:
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
    legal_basis=_LISTS,
    message="The {party} name '{query_name}' resembles '{matched_name}' on {list} (entry "
    "{entry_id}) with a score of {score}{detail}. A person must decide whether it is the "
    "same party.",
)
def possible_match(case: PartnerCase) -> Iterator[Hit]:
    """A match in the review band, or a listed owner below the 50 % rule or of unknown share."""
    _, total = _owners_listed(case)
    for s in case.screened:
        for m in s.matches:
            owner = s.party.startswith("owner")
            if m.explained.score < case.thresholds.match:
                yield Hit({**evidence(s, m, case.fingerprint), "detail": ""})
            elif owner and total < 0.5:
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
    legal_basis=_LISTS,
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
    lists_unavailable,
    sanctions_match,
    owner_sanctioned,
    possible_match,
    embargoed_country,
    false_positive_suppressed,
)


def decide(
    event: PartnerUpsertedEvent,
    snapshot: Snapshot,
    regimes: Regimes,
    thresholds: Thresholds,
    reviews: Mapping[tuple[str, str], Review] | None = None,
) -> Verdict:
    """Screen one partner, its owners and representatives; reviewed false positives stay out."""
    partner = event.data
    fingerprint = partner_fingerprint(partner)
    screened, suppressed = apply_reviews(
        screen(partner, snapshot, thresholds), reviews or {}, fingerprint
    )
    case = PartnerCase(partner, snapshot, regimes, thresholds, screened, fingerprint, suppressed)
    return Verdict(
        reasons=evaluate(RULES, case),
        rules_version=f"screening/{regimes.version}",
        lists_version=snapshot.versions,
    )
