"""Re-screening known partners when anything a decision depends on changes, durably.

What a decision depends on besides the partner's own event: the lists, the rules and
reference data, the code. Their versions together are a *versions key*. A state topic
(compacted, ``clearway.screening.state.v1``) keeps, per input partition, the versions key
last re-screened to the end, and per partner the event and the decision signature (outcome
and what was raised) of its latest decision, written with every decision (in its
transaction) and by every re-screen. So:

- at start, every owned partition whose stored versions key differs from the current one
  is re-screened (a rollout with new lists, rules, reference data or code; a restart in
  the middle of a re-screen); a partition already done for these versions is skipped;
- when the lists change in a running service, the partitions are re-screened again.

Each instance re-screens the partner-topic partitions it owns, so the work splits with the
consumer group. The partners are the latest record per key of the compacted partner topic.
A new decision is published where the signature differs from the last one known for that
partner and event (from the state, else from the old lists where the change happened in
this process), with an id from the event and the versions key, ``trigger`` saying why, and
the lists it replaced. A partner whose latest record cannot be judged gets an amber
decision (``EVENT_REJECTED``), never silence; an error on one partner is reported and the
rest go on. Decisions and state go out together, one transaction per chunk of partners.
Judging runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client.core import GaugeMetricFamily

from schemas.deadletter import ErrorKind
from schemas.decision import outcome_of
from schemas.events import PartnerUpsertedEvent
from services.common.cloudevents import NotReadable, structured
from services.common.context import RuntimeContext
from services.common.kafka import TopicSpec, committed_reader, ensure_topics, topic_partitions
from services.common.logging import get_logger
from services.common.pipeline import Emission, RawRecord
from services.common.service import Verdict
from services.sanctions.snapshot import Snapshot

log = get_logger("clearway.rescreen")
Decider = Callable[[Snapshot], Callable[[PartnerUpsertedEvent], Verdict]]
STATE_TOPIC = "clearway.screening.state.v1"
#: partners per transaction (decisions and their state together)
CHUNK = 1_000


@dataclass
class RescreenReport:
    partitions: int = 0
    skipped: int = 0
    partners: int = 0
    changed: int = 0
    rejected: int = 0
    errors: int = 0
    seconds: float = 0.0


@dataclass
class Progress:
    """What the metrics show of the re-screen in progress (or the last one)."""

    running: bool = False
    total: int = 0
    done: int = 0
    published: int = 0
    errors: int = 0
    finished_at: float = 0.0


class ProgressCollector:
    """Prometheus view of re-screening: running, partners done of total, errors."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def collect(self) -> Iterator[Any]:
        p = self.progress
        for name, help_text, value in (
            ("clearway_rescreen_running", "1 while a re-screen runs.", int(p.running)),
            ("clearway_rescreen_partners_total", "Partners of the current re-screen.", p.total),
            ("clearway_rescreen_partners_done", "Partners re-screened so far.", p.done),
            ("clearway_rescreen_published", "Decisions published by re-screens.", p.published),
            ("clearway_rescreen_errors", "Partners that could not be re-screened.", p.errors),
            (
                "clearway_rescreen_finished_timestamp_seconds",
                "When the last re-screen finished.",
                p.finished_at,
            ),
        ):
            family = GaugeMetricFamily(name, help_text)
            family.add_metric([], value)
            yield family


def signature(verdict: Verdict) -> str:
    """What a re-screen compares: the outcome and which entries were raised, how, for whom."""
    raised = sorted(
        json.dumps(
            [
                r.code.value,
                r.evidence.get("party"),
                r.evidence.get("list"),
                r.evidence.get("entry_id"),
            ],
            default=str,
        )
        for r in verdict.reasons
    )
    body = json.dumps([outcome_of(list(verdict.reasons)).value, raised])
    return hashlib.sha256(body.encode()).hexdigest()[:24]


def state_record(topic: str, key: str, value: dict[str, Any]) -> Emission:
    return Emission(
        kind="state",
        key=key.encode(),
        value=json.dumps(value, sort_keys=True, default=str).encode(),
        headers=(),
        event_id=None,
        event_type=None,
        topic=topic,
    )


def partner_state(topic: str) -> Callable[[PartnerUpsertedEvent, Verdict], list[Emission]]:
    """The state record written with every screening decision: the signature of the
    partner's latest decision and the event it judged, the baseline a re-screen compares
    with (so after a restart, only partners whose decision would change get a new one)."""

    def state_of(event: PartnerUpsertedEvent, verdict: Verdict) -> list[Emission]:
        value = {"event_id": event.id, "signature": signature(verdict)}
        return [state_record(topic, f"partner/{event.data.partner_id}", value)]

    return state_of


REJECTED = "rejected"


def rejected_state(topic: str) -> Callable[[str, str], list[Emission]]:
    """The state record written with the amber decision for a partner whose event was
    rejected: a re-screen of the same record then has nothing new to say."""

    def state_of(partner_id: str, event_id: str) -> list[Emission]:
        value = {"event_id": event_id, "signature": REJECTED}
        return [state_record(topic, f"partner/{partner_id}", value)]

    return state_of


