"""The GDPR service's reference data, read from ``data/transfer_reference.json``: a data set
that knows its sources, when it was checked and by when it must be checked again, with
every adequacy decision dated (``valid_from``, ``valid_until``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.common.reference_data import DataSet, Validity
from services.gdpr.categories import Vocabulary

DATA_DIR = Path(__file__).parent / "data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Eea(_Frozen):
    countries: frozenset[str]
    legal_basis: str


class Adequacy(Validity):
    """One adequacy decision for the period it applies."""

    #: the third country, or None for an international organisation
    country: str | None
    #: the international organisation's key ("EPO") and the names it goes by
    organisation: str | None = None
    aliases: tuple[str, ...] = ()
    name: str
    decision: str
    decision_date: date | None = None
    link: str | None = None
    scope: Literal["full", "partial"]
    #: the importer field that decides the scope: for a partial decision it must be true;
    #: for a full one, false takes the importer out (Korea's exclusions)
    condition: Literal["dpf_certified", "adequacy_scope"] | None
    scope_note: str | None = None
    #: importer sectors the decision does not cover, each with why
    excluded_sectors: dict[str, str] = {}
    #: sectors presumed outside (the decision leaves out some of their processing) unless the
    #: importer confirms the condition field (a DPF-listed non-bank; Korean credit data aside)
    presumed_outside: dict[str, str] = {}
    verified: bool = False
    checked: str = ""

    def names(self, organisation: str) -> bool:
        wanted = organisation.casefold().strip()
        return any(wanted == a.casefold() for a in (self.organisation or "", *self.aliases) if a)


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
    group_basis: str
    tia_basis: str


class Derogation(_Frozen):
    article: str
    name: str


class SpecialCategories(Vocabulary):
    legal_basis: str
    checked: str = ""


class GdprReference(DataSet):
    eea: Eea
    adequacy: tuple[Adequacy, ...]
    scc: Scc
    bcr: Bcr
    derogations: dict[str, Derogation]
    derogation_guidance: str
    special_categories: SpecialCategories

    def adequacy_for(
        self, country: str | None, organisation: str | None, on: date
    ) -> tuple[Adequacy | None, Adequacy | None]:
        """(the decision valid on ``on``, else the latest one whatever its dates) for the
        importer: an international organisation by its name, else its country."""
        entries = [
            a
            for a in self.adequacy
            if (a.names(organisation) if organisation else a.country == country)
        ]
        valid = [a for a in entries if a.valid_on(on)]
        start = date.min

        def latest(xs: list[Adequacy]) -> Adequacy | None:
            return max(xs, key=lambda a: a.valid_from or start) if xs else None

        return latest(valid), latest(entries)

    def module_for(self, exporter_role: str, importer_role: str) -> int:
        return next(
            n
            for n, m in self.scc.modules.items()
            if m.exporter == exporter_role and m.importer == importer_role
        )


def load(data_dir: Path = DATA_DIR) -> GdprReference:
    return GdprReference.model_validate_json((data_dir / "transfer_reference.json").read_bytes())
