"""The input events of the contract: ``data`` payloads and their CloudEvent envelopes.

Booleans that the contract marks *optional* stay ``None`` when absent: a missing
field is not ``false``, and the services treat ``None`` as "not asserted".
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, ConfigDict, Field, model_validator

from schemas.common import (
    MAX_OWNERSHIP_DEPTH,
    ContractModel,
    CountryCode,
    Identifier,
    LongText,
    Name,
    Party,
    PartyIdentifier,
    PartyKind,
    ShortText,
    persons_only,
)
from schemas.envelope import CloudEvent, InputEvent, document_integrity


class _Evaluated(ContractModel):
    as_of: date | None = Field(
        default=None, description="Evaluation date; overrides the envelope's `time`."
    )


# --- partner.upserted -> screening -------------------------------------------------


#: what the cooperation with a partner involves, where the law treats kinds differently
#: (EU funding and investment are barred where mere research contacts are not)
CooperationKind = Literal[
    "research", "public_funding", "investment", "joint_venture", "trade", "services"
]


class PartnerUpserted(_Evaluated):
    """A partner was created or changed in the partner registry."""

    partner_id: Identifier
    kind: PartyKind
    name: Name
    aliases: Annotated[list[Name], Field(max_length=200)] | None = None
    country: CountryCode | None = None
    region: Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")] | None = Field(
        default=None,
        description="Clearway extension: ISO 3166-2 subdivision of the seat (UA-43 for "
        "Crimea), where measures reach a region rather than a country.",
    )
    address: ShortText | None = None
    registration_number: Annotated[str, Field(max_length=256)] | None = None
    identifiers: Annotated[list[PartyIdentifier], Field(max_length=20)] | None = Field(
        default=None, description="Clearway extension: LEI, tax ids and other identifiers."
    )
    birth_date: date | None = None
    owners: Annotated[list[Party], Field(max_length=500)] | None = None
    representatives: Annotated[list[Party], Field(max_length=500)] | None = None
    cooperation: Annotated[list[CooperationKind], Field(max_length=6)] | None = Field(
        default=None,
        description="Clearway extension: what the cooperation involves. Absent means unknown; "
        "where a kind (EU or national funding, investment, a joint venture) decides between "
        "amber and red, unknown is treated as possible.",
    )

    @model_validator(mode="after")
    def _persons_only(self) -> PartnerUpserted:
        persons_only(self.kind, self.birth_date)
        if (
            self.region is not None
            and self.country is not None
            and not self.region.startswith(self.country + "-")
        ):
            msg = f"region {self.region} is not a subdivision of country {self.country}"
            raise ValueError(msg)
        if any(o.depth() > MAX_OWNERSHIP_DEPTH - 1 for o in self.owners or ()):
            msg = f"ownership chain deeper than {MAX_OWNERSHIP_DEPTH} levels"
            raise ValueError(msg)
        return self


class PartnerUpsertedEvent(InputEvent):
    type: Literal["partner.upserted"]
    data: PartnerUpserted


# --- technology.transfer.requested -> export_control --------------------------------


class Technology(ContractModel):
    title: ShortText
    description: LongText
    control_codes: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=200)]
    classified: bool = Field(
        description="The technology has been classified; an empty code list then means "
        "'not listed', while an unclassified technology is never cleared."
    )


class TechnologyTransferRequested(_Evaluated):
    """Technology is about to be shared with a partner (export of technology)."""

    transfer_id: Identifier
    partner_id: Identifier
    technology: Technology
    destination_country: CountryCode
    end_user: Party
    end_use: ShortText | None = None
    end_use_statement: bool
    military_end_use: bool | None = None
    wmd_concern: bool | None = None
    basic_research: bool | None = None
    public_domain: bool | None = None
    cyber_surveillance: bool | None = Field(
        default=None,
        description="Clearway extension: the item is a cyber-surveillance item (Art. 2(20) of "
        "Regulation (EU) 2021/821), whether listed or not.",
    )
    human_rights_concern: bool | None = Field(
        default=None,
        description="Clearway extension: the exporter has been informed by the competent "
        "authority, or is aware, that the item is or may be intended for use in connection with "
        "internal repression or serious violations of human rights and international "
        "humanitarian law (Art. 5). With cyber_surveillance it triggers the Art. 5 catch-all.",
    )


class TechnologyTransferRequestedEvent(InputEvent):
    type: Literal["technology.transfer.requested"]
    data: TechnologyTransferRequested


# --- data.transfer.requested -> gdpr -----------------------------------------------

Role = Literal["controller", "processor"]


class Exporter(ContractModel):
    name: Name
    country: CountryCode
    role: Role


Sector = Literal[
    "commercial",
    "university",
    "research_institute",
    "public_body",
    "non_profit",
    "financial",
    "religious",
    "political_party",
    "other",
]


class Importer(Exporter):
    dpf_certified: bool | None = Field(
        default=None, description="Certified under the EU-US Data Privacy Framework."
    )
    adequacy_scope: bool | None = Field(
        default=None,
        description="Clearway extension: the importer is within the scope of a partial adequacy "
        "decision (a PIPEDA-covered commercial organisation in Canada, an APPI business "
        "operator in Japan, a PIPA entity in Korea). Absent means unknown, not false.",
    )
    sector: Sector | None = Field(
        default=None,
        description="Clearway extension: what kind of organisation the importer is. Several "
        "adequacy decisions exclude sectors (the Data Privacy Framework is open only to "
        "organisations under FTC or DOT jurisdiction, which most universities, public bodies "
        "and non-profits are not; Canada's covers commercial organisations only). Absent "
        "means unknown.",
    )
    same_group: bool | None = Field(
        default=None,
        description="Clearway extension: the importer belongs to the exporter's group of "
        "undertakings (or group of enterprises engaged in a joint economic activity) bound by "
        "the binding corporate rules (Art. 47(1)(a), Art. 4(20) GDPR). Required for "
        "mechanism 'bcr'; absent means unknown, not true.",
    )
    international_organisation: Annotated[str, Field(min_length=2, max_length=128)] | None = Field(
        default=None,
        description="Clearway extension: the importer is an international organisation "
        "(Art. 4(26) GDPR), e.g. 'EPO' for the European Patent Organisation. Chapter V "
        "applies wherever it is seated, so `country` is then where it receives the data.",
    )


class DataTransferRequested(_Evaluated):
    """Personal data is about to be transferred to an importer."""

    transfer_id: Identifier
    exporter: Exporter
    importer: Importer
    data_categories: Annotated[list[Annotated[str, Field(max_length=128)]], Field(max_length=200)]
    special_categories: bool
    mechanism: Literal["adequacy", "scc", "bcr", "derogation", "none"]
    scc_module: Annotated[int, Field(ge=1, le=4)] | None = None
    tia_completed: bool | None = None
    derogation: Annotated[str, Field(max_length=128)] | None = None


class DataTransferRequestedEvent(InputEvent):
    type: Literal["data.transfer.requested"]
    data: DataTransferRequested


# --- publication.review.requested -> publication ------------------------------------


class Objection(ContractModel):
    partner_id: Identifier
    raised_on: date
    grounds: Literal["patent", "confidential", "background", "other"]
    resolved: bool


class DecisionNotToFile(ContractModel):
    """The owners of an invention decided not to seek patent protection for it."""

    decided_by: Annotated[str, Field(min_length=1, max_length=256)] = Field(
        description="Who decided (the technology transfer office, the owners' representative)."
    )
    decided_on: date


class InventionDisclosure(ContractModel):
    disclosure_id: Identifier
    patent_filed_on: date | None = None
    decision_not_to_file: DecisionNotToFile | None = Field(
        default=None,
        description="Clearway extension: the owners decided not to file a patent application; "
        "the patent hold then ends on the day of that decision.",
    )


class PublicationReviewRequested(_Evaluated):
    """The whole current state of a request to publish."""

    publication_id: Identifier
    title: ShortText
    abstract: LongText
    authors: Annotated[list[Name], Field(max_length=1_000)]
    agreement: Literal["horizon_europe", "desca", "custom"]
    notice_days: Annotated[int, Field(ge=0, le=3_650)] | None = None
    objection_days: Annotated[int, Field(ge=0, le=3_650)] | None = None
    notice_given_on: date = Field(
        description="The day notice was given to the partners. Periods of notice count from "
        "it; the objection window counts from receipt, which is this day unless "
        "`notice_received_on` says otherwise."
    )
    notice_received_on: date | None = Field(
        default=None,
        description="Clearway extension: the day the last partner received the notice (the "
        "objection window runs from receipt). Absent means it was received the day it was "
        "given.",
    )
    planned_date: date
    objections: Annotated[list[Objection], Field(max_length=500)]
    invention_disclosures: Annotated[list[InventionDisclosure], Field(max_length=500)]
    control_codes: (
        Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=200)] | None
    ) = None
    basic_research: bool | None = None
    public_domain: bool | None = None

    @model_validator(mode="after")
    def _custom_needs_periods(self) -> PublicationReviewRequested:
        if self.agreement == "custom" and (self.notice_days is None or self.objection_days is None):
            msg = "agreement 'custom' requires notice_days and objection_days"
            raise ValueError(msg)
        return self


class PublicationReviewRequestedEvent(InputEvent):
    type: Literal["publication.review.requested"]
    data: PublicationReviewRequested


# --- review.recorded (compliance.review.v1) -> screening ------------------------------


class FirstReviewer(ContractModel):
    """The first of two reviewers (four eyes), as the component that recorded the second
    review vouches for by its signature."""

    reviewer: Annotated[str, Field(min_length=1, max_length=256)]
    reviewed_at: AwareDatetime


class ReviewRecorded(ContractModel):
    """A compliance officer's verdict on one list entry raised for one partner."""

    partner_id: Identifier
    list_name: Annotated[str, Field(min_length=1, max_length=128)] = Field(alias="list")
    entry_id: Identifier
    verdict: Literal["false_positive", "confirmed"]
    reviewer: Annotated[str, Field(min_length=1, max_length=256)]
    note: ShortText | None = None
    partner_fingerprint: Annotated[str, Field(max_length=64)] | None = Field(
        default=None,
        description="Clearway extension: the partner_fingerprint of the reviewed decision's "
        "evidence. The review holds while the partner's screened data still has it.",
    )
    entry_fingerprint: Annotated[str, Field(max_length=64)] | None = Field(
        default=None,
        description="Clearway extension: the entry_fingerprint of the reviewed decision's "
        "evidence. The review holds while the list entry still has it.",
    )
    first_reviewer: FirstReviewer | None = Field(
        default=None,
        description="Clearway extension: for a second review (four eyes), who reviewed first "
        "and when. A false positive on a red match suppresses it only with two different "
        "reviewers.",
    )


class ReviewRecordedEvent(CloudEvent):
    model_config = ConfigDict(json_schema_extra=document_integrity)

    type: Literal["review.recorded"]
    data: ReviewRecorded
