"""The notification outbox in the decision store: notices are written in the transaction that
stores their decisions (so a decision stored is a notice owed, and a decision stored again
owes none), and a deliverer takes them from there.

At least once: a notice is marked sent after its channel took it; a crash between the two
sends it again, with the same ``notification_id`` (webhook) and Message-ID (e-mail) so the
receiver can tell. A notice its channel keeps refusing is retried with growing pauses and,
after the last attempt, marked ``dead`` with the error: the dead-letter record an operator
reads (``clearway_notifications_dead`` in the page's metrics) and can send again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update

from services.auditweb.db.schema import decisions, notifications
from services.auditweb.notify import rules


def on_decisions(
    conn: Connection,
    batch: Sequence[tuple[dict[str, Any], datetime]],
    subscriptions: Sequence[rules.Subscription],
) -> int:
    """Owe a notice to each subscriber of each decision of the batch that is news; inside
    the projector's transaction."""
    if not subscriptions:
        return 0
    rows = []
    for data, at in batch:
        previous = _previous_outcome(conn, data) if data.get("trigger") in rules.RESCREEN else None
        news = rules.notice(data, previous)
        if news is None:
            continue
        for sub in rules.recipients(news, subscriptions):
            rows.append(
                {
                    "key": rules.key(news.decision_id, sub.name),
                    "subscriber": sub.name,
                    "decision_id": news.decision_id,
                    "notice": json.dumps(news.as_json(), sort_keys=True),
                    "created_at": at,
                    "status": "pending",
                    "attempts": 0,
                    "next_at": at,
                }
            )
    if not rows:
        return 0
    known = set(
        conn.execute(
            select(notifications.c.key).where(notifications.c.key.in_([r["key"] for r in rows]))
        ).scalars()
    )
    fresh = list({r["key"]: r for r in rows if r["key"] not in known}.values())
    if fresh:
        conn.execute(insert(notifications), fresh)
    return len(fresh)


def _previous_outcome(conn: Connection, data: dict[str, Any]) -> str | None:
    """The subject's outcome before this decision, for this service."""
    d = decisions.c
    return conn.execute(
        select(d.outcome)
        .where(
            d.subject_id == data["subject_id"],
            d.service == data["service"],
            d.decision_id != data["decision_id"],
        )
        .order_by(d.recorded_at.desc(), d.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def due(engine: Engine, now: datetime, limit: int = 50) -> list[dict[str, Any]]:
    n = notifications.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(notifications)
            .where(and_(n.status == "pending", n.next_at <= now))
            .order_by(n.next_at, n.id)
            .limit(limit)
        ).all()
    return [dict(r._mapping) for r in rows]


def sent(engine: Engine, row_id: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(notifications)
            .where(notifications.c.id == row_id)
            .values(
                status="sent",
                sent_at=now,
                attempts=notifications.c.attempts + 1,
                last_error=None,
            )
        )


def failed(
    engine: Engine, row: dict[str, Any], error: str, now: datetime, max_attempts: int, pause: float
) -> str:
    """Note a failed attempt: retried after a pause that doubles each time (at most an hour),
    or ``dead`` after the last one. Returns the new status."""
    attempts = int(row["attempts"]) + 1
    status = "dead" if attempts >= max_attempts else "pending"
    wait = min(pause * 2 ** (attempts - 1), 3600.0)
    with engine.begin() as conn:
        conn.execute(
            update(notifications)
            .where(notifications.c.id == row["id"])
            .values(
                status=status,
                attempts=attempts,
                next_at=now + timedelta(seconds=wait),
                last_error=error[:2000],
            )
        )
    return status


def counts(engine: Engine) -> dict[str, int]:
    n = notifications.c
    with engine.connect() as conn:
        rows = conn.execute(select(n.status, func.count()).group_by(n.status)).all()
    return {str(status): int(count) for status, count in rows}
