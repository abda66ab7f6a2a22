"""May this technology be shared with this partner abroad? A pure function of the event,
the export-control reference data, the list snapshot (for the end user) and thresholds.

When a rule is uncertain the service says needs_review with the reason, never cleared: a
wrong clear costs a cluster its licence privileges or worse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from schemas.decision import Reason, ReasonCode, Severity
from schemas.events import TechnologyTransferRequested, TechnologyTransferRequestedEvent
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.export_control.reference import (
    EU27,
    AnnexEntry,
    ExportReference,
    ParsedCode,
    lookup,
    parse_code,
)
from services.sanctions import rules as lists
from services.sanctions.jurisdictions import Jurisdictions
from services.sanctions.party import Role, Screened, Thresholds, party_query, screen
from services.sanctions.regimes import Regime
from services.sanctions.snapshot import Snapshot

REG = "Regulation (EU) 2021/821"
#: reasons after which a licence is, or may be, needed
LICENCE_CODES = {
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    ReasonCode.CATCH_ALL,
    ReasonCode.NOT_CLASSIFIED,
    ReasonCode.UNKNOWN_CONTROL_CODE,
}


@dataclass(frozen=True, slots=True)
class TransferCase:
    request: TechnologyTransferRequested
    ref: ExportReference
    codes: tuple[tuple[ParsedCode, AnnexEntry | None], ...]
    snapshot: Snapshot
    thresholds: Thresholds
    #: the end user as screened against the lists (empty when no list is loaded)
    screened: tuple[Screened, ...]
    #: whose law each list is: a match only on lists that do not bind the exporter is amber
    jurisdictions: Jurisdictions
    #: transfers are not reviewed per list entry, so matches carry no subject fingerprint
    fingerprint: str = ""

    @property
    def destination(self) -> str:
        return self.request.destination_country

    @property
    def inside_eu(self) -> bool:
        return self.destination in EU27

    @property
    def listed(self) -> list[tuple[ParsedCode, AnnexEntry]]:
        return [(c, e) for c, e in self.codes if e is not None]

    @property
    def unknown(self) -> list[ParsedCode]:
        return [c for c, e in self.codes if e is None]

    @property
    def gtn(self) -> str | None:
        """The General Technology Note decontrol the event asserts, if any."""
        marks = [
            m
            for m, v in (
                ("public domain", self.request.public_domain),
                ("basic scientific research", self.request.basic_research),
            )
            if v is True
        ]
        return " and ".join(marks) or None

    @property
    def controlled(self) -> list[tuple[ParsedCode, AnnexEntry]]:
        return [] if self.gtn else self.listed

    def regimes(self) -> list[tuple[str, Regime]]:
        """(whose, regime) for the destination and the end user's country."""
        found = [("destination", r) for r in self.ref.regimes.for_country(self.destination)]
        country = self.request.end_user.country
        if country and country != self.destination:
            found += [("end user", r) for r in self.ref.regimes.for_country(country)]
        return found

    def bans(self) -> list[tuple[str, Regime]]:
        return [(w, r) for w, r in self.regimes() if r.dual_use_export_ban is True]

    def arms_embargo(self) -> list[str]:
        """Legal bases of an arms embargo on the destination (Art. 4(1)(b))."""
        bases = [
            "; ".join(r.legal_acts)
            for r in self.ref.regimes.for_country(self.destination)
            if r.arms_embargo
        ]
        bases += [
            f"{e.body}: {e.basis}"
            for e in self.ref.embargoes.embargoes
            if e.country == self.destination
        ]
        return bases


def _codes_text(items: list[tuple[ParsedCode, AnnexEntry]]) -> list[str]:
    return [f"{c.raw} ({e.title})" for c, e in items]


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.BLOCK,
    legal_basis="EU restrictive measures",
    message="The {whose} ({country}) is under {title}, which prohibits exporting dual-use items "
    "and technology there ({legal_acts}). {detail}",
)
def prohibited_destination(case: TransferCase) -> Iterator[Hit]:
    """A destination or end user under a regime that bans the transfer."""
    risky = bool(case.controlled or case.unknown or not case.request.technology.classified)
    for whose, regime in case.bans():
        detail = (
            "This transfer must not happen."
            if risky
            else "The technology is not listed or is decontrolled, but the regime also restricts "
            "technical assistance and further items: a person must check before anything is shared."
        )
        yield Hit(
            {
                "whose": whose,
                "country": regime.country,
                "programme": regime.programme,
                "title": regime.title,
                "legal_acts": list(regime.legal_acts),
                "detail": detail,
            },
            severity=Severity.BLOCK if risky else Severity.REVIEW,
            legal_basis="; ".join(regime.legal_acts),
        )


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The {whose} ({country}) is under {title} ({legal_acts}){embargo}. Check the transfer "
    "against the regime's prohibitions before anything is shared.",
)
def restricted_destination(case: TransferCase) -> Iterator[Hit]:
    """A destination or end user under an arms embargo or partial dual-use restrictions."""
    if case.bans():
        return
    for whose, regime in case.regimes():
        if regime.arms_embargo or regime.dual_use_export_ban == "partial":
            embargo = f", with a {regime.arms_embargo} arms embargo" if regime.arms_embargo else ""
            yield Hit(
                {
                    "whose": whose,
                    "country": regime.country,
                    "programme": regime.programme,
                    "title": regime.title,
                    "legal_acts": list(regime.legal_acts),
                    "embargo": embargo,
                    "dual_use_restriction": regime.dual_use_export_ban,
                },
                legal_basis="; ".join(regime.legal_acts),
            )


