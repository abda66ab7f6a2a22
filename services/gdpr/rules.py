"""Does this transfer of personal data have a legal basis under GDPR Chapter V?
A pure function of the event and the reference data, on the event's evaluation date."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schemas.decision import ReasonCode, Severity
from schemas.events import DataTransferRequested, DataTransferRequestedEvent
from services.common.reference_data import STALE, versions
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.gdpr.reference import Adequacy, GdprReference


class AdequacyStatus(StrEnum):
    NOT_NEEDED = "not_needed"  # importer inside the EEA (and not an international organisation)
    NONE = "none"  # no adequacy decision for the importer's country or organisation
    NOT_YET = "not_yet"  # a decision exists, but applies only from a later date
    COVERED = "covered"
    EXPIRED = "expired"  # the decision's validity in the reference data has passed
    SCOPE_UNCONFIRMED = "scope_unconfirmed"  # partial decision, importer's scope unknown
    OUT_OF_SCOPE = "out_of_scope"  # the importer says it is outside the decision's scope
    SECTOR_EXCLUDED = "sector_excluded"  # the importer's sector is outside the decision


@dataclass(frozen=True, slots=True)
class TransferCase:
    request: DataTransferRequested
    on: date
    ref: GdprReference
    #: the decision valid on ``on``, else the latest for the importer whatever its dates
    adequacy: Adequacy | None
    status: AdequacyStatus
    #: Art. 9 / Art. 10 category -> the declared categories that reveal it
    special: dict[str, list[str]]

    @property
    def data_sets(self) -> tuple[GdprReference, ...]:
        return (self.ref,)

    @property
    def relies_on_mechanism(self) -> bool:
        """A third-country transfer that adequacy does not (certainly) cover."""
        return self.status not in (AdequacyStatus.NOT_NEEDED, AdequacyStatus.COVERED)

    @property
    def mechanism(self) -> str:
        return self.request.mechanism

    @property
    def destination(self) -> str:
        importer = self.request.importer
        if importer.international_organisation:
            return f"the international organisation {importer.international_organisation}"
        return importer.country

    def place(self) -> dict[str, object]:
        importer = self.request.importer
        return {
            "importer_country": importer.country,
            "destination": self.destination,
            "importer_role": importer.role,
            "importer_sector": importer.sector,
            "exporter_role": self.request.exporter.role,
            "mechanism": self.mechanism,
        }


def _status(
    request: DataTransferRequested,
    valid: Adequacy | None,
    latest: Adequacy | None,
    ref: GdprReference,
    on: date,
) -> AdequacyStatus:
    importer = request.importer
    if importer.international_organisation is None and importer.country in ref.eea.countries:
        return AdequacyStatus.NOT_NEEDED
    if valid is None:
        if latest is None:
            return AdequacyStatus.NONE
        if latest.valid_from is not None and on < latest.valid_from:
            return AdequacyStatus.NOT_YET
        return AdequacyStatus.EXPIRED
    in_scope = getattr(importer, valid.condition) if valid.condition else None
    if importer.sector is not None and (
        importer.sector in valid.excluded_sectors
        or (importer.sector in valid.presumed_outside and in_scope is not True)
    ):
        return AdequacyStatus.SECTOR_EXCLUDED
    if valid.condition is None:
        return AdequacyStatus.COVERED
    if in_scope is False:
        return AdequacyStatus.OUT_OF_SCOPE
    if in_scope is None and valid.scope == "partial":
        return AdequacyStatus.SCOPE_UNCONFIRMED
    return AdequacyStatus.COVERED


def build_case(event: DataTransferRequestedEvent, ref: GdprReference) -> TransferCase:
    request, on = event.data, event.evaluated_at().date()
    importer = request.importer
    valid, latest = ref.adequacy_for(importer.country, importer.international_organisation, on)
    return TransferCase(
        request,
        on,
        ref,
        valid or latest,
        _status(request, valid, latest, ref, on),
        ref.special_categories.found(request.data_categories),
    )


_CH5 = "Art. 44 GDPR"


@rule(
    ReasonCode.EXPORTER_OUTSIDE_EEA,
    Severity.REVIEW,
    legal_basis="Art. 3 GDPR (territorial scope); EDPB Guidelines 05/2021 on the interplay of "
    "Art. 3 and Chapter V",
    message="The exporter is established in {exporter_country}, outside the EEA. Check whether "
    "the GDPR applies to this processing (Art. 3(2)) before relying on this assessment.",
)
def exporter_outside_eea(case: TransferCase) -> Iterator[Hit]:
    """An exporter outside the EEA may not be subject to the GDPR at all: look first."""
    if case.request.exporter.country not in case.ref.eea.countries:
        yield Hit({"exporter_country": case.request.exporter.country})


@rule(
    ReasonCode.INTRA_EEA,
    Severity.INFO,
    legal_basis=_CH5,
    message="The importer is in {importer_country}, inside the EEA: this is not a transfer to "
    "a third country, and Chapter V does not apply.",
)
def intra_eea(case: TransferCase) -> Iterator[Hit]:
    """An importer inside the EEA is not a third-country transfer."""
    if case.status is AdequacyStatus.NOT_NEEDED:
        yield Hit(case.place(), legal_basis=case.ref.eea.legal_basis)


def _adequacy(case: TransferCase) -> dict[str, object]:
    a = case.adequacy
    assert a is not None
    return {
        **case.place(),
        "country_name": a.name,
        "decision": a.decision,
        "scope": a.scope_note or "full scope",
        "condition": a.condition,
        "valid_from": a.valid_from,
        "valid_until": a.valid_until,
        "window": a.window,
        "verified": a.verified,
        "checked": a.checked,
    }


@rule(
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.INFO,
    legal_basis="Art. 45 GDPR",
    message="{country_name} has an adequacy decision ({decision}) that covers this importer "
    "({scope}): the transfer needs no further safeguard.",
)
def adequacy_covers(case: TransferCase) -> Iterator[Hit]:
    """An adequacy decision whose scope holds covers the transfer, whatever else is declared."""
    if case.status is AdequacyStatus.COVERED and case.adequacy and case.adequacy.verified:
        yield Hit(_adequacy(case), legal_basis=f"Art. 45 GDPR; {_adequacy(case)['decision']}")


@rule(
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.REVIEW,
    legal_basis="Art. 45 GDPR",
    message="{country_name} has an adequacy decision ({decision}) that would cover this "
    "importer, but Clearway's record of it is not verified against the legal text "
    "({checked}). Confirm the decision in force before relying on it.",
)
def adequacy_unverified(case: TransferCase) -> Iterator[Hit]:
    """An adequacy decision Clearway could not confirm from its legal text is never a
    silent green."""
    if case.status is AdequacyStatus.COVERED and case.adequacy and not case.adequacy.verified:
        yield Hit(_adequacy(case), legal_basis=f"Art. 45 GDPR; {_adequacy(case)['decision']}")


@rule(
    ReasonCode.REFERENCE_EXPIRED,
    Severity.REVIEW,
    legal_basis="Art. 45 GDPR",
    message="The adequacy decision for {country_name} ({decision}) is valid until {valid_until} "
    "in Clearway's reference data, before the evaluation date {evaluated_on}. It may have "
    "been renewed: confirm the decision in force, and update the reference data, before "
    "relying on it.",
)
def adequacy_expired(case: TransferCase) -> Iterator[Hit]:
    """Adequacy whose validity has passed in the reference data is never a silent clear."""
    if case.status is AdequacyStatus.EXPIRED and case.mechanism in ("adequacy", "none"):
        yield Hit({**_adequacy(case), "evaluated_on": case.on})


@rule(
    ReasonCode.ADEQUACY_SCOPE_UNCONFIRMED,
    Severity.REVIEW,
    legal_basis="Art. 45 GDPR",
    message="The adequacy decision for {country_name} ({decision}) covers only {scope}. The event "
    "does not say whether the importer is within that scope ({condition} not given): "
    "confirm it, or put standard contractual clauses in place.",
)
def adequacy_scope_unconfirmed(case: TransferCase) -> Iterator[Hit]:
    """A partial adequacy decision with the importer's scope unknown needs confirming."""
    if case.status is AdequacyStatus.SCOPE_UNCONFIRMED and case.mechanism in ("adequacy", "none"):
        yield Hit(_adequacy(case))


