"""May this technology be shared with this partner abroad? A pure function of the event,
the export-control reference data in force on its evaluation date, the list snapshot (for
the end user), the thresholds and the list jurisdictions.

The case is derived once: every control code judged on its own (which Annex I version
lists it, whether Annex IV covers it, which research note can free it, whether EU001 can
cover it), and the prohibitions that reach the destination or the end user's country on
that date. Where the law prohibits, the decision says so and advises no licence, since
none can be granted. When a rule is uncertain the service says needs_review with the
reason, never cleared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from schemas.decision import Reason, ReasonCode, Severity
from schemas.events import TechnologyTransferRequested, TechnologyTransferRequestedEvent
from services.common.reference_data import STALE, DataSet, versions
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.export_control.codes import ParsedCode, parse_code
from services.export_control.reference import (
    EU27,
    AnnexEntry,
    AnnexIVHit,
    AnnexVersion,
    ExportReference,
    NationalSection,
    Prohibition,
)
from services.sanctions import rules as lists
from services.sanctions.jurisdictions import Jurisdictions
from services.sanctions.party import RECENT, Role, Screened, Thresholds, party_query
from services.sanctions.regimes import Regime
from services.sanctions.snapshot import Snapshot

REG = "Regulation (EU) 2021/821"
#: reasons after which a licence is, or may be, needed
LICENCE_CODES = {
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    ReasonCode.CATCH_ALL,
    ReasonCode.NOT_CLASSIFIED,
    ReasonCode.UNKNOWN_CONTROL_CODE,
    ReasonCode.NATIONAL_LICENCE_REQUIRED,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One control code of the event, judged on its own."""

    code: ParsedCode
    #: a position of the German export list, where the code is one
    national: NationalSection | None
    #: the Annex I entry in force on the evaluation date (None: not in the data)
    entry: AnnexEntry | None
    #: whether Annex IV covers it (certainly, or possibly)
    annex_iv: AnnexIVHit | None
    #: the note that frees it, as asserted by the event ("General Technology Note: ...")
    decontrol: str | None
    #: research or public-domain flags asserted for an item no note can free (goods)
    not_freed: str | None
    #: Annex II Section I: ("excluded" | "possible", the excluded item)
    section_i: tuple[str, str] | None

    @property
    def listed(self) -> bool:
        return self.entry is not None

    @property
    def controlled(self) -> bool:
        """Listed and not freed by a note: a licence or a general authorisation is needed."""
        return self.listed and self.decontrol is None

    @property
    def text(self) -> str:
        title = self.entry.title if self.entry else "not in Clearway's Annex I data"
        return f"{self.code.raw} ({title})"


@dataclass(frozen=True, slots=True)
class Barred:
    """A prohibition reaching the transfer: whose country it is, and the prohibition."""

    whose: str  # "destination" or "end user"
    prohibition: Prohibition


@dataclass(frozen=True, slots=True)
class TransferCase:
    request: TechnologyTransferRequested
    on: date
    ref: ExportReference
    annex: AnnexVersion | None
    items: tuple[Item, ...]
    unknown: tuple[ParsedCode, ...]
    barred: tuple[Barred, ...]
    #: (country, prohibitions) of an end user who is a national of a country under
    #: prohibitions but is not there
    nationals: tuple[tuple[str, tuple[Prohibition, ...]], ...]
    #: the country the end user is in, where the event makes that plain
    end_user_located: str | None
    snapshot: Snapshot
    thresholds: Thresholds
    #: the end user as screened against the lists (no matches when no list is loaded)
    screened: tuple[Screened, ...]
    #: whose law each list is: a match only on lists that do not bind the exporter is amber
    jurisdictions: Jurisdictions
    #: transfers are not reviewed per list entry, so matches carry no subject fingerprint
    fingerprint: str = ""

    @property
    def data_sets(self) -> tuple[DataSet, ...]:
        return (*self.ref.data_sets, self.jurisdictions)

    @property
    def destination(self) -> str:
        return self.request.destination_country

    @property
    def inside_eu(self) -> bool:
        return self.destination in EU27

    @property
    def controlled(self) -> list[Item]:
        return [i for i in self.items if i.controlled]

    @property
    def at_risk(self) -> bool:
        """Something that a prohibition of listed items may reach: a controlled item, an
        unknown code or an unclassified technology."""
        return bool(self.controlled or self.unknown or not self.request.technology.classified)

    def blocked(self, item: Item) -> bool:
        """A prohibition that blocks reaches this item: no licence can be granted for it."""
        return any(b.prohibition.severity == "block" for b in self.barred) and (
            item.controlled or any(b.prohibition.scope == "all_technology" for b in self.barred)
        )

    def regimes(self) -> list[tuple[str, Regime]]:
        """(whose, regime) for the destination and the end user's country."""
        found = [("destination", r) for r in self.ref.regimes.for_country(self.destination)]
        country = self.end_user_located
        if country and country != self.destination:
            found += [("end user", r) for r in self.ref.regimes.for_country(country)]
        return found

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


