"""List refresh over HTTP against a local server serving the real SDN files."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from schemas import PartnerUpsertedEvent
from schemas.decision import outcome_of
from services.sanctions.fetch import ListFetcher
from services.sanctions.store import ListStore
from services.screening import reference, rules
from tests.listserver import serve

SDN = "data/sanctions/ofac_sdn"


def fetcher(timeout: float = 2.0) -> tuple[httpx.AsyncClient, ListFetcher]:
    client = httpx.AsyncClient(timeout=timeout)
    return client, ListFetcher(client, attempts=2, backoff_seconds=0.01)


@pytest.fixture
def sdn_files(shared_dir: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A file the server serves, and the two consecutive real SDN versions to put in it."""
    served = tmp_path / "sdn.csv"
    old = shared_dir / SDN / "sdn_2024-05-02_jackdwyer.csv"
    new = shared_dir / SDN / "sdn_2024-05-03_jackdwyer.csv"
    served.write_bytes(old.read_bytes())
    return served, old, new


async def test_conditional_get_swap_and_failures_keep_the_last_good_list(
    sdn_files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    served, _, new = sdn_files
    with serve(served) as server:
        store = ListStore([f"ofac_legacy:{server.url}"], cache_dir=tmp_path / "cache")
        client, fetch = fetcher(timeout=1.0)
        async with client:
            first = await store.refresh(fetch)
            assert first.index is not None and first.index.size == 14_973
            version = first.versions["us_ofac_sdn"]

            again = await store.refresh(fetch)  # unchanged: 304, same snapshot
            assert server.requests[-1].get("If-None-Match")
            assert again is not first and again.index is first.index

            served.write_bytes(new.read_bytes())  # the publisher updates the file
            swapped = await store.refresh(fetch)
            assert swapped.index is not None and swapped.index.size == 14_965
            assert swapped.versions["us_ofac_sdn"] != version
            good = swapped.versions

            for mode in ("error", "hang", "truncated", "empty"):
                server.mode = mode
                server.hang_seconds = 2.5
                kept = await store.refresh(fetch)
                assert kept.versions == good, mode
                assert kept.index is not None and kept.index.size == 14_965, mode
                status = store.status[f"ofac_legacy:{server.url}"]
                assert status.last_error, mode
            assert store.status[f"ofac_legacy:{server.url}"].errors >= 4


async def test_a_store_that_never_loaded_decides_lists_unavailable(
    sdn_files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    served, _, _ = sdn_files
    with serve(served) as server:
        server.mode = "error"
        store = ListStore([f"ofac_legacy:{server.url}"], cache_dir=tmp_path / "cache")
        client, fetch = fetcher()
        async with client:
            snapshot = await store.refresh(fetch)
    assert snapshot.index is None and snapshot.failed
    event = PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "partner.upserted",
            "time": "2026-11-20T00:00:00Z",
            "data": {
                "partner_id": "P",
                "kind": "organization",
                "name": "Clean GmbH",
                "country": "DE",
            },
        }
    )
    verdict = rules.decide(event, snapshot, reference.load_regimes(), rules.Thresholds())
    assert [r.code.value for r in verdict.reasons] == ["LISTS_UNAVAILABLE"]
    assert outcome_of(verdict.reasons).value == "needs_review"


async def test_a_suspiciously_small_download_is_refused(
    sdn_files: tuple[Path, Path, Path], tmp_path: Path, shared_dir: Path
) -> None:
    served, _, _ = sdn_files
    with serve(served) as server:
        store = ListStore([f"ofac_legacy:{server.url}"], cache_dir=tmp_path / "cache")
        client, fetch = fetcher()
        async with client:
            await store.refresh(fetch)
            served.write_bytes(
                (shared_dir / SDN / "sdn_2021-08-18_jackdwyer.csv").read_bytes()
            )  # 9,083
            kept = await store.refresh(fetch)
    assert kept.index is not None and kept.index.size == 14_973
    assert "suspicious download" in (store.status[f"ofac_legacy:{server.url}"].last_error or "")
