"""Sign-in through OpenID Connect against a real provider (Keycloak, tests/keycloak.py): the
authorization code flow as a browser follows it, the officer's name and roles from the ID
token, actions attributed to them, and a person without a Clearway role reading nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest

from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from tests.auditweb.records import SANCTIONS_REASON, T0, decision
from tests.auditweb.serving import serving
from tests.keycloak import CLIENT_ID, CLIENT_SECRET, OFFICERS, Keycloak

pytestmark = pytest.mark.timeout(300)
FORM = re.compile(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"')


async def sign_in(page: httpx.AsyncClient, name: str) -> None:
    """What a browser does: to the provider, its login form, back to the page."""
    to_provider = await page.get("/auth/login")
    assert to_provider.status_code == 302, to_provider.text
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        form = await browser.get(to_provider.headers["location"])
        action = FORM.search(form.text)
        assert action, form.text[:2000]
        # Keycloak marks its cookies Secure; browsers send those to http://127.0.0.1 (a
        # potentially trustworthy origin), httpx only over https: send them as a browser does
        sent = "; ".join(f"{c.name}={c.value}" for c in browser.cookies.jar)
        back = await browser.post(
            html.unescape(action.group(1)),
            data={"username": name, "password": OFFICERS[name][0], "credentialId": ""},
            headers={"Cookie": sent},
            follow_redirects=False,
        )
    assert back.status_code == 302, back.text[:2000]
    landed = await page.get(back.headers["location"])
    assert landed.status_code == 303 and landed.headers["location"] == "/"


def page_settings(keycloak: Keycloak, tmp_path: Path) -> AuditSettings:
    return AuditSettings(
        audit_auth="on",
        audit_oidc_issuer=keycloak.issuer,
        audit_oidc_client_id=CLIENT_ID,
        audit_oidc_client_secret=CLIENT_SECRET,
        audit_session_secret="a-session-secret-of-at-least-32-characters",
        audit_database_url=f"sqlite:///{tmp_path / 'store.db'}",
        audit_event_topics=[],
        kafka_bootstrap_servers="127.0.0.1:9",  # no broker: the readers retry, the API works
    )


async def test_officers_sign_in_with_the_identity_provider(
    keycloak: Keycloak, tmp_path: Path
) -> None:
    settings = page_settings(keycloak, tmp_path)
    async with serving(from_settings(settings)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as anna:
            assert (await anna.get("/api/me")).status_code == 401  # not signed in yet
            await sign_in(anna, "anna")
            me = (await anna.get("/api/me")).json()
            assert (me["signed_in"], me["name"], me["roles"]) == (True, "anna", ["reviewer"])
            assert (await anna.get("/api/cases")).status_code == 200
            assert (await anna.get("/auth/logout")).status_code == 405  # never by a link
            assert (await anna.post("/auth/logout")).status_code == 403  # not from the page
            await anna.post("/auth/logout", headers={"X-Clearway-Page": "1"})
            assert (await anna.get("/api/me")).status_code == 401
        async with httpx.AsyncClient(base_url=url, timeout=30) as olga:
            await sign_in(olga, "olga")  # in the directory, without a Clearway role
            refused = await olga.get("/api/cases")
            assert refused.status_code == 403 and "role" in refused.json()["error"]


async def test_a_forged_session_cookie_is_no_sign_in(keycloak: Keycloak, tmp_path: Path) -> None:
    settings = page_settings(keycloak, tmp_path)
    async with serving(from_settings(settings)) as url:
        forged = {"clearway_session": "eyJ1c2VyIjogeyJuYW1lIjogIm1hbGxvcnkifX0="}
        async with httpx.AsyncClient(base_url=url, cookies=forged) as http:
            assert (await http.get("/api/me")).status_code == 401


async def test_actions_are_attributed_to_the_signed_in_officer(
    keycloak: Keycloak, tmp_path: Path
) -> None:
    from services.auditweb.db.projector import Record, project

    settings = page_settings(keycloak, tmp_path)
    red = decision(
        1, outcome="red_flag", service="screening", subject="P-7", reasons=[SANCTIONS_REASON]
    )
    async with serving(from_settings(settings)) as url:
        from services.auditweb.db.migrate import engine_for

        store = engine_for(settings.audit_database_url)
        project(store, [Record("audit", 0, 0, red, int(T0.timestamp() * 1000))])
        async with httpx.AsyncClient(base_url=url, timeout=30) as anna:
            await sign_in(anna, "anna")
            (case,) = (await anna.get("/api/cases")).json()["items"]
            answer = await anna.post(
                f"/api/cases/{case['id']}/comment",
                json={"text": "asked the partner for its registration"},
                headers={"X-Clearway-Page": "1"},
            )
            assert answer.status_code == 200, answer.text
            history = (await anna.get(f"/api/cases/{case['id']}")).json()["history"]
    assert [(h["actor"], h["kind"]) for h in history] == [
        ("clearway", "decision"),
        ("anna", "commented"),
    ]
