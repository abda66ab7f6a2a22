"""The publication service's reference data, read from ``data/agreements.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

DATA_DIR = Path(__file__).parent / "data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AgreementTerms(_Frozen):
    title: str
    notice_days: int | None
    objection_days: int | None
    max_delay_after_objection_days: int | None
    legal_basis: str
    source: str
    confidence: str
    verification: str


class Citation(_Frozen):
    legal_basis: str
    note: str


class PublicationReference(_Frozen):
    version: str
    agreements: dict[Literal["horizon_europe", "desca", "custom"], AgreementTerms]
    patent: Citation
    export_control: Citation


def load(data_dir: Path = DATA_DIR) -> PublicationReference:
    return PublicationReference.model_validate_json((data_dir / "agreements.json").read_bytes())
