"""The calendar's bookkeeping without a broker (the broker test is
tests/integration/test_calendar_kafka.py): what is due, who may act on it, and that a
failure is never retried without end."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import TopicPartition

from services.common.calendar import Calendar, Entry
from services.common.pipeline import calendar_entry

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
TP = TopicPartition("in", 0)


def calendar(**kw: Any) -> Calendar:
    cal = Calendar("cal", "in", {}, clock=lambda: NOW, **kw)
    cal.partitions = [0, 1, 2]
    return cal


def entry(subject: str, due: str | None, decision: str = "d") -> Entry:
    return Entry(subject, date.fromisoformat(due) if due else None, decision, "e", b"{}")


def owned(*tps: TopicPartition) -> Any:
    return lambda: frozenset(tps)


async def test_only_what_is_due_on_owned_partitions_is_judged_again() -> None:
    cal = calendar()
    cal.pending = {0: {"A": entry("A", "2026-12-01"), "B": entry("B", "2026-12-02")}}
    fired: list[str] = []

    async def fire(tp: TopicPartition, e: Entry) -> None:
        fired.append(e.subject_id)

    async def give_up(tp: TopicPartition, e: Entry, error: str) -> None:
        raise AssertionError

    assert await cal.tick(owned(TP), asyncio.Lock(), fire, give_up) == 1
    assert fired == ["A"]
    # a partition no longer owned is forgotten, never fired
    assert await cal.tick(owned(), asyncio.Lock(), fire, give_up) == 0
    assert cal.pending == {}


async def test_a_failure_is_given_up_after_its_attempts_never_retried_without_end() -> None:
    cal = calendar()
    cal.pending = {0: {"A": entry("A", "2026-11-30")}}
    tries: list[str] = []
    given: list[str] = []

    async def fire(tp: TopicPartition, e: Entry) -> None:
        tries.append(e.subject_id)
        raise RuntimeError("the broker refused the record")

    async def give_up(tp: TopicPartition, e: Entry, error: str) -> None:
        given.append(error)
        cal.pending[0]["A"] = entry("A", None)  # what the dead letter's entry does

    for _ in range(5):
        await cal.tick(owned(TP), asyncio.Lock(), fire, give_up)
    assert len(tries) == 3 and len(given) == 1 and "refused" in given[0]


async def test_at_most_so_many_per_tick_the_earliest_first() -> None:
    cal = calendar(max_per_tick=2)
    cal.pending = {0: {s: entry(s, f"2026-11-{10 + i}") for i, s in enumerate("CBA")}}
    fired: list[str] = []

    async def fire(tp: TopicPartition, e: Entry) -> None:
        fired.append(e.subject_id)
        cal.pending[0][e.subject_id] = entry(e.subject_id, None)

    async def give_up(tp: TopicPartition, e: Entry, error: str) -> None:
        raise AssertionError

    await cal.tick(owned(TP), asyncio.Lock(), fire, give_up)
    assert fired == ["C", "B"]
    await cal.tick(owned(TP), asyncio.Lock(), fire, give_up)
    assert fired == ["C", "B", "A"]


def test_an_entry_lies_where_a_record_keyed_by_its_subject_lies() -> None:
    cal = calendar()
    cal.pending = {p: {} for p in cal.partitions}
    record = calendar_entry(
        "cal", subject_id="PUB-1", due=date(2026, 12, 5), decision_id="d", event_id="e", event=b"{}"
    )
    assert record.partition is None and record.key == b"PUB-1"  # the producer places it
    cal.observe([record])
    where = cal.partition_of("PUB-1")
    assert set(cal.pending[where]) == {"PUB-1"}
    assert all(not cal.pending[p] for p in cal.partitions if p != where)
