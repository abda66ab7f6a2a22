"""List sources over HTTP: conditional GET, timeouts, retries with backoff.

The httpx errors this module meets, and what it does with each::

    httpx.HTTPError
    ├── httpx.TransportError        retried (with exponential backoff), then the refresh fails
    │   ├── httpx.TimeoutException  a source that hangs: Connect/Read/Write/PoolTimeout
    │   ├── httpx.NetworkError      connection refused or reset (ConnectError, ReadError, ...)
    │   └── httpx.ProtocolError     a broken response (RemoteProtocolError, ...)
    ├── httpx.HTTPStatusError       5xx: retried; 4xx: not retried (the URL or access is wrong)
    ├── httpx.DecodingError         a response body that cannot be decoded: not retried
    └── httpx.TooManyRedirects      not retried

Redirects are followed by hand, at most five: only to https, and only to the source's own
host or the hosts allowed for it (the UN list redirects to a storage host); anything else is
refused (``UnsafeRedirect``). A body is read in chunks and refused beyond ``max_bytes``
(``TooLarge``), so a hostile or broken source cannot exhaust memory.

A refresh that fails for any reason keeps the last good list (see ``ListStore.refresh``).
Tests fake nothing here: they serve the real list files from a local HTTP server.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 304
    data: bytes | None
    etag: str | None
    last_modified: str | None


class UnsafeRedirect(Exception):
    """A redirect to http, or to a host not allowed for the source."""


class TooLarge(Exception):
    """A body larger than the source may send."""


MAX_REDIRECTS = 5


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, httpx.TransportError):
        return True
    return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code >= 500


class ListFetcher:
    """Fetches list files with conditional GET; one client, shared by every source."""

    def __init__(
        self, client: httpx.AsyncClient, *, attempts: int = 3, backoff_seconds: float = 1.0
    ) -> None:
        self.client = client
        self.attempts = attempts
        self.backoff = backoff_seconds

    async def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        max_bytes: int = 200 * 1024 * 1024,
        allowed_hosts: Collection[str] = (),
    ) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hosts = {urlsplit(url).hostname or "", *allowed_hosts}
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, max=30),
            retry=retry_if_exception(_retryable),
            reraise=True,
        ):
            with attempt:
                return await self._get(url, headers, hosts, max_bytes)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _get(
        self, url: str, headers: dict[str, str], hosts: set[str], max_bytes: int
    ) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            async with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(
                        304, None, headers.get("If-None-Match"), headers.get("If-Modified-Since")
                    )
                if response.has_redirect_location:
                    url = _next_hop(url, response.headers["Location"], hosts)
                    continue
                response.raise_for_status()
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > max_bytes:
                    msg = f"the source announces {declared} bytes, over the limit of {max_bytes}"
                    raise TooLarge(msg)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        msg = f"the body exceeds the limit of {max_bytes} bytes"
                        raise TooLarge(msg)
                return Fetched(
                    200,
                    bytes(body),
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )
        msg = f"more than {MAX_REDIRECTS} redirects"
        raise httpx.TooManyRedirects(msg)


def _next_hop(current: str, location: str, hosts: set[str]) -> str:
    """Where a redirect leads, if it is safe to follow: https, to an allowed host."""
    target = urljoin(current, location)
    parts = urlsplit(target)
    if parts.scheme != "https":
        msg = f"redirect to a non-https URL ({parts.scheme}://{parts.hostname}) refused"
        raise UnsafeRedirect(msg)
    if parts.hostname not in hosts:
        msg = f"redirect to host {parts.hostname!r}, not allowed for this source, refused"
        raise UnsafeRedirect(msg)
    return target
