"""The sanctions-list rules every service that screens parties shares, as factories that
take the party roles they judge. Screening builds them for partners, owners and
representatives; export control for end users. One code, one sentence, one legal basis.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from schemas.decision import ReasonCode, Severity
from services.common.rules import Hit, Rule, rule
from services.sanctions.matching.index import Match
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
    def screened(self) -> tuple[Screened, ...]: ...

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the screened subject ("" where reviews do not apply)."""


def match_basis(match: Match) -> str:
    """The legal basis of a listing: the list and the programmes it names."""
    return f"{match.list_name}: {', '.join(match.entry.programmes) or 'listed'}"


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


def sanctions_match(*roles: Role) -> Rule[ScreeningCase]:
    """SANCTIONS_MATCH for parties of these roles (owners are judged by their share)."""

    @rule(
        ReasonCode.SANCTIONS_MATCH,
        Severity.BLOCK,
        legal_basis=LISTS,
        message="The {role} name '{query_name}' matches '{matched_name}' on {list} (entry "
        "{entry_id}, programmes: {programmes}) with a score of {score}.",
    )
    def sanctions_match(case: ScreeningCase) -> Iterator[Hit]:
        """A party matches a list entry at or above the match threshold."""
        for s in case.screened:
            if s.role not in roles:
                continue
            for m in s.matches:
                if m.explained.score >= case.thresholds.match:
                    yield Hit(evidence(s, m, case.fingerprint), legal_basis=match_basis(m))

    return sanctions_match


def possible_match(*roles: Role) -> Rule[ScreeningCase]:
    """POSSIBLE_SANCTIONS_MATCH for parties of these roles: a score in the review band."""

    @rule(
        ReasonCode.POSSIBLE_SANCTIONS_MATCH,
        Severity.REVIEW,
        legal_basis=LISTS,
        message="The {role} name '{query_name}' resembles '{matched_name}' on {list} (entry "
        "{entry_id}) with a score of {score}{detail}. A person must decide whether it is the "
        "same party.",
    )
    def possible_match(case: ScreeningCase) -> Iterator[Hit]:
        """A name in the review band: close enough that a person must look."""
        for s in case.screened:
            if s.role not in roles:
                continue
            for m in s.matches:
                if m.explained.score < case.thresholds.match:
                    yield Hit({**evidence(s, m, case.fingerprint), "detail": ""})

    return possible_match
