"""The calendar through the real broker, with a clock the test moves: a subject is judged
again on the day its decision stops holding, exactly once, as batch mode judges the same
event with that ``as_of``; a newer event replaces the pending date."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services import registry
from services.cli.audit import format_decision
from services.common.batch import judge_lines
from services.common.pipeline import Judge
from services.common.runtime import build_app
from services.common.settings import RuntimeSettings
from services.common.version import code_version
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka
D = date.fromisoformat


@dataclass
class MovableClock:
    """The calendar's clock; decisions never read it."""

    today: date

    def __call__(self) -> datetime:
        return datetime(self.today.year, self.today.month, self.today.day, 9, tzinfo=UTC)


def paper(ident: str, publication: str, judged: str, **data: Any) -> bytes:
    body = {
        "publication_id": publication,
        "title": "t",
        "abstract": "a",
        "authors": ["A. Author"],
        "agreement": "custom",
        "notice_days": 15,
        "objection_days": 15,
        "notice_given_on": "2026-11-01",
        "planned_date": "2026-11-14",
        "objections": [],
        "invention_disclosures": [],
        "as_of": judged,
        **data,
    }
    return json.dumps(
        {
            "specversion": "1.0",
            "id": ident,
            "source": "/t",
            "type": "publication.review.requested",
            "time": f"{judged}T09:00:00Z",
            "data": body,
        }
    ).encode()


def transfer(ident: str, judged: str) -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": ident,
            "source": "/t",
            "type": "data.transfer.requested",
            "time": f"{judged}T09:00:00Z",
            "data": {
                "transfer_id": "DT-1",
                "exporter": {"name": "Cluster e.V.", "country": "DE", "role": "controller"},
                "importer": {"name": "Partner", "country": "CH", "role": "processor"},
                "data_categories": ["contact"],
                "special_categories": False,
                "mechanism": "adequacy",
                "as_of": judged,
            },
        }
    ).encode()


def service(name: str, bootstrap: str, unique: str, **extra: Any) -> tuple[Any, RuntimeSettings]:
    entry = registry.get(name)
    base = settings_for(bootstrap, unique, calendar_interval_seconds=0.2)
    settings = entry.settings(**base.model_dump(exclude_defaults=True), **extra)
    return entry.definition(settings), settings


def calendar_decisions(decisions: list[dict[str, Any]], subject: str) -> list[dict[str, Any]]:
    return [
        d["data"]
        for d in decisions
        if d["data"]["subject_id"] == subject and d["data"].get("trigger") == "calendar"
    ]


async def settle(bootstrap: str, topic: str, expect: int) -> list[dict[str, Any]]:
    return await read_topic(bootstrap, topic, expect=expect, timeout=45, settle=1.5)


