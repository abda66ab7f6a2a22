"""Decisions from the audit topic, and the party names of the input events they judged, into
the store: a batch of records and the offsets after them, in one transaction.

Idempotent by decision id and content: a record whose decision id and bytes are already
stored (a redelivery, or a batch read again after a crash before the offsets were written)
adds nothing; the same id with other bytes is the event judged again and is stored as a
version of its own. An input event's names are kept by its id, so a search by name finds
its decisions whatever their reasons say. Records that are neither are skipped and
counted, and their offsets still advance, so one bad record never stops the store.

No Kafka here: the caller (the page's reader, or a test) hands over :class:`Record` values;
the resume point is :func:`resume_offsets`.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from services.auditweb.db import casestore
from services.auditweb.db.schema import (
    decision_names,
    decision_reasons,
    decisions,
    projector_offsets,
)
from services.auditweb.db.schema import event_names as event_names_table
from services.auditweb.store import NotADecision, decision_of


@dataclass(frozen=True, slots=True)
class Record:
    topic: str
    partition: int
    offset: int
    value: bytes
    #: the broker's timestamp (ms): when the decision was written to the audit topic
    timestamp_ms: int


@dataclass(frozen=True, slots=True)
class Projected:
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    #: decisions whose signature did not verify: not stored, so no case or review rests on them
    unverified: int = 0


#: the longest value of each decision field the store keeps (the contract's identifiers are
#: at most 256 characters): a longer one is not a decision the store takes, never cut short
LIMITS = {
    "decision_id": 200,
    "service": 40,
    "subject_type": 40,
    "subject_id": 500,
    "outcome": 20,
    "source_event_id": 500,
}


def _fits(data: dict[str, Any]) -> bool:
    return all(len(str(data.get(k) or "")) <= n for k, n in LIMITS.items())


def fold(name: str) -> str:
    """A name as search compares it: case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())


def _names(data: dict[str, Any]) -> set[str]:
    """The party names a decision screened, as far as the decision itself says (the names
    in its reasons' evidence)."""
    found: set[str] = set()
    for reason in data.get("reasons") or []:
        evidence = reason.get("evidence") if isinstance(reason, dict) else None
        if not isinstance(evidence, dict):
            continue
        for key in ("query_name", "name", "partner_name"):
            value = evidence.get(key)
            if isinstance(value, str) and value.strip():
                found.add(fold(value)[:500])
    return found


