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
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROTECTED_PREFIXES = ("/api/", "/metrics")
#: where the middleware puts the signed-in identity in the ASGI scope
USER_KEY = "clearway.user"
#: the header the page sends with every request
PAGE_HEADER = "x-clearway-page"


#: who made a request: the signed-in name and their roles (see services/auditweb/cases.py)
Identity = tuple[str, frozenset[str]]
#: the name the bearer token's actions are attributed to
TOKEN_USER = "api-token"  # noqa: S105 (a name, not a secret)


@dataclass(frozen=True)
class Credentials:
    """What the page accepts: a username and password, a bearer token, named officers with
    their own passwords and roles, or several of these."""

    username: str | None = None
    password: str | None = None
    token: str | None = None
    metrics_token: str | None = None
    #: named officers: username -> (password, roles)
    users: Mapping[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    #: the roles of the single configured user and of the bearer token
    roles: frozenset[str] = frozenset({"administrator"})

    def accepts_metrics(self, header: str | None) -> bool:
        """The metrics token, on ``/metrics`` only."""
        if not header or not self.metrics_token:
            return False
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and secrets.compare_digest(
            value.strip().encode(), self.metrics_token.encode()
        )

    def accepts(self, header: str | None) -> bool:
        return self.identify(header) is not None

    def identify(self, header: str | None) -> Identity | None:
        """Who the credentials belong to, or None when they are not valid."""
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer" and self.token:
            ok = secrets.compare_digest(value.encode(), self.token.encode())
            return (TOKEN_USER, self.roles) if ok else None
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        if not sep:
            return None
        if self.username and self.password:
            same = secrets.compare_digest(
                user.encode(), self.username.encode()
            ) & secrets.compare_digest(password.encode(), self.password.encode())
            if same:
                return (self.username, self.roles)
        known = self.users.get(user)
        if known is not None and secrets.compare_digest(password.encode(), known[0].encode()):
            return (user, known[1])
        return None

    def schemes(self) -> list[str]:
        basic = bool(self.username or self.users)
        return (["Basic"] if basic else []) + (["Bearer"] if self.token else [])


def identity_of(scope: Scope) -> Identity | None:
    """Who made the request, as the middleware found it (None: nobody signed in)."""
    found: Identity | None = scope.get(USER_KEY)
    return found


def from_page(headers: Mapping[str, str]) -> bool:
    """The page marks its requests with a header a cross-site form cannot send: an action
    without it is refused (no request forgery)."""
    return headers.get(PAGE_HEADER) == "1"


def _session_user(scope: Scope) -> Identity | None:
    """The officer signed in through OpenID Connect (the session cookie), if any."""
    session = scope.get("session")
    user = session.get("user") if isinstance(session, dict) else None
    if not isinstance(user, dict) or not isinstance(user.get("name"), str):
        return None
    roles = user.get("roles")
    return user["name"], frozenset(r for r in roles or () if isinstance(r, str))


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
        identity = self.credentials.identify(authorization) or _session_user(scope)
        if identity is not None and not identity[1]:
            body = json.dumps({"error": "signed in, but without a Clearway role"}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        if identity is not None:
            scope[USER_KEY] = identity
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/metrics" and self.credentials.accepts_metrics(authorization):
            await self.app(scope, receive, send)
            return
        page = from_page(headers)
        challenges = [
            f'{scheme} realm="clearway-audit"'
            for scheme in self.credentials.schemes()
            if not (page and scheme == "Basic")
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