@pytest.mark.timeout(300)
async def test_publications_are_judged_again_on_their_day_exactly_once(
    kafka_bootstrap: str, unique: str
) -> None:
    definition, settings = service(
        "publication",
        kafka_bootstrap,
        unique,
        publication_confirmed_agreements={"desca": "test suite"},
    )
    await create_topics(settings)
    objection = {"partner_id": "P1", "raised_on": "2026-11-05", "grounds": "patent"}
    events = [
        # red until 17 November (15 days' notice from 1 November, 15 to object)
        (b"PUB-A", paper("a-1", "PUB-A", "2026-11-12")),
        # DESCA: an objection of 5 November holds it at most 90 days, to 3 February
        (
            b"PUB-B",
            paper(
                "b-1",
                "PUB-B",
                "2026-11-20",
                agreement="desca",
                notice_days=None,
                objection_days=None,
                planned_date="2026-12-15",
                objections=[{**objection, "resolved": False}],
            ),
        ),
        # red until 17 November, then a newer event moves its notice: pending 26 November
        (b"PUB-C", paper("c-1", "PUB-C", "2026-11-12")),
        (b"PUB-C", paper("c-2", "PUB-C", "2026-11-13", notice_given_on="2026-11-10")),
    ]
    events = [(k, json.dumps(_drop_none(json.loads(v))).encode()) for k, v in events]
    await produce(kafka_bootstrap, settings.input_topic, events)
    clock = MovableClock(D("2026-11-12"))

    async with running(build_app(definition, settings, clock=clock)):
        first = await settle(kafka_bootstrap, settings.audit_topic, expect=4)
        by_event = {d["data"]["source_event_id"]: d["data"] for d in first}
        assert by_event["a-1"]["outcome"] == "red_flag"
        assert by_event["a-1"]["valid_until"] == "2026-11-17"
        assert by_event["b-1"]["valid_until"] == "2027-02-03"
        assert by_event["c-2"]["valid_until"] == "2026-11-26"
        clock.today = D("2026-11-17")
        on_the_day = await settle(kafka_bootstrap, settings.audit_topic, expect=5)

    rejudged = calendar_decisions(on_the_day, "PUB-A")
    assert len(rejudged) == 1
    assert rejudged[0]["outcome"] == "cleared"
    assert rejudged[0]["evaluated_at"].startswith("2026-11-17")
    assert rejudged[0]["previous_decision_id"] == by_event["a-1"]["decision_id"]
    assert calendar_decisions(on_the_day, "PUB-C") == []  # its newer event moved the date

    # a restart on the same day: the entry moved on with the decision, nothing again
    async with running(build_app(definition, settings, clock=clock)):
        await asyncio.sleep(3)
        again = await settle(kafka_bootstrap, settings.audit_topic, expect=5)
        assert len(calendar_decisions(again, "PUB-A")) == 1
        # the newer event's own date comes, and the DESCA hold ends after ninety days
        clock.today = D("2026-11-26")
        await settle(kafka_bootstrap, settings.audit_topic, expect=6)
        clock.today = D("2027-02-03")
        later = await settle(kafka_bootstrap, settings.audit_topic, expect=7)

    c = calendar_decisions(later, "PUB-C")
    assert [d["outcome"] for d in c] == ["cleared"] and c[0]["source_event_id"] == "c-2"
    b = calendar_decisions(later, "PUB-B")
    assert len(b) == 1 and b[0]["outcome"] == "needs_review"
    assert "OPEN_OBJECTION" in [r["code"] for r in b[0]["reasons"]]
    assert len(calendar_decisions(later, "PUB-A")) == 1

    # batch mode, the same event with as_of set to the day: the same decision
    judge = Judge(definition, code_version=code_version())
    moved = json.loads(events[0][1])
    moved["data"]["as_of"] = "2026-11-17"
    batch = json.loads(next(iter(judge_lines(judge, [json.dumps(moved).encode()], "t"))).value)
    same = ("outcome", "reasons", "valid_until", "evaluated_at", "earliest_publication_date")
    assert {k: batch["data"][k] for k in same} == {k: rejudged[0][k] for k in same}

    # audit tail shows what the calendar did
    line = format_decision({"data": rejudged[0]})
    assert "calendar" in line and by_event["a-1"]["decision_id"][:8] in line


@pytest.mark.timeout(240)
async def test_a_green_transfer_turns_amber_the_day_its_reference_falls_due(
    kafka_bootstrap: str, unique: str
) -> None:
    definition, settings = service("gdpr", kafka_bootstrap, unique)
    await create_topics(settings)
    await produce(kafka_bootstrap, settings.input_topic, [(b"DT-1", transfer("t-1", "2026-11-20"))])
    clock = MovableClock(D("2026-11-20"))
    async with running(build_app(definition, settings, clock=clock)):
        first = await settle(kafka_bootstrap, settings.audit_topic, expect=1)
        green = first[0]["data"]
        assert green["outcome"] == "cleared" and green["valid_until"]
        due = D(green["valid_until"])
        clock.today = due - timedelta(days=1)
        assert len(await settle(kafka_bootstrap, settings.audit_topic, expect=2)) == 1
        clock.today = due
        after = await settle(kafka_bootstrap, settings.audit_topic, expect=2)
    amber = calendar_decisions(after, "DT-1")
    assert len(amber) == 1 and amber[0]["outcome"] == "needs_review"
    assert "REFERENCE_STALE" in [r["code"] for r in amber[0]["reasons"]]


def _drop_none(event: dict[str, Any]) -> dict[str, Any]:
    event["data"] = {k: v for k, v in event["data"].items() if v is not None}
    return event
