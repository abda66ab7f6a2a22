"""Searching the decision store: by subject, party name, reason code, list and entry,
outcome, service and time, newest first (by the time recorded, then id), paged by the last
row seen (keyset paging on both: a page deep in a million decisions, or a day's window in
the middle of them, costs what the first page does; ``make bench``)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, exists, or_, select

from services.auditweb.db.projector import fold
from services.auditweb.db.schema import decision_names, decision_reasons, decisions, event_names

#: the shortest start of a name searched by prefix
MIN_PREFIX = 3


@dataclass(frozen=True, slots=True)
class Query:
    """``None`` is "any"; ``name`` matches the start of a name a decision shows, or the
    whole of a name a judged event screened (case and spacing do not matter);
    time bounds are half-open ``[since, until)`` on when the decision was recorded."""

    subject_id: str | None = None
    name: str | None = None
    code: str | None = None
    list_name: str | None = None
    entry_id: str | None = None
    outcomes: frozenset[str] | None = None
    services: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: the last row of the previous page: its id and the time it was recorded
    before: int | None = None
    before_at: datetime | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    decision_id: str
    service: str
    subject_id: str
    outcome: str
    recorded_at: datetime
    raw: bytes

    def value(self) -> bytes:
        """The decision record exactly as it was on the topic."""
        return zlib.decompress(self.raw)


def _statement(q: Query) -> Select[Any]:
    d = decisions.c
    stmt = select(
        d.id, d.decision_id, d.service, d.subject_id, d.outcome, d.recorded_at, d.raw
    ).order_by(d.recorded_at.desc(), d.id.desc())
    if q.subject_id is not None:
        stmt = stmt.where(d.subject_id == q.subject_id)
    if q.outcomes is not None:
        stmt = stmt.where(d.outcome.in_(sorted(q.outcomes)))
    if q.services is not None:
        stmt = stmt.where(d.service.in_(sorted(q.services)))
    if q.since is not None:
        stmt = stmt.where(d.recorded_at >= q.since)
    if q.until is not None:
        stmt = stmt.where(d.recorded_at < q.until)
    if q.before is not None and q.before_at is not None:
        # the first condition lets an index on the time start where the last page ended
        stmt = stmt.where(
            d.recorded_at <= q.before_at,
            or_(d.recorded_at < q.before_at, d.id < q.before),
        )
    elif q.before is not None:
        stmt = stmt.where(d.id < q.before)
    if q.name:
        # names a decision shows (a matched name) by their start; the names of the parties
        # of the judged events only whole: the page withholds those, and a search by prefix
        # would spell them out a letter at a time
        folded = fold(q.name)
        prefix = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        shown = exists().where(
            decision_names.c.decision == d.id,
            decision_names.c.name.like(prefix + "%", escape="\\"),
        )
        whole = exists().where(
            event_names.c.source_event_id == d.source_event_id,
            event_names.c.name == folded,
        )
        stmt = stmt.where(or_(shown, whole) if len(folded) >= MIN_PREFIX else whole)
    if q.code is not None or q.list_name is not None or q.entry_id is not None:
        r = decision_reasons.c
        conditions = [r.decision == d.id]
        if q.code is not None:
            conditions.append(r.code == q.code)
        if q.list_name is not None:
            conditions.append(r.list_name == q.list_name)
        if q.entry_id is not None:
            conditions.append(r.entry_id == q.entry_id)
        stmt = stmt.where(exists().where(*conditions))
    return stmt.limit(max(1, min(q.limit, 500)))


def search(engine: Engine, q: Query) -> list[Row]:
    with engine.connect() as conn:
        return [Row(*row) for row in conn.execute(_statement(q)).all()]
