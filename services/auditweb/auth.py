"""Optional HTTP basic / bearer protection of the audit page's API (ASGI middleware).

What is protected: ``/api/*`` and ``/metrics``, everything that carries decisions or
figures. What is not: the page shell (``/`` and ``/static/*``, which hold no data) and
the health probes. The page asks for credentials in its own sign-in box and sends them
with every request; to keep the browser's native prompt from popping up over it, the
page marks its requests with ``X-Clearway-Page: 1`` and the answer to those carries no
``Basic`` challenge. Other clients (curl, scripts) get the usual challenges.

A separate metrics token (``CLEARWAY_AUDIT_METRICS_TOKEN``) opens ``/metrics`` and
nothing else, so the Prometheus that scrapes the page holds no credential that reads
decisions. The officers' credentials open ``/metrics`` too.

Credentials are compared in constant time; they are never logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROTECTED_PREFIXES = ("/api/", "/metrics")


@dataclass(frozen=True)
class Credentials:
    """What the page accepts: a username and password, a bearer token, or both."""

    username: str | None = None
    password: str | None = None
    token: str | None = None
    metrics_token: str | None = None

    def accepts_metrics(self, header: str | None) -> bool:
        """The metrics token, on ``/metrics`` only."""
        if not header or not self.metrics_token:
            return False
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and secrets.compare_digest(
            value.strip().encode(), self.metrics_token.encode()
        )

    def accepts(self, header: str | None) -> bool:
        if not header:
            return False
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer" and self.token:
            return secrets.compare_digest(value.encode(), self.token.encode())
        if scheme.lower() == "basic" and self.username and self.password:
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return False
            user, sep, password = decoded.partition(":")
            return bool(sep) and (
                secrets.compare_digest(user.encode(), self.username.encode())
                & secrets.compare_digest(password.encode(), self.password.encode())
            )
        return False

    def schemes(self) -> list[str]:
        return (["Basic"] if self.username else []) + (["Bearer"] if self.token else [])


class RequireCredentials:
    """Answers 401 to protected paths without valid credentials."""

    def __init__(self, app: ASGIApp, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        authorization = headers.get("authorization")
        if self.credentials.accepts(authorization) or (
            scope["path"] == "/metrics" and self.credentials.accepts_metrics(authorization)
        ):
            await self.app(scope, receive, send)
            return
        from_page = headers.get("x-clearway-page") == "1"
        challenges = [
            f'{scheme} realm="clearway-audit"'
            for scheme in self.credentials.schemes()
            if not (from_page and scheme == "Basic")
        ]
        body = json.dumps(
            {"error": "unauthorized", "schemes": [s.lower() for s in self.credentials.schemes()]}
        ).encode()
        response_headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *[(b"www-authenticate", c.encode()) for c in challenges],
        ]
        await send({"type": "http.response.start", "status": 401, "headers": response_headers})
        await send({"type": "http.response.body", "body": body})
