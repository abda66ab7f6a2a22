"""The configured list sources, the last good list of each, and the snapshot in use.

This is the stateful part of lists (files, downloads, clocks); the rules only ever see the
immutable :class:`Snapshot` it publishes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from services.sanctions.fetch import ListFetcher
from services.sanctions.lists.formats import ListFiles
from services.sanctions.lists.load import load_bytes, read_files
from services.sanctions.lists.model import ListFormatError, SanctionsList
from services.sanctions.lists.source import ListSource, redact
from services.sanctions.matching.index import ListIndex
from services.sanctions.snapshot import Snapshot


@dataclass
class SourceStatus:
    """What operators see per source (``/lists``, ``clearway lists status``, metrics)."""

    source: ListSource
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
            "source": self.source.display,
            "list": self.name,
            "version": self.version,
            "entries": self.entries,
            "loaded_at": self.loaded_at,
            "checked_at": self.checked_at,
            "last_error": self.last_error,
            "errors": self.errors,
        }


@dataclass
class ListStore:
    """Sources are ``[NAME=][FORMAT:]LOCATION`` (see :class:`ListSource`): files and folders
    are loaded by ``load_all``, http(s) URLs fetched by ``refresh``. A source that fails keeps
    its last good list; a download is used only if it parses and its entry count is at least
    ``min_ratio`` of the last good one. Every change replaces the snapshot whole.
    """

    specs: Sequence[str]
    #: where accepted downloads are kept (the last good copy of each URL source)
    cache_dir: Path | None = None
    min_ratio: float = 0.8
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(None, ()))
    status: dict[str, SourceStatus] = field(default_factory=dict)
    lists: dict[str, SanctionsList] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sources = tuple(ListSource.parse(spec) for spec in self.specs)
        for source in self.sources:
            self.status.setdefault(source.spec, SourceStatus(source))

    def url_sources(self) -> list[ListSource]:
        return [s for s in self.sources if s.is_url]

    def load_all(self) -> Snapshot:
        """Load every file source (URL sources wait for ``refresh``)."""
        for source in self.sources:
            if not source.is_url:
                self._accept(source, partial(_load_file, source))
        return self._publish()

    async def refresh(self, fetcher: ListFetcher) -> Snapshot:
        """Fetch every URL source (conditional GET) and swap in what is new and valid."""
        for source in self.url_sources():
            status = self.status[source.spec]
            status.checked_at = time.time()
            try:
                fetched = await fetcher.get(source.location, status.etag, status.last_modified)
            except Exception as exc:  # network, timeouts, HTTP errors: keep the last good list
                self._fail(status, f"{type(exc).__name__}: {exc}")
                continue
            if fetched.status == 304:
                continue
            assert fetched.data is not None
            files = ListFiles(fetched.data, source.filename)
            if self._accept(source, partial(load_bytes, source, files)):
                status.etag, status.last_modified = fetched.etag, fetched.last_modified
                self._keep(source, fetched.data)
        return self._publish()

    def _keep(self, source: ListSource, data: bytes) -> None:
        """Keep an accepted download in ``cache_dir`` (written whole, then renamed)."""
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(source.spec.encode()).hexdigest()[:12]
        target = self.cache_dir / f"{digest}-{source.filename}"
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)

    def _accept(self, source: ListSource, loader: Callable[[], SanctionsList]) -> bool:
        status = self.status[source.spec]
        try:
            loaded = loader()
        except ListFormatError as exc:
            self._fail(status, str(exc)[:500])
            return False
        previous = self.lists.get(source.spec)
        if previous is not None and len(loaded.entries) < self.min_ratio * len(previous.entries):
            self._fail(
                status,
                f"suspicious download: {len(loaded.entries)} entries, the last good "
                f"list had {len(previous.entries)}; keeping it",
            )
            return False
        self.lists[source.spec] = loaded
        status.name, status.version, status.entries = (
            loaded.name,
            loaded.version,
            len(loaded.entries),
        )
        status.loaded_at, status.last_error = time.time(), None
        return True

    @staticmethod
    def _fail(status: SourceStatus, error: str) -> None:
        status.last_error, status.errors = redact(error), status.errors + 1

    def _publish(self) -> Snapshot:
        good = [self.lists[s.spec] for s in self.sources if s.spec in self.lists]
        failed = tuple(
            self.status[s.spec].name or s.display for s in self.sources if s.spec not in self.lists
        )
        current = self.snapshot.index
        index: ListIndex | None
        if current is not None and [id(x) for x in current.lists] == [id(x) for x in good]:
            index = current  # nothing changed: keep the index
        else:
            index = ListIndex(good) if good else None
        self.snapshot = Snapshot(index, failed)
        return self.snapshot


def _load_file(source: ListSource) -> SanctionsList:
    return load_bytes(source, read_files(source))
