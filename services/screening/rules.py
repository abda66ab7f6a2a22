"""Is the partner, an owner or a representative listed, is the partner owned from a country
whose measures reach ownership, or is it seated in a country or region under EU restrictive
measures? A pure function of the event, the list snapshot, the regime data, the list
jurisdictions, the thresholds and the reviews.

The case is derived once (``build_case``): every party screened, the ownership chains
tested per list jurisdiction and per country regime, the partner's region located. The
rules then only read it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from schemas.decision import ReasonCode, Severity
from schemas.events import PartnerUpserted, PartnerUpsertedEvent
from services.common.reference_data import STALE, DataSet, versions
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.sanctions import rules as lists
from services.sanctions.jurisdictions import Jurisdictions, OwnershipTest
from services.sanctions.matching.index import Match
from services.sanctions.matching.normalize import name_form
from services.sanctions.party import (
    RECENT,
    PartyQuery,
    Role,
    Screened,
    Thresholds,
    evidence,
    party_query,
    query_of,
)
from services.sanctions.regimes import OwnershipReach, Regime, Regimes
from services.sanctions.snapshot import Snapshot
from services.screening.ownership import Holder, Ownership, holders, labelled, owned
from services.screening.regions import Located, locate, regime_by_place
from services.screening.reviews import Review, ReviewPolicy, Reviews, judge_review

DEFAULT_POLICY = ReviewPolicy()

#: without configured jurisdictions every list binds and the strictest ownership test applies:
#: the contract's rule, listed owners holding 50 % or more, alone or together
STRICT = Jurisdictions.strict()
OWNERSHIP_SHARE = STRICT.strictest_test.threshold

__all__ = ["OWNERSHIP_SHARE", "RULES", "PartnerCase", "Thresholds", "decide", "rules_version"]


@dataclass(frozen=True, slots=True)
class Suppressed:
    screened: Screened
    match: Match
    review: Review
    #: the last day the review suppresses the match (then it is raised again)
    until: date | None = None


@dataclass(frozen=True, slots=True)
class ListedOwnership:
    """Owners listed under one jurisdiction, and the ownership test of that jurisdiction."""

    jurisdiction: str
    test: OwnershipTest
    binding: bool
    result: Ownership
    #: every owner, at any depth, listed under the jurisdiction (counted by the test or not)
    listed: tuple[Holder, ...] = ()


@dataclass(frozen=True, slots=True)
class CountryOwnership:
    """Owners established in a country whose measures reach ownership."""

    regime: Regime
    reach: OwnershipReach
    result: Ownership


@dataclass(frozen=True, slots=True)
class PartnerCase:
    partner: PartnerUpserted
    snapshot: Snapshot
    regimes: Regimes
    thresholds: Thresholds
    screened: tuple[Screened, ...]
    fingerprint: str = ""
    suppressed: tuple[Suppressed, ...] = ()
    not_applied: tuple[NotApplied, ...] = ()
    jurisdictions: Jurisdictions = STRICT
    owners: tuple[Holder, ...] = ()
    listed_ownership: tuple[ListedOwnership, ...] = ()
    country_ownership: tuple[CountryOwnership, ...] = ()
    located: Located | None = None
    #: the country the partner is seated in: as the event gives it, else as its region code
    #: or an address in a restricted region shows it (None: unknown)
    country: str | None = None
    #: the evaluation date (the event's)
    on: date = date.min

    @property
    def data_sets(self) -> tuple[DataSet, ...]:
        return (self.regimes, self.jurisdictions)

    @property
    def cooperation(self) -> frozenset[str] | None:
        """What the cooperation involves, or None when the event does not say."""
        kinds = self.partner.cooperation
        return frozenset(kinds) if kinds is not None else None


def seat(partner: PartnerUpserted, regimes: Regimes) -> str | None:
    """The partner's country: given, or the country of its region code ("UA-43"), or the
    country of a regional regime whose restricted places its address names."""
    if partner.country is not None:
        return str(partner.country)
    if partner.region is not None:
        return partner.region.split("-", 1)[0]
    regional = tuple(r for r in regimes.regimes if r.kind == "regional")
    found = regime_by_place(regional, partner.address)
    return found.country if found is not None else None


def size(event: PartnerUpsertedEvent) -> tuple[int, int]:
    """(parties, the most names of one party): the partner, every owner at every depth and
    each representative; the partner's name and aliases."""
    partner = event.data
    parties = (
        1 + sum(1 for _ in labelled(partner.owners or ())) + len(partner.representatives or ())
    )
    return parties, 1 + len(partner.aliases or ())


