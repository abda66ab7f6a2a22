"""Value types shared by several events: country codes, bounded strings, parties."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

#: ISO 3166-1 alpha-2 codes as pycountry knows them, plus ``XK`` (Kosovo): a
#: user-assigned code that the EU, the UN and the sanctions lists use for Kosovo.
_COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


def _known_country(code: str) -> str:
    if code not in _COUNTRY_CODES:
        msg = f"{code!r} is not an assigned ISO 3166-1 alpha-2 country code"
        raise ValueError(msg)
    return code


CountryCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 country code in upper case (DE, IR, US); XK for Kosovo.",
        examples=["DE"],
    ),
    AfterValidator(_known_country),
]

#: An identifier chosen by a producer (partner, transfer, publication ids).
Identifier = Annotated[str, Field(min_length=1, max_length=256)]
#: A person's or organisation's name, as written, in any script.
Name = Annotated[str, Field(min_length=1, max_length=500)]
#: A short free-text field (titles, grounds, notes).
ShortText = Annotated[str, Field(max_length=2_000)]
#: A long free-text field (abstracts, descriptions).
LongText = Annotated[str, Field(max_length=100_000)]

PartyKind = Literal["organization", "person"]


class ContractModel(BaseModel):
    """Base of every payload: producers may send more fields than the contract lists."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


#: how deep an ownership chain an event may describe (owner of an owner of ...)
MAX_OWNERSHIP_DEPTH = 5

IdentifierScheme = Literal[
    "registration", "lei", "tax", "imo", "mmsi", "passport", "national_id", "other"
]


class PartyIdentifier(ContractModel):
    """Clearway extension: an identifier of a party, compared with the identifiers lists give
    (equal is evidence of the same party, different of another)."""

    scheme: IdentifierScheme
    value: Annotated[str, Field(min_length=1, max_length=128)]


def persons_only(kind: str, birth_date: date | None) -> None:
    """The contract allows a birth date for persons only: on an organisation it is an error
    (a penalty for a "birth date mismatch" must never be bought by sending one)."""
    if birth_date is not None and kind != "person":
        msg = "birth_date is allowed for persons only (kind is 'organization')"
        raise ValueError(msg)


class Party(ContractModel):
    """A party named in an event: an owner, a representative, an end user."""

    name: Name
    kind: PartyKind
    country: CountryCode | None = None
    birth_date: date | None = None
    share: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        default=None, description="Ownership share, 0..1 (owners only)."
    )
    identifiers: Annotated[list[PartyIdentifier], Field(max_length=20)] | None = Field(
        default=None, description="Clearway extension: registration numbers, LEI, tax ids."
    )
    nationality: CountryCode | None = Field(
        default=None,
        description="Clearway extension: a person's nationality, where it differs from where "
        "the person is (an end user's `country` is where the end user is).",
    )
    owners: Annotated[list[Party], Field(max_length=100)] | None = Field(
        default=None,
        description="Clearway extension: this owner's own owners (an ownership chain), each "
        f"with its share of this owner; at most {MAX_OWNERSHIP_DEPTH} levels.",
    )

    @model_validator(mode="after")
    def _persons_only(self) -> Party:
        persons_only(self.kind, self.birth_date)
        if self.owners and self.depth() > MAX_OWNERSHIP_DEPTH:
            msg = f"ownership chain deeper than {MAX_OWNERSHIP_DEPTH} levels"
            raise ValueError(msg)
        return self

    def depth(self) -> int:
        return 1 + max((o.depth() for o in self.owners or ()), default=0)
