"""The screening service's reference data: EU country regimes (``data/eu_regimes.json``)
and the sanctions lists, held in a :class:`ListStore`.

The store keeps one immutable :class:`Snapshot` (index + versions + failed sources) and
replaces it whole, so a decision always sees one consistent set of lists.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from services.screening.lists.load import FORMATS, load
from services.screening.lists.model import ListFormatError, SanctionsList
from services.screening.matching.index import ListIndex
from services.screening.sources import ListFetcher, is_url

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
    """What operators see per source (``/lists``, ``clearway lists status``, metrics)."""

    spec: str
    name: str | None = None
    version: str | None = None
    entries: int = 0
    loaded_at: float | None = None
    checked_at: float | None = None
    last_error: str | None = None
    errors: int = 0
    etag: str | None = None
    last_modified: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "source": _display(self.spec),
            "list": self.name,
            "version": self.version,
            "entries": self.entries,
            "loaded_at": self.loaded_at,
            "checked_at": self.checked_at,
            "last_error": self.last_error,
            "errors": self.errors,
        }


def _display(spec: str) -> str:
    """A spec without credentials that a URL may carry."""
    return re.sub(r"//[^/@]+@", "//", spec)


@dataclass
class ListStore:
    """The configured list sources, the last good list of each, and the snapshot in use.

    Sources are ``[NAME=][FORMAT:]LOCATION``: a file or folder (loaded by ``load_all``) or an
    http(s) URL (fetched by ``refresh``). A source that fails keeps its last good list; a
    download is used only if it parses and its entry count is at least ``min_ratio`` of the
    last good one. Every change replaces the snapshot whole.
    """

    specs: Sequence[str]
    cache_dir: Path | None = None
    min_ratio: float = 0.8
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(None, ()))
    status: dict[str, SourceStatus] = field(default_factory=dict)
    lists: dict[str, SanctionsList] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for spec in self.specs:
            self.status.setdefault(spec, SourceStatus(spec))

    def url_specs(self) -> list[str]:
        return [s for s in self.specs if is_url(_location(s))]

    def load_all(self) -> Snapshot:
        """Load every file source (URL sources wait for ``refresh``)."""
        for spec in self.specs:
            if not is_url(_location(spec)):
                self._accept(spec, partial(load, spec))
        return self._publish()

    async def refresh(self, fetcher: ListFetcher) -> Snapshot:
        """Fetch every URL source (conditional GET) and swap in what is new and valid."""
        for spec in self.url_specs():
            status = self.status[spec]
            status.checked_at = time.time()
            try:
                fetched = await fetcher.get(_location(spec), status.etag, status.last_modified)
            except Exception as exc:  # network, timeouts, HTTP errors: keep the last good list
                self._fail(status, f"{type(exc).__name__}: {exc}")
                continue
            if fetched.status == 304:
                continue
            assert fetched.data is not None
            local = self._store(spec, fetched.data)
            if self._accept(spec, partial(load, _with_location(spec, local))):
                status.etag, status.last_modified = fetched.etag, fetched.last_modified
        return self._publish()

    def _store(self, spec: str, data: bytes) -> Path:
        folder = self.cache_dir or Path(tempfile.gettempdir()) / "clearway-lists"
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(spec.encode()).hexdigest()[:12]
        basename = urlsplit(_location(spec)).path.rsplit("/", 1)[-1] or "list"
        target = folder / f"{name}-{basename}"
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
        return target

    def _accept(self, spec: str, loader: Callable[[], SanctionsList]) -> bool:
        status = self.status[spec]
        try:
            loaded = loader()
        except (ListFormatError, OSError) as exc:
            self._fail(status, str(exc)[:500])
            return False
        previous = self.lists.get(spec)
        if previous is not None and len(loaded.entries) < self.min_ratio * len(previous.entries):
            self._fail(
                status,
                f"suspicious download: {len(loaded.entries)} entries, the last good "
                f"list had {len(previous.entries)}; keeping it",
            )
            return False
        self.lists[spec] = loaded
        status.name, status.version, status.entries = (
            loaded.name,
            loaded.version,
            len(loaded.entries),
        )
        status.loaded_at, status.last_error = time.time(), None
        return True

    @staticmethod
    def _fail(status: SourceStatus, error: str) -> None:
        status.last_error, status.errors = error, status.errors + 1

    def _publish(self) -> Snapshot:
        good = [self.lists[s] for s in self.specs if s in self.lists]
        failed = tuple(
            self.status[s].name or _display(s) for s in self.specs if s not in self.lists
        )
        current = self.snapshot.index
        index: ListIndex | None
        if current is not None and [id(x) for x in current.lists] == [id(x) for x in good]:
            index = current  # nothing changed: keep the index
        else:
            index = ListIndex(good) if good else None
        self.snapshot = Snapshot(index, failed)
        return self.snapshot


def _location(spec: str) -> str:
    """The file path or URL of a spec ``[NAME=][FORMAT:]LOCATION``."""
    rest = spec.split("=", 1)[1] if "=" in spec.split(":", 1)[0] else spec
    head, sep, tail = rest.partition(":")
    return tail if sep and head in FORMATS else rest


def _with_location(spec: str, local: Path) -> str:
    """The same spec with its location replaced by a local file (keeping name and format)."""
    name = spec.split("=", 1)[0] + "=" if "=" in spec.split(":", 1)[0] else ""
    rest = spec[len(name) :]
    head, sep, _ = rest.partition(":")
    fmt = f"{head}:" if sep and head in FORMATS else ""
    return f"{name}{fmt}{local}"