@rule(
    ReasonCode.ADEQUACY_SECTOR_EXCLUDED,
    Severity.REVIEW,
    legal_basis="Art. 45 GDPR",
    message="The adequacy decision for {country_name} ({decision}) does not cover, or may "
    "not cover, a {importer_sector} importer: {why}. Put standard contractual clauses (Art. "
    "46(2)(c), Decision 2021/914) in place with a transfer impact assessment instead, or "
    "confirm the importer is covered.",
)
def adequacy_sector_excluded(case: TransferCase) -> Iterator[Hit]:
    """An adequacy decision whose scope leaves out the importer's sector (a US university
    claiming the Data Privacy Framework) is not relied on: amber, with what to use."""
    if case.status is AdequacyStatus.SECTOR_EXCLUDED and case.mechanism in ("adequacy", "none"):
        a = case.adequacy
        assert a is not None
        sector = case.request.importer.sector or ""
        why = a.excluded_sectors.get(sector) or a.presumed_outside[sector]
        yield Hit({**_adequacy(case), "why": why})


@rule(
    ReasonCode.NO_TRANSFER_MECHANISM,
    Severity.BLOCK,
    legal_basis="Art. 44 to 49 GDPR",
    message="No transfer mechanism covers this transfer to {destination}: {why}. Without an "
    "adequacy decision, appropriate safeguards (Art. 46) or a derogation (Art. 49), the "
    "personal data may not be transferred.",
)
def no_transfer_mechanism(case: TransferCase) -> Iterator[Hit]:
    """A third-country transfer with neither adequacy nor a declared safeguard is not allowed;
    binding corporate rules do not reach an importer outside the group."""
    if (
        case.mechanism == "bcr"
        and case.relies_on_mechanism
        and case.request.importer.same_group is False
    ):
        yield Hit(
            {
                **case.place(),
                "why": "binding corporate rules bind only the members of the group, and the "
                "importer is not in the exporter's group",
            },
            legal_basis=case.ref.bcr.group_basis,
        )
    if case.mechanism not in ("adequacy", "none"):
        return
    if case.status is AdequacyStatus.NONE:
        yield Hit({**case.place(), "why": f"there is no adequacy decision for {case.destination}"})
    elif case.status is AdequacyStatus.NOT_YET:
        a = case.adequacy
        assert a is not None
        yield Hit(
            {
                **_adequacy(case),
                "why": f"the adequacy decision for {a.name} ({a.decision}) applies only from "
                f"{a.valid_from}, after the evaluation date {case.on}",
            }
        )
    elif case.status is AdequacyStatus.OUT_OF_SCOPE:
        info = _adequacy(case)
        yield Hit(
            {
                **info,
                "why": f"the importer is outside the scope of {info['decision']} ({info['scope']})",
            }
        )


