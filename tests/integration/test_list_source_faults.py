"""List sources that fail, through the real broker: a service that starts without a good
list decides LISTS_UNAVAILABLE and never clears; once a list loads, HTTP 500, a hang, a
truncated and an empty download each leave the last good list in use."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from services import registry
from services.common.runtime import build_app
from tests.fakes import encode, partner_event
from tests.kafkahelp import (
    create_topics,
    exactly_once_report,
    produce,
    read_topic,
    running,
    settings_for,
)
from tests.listserver import serve

#: these scenarios are about the SDN list: an operator with a US nexus, for whom US listings bind
US_BINDS = ["EU", "UN", "US"]
pytestmark = pytest.mark.kafka


def partners(tag: str, start: int, n: int) -> list[tuple[bytes, bytes]]:
    names = ["BANCO NACIONAL DE CUBA", "Clean Research Institute GmbH"]
    return [
        (f"P-{i}".encode(), encode({**partner_event(i, name=names[i % 2]), "id": f"{tag}-{i}"}))
        for i in range(start, start + n)
    ]


async def wait_for(predicate: Any, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not reached in time")


@pytest.mark.timeout(240)
async def test_failing_list_sources_never_clear_and_keep_the_last_good_list(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    served = tmp_path / "sdn.csv"
    served.write_bytes(
        (shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv").read_bytes()
    )
    entry = registry.get("screening")
    with serve(served) as server:
        server.mode = "error"
        base = settings_for(kafka_bootstrap, unique).model_dump(exclude_defaults=True)
        settings = entry.settings(
            **base,
            screening_lists=[f"ofac_legacy:{server.url}"],
            screening_binding_jurisdictions=US_BINDS,
            screening_refresh_seconds=0.5,
            screening_fetch_timeout_seconds=1,
            screening_fetch_attempts=1,
            screening_cache_dir=tmp_path / "cache",
        )
        await create_topics(settings)
        definition = entry.definition(settings)
        lists = definition.routes["/lists"]
        sent: list[tuple[bytes, bytes]] = []
        async with running(build_app(definition, settings)):
            phase1 = partners(unique, 0, 20)  # no good list yet
            await produce(kafka_bootstrap, settings.input_topic, phase1)
            sent += phase1
            decided = await read_topic(kafka_bootstrap, settings.audit_topic, expect=len(sent))
            assert {d["data"]["outcome"] for d in decided} == {"needs_review"}
            assert all(d["data"]["reasons"][0]["code"] == "LISTS_UNAVAILABLE" for d in decided)

            server.mode = "ok"  # the source recovers: the next refresh loads the list
            await wait_for(lambda: lists()[0]["version"] is not None, 20)
            good_version = lists()[0]["version"]
            # the re-screen of the first 20 is written before more partners arrive (it reads
            # the partner topic as it stands then, and would take later partners along)
            await read_topic(kafka_bootstrap, settings.audit_topic, expect=2 * len(sent))
            phase2 = partners(unique, 20, 20)
            await produce(kafka_bootstrap, settings.input_topic, phase2)
            sent += phase2

            for n, mode in enumerate(("error", "hang", "truncated", "empty")):
                server.mode, server.hang_seconds = mode, 2
                errors = lists()[0]["errors"]
                await wait_for(lambda errors=errors: lists()[0]["errors"] > errors, 20)
                batch = partners(unique, 40 + 10 * n, 10)
                await produce(kafka_bootstrap, settings.input_topic, batch)
                sent += batch
                assert lists()[0]["version"] == good_version, mode
            decisions = await read_topic(
                kafka_bootstrap, settings.audit_topic, expect=len(sent), timeout=60
            )
    originals = [d for d in decisions if "trigger" not in d["data"]]
    rescreens = [d["data"] for d in decisions if d["data"].get("trigger") == "lists_changed"]
    exactly_once_report(originals, {json.loads(v)["id"] for _, v in sent})
    by_event = {d["data"]["source_event_id"]: d["data"] for d in originals}
    first = [json.loads(v)["id"] for _, v in sent[:20]]
    later = [by_event[json.loads(v)["id"]] for _, v in sent[20:]]
    print(
        f"lists_unavailable={len(first)} rescreened={len(rescreens)} decided_with_lists={len(later)}"
    )
    assert {by_event[i]["outcome"] for i in first} == {"needs_review"}
    assert all(by_event[i]["reasons"][0]["code"] == "LISTS_UNAVAILABLE" for i in first)
    # once a good list arrived, every partner decided without lists was screened again
    assert sorted(r["source_event_id"] for r in rescreens) == sorted(first)
    assert all(
        r["lists_version"] == {"us_ofac_sdn": good_version} and r["previous_lists_version"] == {}
        for r in rescreens
    )
    assert {r["outcome"] for r in rescreens} == {"cleared", "red_flag"}
    assert all(d["lists_version"] == {"us_ofac_sdn": good_version} for d in later)
    assert {d["outcome"] for d in later} == {"cleared", "red_flag"}
