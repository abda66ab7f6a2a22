"""The publication service's reference data, read from ``data/agreements.json``: the
notice and objection periods of the agreement presets (each dated and marked verified or
not), the patent rule with the grace periods shown as information, and the export-control
carve-outs.

A preset whose periods Clearway could not read in the agreement's text is ``verified:
false``; a deployment whose compliance office has checked its signed agreement records that
with ``confirm`` (setting ``CLEARWAY_PUBLICATION_CONFIRMED_AGREEMENTS``), and the
confirmation becomes part of the data set's version, so every decision names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.common.reference_data import DataSet, Validity

DATA_DIR = Path(__file__).parent / "data"
Agreement = Literal["horizon_europe", "desca", "custom"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AgreementTerms(Validity):
    title: str
    notice_days: int | None
    objection_days: int | None
    max_delay_after_objection_days: int | None
    legal_basis: str
    source: str
    verified: bool = False
    checked: str = ""
    #: who confirmed the periods against the signed agreement, where a deployment did
    confirmed: str | None = None

    @property
    def trusted(self) -> bool:
        return self.verified or self.confirmed is not None


class GracePeriod(_Frozen):
    jurisdiction: str
    months: int
    basis: str
    scope: str
    verified: bool = False

    @property
    def text(self) -> str:
        return f"{self.jurisdiction} {self.months} months ({self.basis})"


class PatentRule(_Frozen):
    legal_basis: str
    note: str
    grace_periods: tuple[GracePeriod, ...] = ()
    grace_note: str = ""


class Citation(_Frozen):
    legal_basis: str
    note: str


class PublicationReference(DataSet):
    agreements: dict[Agreement, AgreementTerms]
    patent: PatentRule
    export_control: Citation

    def confirm(self, confirmations: Mapping[str, str]) -> PublicationReference:
        """The data with the presets a deployment confirmed against its signed agreement
        (agreement -> who confirmed, against what); the version says so."""
        if not confirmations:
            return self
        unknown = set(confirmations) - set(self.agreements)
        if unknown:
            known = sorted(self.agreements)
            msg = f"confirmed agreements {sorted(unknown)} are not presets ({known})"
            raise ValueError(msg)
        agreements = {
            k: v.model_copy(update={"confirmed": confirmations.get(k)})
            for k, v in self.agreements.items()
        }
        suffix = "+confirmed:" + ",".join(sorted(confirmations))
        return self.model_copy(update={"agreements": agreements, "version": self.version + suffix})


def load(data_dir: Path = DATA_DIR) -> PublicationReference:
    return PublicationReference.model_validate_json((data_dir / "agreements.json").read_bytes())