def _decontrol(
    code: ParsedCode, request: TechnologyTransferRequested
) -> tuple[str | None, str | None]:
    """(the note that frees the item, or why the asserted flags cannot free it)."""
    public, research = request.public_domain is True, request.basic_research is True
    if not (public or research):
        return None, None
    claims = " and ".join(
        m
        for m, v in (("in the public domain", public), ("basic scientific research", research))
        if v
    )
    kind = code.item_type
    if kind == "technology":
        note = "Nuclear Technology Note" if code.category == "0" else "General Technology Note"
        return f"{note}: {claims}", None
    if kind == "software" and public:
        return "General Software Note: in the public domain", None
    if kind == "software":
        return None, (
            "basic scientific research frees technology only; software is freed by the General "
            "Software Note only when it is in the public domain or generally available"
        )
    return None, (
        f"the event asserts {claims}, but no note frees goods: the General Technology Note "
        "frees technology and the General Software Note software, never the systems, "
        "equipment or materials of A, B and C entries"
    )


def _items(
    request: TechnologyTransferRequested, ref: ExportReference, annex: AnnexVersion | None
) -> tuple[tuple[Item, ...], tuple[ParsedCode, ...]]:
    items: list[Item] = []
    unknown: list[ParsedCode] = []
    for raw in request.technology.control_codes:
        national = ref.national.section(raw)
        code = parse_code(raw)
        if national is not None and not (code.valid and annex and annex.lookup(code)):
            items.append(Item(parse_code(raw), national, None, None, None, None, None))
            continue
        entry = annex.lookup(code) if annex is not None else None
        if entry is None:
            unknown.append(code)
            continue
        decontrol, not_freed = _decontrol(code, request)
        items.append(
            Item(
                code,
                None,
                entry,
                ref.annex_iv.hit(code),
                decontrol,
                not_freed,
                ref.authorisations.excluded(code),
            )
        )
    return tuple(items), tuple(unknown)


def _where(request: TechnologyTransferRequested) -> tuple[str | None, str | None]:
    """(the country the end user is in, where that is plain; the country the end user is a
    national of, or may be). An end-user country that differs from a destination inside the
    EU is read as a nationality: a transfer inside the EU is not an export to that country."""
    end_user = request.end_user
    inside = request.destination_country in EU27
    located = end_user.country if not inside else None
    national = end_user.nationality
    if inside and end_user.country and end_user.country != request.destination_country:
        national = national or end_user.country
    return located, national


def build_case(
    event: TechnologyTransferRequestedEvent,
    ref: ExportReference,
    snapshot: Snapshot,
    thresholds: Thresholds,
    jurisdictions: Jurisdictions,
) -> TransferCase:
    request, on = event.data, event.evaluated_at().date()
    annex = ref.annex.on(on)
    items, unknown = _items(request, ref, annex)
    located, national = _where(request)
    barred = [
        Barred("destination", p) for p in ref.prohibitions.on(request.destination_country, on)
    ]
    if located and located != request.destination_country:
        barred += [Barred("end user", p) for p in ref.prohibitions.on(located, on)]
    nationals: list[tuple[str, tuple[Prohibition, ...]]] = []
    if national and national not in (request.destination_country, located):
        found = tuple(ref.prohibitions.on(national, on))
        if found:
            nationals.append((national, found))
    screened = RECENT.screen(
        request.end_user.model_dump_json(),
        lambda: [party_query("end_user", Role.END_USER, request.end_user)],
        snapshot,
        thresholds,
    )
    return TransferCase(
        request,
        on,
        ref,
        annex,
        items,
        unknown,
        tuple(barred),
        tuple(nationals),
        located,
        snapshot,
        thresholds,
        screened,
        jurisdictions,
    )


def _codes_text(items: list[Item]) -> list[str]:
    return [i.text for i in items]


