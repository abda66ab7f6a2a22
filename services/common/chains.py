"""Hash chains on the audit topic: each writer links every decision it writes to an audit
partition to the previous one it wrote there, and signs it.

A *writer* is one transactional producer: one per input partition and service (its
transactional id), so exactly one process writes a given chain at a time. Kafka fences a
writer's previous incarnation when the partition moves, which is what keeps the chain
single-threaded:

- a batch is sealed (linked and signed) when its transaction is built, with the heads as
  they stand; the new heads are kept only when the transaction commits, so an aborted
  transaction (whose records a ``read_committed`` reader never sees) does not move them,
  and the retry links to the same predecessor;
- when this instance is assigned a partition, it first initialises the producer (fencing
  the old owner and settling its open transaction), then recovers the heads of that writer
  from the topic itself: it reads the audit partitions backwards, headers only
  (``clearway-writer``, ``clearway-hash``), until each head is found or the scan window
  (``CLEARWAY_CHAIN_SCAN_RECORDS``) is spent;
- a head not found starts a new segment (``clearwayprev: start``), which a verifier reports
  as a restart, not as a break.

The audit partition of a decision is computed here with Kafka's default partitioner (so
the chain knows it) and the record is sent to that partition explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from aiokafka import TopicPartition
from aiokafka.partitioner import DefaultPartitioner

from services.common.cloudevents import readable
from services.common.integrity import (
    GENESIS,
    HASH_HEADER,
    WRITER_HEADER,
    SigningKey,
    Verifier,
    seal,
)
from services.common.kafka import committed_reader, topic_partitions
from services.common.logging import get_logger
from services.common.pipeline import Emission

log = get_logger("clearway.chains")
Heads = dict[tuple[str, int], str]


class Chains:
    """Chain heads per (writer, audit partition), and sealing with them."""

    def __init__(
        self,
        key: SigningKey,
        audit_topic: str,
        client_options: Mapping[str, Any],
        *,
        scan_records: int = 50_000,
        public_keys: Mapping[str, str] | None = None,
    ) -> None:
        self.key = key
        #: a head is taken only from a record that verifies (its own key, and the keys it
        #: had before a rotation): headers alone are anyone's to write
        self.verifier = Verifier({**(public_keys or {}), key.key_id: key.public})
        self.audit_topic = audit_topic
        self.options = dict(client_options)
        self.scan_records = scan_records
        self.heads: Heads = {}
        self._partitioner = DefaultPartitioner()

    def seal(
        self, writer: str, emissions: Sequence[Emission], partitions: Sequence[int]
    ) -> tuple[list[Emission], Heads]:
        """The emissions with every decision linked and signed, and the heads they move to
        (kept by :meth:`commit` once the transaction commits)."""
        moved: Heads = {}
        out: list[Emission] = []
        for e in emissions:
            if e.kind != "decision" or (e.topic not in (None, self.audit_topic)):
                out.append(e)
                continue
            part = self._partitioner(e.key, list(partitions), list(partitions))
            prev = moved.get((writer, part)) or self.heads.get((writer, part)) or GENESIS
            value, digest = seal(e.value, self.key, writer, prev, part)
            moved[(writer, part)] = digest
            headers = (*e.headers, (HASH_HEADER, digest.encode()), (WRITER_HEADER, writer.encode()))
            out.append(replace(e, value=value, partition=part, headers=headers))
        return out, moved

    def commit(self, moved: Heads) -> None:
        self.heads.update(moved)

    def forget(self, writers: Iterable[str]) -> None:
        gone = set(writers)
        for key in [k for k in self.heads if k[0] in gone]:
            del self.heads[key]

    async def recover(self, writers: Iterable[str]) -> None:
        """Read the audit partitions backwards (headers only) for these writers' last records."""
        wanted = set(writers)
        if not wanted:
            return
        self.forget(wanted)
        try:
            parts = sorted(await topic_partitions(self.options, self.audit_topic))
        except LookupError:
            return  # no audit topic yet: every chain starts
        tps = [TopicPartition(self.audit_topic, p) for p in parts]
        consumer = committed_reader(self.options)
        await consumer.start()
        try:
            consumer.assign(tps)
            begins = await consumer.beginning_offsets(tps)
            ends = await consumer.end_offsets(tps)
            for tp in tps:
                await self._recover_partition(consumer, tp, begins[tp], ends[tp], wanted)
        finally:
            await consumer.stop()
        found = sum(1 for k in self.heads if k[0] in wanted)
        log.info("chain_heads_recovered", writers=len(wanted), heads=found)

    def _head(self, values: list[bytes], writer: str, partition: int) -> str | None:
        """The hash of the newest of ``values`` that verifies as this writer's record on this
        partition (recomputed, never read from a header); None if none does."""
        for value in reversed(values):
            checked = self.verifier.check(value)
            if (
                checked.status == "verified"
                and checked.writer == writer
                and checked.partition == partition
            ):
                return checked.hash
        return None

    async def _recover_partition(
        self, consumer: Any, tp: TopicPartition, begin: int, end: int, wanted: set[str]
    ) -> None:
        missing = set(wanted)
        step = 5_000
        upper = end
        scanned = 0
        while missing and upper > begin and scanned < self.scan_records:
            lower = max(begin, upper - step)
            consumer.seek(tp, lower)
            #: per writer, its records in this window (newest last): candidates for the head
            latest: dict[str, list[bytes]] = {}
            position = lower
            while position < upper:
                batch = await consumer.getmany(tp, timeout_ms=1_000, max_records=5_000)
                records = batch.get(tp, [])
                if not records:
                    position = await consumer.position(tp)
                    if position >= upper:
                        break
                    continue
                for r in records:
                    if r.offset >= upper:
                        position = upper
                        break
                    headers = dict(r.headers or ())
                    writer = (headers.get(WRITER_HEADER) or b"").decode()
                    if writer in missing and r.value is not None:
                        kept = latest.setdefault(writer, [])
                        kept.append(readable(r.value, list(r.headers or ())) or r.value)
                        del kept[:-20]  # the newest few suffice
                    position = r.offset + 1
            for writer, values in latest.items():
                digest = self._head(values, writer, tp.partition)
                if digest is not None:
                    self.heads[(writer, tp.partition)] = digest
                    missing.discard(writer)
            scanned += upper - lower
            upper = lower
