"""The configured list sources, the last good list of each, and the snapshot in use.

This is the stateful part of lists (files, downloads, clocks); the rules only ever see the
immutable :class:`Snapshot` it publishes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from services.sanctions import freshness, indexcache
from services.sanctions.fetch import ListFetcher
from services.sanctions.indexcache import IndexCache, Kept
from services.sanctions.lists.formats import ListFiles
from services.sanctions.lists.load import files_digest, files_sha256, load_bytes, read_files
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
    #: the publisher's date of the copy in use, where its format carries one
    published: str | None = None
    #: when the source last proved current: a download accepted, the publisher answering
    #: "not modified", or (after a restart) the time the kept copy was written
    last_success_at: float | None = None
    #: how often a URL source is fetched (None for files, which are read once)
    refresh_seconds: float | None = None

    @property
    def list_name(self) -> str:
        """The list's name, known from the spec before anything has loaded."""
        return self.name or self.source.name or "unknown"

    def as_dict(
        self, now: float | None = None, max_age_days: float | None = None
    ) -> dict[str, object]:
        now = time.time() if now is None else now
        age = freshness.age_days(self.published, now)
        return {
            "source": self.source.display,
            "list": self.name,
            "version": self.version,
            "entries": self.entries,
            "loaded_at": self.loaded_at,
            "checked_at": self.checked_at,
            "last_success_at": self.last_success_at,
            "refresh_seconds": self.refresh_seconds,
            "published": self.published,
            "age_days": None if age is None else round(age, 1),
            "max_age_days": max_age_days,
            "outdated": max_age_days is not None
            and freshness.outdated(self.published, now, max_age_days),
            "last_error": self.last_error,
            "errors": self.errors,
        }