@rule(
    ReasonCode.REFERENCE_STALE,
    Severity.REVIEW,
    legal_basis=f"{REG}, Annex I",
    message="Clearway's data has no Annex I version in force on {on} (the earliest starts on "
    "{earliest}), so the control codes cannot be judged for that date.",
)
def annex_not_in_force(case: TransferCase) -> Iterator[Hit]:
    """Without the Annex I in force on the evaluation date, nothing is judged as listed or not."""
    if case.annex is None and case.request.technology.control_codes:
        earliest = min(v.valid_from for v in case.ref.annex.versions)
        yield Hit({"on": case.on.isoformat(), "earliest": earliest.isoformat()})


def _exceptions(p: Prohibition) -> str:
    if not p.exceptions:
        return " There are no exceptions for it."
    return (
        " Only these exceptions exist, each needing an authorisation and never assumed: "
        + "; ".join(p.exceptions)
        + "."
    )


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.BLOCK,
    legal_basis="EU restrictive measures",
    message="The {whose} ({country}) is under a prohibition: {text} ({legal_basis}). {detail}",
)
def prohibited(case: TransferCase) -> Iterator[Hit]:
    """A prohibition of the destination's or the end user's country reaches the transfer:
    no licence can be granted, only the exceptions the law names."""
    for b in case.barred:
        p = b.prohibition
        reaches = p.scope == "all_technology" or case.at_risk
        if reaches and p.severity == "block":
            severity = Severity.BLOCK
            detail = (
                "The transfer must not happen: no licence can be granted for it."
                + _exceptions(p)
                + (f" See also: {'; '.join(p.also)}." if p.also else "")
            )
        elif reaches:
            severity = Severity.REVIEW
            detail = "An authorisation is needed before anything is shared."
        else:
            severity = Severity.REVIEW
            detail = (
                "The technology is not listed or is freed by a note, so this prohibition does "
                "not reach it, but the regime restricts technical assistance and further items: "
                "a person must check before anything is shared."
            )
        yield Hit(
            {
                "whose": b.whose,
                "country": p.country,
                "prohibition": p.id,
                "text": p.text,
                "legal_basis": p.legal_basis,
                "exceptions": list(p.exceptions),
                "valid_from": p.valid_from.isoformat(),
                "verified": p.verified,
                "checked": p.checked,
                "detail": detail,
            },
            severity=severity,
            legal_basis=p.legal_basis,
        )


@rule(
    ReasonCode.EMBARGOED_COUNTRY,
    Severity.REVIEW,
    legal_basis="EU restrictive measures",
    message="The {whose} ({country}) is under {title} ({legal_acts}){embargo}. Check the transfer "
    "against the regime's prohibitions before anything is shared.",
)
def restricted_destination(case: TransferCase) -> Iterator[Hit]:
    """A destination or end user under an arms embargo or partial dual-use restrictions that
    no dated prohibition already covers."""
    barred = {b.prohibition.country for b in case.barred}
    for whose, regime in case.regimes():
        if regime.country in barred:
            continue
        if regime.arms_embargo or regime.dual_use_export_ban in (True, "partial"):
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
    ReasonCode.SANCTIONED_NATIONAL,
    Severity.REVIEW,
    legal_basis="AWV §§ 49 to 52 (technical assistance); the prohibitions named",
    message="The end user is a national of {country} but is not there: a transfer to them in "
    "{destination} is not an export to {country}, whose prohibitions ({legal_basis}) reach "
    "persons in {country} or use there. Check the technical-assistance rules of AWV §§ 49 to "
    "52, and whether the technology will be used in {country}, before anything is shared.",
)
def sanctioned_national(case: TransferCase) -> Iterator[Hit]:
    """A national of a country under prohibitions, elsewhere: amber, not the export ban."""
    for country, prohibitions in case.nationals:
        yield Hit(
            {
                "country": country,
                "destination": case.destination,
                "legal_basis": "; ".join(p.legal_basis for p in prohibitions),
            }
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
    ReasonCode.CATCH_ALL,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 5(1) and (2)",
    message="The item is a cyber-surveillance item and the exporter has been informed, or is "
    "aware, that it is or may be intended for internal repression or serious violations of "
    "human rights and international humanitarian law: whether listed or not, it needs an "
    "authorisation (Art. 5(1)), or BAFA must be notified and decides (Art. 5(2)).",
)
def cyber_surveillance_catch_all(case: TransferCase) -> Iterator[Hit]:
    """Both conditions of Art. 5: a cyber-surveillance item, and the human-rights concern."""
    if case.request.cyber_surveillance is True and case.request.human_rights_concern is True:
        yield Hit({"cyber_surveillance": True, "human_rights_concern": True})


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
        version = case.annex.version if case.annex else "none in force"
        problem = (
            "is not a valid Annex I code (expected e.g. 5A002 or 5A002.a.1) nor a position of "
            "the German export list"
            if not code.valid
            else f"is valid but not in Clearway's Annex I data (version {version})"
        )
        yield Hit(
            {
                "code": code.raw,
                "valid_syntax": code.valid,
                "annex_version": version,
                "problem": problem,
            }
        )


