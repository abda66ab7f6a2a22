"""The live stream over real HTTP (uvicorn): new matching decisions arrive as events."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from services.auditweb.app import build_app
from services.auditweb.reader import Notifier
from services.auditweb.store import DecisionStore, Position
from tests.auditweb.records import at, decision
from tests.auditweb.serving import serving


async def read_events(response: httpx.Response, count: int) -> list[dict[str, Any]]:
    """The first ``count`` server-sent events of a streamed response (comments skipped)."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    async for line in response.aiter_lines():
        if line.startswith("event:"):
            current["event"] = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            current["data"] = json.loads(line.split(":", 1)[1])
        elif line.startswith("id:"):
            current["id"] = line.split(":", 1)[1].strip()
        elif not line and current:
            events.append(current)
            current = {}
            if len(events) >= count:
                break
    return events


async def test_the_stream_sends_new_matching_decisions_in_order() -> None:
    store = DecisionStore()
    notifier = Notifier()
    store.add(decision(0, outcome="red_flag"), at(0), Position("audit", 0, 0))  # before: not sent
    async with (
        serving(build_app(store, notifier, keepalive_seconds=1)) as url,
        httpx.AsyncClient(timeout=10) as client,
        client.stream("GET", f"{url}/api/stream?outcome=red_flag") as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")

        async def arrive() -> None:
            await asyncio.sleep(0.3)
            for i, outcome in enumerate(["cleared", "red_flag", "needs_review", "red_flag"], 1):
                store.add(decision(i, outcome=outcome), at(i), Position("audit", 0, i))
                notifier.changed()
                await asyncio.sleep(0.05)

        feeding = asyncio.create_task(arrive())
        events = await asyncio.wait_for(read_events(response, 3), 10)
        await feeding
    assert events[0]["event"] == "hello" and events[0]["data"] == {"latest_seq": 1}
    assert [(e["event"], e["data"]["decision_id"]) for e in events[1:]] == [
        ("decision", "d-0002"),
        ("decision", "d-0004"),
    ]
    assert [e["id"] for e in events[1:]] == ["3", "5"]


async def test_the_stream_resumes_after_a_sequence_number() -> None:
    store = DecisionStore()
    for i in range(4):
        store.add(decision(i), at(i), Position("audit", 0, i))
    async with (
        serving(build_app(store, Notifier(), keepalive_seconds=1)) as url,
        httpx.AsyncClient(timeout=10) as client,
        client.stream("GET", f"{url}/api/stream?after=2") as response,
    ):
        events = await asyncio.wait_for(read_events(response, 3), 10)
    assert [e["data"].get("seq") for e in events[1:]] == [3, 4]


async def test_the_notifier_wakes_waiters_and_survives_cancelled_ones() -> None:
    notifier = Notifier()
    waiters = [asyncio.create_task(notifier.wait(0, 5)) for _ in range(3)]
    await asyncio.sleep(0.01)
    waiters[0].cancel()  # a browser went away while its stream waited
    notifier.changed()
    assert await asyncio.gather(*waiters[1:]) == [1, 1]
    assert await notifier.wait(0, 5) == 1  # already moved on: no wait
    assert await notifier.wait(1, 0.05) == 1  # nothing new: times out quietly


async def test_live_streams_are_capped_and_a_closed_one_frees_its_place() -> None:
    store = DecisionStore()
    app = build_app(store, Notifier(), keepalive_seconds=1, max_streams=1)
    async with serving(app) as url, httpx.AsyncClient(timeout=10) as client:
        async with client.stream("GET", f"{url}/api/stream") as first:
            await asyncio.wait_for(read_events(first, 1), 10)
            refused = await client.get(f"{url}/api/stream")
            assert refused.status_code == 429 and refused.headers["retry-after"]
        for _ in range(50):  # the server notices the closed stream on its next write
            async with client.stream("GET", f"{url}/api/stream") as again:
                if again.status_code == 200:
                    break
            await asyncio.sleep(0.1)
        assert again.status_code == 200


async def test_a_reader_failing_too_long_fails_liveness_and_one_that_reads_again_passes() -> None:
    from services.auditweb.serve import ReaderHealth, supervise

    health = ReaderHealth()
    attempts = 0

    async def broker_down_then_up() -> None:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise ConnectionError("broker unreachable")
        await asyncio.sleep(3600)  # reading

    task = asyncio.create_task(
        supervise("audit", broker_down_then_up, health, first_backoff=0.05, healthy_after=0.2)
    )
    await asyncio.sleep(0.08)
    assert not health.alive(0.01) and health.alive(60)
    await asyncio.sleep(0.6)
    assert attempts == 3 and health.alive(0.01)
    task.cancel()
    app = build_app(DecisionStore(), Notifier(), alive=lambda: False)
    async with serving(app) as url, httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{url}/health/live")).status_code == 503
