"""Whose law a list is, and what follows from that (``data/list_jurisdictions.json``).

For an operator in the EU, EU and UN listings bind; a US or UK listing does not bind it in
the same way, and for some US programmes (Cuba, Iran) the EU Blocking Statute forbids
complying with them. The jurisdiction of a list also fixes its ownership test: EU, UN and US
"50 % or more, added together", UK "more than 50 %". A list nobody configured is treated as
binding with the strictest test. Pure values; settings may override the defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from services.common.reference_data import DataSet

DATA_DIR = Path(__file__).parent / "data"
UNKNOWN = "unknown"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class OwnershipTest(_Frozen):
    threshold: float
    #: "threshold or more" (True) or "more than threshold" (False)
    inclusive: bool
    #: shares of several listed owners are added together
    aggregate: bool
    basis: str

    def passes(self, share: float) -> bool:
        return share >= self.threshold if self.inclusive else share > self.threshold

    @property
    def text(self) -> str:
        pct = f"{self.threshold * 100:.0f} %"
        return f"{pct} or more" if self.inclusive else f"more than {pct}"


class BlockingStatute(_Frozen):
    legal_basis: str
    jurisdiction: str
    programmes: tuple[str, ...]
    laws: str

    def may_apply(self, jurisdictions: Iterable[str], programmes: Iterable[str]) -> bool:
        """A listing of a jurisdiction and programme whose compliance the statute may forbid."""
        progs = {p.upper() for p in programmes}
        return self.jurisdiction in set(jurisdictions) and any(
            p == q or p.startswith(q + "-") for p in progs for q in self.programmes
        )


class Jurisdictions(DataSet):
    lists: dict[str, str]
    binding: frozenset[str]
    ownership_tests: dict[str, OwnershipTest]
    strictest_test: OwnershipTest
    blocking_statute: BlockingStatute
    binding_note: str = ""
    #: jurisdiction -> the jurisdiction whose law gives its listings effect for the operator
    #: (UN listings bind in the EU through EU regulations): tested and added together with it
    implemented_by: dict[str, str] = Field(default_factory=dict)
    overrides: dict[str, str] = Field(default_factory=dict)

    def of(self, list_name: str) -> str:
        """The jurisdiction of a list (``us_csl`` and its source lists ``us_csl/EL`` alike)."""
        base = list_name.split("/", 1)[0]
        return self.overrides.get(base) or self.lists.get(base) or UNKNOWN

    def binds(self, jurisdiction: str) -> bool:
        """Listings of this jurisdiction bind the operator (an unknown one counts as binding)."""
        return jurisdiction == UNKNOWN or jurisdiction in self.binding

    def tested_as(self, jurisdiction: str) -> str:
        """The jurisdiction whose ownership test a listing is judged under: its own, or the one
        that implements it where both bind (a UN listing under EU law, so a UN-listed owner
        and an EU-listed owner are added together)."""
        host = self.implemented_by.get(jurisdiction)
        if host is not None and self.binds(host) and self.binds(jurisdiction):
            return host
        return jurisdiction

    def test(self, jurisdiction: str) -> OwnershipTest:
        return self.ownership_tests.get(jurisdiction, self.strictest_test)

    @classmethod
    def strict(cls) -> Jurisdictions:
        """No configuration at all: every list binds and the strictest test applies (what a
        caller that names no jurisdictions gets; never the lighter reading)."""
        return cls(
            data_set="sanctions/list_jurisdictions",
            version="none",
            checked_on=date.min,
            review_by=date.max,
            lists={},
            binding=frozenset(),
            ownership_tests={},
            strictest_test=OwnershipTest(
                threshold=0.5,
                inclusive=True,
                aggregate=True,
                basis="the contract's rule: listed owners holding 50 % or more, alone or together",
            ),
            blocking_statute=BlockingStatute(
                legal_basis="", jurisdiction="", programmes=(), laws=""
            ),
        )

    @property
    def config_version(self) -> str:
        """The jurisdictions as part of a rules version (data version plus any override)."""
        extra = ",".join(f"{k}={v}" for k, v in sorted(self.overrides.items()))
        binding = "+".join(sorted(self.binding))
        return f"jurisdictions:{self.version}/binding={binding}" + (f"/{extra}" if extra else "")


def load_jurisdictions(
    data_dir: Path = DATA_DIR,
    *,
    overrides: Mapping[str, str] | None = None,
    binding: Iterable[str] | None = None,
) -> Jurisdictions:
    raw = Jurisdictions.model_validate_json((data_dir / "list_jurisdictions.json").read_bytes())
    return raw.model_copy(
        update={
            "overrides": dict(overrides or {}),
            **({"binding": frozenset(binding)} if binding is not None else {}),
        }
    )
