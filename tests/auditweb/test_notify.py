"""Notifications: who is told of which decision (a case table), and delivery through a real
SMTP server (aiosmtpd) and a real HTTP receiver: once per decision and subscriber, retried,
then a dead letter; no names in any message."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from services.auditweb.db.projector import Record, project
from services.auditweb.notify import outbox, rules
from services.auditweb.notify.deliver import Deliverer, Smtp
from tests.auditweb.records import SANCTIONS_REASON, T0, decision
from tests.auditweb.serving import serving

NEWS = [
    # (outcome, trigger, previous outcome, kinds; why)
    ("red_flag", None, None, {"red"}, "a red decision"),
    ("needs_review", None, None, {"amber"}, "an amber decision"),
    ("cleared", None, None, None, "a green decision is no news"),
    ("red_flag", "lists_changed", "cleared", {"red", "changed"}, "green to red by a list change"),
    ("cleared", "lists_changed", "red_flag", {"changed"}, "red to green by a list change"),
    ("red_flag", "lists_changed", "red_flag", {"red"}, "re-screened, still red"),
    ("cleared", "calendar", "red_flag", None, "a calendar re-judgement is not a re-screening"),
]


@pytest.mark.parametrize(("outcome", "trigger", "before", "kinds", "why"), NEWS)
def test_which_decisions_are_news(
    outcome: str, trigger: str | None, before: str | None, kinds: set[str] | None, why: str
) -> None:
    data = {"decision_id": "d", "outcome": outcome, "trigger": trigger, "service": "screening"}
    news = rules.notice(data, before)
    assert (news.kinds if news else None) == (frozenset(kinds) if kinds else None)


def test_subscribers_choose_kinds_and_services() -> None:
    subs = rules.subscriptions_of(
        [
            {"name": "anna", "channel": "email", "address": "anna@x", "kinds": ["red"]},
            {"name": "team", "channel": "webhook", "address": "http://h", "services": ["gdpr"]},
        ]
    )
    red = rules.notice({"decision_id": "d", "outcome": "red_flag", "service": "screening"}, None)
    assert red is not None
    assert [s.name for s in rules.recipients(red, subs)] == ["anna"]
    with pytest.raises(ValueError, match="channel"):
        rules.subscriptions_of([{"name": "x", "channel": "sms", "address": "1"}])
    with pytest.raises(ValueError, match="unknown kinds"):
        rules.subscriptions_of([{"name": "x", "channel": "email", "address": "a", "kinds": ["x"]}])


def test_a_subject_id_is_text_in_a_chat_and_one_line_in_a_mail_header() -> None:
    """Subject ids are the producers' text: never a chat mention or link, never a header
    line of their own."""
    news = rules.notice(
        {"decision_id": "d", "outcome": "red_flag", "service": "gdpr", "subject_id": "<!channel>"},
        None,
    )
    assert news is not None
    assert "&lt;!channel&gt;" in rules.webhook(news, "k", None)["text"]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server (aiosmtpd) on a free local port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@asynccontextmanager
async def receiver() -> AsyncIterator[tuple[list[dict[str, Any]], str]]:
    """A real HTTP receiver: /hook takes a body, /broken always answers 500."""
    got: list[dict[str, Any]] = []

    async def hook(request: Request) -> JSONResponse:
        got.append(await request.json())
        return JSONResponse({"ok": True})

    async def broken(_: Request) -> JSONResponse:
        return JSONResponse({"error": "down"}, status_code=500)

    app = Starlette(
        routes=[Route("/hook", hook, methods=["POST"]), Route("/broken", broken, methods=["POST"])]
    )
    async with serving(app) as url:
        yield got, url


def record(value: bytes, offset: int) -> Record:
    return Record(
        "audit", 0, offset, value, int((T0 + timedelta(minutes=offset)).timestamp() * 1000)
    )


async def test_each_decision_is_told_once_by_mail_and_webhook_then_retried_then_dead(
    engine: Engine,
) -> None:
    async with receiver() as (hooks, url):
        subs = rules.subscriptions_of(
            [
                {"name": "anna", "channel": "email", "address": "anna@example.org"},
                {"name": "team", "channel": "webhook", "address": url + "/hook"},
                {"name": "down", "channel": "webhook", "address": url + "/broken"},
            ]
        )

        def owe(conn: Any, batch: Any) -> int:
            return outbox.on_decisions(conn, batch, subs)

        green = decision(1, outcome="cleared", service="screening", subject="P-1")
        red = decision(
            2,
            outcome="red_flag",
            service="screening",
            subject="P-1",
            reasons=[SANCTIONS_REASON],
            trigger="lists_changed",
        )
        project(engine, [record(green, 0)], notify=owe)
        project(engine, [record(red, 1)], notify=owe)
        project(engine, [record(red, 1)], notify=owe)  # a redelivery owes nothing more
        assert outbox.counts(engine) == {"pending": 3}

        now = [T0 + timedelta(hours=1)]
        with smtp_server() as (inbox, port):
            deliverer = Deliverer(
                engine,
                subs,
                Smtp("127.0.0.1", port, sender="clearway@example.org"),
                "https://clearway.example.org",
                max_attempts=2,
                retry_seconds=60,
                clock=lambda: now[0],
            )
            assert await deliverer.once() == 2
            now[0] += timedelta(minutes=2)
            assert await deliverer.once() == 0  # the broken receiver, tried a second time
            await asyncio.sleep(0)
        assert outbox.counts(engine) == {"sent": 2, "dead": 1}

    (mail,) = inbox.messages
    body = mail.get_payload()
    assert mail["To"] == "anna@example.org"
    assert mail["Subject"] == "[Clearway] Re-screening changed screening P-1: cleared -> red flag"
    assert "SANCTIONS_MATCH" in body and "https://clearway.example.org/#/subject/P-1" in body
    (hook,) = hooks
    assert hook["text"].startswith("Re-screening changed screening P-1")
    assert hook["clearway"]["kinds"] == ["changed", "red"]
    assert hook["notification_id"].endswith("|team")
    # never a name: the page is where officers see them
    for text in (body, json.dumps(hook)):
        assert "Banco" not in text and "BANCO" not in text


async def test_a_dead_letter_keeps_its_error(engine: Engine) -> None:
    subs = rules.subscriptions_of([{"name": "anna", "channel": "email", "address": "a@x"}])
    red = decision(3, outcome="red_flag", service="screening", subject="P-3")
    project(engine, [record(red, 0)], notify=lambda c, b: outbox.on_decisions(c, b, subs))
    deliverer = Deliverer(engine, subs, None, None, max_attempts=1, clock=lambda: T0)
    assert await deliverer.once() == 0
    (row,) = outbox.due(engine, T0 + timedelta(days=1)) or [None]
    assert row is None  # not pending any more
    assert outbox.counts(engine) == {"dead": 1}
    assert deliverer.status() == {"sent": 0, "failed_attempts": 1, "dead": 1}


async def test_a_case_assigned_and_a_case_overdue_are_told(engine: Engine) -> None:
    """The assignee hears of a case assigned to them (in the action's transaction); who
    follows overdue cases hears once per case and due date."""
    import httpx

    from services.auditweb import caseapi
    from services.auditweb.app import build_app
    from services.auditweb.reader import Notifier
    from services.auditweb.store import DecisionStore
    from tests.auditweb.test_case_api import OFFICERS, as_, red_case

    red_case(engine)
    subs = rules.subscriptions_of(
        [
            {"name": "anna", "channel": "email", "address": "anna@x", "kinds": ["assigned"]},
            {"name": "lead", "channel": "email", "address": "lead@x", "kinds": ["overdue"]},
        ]
    )
    app = build_app(
        DecisionStore(),
        Notifier(),
        credentials=OFFICERS,
        extra_routes=caseapi.routes(
            engine, clock=lambda: T0 + timedelta(hours=1), subscriptions=subs
        ),
    )
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
        (case,) = (await http.get("/api/cases", headers=as_("anna"))).json()["items"]
        done = await http.post(f"/api/cases/{case['id']}/assign", headers=as_("anna"), json={})
        assert done.status_code == 200, done.text
    late = T0 + timedelta(days=30)
    with smtp_server() as (inbox, port):
        deliverer = Deliverer(engine, subs, Smtp("127.0.0.1", port), None, clock=lambda: late)
        assert await deliverer.once() == 2
        assert await deliverer.once() == 0  # overdue told once per due date
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == [
        f"[Clearway] Case {case['id']} assigned to you: screening P-022 (red flag)",
        f"[Clearway] Case {case['id']} overdue: screening P-022 (red flag)",
    ]
    assert sorted(m["To"] for m in inbox.messages) == ["anna@x", "lead@x"]


async def test_a_daily_digest_gathers_a_days_notices_in_one_message(engine: Engine) -> None:
    subs = rules.subscriptions_of(
        [
            {
                "name": "anna",
                "channel": "email",
                "address": "a@x",
                "kinds": ["red", "amber"],
                "digest_hour": 7,
            }
        ]
    )
    values = [
        decision(n, outcome=o, service="screening", subject=f"P-{n}")
        for n, o in ((1, "red_flag"), (2, "needs_review"), (3, "cleared"))
    ]
    project(
        engine,
        [record(v, i) for i, v in enumerate(values)],
        notify=lambda c, b: outbox.on_decisions(c, b, subs),
    )
    now = [T0 + timedelta(hours=1)]  # 10:00 UTC: the digest is due at 07:00 tomorrow
    with smtp_server() as (inbox, port):
        deliverer = Deliverer(engine, subs, Smtp("127.0.0.1", port), None, clock=lambda: now[0])
        assert await deliverer.once() == 0
        now[0] = T0 + timedelta(hours=22)  # the next morning, 07:00
        assert await deliverer.once() == 2
    (mail,) = inbox.messages
    assert mail["Subject"] == "[Clearway] Daily digest: 2 notice(s)"
    body = mail.get_payload()
    assert "Red flag: screening P-1" in body and "Needs review: screening P-2" in body
    assert "P-3" not in body