def _module_fit(case: TransferCase) -> tuple[int, str]:
    expected = case.ref.module_for(case.request.exporter.role, case.request.importer.role)
    return expected, case.ref.scc.modules[expected].name


@rule(
    ReasonCode.SCC_MODULE_MISMATCH,
    Severity.REVIEW,
    legal_basis="Commission Implementing Decision (EU) 2021/914, Annex (module selection)",
    message="The standard contractual clauses declared use {declared}, but a {exporter_role} "
    "transferring to a {importer_role} needs {expected_name}. Put the right module in place.",
)
def scc_module_mismatch(case: TransferCase) -> Iterator[Hit]:
    """SCCs must use the module that fits the exporter's and importer's roles."""
    if case.mechanism != "scc" or not case.relies_on_mechanism:
        return
    expected, name = _module_fit(case)
    declared = case.request.scc_module
    if declared != expected:
        yield Hit(
            {
                **case.place(),
                "declared": f"module {declared}" if declared else "no module",
                "declared_module": declared,
                "expected_module": expected,
                "expected_name": name,
            },
            legal_basis=case.ref.scc.legal_basis,
        )


@rule(
    ReasonCode.TIA_MISSING,
    Severity.REVIEW,
    legal_basis="Clause 14 SCCs (Decision 2021/914)",
    message="No transfer impact assessment is on file for this transfer to {destination} "
    "under {mechanism_name}. Assess the importer country's law and practice, and any "
    "supplementary measures, before the transfer.",
)
def tia_missing(case: TransferCase) -> Iterator[Hit]:
    """Every Art. 46 tool, SCCs and BCRs alike, needs a transfer impact assessment on file
    (EDPB Recommendations 01/2020): unknown is not done."""
    if not case.relies_on_mechanism:
        return
    if case.mechanism in ("scc", "bcr") and case.request.tia_completed is not True:
        scc = case.mechanism == "scc"
        yield Hit(
            {
                **case.place(),
                "mechanism_name": "standard contractual clauses"
                if scc
                else "binding corporate rules",
                "tia_completed": case.request.tia_completed,
            },
            legal_basis=case.ref.scc.tia_basis if scc else case.ref.bcr.tia_basis,
        )


@rule(
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.INFO,
    legal_basis="Art. 46(2)(c) GDPR",
    message="Standard contractual clauses ({expected_name}) and a transfer impact assessment are "
    "in place for this transfer to {destination}.",
)
def scc_in_place(case: TransferCase) -> Iterator[Hit]:
    """Fitting SCCs with a transfer impact assessment on file cover the transfer."""
    if case.mechanism != "scc" or not case.relies_on_mechanism:
        return
    expected, name = _module_fit(case)
    if case.request.scc_module == expected and case.request.tia_completed is True:
        yield Hit(
            {**case.place(), "expected_name": name, "scc_module": expected},
            legal_basis=case.ref.scc.legal_basis,
        )


