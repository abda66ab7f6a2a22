"""The yente-style match API: requests shaped as yente's documented examples, answers in
yente's response shape with Clearway's explanations; and through the screening service."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from services import registry
from services.common.runtime import build_app
from services.sanctions import matchapi
from services.sanctions.snapshot import Snapshot
from tests.fakes import FakeWriter
from tests.screening.test_rules import SNAPSHOT, T


def ask(body: dict[str, Any], **params: str) -> tuple[int, dict[str, Any]]:
    status, answer = matchapi.match(
        json.dumps(body).encode(), {k: [v] for k, v in params.items()}, SNAPSHOT, T
    )
    return status, answer


def test_a_person_query_as_yente_documents_it() -> None:
    # the shape of yente's README example: schema, properties with lists of values
    status, answer = ask(
        {
            "queries": {
                "q1": {
                    "schema": "Person",
                    "properties": {"name": ["Ivan Ivanovich Petrov"], "birthDate": ["1961"]},
                }
            }
        }
    )
    assert status == 200 and answer["limit"] == 5
    response = answer["responses"]["q1"]
    assert response["status"] == 200 and response["total"]["relation"] == "eq"
    top = response["results"][0]
    assert top["caption"] == "Ivan Ivanovich Petrov" and top["schema"] == "Person"
    assert top["match"] is True and top["score"] >= T.match
    assert top["datasets"] == ["test_list"] and top["target"] is True
    assert all(
        {"score", "detail", "query", "candidate"} <= set(e) for e in top["explanations"].values()
    )
    assert response["query"]["schema"] == "Person"


def test_companies_several_queries_and_thresholds() -> None:
    status, answer = ask(
        {
            "queries": {
                "a": {
                    "schema": "Company",
                    "properties": {"name": "Rosoboronexport", "jurisdiction": ["ru"]},
                },
                "b": {
                    "schema": "Company",
                    "properties": {"name": ["Clean Research Institute GmbH"]},
                },
            }
        },
        threshold="0.99",
    )
    assert status == 200
    a = answer["responses"]["a"]["results"]
    assert a[0]["caption"] == "Rosoboronexport"
    assert answer["responses"]["b"]["results"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"queries": {"q": {"schema": "Person", "properties": {}}}},
        {"queries": {"q": {"schema": "Thing", "properties": {"name": ["x"]}}}},
        {"nope": 1},
    ],
)
def test_a_query_that_cannot_be_screened_is_a_400(body: dict[str, Any]) -> None:
    assert ask(body)[0] == 400


def test_without_lists_the_answer_is_never_an_empty_no_match() -> None:
    body = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["x y"]}}}}'
    status, answer = matchapi.match(body, {}, Snapshot(None, ("eu_fsf",)), T)
    assert status == 503 and answer["failed"] == ["eu_fsf"]


async def test_the_screening_service_serves_it() -> None:
    entry = registry.get("screening")
    settings = entry.settings()
    definition = entry.definition(settings)
    if definition.prepare is not None:
        await definition.prepare()
    app = build_app(definition, settings, writer=FakeWriter()).app
    body = {
        "queries": {"q1": {"schema": "Company", "properties": {"name": ["Banco Nacional de Cuba"]}}}
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c:
        answer = await c.post("/match/default", json=body)
        assert answer.status_code == 200
        results = answer.json()["responses"]["q1"]["results"]
        assert results and results[0]["match"] is True
        assert "BANCO NACIONAL DE CUBA" in results[0]["properties"]["name"]
        assert (await c.post("/match/sanctions", content=b"{")).status_code == 400
