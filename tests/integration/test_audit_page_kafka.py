"""The audit page against the real broker: it reads what the services commit (and nothing
of an aborted transaction), shows the judged event from its input topic, starts from the
beginning or from now, and streams new decisions live."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from services import registry
from services.auditweb.judged import WITHHELD
from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from services.common.runtime import build_app
from tests.auditweb.records import SAMPLES, decision
from tests.auditweb.serving import serving
from tests.auditweb.test_stream import read_events
from tests.kafkahelp import create_topics, produce, running, settings_for

pytestmark = pytest.mark.kafka


def gdpr_events(suffix: str = "") -> list[tuple[bytes, bytes]]:
    out = []
    for line in SAMPLES.read_bytes().splitlines():
        event = json.loads(line)
        if event["type"] == "data.transfer.requested":
            event["id"] += suffix
            out.append((event["data"]["transfer_id"].encode(), json.dumps(event).encode()))
    return out


async def wait_for(client: httpx.AsyncClient, url: str, check: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        body = (await client.get(url)).json()
        if check(body):
            return body
        assert time.monotonic() < deadline, f"timed out; last answer {body}"
        await asyncio.sleep(0.2)


async def abort_one_decision(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id="audit-page-abort")
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send_and_wait(topic, decision(999, decision_id="aborted"))
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    finally:
        await producer.stop()


async def test_audit_page_through_the_broker(kafka_bootstrap: str, unique: str) -> None:
    entry = registry.get("gdpr")
    base = settings_for(kafka_bootstrap, unique)
    settings = entry.settings(**base.model_dump(exclude_defaults=True))
    await create_topics(settings)
    first = gdpr_events()
    await produce(kafka_bootstrap, settings.input_topic, first)
    await abort_one_decision(kafka_bootstrap, settings.audit_topic)
    await produce(kafka_bootstrap, settings.audit_topic, [(None, b"not a decision")])

    page = AuditSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        audit_topic=settings.audit_topic,
        audit_event_topics=[settings.input_topic],
    )
    async with (
        running(build_app(entry.definition(settings), settings)),
        serving(from_settings(page)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        status = await wait_for(
            client, "/api/status", lambda s: s["ready"] and s["decisions_held"] == len(first)
        )
        assert status["skipped"] == 1  # the garbage record; the aborted one is never read
        assert (await client.get("/api/decisions/aborted")).status_code == 404
        assert (await client.get("/health/ready")).status_code == 200

        rows = (await client.get("/api/decisions?subject=DT-013")).json()["items"]
        assert [r["outcome"] for r in rows] == ["needs_review"]
        detail = await wait_for(
            client,
            f"/api/decisions/{rows[0]['decision_id']}",
            lambda b: b["judged_event"]["status"] == "found",
        )
        judged = detail["judged_event"]
        assert judged["event"]["id"] == detail["event"]["data"]["source_event_id"]
        assert judged["record"]["topic"] == settings.input_topic
        assert judged["event"]["data"]["exporter"]["name"] == WITHHELD
        assert detail["record"]["topic"] == settings.audit_topic

        # a second page that starts from now, and a live stream on the first
        later = page.model_copy(update={"audit_start": "now"})
        async with (
            serving(from_settings(later)) as now_url,
            httpx.AsyncClient(base_url=now_url, timeout=10) as now_client,
            client.stream("GET", "/api/stream?outcome=red_flag") as stream,
        ):
            await wait_for(now_client, "/api/status", lambda s: s["ready"])
            assert (await now_client.get("/api/status")).json()["decisions_held"] == 0
            again = gdpr_events("-again")
            await produce(kafka_bootstrap, settings.input_topic, again)
            events = await asyncio.wait_for(read_events(stream, 2), 60)
            assert events[1]["event"] == "decision"
            assert events[1]["data"]["outcome"] == "red_flag"
            assert events[1]["data"]["subject_id"] == "DT-014"
            await wait_for(now_client, "/api/status", lambda s: s["decisions_held"] == len(again))
        total = len(first) + len(again)
        await wait_for(client, "/api/status", lambda s: s["decisions_held"] == total)
        stats = (await client.get("/api/stats")).json()
        assert stats["total"] == total
        assert stats["services"]["gdpr"]["red_flag"] == 2
