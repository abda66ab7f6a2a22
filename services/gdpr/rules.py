"""Does this transfer of personal data have a legal basis under GDPR Chapter V?
A pure function of the event and the reference data, on the event's evaluation date."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schemas.decision import ReasonCode, Severity
from schemas.events import DataTransferRequested, DataTransferRequestedEvent
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.gdpr.reference import Adequacy, GdprReference


class AdequacyStatus(StrEnum):
    NOT_NEEDED = "not_needed"  # importer inside the EEA
    NONE = "none"  # no adequacy decision for the importer's country
    COVERED = "covered"
    EXPIRED = "expired"  # the decision's validity in the reference data has passed
    SCOPE_UNCONFIRMED = "scope_unconfirmed"  # partial decision, importer's scope unknown
    OUT_OF_SCOPE = "out_of_scope"  # partial decision, importer outside its scope


@dataclass(frozen=True, slots=True)
class TransferCase:
    request: DataTransferRequested
    on: date
    ref: GdprReference
    adequacy: Adequacy | None
    status: AdequacyStatus
    special: tuple[str, ...]

    @property
    def relies_on_mechanism(self) -> bool:
        """A third-country transfer that adequacy does not (certainly) cover."""
        return self.status not in (AdequacyStatus.NOT_NEEDED, AdequacyStatus.COVERED)

    @property
    def mechanism(self) -> str:
        return self.request.mechanism

    def place(self) -> dict[str, object]:
        importer = self.request.importer
        return {
            "importer_country": importer.country,
            "importer_role": importer.role,
            "exporter_role": self.request.exporter.role,
            "mechanism": self.mechanism,
        }


def _status(
    request: DataTransferRequested, adequacy: Adequacy | None, ref: GdprReference, on: date
) -> AdequacyStatus:
    if request.importer.country in ref.eea.countries:
        return AdequacyStatus.NOT_NEEDED
    if adequacy is None:
        return AdequacyStatus.NONE
    if adequacy.valid_until is not None and on > adequacy.valid_until:
        return AdequacyStatus.EXPIRED
    if adequacy.condition is None:
        return AdequacyStatus.COVERED
    in_scope = getattr(request.importer, adequacy.condition)
    if in_scope is None:
        return AdequacyStatus.SCOPE_UNCONFIRMED
    return AdequacyStatus.COVERED if in_scope else AdequacyStatus.OUT_OF_SCOPE


def _special(request: DataTransferRequested, ref: GdprReference) -> tuple[str, ...]:
    found: set[str] = set()
    sc = ref.special_categories
    for category in request.data_categories:
        lowered = category.lower()
        found.update(
            label
            for prefix, label in sc.category_prefixes.items()
            if lowered == prefix or lowered.startswith(prefix + ".")
        )
        found.update(label for word, label in sc.category_words.items() if word in lowered)
    if request.special_categories and not found:
        found.add("special-category or criminal-offence data (as declared)")
    return tuple(sorted(found))


def build_case(event: DataTransferRequestedEvent, ref: GdprReference) -> TransferCase:
    request, on = event.data, event.evaluated_at().date()
    adequacy = ref.adequacy_for(request.importer.country)
    return TransferCase(
        request, on, ref, adequacy, _status(request, adequacy, ref, on), _special(request, ref)
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
        "scope": a.scope_note if a.scope == "partial" else "full scope",
        "condition": a.condition,
        "valid_until": a.valid_until,
        "confidence": a.confidence,
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
    if case.status is AdequacyStatus.COVERED:
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
    ReasonCode.NO_TRANSFER_MECHANISM,
    Severity.BLOCK,
    legal_basis="Art. 44 to 49 GDPR",
    message="No transfer mechanism covers this transfer to {importer_country}: {why}. Without an "
    "adequacy decision, appropriate safeguards (Art. 46) or a derogation (Art. 49), the "
    "personal data may not be transferred.",
)
def no_transfer_mechanism(case: TransferCase) -> Iterator[Hit]:
    """A third-country transfer with neither adequacy nor a declared safeguard is not allowed."""
    if case.mechanism not in ("adequacy", "none"):
        return
    if case.status is AdequacyStatus.NONE:
        yield Hit(
            {
                **case.place(),
                "why": f"there is no adequacy decision for {case.request.importer.country}",
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
    message="No transfer impact assessment is on file for this transfer to {importer_country} "
    "under {mechanism_name}. Assess the importer country's law and practice, and any "
    "supplementary measures, before the transfer.",
)
def tia_missing(case: TransferCase) -> Iterator[Hit]:
    """SCCs need a transfer impact assessment on file; BCRs too, where it is known to be missing."""
    if not case.relies_on_mechanism:
        return
    if (case.mechanism == "scc" and case.request.tia_completed is not True) or (
        case.mechanism == "bcr" and case.request.tia_completed is False
    ):
        name = (
            "standard contractual clauses" if case.mechanism == "scc" else "binding corporate rules"
        )
        yield Hit(
            {**case.place(), "mechanism_name": name, "tia_completed": case.request.tia_completed},
            legal_basis=case.ref.scc.tia_basis,
        )


@rule(
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.INFO,
    legal_basis="Art. 46(2)(c) GDPR",
    message="Standard contractual clauses ({expected_name}) and a transfer impact assessment are "
    "in place for this transfer to {importer_country}.",
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
    ReasonCode.TRANSFER_MECHANISM_OK,
    Severity.INFO,
    legal_basis="Art. 47 GDPR",
    message="Binding corporate rules are declared for this transfer to {importer_country}, on "
    "condition that {condition}.",
)
def bcr_in_place(case: TransferCase) -> Iterator[Hit]:
    """Binding corporate rules cover the transfer, with their condition noted."""
    if case.mechanism == "bcr" and case.relies_on_mechanism:
        yield Hit(
            {**case.place(), "condition": case.ref.bcr.condition},
            legal_basis=case.ref.bcr.legal_basis,
        )


@rule(
    ReasonCode.DEROGATION_ONLY,
    Severity.REVIEW,
    legal_basis="Art. 49 GDPR",
    message="The transfer to {importer_country} relies only on a derogation: {ground}. Art. 49 "
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
    """Special-category or criminal-offence data always needs a look, whatever the mechanism."""
    if case.special:
        yield Hit(
            {
                "special": list(case.special),
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
    adequacy_expired,
    adequacy_scope_unconfirmed,
    no_transfer_mechanism,
    scc_module_mismatch,
    tia_missing,
    scc_in_place,
    bcr_in_place,
    derogation_only,
    special_category_data,
)


def rules_version(ref: GdprReference) -> str:
    return f"gdpr/{ref.version}"


def decide(event: DataTransferRequestedEvent, reference: GdprReference) -> Verdict:
    """Judge one data transfer."""
    return Verdict(
        reasons=evaluate(RULES, build_case(event, reference)),
        rules_version=rules_version(reference),
    )