@rule(
    ReasonCode.BCR_GROUP_UNCONFIRMED,
    Severity.REVIEW,
    legal_basis="Art. 47(1)(a) GDPR",
    message="Binding corporate rules are declared for this transfer to {destination}, but the "
    "event does not say that the importer belongs to the exporter's group (importer."
    "same_group): BCRs cover only transfers inside the group. Confirm it, or put standard "
    "contractual clauses in place.",
)
def bcr_group_unconfirmed(case: TransferCase) -> Iterator[Hit]:
    """BCRs relied on for an importer whose membership of the group is unknown."""
    if (
        case.mechanism == "bcr"
        and case.relies_on_mechanism
        and case.request.importer.same_group is None
    ):
        yield Hit(case.place(), legal_basis=case.ref.bcr.group_basis)


@rule(
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.INFO,
    legal_basis="Art. 47 GDPR",
    message="Binding corporate rules cover this transfer to {destination}: the importer is a "
    "member of the exporter's group, and a transfer impact assessment is on file.",
)
def bcr_in_place(case: TransferCase) -> Iterator[Hit]:
    """BCRs cover a transfer inside the group with a transfer impact assessment on file."""
    request = case.request
    if (
        case.mechanism == "bcr"
        and case.relies_on_mechanism
        and request.importer.same_group is True
        and request.tia_completed is True
    ):
        yield Hit(case.place(), legal_basis=case.ref.bcr.legal_basis)


@rule(
    ReasonCode.DEROGATION_ONLY,
    Severity.REVIEW,
    legal_basis="Art. 49 GDPR",
    message="The transfer to {destination} relies only on a derogation: {ground}. Art. 49 "
    "derogations are for occasional, non-repetitive transfers; a regular exchange in a "
    "partnership needs an adequacy decision or Art. 46 safeguards.",
)
def derogation_only(case: TransferCase) -> Iterator[Hit]:
    """A derogation alone is for occasional transfers: a person must look."""
    if case.mechanism != "derogation" or not case.relies_on_mechanism:
        return
    given = case.request.derogation
    known = case.ref.derogations.get(given or "")
    if known is not None:
        ground = f"{known.name} ({known.article})"
    elif given:
        ground = f"'{given}', which is not an Art. 49(1) ground Clearway knows"
    else:
        ground = "no ground given"
    yield Hit(
        {
            **case.place(),
            "ground": ground,
            "derogation": given,
            "article": known.article if known else None,
        },
        legal_basis=f"{known.article if known else 'Art. 49 GDPR'}; {case.ref.derogation_guidance}",
    )


@rule(
    ReasonCode.SPECIAL_CATEGORY_DATA,
    Severity.REVIEW,
    legal_basis="Art. 9 and Art. 10 GDPR",
    message="The data includes {special} (categories: {data_categories}). Such data needs an "
    "Art. 9(2) or Art. 10 condition and may need a data protection impact assessment "
    "(Art. 35), whatever the transfer mechanism.",
)
def special_category_data(case: TransferCase) -> Iterator[Hit]:
    """Special-category or criminal-offence data always needs a look, whatever the mechanism;
    declared so, it counts even where no category reveals it."""
    special = dict(case.special)
    if case.request.special_categories and not special:
        special["special-category or criminal-offence data (as declared)"] = []
    if special:
        yield Hit(
            {
                "special": sorted(special),
                "revealed_by": special,
                "data_categories": list(case.request.data_categories),
                "declared_special_categories": case.request.special_categories,
            },
            legal_basis=case.ref.special_categories.legal_basis,
        )


#: the rule set, in the order reasons appear in a decision
RULES: tuple[Rule[TransferCase], ...] = (
    exporter_outside_eea,
    intra_eea,
    adequacy_covers,
    adequacy_unverified,
    adequacy_expired,
    adequacy_scope_unconfirmed,
    adequacy_sector_excluded,
    no_transfer_mechanism,
    scc_module_mismatch,
    tia_missing,
    scc_in_place,
    bcr_group_unconfirmed,
    bcr_in_place,
    derogation_only,
    special_category_data,
    *STALE,
)


def rules_version(ref: GdprReference) -> str:
    return f"gdpr/{ref.version}"


def decide(event: DataTransferRequestedEvent, reference: GdprReference) -> Verdict:
    """Judge one data transfer."""
    return Verdict(
        reasons=evaluate(RULES, build_case(event, reference)),
        rules_version=rules_version(reference),
        reference_versions=versions((reference,)),
    )
