"""The calendar: a decision whose outcome changes on a date is judged again on that date.

Every decision says until when it holds (``valid_until``, see ``validity``). With each
decision, in its transaction, the service writes a *calendar entry* for the subject to its
compacted calendar topic (``<group id>.calendar.v1``, e.g.
``clearway-gdpr.calendar.v1``), keyed by subject id, on the
same partition number as the input record: the event judged (its bytes), the decision's
id and the date due (``null`` when nothing is pending: the entry then only records that a
newer event replaced an older one). A newer event for the subject writes a newer entry, so
it replaces the pending date.

Each instance runs the entries of the input partitions it owns. On the day an entry falls
due (by the runtime's clock, UTC), the subject's latest event is judged again with its
evaluation date set to the date due (never the clock's date: a late run judges the day it
was scheduled for), and the new decision (``trigger: calendar``, the previous decision's id,
its own ``valid_until``) and the subject's next entry are written in one transaction, under
the same lock as the batch handler: a re-judgement and a newer event for the same subject
never cross, and a restart on the day finds the entry already moved on (exactly one
re-judgement). The decision id derives from the event and the date due, so a batch-mode
run of the same event with ``as_of`` set to that date gives the same decision.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import TopicPartition
from aiokafka.partitioner import DefaultPartitioner
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from schemas.deadletter import ErrorKind
from services.common.kafka import TopicSpec, committed_reader, ensure_topics, topic_partitions
from services.common.logging import get_logger
from services.common.pipeline import Emission, Judge, RawRecord, calendar_entry

_PARTITIONER = DefaultPartitioner()

log = get_logger("clearway.calendar")
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """What is pending for one subject."""

    subject_id: str
    due: date | None
    decision_id: str
    event_id: str
    event: bytes

    @classmethod
    def parse(cls, value: bytes) -> Entry | None:
        try:
            body = json.loads(value)
            due = date.fromisoformat(body["due"]) if body.get("due") else None
            return cls(
                str(body["subject_id"]),
                due,
                str(body["decision_id"]),
                str(body["event_id"]),
                str(body["event"]).encode(),
            )
        except Exception:  # an entry that cannot be read is skipped, never fatal
            return None


@dataclass
class CalendarStats:
    emitted: int = 0
    late: int = 0
    errors: int = 0
    last_tick: float = 0.0


@dataclass(eq=False)  # a Prometheus collector: registered by identity
class Calendar:
    """Pending dates of the owned partitions, and the loop that acts on them."""

    topic: str
    #: the service's input topic: calendar partition n belongs to input partition n
    input_topic: str
    client_options: dict[str, Any]
    clock: Clock = wall_clock
    interval_seconds: float = 30.0
    #: at most this many subjects judged again per tick (the rest wait for the next one), so
    #: a day on which many decisions fall due never holds up the input for long
    max_per_tick: int = 500
    pending: dict[int, dict[str, Entry]] = field(default_factory=dict)
    stats: CalendarStats = field(default_factory=CalendarStats)
    #: the calendar topic's partitions (as many as the input topic's), set at start
    partitions: list[int] = field(default_factory=list)
    #: failed attempts per (subject, decision id): after ``attempts`` the entry is given up
    failures: dict[tuple[str, str], int] = field(default_factory=dict)
    attempts: int = 3

    def partition_of(self, subject_id: str) -> int:
        """Where the subject's entry lies: the producer's default partitioner on the subject
        id, the partition of an input record keyed as the contract says."""
        parts = self.partitions or [0]
        return int(_PARTITIONER(subject_id.encode(), parts, parts))

    # --- what the writer and the rebalance listener tell it -----------------------------

    def observe(self, emissions: Sequence[Emission]) -> None:
        """Entries just committed (with their decisions) replace what was pending."""
        for e in emissions:
            if e.topic != self.topic:
                continue
            entry = Entry.parse(e.value)
            if entry is None:
                continue
            partition = (
                e.partition if e.partition is not None else self.partition_of(entry.subject_id)
            )
            if partition in self.pending:
                self.pending[partition][entry.subject_id] = entry

    def revoked(self, tps: Sequence[TopicPartition]) -> None:
        for tp in tps:
            if tp.topic == self.input_topic:
                self.pending.pop(tp.partition, None)

    # --- the loop ------------------------------------------------------------------------

    def due(self, today: date) -> Iterator[tuple[int, Entry]]:
        for partition, entries in self.pending.items():
            for entry in entries.values():
                if entry.due is not None and entry.due <= today:
                    yield partition, entry

    async def load(self, partition: int) -> dict[str, Entry]:
        """The latest entry per subject of one calendar partition (read_committed)."""
        entries: dict[str, Entry] = {}
        parts = await topic_partitions(self.client_options, self.topic)
        if partition not in parts:
            return entries
        consumer = committed_reader(self.client_options)
        await consumer.start()
        try:
            tp = TopicPartition(self.topic, partition)
            consumer.assign([tp])
            end = (await consumer.end_offsets([tp]))[tp]
            await consumer.seek_to_beginning(tp)
            while await consumer.position(tp) < end:
                batch = await consumer.getmany(tp, timeout_ms=500)
                for record in batch.get(tp, []):
                    key = (record.key or b"").decode(errors="replace")
                    if record.value is None:
                        entries.pop(key, None)
                        continue
                    entry = Entry.parse(record.value)
                    if entry is not None:
                        entries[entry.subject_id] = entry
        finally:
            await consumer.stop()
        return entries

    async def tick(
        self,
        assignment: Callable[[], frozenset[TopicPartition]],
        lock: asyncio.Lock,
        fire: Callable[[TopicPartition, Entry], Any],
        give_up: Callable[[TopicPartition, Entry, str], Any],
    ) -> int:
        """Load newly owned partitions, then judge again what is due, one subject at a time
        under the lock the batch handler and the rebalance callbacks hold (read the
        assignment only under it: a partition being revoked is never fired). Returns how
        many were judged again."""
        async with lock:
            mine = {tp.partition for tp in assignment() if tp.topic == self.input_topic}
            for partition in list(self.pending):
                if partition not in mine:
                    del self.pending[partition]
            for partition in sorted(mine - set(self.pending)):
                self.pending[partition] = await self.load(partition)
            today = self.clock().astimezone(UTC).date()
            due = sorted(self.due(today), key=lambda pe: (pe[1].due or today, pe[1].subject_id))
        fired = 0
        for partition, entry in due[: self.max_per_tick]:
            async with lock:
                tp = TopicPartition(self.input_topic, partition)
                if tp not in assignment():
                    continue  # moved to another instance meanwhile: its owner acts on it
                if self.pending.get(partition, {}).get(entry.subject_id) is not entry:
                    continue  # a newer event replaced it meanwhile
                key = (entry.subject_id, entry.decision_id)
                try:
                    await fire(tp, entry)
                except Exception as exc:  # one subject failing does not stop the others
                    self.stats.errors += 1
                    self.failures[key] = self.failures.get(key, 0) + 1
                    error = f"{type(exc).__name__}: {exc}"[:300]
                    log.error("calendar_rejudge_failed", partition=partition, error=error)
                    if self.failures[key] >= self.attempts:  # never a retry without end
                        await give_up(tp, entry, error)
                        self.failures.pop(key, None)
                    continue
                self.failures.pop(key, None)
                fired += 1
                self.stats.emitted += 1
                if entry.due is not None and entry.due < today:
                    self.stats.late += 1
        self.stats.last_tick = time.time()
        return fired

    # --- metrics -------------------------------------------------------------------------

    def collect(self) -> Iterator[Any]:
        today = self.clock().astimezone(UTC).date()
        entries = [e for part in self.pending.values() for e in part.values()]
        pending = GaugeMetricFamily(
            "clearway_calendar_pending", "Subjects with a date on which they are judged again."
        )
        pending.add_metric([], sum(1 for e in entries if e.due is not None))
        yield pending
        due = GaugeMetricFamily(
            "clearway_calendar_due", "Subjects whose date has come and who wait to be judged."
        )
        due.add_metric([], sum(1 for e in entries if e.due is not None and e.due <= today))
        yield due
        for name, value, text in (
            ("clearway_calendar_emitted", self.stats.emitted, "Re-judgements written."),
            ("clearway_calendar_late", self.stats.late, "Re-judgements written after their day."),
            ("clearway_calendar_errors", self.stats.errors, "Re-judgements that failed."),
        ):
            counter = CounterMetricFamily(name, text)
            counter.add_metric([], value)
            yield counter


Publish = Callable[[TopicPartition, Sequence[Emission]], Any]


async def ensure_topic(calendar: Calendar) -> None:
    """The calendar topic (compacted) with as many partitions as the input topic: a
    subject's entry lies where an input record keyed by the subject id lies, so the owner
    of input partition n acts on calendar partition n. Any other count: refuse to start."""
    inputs = await topic_partitions(calendar.client_options, calendar.input_topic)
    spec = TopicSpec(calendar.topic, max(1, len(inputs)), 1, {"cleanup.policy": "compact"})
    await ensure_topics(calendar.client_options, [spec])
    mine = await topic_partitions(calendar.client_options, calendar.topic)
    if len(mine) != len(inputs):
        msg = (
            f"the calendar topic {calendar.topic} has {len(mine)} partitions, the input topic "
            f"{calendar.input_topic} {len(inputs)}: they must be equal"
        )
        raise RuntimeError(msg)
    calendar.partitions = sorted(mine)


def rejudgement(judge: Judge[Any], topic: str, tp: TopicPartition, entry: Entry) -> Emission:
    """The re-judgement of one due entry; an event that cannot be judged any more becomes a
    dead letter with an amber decision, and nothing stays pending for it (never a retry
    without end)."""
    assert entry.due is not None
    try:
        return judge.rejudge(entry.event, entry.due, entry.decision_id)
    except Exception as exc:
        return given_up(judge, topic, tp, entry, f"{type(exc).__name__}: {exc}")


def given_up(
    judge: Judge[Any], topic: str, tp: TopicPartition, entry: Entry, error: str
) -> Emission:
    """A dead letter for an entry that cannot be judged again or written, the amber decision
    for its subject, and an entry with nothing pending."""
    raw = RawRecord(topic, tp.partition, None, entry.subject_id.encode(), entry.event)
    letter = judge.reject(raw, ErrorKind.DECISION_FAILED, f"calendar: {error}")
    if any(e.topic == topic for e in letter.extras):
        return letter
    cancel = calendar_entry(
        topic,
        subject_id=entry.subject_id,
        due=None,
        decision_id=entry.decision_id,
        event_id=entry.event_id,
        event=entry.event,
    )
    return replace(letter, extras=(*letter.extras, cancel))


async def keep(
    calendar: Calendar,
    judge: Judge[Any],
    publish: Publish,
    assignment: Callable[[], frozenset[TopicPartition]],
    lock: asyncio.Lock,
) -> None:
    """The calendar's loop: every ``interval_seconds``, what is due is judged again."""

    async def fire(tp: TopicPartition, entry: Entry) -> None:
        emission = await asyncio.to_thread(rejudgement, judge, calendar.topic, tp, entry)
        await publish(tp, emission.records())
        log.info(
            "calendar_rejudged",
            partition=tp.partition,
            due=entry.due.isoformat() if entry.due else None,
            previous_decision_id=entry.decision_id,
            outcome=emission.outcome.value if emission.outcome else None,
        )

    async def give_up(tp: TopicPartition, entry: Entry, error: str) -> None:
        emission = await asyncio.to_thread(given_up, judge, calendar.topic, tp, entry, error)
        await publish(tp, emission.records())

    while True:
        try:
            await calendar.tick(assignment, lock, fire, give_up)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the broker may be away: try again next time
            log.warning("calendar_tick_failed", error=f"{type(exc).__name__}: {exc}"[:300])
        await asyncio.sleep(calendar.interval_seconds)
