"""EU country regimes (``data/eu_regimes.json``): which countries are under EU restrictive
measures, with the legal acts, arms embargoes, dual-use bans and the weight a partner seated
there gets. Read by screening (partners) and export control (destinations, end users).

Each regime has a kind, with its source: ``comprehensive`` (the country is closed),
``sectoral`` (sectors of it), ``regional`` (regions of it: Crimea, the occupied oblasts),
``listings_only`` (named persons only, who are on the lists: the country is not restricted).
Where a regime reaches ownership (Russia's programme-support ban, Iran's definition of an
Iranian entity, North Korea's investment ban), the rule and its legal basis are data too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.common.reference_data import DataSet

DATA_DIR = Path(__file__).parent / "data"


RegimeKind = Literal["comprehensive", "sectoral", "regional", "listings_only"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class OwnershipReach(_Frozen):
    """How a regime reaches entities owned from its country."""

    #: which owners count: entities established there, persons there, or both
    owners: tuple[Literal["organization", "person"], ...]
    threshold: float
    #: True: "threshold or more"; False: "more than threshold"
    inclusive: bool
    #: shares of several such owners are added together
    aggregate: bool
    legal_basis: str
    consequence: str
    severity: Literal["block", "review"]
    #: kinds of cooperation for which the consequence is a prohibition (red)
    block_when: tuple[str, ...] = ()
    verified: bool = False
    checked: str = ""

    def passes(self, share: float) -> bool:
        return share >= self.threshold if self.inclusive else share > self.threshold


class Region(_Frozen):
    """A region under territorial measures, by ISO 3166-2 codes and the places an address
    may name."""

    name: str
    codes: tuple[str, ...]
    #: the whole subdivision is restricted (Crimea), or only its occupied parts (the oblasts)
    whole: bool
    legal_acts: tuple[str, ...]
    measures: str
    block_when: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    #: word beginnings that name the region in any inflection (krym: Krymskaya, Krymsky)
    stems: tuple[str, ...] = ()
    #: places known to lie in the restricted part of a subdivision restricted in part
    occupied_places: tuple[str, ...] = ()
    verified: bool = False
    checked: str = ""


class Elsewhere(_Frozen):
    """Places of a regional-measures country that lie outside the restricted regions."""

    places: tuple[str, ...] = ()


class Regime(_Frozen):
    country: str
    programme: str
    title: str
    legal_acts: tuple[str, ...]
    screening_severity: Literal["block", "review"]
    arms_embargo: Literal["full", "targeted"] | None
    dual_use_export_ban: bool | Literal["partial"]
    confidence: str
    note: str | None = None
    kind: RegimeKind
    kind_source: str
    verified: bool = False
    checked: str = ""
    ownership: OwnershipReach | None = None
    regions: tuple[Region, ...] = ()
    regions_elsewhere: Elsewhere | None = None

    @property
    def restricts_country(self) -> bool:
        """The country itself is restricted (not only named persons or some regions)."""
        return self.kind in ("comprehensive", "sectoral")


class NonBindingEmbargo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    country: str
    basis: str
    note: str


class Regimes(DataSet):
    regimes: tuple[Regime, ...]
    non_binding_embargoes: tuple[NonBindingEmbargo, ...] = ()

    def for_country(self, country: str | None) -> list[Regime]:
        return [r for r in self.regimes if r.country == country]


def load_regimes(data_dir: Path = DATA_DIR) -> Regimes:
    return Regimes.model_validate_json((data_dir / "eu_regimes.json").read_bytes())
