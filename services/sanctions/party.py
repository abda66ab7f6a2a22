"""Party screening: one party's names against the list snapshot, with the evidence a
compliance officer reads. Pure: the snapshot and the thresholds are arguments.

Screening (partners, owners, representatives) and export control (end users) screen
parties the same way; what differs is only the party's role, which the rules read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from schemas.common import Party, PartyIdentifier
from services.sanctions.matching import identifiers
from services.sanctions.matching.clean import clean
from services.sanctions.matching.compare import Query
from services.sanctions.matching.index import Match
from services.sanctions.matching.normalize import name_forms
from services.sanctions.snapshot import Snapshot

#: review-band matches kept per party (best first): more would bury the officer, not inform
#: them. Matches at or above the match threshold are all kept: the same party on a binding
#: list must never be cut off behind its copies on other lists.
MAX_MATCHES_PER_PARTY = 3


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores at or above ``match`` block; from ``review`` up to it, a person decides."""

    match: float = 0.85
    review: float = 0.70

    @property
    def ceiling(self) -> float:
        """The most a match resting on too little (a weak one-word alias, a common two-part
        name) may score: just below ``match``, so it is reviewed, never blocked on."""
        return round(self.match - 0.01, 4)

    @property
    def version(self) -> str:
        """The thresholds as part of a rules version: a change of either is a new version."""
        return f"thresholds:{self.match:g}/{self.review:g}"


class Role(StrEnum):
    """Why a party is screened; the rules treat owners differently from the rest."""

    PARTNER = "partner"
    OWNER = "owner"
    REPRESENTATIVE = "representative"
    END_USER = "end_user"

    @property
    def text(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class PartyQuery:
    """A party to screen: its label (``owner[0]``), its role, what is screened, its share."""

    label: str
    role: Role
    query: Query
    share: float | None = None


@dataclass(frozen=True, slots=True)
class Screened:
    """One screened party and what the lists returned for it."""

    party: str  # the label: "partner", "owner[0]", "owner[0].owner[1]", "end_user"
    share: float | None
    matches: tuple[Match, ...]
    #: False when no name of the party has anything a list could be compared with
    screenable: bool = True
    #: the names screened (for the officer: which names gave nothing to compare)
    names: tuple[str, ...] = ()

    @property
    def role(self) -> Role:
        return Role(self.party.split("[", 1)[0])


def query_of(
    names: Sequence[str],
    kind: str,
    country: str | None,
    birth_date: date | None,
    ids: Sequence[PartyIdentifier] = (),
    registration_number: str | None = None,
) -> Query:
    given = [identifiers.given(i.scheme, i.value) for i in ids]
    if registration_number:
        given.append(identifiers.given("registration", registration_number))
    return Query(
        names=tuple(names),
        kind=kind,  # type: ignore[arg-type]
        countries=(country,) if country else (),
        birth_date=birth_date,
        identifiers=tuple(i for i in given if i is not None),
    )


def party_query(label: str, role: Role, party: Party) -> PartyQuery:
    """A party of an event (owner, representative, end user) as a query."""
    return PartyQuery(
        label,
        role,
        query_of(
            [party.name], party.kind, party.country, party.birth_date, party.identifiers or ()
        ),
        party.share,
    )


def screenable(query: Query) -> bool:
    """A name a list can be compared with has a word of at least two letters or digits once
    cleaned ("...", an emoji or a lone zero-width space have none), and no letter that can be
    read neither as written nor as a look-alike: otherwise screening compares less than the
    name shows, and nothing found must never read as cleared."""
    if any(clean(n).unreadable for n in query.names):
        return False
    return any(any(len(t) >= 2 for t in form.core) for n in query.names for form in name_forms(n))


def screen(
    parties: Iterable[PartyQuery], snapshot: Snapshot, thresholds: Thresholds
) -> tuple[Screened, ...]:
    """Each party against every list (no matches when no list is loaded: the rules then say
    LISTS_UNAVAILABLE, never cleared)."""
    index = snapshot.index

    def kept(query: Query) -> tuple[Match, ...]:
        if index is None:
            return ()
        found = index.search(query, thresholds.review, ceiling=thresholds.ceiling)
        strong = [m for m in found if m.explained.score >= thresholds.match]
        weaker = [m for m in found if m.explained.score < thresholds.match]
        return (*strong, *weaker[:MAX_MATCHES_PER_PARTY])

    return tuple(
        Screened(p.label, p.share, kept(p.query), screenable(p.query), p.query.names)
        for p in parties
    )


def evidence(screened: Screened, match: Match, partner_fp: str | None = None) -> dict[str, Any]:
    """What an officer needs to judge a match: both names, the list and entry, the score and
    the features that raised or lowered it, and the fingerprints a review refers to."""
    e = match.explained
    return {
        **({"partner_fingerprint": partner_fp} if partner_fp else {}),
        "party": screened.party,
        "role": screened.role.text,
        "query_name": e.hit.query_name,
        "list": match.list_name,
        "source_list": match.entry.source,
        "entry_id": match.entry.entry_id,
        "matched_name": e.hit.matched_name,
        "matched_name_strength": e.hit.strength,
        "score": e.score,
        "name_similarity": round(e.hit.similarity, 4),
        "features": [{"feature": f, "effect": w, "why": why} for f, w, why in e.features],
        "matched_by": e.hit.how,
        "name_as_written": list(e.hit.written),
        **({"name_read_as": e.hit.reading} if e.hit.reading else {}),
        "entry_kind": match.entry.kind,
        "programmes": list(match.entry.programmes),
        "entry_countries": list(match.entry.countries),
        "listed_on": match.entry.listed_on,
        "list_version": match.list_version,
        "entry_fingerprint": match.entry.fingerprint(),
    }


class RecentScreenings:
    """The last few screenings, by what was screened (never the evaluation date): a
    decision judged again on other dates (``valid_until``) matches its names once. Bounded,
    keyed by the list versions and thresholds as well, and safe across worker threads."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[tuple[object, ...], tuple[Snapshot, tuple[Screened, ...]]] = (
            OrderedDict()
        )
        self.lock = threading.Lock()

    def screen(
        self,
        key: str,
        queries: Callable[[], Iterable[PartyQuery]],
        snapshot: Snapshot,
        thresholds: Thresholds,
    ) -> tuple[Screened, ...]:
        full = (id(snapshot), thresholds, key)
        with self.lock:
            found = self.items.get(full)
            if found is not None and found[0] is snapshot:  # the very snapshot, not its id
                self.items.move_to_end(full)
                return found[1]
        result = screen(queries(), snapshot, thresholds)
        with self.lock:
            self.items[full] = (snapshot, result)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return result


#: shared by the services that screen parties
RECENT = RecentScreenings()
