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
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update

from services.auditweb.cases import Case
from services.auditweb.cases import Entry as CaseEntry
from services.auditweb.db import preferences
from services.auditweb.db.schema import cases, decisions, notifications
from services.auditweb.notify import rules


def next_digest(at: datetime, hour: int) -> datetime:
    """The first digest time (``hour`` o'clock UTC) at or after ``at``."""
    slot = at.astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return slot if slot >= at else slot + timedelta(days=1)


def _row(news: rules.Notice, sub: rules.Subscription, key: str, at: datetime) -> dict[str, Any]:
    return {
        "key": key,
        "subscriber": sub.name,
        "decision_id": news.decision_id,
        "notice": json.dumps(news.as_json(), sort_keys=True),
        "created_at": at,
        "status": "pending",
        "attempts": 0,
        "next_at": at if sub.digest_hour is None else next_digest(at, sub.digest_hour),
    }


def _owe(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key is not owed yet (one notice per key, ever)."""
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


def everyone(
    conn: Connection,
    configured: Sequence[rules.Subscription],
    channels: preferences.Channels | None = None,
) -> list[rules.Subscription]:
    """The settings' subscriptions and every officer's own (those ``channels`` still allow),
    as they stand in this transaction."""
    return [*configured, *preferences.stored(conn, channels)]


def on_decisions(
    conn: Connection,
    batch: Sequence[tuple[dict[str, Any], datetime]],
    configured: Sequence[rules.Subscription],
    channels: preferences.Channels | None = None,
) -> int:
    """Owe a notice to each subscriber of each decision of the batch that is news; inside
    the projector's transaction."""
    subscriptions = everyone(conn, configured, channels)
    if not subscriptions:
        return 0
    rows = []
    for data, at in batch:
        previous = _previous_outcome(conn, data) if data.get("trigger") in rules.RESCREEN else None
        news = rules.notice(data, previous)
        if news is None:
            continue
        for sub in rules.recipients(news, subscriptions):
            rows.append(_row(news, sub, rules.key(news.decision_id, sub.name), at))
    return _owe(conn, rows)


def on_case_action(
    conn: Connection,
    case_id: int,
    case: Case,
    entry: CaseEntry,
    configured: Sequence[rules.Subscription],
    channels: preferences.Channels | None = None,
) -> int:
    """A case assigned: owe the assignee (the subscription of that name) a notice; inside the
    action's transaction."""
    if entry.kind != "assigned" or not case.assignee:
        return 0
    news = rules.case_notice("assigned", case_id, case.service, case.subject_id, case.worst)
    rows = [
        _row(
            news,
            sub,
            rules.key(f"case-{case_id}-assigned-{entry.at.isoformat()}", sub.name),
            entry.at,
        )
        for sub in rules.recipients(news, everyone(conn, configured, channels))
        if sub.owner == case.assignee
    ]
    return _owe(conn, rows)


def owe_overdue(
    engine: Engine,
    now: datetime,
    configured: Sequence[rules.Subscription],
    channels: preferences.Channels | None = None,
) -> int:
    """Owe a notice of each open case past its due date, once per case and due date."""
    c = cases.c
    with engine.begin() as conn:
        wanted = [s for s in everyone(conn, configured, channels) if "overdue" in s.kinds]
        if not wanted:
            return 0
        late = conn.execute(
            select(c.id, c.service, c.subject_id, c.worst, c.due_at).where(
                c.status != "closed", c.due_at <= now
            )
        ).all()
        rows = []
        for case_id, service, subject_id, worst, due_at in late:
            news = rules.case_notice("overdue", int(case_id), service, subject_id, worst)
            for sub in rules.recipients(news, wanted):
                key = rules.key(f"case-{case_id}-overdue-{due_at.isoformat()}", sub.name)
                rows.append(_row(news, sub, key, now))
        return _owe(conn, rows)


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
