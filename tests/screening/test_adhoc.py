"""Ad-hoc screening: the screening service's ``POST /screen`` answers with its own decision
code and records nothing; the officer's page asks it through ``POST /api/screen``."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from services import registry
from services.auditweb import screenproxy
from services.auditweb.app import build_app as build_page
from services.auditweb.auth import Credentials
from services.auditweb.reader import Notifier
from services.auditweb.store import DecisionStore
from services.common.runtime import build_app
from tests.fakes import FakeWriter


@pytest.fixture(scope="module")
async def screening() -> Any:
    entry = registry.get("screening")
    settings = entry.settings()
    definition = entry.definition(settings)
    if definition.prepare is not None:
        await definition.prepare()
    return build_app(definition, settings, writer=FakeWriter()).app


async def test_the_service_screens_a_name_and_records_nothing(screening: Any) -> None:
    """The UN lists the Atomic Energy Organisation of Iran (IRe.006): red, binding on an EU
    operator, with the legal basis and the list versions used."""
    transport = httpx.ASGITransport(app=screening)
    async with httpx.AsyncClient(transport=transport, base_url="http://s") as http:
        answer = await http.post(
            "/screen", json={"name": "Atomic Energy Organisation of Iran", "country": "IR"}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["recorded"] is False and body["decision"]["outcome"] == "red_flag"
        assert "un_sc" in body["decision"]["lists_version"]
        assert body["event"]["data"]["partner_id"].startswith("adhoc-")
        owned = await http.post(
            "/screen",
            json={
                "name": "Acme Research Ltd",
                "country": "GB",
                "owners": [{"name": "AEROCARIBBEAN AIRLINES", "share": 0.6, "country": "CU"}],
            },
        )
        assert owned.json()["decision"]["outcome"] in ("needs_review", "red_flag")
        for bad in ({"name": ""}, {"name": "x", "kind": "ship"}, {"name": "x", "country": "XYZ"}):
            assert (await http.post("/screen", json=bad)).status_code == 400


async def test_the_page_asks_the_service_for_signed_in_officers_only(screening: Any) -> None:
    def to_service() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=screening))

    page = build_page(
        DecisionStore(),
        Notifier(),
        credentials=Credentials(users={"anna": ("anna-password-1", frozenset({"viewer"}))}),
        extra_routes=screenproxy.routes("http://screening:8080", client=to_service),
    )
    signed_in = {
        "Authorization": "Basic " + base64.b64encode(b"anna:anna-password-1").decode(),
        "X-Clearway-Page": "1",
    }
    question = {"name": "Fraunhofer-Gesellschaft", "country": "DE"}
    transport = httpx.ASGITransport(app=page)
    async with httpx.AsyncClient(transport=transport, base_url="http://page") as http:
        assert (await http.post("/api/screen", json=question)).status_code == 401
        no_header = {"Authorization": signed_in["Authorization"]}
        assert (await http.post("/api/screen", json=question, headers=no_header)).status_code == 403
        answer = await http.post("/api/screen", json=question, headers=signed_in)
        assert answer.status_code == 200, answer.text
        assert answer.json()["decision"]["outcome"] == "cleared"