@dataclass
class ListStore:
    """Sources are ``[NAME=][FORMAT:]LOCATION`` (see :class:`ListSource`): files and folders
    are loaded by ``load_all``, http(s) URLs fetched by ``refresh``. A source that fails keeps
    its last good list; a list is used only if it parses, has at least the configured
    minimum of entries for its name (a first download has no last good copy to compare
    with), and at least ``min_ratio`` of the last good one's. The last good copy of each URL
    source is kept on disk and loaded at start, so a restart during an outage screens on it.
    Every change replaces the snapshot whole.
    """

    specs: Sequence[str]
    #: where accepted downloads are kept (the last good copy of each URL source)
    cache_dir: Path | None = None
    min_ratio: float = 0.8
    #: list name -> the fewest entries a plausible copy of it has
    min_entries: Mapping[str, int] = field(default_factory=dict)
    #: the most bytes a download, or a list once unpacked, may have
    max_bytes: int = 200 * 1024 * 1024
    #: list name -> hosts its URL may redirect to (beyond its own)
    redirect_hosts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: list name -> secret put in place of ``{token}`` in its URL (never shown)
    secrets: Mapping[str, str] = field(default_factory=dict)
    #: list name -> how often its URL is fetched; others every ``default_interval`` seconds
    intervals: Mapping[str, float] = field(default_factory=dict)
    #: 0: every ``refresh`` fetches every URL source
    default_interval: float = 0.0
    #: list name -> the fewest bytes a download of it has (a truncated file, an error page)
    min_bytes: Mapping[str, int] = field(default_factory=dict)
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(None, ()))
    status: dict[str, SourceStatus] = field(default_factory=dict)
    lists: dict[str, SanctionsList] = field(default_factory=dict)
    #: source spec -> the SHA-256 of the bytes its list in use was parsed from
    digests: dict[str, str] = field(default_factory=dict)
    #: keep the parsed lists and their index in ``cache_dir`` for the next start
    keep_index: bool = True
    #: where the index in use came from: "built", or "kept" (read from ``cache_dir``)
    index_origin: str = ""
    #: while ``load_all`` runs, the checksums its sources were first read with
    _load_digests: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.sources = tuple(ListSource.parse(spec) for spec in self.specs)
        for source in self.sources:
            status = self.status.setdefault(source.spec, SourceStatus(source))
            if source.is_url:
                status.refresh_seconds = self.interval(source)

    def interval(self, source: ListSource) -> float:
        """How often a URL source is fetched."""
        return self.intervals.get(source.name or "", self.default_interval)

    def tick(self) -> float | None:
        """How often the refresh loop must wake for every URL source to be fetched on time
        (None without URL sources)."""
        if not self.url_sources():
            return None
        shortest = min(self.interval(s) for s in self.url_sources())
        return min(shortest, self.default_interval) if self.default_interval > 0 else shortest

    def url_sources(self) -> list[ListSource]:
        return [s for s in self.sources if s.is_url]

    def load_all(self) -> Snapshot:
        """Load every file source, and the last good copy on disk of each URL source (which
        ``refresh`` then replaces with a newer download where there is one). Where these
        very bytes were parsed and indexed before by this very code (a restart), the lists
        and index kept in ``cache_dir`` are read instead (:mod:`indexcache`); every list
        still passes the same checks."""
        digests: dict[str, str] = {}
        versions: dict[str, str] = {}
        for source in self.sources:  # read once for their checksums, one at a time
            files = self._read(source)
            if files is not None:
                digests[source.spec] = files_sha256(files)
                versions[source.spec] = files_digest(files)
        # a restart on a source that keeps failing finds the index kept without it
        self._load_digests = digests
        kept = self._read_kept(indexcache.key(digests.items()) if digests else None)
        for source in self.sources:
            if source.spec not in digests:
                continue
            listed = kept.lists.get(source.spec) if kept is not None else None
            digest = digests[source.spec]
            if listed is not None and listed.version.endswith(versions[source.spec]):
                loader = partial(_same, listed)
            else:  # read again to parse (from the page cache): one list's bytes held at a time
                files = self._read(source)
                if files is None:
                    continue
                digest = files_sha256(files)  # the bytes parsed, should they have changed
                loader = partial(load_bytes, source, files)
            if self._accept(source, loader, digest) and source.is_url:
                status = self.status[source.spec]
                status.last_error = "using the last good copy kept on disk until the source answers"
                path = self._kept_path(source)
                status.last_success_at = path.stat().st_mtime if path is not None else None
        if kept is not None:
            self.snapshot = Snapshot(kept.index, ())  # kept by _publish if every list is its own
        try:
            return self._publish()
        finally:
            self._load_digests = {}

    def _read(self, source: ListSource) -> ListFiles | None:
        """``_files``, with a failure recorded on the source (unreadable, too large)."""
        try:
            return self._files(source)
        except Exception as exc:  # the source fails, nothing else
            text = str(exc) if isinstance(exc, ListFormatError) else f"{source.display}: {exc}"
            self._fail(self.status[source.spec], text[:500])
            return None

    def _files(self, source: ListSource) -> ListFiles | None:
        """The bytes of a file source, or of the last good copy of a URL source (None when
        there is none yet)."""
        if not source.is_url:
            files = read_files(source)
            if len(files.main) > self.max_bytes:
                size, limit = len(files.main), self.max_bytes
                msg = f"{source.display}: {size} bytes, over the limit of {limit}"
                raise ListFormatError(msg)
            return replace(files, max_unpacked=self.max_bytes)
        kept = self._kept_path(source)
        if kept is None or not kept.is_file():
            return None
        return ListFiles(kept.read_bytes(), source.filename, max_unpacked=self.max_bytes)

    def _index_cache(self) -> IndexCache | None:
        if self.cache_dir is None or not self.keep_index:
            return None
        return IndexCache(self.cache_dir / "index")

    def _read_kept(self, name: str | None) -> Kept | None:
        cache = self._index_cache()
        if cache is None or name is None:
            return None
        kept = cache.read(name)
        self.index_origin = "kept" if kept is not None else ""
        return kept

    def _secret_url(self, source: ListSource) -> str:
        secret = self.secrets.get(source.name or "") or self.secrets.get(source.spec)
        return source.location.replace("{token}", secret) if secret else source.location

    def _kept_path(self, source: ListSource) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(source.spec.encode()).hexdigest()[:12]
        return self.cache_dir / f"{digest}-{source.filename}"

    def due(self, source: ListSource, now: float) -> bool:
        """True when a URL source's interval has passed since it was last checked; after a
        failed check, when ``default_interval`` has (a brief outage does not leave a daily
        list unrefreshed for a day)."""
        status = self.status[source.spec]
        if status.checked_at is None:
            return True
        wait = self.interval(source)
        if status.last_success_at is None or status.last_success_at < status.checked_at:
            wait = min(wait, self.default_interval)
        return now - status.checked_at >= wait * 0.98

    async def refresh(self, fetcher: ListFetcher, *, force: bool = False) -> Snapshot:
        """Fetch every URL source that is due (all with ``force``), by conditional GET, and
        swap in what is new and valid."""
        now = time.time()
        for source in self.url_sources():
            if not force and not self.due(source, now):
                continue
            status = self.status[source.spec]
            status.checked_at = now
            try:
                fetched = await fetcher.get(
                    self._secret_url(source),
                    status.etag,
                    status.last_modified,
                    max_bytes=self.max_bytes,
                    allowed_hosts=self.redirect_hosts.get(source.name or "", ()),
                )
            except Exception as exc:  # network, timeouts, HTTP errors: keep the last good list
                self._fail(status, f"{type(exc).__name__}: {exc}", self._secret_url(source))
                continue
            if fetched.status == 304:
                if status.last_error and status.last_error.startswith("using the last good"):
                    status.last_error = None
                status.last_success_at = time.time()
                continue
            assert fetched.data is not None
            floor = self.min_bytes.get(source.name or "", 0)
            if len(fetched.data) < floor:
                self._fail(
                    status,
                    f"implausible download: {len(fetched.data)} bytes, and a copy of "
                    f"{status.list_name} has at least {floor} (CLEARWAY_SCREENING_LIST_MIN_BYTES); "
                    "refused",
                )
                continue
            files = ListFiles(fetched.data, source.filename, max_unpacked=self.max_bytes)
            if self._accept(source, partial(load_bytes, source, files), files_sha256(files)):
                status.etag, status.last_modified = fetched.etag, fetched.last_modified
                self._keep(source, fetched.data)
        return self._publish()

    def _keep(self, source: ListSource, data: bytes) -> None:
        """Keep an accepted download in ``cache_dir`` (written whole, then renamed)."""
        target = self._kept_path(source)
        if target is None:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)

    def _accept(self, source: ListSource, loader: Callable[[], SanctionsList], digest: str) -> bool:
        status = self.status[source.spec]
        try:
            loaded = loader()
        except ListFormatError as exc:
            self._fail(status, str(exc)[:500])
            return False
        except Exception as exc:  # anything a parser meets: the source fails, nothing else
            self._fail(status, f"{source.display}: {type(exc).__name__}: {exc}"[:500])
            return False
        floor = self.min_entries.get(loaded.name, 0)
        if len(loaded.entries) < floor:
            self._fail(
                status,
                f"implausible list: {len(loaded.entries)} entries, and a copy of {loaded.name} "
                f"has at least {floor} (CLEARWAY_SCREENING_LIST_MIN_ENTRIES); refused",
            )
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
        self.digests[source.spec] = digest
        status.name, status.version, status.entries = (
            loaded.name,
            loaded.version,
            len(loaded.entries),
        )
        status.loaded_at, status.last_error = time.time(), None
        status.last_success_at, status.published = status.loaded_at, loaded.published
        return True

    def _fail(self, status: SourceStatus, error: str, url: str | None = None) -> None:
        """Record a failure, with every credential and secret taken out of the text."""
        text = error
        for secret in self.secrets.values():
            if secret:
                text = text.replace(secret, "***")
        if url:
            text = text.replace(url, status.source.display)
        status.last_error, status.errors = redact(text), status.errors + 1

    def _publish(self) -> Snapshot:
        good = [self.lists[s.spec] for s in self.sources if s.spec in self.lists]
        failed = tuple(
            self.status[s.spec].name or s.name or s.display
            for s in self.sources
            if s.spec not in self.lists
        )
        current = self.snapshot.index
        index: ListIndex | None
        if current is not None and [id(x) for x in current.lists] == [id(x) for x in good]:
            index = current  # nothing changed: keep the index
        else:
            index = ListIndex(good) if good else None
        self.snapshot = Snapshot(index, failed)  # in use before anything is written
        if index is None:
            self.index_origin = ""
        elif index is not current:
            self._keep_index(index)
        return self.snapshot

    def _keep_index(self, index: ListIndex) -> None:
        """Keep a newly built index for the next start, under the name a start on the same
        sources reads (whatever fails to write costs that start the time to build it,
        nothing else: the index is in use already)."""
        self.index_origin = "built"
        cache = self._index_cache()
        if cache is None:
            return
        specs = [s.spec for s in self.sources if s.spec in self.lists]
        accepted = [(spec, self.digests[spec]) for spec in specs]
        first = self._load_digests
        # at start, the name a start on these sources reads (a failing source included),
        # unless a list was parsed from other bytes than it was first read with
        same = bool(first) and all(first.get(spec) == digest for spec, digest in accepted)
        name = indexcache.key(first.items() if same else accepted)
        try:
            written = cache.write(name, Kept({spec: self.lists[spec] for spec in specs}, index))
        except Exception as exc:  # a full disk, a folder gone: never the screening itself
            self.index_origin = f"built (not kept: {type(exc).__name__})"
            return
        if not written:
            self.index_origin = "built (not kept: the cache folder is not this user's alone)"


def _same(listed: SanctionsList) -> SanctionsList:
    return listed