@rule(
    ReasonCode.NATIONAL_LICENCE_REQUIRED,
    Severity.REVIEW,
    legal_basis="Außenwirtschaftsverordnung (AWV)",
    message="{code} is a position of the {section}: {need} ({basis}). Apply to BAFA before "
    "anything is shared.{note}",
)
def national_licence_required(case: TransferCase) -> Iterator[Hit]:
    """German export list positions need a licence under the AWV (never 'unknown')."""
    for item in case.items:
        section = item.national
        if section is None:
            continue
        if not case.inside_eu:
            need, basis = "its export needs a licence", section.export_basis
        elif section.inside_eu == "licence":
            need, basis = "its transfer inside the EU needs a licence", section.inside_eu_basis
        else:
            need, basis = (
                "its transfer inside the EU needs a licence where the final destination is "
                "outside the EU",
                section.inside_eu_basis,
            )
        note = "" if section.verified else " Confirm the position in the current Ausfuhrliste."
        yield Hit(
            {
                "code": item.code.raw,
                "section": section.name,
                "need": need,
                "basis": basis,
                "note": note,
                "verified": section.verified,
            },
            legal_basis=basis,
        )


@rule(
    ReasonCode.TECHNOLOGY_NOT_CONTROLLED,
    Severity.INFO,
    legal_basis=f"{REG}, Annex I, General Technology Note and General Software Note",
    message="{code} is freed by the {note}, as the event asserts; the exporter remains "
    "responsible for that claim.",
)
def decontrolled(case: TransferCase) -> Iterator[Hit]:
    """Public-domain or basic-research technology, and public-domain software, are not
    controlled, when the event says so (goods never are freed)."""
    for item in case.items:
        if item.decontrol is not None:
            yield Hit({"code": item.text, "note": item.decontrol})


def _annex_iv_evidence(case: TransferCase, item: Item) -> dict[str, object]:
    hit = item.annex_iv
    assert hit is not None
    mtcr = "; ".join(case.ref.annex_iv.mtcr_exemptions)
    exemptions = (
        f" The MTCR exemptions of Annex IV may apply: {mtcr}."
        if hit.code[:1] in ("7", "9") and hit.part == 1
        else ""
    )
    certainty = (
        "is in Annex IV"
        if hit.certainty == "certain"
        else f"may be in Annex IV ({hit.why}); unless it is shown not to be, it"
    )
    return {
        "code": item.code.raw,
        "title": item.entry.title if item.entry else item.code.raw,
        "annex_iv_entry": hit.code,
        "annex_iv_part": hit.part,
        "certainty": hit.certainty,
        "why": hit.why,
        "certainty_text": certainty,
        "destination": case.destination,
        "exemptions": exemptions,
        "annex_iv_version": case.ref.annex_iv.version,
    }


@rule(
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 11(1) and Annex IV",
    message="{code} ({title}) {certainty_text} needs an authorisation even for a transfer to "
    "{destination}, inside the EU. Apply to BAFA.{exemptions}",
)
def annex_iv_intra_eu(case: TransferCase) -> Iterator[Hit]:
    """Annex IV items need a licence even inside the EU, certain or possible alike."""
    if case.inside_eu:
        for item in case.controlled:
            if item.annex_iv is not None and not case.blocked(item):
                yield Hit(_annex_iv_evidence(case, item))


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
        for item in case.controlled:
            if item.annex_iv is None and not case.blocked(item):
                assert item.entry is not None
                yield Hit(
                    {
                        "code": item.code.raw,
                        "title": item.entry.title,
                        "destination": case.destination,
                    }
                )


def eu001_covers(case: TransferCase, item: Item) -> bool:
    """EU001 covers the item: destination listed, not an Annex IV item nor one Section I
    excludes (or might, for a heading above an excluded sub-item), no catch-all, no
    restriction of the destination or the end user."""
    auth = case.ref.authorisations.get("EU001")
    return (
        auth.applied
        and case.destination in auth.destinations
        and item.annex_iv is None
        and item.section_i is None
        and case.request.wmd_concern is not True
        and case.request.military_end_use is not True
        and not (case.request.cyber_surveillance and case.request.human_rights_concern)
        and not case.regimes()
        and not case.barred
    )


