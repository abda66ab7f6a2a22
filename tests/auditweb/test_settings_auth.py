"""Protection: when it is required, what it accepts, and the settings that refuse to start."""

from __future__ import annotations

import base64

import pytest
from pydantic import ValidationError

from services.auditweb.auth import Credentials
from services.auditweb.settings import AuditSettings, is_loopback


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("values", "required"),
    [
        ({}, False),
        ({"audit_host": "localhost"}, False),
        ({"audit_host": "::1"}, False),
        ({"audit_host": "127.0.0.2"}, False),
        ({"audit_token": "t"}, True),
        ({"audit_host": "0.0.0.0", "audit_token": "t"}, True),
        ({"audit_host": "10.1.2.3", "audit_username": "u", "audit_password": "p"}, True),
        ({"audit_host": "0.0.0.0", "audit_auth": "off"}, False),
        ({"audit_auth": "on", "audit_token": "t"}, True),
    ],
)
def test_when_protection_is_required(values: dict[str, str], required: bool) -> None:
    assert AuditSettings(**values).auth_required is required  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"audit_host": "0.0.0.0"}, "beyond this machine"),
        ({"audit_host": "audit.example.org"}, "beyond this machine"),
        ({"audit_auth": "on"}, "protection is on"),
        ({"audit_username": "u"}, "needs both"),
        ({"audit_password": "p"}, "needs both"),
    ],
)
def test_settings_refuse_an_unprotected_page_beyond_localhost(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        AuditSettings(**values)  # type: ignore[arg-type]


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEARWAY_AUDIT_HOST", "0.0.0.0")
    monkeypatch.setenv("CLEARWAY_AUDIT_TOKEN", "s3cret")
    monkeypatch.setenv("CLEARWAY_AUDIT_START", "now")
    settings = AuditSettings()
    assert settings.auth_required and settings.audit_start == "now"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


BOTH = Credentials(username="officer", password="pa:ss", token="tok")


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        (None, False),
        ("", False),
        ("Bearer tok", True),
        ("bearer tok", True),
        ("Bearer tok2", False),
        ("Bearer ", False),
        (basic("officer", "pa:ss"), True),
        (basic("officer", "pa"), False),
        (basic("other", "pa:ss"), False),
        ("Basic !!!notbase64", False),
        ("Basic " + base64.b64encode(b"no-colon").decode(), False),
        ("Digest x", False),
    ],
)
def test_credentials_accept_only_the_configured_ones(header: str | None, accepted: bool) -> None:
    assert BOTH.accepts(header) is accepted


def test_a_scheme_that_is_not_configured_is_refused() -> None:
    assert not Credentials(token="tok").accepts(basic("officer", "pa:ss"))
    assert not Credentials(username="u", password="p").accepts("Bearer ")
    assert Credentials(token="tok").schemes() == ["Bearer"]


@pytest.mark.parametrize(
    ("path", "header", "status"),
    [
        ("/metrics", "Bearer scrape", 200),
        ("/api/decisions", "Bearer scrape", 401),
        ("/api/export.csv", "Bearer scrape", 401),
        ("/metrics", "Bearer tok", 200),
        ("/api/decisions", "Bearer tok", 200),
        ("/metrics", "Bearer other", 401),
    ],
)
def test_the_metrics_token_opens_metrics_and_nothing_else(
    path: str, header: str, status: int
) -> None:
    """Prometheus scrapes with a token that cannot read decisions (issue 19)."""
    import asyncio

    from services.auditweb.auth import Message, Receive, RequireCredentials, Scope, Send

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request"}

    guarded = RequireCredentials(app, Credentials(token="tok", metrics_token="scrape"))
    scope = {"type": "http", "path": path, "headers": [(b"authorization", header.encode())]}
    asyncio.run(guarded(scope, receive, send))
    assert sent[0]["status"] == status
