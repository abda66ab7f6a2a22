"""The screening service's reference data: EU country regimes (``data/eu_regimes.json``)
and the sanctions lists, held in a :class:`ListStore`.

The store keeps one immutable :class:`Snapshot` (index + versions + failed sources) and
replaces it whole, so a decision always sees one consistent set of lists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.screening.lists.load import load
from services.screening.lists.model import ListFormatError, SanctionsList
from services.screening.matching.index import ListIndex

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


@dataclass(frozen=True)
class Snapshot:
    """The lists a decision is made against: index, versions and what failed to load."""

    index: ListIndex | None
    failed: tuple[str, ...] = ()

    @property
    def versions(self) -> dict[str, str]:
        return self.index.versions() if self.index is not None else {}


@dataclass
class SourceStatus:
    spec: str
    name: str | None = None
    version: str | None = None
    entries: int = 0
    loaded_at: float | None = None
    last_error: str | None = None


@dataclass
class ListStore:
    """The configured list sources and the snapshot decisions use."""

    specs: Sequence[str]
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(None, ()))
    status: dict[str, SourceStatus] = field(default_factory=dict)

    def load_all(self) -> Snapshot:
        """Load every source; a source that fails keeps its last good list, if any."""
        current = {s.name: s for s in (self.snapshot.index.lists if self.snapshot.index else ())}
        lists: list[SanctionsList] = []
        failed: list[str] = []
        for spec in self.specs:
            status = self.status.setdefault(spec, SourceStatus(spec))
            try:
                loaded = load(spec)
            except (ListFormatError, OSError) as exc:
                status.last_error = str(exc)[:500]
                previous = current.get(status.name or "")
                if previous is not None:
                    lists.append(previous)
                else:
                    failed.append(status.name or spec)
                continue
            status.name, status.version = loaded.name, loaded.version
            status.entries, status.loaded_at, status.last_error = (
                len(loaded.entries),
                time.time(),
                None,
            )
            lists.append(loaded)
        self.snapshot = Snapshot(ListIndex(lists) if lists else None, tuple(failed))
        return self.snapshot

    @property
    def ready(self) -> bool:
        return self.snapshot.index is not None
