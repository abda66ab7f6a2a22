"""Cases in the store: opened or joined by the projector in the transaction that stores the
decision, changed by officers' actions (:mod:`services.auditweb.cases` decides; this module
only loads and saves), and the work queues.

An action runs in one transaction: the case is read (locked on PostgreSQL), the pure
action decides, the new state and its history entry are written together; a refused action
changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Row, insert, or_, select, update

from services.auditweb import cases as domain
from services.auditweb.cases import Case, Done, PendingReview, Refused, ReviewToWrite, Status
from services.auditweb.db.schema import case_history, cases

#: the outcomes that open or join a case
CASE_OUTCOMES = frozenset({"needs_review", "red_flag"})
#: the actor of what the services decided
SYSTEM = "clearway"

View = Literal["mine", "unassigned", "overdue", "open", "all"]


def _pending_json(pending: PendingReview | None) -> str | None:
    if pending is None:
        return None
    return json.dumps({**asdict(pending), "reviewed_at": pending.reviewed_at.isoformat()})


def _pending(text: str | None) -> PendingReview | None:
    if not text:
        return None
    raw = json.loads(text)
    return PendingReview(**{**raw, "reviewed_at": datetime.fromisoformat(raw["reviewed_at"])})


def _case(row: Row[Any]) -> Case:
    m = row._mapping
    return Case(
        subject_id=m["subject_id"],
        service=m["service"],
        status=Status(m["status"]),
        opened_at=m["opened_at"],
        due_at=m["due_at"],
        worst=m["worst"],
        assignee=m["assignee"],
        resolution=m["resolution"],
        pending=_pending(m["pending"]),
        reviewed=tuple((k, v) for k, v in json.loads(m["reviewed"] or "[]")),
        version=int(m["version"] or 0),
    )


def _values(case: Case) -> dict[str, Any]:
    return {
        "subject_id": case.subject_id,
        "service": case.service,
        "status": case.status.value,
        "worst": case.worst,
        "opened_at": case.opened_at,
        "due_at": case.due_at,
        "assignee": case.assignee,
        "resolution": case.resolution,
        "pending": _pending_json(case.pending),
        "reviewed": json.dumps([list(r) for r in case.reviewed]),
        "version": case.version,
    }


def _history(conn: Connection, case_id: int, entry: domain.Entry) -> None:
    conn.execute(
        insert(case_history).values(
            case=case_id,
            at=entry.at,
            actor=entry.actor,
            kind=entry.kind,
            detail=json.dumps(entry.detail, sort_keys=True),
        )
    )


def on_decisions(conn: Connection, batch: list[tuple[dict[str, Any], datetime]]) -> None:
    """Each amber or red decision opens a case for its subject or joins the open one; any
    decision of a subject with an open case goes into its history. A batch at a time: one
    read of the open cases it touches, then the writes."""
    c = cases.c
    subjects = sorted({(d["subject_id"], d["service"]) for d, _ in batch})
    open_cases: dict[tuple[str, str], tuple[int, Case]] = {}
    for chunk in range(0, len(subjects), 300):
        part = subjects[chunk : chunk + 300]
        query = (
            select(cases)
            .where(
                c.subject_id.in_(sorted({s for s, _ in part})),
                c.status != Status.CLOSED.value,
            )
            .order_by(c.id)
        )
        if conn.dialect.name == "postgresql":  # an officer's action waits, or is refused
            query = query.with_for_update()
        rows = conn.execute(query).all()
        for row in rows:
            key = (row._mapping["subject_id"], row._mapping["service"])
            open_cases[key] = (int(row._mapping["id"]), _case(row))
    # key -> [case id (None until inserted), case]
    state: dict[tuple[str, str], list[Any]] = {k: [i, case] for k, (i, case) in open_cases.items()}
    changed: set[tuple[str, str]] = set()
    entries: list[tuple[tuple[str, str], domain.Entry]] = []
    for data, at in batch:
        key, outcome = (data["subject_id"], data["service"]), data["outcome"]
        known = state.get(key)
        if known is None and outcome not in CASE_OUTCOMES:
            continue
        if known is None:
            state[key] = [None, domain.opened(key[0], key[1], outcome, at)]
        elif outcome in CASE_OUTCOMES:
            joined = domain.joined(known[1], outcome, at)
            if joined != known[1]:
                known[1] = joined
                changed.add(key)
        detail = {"decision_id": data["decision_id"], "outcome": outcome}
        entries.append((key, domain.Entry(at, SYSTEM, "decision", detail)))
    fresh = [k for k, (case_id, _) in state.items() if case_id is None]
    if fresh:
        ids = (
            conn.execute(
                insert(cases).returning(c.id, sort_by_parameter_order=True),
                [_values(state[k][1]) for k in fresh],
            )
            .scalars()
            .all()
        )
        for key, case_id in zip(fresh, ids, strict=True):
            state[key][0] = int(case_id)
    for key in changed - set(fresh):
        # only what a decision changes: an officer's assignment or pending review stays
        case = state[key][1]
        conn.execute(
            update(cases)
            .where(c.id == state[key][0])
            .values(worst=case.worst, due_at=case.due_at, version=c.version + 1)
        )
    if entries:
        conn.execute(
            insert(case_history),
            [
                {
                    "case": state[key][0],
                    "at": e.at,
                    "actor": e.actor,
                    "kind": e.kind,
                    "detail": json.dumps(e.detail, sort_keys=True),
                }
                for key, e in entries
            ],
        )


#: called in an action's transaction with the case as written and the history line (the
#: notification outbox: a case assigned)
OnActed = Callable[[Connection, int, Case, domain.Entry], object]


def act(
    engine: Engine,
    case_id: int,
    action: Callable[[Case], Done | Refused],
    write_review: Callable[[ReviewToWrite], None] | None = None,
    on_done: OnActed | None = None,
) -> Done | Refused:
    """Apply an officer's action to a case: all of it or nothing. A review that takes
    effect is handed to ``write_review`` before the transaction commits: if writing it
    fails, the case does not change."""
    try:
        return _act(engine, case_id, action, write_review, on_done)
    except _Changed:
        return Refused("the case changed meanwhile; reload it and try again")


class _Changed(Exception):
    """The case was written by someone else between reading and writing it."""


def _act(
    engine: Engine,
    case_id: int,
    action: Callable[[Case], Done | Refused],
    write_review: Callable[[ReviewToWrite], None] | None,
    on_done: OnActed | None = None,
) -> Done | Refused:
    with engine.begin() as conn:
        query = select(cases).where(cases.c.id == case_id)
        if engine.dialect.name == "postgresql":
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is None:
            return Refused(f"no case {case_id}")
        read = _case(row)
        result = action(read)
        if isinstance(result, Done):
            # compare and set: a case changed since it was read (another officer, a new
            # decision) is not overwritten; the officer reloads it
            written = conn.execute(
                update(cases)
                .where(cases.c.id == case_id, cases.c.version == read.version)
                .values(**{**_values(result.case), "version": read.version + 1})
            )
            if written.rowcount != 1:
                raise _Changed
            _history(conn, case_id, result.entry)
            if on_done is not None:
                on_done(conn, case_id, result.case, result.entry)
            if result.review is not None and write_review is not None:
                write_review(result.review)
        return result


def get(engine: Engine, case_id: int) -> Case | None:
    with engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    return None if row is None else _case(row)


def history(engine: Engine, case_id: int) -> list[domain.Entry]:
    """A case's history, oldest first."""
    h = case_history.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(h.at, h.actor, h.kind, h.detail).where(h.case == case_id).order_by(h.id)
        ).all()
    return [domain.Entry(at, actor, kind, json.loads(detail)) for at, actor, kind, detail in rows]


def queue(
    engine: Engine,
    view: View,
    *,
    user: str | None = None,
    service: str | None = None,
    subject: str | None = None,
    now: datetime | None = None,
    limit: int = 100,
) -> list[tuple[int, Case]]:
    """A work queue: my cases, unassigned, overdue, open or all; by service; the most urgent
    (earliest due) first."""
    c = cases.c
    stmt = select(cases).order_by(c.due_at, c.id).limit(max(1, min(limit, 500)))
    if view != "all":
        stmt = stmt.where(c.status != Status.CLOSED.value)
    if view == "mine":
        stmt = stmt.where(c.assignee == (user or ""))
    elif view == "unassigned":
        stmt = stmt.where(or_(c.assignee.is_(None), c.assignee == ""))
    elif view == "overdue":
        if now is None:
            raise ValueError("the overdue view needs the time")
        stmt = stmt.where(c.due_at <= now)
    if service is not None:
        stmt = stmt.where(c.service == service)
    if subject is not None:
        stmt = stmt.where(c.subject_id == subject)
    with engine.connect() as conn:
        return [(int(r._mapping["id"]), _case(r)) for r in conn.execute(stmt).all()]
