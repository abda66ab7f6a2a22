"""The officer's loop through the real broker and the page itself (issue 20, items 1 to 3):
the screening service's red decision reaches the page's store and opens a case; one officer
records a false positive from the page, a second approves it; the page writes the signed
review to the review topic as its own writer; the partner's next decision shows the
suppression naming both officers; the store has both decisions and the case's history."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from services import registry
from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from services.common.runtime import build_app
from tests.auditweb.serving import serving
from tests.fakes import encode, partner_event
from tests.kafkahelp import (
    decision_of,
    produce,
    read_topic,
    running,
    screening_with_page_reviews,
)

pytestmark = pytest.mark.kafka
PASSWORDS = {"anna": "anna-password-1", "ben": "ben-password-22"}


def as_(name: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{PASSWORDS[name]}".encode()).decode()
    return {"Authorization": f"Basic {token}", "X-Clearway-Page": "1"}


async def until(
    http: httpx.AsyncClient, path: str, ok: Callable[[Any], bool], who: str = "anna"
) -> Any:
    for _ in range(300):
        body = (await http.get(path, headers=as_(who))).json()
        if ok(body):
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"{path}: {body}")


@pytest.mark.timeout(240)
async def test_two_officers_clear_a_false_positive_from_the_page(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    settings, page_key = await screening_with_page_reviews(
        kafka_bootstrap, unique, shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv"
    )
    entry = registry.get("screening")
    page = AuditSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        audit_topic=settings.audit_topic,
        audit_event_topics=[settings.input_topic],
        audit_database_url=f"sqlite:///{tmp_path / 'store.db'}",
        audit_review_topic=settings.review_topic,
        audit_users={
            "anna": {"password": PASSWORDS["anna"], "roles": ["reviewer"]},
            "ben": {"password": PASSWORDS["ben"], "roles": ["approver"]},
        },
        signing_key_id=page_key.key_id,
        signing_key=page_key.pem().decode(),
    )
    partner = {**partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"), "id": f"{unique}-1"}
    async with (
        running(build_app(entry.definition(settings), settings)),
        serving(from_settings(page)) as url,
        httpx.AsyncClient(base_url=url, timeout=15) as http,
    ):
        await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
        queue = await until(http, "/api/cases?view=unassigned", lambda b: len(b["items"]) == 1)
        case = queue["items"][0]
        assert (case["subject_id"], case["worst"]) == ("P-1", "red_flag")
        # the screened name finds the decision in the store
        found = await until(http, "/api/search?name=aerocaribbean", lambda b: len(b["items"]) == 1)
        decision_id = found["items"][0]["decision_id"]
        (first,) = await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)
        (match,) = [
            r["evidence"] for r in first["data"]["reasons"] if r["code"] == "SANCTIONS_MATCH"
        ]
        review = {
            "decision_id": decision_id,
            "list": match["list"],
            "entry_id": match["entry_id"],
            "verdict": "false_positive",
            "note": "a charter company of the same name, registered in Spain",
        }
        cid = case["id"]
        answer = await http.post(f"/api/cases/{cid}/review", headers=as_("anna"), json=review)
        assert answer.status_code == 200, answer.text
        assert not answer.json()["review_written"]  # waits for a second officer
        answer = await http.post(f"/api/cases/{cid}/approve", headers=as_("ben"), json={})
        assert answer.status_code == 200, answer.text
        assert answer.json()["review_written"]

        await asyncio.sleep(2)  # the screening service follows the review topic
        await produce(
            kafka_bootstrap,
            settings.input_topic,
            [(b"P-1", encode({**partner, "id": f"{unique}-2"}))],
        )
        second = await decision_of(kafka_bootstrap, settings.audit_topic, f"{unique}-2")
        suppressed = [
            r for r in second["data"]["reasons"] if r["code"] == "FALSE_POSITIVE_SUPPRESSED"
        ]
        assert second["data"]["outcome"] == "cleared"
        assert suppressed and suppressed[0]["evidence"]["reviewers"] == ["anna", "ben"]
        # the store has the new decision, and the closed case its history
        # the review itself makes the service judge the partner again: two or three
        await until(
            http,
            "/api/search?subject=P-1&outcome=cleared",
            lambda b: second["data"]["decision_id"] in {i["decision_id"] for i in b["items"]},
        )
        detail = (await http.get(f"/api/cases/{cid}", headers=as_("anna"))).json()
    assert detail["status"] == "closed" and detail["resolution"] == "false_positive"
    assert [(h["actor"], h["kind"]) for h in detail["history"]] == [
        ("clearway", "decision"),
        ("anna", "reviewed_pending_second"),
        ("ben", "approved"),
    ]
