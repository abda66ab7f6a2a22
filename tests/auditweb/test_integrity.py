"""The audit page and the integrity of what it shows: each decision says whether its
signature and chain verified, and a record that did not verify is never presented as the
current state of its subject (a forged "cleared" after a real red flag)."""

from __future__ import annotations

import httpx

from services.auditweb.app import build_app
from services.auditweb.reader import AuditReader, Notifier
from services.auditweb.store import DecisionStore, Position
from services.common.integrity import SigningKey, Verifier, seal
from tests.auditweb.records import at, decision

KEY = SigningKey.generate("k1")


async def get(app: object, path: str) -> dict:  # type: ignore[type-arg]
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://page") as client:
        response = await client.get(path)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]


async def test_a_forged_cleared_is_not_the_current_state_of_its_subject() -> None:
    store = DecisionStore()
    store.add(
        decision(1, outcome="red_flag", subject="P-1"), at(0), Position("a", 0, 0), "verified"
    )
    store.add(decision(2, outcome="cleared", subject="P-1"), at(1), Position("a", 0, 1), "unsigned")
    body = await get(build_app(store, Notifier()), "/api/subjects/P-1")
    assert body["current"]["outcome"] == "red_flag"
    assert body["unverified"] == 1
    assert [h["integrity"] for h in body["history"]] == ["verified", "unsigned"]


async def test_without_public_keys_the_page_says_it_checks_nothing() -> None:
    store = DecisionStore()
    store.add(decision(1, outcome="cleared", subject="P-2"), at(0), Position("a", 0, 0))
    body = await get(build_app(store, Notifier()), "/api/subjects/P-2")
    assert body["current"]["integrity"] == "not_checked"


def test_the_reader_checks_each_record_in_log_order() -> None:
    store = DecisionStore()
    reader = AuditReader({}, "a", store, Notifier(), verifier=Verifier({"k1": KEY.public}))
    assert reader.trail is not None
    first, h1 = seal(decision(1, outcome="red_flag"), KEY, "w", "start", 0)
    second, _ = seal(decision(2, outcome="cleared"), KEY, "w", h1, 0)
    forged, _ = seal(decision(3, outcome="cleared"), SigningKey.generate("x"), "w", h1, 0)
    reader.trail.start(0, anchored=True)
    found = [reader.trail.add(0, i, v) for i, v in enumerate([first, second, forged])]
    assert found == ["verified", "verified", "unknown_key"]
    assert reader.status()["integrity"]["checked"] is True
