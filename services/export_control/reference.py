"""The export-control reference data, each set dated and cited (``data/``):

- ``annex_i.json``: Annex I of Regulation 2021/821 in dated versions (the version in force on
  the evaluation date decides);
- ``annex_iv.json``: Annex IV, the items that need an authorisation even inside the EU, at
  sub-item granularity, with the Category 0 rule and the MTCR exemptions;
- ``authorisations.json``: the Union general export authorisations (EU001 applied) and
  Annex II Section I, the items they exclude;
- ``prohibitions.json``: export prohibitions of the sanctions regimes (Russia, Belarus, Iran,
  North Korea), dated, with their exceptions;
- ``german_export_list.json``: the German export list's Part I Sections A and B (AWV § 8);
- ``embargoes.json``: arms embargoes beyond the EU country regimes (Art. 4(1)(b));
- the EU country regimes of the shared sanctions package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.common.reference_data import DataSet
from services.export_control.codes import CODE, ParsedCode, parse_code, relation, within
from services.sanctions.regimes import Regimes, load_regimes

__all__ = ["CODE", "DATA_DIR", "EU27", "ExportReference", "ParsedCode", "load", "parse_code"]

DATA_DIR = Path(__file__).parent / "data"
EU27 = frozenset(
    [
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
    ]
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AnnexEntry(_Frozen):
    code: str
    title: str
    regime: str | None = None
    source: str = ""
    verified: bool = False
    note: str | None = None


class AnnexVersion(_Frozen):
    version: str
    act: str
    valid_from: date
    valid_from_verified: bool = False
    checked: str = ""
    entries: tuple[AnnexEntry, ...]

    @cached_property
    def by_code(self) -> dict[str, AnnexEntry]:
        return {e.code: e for e in self.entries}

    def lookup(self, code: ParsedCode) -> AnnexEntry | None:
        """The most specific entry for a code: the code itself, then its parents."""
        if not code.valid:
            return None
        parts = code.parts
        for n in range(len(parts), 0, -1):
            entry = self.by_code.get(".".join(parts[:n]))
            if entry is not None:
                return entry
        return None


class Amendment(_Frozen):
    regulation: str
    applied_on: str
    note: str | None = None


class AnnexI(DataSet):
    categories: dict[str, str]
    groups: dict[str, str]
    versions: tuple[AnnexVersion, ...]
    amendments: tuple[Amendment, ...] = ()

    def on(self, day: date) -> AnnexVersion | None:
        """The version in force on ``day`` (None before the first one)."""
        fitting = [v for v in self.versions if v.valid_from <= day]
        return max(fitting, key=lambda v: v.valid_from) if fitting else None

    @property
    def latest(self) -> AnnexVersion:
        return max(self.versions, key=lambda v: v.valid_from)


class AnnexIVEntry(_Frozen):
    code: str
    title: str
    part: Literal[1, 2]
    group: str
    scope: Literal["full", "limited"] = "full"
    limitation: str | None = None


class Category0(_Frozen):
    rule: str
    not_included: tuple[str, ...]
    limited: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnexIVHit:
    """How a code stands to Annex IV: ``certain`` (it is an Annex IV item) or ``possible``
    (Annex IV covers it only within a limitation, or only a sub-item of it)."""

    certainty: Literal["certain", "possible"]
    code: str
    title: str
    part: int
    why: str


class AnnexIV(DataSet):
    legal_basis: str
    category_0: Category0
    mtcr_exemptions: tuple[str, ...]
    entries: tuple[AnnexIVEntry, ...]
    verified: bool = False
    checked: str = ""

    def hit(self, code: ParsedCode) -> AnnexIVHit | None:
        """Whether an item of this code needs an authorisation inside the EU (Art. 11(1))."""
        if not code.valid:
            return None
        if code.category == "0":
            return self._category_0(code)
        found: AnnexIVHit | None = None
        for entry in self.entries:
            rel = relation(code.raw, entry.code)
            if rel is None:
                continue
            if rel == "within" and entry.scope == "full":
                return AnnexIVHit("certain", entry.code, entry.title, entry.part, "listed")
            why = (
                f"Annex IV covers it only as follows: {entry.limitation}"
                if rel == "within"
                else f"Annex IV covers {entry.code} ({entry.title}) within it"
            )
            found = found or AnnexIVHit("possible", entry.code, entry.title, entry.part, why)
        return found

    def _category_0(self, code: ParsedCode) -> AnnexIVHit | None:
        c0 = self.category_0
        if any(within(code.raw, x) for x in c0.not_included):
            return None
        for prefix, limitation in c0.limited.items():
            if within(code.raw, prefix):
                return AnnexIVHit(
                    "possible",
                    prefix,
                    prefix,
                    2,
                    f"Annex IV covers it only as follows: {limitation}",
                )
        return AnnexIVHit("certain", code.heading or code.raw, code.raw, 2, c0.rule)


class SectionIItem(_Frozen):
    code: str
    text: str


class SectionIData(_Frozen):
    title: str
    all_annex_iv: bool
    items: tuple[SectionIItem, ...]


class Authorisation(_Frozen):
    id: str
    title: str
    applied: bool
    destinations: tuple[str, ...] = ()
    conditions: str = ""
    confidence: str = ""
    end_use_statement: bool | None = None
    reason_not_applied: str | None = None


class Authorisations(DataSet):
    legal_basis: str
    authorisations: tuple[Authorisation, ...]
    section_i: SectionIData
    verified: bool = False
    checked: str = ""

    def get(self, ident: str) -> Authorisation:
        return next(a for a in self.authorisations if a.id == ident)

    def excluded(self, code: ParsedCode) -> tuple[Literal["excluded", "possible"], str] | None:
        """Whether Section I excludes the code from EU001: ``excluded``, or ``possible`` when
        the code is a heading above an excluded sub-item (1C450 above 1C450.a.1)."""
        possible: tuple[Literal["excluded", "possible"], str] | None = None
        for item in self.section_i.items:
            rel = relation(code.raw, item.code)
            if rel == "within":
                return "excluded", f"{item.code} ({item.text})"
            if rel == "above" and possible is None:
                possible = "possible", f"{item.code} ({item.text})"
        return possible


class Prohibition(_Frozen):
    id: str
    country: str
    severity: Literal["block", "review"]
    #: what it reaches: Annex I items, or any technology (North Korea's cooperation ban)
    scope: Literal["annex_i", "all_technology"]
    valid_from: date
    valid_until: date | None = None
    valid_from_verified: bool = False
    legal_basis: str
    text: str
    exceptions: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    verified: bool = False
    checked: str = ""

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Prohibitions(DataSet):
    prohibitions: tuple[Prohibition, ...]

    def on(self, country: str | None, day: date) -> list[Prohibition]:
        return [p for p in self.prohibitions if p.country == country and p.in_force(day)]

    def countries(self) -> frozenset[str]:
        return frozenset(p.country for p in self.prohibitions)


class NationalSection(_Frozen):
    id: str
    name: str
    pattern: str
    export_basis: str
    inside_eu_basis: str
    inside_eu: Literal["licence", "confirm"]
    verified: bool = False
    checked: str = ""

    def matches(self, raw: str) -> bool:
        return re.match(self.pattern, raw.strip()) is not None


class NationalList(DataSet):
    sections: tuple[NationalSection, ...]

    def section(self, raw: str) -> NationalSection | None:
        return next((s for s in self.sections if s.matches(raw)), None)


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


class Embargoes(DataSet):
    legal_basis: str
    embargoes: tuple[Embargo, ...]
    #: political embargoes that do not trigger Art. 4(1)(b)
    not_art4: tuple[NotArt4, ...] = ()


@dataclass(frozen=True)
class ExportReference:
    annex: AnnexI
    annex_iv: AnnexIV
    authorisations: Authorisations
    prohibitions: Prohibitions
    national: NationalList
    embargoes: Embargoes
    regimes: Regimes

    @property
    def data_sets(self) -> tuple[DataSet, ...]:
        return (
            self.annex,
            self.annex_iv,
            self.authorisations,
            self.prohibitions,
            self.national,
            self.embargoes,
            self.regimes,
        )

    @property
    def version(self) -> str:
        return (
            f"annex:{self.annex.version}+annex_iv:{self.annex_iv.version}"
            f"+auth:{self.authorisations.version}+prohibitions:{self.prohibitions.version}"
            f"+de:{self.national.version}+embargoes:{self.embargoes.version}"
            f"+regimes:{self.regimes.version}"
        )


def load(data_dir: Path = DATA_DIR, regimes_dir: Path | None = None) -> ExportReference:
    def read(name: str) -> bytes:
        return (data_dir / name).read_bytes()

    return ExportReference(
        AnnexI.model_validate_json(read("annex_i.json")),
        AnnexIV.model_validate_json(read("annex_iv.json")),
        Authorisations.model_validate_json(read("authorisations.json")),
        Prohibitions.model_validate_json(read("prohibitions.json")),
        NationalList.model_validate_json(read("german_export_list.json")),
        Embargoes.model_validate_json(read("embargoes.json")),
        load_regimes(regimes_dir) if regimes_dir else load_regimes(),
    )