def partner_fingerprint(partner: PartnerUpserted) -> str:
    """Changes whenever anything screened about the partner changes."""
    screened = partner.model_dump(
        mode="json",
        include={
            "kind",
            "name",
            "aliases",
            "country",
            "region",
            "address",
            "birth_date",
            "registration_number",
            "identifiers",
            "owners",
            "representatives",
            "cooperation",
        },
        exclude_none=True,
    )
    return hashlib.sha256(json.dumps(screened, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class NotApplied:
    """A false-positive review that does not suppress its match (expired, or one reviewer
    short of four eyes): the match is raised, and this says why."""

    screened: Screened
    match: Match
    review: Review
    why: str


def apply_reviews(
    screened: tuple[Screened, ...],
    reviews: Reviews,
    partner_fp: str,
    *,
    on: date = date.max,
    thresholds: Thresholds | None = None,
    jurisdictions: Jurisdictions = STRICT,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> tuple[tuple[Screened, ...], tuple[Suppressed, ...], tuple[NotApplied, ...]]:
    """Matches suppressed by trusted false-positive reviews, and reviews that do not apply."""
    match_at = (thresholds or Thresholds()).match
    kept: list[Screened] = []
    suppressed: list[Suppressed] = []
    not_applied: list[NotApplied] = []
    for s in screened:
        matches = []
        for m in s.matches:
            review = reviews.get((m.list_name, m.entry.entry_id))
            if review is None:
                matches.append(m)
                continue
            red = m.explained.score >= match_at and jurisdictions.binds(
                jurisdictions.of(m.list_name)
            )
            ok, why = judge_review(
                review,
                partner_fp,
                m,
                on=on,
                outcome="red_flag" if red else "needs_review",
                policy=policy,
            )
            if ok:
                raised = "red_flag" if red else "needs_review"
                needed = 2 if raised in policy.four_eyes else 1
                suppressed.append(Suppressed(s, m, review, review.valid_until(policy, needed)))
                continue
            matches.append(m)
            if why is not None:
                not_applied.append(NotApplied(s, m, review, why))
        kept.append(Screened(s.party, s.share, tuple(matches), s.screenable, s.names))
    return tuple(kept), tuple(suppressed), tuple(not_applied)


def parties(partner: PartnerUpserted) -> Iterator[PartyQuery]:
    """The partner (with its aliases and identifiers), every owner at every depth of the
    chains the event gives, and each representative, labelled."""
    yield PartyQuery(
        "partner",
        Role.PARTNER,
        query_of(
            [partner.name, *(partner.aliases or [])],
            partner.kind,
            partner.country,
            partner.birth_date,
            partner.identifiers or (),
            partner.registration_number,
        ),
    )
    for label, party in labelled(partner.owners or ()):
        yield party_query(label, Role.OWNER, party)
    for i, party in enumerate(partner.representatives or ()):
        yield party_query(f"representative[{i}]", Role.REPRESENTATIVE, party)


def _listed_under(
    thresholds: Thresholds, jurisdictions: Jurisdictions, jurisdiction: str
) -> Callable[[Holder], bool]:
    """Whether a holder matches a listed party strongly on a list of ``jurisdiction``."""

    def listed(holder: Holder) -> bool:
        return any(
            m.explained.score >= thresholds.match
            and jurisdictions.tested_as(jurisdictions.of(m.list_name)) == jurisdiction
            for m in holder.screened.matches
        )

    return listed


def _listed_ownership(
    owners: tuple[Holder, ...], thresholds: Thresholds, jurisdictions: Jurisdictions
) -> tuple[ListedOwnership, ...]:
    """For each jurisdiction of a list an owner (at any depth) matches strongly: the test of
    that jurisdiction over the chains. Listings a jurisdiction implements (UN listings in EU
    law) are tested, and added together, with its own."""
    found: list[str] = []
    for h, _ in _all(owners):
        for m in h.screened.matches:
            if m.explained.score >= thresholds.match:
                j = jurisdictions.tested_as(jurisdictions.of(m.list_name))
                if j not in found:
                    found.append(j)
    out = []
    for j in found:
        test = jurisdictions.test(j)
        listed = _listed_under(thresholds, jurisdictions, j)
        result = owned(owners, listed, test)
        every = tuple(h for h, _ in _all(owners) if listed(h))
        out.append(ListedOwnership(j, test, jurisdictions.binds(j), result, every))
    return tuple(out)


def _country_ownership(
    owners: tuple[Holder, ...], regimes: Regimes
) -> tuple[CountryOwnership, ...]:
    """For each regime that reaches ownership and whose country an owner (at any depth) is
    established in: its test over the chains."""
    countries = {party.country for _, party in _all(owners)}
    out = []
    for regime in regimes.regimes:
        reach = regime.ownership
        if reach is None or regime.country not in countries:
            continue

        def base(h: Holder, r: OwnershipReach = reach, c: str = regime.country) -> bool:
            return h.party.country == c and _kind(h) in r.owners

        out.append(CountryOwnership(regime, reach, owned(owners, base, reach)))
    return tuple(out)


def _kind(holder: Holder) -> str:
    """An owner's kind as its name shows it: a "person" named with a legal form ("AO
    Volzhskaya") is an organisation, whatever the event declares."""
    party = holder.party
    if party.kind == "person" and name_form(party.name).legal:
        return "organization"
    return str(party.kind)


def _all(owners: tuple[Holder, ...]) -> Iterator[tuple[Holder, Any]]:
    for h in owners:
        yield h, h.party
        yield from _all(h.owners)


def _screened(
    partner: PartnerUpserted, snapshot: Snapshot, thresholds: Thresholds
) -> tuple[Screened, ...]:
    """Matching does not depend on the evaluation date: ``valid_until`` judging the same
    partner on other dates reuses it."""
    key = partner.model_dump_json(exclude={"as_of"})
    return RECENT.screen(key, lambda: parties(partner), snapshot, thresholds)


def build_case(
    event: PartnerUpsertedEvent,
    snapshot: Snapshot,
    regimes: Regimes,
    thresholds: Thresholds,
    reviews: Reviews | None = None,
    jurisdictions: Jurisdictions = STRICT,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> PartnerCase:
    partner = event.data
    fingerprint = partner_fingerprint(partner)
    on = event.evaluated_at().date()
    screened, suppressed, not_applied = apply_reviews(
        _screened(partner, snapshot, thresholds),
        reviews or {},
        fingerprint,
        on=on,
        thresholds=thresholds,
        jurisdictions=jurisdictions,
        policy=policy,
    )
    by_label = {s.party: s for s in screened}
    owners = holders(partner.owners or (), by_label)
    country = seat(partner, regimes)
    regional = next((r for r in regimes.for_country(country) if r.kind == "regional"), None)
    return PartnerCase(
        partner,
        snapshot,
        regimes,
        thresholds,
        screened,
        fingerprint=fingerprint,
        suppressed=suppressed,
        not_applied=not_applied,
        jurisdictions=jurisdictions,
        owners=owners,
        listed_ownership=_listed_ownership(owners, thresholds, jurisdictions),
        country_ownership=_country_ownership(owners, regimes),
        located=locate(regional, partner.region, partner.address) if regional else None,
        country=country,
        on=on,
    )


def _pct(share: float | None) -> str:
    return "share unknown" if share is None else f"{share * 100:.0f} %"


def _chain(result: Ownership, base: Holder) -> tuple[Holder | None, list[str]]:
    """The partner's direct owner through which ``base`` counts, and the labels between."""
    for c in (*result.counted, *result.undecided):
        if any(h.label == base.label for h in c.through):
            path = [c.holder.label]
            if base.label != c.holder.label:
                path.append(base.label)
            return c.holder, path
    return None, [base.label]


def _listed_hits(
    case: PartnerCase, lo: ListedOwnership, holders: tuple[Holder, ...] | None = None
) -> Iterator[dict[str, Any]]:
    """Evidence for each listed owner under a jurisdiction (the test's bases unless
    ``holders`` are given): its listing led by the jurisdiction's entry, the chain, shares."""
    jur = case.jurisdictions
    for base in lo.result.bases if holders is None else holders:
        found = None
        for listing in lists.listings(base.screened):
            lead = next(
                (
                    m
                    for m in lists.strong(case, listing)
                    if jur.tested_as(jur.of(m.list_name)) == lo.jurisdiction
                ),
                None,
            )
            if lead is not None:
                found = listing.led_by(lead)
                break
        if found is None:
            continue
        direct, path = _chain(lo.result, base)
        share = direct.share if direct is not None else base.share
        yield {
            **lists.listing_evidence(case, found),
            "share": share,
            "share_text": _pct(share),
            "via": path if direct is not None else _path(base.label),
            "counted": direct is not None,
            "listed_share": round(lo.result.share, 4),
            "listed_share_text": _pct(lo.result.share),
            "jurisdiction": lo.jurisdiction,
            "ownership_test": lo.test.text,
            "ownership_basis": lo.test.basis,
        }


def _path(label: str) -> list[str]:
    """owner[0].owner[1] -> [owner[0], owner[0].owner[1]]: the chain down to an owner."""
    parts = label.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


@rule(
    ReasonCode.OWNER_SANCTIONED,
    Severity.BLOCK,
    legal_basis="EU Best Practices on restrictive measures (ownership and control)",
    message="Owner '{query_name}' ({via}, {share_text}) matches '{matched_name}' on {list} "
    "(entry {entry_id}) with a score of {score}; listed owners together hold "
    "{listed_share_text}, which meets the {jurisdiction} test ({ownership_test}), so the "
    "partner is treated as listed itself.",
)
def owner_sanctioned(case: PartnerCase) -> Iterator[Hit]:
    """Owners listed on binding lists holding the jurisdiction's share, alone or together,
    directly or through owners they own, make the partner listed."""
    for lo in case.listed_ownership:
        if lo.binding and lo.result.passes:
            for e in _listed_hits(case, lo):
                yield Hit(
                    {**e, "via": " > ".join(e["via"])},
                    legal_basis=f"{lo.test.basis}; {e['list']}: "
                    + (", ".join(e["programmes"]) or "listed"),
                )


@rule(
    ReasonCode.FOREIGN_LIST_MATCH,
    Severity.REVIEW,
    legal_basis="the lists named in lists_version",
    message="Owner '{query_name}' ({via}, {share_text}) matches '{matched_name}' on {list} "
    "(entry {entry_id}); listed owners hold {listed_share_text}, which meets the "
    "{jurisdiction} ownership test ({ownership_test}). That listing does not bind this "
    "operator directly: check for a {jurisdiction} nexus (origin of items, currency, staff) "
    "before proceeding.",
)
def owner_foreign_listed(case: PartnerCase) -> Iterator[Hit]:
    """Owners listed only on lists that do not bind the operator, holding that list's share."""
    blocked = {
        h.label
        for lo in case.listed_ownership
        if lo.binding and lo.result.passes
        for h in lo.result.bases
    }
    for lo in case.listed_ownership:
        if not lo.binding and lo.result.passes:
            # an owner already red under a binding law needs no second, weaker reason
            rest = tuple(h for h in lo.result.bases if h.label not in blocked)
            for e in _listed_hits(case, lo, rest):
                yield Hit({**e, "via": " > ".join(e["via"])}, legal_basis=lo.test.basis)


@rule(
    ReasonCode.POSSIBLE_SANCTIONS_MATCH,
    Severity.REVIEW,
    legal_basis=lists.LISTS,
    message="Owner '{query_name}' ({via}) matches '{matched_name}' on {list} (entry "
    "{entry_id}) with a score of {score}{detail}. A person must decide whether the listed "
    "owner owns or controls the partner.",
)
def listed_minority_owner(case: PartnerCase) -> Iterator[Hit]:
    """A listed owner below the ownership test, of unknown share, or holding a stake further
    down the chain that the test does not count: ownership is not shown, but it may exist,
    and control may exist without it. Every strongly matching owner at any depth is said."""
    for lo in case.listed_ownership:
        if lo.result.passes:
            continue
        for e in _listed_hits(case, lo, lo.listed):
            if not e["counted"]:
                detail = (
                    f"; it holds {e['share_text']} of an owner further down the chain, which "
                    f"does not bring the partner under the {lo.jurisdiction} test "
                    f"({lo.test.text}) on the shares given"
                )
            elif e["share"] is None or lo.result.undecided:
                detail = (
                    "; a share in the chain is unknown, so the ownership test cannot be applied"
                )
            elif lo.result.only_together:
                detail = (
                    f"; listed owners hold {e['listed_share_text']} together but none alone "
                    f"meets the {lo.jurisdiction} test ({lo.test.text}), which adds holdings "
                    "only where they are held jointly or under an arrangement"
                )
            else:
                detail = (
                    f"; listed owners hold {e['listed_share_text']}, below the "
                    f"{lo.jurisdiction} test ({lo.test.text})"
                )
            yield Hit({**e, "via": " > ".join(e["via"]), "detail": detail})


def _funding_text(kinds: tuple[str, ...]) -> str:
    return ", ".join(k.replace("_", " ") for k in kinds)


@rule(
    ReasonCode.OWNED_FROM_SANCTIONED_COUNTRY,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="Owners established in {country} ({owners}) hold {share_text} of the partner "
    "({test}): under {legal_basis}, {consequence}. {advice}",
)
def owned_from_sanctioned_country(case: PartnerCase) -> Iterator[Hit]:
    """Owners from a country whose measures reach ownership (Russia, Iran, North Korea)."""
    for co in case.country_ownership:
        result, reach = co.result, co.reach
        if not result.involved:
            continue
        test = OwnershipTest(
            threshold=reach.threshold,
            inclusive=reach.inclusive,
            aggregate=reach.aggregate,
            basis=reach.legal_basis,
        ).text
        owners = ", ".join(f"{h.label} '{h.party.name}'" for h in result.bases)
        coop = case.cooperation
        severity = Severity.INFO
        if result.passes:
            prohibited = reach.severity == "block" or bool(
                coop is not None and coop & set(reach.block_when)
            )
            severity = Severity.BLOCK if prohibited else Severity.REVIEW
            if prohibited:
                advice = "The law prohibits this cooperation: do not proceed."
            elif reach.block_when and coop is None:
                advice = (
                    "The event does not say what the cooperation involves: with "
                    f"{_funding_text(reach.block_when)} it is prohibited. Confirm before "
                    "proceeding."
                )
            else:
                advice = "Check the cooperation against these measures before proceeding."
        elif result.undecided:
            severity = Severity.REVIEW
            advice = "A share in the chain is unknown, so the test cannot be applied: get it."
        else:
            # below the test; where the regime prohibits cooperation outright even a minority
            # holding needs a look (an ownership interest may itself be barred)
            severity = Severity.REVIEW if reach.severity == "block" else Severity.INFO
            advice = (
                "Below the test, ownership alone does not bring the partner under the measure; "
                "control by other means is not assessed here."
                if severity is Severity.INFO
                else "Below the test; the measures also bar ownership interests and joint "
                "ventures with such owners: check the holding and the cooperation."
            )
        yield Hit(
            {
                "country": co.regime.country,
                "programme": co.regime.programme,
                "owners": owners,
                "owner_labels": [h.label for h in result.bases],
                "share": round(result.share, 4),
                "share_text": _pct(result.share) if not result.undecided else "an unknown share",
                "test": test,
                "test_met": result.passes,
                "legal_basis": reach.legal_basis,
                "consequence": reach.consequence,
                "cooperation": sorted(coop) if coop is not None else None,
                "advice": advice,
                "verified": reach.verified,
                "checked": reach.checked,
            },
            severity=severity,
            legal_basis=reach.legal_basis,
        )


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The partner is seated in {country}, which is under EU restrictive measures: {title} "
    "({legal_acts}). {advice}",
)
def embargoed_country(case: PartnerCase) -> Iterator[Hit]:
    """A partner seated in a country whose regime restricts the country or sectors of it."""
    for regime in case.regimes.for_country(case.country):
        if not regime.restricts_country:
            continue
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
                "kind": regime.kind,
                "legal_acts": list(regime.legal_acts),
                "arms_embargo": regime.arms_embargo,
                "advice": advice,
                "confidence": regime.confidence,
                "note": regime.note,
            },
            severity=Severity.BLOCK if block else Severity.REVIEW,
            legal_basis="; ".join(regime.legal_acts),
        )


@rule(
    ReasonCode.COUNTRY_LISTINGS_ONLY,
    Severity.INFO,
    legal_basis="EU restrictive measures",
    message="The partner is seated in {country}, for which the EU regime '{title}' "
    "({legal_acts}) names persons only; they are on the lists, and the country itself is not "
    "restricted.",
)
def listings_only_country(case: PartnerCase) -> Iterator[Hit]:
    """A regime of listings only restricts nobody for being seated in the country."""
    for regime in case.regimes.for_country(case.country):
        if regime.kind == "listings_only":
            yield Hit(
                {
                    "country": regime.country,
                    "programme": regime.programme,
                    "title": regime.title,
                    "legal_acts": list(regime.legal_acts),
                    "kind_source": regime.kind_source,
                },
                legal_basis="; ".join(regime.legal_acts),
            )


@rule(
    ReasonCode.RESTRICTED_REGION,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The partner is in {region} ({how}), under territorial measures ({legal_acts}): "
    "{measures}. {advice}",
)
def restricted_region(case: PartnerCase) -> Iterator[Hit]:
    """A partner in a region under territorial measures: at least amber, red where the
    cooperation is funding, an investment or a joint venture there."""
    located = case.located
    if located is None or located.region is None:
        return
    region, coop = located.region, case.cooperation
    blocked = set(region.block_when)
    if located.certain and coop is not None and coop & blocked:
        severity, advice = (
            Severity.BLOCK,
            f"The cooperation involves {_funding_text(tuple(sorted(coop & blocked)))}, which "
            "these measures prohibit there: do not proceed.",
        )
    elif located.certain:
        severity, advice = (
            Severity.REVIEW,
            f"With {_funding_text(region.block_when)} the cooperation is prohibited there"
            + (
                "; the event does not say what it involves. Confirm before proceeding."
                if coop is None
                else ". Check the rest against the measures before proceeding."
            ),
        )
    else:
        severity, advice = (
            Severity.REVIEW,
            "Only the non-government-controlled parts of this oblast are restricted: confirm "
            "where the partner is before proceeding.",
        )
    yield Hit(
        {
            "country": located.regime.country,
            "region": region.name,
            "region_codes": list(region.codes),
            "how": located.how,
            "certain": located.certain,
            "legal_acts": list(region.legal_acts),
            "measures": region.measures,
            "cooperation": sorted(coop) if coop is not None else None,
            "advice": advice,
            "verified": region.verified,
        },
        severity=severity,
        legal_basis="; ".join(region.legal_acts),
    )


@rule(
    ReasonCode.REGION_UNCONFIRMED,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The partner is seated in {country}, where EU measures reach regions ({regions}), "
    "and Clearway cannot place it ({known}): confirm where it is (the ISO 3166-2 region, or "
    "an address that names the place) before proceeding.",
)
def region_unconfirmed(case: PartnerCase) -> Iterator[Hit]:
    """A partner in a country with regional measures, region unknown: amber, since the
    measures there may prohibit the cooperation and nothing shows they do not."""
    located = case.located
    if located is not None and located.region is None and not located.elsewhere:
        yield Hit(
            {
                "country": located.regime.country,
                "regions": [r.name for r in located.regime.regions],
                "known": "the address names no place Clearway knows"
                if case.partner.address
                else "the event gives neither a region nor an address",
            },
            legal_basis="; ".join(a for r in located.regime.regions for a in r.legal_acts),
        )


@rule(
    ReasonCode.COUNTRY_UNKNOWN,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The event gives no country for the partner, so Clearway cannot check it against "
    "the EU's country and regional measures: give its country (and region where measures "
    "reach regions) and screen it again.",
)
def country_unknown(case: PartnerCase) -> Iterator[Hit]:
    """No country: the country checks cannot run, and not running them is not a pass."""
    if case.country is None:
        yield Hit({"region": case.partner.region, "address_given": bool(case.partner.address)})


@rule(
    ReasonCode.FALSE_POSITIVE_SUPPRESSED,
    Severity.INFO,
    legal_basis=lists.LISTS,
    message="The {party} match with '{matched_name}' on {list} (entry {entry_id}) was recorded "
    "as a false positive by {recorded_by}; it is not raised while the partner's data and the "
    "entry stay as they were reviewed.",
)
def false_positive_suppressed(case: PartnerCase) -> Iterator[Hit]:
    """A reviewed false positive is kept out of the decision, and said so."""
    for item in case.suppressed:
        yield Hit(
            {
                **evidence(item.screened, item.match, case.fingerprint),
                "reviewer": item.review.reviewer,
                # everyone who agreed (four eyes: the first reviewer and the approver)
                "reviewers": sorted(item.review.reviewers),
                "recorded_by": " and ".join(
                    sorted(item.review.reviewers) or [item.review.reviewer]
                ),
                "suppressed_until": item.until,
            }
        )


@rule(
    ReasonCode.REVIEW_EXPIRED,
    Severity.INFO,
    legal_basis=lists.LISTS,
    message="The false-positive review of the {party} match with '{matched_name}' on {list} "
    "(entry {entry_id}) by {reviewer} on {reviewed_on} {why}: the match is raised again. "
    "Review it again if it is still a false positive.",
)
def review_expired(case: PartnerCase) -> Iterator[Hit]:
    """A suppression lasts a set time (twelve months by default); then the match is raised
    again, and this says why."""
    for item in case.not_applied:
        if item.why.startswith("expired"):
            yield Hit(_not_applied(case, item))


@rule(
    ReasonCode.REVIEW_INCOMPLETE,
    Severity.INFO,
    legal_basis=lists.LISTS,
    message="The {party} match with '{matched_name}' on {list} (entry {entry_id}) was recorded "
    "as a false positive by {reviewer} on {reviewed_on}; it {why} before it is suppressed, "
    "because it would make the decision red.",
)
def review_incomplete(case: PartnerCase) -> Iterator[Hit]:
    """A false positive on a red match suppresses nothing until a second reviewer agrees."""
    for item in case.not_applied:
        if not item.why.startswith("expired"):
            yield Hit(_not_applied(case, item))


def _not_applied(case: PartnerCase, item: NotApplied) -> dict[str, Any]:
    review = item.review
    return {
        **evidence(item.screened, item.match, case.fingerprint),
        "reviewer": review.reviewer,
        "reviewers": sorted(review.reviewers),
        "reviewed_on": review.reviewed_at.date().isoformat() if review.reviewed_at else "?",
        "why": item.why,
    }


RULES: tuple[Rule[PartnerCase], ...] = (
    lists.lists_unavailable(Role.PARTNER, "the partner"),
    lists.name_not_screenable(Role.PARTNER, Role.OWNER, Role.REPRESENTATIVE),
    lists.sanctions_match(Role.PARTNER, Role.REPRESENTATIVE),
    lists.foreign_list_match(Role.PARTNER, Role.REPRESENTATIVE),
    owner_sanctioned,
    owner_foreign_listed,
    lists.possible_match(Role.PARTNER, Role.OWNER, Role.REPRESENTATIVE),
    listed_minority_owner,
    owned_from_sanctioned_country,
    embargoed_country,
    listings_only_country,
    restricted_region,
    region_unconfirmed,
    country_unknown,
    false_positive_suppressed,
    review_expired,
    review_incomplete,
    *STALE,
)


def rules_version(
    regimes: Regimes,
    thresholds: Thresholds,
    jurisdictions: Jurisdictions = STRICT,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> str:
    """Everything besides the lists that a screening decision depends on."""
    return (
        f"screening/{regimes.version}+{thresholds.version}+{jurisdictions.config_version}"
        f"+{policy.version}"
    )


def decide(
    event: PartnerUpsertedEvent,
    snapshot: Snapshot,
    regimes: Regimes,
    thresholds: Thresholds,
    reviews: Reviews | None = None,
    *,
    jurisdictions: Jurisdictions = STRICT,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> Verdict:
    """Screen one partner, its owners and representatives; reviewed false positives stay out
    while they are trusted. Without ``jurisdictions`` every list binds and the strictest
    ownership test applies."""
    case = build_case(event, snapshot, regimes, thresholds, reviews, jurisdictions, policy)
    return Verdict(
        reasons=evaluate(RULES, case),
        rules_version=rules_version(regimes, thresholds, jurisdictions, policy),
        lists_version=snapshot.versions,
        reference_versions=versions(case.data_sets),
    )