def _reasons(data: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    rows = []
    for reason in data.get("reasons") or []:
        if not isinstance(reason, dict) or not isinstance(reason.get("code"), str):
            continue
        raw_evidence = reason.get("evidence")
        evidence: dict[str, Any] = raw_evidence if isinstance(raw_evidence, dict) else {}
        list_name = evidence.get("list")
        entry_id = evidence.get("entry_id")
        rows.append(
            (
                reason["code"][:80],
                list_name[:120] if isinstance(list_name, str) else None,
                entry_id[:200] if isinstance(entry_id, str) else None,
            )
        )
    return rows


def _when(record: Record) -> datetime:
    return datetime.fromtimestamp(record.timestamp_ms / 1000, tz=UTC)


#: called in the projector's transaction with each batch of newly stored decisions (the
#: notification outbox): what it writes commits with them or not at all
OnStored = Callable[[Connection, list[tuple[dict[str, Any], datetime]]], object]


def _store(
    conn: Connection, found: list[tuple[Record, dict[str, Any]]], notify: OnStored | None = None
) -> int:
    """Store a batch's decisions not stored yet, with their reasons, names and cases, in a
    handful of statements; returns how many were new."""
    digests = [hashlib.sha256(r.value).hexdigest() for r, _ in found]
    ids = sorted({d["decision_id"] for _, d in found})
    seen: set[tuple[str, str]] = set()
    for chunk in range(0, len(ids), 500):
        seen.update(
            (i, g)
            for i, g in conn.execute(
                select(decisions.c.decision_id, decisions.c.digest).where(
                    decisions.c.decision_id.in_(ids[chunk : chunk + 500])
                )
            ).all()
        )
    new: list[tuple[Record, dict[str, Any], str]] = []
    for (record, data), digest in zip(found, digests, strict=True):
        key = (data["decision_id"], digest)
        if key not in seen:
            seen.add(key)  # twice in one batch: once
            new.append((record, data, digest))
    if not new:
        return 0
    rows = [
        {
            "decision_id": data["decision_id"],
            "digest": digest,
            "service": data["service"],
            "subject_type": data["subject_type"],
            "subject_id": data["subject_id"],
            "outcome": data["outcome"],
            "source_event_id": str(data.get("source_event_id") or ""),
            "recorded_at": _when(record),
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "raw": zlib.compress(record.value, 1),
        }
        for record, data, digest in new
    ]
    pks = (
        conn.execute(
            insert(decisions).returning(decisions.c.id, sort_by_parameter_order=True), rows
        )
        .scalars()
        .all()
    )
    reasons = [
        {"decision": pk, "code": c, "list_name": n, "entry_id": e}
        for pk, (_, data, _) in zip(pks, new, strict=True)
        for c, n, e in _reasons(data)
    ]
    if reasons:
        conn.execute(insert(decision_reasons), reasons)
    names = [
        {"decision": pk, "name": n}
        for pk, (_, data, _) in zip(pks, new, strict=True)
        for n in sorted(_names(data))
    ]
    if names:
        conn.execute(insert(decision_names), names)
    batch = [(data, _when(record)) for record, data, _ in new]
    casestore.on_decisions(conn, batch)
    if notify is not None:
        notify(conn, batch)
    return len(new)


#: how deep a name is looked for in an event (owners of owners ...); deeper is not a name
MAX_DEPTH = 12


def event_names(value: Any, depth: int = 0) -> set[str]:
    """Every party name in an input event's data: strings under ``name`` and in ``aliases``,
    at any depth (a partner, its aliases, its owners and their owners, representatives, an
    end user, a data importer)."""
    found: set[str] = set()
    if depth > MAX_DEPTH:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name" and isinstance(item, str) and item.strip():
                found.add(fold(item)[:500])
            elif key == "aliases" and isinstance(item, list):
                found.update(fold(a)[:500] for a in item if isinstance(a, str) and a.strip())
            else:
                found |= event_names(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            found |= event_names(item, depth + 1)
    return found


#: the input events whose party names are screened, and so searchable: a data exporter's or
#: an author's name is nobody's screening and stays out of the store
SCREENED_TYPES = frozenset({"partner.upserted", "technology.transfer.requested"})


def _event(event: Any) -> tuple[str, set[str]] | None:
    """An input event's id and the names it had screened; None when the record is not an
    event."""
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        return None
    if not isinstance(event.get("data"), dict):
        return None
    if event.get("type") not in SCREENED_TYPES:
        return event["id"][:500], set()
    return event["id"][:500], event_names(event["data"])


def _index_events(conn: Connection, found: list[tuple[str, set[str]]]) -> None:
    """The names of a batch's input events, kept by event id (each pair once)."""
    wanted = {(i, n) for i, names in found for n in names}
    if not wanted:
        return
    ids = sorted({i for i, _ in wanted})
    t = event_names_table.c
    for chunk in range(0, len(ids), 500):
        wanted -= set(
            conn.execute(
                select(t.source_event_id, t.name).where(
                    t.source_event_id.in_(ids[chunk : chunk + 500])
                )
            ).all()
        )
    if wanted:
        conn.execute(
            insert(event_names_table),
            [{"source_event_id": i, "name": n} for i, n in sorted(wanted)],
        )


def _advance(conn: Connection, records: Sequence[Record]) -> None:
    """The next offset per partition, written with the rows."""
    nexts: dict[tuple[str, int], int] = {}
    for r in records:
        key = (r.topic, r.partition)
        nexts[key] = max(nexts.get(key, 0), r.offset + 1)
    current = resume_offsets(conn)
    for (topic, partition), offset in nexts.items():
        if (topic, partition) not in current:
            conn.execute(
                insert(projector_offsets).values(
                    topic=topic, partition=partition, next_offset=offset
                )
            )
        elif offset > current[(topic, partition)]:
            conn.execute(
                update(projector_offsets)
                .where(
                    projector_offsets.c.topic == topic,
                    projector_offsets.c.partition == partition,
                )
                .values(next_offset=offset)
            )


def project(
    engine: Engine,
    records: Iterable[Record],
    verify: Callable[[bytes], bool] | None = None,
    notify: OnStored | None = None,
) -> Projected:
    """Store a batch of audit records and the offsets after them, all or nothing. With
    ``verify`` (the services' public keys), a decision whose signature does not verify is
    left out and counted."""
    batch = list(records)
    found: list[tuple[Record, dict[str, Any]]] = []
    events: list[tuple[str, set[str]]] = []
    skipped = unverified = 0
    for record in batch:
        try:
            parsed = json.loads(record.value)  # once: a decision, or an input event
        except Exception:  # RecursionError on absurd nesting too: never the store's end
            skipped += 1
            continue
        try:
            data = decision_of(parsed)
            if not _fits(data):
                skipped += 1
                continue
            if verify is not None and not verify(record.value):
                unverified += 1
                continue
            found.append((record, data))
        except NotADecision:
            event = _event(parsed)  # an input event: its names
            if event is None:
                skipped += 1
            else:
                events.append(event)
    with engine.begin() as conn:
        stored = _store(conn, found, notify) if found else 0
        _index_events(conn, events)
        _advance(conn, batch)
    return Projected(stored, len(found) - stored, skipped, unverified)


def resume_offsets(conn: Connection | Engine) -> dict[tuple[str, int], int]:
    """Where to go on reading each partition (the offsets stored with the rows)."""
    query = select(
        projector_offsets.c.topic, projector_offsets.c.partition, projector_offsets.c.next_offset
    )
    if isinstance(conn, Engine):
        with conn.connect() as c:
            rows = c.execute(query).all()
    else:
        rows = conn.execute(query).all()
    return {(t, p): o for t, p, o in rows}
