"""The decisions the audit page holds, and every question the page asks of them.

Pure: no Kafka, no HTTP, no clock. The reader adds records as they arrive; the routes
ask for rows, counts, a subject's history or an export. Each decision is kept as its
original record value, zlib-compressed at the fastest level (about four-fold), beside the
few fields the filters need: about 1 KB resident per decision (``make bench``). When
``capacity`` is reached the oldest are dropped and counted; the page says so. Counts for
the unfiltered view are kept up to date as decisions come and go, so the page's default
view costs nothing however much is held.

Decision ids are deterministic (event id and service), so a second record with the same
id and the same bytes is a redelivery (at-least-once mode): counted, not shown twice. The
same id with other content (the event judged again after the rules or lists changed) is
a decision in its own right and is kept; :meth:`DecisionStore.versions` lists them all.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.decision import Outcome, ServiceName

OUTCOMES = tuple(o.value for o in Outcome)
SERVICES = tuple(s.value for s in ServiceName)
#: at most this many hourly buckets in a plot: the most recent two weeks of the window
MAX_HOURS = 24 * 14


@dataclass(frozen=True, slots=True)
class Position:
    """Where a record lies on its topic: enough to find it again."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One decision held: the filterable fields plus the compressed record value."""

    seq: int
    decision_id: str
    service: str
    subject_type: str
    subject_id: str
    outcome: str
    source_event_id: str
    recorded_at: datetime
    hour: datetime
    position: Position
    blob: bytes
    digest: bytes
    #: what the signature and hash-chain check found ("verified", "bad_signature", ...), or
    #: "not_checked" where the page has no public keys
    integrity: str = "not_checked"

    def event(self) -> dict[str, Any]:
        """The decision event exactly as it was on the topic."""
        value: dict[str, Any] = json.loads(zlib.decompress(self.blob))
        return value

    def raw(self) -> bytes:
        return zlib.decompress(self.blob)


@dataclass(frozen=True, slots=True)
class Filter:
    """What the officer selected. ``None`` means "any"; time bounds are half-open
    ``[since, until)`` on the time the decision was written to the audit topic."""

    outcomes: frozenset[str] | None = None
    services: frozenset[str] | None = None
    subject_id: str | None = None
    search: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    after_seq: int | None = None

    def matches(self, entry: Entry) -> bool:
        if self.outcomes is not None and entry.outcome not in self.outcomes:
            return False
        if self.services is not None and entry.service not in self.services:
            return False
        if self.subject_id is not None and entry.subject_id != self.subject_id:
            return False
        if self.search and self.search.casefold() not in entry.subject_id.casefold():
            return False
        if self.since is not None and entry.recorded_at < self.since:
            return False
        if self.until is not None and entry.recorded_at >= self.until:
            return False
        return self.after_seq is None or entry.seq > self.after_seq


class NotADecision(ValueError):
    """The record is not a decision event the page can show (it is skipped and counted)."""


def parse_record(value: bytes) -> dict[str, Any]:
    """The decision fields of one audit record; raises :class:`NotADecision` otherwise."""
    try:
        event = json.loads(value)
    except Exception as exc:  # RecursionError on absurd nesting too: never the reader's end
        raise NotADecision("not JSON") from exc
    return decision_of(event)


def decision_of(event: Any) -> dict[str, Any]:
    """The decision fields of a parsed record; raises :class:`NotADecision` otherwise."""
    data = event.get("data") if isinstance(event, dict) else None
    if not isinstance(data, dict):
        raise NotADecision("no data object")
    fields = ("decision_id", "service", "subject_type", "subject_id", "outcome")
    if not all(isinstance(data.get(name), str) for name in fields):
        raise NotADecision("missing decision fields")
    if data["outcome"] not in OUTCOMES:
        raise NotADecision(f"unknown outcome {data['outcome']!r}")
    return data


