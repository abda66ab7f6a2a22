"""List sources trusted no further than they deserve: a plausibility floor even on the first
load, content that must be the declared format, caps on raw and unpacked bytes, redirects only
over https to allowed hosts, every failure caught, credentials and secrets never shown, and
the last good copy on disk used after a restart during an outage."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import httpx
import pytest

from services.sanctions.fetch import ListFetcher, TooLarge, UnsafeRedirect, _next_hop
from services.sanctions.lists.formats import ListFiles, gunzip
from services.sanctions.lists.load import load_bytes
from services.sanctions.lists.model import ListFormatError
from services.sanctions.lists.source import ListSource, redact
from services.sanctions.settings import MIN_ENTRIES
from services.sanctions.store import ListStore
from tests.listserver import serve

SDN = "data/sanctions/ofac_sdn/sdn_2024-05-02_jackdwyer.csv"


def fetcher() -> tuple[httpx.AsyncClient, ListFetcher]:
    client = httpx.AsyncClient(timeout=2.0, follow_redirects=False)
    return client, ListFetcher(client, attempts=1, backoff_seconds=0.01)


def two_rows(shared_dir: Path, tmp_path: Path) -> Path:
    lines = (shared_dir / SDN).read_bytes().splitlines(keepends=True)[:2]
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"".join(lines))
    return path


async def test_a_two_row_list_is_refused_on_the_first_load(
    shared_dir: Path, tmp_path: Path
) -> None:
    with serve(two_rows(shared_dir, tmp_path)) as server:
        store = ListStore([f"ofac_legacy:{server.url}"], min_entries=MIN_ENTRIES)
        client, fetch = fetcher()
        async with client:
            snapshot = await store.refresh(fetch)
    assert snapshot.index is None and snapshot.failed
    (status,) = store.status.values()
    assert status.last_error and "implausible" in status.last_error


async def test_a_web_page_served_as_the_list_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "sdn.csv"
    page.write_bytes(b"<!DOCTYPE html><html><body>Maintenance</body></html>")
    with serve(page) as server:
        store = ListStore([f"ofac_legacy:{server.url}"])
        client, fetch = fetcher()
        async with client:
            snapshot = await store.refresh(fetch)
    assert snapshot.index is None
    (status,) = store.status.values()
    assert status.last_error and "web page" in status.last_error


def test_content_that_is_not_the_declared_format_is_refused(shared_dir: Path) -> None:
    un = (shared_dir / "data/sanctions/un").glob("*.xml")
    data = next(iter(un)).read_bytes()
    with pytest.raises(ListFormatError, match="declared ofac_legacy"):
        load_bytes(ListSource.parse("ofac_legacy:x.csv"), ListFiles(data, "x.csv"))


def test_a_gzip_bomb_is_refused_and_a_broken_gzip_is_an_error() -> None:
    bomb = gzip.compress(b"0" * (50 * 1024 * 1024))
    assert len(bomb) < 100_000
    with pytest.raises(ListFormatError, match="unpacks to more than"):
        gunzip(bomb, 10 * 1024 * 1024)
    with pytest.raises(ListFormatError, match="broken gzip"):
        gunzip(b"\x1f\x8b" + b"\x00" * 50, 1024)
    assert isinstance(zlib.error, type)


async def test_a_corrupt_gzip_file_source_fails_alone(tmp_path: Path, shared_dir: Path) -> None:
    bad = tmp_path / "sdn.csv.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"garbage" * 100)
    store = ListStore([f"ofac_legacy:{bad}", str(shared_dir / SDN)])
    snapshot = store.load_all()  # no exception: the other source still loads
    assert snapshot.index is not None and snapshot.failed


async def test_a_body_over_the_limit_is_refused(shared_dir: Path) -> None:
    with serve(shared_dir / SDN) as server:
        client, fetch = fetcher()
        async with client:
            with pytest.raises(TooLarge):
                await fetch.get(server.url, max_bytes=100_000)


async def test_redirects_only_over_https_to_allowed_hosts(shared_dir: Path) -> None:
    with serve(shared_dir / SDN) as target, serve(shared_dir / SDN) as server:
        server.mode = "redirect"
        server.redirect_to = target.url  # http: refused whatever the host
        client, fetch = fetcher()
        async with client:
            with pytest.raises(UnsafeRedirect, match="non-https"):
                await fetch.get(server.url)
    with pytest.raises(UnsafeRedirect, match="not allowed"):
        _next_hop("https://un.org/list.xml", "https://evil.example/list.xml", {"un.org"})
    assert (
        _next_hop("https://un.org/x", "https://scsanctions.un.org/x.xml", {"scsanctions.un.org"})
        == "https://scsanctions.un.org/x.xml"
    )


async def test_credentials_and_secrets_never_show(tmp_path: Path) -> None:
    spec = "eu_fsf=eu_fsf:http://user:hunter2@127.0.0.1:9/list.xml?token={token}"
    store = ListStore([spec], secrets={"eu_fsf": "s3cr3t-token"})
    client, fetch = fetcher()
    async with client:
        await store.refresh(fetch)  # nothing listens on port 9: it fails
    (status,) = store.status.values()
    shown = str(status.as_dict())
    assert "hunter2" not in shown and "s3cr3t-token" not in shown
    assert status.last_error
    assert redact("https://x.org/l?token=abc&format=xml") == "https://x.org/l?token=***&format=xml"
    assert redact("https://u:p@x.org/l") == "https://x.org/l"


async def test_a_restart_during_an_outage_screens_on_the_last_good_copy(
    shared_dir: Path, tmp_path: Path
) -> None:
    served = tmp_path / "sdn.csv"
    served.write_bytes((shared_dir / SDN).read_bytes())
    cache = tmp_path / "cache"
    with serve(served) as server:
        spec = f"ofac_legacy:{server.url}"
        first = ListStore([spec], cache_dir=cache)
        client, fetch = fetcher()
        async with client:
            assert (await first.refresh(fetch)).index is not None
        server.mode = "error"  # the source is down, and the service restarts
        second = ListStore([spec], cache_dir=cache)
        snapshot = second.load_all()
        assert snapshot.index is not None and not snapshot.failed
        client, fetch = fetcher()
        async with client:
            after = await second.refresh(fetch)
    assert after.index is snapshot.index  # still the kept copy
    assert after.versions == first.snapshot.versions
