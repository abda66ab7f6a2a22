"""The page's API in memory: an httpx client over the ASGI app, fakes instead of Kafka."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.auditweb.app import build_app
from services.auditweb.auth import Credentials
from services.auditweb.judged import WITHHELD
from services.auditweb.reader import Notifier
from services.auditweb.store import DecisionStore, Position
from tests.auditweb.records import SANCTIONS_REASON, decision, filled, real_decisions

JUDGED_EVENT = {
    "id": "e-0002",
    "type": "partner.upserted",
    "data": {
        "partner_id": "P-1",
        "kind": "organization",
        "name": "Banco Nacional de Cuba",
        "address": "Havana",
        "country": "CU",
    },
}


class FakeJudged:
    """Judged events by id, as the Kafka reader would find them."""

    def __init__(self, events: dict[str, bytes | None]) -> None:
        self.events = events

    def position(self, event_id: str) -> Position | None:
        return Position("partner.events.v1", 0, 7) if event_id in self.events else None

    async def fetch(self, position: Position) -> bytes | None:
        return next(iter(self.events.values()))


def records() -> list[bytes]:
    return [
        decision(0, outcome="cleared", subject="DT-1"),
        decision(1, outcome="needs_review", subject="DT-2"),
        decision(
            2,
            outcome="red_flag",
            service="screening",
            subject="P-1",
            reasons=[SANCTIONS_REASON],
            lists_version={"us_ofac_sdn": "sha256:abc"},
        ),
        decision(
            3,
            outcome="cleared",
            service="screening",
            subject="P-1",
            trigger="lists_changed",
            previous_lists_version={"us_ofac_sdn": "sha256:abc"},
            reasons=[],
        ),
        decision(4, outcome="red_flag", subject="=cmd|' /C calc'!A0"),
    ]


def client_for(store: DecisionStore, **options: Any) -> httpx.AsyncClient:
    app = build_app(store, Notifier(), **options)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    store = filled(records())
    judged = FakeJudged({"e-0002": json.dumps(JUDGED_EVENT).encode()})
    async with client_for(store, judged=judged) as c:
        yield c


async def test_the_list_is_newest_first_with_colours_services_subjects_and_reasons(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/api/decisions")).json()
    items = body["items"]
    assert [i["seq"] for i in items] == [5, 4, 3, 2, 1]
    assert body["latest_seq"] == 5 and body["next_before"] is None
    red = items[2]
    assert (red["outcome"], red["service"], red["subject_id"]) == ("red_flag", "screening", "P-1")
    assert red["reasons"][0]["message"].startswith("The partner name 'Banco Nacional de Cuba'")
    assert items[1]["trigger"] == "lists_changed"


@pytest.mark.parametrize(
    ("query", "seqs"),
    [
        ("outcome=red_flag", [5, 3]),
        ("outcome=cleared,needs_review&service=gdpr", [2, 1]),
        ("service=screening", [4, 3]),
        ("subject=P-1", [4, 3]),
        ("q=dt-", [2, 1]),
        ("since=2026-11-20T09:15:00Z&until=2026-11-20T09:35", [4, 3]),
        ("after=3", [5, 4]),
        ("limit=2", [5, 4]),
        ("limit=2&before=4", [3, 2]),
        ("limit=0", [5]),
        ("limit=-3", [5]),
    ],
)
async def test_filters(client: httpx.AsyncClient, query: str, seqs: list[int]) -> None:
    body = (await client.get(f"/api/decisions?{query}")).json()
    assert [i["seq"] for i in body["items"]] == seqs


@pytest.mark.parametrize("query", ["outcome=green", "since=soon", "after=-3", "limit=x"])
async def test_a_bad_filter_is_a_400_with_the_reason(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(f"/api/decisions?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


async def test_detail_has_reasons_evidence_versions_and_the_judged_event(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/api/decisions/d-0002")).json()
    reason = body["event"]["data"]["reasons"][0]
    assert reason["legal_basis"] == "us_ofac_sdn: CUBA"
    assert reason["evidence"]["matched_name"] == "BANCO NACIONAL DE CUBA"
    assert reason["evidence"]["score"] == 1.0
    assert body["versions"]["lists_version"] == {"us_ofac_sdn": "sha256:abc"}
    assert body["versions"]["rules_version"] == "test/1"
    assert body["record"] == {
        "topic": "audit",
        "partition": 0,
        "offset": 2,
        "recorded_at": "2026-11-20T09:20:00+00:00",
    }
    judged = body["judged_event"]
    assert judged["status"] == "found"
    assert judged["event"]["data"]["name"] == "Banco Nacional de Cuba"  # in the decision
    assert judged["event"]["data"]["address"] == WITHHELD  # not in the decision
    assert judged["withheld"] == 1
    assert body["versions_held"] == [
        {"seq": 3, "recorded_at": "2026-11-20T09:20:00+00:00", "outcome": "red_flag"}
    ]


async def test_detail_says_why_the_judged_event_is_missing(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/decisions/d-0001")).json()
    assert body["judged_event"]["status"] == "not_found"
    assert (await client.get("/api/decisions/nope")).status_code == 404
    async with client_for(filled(records())) as bare:
        body = (await bare.get("/api/decisions/d-0001")).json()
        assert body["judged_event"]["status"] == "disabled"
    gone = FakeJudged({"e-0001": None})
    async with client_for(filled(records()), judged=gone) as c:
        body = (await c.get("/api/decisions/d-0001")).json()
        assert body["judged_event"]["status"] == "gone"


async def test_subject_history_marks_how_the_status_changed(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/subjects/P-1")).json()
    history = body["history"]
    assert [h["outcome"] for h in history] == ["red_flag", "cleared"]
    assert history[1]["outcome_changed"] and history[1]["previous_outcome"] == "red_flag"
    assert history[1]["trigger"] == "lists_changed"
    assert history[1]["previous_lists_version"] == {"us_ofac_sdn": "sha256:abc"}
    assert not history[0]["outcome_changed"]
    assert (await client.get("/api/subjects/P-404")).status_code == 404


async def test_stats_for_the_selected_window(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/stats?service=screening")).json()
    assert body["total"] == 2
    assert body["outcomes"] == {"cleared": 1, "needs_review": 0, "red_flag": 1}
    assert list(body["services"]) == ["screening"]
    assert body["hours"] == [
        {"hour": "2026-11-20T09:00:00+00:00", "cleared": 1, "needs_review": 0, "red_flag": 1}
    ]


async def test_csv_export_of_the_filtered_decisions(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/export.csv?outcome=red_flag")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["decision_id"] for r in rows] == ["d-0002", "d-0004"]  # oldest first
    assert rows[0]["reason_codes"] == "SANCTIONS_MATCH"
    assert rows[0]["legal_basis"] == "us_ofac_sdn: CUBA"
    assert json.loads(rows[0]["lists_version"]) == {"us_ofac_sdn": "sha256:abc"}
    assert rows[1]["subject_id"].startswith("'=")  # no formula for spreadsheet programs


async def test_csv_export_for_german_excel(client: httpx.AsyncClient) -> None:
    """Excel set to German opens a CSV by a double click only with a UTF-8 byte order mark
    (else Windows-1252) and semicolons between cells (the comma is its decimal separator)."""
    plain = await client.get("/api/export.csv?outcome=red_flag")
    response = await client.get("/api/export.de.csv?outcome=red_flag")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith('.de.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["recorded_at", "evaluated_at", "outcome"]
    german = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert german == list(csv.DictReader(io.StringIO(plain.text)))  # the same cells


async def test_a_subjects_audit_report_as_pdf(client: httpx.AsyncClient) -> None:
    import pypdfium2 as pdfium

    response = await client.get("/api/reports/subject.pdf?subject=P-1")
    assert response.headers["content-type"] == "application/pdf"
    doc = pdfium.PdfDocument(response.content)
    text = "\n".join(page.get_textpage().get_text_range() for page in doc)
    assert "Audit report: P-1" in text and "SANCTIONS_MATCH" in text
    assert (await client.get("/api/reports/subject.pdf?subject=nobody")).status_code == 404


async def test_jsonl_export_is_the_decision_events_as_written(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/export.jsonl?subject=P-1")
    lines = response.content.splitlines()
    assert lines == [records()[2], records()[3]]


async def test_real_decisions_of_every_kind_render() -> None:
    values = real_decisions("gdpr", "publication", "export_control")
    async with client_for(filled(values)) as c:
        body = (await c.get("/api/decisions?limit=1000")).json()
        assert len(body["items"]) == len(values)
        for item in body["items"]:
            detail = await c.get(f"/api/decisions/{item['decision_id']}")
            assert detail.status_code == 200
        stats = (await c.get("/api/stats")).json()
        assert stats["total"] == len(values)
        exported = await c.get("/api/export.csv")
        assert len(list(csv.DictReader(io.StringIO(exported.text)))) == len(values)


async def test_health_status_and_metrics() -> None:
    store = filled(records())
    async with client_for(store, status=lambda: {"ready": False}) as c:
        assert (await c.get("/health/live")).status_code == 200
        assert (await c.get("/health/ready")).status_code == 503
        status = (await c.get("/api/status")).json()
        assert status["decisions_held"] == 5 and status["ready"] is False
        metrics = (await c.get("/metrics")).text
        assert "clearway_audit_page_decisions_held 5.0" in metrics


async def test_every_answer_has_a_strict_content_security_policy(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/", "/static/app.js", "/api/decisions"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


async def test_protection_guards_the_api_not_the_empty_page_shell() -> None:
    credentials = Credentials(username="officer", password="pw", token="tok")
    async with client_for(filled(records()), credentials=credentials) as c:
        assert (await c.get("/")).status_code == 200
        assert (await c.get("/static/app.js")).status_code == 200
        assert (await c.get("/health/ready")).status_code == 200
        for path in ("/api/decisions", "/api/export.csv", "/api/stream", "/metrics"):
            refused = await c.get(path)
            assert refused.status_code == 401, path
            assert "1" not in refused.text  # no data in the refusal
        challenge = (await c.get("/api/decisions")).headers.get_list("www-authenticate")
        assert challenge == ['Basic realm="clearway-audit"', 'Bearer realm="clearway-audit"']
        # the page's own requests get no Basic challenge, so no native prompt pops up
        page = await c.get("/api/decisions", headers={"X-Clearway-Page": "1"})
        assert page.headers.get_list("www-authenticate") == ['Bearer realm="clearway-audit"']
        assert page.json()["schemes"] == ["basic", "bearer"]
        assert (await c.get("/api/decisions", headers=basic("officer", "pw"))).status_code == 200
        assert (await c.get("/api/decisions", headers=basic("officer", "x"))).status_code == 401
        bearer = {"Authorization": "Bearer tok"}
        assert (await c.get("/api/export.jsonl", headers=bearer)).status_code == 200


async def test_an_unknown_export_format_is_a_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/export.xlsx")).status_code == 404
