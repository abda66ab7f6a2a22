"""The sanctions-list rules every service that screens parties shares, as factories that
take the party roles they judge. Screening builds them for partners, owners and
representatives; export control for end users. One code, one sentence, one legal basis.

A listed party found on several lists (the SDN entry and its copy in the US Consolidated
Screening List) is one reason naming every list. Whether a match blocks depends on whose
law the list is: a match on a list that binds the operator (for an EU operator, EU and UN
listings) is red; a match only on lists that do not bind it (US, UK) is amber with what to
check, and says when the EU Blocking Statute may forbid acting on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from schemas.decision import ReasonCode, Severity
from services.common.rules import Hit, Rule, rule
from services.sanctions.jurisdictions import Jurisdictions
from services.sanctions.matching.clean import clean
from services.sanctions.matching.compare import similarity
from services.sanctions.matching.index import Match
from services.sanctions.matching.normalize import name_form
from services.sanctions.party import Role, Screened, Thresholds, evidence
from services.sanctions.snapshot import Snapshot

LISTS = "the sanctions and export-control lists named in lists_version"


class ScreeningCase(Protocol):
    """What the shared rules read of a service's case."""

    @property
    def snapshot(self) -> Snapshot: ...

    @property
    def thresholds(self) -> Thresholds: ...

    @property
    def jurisdictions(self) -> Jurisdictions: ...

    @property
    def screened(self) -> tuple[Screened, ...]: ...

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the screened subject ("" where reviews do not apply)."""


@dataclass(frozen=True, slots=True)
class Listing:
    """One listed party as found for one screened party: its best match, and the same party
    on other lists."""

    screened: Screened
    best: Match
    others: tuple[Match, ...]

    @property
    def matches(self) -> tuple[Match, ...]:
        return (self.best, *self.others)

    @property
    def score(self) -> float:
        return self.best.explained.score

    def led_by(self, match: Match) -> Listing:
        """The same listing with ``match`` first (the binding list's entry, where the reason
        rests on it)."""
        return Listing(self.screened, match, tuple(m for m in self.matches if m is not match))


#: two entries whose listed names are at least this alike, of the same kind, name one party
SAME_PARTY = 0.9


def _same_party(a: Match, b: Match) -> bool:
    """The same listed party on two lists: the authority's own id says so (an SDN entry and
    its copy in the Consolidated Screening List), or the names matched are the same name,
    written alike, for the same kind of party (the UN and the UK listing of one entity)."""
    if a.entry.key == b.entry.key:
        return True
    persons = a.entry.kind == "person"
    if persons != (b.entry.kind == "person"):
        return False
    return _names_alike(a.explained.hit.matched_name, b.explained.hit.matched_name, persons)


@lru_cache(maxsize=65_536)
def _names_alike(x: str, y: str, persons: bool) -> bool:
    """Cached: every rule that groups a party's matches asks again, for each decision and
    each date it is judged on (a twelfth of the screening decision's time went here)."""
    return similarity(name_form(x), name_form(y), persons).score >= SAME_PARTY


def listings(screened: Screened) -> list[Listing]:
    """The party's matches grouped by listed party, best first: one listing per real party,
    naming every list it is on."""
    groups: list[list[Match]] = []
    for m in sorted(screened.matches, key=lambda m: m.explained.score, reverse=True):
        home = next((g for g in groups if _same_party(g[0], m)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return [Listing(screened, g[0], tuple(g[1:])) for g in groups]


def match_basis(match: Match) -> str:
    """The legal basis of a listing: the list and the programmes it names."""
    return f"{match.list_name}: {', '.join(match.entry.programmes) or 'listed'}"


def listing_evidence(case: ScreeningCase, listing: Listing) -> dict[str, Any]:
    """The best match's evidence, the other lists naming the same party, and the
    jurisdictions of all of them."""
    juris = case.jurisdictions
    found_on = [
        {
            "list": m.list_name,
            "source_list": m.entry.source,
            "entry_id": m.entry.entry_id,
            "list_version": m.list_version,
            "score": m.explained.score,
            "jurisdiction": juris.of(m.list_name),
        }
        for m in listing.matches
    ]
    return {
        **evidence(listing.screened, listing.best, case.fingerprint),
        "lists": sorted({f["list"] for f in found_on}),
        "found_on": found_on,
        "jurisdictions": sorted({f["jurisdiction"] for f in found_on}),
    }


def strong(case: ScreeningCase, listing: Listing) -> list[Match]:
    """The matches of a listing at or above the match threshold."""
    return [m for m in listing.matches if m.explained.score >= case.thresholds.match]


def binding(case: ScreeningCase, matches: list[Match]) -> bool:
    return any(case.jurisdictions.binds(case.jurisdictions.of(m.list_name)) for m in matches)


def lists_unavailable(role: Role, subject: str) -> Rule[ScreeningCase]:
    """LISTS_UNAVAILABLE for a case whose ``role`` party is screened; ``subject`` is what
    cannot be cleared (the partner, the transfer)."""

    @rule(
        ReasonCode.LISTS_UNAVAILABLE,
        Severity.REVIEW,
        legal_basis=LISTS,
        message=f"The {role.text} could not be screened against every configured list "
        f"({{missing}}), so {subject} cannot be cleared. Screen again when the lists load.",
    )
    def lists_unavailable(case: ScreeningCase) -> Iterator[Hit]:
        """Without its lists, a service never clears."""
        missing = list(case.snapshot.failed) or ["no list loaded"]
        if case.snapshot.index is None or case.snapshot.failed:
            yield Hit({"missing": missing, "loaded": case.snapshot.versions})

    return lists_unavailable


def name_not_screenable(*roles: Role) -> Rule[ScreeningCase]:
    """NAME_NOT_SCREENABLE for parties of these roles whose names leave nothing to compare."""

    @rule(
        ReasonCode.NAME_NOT_SCREENABLE,
        Severity.REVIEW,
        legal_basis=LISTS,
        message="The {role} ({party}) has no name that can be compared in full with a list: "
        "{names} {why}. Nothing found is not the same as cleared; get the name as it is "
        "registered.",
    )
    def name_not_screenable(case: ScreeningCase) -> Iterator[Hit]:
        """A party whose names normalise to nothing, or hold letters that cannot be read, is
        never cleared."""
        for s in case.screened:
            if s.role in roles and not s.screenable:
                unreadable = [w for n in s.names for w in clean(n).unreadable]
                why = (
                    "holds letters that can be read neither as written nor as look-alikes of "
                    f"Latin ones ({', '.join(unreadable)})"
                    if unreadable
                    else "leaves no letters or digits once invisible characters and symbols "
                    "are removed"
                )
                yield Hit(
                    {
                        "party": s.party,
                        "role": s.role.text,
                        "names": [repr(n) for n in s.names],
                        "unreadable": unreadable,
                        "why": why,
                    }
                )

    return name_not_screenable


def sanctions_match(*roles: Role) -> Rule[ScreeningCase]:
    """SANCTIONS_MATCH for parties of these roles (owners are judged by their share): a
    listed party on a list that binds the operator."""

    @rule(
        ReasonCode.SANCTIONS_MATCH,
        Severity.BLOCK,
        legal_basis=LISTS,
        message="The {role} name '{query_name}' matches '{matched_name}' on {lists} (entry "
        "{entry_id}, programmes: {programmes}) with a score of {score}.",
    )
    def sanctions_match(case: ScreeningCase) -> Iterator[Hit]:
        """A party matches a listed party at or above the match threshold on a binding list."""
        for s in case.screened:
            if s.role not in roles:
                continue
            for listing in listings(s):
                found = strong(case, listing)
                if found and binding(case, found):
                    binds = [m for m in found if binding(case, [m])]
                    yield Hit(
                        listing_evidence(case, listing.led_by(binds[0])),
                        legal_basis="; ".join(dict.fromkeys(match_basis(m) for m in binds)),
                    )

    return sanctions_match


def foreign_list_match(*roles: Role) -> Rule[ScreeningCase]:
    """FOREIGN_LIST_MATCH for parties of these roles: a listed party found only on lists that
    do not bind the operator."""

    @rule(
        ReasonCode.FOREIGN_LIST_MATCH,
        Severity.REVIEW,
        legal_basis=LISTS,
        message="The {role} name '{query_name}' matches '{matched_name}' on {lists} (entry "
        "{entry_id}, programmes: {programmes}) with a score of {score}, a listing under "
        "{jurisdictions} law that does not bind this operator directly. Check for a nexus that "
        "brings it into play: US-origin items or technology, US dollar payments, US or UK "
        "staff or group companies, secondary sanctions.{blocking}",
    )
    def foreign_list_match(case: ScreeningCase) -> Iterator[Hit]:
        """A party matches a listed party only on lists of another jurisdiction."""
        statute = case.jurisdictions.blocking_statute
        for s in case.screened:
            if s.role not in roles:
                continue
            for listing in listings(s):
                found = strong(case, listing)
                if not found or binding(case, found):
                    continue
                juris = {case.jurisdictions.of(m.list_name) for m in found}
                programmes = {p for m in found for p in m.entry.programmes}
                applies = statute.may_apply(juris, programmes)
                blocking = (
                    f" The EU Blocking Statute may apply ({statute.legal_basis}): an EU operator "
                    "must not comply with these US measures, so do not refuse or end the "
                    "cooperation on this listing alone; take legal advice."
                    if applies
                    else ""
                )
                yield Hit(
                    {
                        **listing_evidence(case, listing),
                        "blocking_statute": applies,
                        "blocking": blocking,
                    },
                    legal_basis=match_basis(found[0])
                    + (f"; {statute.legal_basis}" if applies else ""),
                )

    return foreign_list_match


def possible_match(*roles: Role) -> Rule[ScreeningCase]:
    """POSSIBLE_SANCTIONS_MATCH for parties of these roles: a score in the review band."""

    @rule(
        ReasonCode.POSSIBLE_SANCTIONS_MATCH,
        Severity.REVIEW,
        legal_basis=LISTS,
        message="The {role} name '{query_name}' resembles '{matched_name}' on {lists} (entry "
        "{entry_id}) with a score of {score}{detail}. A person must decide whether it is the "
        "same party.",
    )
    def possible_match(case: ScreeningCase) -> Iterator[Hit]:
        """A name in the review band: close enough that a person must look."""
        for s in case.screened:
            if s.role not in roles:
                continue
            for listing in listings(s):
                if listing.score < case.thresholds.match:
                    yield Hit({**listing_evidence(case, listing), "detail": ""})

    return possible_match