def versions_key(versions: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class State:
    """What the state topic holds: per partition the versions key done, per partner the
    (event id, signature) last published."""

    partitions: dict[str, str] = field(default_factory=dict)
    partners: dict[str, tuple[str, str]] = field(default_factory=dict)


def _partition_key(tp: TopicPartition) -> str:
    return f"partition/{tp.topic}/{tp.partition}"


async def read_state(options: Mapping[str, Any], topic: str) -> State:
    """The whole state topic (latest value per key)."""
    state = State()
    partitions = [TopicPartition(topic, p) for p in await topic_partitions(options, topic)]
    for key, (value, _) in (await _latest(options, partitions)).items():
        try:
            item = json.loads(value)
        except ValueError:
            continue
        if key.startswith("partition/"):
            state.partitions[key] = str(item.get("versions_key", ""))
        elif key.startswith("partner/"):
            state.partners[key[len("partner/") :]] = (
                str(item.get("event_id", "")),
                str(item.get("signature", "")),
            )
    return state


async def _latest(
    options: Mapping[str, Any], partitions: list[TopicPartition], below: int | None = None
) -> dict[str, tuple[bytes, int]]:
    """The latest record (value, timestamp) of every key in these partitions of a compacted
    topic (only records with an offset below ``below``, where given)."""
    latest: dict[str, tuple[bytes, int]] = {}
    if not partitions:
        return latest
    consumer = committed_reader(options)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        if below is not None:
            ends = {tp: min(end, below) for tp, end in ends.items()}
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500)
            for tp, records in batch.items():
                for r in records:
                    if r.offset >= ends[tp]:
                        continue
                    key = (r.key or f"offset-{r.offset}".encode()).decode("utf-8", "replace")
                    if r.value is None:
                        latest.pop(key, None)
                    else:
                        latest[key] = (_as_structured(r.value, r.headers), r.timestamp)
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
    finally:
        await consumer.stop()
    return latest


def _as_structured(value: bytes, headers: Any) -> bytes:
    """A binary-mode partner record read as the service reads it (cloudevents.structured);
    one that cannot be read stays as it is, and is judged as rejected."""
    try:
        return structured(value, list(headers or ()))
    except NotReadable:
        return value


Partner = tuple[bytes | None, bytes, int]


async def committed(
    options: Mapping[str, Any], group: str, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """The consumer group's committed offset per partition (0 where nothing is committed):
    the records below it were decided, their state written in the same transactions."""
    admin = AIOKafkaAdminClient(**options)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group, partitions=partitions)
    finally:
        await admin.close()
    return {tp: max(0, offsets[tp].offset) if tp in offsets else 0 for tp in partitions}


async def known_partners(
    ctx: RuntimeContext, partitions: list[TopicPartition], below: Mapping[TopicPartition, int]
) -> dict[TopicPartition, list[Partner]]:
    """(key, value, timestamp) of the latest record of every partner in these partitions,
    among the records below ``below`` (those the normal path already decided: a record
    beyond is still to be judged there, with whatever is in use then)."""
    out: dict[TopicPartition, list[Partner]] = {}
    for tp in partitions:
        latest = await _latest(ctx.settings.client_options(), [tp], below=below.get(tp, 0))
        out[tp] = [(k.encode(), v, ts) for k, (v, ts) in latest.items()]
    return out