@rule(
    ReasonCode.GENERAL_AUTHORISATION,
    Severity.INFO,
    legal_basis=f"{REG}, Annex II Section A (EU001)",
    message="{code} ({title}) to {destination} is covered by Union general export authorisation "
    "EU001; it needs no end-use statement. {conditions}",
)
def general_authorisation(case: TransferCase) -> Iterator[Hit]:
    """EU001 clears listed items to its destinations, with registration and reporting duties."""
    if case.inside_eu:
        return
    auth = case.ref.authorisations.get("EU001")
    for item in case.controlled:
        if eu001_covers(case, item):
            assert item.entry is not None
            yield Hit(
                {
                    "code": item.code.raw,
                    "title": item.entry.title,
                    "destination": case.destination,
                    "authorisation": auth.id,
                    "conditions": auth.conditions,
                }
            )


def _why_not_eu001(case: TransferCase, item: Item) -> str:
    auth = case.ref.authorisations.get("EU001")
    if case.destination not in auth.destinations:
        return f"{case.destination} is not an EU001 destination"
    if item.annex_iv is not None:
        return "Annex IV items are excluded from EU001 (Annex II Section I)"
    if item.section_i is not None:
        kind, excluded = item.section_i
        return (
            f"EU001 excludes {excluded} (Annex II Section I)"
            if kind == "excluded"
            else f"EU001 excludes {excluded} (Annex II Section I), which this heading may be"
        )
    return "a catch-all or a restriction of the destination or end user rules EU001 out"


@rule(
    ReasonCode.DUAL_USE_LICENCE_REQUIRED,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 3 and Annex I",
    message="{code} ({title}) is a listed dual-use item; sharing it with {destination} is an "
    "export that needs an individual licence ({why}). Apply to BAFA before anything is "
    "shared.{note}",
)
def licence_required(case: TransferCase) -> Iterator[Hit]:
    """A listed item leaving the EU without a general authorisation needs a licence (unless
    the law prohibits it outright: then no licence is advised)."""
    if case.inside_eu:
        return
    for item in case.controlled:
        if eu001_covers(case, item) or case.blocked(item):
            continue
        assert item.entry is not None
        note = f" Note: {item.not_freed}." if item.not_freed else ""
        yield Hit(
            {
                "code": item.code.raw,
                "title": item.entry.title,
                "destination": case.destination,
                "regime": item.entry.regime,
                "why": _why_not_eu001(case, item),
                "note": note,
                "annex_i_version": case.annex.version if case.annex else None,
            }
        )


@rule(
    ReasonCode.END_USE_STATEMENT_MISSING,
    Severity.REVIEW,
    legal_basis=f"{REG}, Art. 12(4)",
    message="No signed end-use statement is on file for technology going to {destination} under "
    "an individual licence ({codes}). An individual licence is subject to one: obtain it from "
    "the end user.",
)
def end_use_statement_missing(case: TransferCase) -> Iterator[Hit]:
    """An individual licence needs an end-use statement; EU001 and prohibited items do not."""
    if case.inside_eu or case.request.end_use_statement:
        return
    needing = [i for i in case.controlled if not eu001_covers(case, i) and not case.blocked(i)]
    if needing:
        yield Hit({"destination": case.destination, "codes": _codes_text(needing)})


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
    annex_not_in_force,
    prohibited,
    restricted_destination,
    sanctioned_national,
    wmd_catch_all,
    military_catch_all,
    military_end_use_elsewhere,
    cyber_surveillance_catch_all,
    not_classified,
    unknown_control_code,
    national_licence_required,
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
    *STALE,
)


def rules_version(
    reference: ExportReference, thresholds: Thresholds, jurisdictions: Jurisdictions
) -> str:
    return f"export_control/{reference.version}+{thresholds.version}+{jurisdictions.config_version}"


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
    case = build_case(event, reference, snapshot, thresholds, juris)
    reasons: tuple[Reason, ...] = evaluate(RULES, case)
    prohibited_by_law = any(
        r.code is ReasonCode.EMBARGOED_COUNTRY and r.severity is Severity.BLOCK for r in reasons
    )
    return Verdict(
        reasons=reasons,
        rules_version=rules_version(reference, thresholds, juris),
        licence_required=prohibited_by_law
        or any(r.code in LICENCE_CODES and r.severity is not Severity.INFO for r in reasons),
        lists_version=snapshot.versions,
        reference_versions=versions(case.data_sets),
    )