@rule(
    ReasonCode.CATCH_ALL,
    Severity.BLOCK,
    legal_basis=f"{REG}, Art. 4(1)(a) and 4(2)",
    message="The exporter knows or suspects that the technology is or may be intended for "
    "weapons of mass destruction or their delivery. Whether listed or not, it may not be "
    "shared; the competent authority (BAFA) must be informed.",
)
def wmd_catch_all(case: TransferCase) -> Iterator[Hit]:
    """Known or suspected WMD use blocks any transfer (catch-all)."""
    if case.request.wmd_concern is True:
        yield Hit({"wmd_concern": True})


@rule(
    ReasonCode.CATCH_ALL,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 4(1)(b)",
    message="A military end use is declared and {destination} is under an arms embargo "
    "({embargo}). Even unlisted technology needs an authorisation: apply to BAFA.",
)
def military_catch_all(case: TransferCase) -> Iterator[Hit]:
    """Military end use in an arms-embargoed destination needs an authorisation (catch-all)."""
    bases = case.arms_embargo()
    if case.request.military_end_use is True and bases:
        yield Hit({"destination": case.destination, "embargo": "; ".join(bases)})


@rule(
    ReasonCode.CATCH_ALL,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 4 and Art. 9",
    message="A military end use is declared for {destination}. No binding arms embargo applies "
    "here ({note}), but national measures may: a person must check.",
)
def military_end_use_elsewhere(case: TransferCase) -> Iterator[Hit]:
    """Military end use where only a political (non-binding) embargo exists still needs a look."""
    if case.request.military_end_use is True and not case.arms_embargo():
        for item in case.ref.embargoes.not_art4:
            if item.country == case.destination:
                yield Hit({"destination": case.destination, "note": item.basis})


@rule(
    ReasonCode.NOT_CLASSIFIED,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 3 and Annex I",
    message="The technology has not been classified against Annex I, so nobody knows yet whether "
    "it needs a licence. Classify it before it is shared.",
)
def not_classified(case: TransferCase) -> Iterator[Hit]:
    """An unclassified technology is never cleared."""
    if not case.request.technology.classified:
        yield Hit({"control_codes": list(case.request.technology.control_codes)})


@rule(
    ReasonCode.UNKNOWN_CONTROL_CODE,
    Severity.REVIEW,
    legal_basis=f"{REG}, Annex I",
    message="Control code '{code}' {problem}. Check the classification; Clearway does not treat "
    "an unknown code as 'not listed'.",
)
def unknown_control_code(case: TransferCase) -> Iterator[Hit]:
    """A malformed code, or one not in the reference data, needs a person."""
    for code in case.unknown:
        problem = (
            "is not a valid Annex I code (expected e.g. 5A002 or 5A002.a.1)"
            if not code.valid
            else f"is valid but not in Clearway's Annex I data (version {case.ref.annex.version})"
        )
        yield Hit(
            {
                "code": code.raw,
                "valid_syntax": code.valid,
                "annex_version": case.ref.annex.version,
                "problem": problem,
            }
        )


@rule(
    ReasonCode.TECHNOLOGY_NOT_CONTROLLED,
    Severity.INFO,
    legal_basis=f"{REG}, Annex I, General Technology Note",
    message="The event asserts that the technology is {mark}. Under the General Technology Note, "
    "Annex I does not control it ({codes}); the exporter remains responsible for that claim.",
)
def decontrolled(case: TransferCase) -> Iterator[Hit]:
    """Public-domain or basic-research technology is not controlled, when the event says so."""
    if case.gtn and case.listed:
        yield Hit({"mark": case.gtn, "codes": _codes_text(case.listed)})


@rule(
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 11 and Annex IV",
    message="{code} ({title}) is in Annex IV: even a transfer to {destination}, inside the EU, "
    "needs an authorisation. Apply to BAFA.",
)
def annex_iv_intra_eu(case: TransferCase) -> Iterator[Hit]:
    """Annex IV items need a licence even inside the EU."""
    if case.inside_eu:
        for code, entry in case.controlled:
            if entry.annex_iv:
                yield Hit(
                    {
                        "code": code.raw,
                        "title": entry.title,
                        "destination": case.destination,
                        "confidence": entry.confidence,
                    }
                )


@rule(
    ReasonCode.INTRA_EU_TRANSFER,
    Severity.INFO,
    legal_basis=f"{REG}, Art. 11",
    message="{code} ({title}) goes to {destination}, inside the EU, and is not in Annex IV: no "
    "export authorisation is needed.",
)
def intra_eu_free(case: TransferCase) -> Iterator[Hit]:
    """Listed items outside Annex IV move freely inside the EU."""
    if case.inside_eu:
        for code, entry in case.controlled:
            if not entry.annex_iv:
                yield Hit({"code": code.raw, "title": entry.title, "destination": case.destination})


