"""The lists as a running service holds them: loaded at start, refreshed from URL sources
on a schedule, visible at ``/lists`` and in Prometheus metrics. Shared by the screening and
export-control services (the latter screens end users)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily

from services.common.logging import get_logger
from services.sanctions import freshness
from services.sanctions.fetch import ListFetcher
from services.sanctions.settings import ListSettings
from services.sanctions.snapshot import Snapshot
from services.sanctions.store import ListStore

log = get_logger("clearway.lists")


class ListCollector:
    """Prometheus view of the lists: entries, versions, load times, refresh errors."""

    def __init__(self, store: ListStore, max_age_days: float = 30) -> None:
        self.store = store
        self.max_age_days = max_age_days

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
        success = GaugeMetricFamily(
            "clearway_list_last_success_timestamp_seconds",
            "When the source last proved current (a download accepted, or not modified).",
            labels=["list"],
        )
        interval = GaugeMetricFamily(
            "clearway_list_refresh_interval_seconds",
            "How often the list's URL is fetched (URL sources only).",
            labels=["list"],
        )
        published = GaugeMetricFamily(
            "clearway_list_published_timestamp_seconds",
            "The publisher's date of the copy in use (lists whose format carries one).",
            labels=["list"],
        )
        outdated = GaugeMetricFamily(
            "clearway_list_outdated",
            "1 when the copy in use is older than CLEARWAY_SCREENING_LIST_MAX_AGE_DAYS.",
            labels=["list"],
        )
        now = time.time()
        for status in self.store.status.values():
            name = status.list_name
            entries.add_metric([name], status.entries)
            loaded.add_metric([name], status.loaded_at or 0)
            errors.add_metric([name], status.errors)
            info.add_metric([name], {"version": status.version or "none"})
            success.add_metric([name], status.last_success_at or 0)
            if status.refresh_seconds is not None:
                interval.add_metric([name], status.refresh_seconds)
            stamp = freshness.published_ts(status.published)
            if stamp is not None:
                published.add_metric([name], stamp)
            old = freshness.outdated(status.published, now, self.max_age_days)
            outdated.add_metric([name], 1.0 if old else 0.0)
        yield from (entries, loaded, errors, info, success, interval, published, outdated)


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
        if self.store.url_sources():  # file sources were reported when they were loaded
            report_outdated(self.store, self.settings.screening_list_max_age_days)

    async def refresh_forever(self) -> None:
        """Wake as often as the most frequent source needs; fetch what is due."""
        tick = self.store.tick() or self.settings.screening_refresh_seconds
        while True:
            await asyncio.sleep(tick)
            try:
                changed = await self.refresh_once()
                if changed is not None and self.on_change is not None and changed[1].index:
                    await self.on_change(*changed)
            except Exception as exc:  # never let the loop die: the last good lists stay in use
                log.error("list_refresh_crashed", error=f"{type(exc).__name__}: {exc}"[:300])

    def status(self) -> list[dict[str, object]]:
        age = self.settings.screening_list_max_age_days
        return [s.as_dict(max_age_days=age) for s in self.store.status.values()]


def report_outdated(store: ListStore, max_age_days: float, now: float | None = None) -> None:
    """One warning per list whose copy is older than ``max_age_days`` by its publisher's date."""
    now = time.time() if now is None else now
    for status in store.status.values():
        if freshness.outdated(status.published, now, max_age_days):
            log.warning(
                "list_outdated",
                list=status.list_name,
                published=status.published,
                age_days=round(freshness.age_days(status.published, now) or 0, 1),
                max_age_days=max_age_days,
            )


def start_lists(settings: ListSettings) -> ListRuntime:
    """Load the file sources now; URL sources are fetched by ``refresh_once`` (prepare)."""
    plan = settings.list_plan()
    store = ListStore(
        plan.specs,
        cache_dir=settings.screening_cache_dir,
        min_ratio=settings.screening_min_entry_ratio,
        min_entries=plan.min_entries,
        max_bytes=settings.screening_max_list_bytes,
        redirect_hosts=plan.redirect_hosts,
        secrets=plan.secrets,
        intervals=plan.intervals,
        default_interval=settings.screening_refresh_seconds,
        min_bytes=plan.min_bytes,
        keep_index=settings.screening_keep_index,
    )
    started = time.perf_counter()
    snapshot = store.load_all()
    log.info(
        "lists_indexed",
        origin=store.index_origin or "none",
        seconds=round(time.perf_counter() - started, 2),
    )
    for status in store.status.values():
        log.info(
            "list_loaded" if status.last_error is None else "list_failed",
            list=status.name,
            version=status.version,
            entries=status.entries,
            error=status.last_error,
        )
    report_outdated(store, settings.screening_list_max_age_days)
    if snapshot.index is None and not store.url_sources():
        log.error("no_lists_loaded", sources=len(plan.specs))
    return ListRuntime(store, settings)