def hour_of(moment: datetime) -> datetime:
    """The start of the UTC hour ``moment`` falls in (the plot's bucket)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(slots=True)
class Stats:
    """Counts for a window: per outcome, per service and outcome, and per hour."""

    total: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    services: dict[str, Counter[str]] = field(default_factory=dict)
    hours: dict[datetime, Counter[str]] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.total += 1
        self.outcomes[entry.outcome] += 1
        service = self.services.get(entry.service)
        if service is None:
            service = self.services[entry.service] = Counter()
        service[entry.outcome] += 1
        hour = self.hours.get(entry.hour)
        if hour is None:
            hour = self.hours[entry.hour] = Counter()
        hour[entry.outcome] += 1

    def remove(self, entry: Entry) -> None:
        """Take a dropped entry out again (the running totals of the whole store)."""
        self.total -= 1
        for counter in (self.outcomes, self.services[entry.service], self.hours[entry.hour]):
            counter[entry.outcome] -= 1
            if counter[entry.outcome] == 0:
                del counter[entry.outcome]
        if not self.services[entry.service]:
            del self.services[entry.service]
        if not self.hours[entry.hour]:
            del self.hours[entry.hour]

    def as_json(self) -> dict[str, Any]:
        """Counts with every outcome present (zeros included), hours oldest first and
        contiguous (empty hours too), at most :data:`MAX_HOURS` of the most recent."""
        hours: list[dict[str, Any]] = []
        if self.hours:
            last = max(self.hours)
            first = max(min(self.hours), last - timedelta(hours=MAX_HOURS - 1))
            moment = first
            while moment <= last:
                counts = self.hours.get(moment, Counter())
                hours.append({"hour": moment.isoformat(), **{o: counts[o] for o in OUTCOMES}})
                moment += timedelta(hours=1)
        return {
            "total": self.total,
            "outcomes": {o: self.outcomes[o] for o in OUTCOMES},
            "services": {
                name: {o: counts[o] for o in OUTCOMES}
                for name, counts in sorted(self.services.items())
            },
            "hours": hours,
            "hours_truncated": len(self.hours) > 0
            and (max(self.hours) - min(self.hours)) >= timedelta(hours=MAX_HOURS),
        }


class DecisionStore:
    """Decisions in arrival order, indexed by decision id and subject id."""

    def __init__(self, capacity: int = 200_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._entries: dict[int, Entry] = {}
        self._by_id: dict[str, list[int]] = {}
        self._by_subject: dict[str, list[int]] = {}
        self._next_seq = 1
        self._totals = Stats()  # kept up to date: the page's default view costs nothing
        self.evicted = 0
        self.duplicates = 0
        self.skipped = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def last_seq(self) -> int:
        """The sequence number of the newest decision (0 when none): "from now" starts here."""
        return self._next_seq - 1

    def add(
        self,
        value: bytes,
        recorded_at: datetime,
        position: Position,
        integrity: str = "not_checked",
    ) -> Entry | None:
        """Hold one audit record. Returns the entry, or ``None`` for a redelivered decision
        or a record that is not a decision (both counted)."""
        try:
            data = parse_record(value)
        except NotADecision:
            self.skipped += 1
            return None
        digest = hashlib.blake2b(value, digest_size=16).digest()
        if any(self._entries[s].digest == digest for s in self._by_id.get(data["decision_id"], [])):
            self.duplicates += 1
            return None
        entry = Entry(
            seq=self._next_seq,
            decision_id=data["decision_id"],
            service=data["service"],
            subject_type=data["subject_type"],
            subject_id=data["subject_id"],
            outcome=data["outcome"],
            source_event_id=str(data.get("source_event_id", "")),
            recorded_at=recorded_at,
            hour=hour_of(recorded_at),
            position=position,
            blob=zlib.compress(value, 1),
            digest=digest,
            integrity=integrity,
        )
        self._next_seq += 1
        self._entries[entry.seq] = entry
        self._by_id.setdefault(entry.decision_id, []).append(entry.seq)
        self._by_subject.setdefault(entry.subject_id, []).append(entry.seq)
        self._totals.add(entry)
        while len(self._entries) > self.capacity:
            self._evict_oldest()
        return entry

    def _evict_oldest(self) -> None:
        seq = next(iter(self._entries))
        entry = self._entries.pop(seq)
        self._totals.remove(entry)
        _unindex(self._by_id, entry.decision_id, seq)
        _unindex(self._by_subject, entry.subject_id, seq)
        self.evicted += 1

    def get(self, decision_id: str, seq: int | None = None) -> Entry | None:
        """The newest record of a decision id, or the one with sequence number ``seq``."""
        seqs = self._by_id.get(decision_id, [])
        if seq is not None:
            return self._entries[seq] if seq in seqs else None
        return self._entries[seqs[-1]] if seqs else None

    def versions(self, decision_id: str) -> list[Entry]:
        """Every differing record held under one decision id, oldest first."""
        return [self._entries[s] for s in self._by_id.get(decision_id, [])]

    def matching(self, where: Filter, *, newest_first: bool = True) -> Iterator[Entry]:
        """Every entry the filter lets through; a subject filter uses the subject index."""
        candidates: Iterator[Entry]
        if where.subject_id is not None:
            seqs = self._by_subject.get(where.subject_id, [])
            candidates = (self._entries[s] for s in (reversed(seqs) if newest_first else seqs))
        elif newest_first:
            candidates = reversed(self._entries.values())
        else:
            candidates = iter(self._entries.values())
        return (entry for entry in candidates if where.matches(entry))

    def newer_than(self, seq: int, where: Filter) -> list[Entry]:
        """Entries after ``seq`` that the filter lets through, oldest first: what a live
        stream has not sent yet. Costs only the new entries, not the whole store."""
        first = max(seq + 1, self._next_seq - len(self._entries))
        entries = (self._entries.get(s) for s in range(first, self._next_seq))
        return [e for e in entries if e is not None and where.matches(e)]

    def page(self, where: Filter, *, limit: int, before_seq: int | None = None) -> list[Entry]:
        """Up to ``limit`` entries, newest first, older than ``before_seq`` when given."""
        out: list[Entry] = []
        for entry in self.matching(where):
            if before_seq is not None and entry.seq >= before_seq:
                continue
            out.append(entry)
            if len(out) >= limit:
                break
        return out

    def stats(self, where: Filter) -> Stats:
        """Counts for the filtered window; without a filter, the running totals."""
        if where == Filter():
            return self._totals
        stats = Stats()
        for entry in self.matching(where, newest_first=False):
            stats.add(entry)
        return stats

    def history(self, subject_id: str) -> list[Entry]:
        """Every decision held for one subject, oldest first."""
        return [self._entries[s] for s in self._by_subject.get(subject_id, [])]


def _unindex(index: dict[str, list[int]], key: str, seq: int) -> None:
    seqs = index[key]
    seqs.remove(seq)
    if not seqs:
        del index[key]
