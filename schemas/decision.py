"""Decisions: the ``compliance.decision.made`` events every service writes to the audit topic."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from schemas.envelope import CloudEvent, document_integrity


class ServiceName(StrEnum):
    SCREENING = "screening"
    EXPORT_CONTROL = "export_control"
    GDPR = "gdpr"
    PUBLICATION = "publication"


class SubjectType(StrEnum):
    PARTNER = "partner"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    DATA_TRANSFER = "data_transfer"
    PUBLICATION = "publication"


class Outcome(StrEnum):
    """Green, amber, red."""

    CLEARED = "cleared"
    NEEDS_REVIEW = "needs_review"
    RED_FLAG = "red_flag"


class Severity(StrEnum):
    INFO = "info"
    REVIEW = "review"
    BLOCK = "block"


class ReasonCode(StrEnum):
    """Reason codes. The first block is the contract's; services add theirs below it."""

    # screening
    SANCTIONS_MATCH = "SANCTIONS_MATCH"
    POSSIBLE_SANCTIONS_MATCH = "POSSIBLE_SANCTIONS_MATCH"
    OWNER_SANCTIONED = "OWNER_SANCTIONED"
    EMBARGOED_COUNTRY = "EMBARGOED_COUNTRY"
    LISTS_UNAVAILABLE = "LISTS_UNAVAILABLE"
    # export_control
    DUAL_USE_LICENCE_REQUIRED = "DUAL_USE_LICENCE_REQUIRED"
    UNKNOWN_CONTROL_CODE = "UNKNOWN_CONTROL_CODE"
    CATCH_ALL = "CATCH_ALL"
    END_USE_STATEMENT_MISSING = "END_USE_STATEMENT_MISSING"
    # gdpr
    NO_TRANSFER_MECHANISM = "NO_TRANSFER_MECHANISM"
    TIA_MISSING = "TIA_MISSING"
    SPECIAL_CATEGORY_DATA = "SPECIAL_CATEGORY_DATA"
    DEROGATION_ONLY = "DEROGATION_ONLY"
    # publication
    NOTICE_PERIOD_RUNNING = "NOTICE_PERIOD_RUNNING"
    OPEN_OBJECTION = "OPEN_OBJECTION"
    PATENT_NOT_FILED = "PATENT_NOT_FILED"
    EXPORT_CONTROLLED_CONTENT = "EXPORT_CONTROLLED_CONTENT"
    # --- added by the services (the contract allows more) ---
    #: export_control: the technology has not been classified yet
    NOT_CLASSIFIED = "NOT_CLASSIFIED"
    #: export_control: a Union general export authorisation covers the transfer
    GENERAL_AUTHORISATION = "GENERAL_AUTHORISATION"
    #: export_control / publication: not controlled under the General Technology Note
    TECHNOLOGY_NOT_CONTROLLED = "TECHNOLOGY_NOT_CONTROLLED"
    #: screening: a match a compliance officer recorded as a false positive, not raised
    FALSE_POSITIVE_SUPPRESSED = "FALSE_POSITIVE_SUPPRESSED"
    #: export_control: classified and not in Annex I
    NOT_LISTED = "NOT_LISTED"
    #: export_control: a listed item moving inside the EU, not in Annex IV: no licence
    INTRA_EU_TRANSFER = "INTRA_EU_TRANSFER"
    #: gdpr: the importer is inside the EEA, so Chapter V does not apply
    INTRA_EEA = "INTRA_EEA"
    #: gdpr: an adequacy decision, or BCRs, or fitting SCCs cover the transfer
    TRANSFER_MECHANISM_OK = "TRANSFER_MECHANISM_OK"
    #: gdpr: the SCC module does not fit the exporter/importer roles
    SCC_MODULE_MISMATCH = "SCC_MODULE_MISMATCH"
    #: gdpr: reference data the decision relies on has passed its validity date
    REFERENCE_EXPIRED = "REFERENCE_EXPIRED"
    #: gdpr: a partial adequacy decision applies only if the importer is in scope, unconfirmed
    ADEQUACY_SCOPE_UNCONFIRMED = "ADEQUACY_SCOPE_UNCONFIRMED"
    #: gdpr: the exporter is outside the EEA; whether the GDPR applies needs a look
    EXPORTER_OUTSIDE_EEA = "EXPORTER_OUTSIDE_EEA"
    #: publication: an objection was raised after the window closed
    LATE_OBJECTION = "LATE_OBJECTION"
    #: publication: the earliest day the publication may go out
    PUBLICATION_DATE = "PUBLICATION_DATE"
    #: screening / export_control: a party has no name that can be compared with a list
    NAME_NOT_SCREENABLE = "NAME_NOT_SCREENABLE"
    #: screening / export_control: a match only on lists that do not bind the operator
    FOREIGN_LIST_MATCH = "FOREIGN_LIST_MATCH"
    #: screening: owners established in a country whose measures reach ownership
    OWNED_FROM_SANCTIONED_COUNTRY = "OWNED_FROM_SANCTIONED_COUNTRY"
    #: screening: the partner is in a region under territorial restrictive measures
    RESTRICTED_REGION = "RESTRICTED_REGION"
    #: screening: the country has regional measures and the partner's region is not known
    REGION_UNCONFIRMED = "REGION_UNCONFIRMED"
    #: screening: the country's regime lists named persons only; the country is not restricted
    COUNTRY_LISTINGS_ONLY = "COUNTRY_LISTINGS_ONLY"
    #: export_control: an item of the German export list needs a licence under the AWV
    NATIONAL_LICENCE_REQUIRED = "NATIONAL_LICENCE_REQUIRED"
    #: export_control: the end user is a national of a sanctioned country, not located there
    SANCTIONED_NATIONAL = "SANCTIONED_NATIONAL"
    #: screening: the event gives no country for the partner; country checks could not run
    COUNTRY_UNKNOWN = "COUNTRY_UNKNOWN"
    #: gdpr: the importer's sector is outside the adequacy decision relied on (DPF, Canada)
    ADEQUACY_SECTOR_EXCLUDED = "ADEQUACY_SECTOR_EXCLUDED"
    #: gdpr: BCRs relied on, and the event does not say the importer is in the group
    BCR_GROUP_UNCONFIRMED = "BCR_GROUP_UNCONFIRMED"
    #: publication: the agreement's periods in the reference data are not verified
    AGREEMENT_TERMS_UNVERIFIED = "AGREEMENT_TERMS_UNVERIFIED"
    #: publication: the owners decided not to file a patent application; the hold ends
    PATENT_NOT_PURSUED = "PATENT_NOT_PURSUED"
    #: screening: a false-positive review no longer suppresses a match: it expired
    REVIEW_EXPIRED = "REVIEW_EXPIRED"
    #: screening: a false positive on a red match awaits a second, different reviewer
    REVIEW_INCOMPLETE = "REVIEW_INCOMPLETE"
    #: any service: the latest event for the subject could not be judged (dead-lettered)
    EVENT_REJECTED = "EVENT_REJECTED"
    #: any service: more reasons than a decision may carry; the most severe are kept
    REASONS_TRUNCATED = "REASONS_TRUNCATED"
    #: any service: the evaluation date is far from when the event was recorded
    EVALUATION_DATE_IMPLAUSIBLE = "EVALUATION_DATE_IMPLAUSIBLE"
    #: any service: the reference data a decision needs is past its review date, or has no
    #: version in force on the evaluation date
    REFERENCE_STALE = "REFERENCE_STALE"


