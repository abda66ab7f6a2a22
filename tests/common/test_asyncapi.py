"""The AsyncAPI document each service serves: valid against the AsyncAPI 3.0.0 JSON Schema
(from the npm package @asyncapi/specs, fetched once into .cache/), with the contract's
payload on the input channel and every schema reference resolved."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from services import registry
from services.common.runtime import build_app
from tests.fakes import FakeWriter

ROOT = Path(__file__).resolve().parents[2]
SPECS = "@asyncapi/specs@6.8.0"
CACHE = ROOT / ".cache" / "asyncapi"


@pytest.fixture(scope="module")
def asyncapi_schema() -> dict[str, Any]:
    schema = CACHE / "package" / "schemas" / "3.0.0-without-$id.json"
    if not schema.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch the AsyncAPI JSON Schema (" + SPECS + ")")
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            [npm, "pack", SPECS, "--silent"], cwd=CACHE, capture_output=True, text=True, check=True
        )
        with tarfile.open(CACHE / out.stdout.strip().splitlines()[-1]) as archive:
            archive.extractall(CACHE, filter="data")
    loaded: dict[str, Any] = json.loads(schema.read_text())
    return loaded


async def document(name: str) -> dict[str, Any]:
    entry = registry.get(name)
    settings = entry.settings(screening_lists=[]) if name == "screening" else entry.settings()
    app = build_app(entry.definition(settings), settings, writer=FakeWriter()).app
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://svc"
    ) as client:
        answer = await client.get("/asyncapi.json")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


@pytest.mark.parametrize("name", registry.names())
async def test_the_document_is_valid_asyncapi_with_the_contracts_payloads(
    name: str, asyncapi_schema: dict[str, Any]
) -> None:
    doc = await document(name)
    jsonschema.validate(doc, asyncapi_schema, cls=jsonschema.Draft7Validator)
    definition = registry.get(name)
    messages = doc["components"]["messages"]
    (inbound,) = [m for k, m in messages.items() if k.startswith(f"{name}:input")]
    models = registry.get(name).definition(definition.settings()).events
    named = {r.rsplit("/", 1)[-1] for r in refs(inbound["payload"])}
    assert named == {m.__name__ for m in models}
    assert "EmptyPayload" not in json.dumps(doc)
    for ref in refs(doc):  # every reference resolves inside the document
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    # the accepted event's schema is the contract's, as schemas/json/ holds it
    first = models[0]
    assert (
        doc["components"]["schemas"][first.__name__]["properties"]["type"]
        == (first.model_json_schema()["properties"]["type"])
    )
