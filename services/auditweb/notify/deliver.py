"""Sends the notices the outbox owes: e-mail over SMTP (STARTTLS or TLS, with or without a
login; the standard library's smtplib, in a worker thread) and chat webhooks over HTTP
(httpx). What a message says comes from ``rules``; when and how often it is tried again
from ``outbox``. Logs name the subscriber and the decision, never the message."""

from __future__ import annotations

import asyncio
import hashlib
import json
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import httpx
from sqlalchemy import Engine

from services.auditweb.db.preferences import Channels
from services.auditweb.notify import outbox, rules
from services.common.logging import get_logger

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Smtp:
    host: str
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    tls: bool = False
    sender: str = "clearway@localhost"
    timeout: float = 10.0


def message_id(key: str) -> str:
    """The same Message-ID every time one notice is sent: a receiver sees a resend as one."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@clearway>"


def send_email(smtp: Smtp, to: str, subject: str, body: str, key: str) -> None:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    # a subject id is the producer's text: no line break may end the header early
    message["Subject"] = " ".join(subject.split())
    message["Message-ID"] = message_id(key)
    message.set_content(body)
    context = ssl.create_default_context()
    client = (
        smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        if smtp.tls
        else smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    )
    with client as server:
        if smtp.starttls and not smtp.tls:
            server.starttls(context=context)
        if smtp.username:
            server.login(smtp.username, smtp.password or "")
        server.send_message(message, to_addrs=[to])  # the address checked, not re-parsed


class Deliverer:
    """Takes due notices from the outbox and sends each on its subscriber's channel."""

    def __init__(
        self,
        engine: Engine,
        subscriptions: Sequence[rules.Subscription],
        smtp: Smtp | None,
        page_url: str | None,
        *,
        max_attempts: int = 8,
        retry_seconds: float = 30.0,
        interval_seconds: float = 5.0,
        client: Callable[[], httpx.AsyncClient] = lambda: httpx.AsyncClient(timeout=10),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        channels: Channels | None = None,
    ) -> None:
        self.engine = engine
        self.channels = channels
        self.configured = tuple(subscriptions)
        self.subscriptions = {s.name: s for s in subscriptions}
        self.smtp = smtp
        self.page_url = page_url
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.interval_seconds = interval_seconds
        self.client = client
        self.clock = clock
        self.sent = self.failed = self.dead = 0

    def status(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed_attempts": self.failed, "dead": self.dead}

    async def _deliver(
        self, sub: rules.Subscription, subject: str, body: str, hook: Any, key: str
    ) -> None:
        if sub.channel == "email":
            if self.smtp is None:
                raise LookupError("no SMTP server configured (CLEARWAY_AUDIT_SMTP_HOST)")
            await asyncio.to_thread(send_email, self.smtp, sub.address, subject, body, key)
        else:
            async with self.client() as http:
                answer = await http.post(sub.address, json=hook)
                answer.raise_for_status()

    async def _send(self, rows: list[dict[str, Any]]) -> None:
        """One notice, or a subscriber's digest of several."""
        sub = self.subscriptions.get(rows[0]["subscriber"])
        if sub is None:
            raise LookupError(f"no subscription {rows[0]['subscriber']!r} any more")
        news = [rules.Notice.from_json(json.loads(r["notice"])) for r in rows]
        if sub.digest_hour is None:
            subject, body = rules.email(news[0], self.page_url, sub.language)
            hook = rules.webhook(news[0], rows[0]["key"], self.page_url, sub.language)
            await self._deliver(sub, subject, body, hook, rows[0]["key"])
            return
        subject, body = rules.digest(news, self.page_url, sub.language)
        key = "digest|" + "|".join(sorted(r["key"] for r in rows))
        hook = {
            "text": f"{subject}\n{body}",
            "notification_id": message_id(key),
            "clearway": [n.as_json() for n in news],
        }
        await self._deliver(sub, subject, body, hook, key)

    async def _attempt(self, rows: list[dict[str, Any]]) -> int:
        try:
            await self._send(rows)
        except Exception as exc:  # any channel's failure: retried, then a dead letter
            for row in rows:
                status = await asyncio.to_thread(
                    outbox.failed,
                    self.engine,
                    row,
                    f"{type(exc).__name__}: {exc}",
                    self.clock(),
                    self.max_attempts,
                    self.retry_seconds,
                )
                self.failed += 1
                self.dead += status == "dead"
                log.warning(
                    "notification_not_delivered",
                    subscriber=row["subscriber"],
                    decision_id=row["decision_id"],
                    error=type(exc).__name__,
                    attempts=int(row["attempts"]) + 1,
                    status=status,
                )
            return 0
        for row in rows:
            await asyncio.to_thread(outbox.sent, self.engine, int(row["id"]), self.clock())
        self.sent += len(rows)
        return len(rows)

    async def once(self) -> int:
        """Owe notices of cases that fell overdue, then send what is due now (a digest
        subscriber's notices in one message); returns how many notices were sent."""
        now = self.clock()
        await asyncio.to_thread(self._refresh)
        await asyncio.to_thread(
            outbox.owe_overdue, self.engine, now, self.configured, self.channels
        )
        rows = await asyncio.to_thread(outbox.due, self.engine, now, 500)
        digests: dict[str, list[dict[str, Any]]] = {}
        done = 0
        for row in rows:
            sub = self.subscriptions.get(row["subscriber"])
            if sub is not None and sub.digest_hour is not None:
                digests.setdefault(sub.name, []).append(row)
            else:
                done += await self._attempt([row])
        for group in digests.values():
            done += await self._attempt(group)
        return done

    def _refresh(self) -> None:
        """The settings' subscriptions and the officers' own as they stand now (an officer's
        change on the page holds from the next round)."""
        with self.engine.connect() as conn:
            found = outbox.everyone(conn, self.configured, self.channels)
            self.subscriptions = {s.name: s for s in found}

    async def run(self) -> None:
        while True:
            await self.once()
            await asyncio.sleep(self.interval_seconds)