class Reason(BaseModel):
    """One reason for a decision: what, how serious, why in plain words, on which law."""

    model_config = ConfigDict(frozen=True)

    code: ReasonCode
    severity: Severity
    message: Annotated[str, Field(min_length=1)]
    legal_basis: str = Field(description="The legal text or agreement clause the reason rests on.")
    evidence: dict[str, Any] = Field(default_factory=dict)


_RANK = {Severity.INFO: 0, Severity.REVIEW: 1, Severity.BLOCK: 2}
_OUTCOME = {0: Outcome.CLEARED, 1: Outcome.NEEDS_REVIEW, 2: Outcome.RED_FLAG}


def outcome_of(reasons: list[Reason] | tuple[Reason, ...]) -> Outcome:
    """``red_flag`` if any reason blocks, ``needs_review`` if any needs review, else cleared."""
    return _OUTCOME[max((_RANK[r.severity] for r in reasons), default=0)]


def _absent(value: object) -> bool:
    """Clearway's optional extensions are left out of a decision rather than written as
    null: a consumer that does not know them sees the decision it always saw."""
    return value is None


class Decision(BaseModel):
    """The ``data`` of a ``compliance.decision.made`` event."""

    model_config = ConfigDict(frozen=True, extra="allow")

    decision_id: str = Field(description="Deterministic from source_event_id and service.")
    service: ServiceName
    subject_type: SubjectType
    subject_id: str
    source_event_id: str
    source_event_type: str
    outcome: Outcome
    reasons: list[Reason]
    licence_required: bool | None = None
    earliest_publication_date: date | None = None
    evaluated_at: AwareDatetime
    rules_version: str
    lists_version: dict[str, str] | None = None
    reference_versions: dict[str, str] | None = Field(
        default=None,
        description="Clearway extension: the version of every reference data set the decision "
        "read (data set -> version), as `clearway reference status` lists them.",
    )
    code_version: str | None = Field(
        default=None, description="Version of the Clearway code that decided."
    )
    valid_until: date | None = Field(
        default=None,
        exclude_if=_absent,
        description="Clearway extension: the first date on which the same event, judged again "
        "with the same rules, lists and reference data, gets a different outcome or different "
        "reasons (the decision holds up to the day before); absent when nothing in the "
        "decision depends on the calendar. The calendar judges the subject again on that "
        "date unless a newer event comes first.",
    )
    trigger: Literal["calendar", "lists_changed", "versions_changed"] | None = Field(
        default=None,
        exclude_if=_absent,
        description="Clearway extension: why a decision was made without a new input event "
        "(absent for a decision on an input event).",
    )
    previous_decision_id: str | None = Field(
        default=None,
        exclude_if=_absent,
        description="Clearway extension: on a calendar re-judgement, the decision it follows.",
    )
    previous_lists_version: dict[str, str] | None = Field(
        default=None,
        exclude_if=_absent,
        description="Clearway extension: on a re-screening, the list versions it replaced.",
    )

    @model_validator(mode="after")
    def _outcome_follows_reasons(self) -> Decision:
        if not self.reasons and self.outcome is not Outcome.CLEARED:
            msg = "reasons may be empty only for a cleared decision"
            raise ValueError(msg)
        expected = outcome_of(self.reasons)
        if self.outcome is not expected:
            msg = (
                f"outcome {self.outcome.value!r} contradicts its reasons "
                f"(expected {expected.value!r})"
            )
            raise ValueError(msg)
        return self


class DecisionMade(CloudEvent):
    model_config = ConfigDict(json_schema_extra=document_integrity)

    type: Literal["compliance.decision.made"] = "compliance.decision.made"
    data: Decision
