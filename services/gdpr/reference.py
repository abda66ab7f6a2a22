"""The GDPR service's reference data, read from ``data/transfer_reference.json``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

DATA_DIR = Path(__file__).parent / "data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Eea(_Frozen):
    countries: frozenset[str]
    legal_basis: str


class Adequacy(_Frozen):
    country: str
    name: str
    decision: str
    scope: Literal["full", "partial"]
    #: the importer field that must be true for a partial decision to apply
    condition: Literal["dpf_certified", "adequacy_scope"] | None
    scope_note: str | None = None
    valid_until: date | None
    confidence: str


class SccModule(_Frozen):
    exporter: Literal["controller", "processor"]
    importer: Literal["controller", "processor"]
    name: str


class Scc(_Frozen):
    legal_basis: str
    modules: dict[int, SccModule]
    tia_basis: str


class Bcr(_Frozen):
    legal_basis: str
    condition: str


class Derogation(_Frozen):
    article: str
    name: str


class SpecialCategories(_Frozen):
    legal_basis: str
    category_prefixes: dict[str, str]
    category_words: dict[str, str]


class GdprReference(_Frozen):
    version: str
    eea: Eea
    adequacy: tuple[Adequacy, ...]
    scc: Scc
    bcr: Bcr
    derogations: dict[str, Derogation]
    derogation_guidance: str
    special_categories: SpecialCategories

    def adequacy_for(self, country: str) -> Adequacy | None:
        return next((a for a in self.adequacy if a.country == country), None)

    def module_for(self, exporter_role: str, importer_role: str) -> int:
        return next(
            n
            for n, m in self.scc.modules.items()
            if m.exporter == exporter_role and m.importer == importer_role
        )


def load(data_dir: Path = DATA_DIR) -> GdprReference:
    return GdprReference.model_validate_json((data_dir / "transfer_reference.json").read_bytes())