def eu001_covers(case: TransferCase, code: ParsedCode, entry: AnnexEntry) -> bool:
    auth = case.ref.authorisations.get("EU001")
    excluded = any(
        code.raw == x or code.raw.startswith(x + ".") or entry.code == x
        for x in auth.excluded_entries
    )
    return (
        auth.applied
        and case.destination in auth.destinations
        and not excluded
        and not (auth.excludes_annex_iv and entry.annex_iv)
        and case.request.wmd_concern is not True
        and case.request.military_end_use is not True
        and not case.regimes()
    )


@rule(
    ReasonCode.GENERAL_AUTHORISATION,
    Severity.INFO,
    legal_basis=f"{REG}, Annex II Section A (EU001)",
    message="{code} ({title}) to {destination} is covered by Union general export authorisation "
    "EU001. {conditions}",
)
def general_authorisation(case: TransferCase) -> Iterator[Hit]:
    """EU001 clears listed items to its destinations, with registration and reporting duties."""
    if case.inside_eu:
        return
    auth = case.ref.authorisations.get("EU001")
    for code, entry in case.controlled:
        if eu001_covers(case, code, entry):
            yield Hit(
                {
                    "code": code.raw,
                    "title": entry.title,
                    "destination": case.destination,
                    "authorisation": auth.id,
                    "conditions": auth.conditions,
                }
            )


@rule(
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 3 and Annex I",
    message="{code} ({title}) is a listed dual-use item; sharing it with {destination} is an "
    "export that needs an individual licence. Apply to BAFA before anything is shared.",
)
def licence_required(case: TransferCase) -> Iterator[Hit]:
    """A listed item leaving the EU without a general authorisation needs a licence."""
    if case.inside_eu:
        return
    for code, entry in case.controlled:
        if not eu001_covers(case, code, entry):
            yield Hit(
                {
                    "code": code.raw,
                    "title": entry.title,
                    "destination": case.destination,
                    "regime": entry.regime,
                }
            )


@rule(
    ReasonCode.END_USE_STATEMENT_MISSING,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 12(2)",
    message="No signed end-use statement is on file for listed technology going to {destination} "
    "({codes}). Obtain one from the end user.",
)
def end_use_statement_missing(case: TransferCase) -> Iterator[Hit]:
    """Listed technology leaving the EU needs a signed end-use statement."""
    if not case.inside_eu and case.controlled and not case.request.end_use_statement:
        yield Hit({"destination": case.destination, "codes": _codes_text(case.controlled)})


@rule(
    ReasonCode.NOT_LISTED,
    Severity.INFO,
    legal_basis=f"{REG}, Annex I",
    message="The technology is classified as not listed in Annex I: no dual-use licence is needed "
    "for {destination}.",
)
def not_listed(case: TransferCase) -> Iterator[Hit]:
    """Classified with no control codes: not listed."""
    if case.request.technology.classified and not case.request.technology.control_codes:
        yield Hit({"destination": case.destination})


#: the rule set, in the order reasons appear in a decision
RULES: tuple[Rule[TransferCase], ...] = (
    prohibited_destination,
    restricted_destination,
    wmd_catch_all,
    military_catch_all,
    military_end_use_elsewhere,
    not_classified,
    unknown_control_code,
    decontrolled,
    annex_iv_intra_eu,
    intra_eu_free,
    general_authorisation,
    licence_required,
    end_use_statement_missing,
    lists.lists_unavailable(Role.END_USER, "the transfer"),
    lists.name_not_screenable(Role.END_USER),
    lists.sanctions_match(Role.END_USER),
    lists.foreign_list_match(Role.END_USER),
    lists.possible_match(Role.END_USER),
    not_listed,
)


def decide(
    event: TechnologyTransferRequestedEvent,
    reference: ExportReference,
    snapshot: Snapshot,
    thresholds: Thresholds,
    *,
    jurisdictions: Jurisdictions | None = None,
) -> Verdict:
    """Judge one technology transfer. Without ``jurisdictions`` every list binds."""
    juris = jurisdictions or Jurisdictions.strict()
    request = event.data
    codes = tuple(
        (c, lookup(reference.annex, c))
        for c in (parse_code(raw) for raw in request.technology.control_codes)
    )
    screened = screen(
        [party_query("end_user", Role.END_USER, request.end_user)], snapshot, thresholds
    )
    case = TransferCase(request, reference, codes, snapshot, thresholds, screened, juris)
    reasons: tuple[Reason, ...] = evaluate(RULES, case)
    return Verdict(
        reasons=reasons,
        rules_version=f"export_control/{reference.version}+{thresholds.version}"
        f"+{juris.config_version}",
        licence_required=any(
            r.code in LICENCE_CODES and r.severity is not Severity.INFO for r in reasons
        ),
        lists_version=snapshot.versions,
    )
