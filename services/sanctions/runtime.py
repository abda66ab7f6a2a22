"""The lists as a running service holds them: loaded at start, refreshed from URL sources
on a schedule, visible at ``/lists`` and in Prometheus metrics. Shared by the screening and
export-control services (the latter screens end users)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily

from services.common.logging import get_logger
from services.sanctions.fetch import ListFetcher
from services.sanctions.settings import ListSettings
from services.sanctions.snapshot import Snapshot
from services.sanctions.store import ListStore

log = get_logger("clearway.lists")


class ListCollector:
    """Prometheus view of the lists: entries, versions, load times, refresh errors."""

    def __init__(self, store: ListStore) -> None:
        self.store = store

    def collect(self) -> Iterator[Any]:
        entries = GaugeMetricFamily(
            "clearway_list_entries", "Entries of the list in use.", labels=["list"]
        )
        loaded = GaugeMetricFamily(
            "clearway_list_loaded_timestamp_seconds",
            "When the list in use was loaded.",
            labels=["list"],
        )
        errors = CounterMetricFamily(
            "clearway_list_refresh_errors",
            "Failed or suspicious loads and downloads.",
            labels=["list"],
        )
        info = InfoMetricFamily("clearway_list", "Version of each list in use.", labels=["list"])
        for status in self.store.status.values():
            name = status.name or "unknown"
            entries.add_metric([name], status.entries)
            loaded.add_metric([name], status.loaded_at or 0)
            errors.add_metric([name], status.errors)
            info.add_metric([name], {"version": status.version or "none"})
        yield from (entries, loaded, errors, info)


@dataclass
class ListRuntime:
    store: ListStore
    settings: ListSettings
    #: called after a refresh that changed the lists: (old snapshot, new snapshot)
    on_change: Callable[[Snapshot, Snapshot], Coroutine[Any, Any, None]] | None = None

    def _fetcher(self, client: httpx.AsyncClient) -> ListFetcher:
        return ListFetcher(
            client,
            attempts=self.settings.screening_fetch_attempts,
            backoff_seconds=self.settings.screening_fetch_backoff_seconds,
        )

    async def refresh_once(self) -> tuple[Snapshot, Snapshot] | None:
        """Fetch the URL sources; returns (before, after) when the lists in use changed."""
        if not self.store.url_sources():
            return None
        before = self.store.snapshot
        timeout = httpx.Timeout(self.settings.screening_fetch_timeout_seconds)
        # redirects are followed by the fetcher, only over https to allowed hosts
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            after = await self.store.refresh(self._fetcher(client))
        for status in self.store.status.values():
            if status.last_error:
                log.warning(
                    "list_refresh_failed",
                    list=status.name,
                    source_errors=status.errors,
                    error=status.last_error[:300],
                )
        if (after.versions, after.failed) == (before.versions, before.failed):
            return None
        log.info("lists_swapped", versions=after.versions, failed=list(after.failed))
        return before, after

    async def prepare(self) -> None:
        """The first fetch, before any record is judged."""
        await self.refresh_once()

    async def refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.screening_refresh_seconds)
            try:
                changed = await self.refresh_once()
                if changed is not None and self.on_change is not None and changed[1].index:
                    await self.on_change(*changed)
            except Exception as exc:  # never let the loop die: the last good lists stay in use
                log.error("list_refresh_crashed", error=f"{type(exc).__name__}: {exc}"[:300])

    def status(self) -> list[dict[str, object]]:
        return [s.as_dict() for s in self.store.status.values()]


def start_lists(settings: ListSettings) -> ListRuntime:
    """Load the file sources now; URL sources are fetched by ``refresh_once`` (prepare)."""
    store = ListStore(
        settings.screening_lists,
        cache_dir=settings.screening_cache_dir,
        min_ratio=settings.screening_min_entry_ratio,
        min_entries=settings.screening_list_min_entries,
        max_bytes=settings.screening_max_list_bytes,
        redirect_hosts=settings.screening_list_redirect_hosts,
        secrets={k: v.get_secret_value() for k, v in settings.screening_list_secrets.items()},
    )
    snapshot = store.load_all()
    for status in store.status.values():
        log.info(
            "list_loaded" if status.last_error is None else "list_failed",
            list=status.name,
            version=status.version,
            entries=status.entries,
            error=status.last_error,
        )
    if snapshot.index is None and not store.url_sources():
        log.error("no_lists_loaded", sources=len(settings.screening_lists))
    return ListRuntime(store, settings)
