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

A refresh that fails for any reason keeps the last good list (see ``ListStore.refresh``).
Tests fake nothing here: they serve the real list files from a local HTTP server.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 304
    data: bytes | None
    etag: str | None
    last_modified: str | None


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
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, max=30),
            retry=retry_if_exception(_retryable),
            reraise=True,
        ):
            with attempt:
                response = await self.client.get(url, headers=headers)
                if response.status_code == 304:
                    return Fetched(304, None, etag, last_modified)
                response.raise_for_status()
                return Fetched(
                    200,
                    response.content,
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover
