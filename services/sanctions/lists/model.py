"""The normalised list entry every parser produces, whatever the official format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

EntryKind = Literal["person", "organization", "vessel", "aircraft", "unknown"]
NameStrength = Literal["primary", "strong", "weak"]


class ListFormatError(ValueError):
    """A list file could not be parsed: wrong format, truncated, or without entries.

    Parsers raise this instead of returning an empty or partial list, so that a bad
    download never replaces a good list and a service never screens against nothing.
    """


@dataclass(frozen=True, slots=True)
class ListName:
    name: str
    strength: NameStrength = "strong"


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One listed person, organisation, vessel or aircraft."""

    source: str  # the list it comes from, e.g. "us_ofac_sdn" or "us_csl/EL"
    entry_id: str  # the list's own id of the entry
    kind: EntryKind
    names: tuple[ListName, ...]
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    birth_dates: tuple[str, ...] = ()  # ISO 8601, possibly partial: "1962", "1962-05", "1962-05-01"
    identifiers: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    listed_on: str | None = None
    #: the listing authority's own id of the listed party where lists share one (OFAC's
    #: ``ofac:306`` for the SDN entry and its copy in the US Consolidated Screening List)
    identity: str = ""

    @property
    def key(self) -> str:
        """Which listed party this is: entries with the same key on several lists are one."""
        return self.identity or f"{self.source}:{self.entry_id}"

    @property
    def primary_name(self) -> str:
        return next((n.name for n in self.names if n.strength == "primary"), self.names[0].name)

    def fingerprint(self) -> str:
        """Changes whenever anything screened about the entry changes."""
        text = repr((self.kind, self.names, self.countries, self.birth_dates, self.identifiers))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SanctionsList:
    """A parsed list file: its entries and a version that changes when the content does."""

    name: str  # e.g. "us_ofac_sdn"
    format: str  # e.g. "ofac_legacy_csv"
    version: str  # the publisher's date where known, plus a content checksum
    entries: tuple[ListEntry, ...]
    origin: str = ""  # file path or URL
    meta: dict[str, str] = field(default_factory=dict)
    #: the publisher's date of this copy (ISO 8601) where the format carries one
    published: str | None = None

    def __post_init__(self) -> None:
        if not self.entries:
            msg = f"{self.origin or self.name}: no entries parsed; refusing an empty list"
            raise ListFormatError(msg)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
