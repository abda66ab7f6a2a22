"""EU country regimes (``data/eu_regimes.json``): which countries are under EU restrictive
measures, with the legal acts, arms embargoes, dual-use bans and the weight a partner seated
there gets. Read by screening (partners) and export control (destinations, end users)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

DATA_DIR = Path(__file__).parent / "data"


class Regime(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    country: str
    programme: str
    title: str
    legal_acts: tuple[str, ...]
    screening_severity: Literal["block", "review"]
    arms_embargo: Literal["full", "targeted"] | None
    dual_use_export_ban: bool | Literal["partial"]
    confidence: str
    note: str | None = None


class NonBindingEmbargo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    country: str
    basis: str
    note: str


class Regimes(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    version: str
    regimes: tuple[Regime, ...]
    non_binding_embargoes: tuple[NonBindingEmbargo, ...] = ()

    def for_country(self, country: str | None) -> list[Regime]:
        return [r for r in self.regimes if r.country == country]


def load_regimes(data_dir: Path = DATA_DIR) -> Regimes:
    return Regimes.model_validate_json((data_dir / "eu_regimes.json").read_bytes())