class Rescreener:
    """Re-screens the partitions this instance owns; see the module docstring."""

    def __init__(
        self,
        ctx: RuntimeContext,
        decide_with: Decider,
        versions: Callable[[Snapshot], dict[str, Any]],
        *,
        state_topic: str = STATE_TOPIC,
        progress: Progress | None = None,
    ) -> None:
        self.ctx = ctx
        self.decide_with = decide_with
        self.versions = versions
        self.state_topic = state_topic
        self.progress = progress or Progress()
        self._lock = asyncio.Lock()

    async def ensure_state_topic(self) -> None:
        partitions = max(1, len(self._partitions()))
        await ensure_topics(
            self.ctx.settings.client_options(),
            [TopicSpec(self.state_topic, partitions, 1, {"cleanup.policy": "compact"})],
        )

    def _partitions(self) -> list[TopicPartition]:
        return sorted(
            (tp for tp in self.ctx.assignment() if tp.topic == self.ctx.settings.input_topic),
            key=lambda tp: tp.partition,
        )

    async def run(
        self, trigger: str, snapshot: Snapshot, old: Snapshot | None = None
    ) -> RescreenReport:
        """Re-screen the owned partitions whose state is not done for ``snapshot``'s versions
        (all of them when the lists just changed)."""
        async with self._lock:  # one re-screen at a time per instance
            return await self._run(trigger, snapshot, old)

    async def _run(self, trigger: str, snapshot: Snapshot, old: Snapshot | None) -> RescreenReport:
        started = time.perf_counter()
        report = RescreenReport()
        partitions = self._partitions()
        report.partitions = len(partitions)
        versions = self.versions(snapshot)
        vkey = versions_key(versions)
        options = self.ctx.settings.client_options()
        # first what the group has committed, then the state: every record below the
        # committed offset has its state record in (the same transactions wrote both)
        decided = await committed(options, self.ctx.settings.group_id, partitions)
        state = await read_state(options, self.state_topic)
        todo = [tp for tp in partitions if state.partitions.get(_partition_key(tp)) != vkey]
        report.skipped = len(partitions) - len(todo)
        partners = await known_partners(self.ctx, todo, decided)
        self.progress.running, self.progress.done = True, 0
        self.progress.total = sum(len(v) for v in partners.values())
        try:
            for tp in todo:
                try:
                    await self._partition(
                        tp, partners[tp], snapshot, old, state, vkey, trigger, report
                    )
                    marker = self._state(
                        _partition_key(tp), {"versions_key": vkey, "versions": versions}
                    )
                    await self.ctx.publish(tp, [marker])
                except Exception as exc:  # one partition failing does not stop the others
                    report.errors += 1
                    log.error(
                        "rescreen_partition_failed",
                        partition=tp.partition,
                        error=f"{type(exc).__name__}: {exc}"[:300],
                    )
        finally:
            self.progress.running, self.progress.finished_at = False, time.time()
        report.seconds = time.perf_counter() - started
        log.info(
            "rescreened",
            trigger=trigger,
            partitions=report.partitions,
            skipped=report.skipped,
            partners=report.partners,
            changed=report.changed,
            rejected=report.rejected,
            errors=report.errors,
            seconds=round(report.seconds, 3),
            versions_key=vkey,
        )
        return report

    async def _partition(
        self,
        tp: TopicPartition,
        records: list[Partner],
        snapshot: Snapshot,
        old: Snapshot | None,
        state: State,
        vkey: str,
        trigger: str,
        report: RescreenReport,
    ) -> None:
        new_decide = self.decide_with(snapshot)
        old_decide = self.decide_with(old) if old is not None else None
        extra = {"trigger": trigger, "previous_lists_version": old.versions if old else None}
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            emissions = await asyncio.to_thread(
                self._chunk, tp, chunk, new_decide, old_decide, state, vkey, extra, report
            )
            if emissions:
                await self.ctx.publish(tp, emissions)
            self.progress.done += len(chunk)

    def _chunk(
        self,
        tp: TopicPartition,
        chunk: list[Partner],
        decide: Callable[[PartnerUpsertedEvent], Verdict],
        old_decide: Callable[[PartnerUpsertedEvent], Verdict] | None,
        state: State,
        vkey: str,
        extra: dict[str, Any],
        report: RescreenReport,
    ) -> list[Emission]:
        """In a worker thread: decisions and state records for one chunk of partners."""
        judge = self.ctx.judge
        out: list[Emission] = []
        for key, value, timestamp in chunk:
            raw = RawRecord(tp.topic, tp.partition, None, key, value, (), timestamp)
            event: PartnerUpsertedEvent | None = judge.parse(value)
            if event is None:  # the partner's latest record is not a valid event: amber
                seen = judge.glimpse(value)
                known = state.partners.get(seen.subject_id or "")
                if known is not None and known[1] == REJECTED and known[0] == seen.event_id:
                    continue  # its amber was written when it arrived
                rejected = judge.reject(
                    raw, ErrorKind.INVALID_DATA, "the partner's latest record cannot be judged"
                )
                out.extend(e for e in rejected.extras)  # the amber and its state, no new letter
                report.rejected += bool(rejected.extras)
                continue
            report.partners += 1
            try:
                verdict = decide(event)
                baseline = self._baseline(event, state, old_decide)
            except Exception as exc:
                report.errors += 1
                self.progress.errors += 1
                out.extend(
                    judge.reject(
                        raw, ErrorKind.DECISION_FAILED, f"{type(exc).__name__}: {exc}"
                    ).extras
                )
                continue
            sig = signature(verdict)
            partner_id = event.data.partner_id
            if sig != baseline:
                emitted = judge.emit(
                    event, verdict, variant=f"rescreen:{vkey}", extra=extra, raw=value
                )
                out.extend(emitted.records())  # with the partner's calendar entry
                report.changed += 1
                self.progress.published += 1
            out.append(
                self._state(f"partner/{partner_id}", {"event_id": event.id, "signature": sig})
            )
        return out

    @staticmethod
    def _baseline(
        event: PartnerUpsertedEvent,
        state: State,
        old_decide: Callable[[PartnerUpsertedEvent], Verdict] | None,
    ) -> str | None:
        """The signature the partner's latest decision has: the one a re-screen stored for
        this very event, else the one under the lists in use before the change."""
        stored = state.partners.get(event.data.partner_id)
        if stored is not None and stored[0] == event.id:
            return stored[1]
        if old_decide is not None:
            return signature(old_decide(event))
        return None  # unknown: publish

    def _state(self, key: str, value: dict[str, Any]) -> Emission:
        return state_record(self.state_topic, key, value)
