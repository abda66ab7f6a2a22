"""The export-control reference data: Annex I extract, Union general export authorisations,
Art. 4 embargoes, plus the EU country regimes of the shared sanctions package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from services.sanctions.regimes import Regimes, load_regimes

DATA_DIR = Path(__file__).parent / "data"
EU27 = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)
CODE = re.compile(
    r"^(?P<category>[0-9])(?P<group>[A-E])(?P<number>[0-9]{3})(?P<sub>(\.([a-z]{1,2}|[0-9]{1,2}))*)$"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AnnexEntry(_Frozen):
    code: str
    title: str
    annex_iv: bool
    regime: str | None = None
    confidence: str
    note: str | None = None


class Amendment(_Frozen):
    regulation: str
    applied_on: str
    note: str | None = None


class AnnexI(_Frozen):
    version: str
    regulation: str
    legal_text_as_of: str
    categories: dict[str, str]
    groups: dict[str, str]
    regime_by_number: dict[str, str]
    amendments: tuple[Amendment, ...]
    entries: tuple[AnnexEntry, ...]

    def by_code(self) -> dict[str, AnnexEntry]:
        return {e.code: e for e in self.entries}


class Authorisation(_Frozen):
    id: str
    title: str
    applied: bool
    destinations: tuple[str, ...] = ()
    excluded_entries: tuple[str, ...] = ()
    excludes_annex_iv: bool = True
    conditions: str = ""
    confidence: str = ""


class Authorisations(_Frozen):
    version: str
    legal_basis: str
    authorisations: tuple[Authorisation, ...]

    def get(self, ident: str) -> Authorisation:
        return next(a for a in self.authorisations if a.id == ident)


class Embargo(_Frozen):
    country: str
    body: str
    basis: str
    scope: str
    confidence: str


class NotArt4(_Frozen):
    country: str
    basis: str
    note: str


class Embargoes(_Frozen):
    version: str
    legal_basis: str
    embargoes: tuple[Embargo, ...]
    #: political embargoes that do not trigger Art. 4(1)(b)
    not_art4: tuple[NotArt4, ...] = ()


@dataclass(frozen=True)
class ExportReference:
    annex: AnnexI
    authorisations: Authorisations
    embargoes: Embargoes
    regimes: Regimes

    @property
    def version(self) -> str:
        return (
            f"annex:{self.annex.version}+auth:{self.authorisations.version}"
            f"+embargoes:{self.embargoes.version}+regimes:{self.regimes.version}"
        )


@dataclass(frozen=True, slots=True)
class ParsedCode:
    raw: str
    valid: bool
    heading: str | None  # "5A002" for "5A002.a.1"
    category: str | None = None
    group: str | None = None


def parse_code(raw: str) -> ParsedCode:
    """Parse an Annex I code (``5A002.a.1``): category, group, entry heading, sub-paragraphs."""
    text = raw.strip().upper()
    head, dot, rest = text.partition(".")
    normal = head + (dot + rest.lower() if dot else "")
    match = CODE.match(normal)
    if not match:
        return ParsedCode(raw, False, None)
    return ParsedCode(normal, True, normal[:5], match.group("category"), match.group("group"))


def lookup(annex: AnnexI, code: ParsedCode) -> AnnexEntry | None:
    """The most specific entry for a code: the code itself, then its parents, then the heading."""
    if not code.valid:
        return None
    entries = annex.by_code()
    parts = code.raw.split(".")
    for n in range(len(parts), 0, -1):
        entry = entries.get(".".join(parts[:n]))
        if entry is not None:
            return entry
    return None


def load(data_dir: Path = DATA_DIR, regimes_dir: Path | None = None) -> ExportReference:
    return ExportReference(
        AnnexI.model_validate_json((data_dir / "annex_i.json").read_bytes()),
        Authorisations.model_validate_json((data_dir / "authorisations.json").read_bytes()),
        Embargoes.model_validate_json((data_dir / "embargoes.json").read_bytes()),
        load_regimes(regimes_dir) if regimes_dir else load_regimes(),
    )
