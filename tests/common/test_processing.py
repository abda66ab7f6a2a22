"""The batch step alone (no broker, no FastStream): what is judged, written, committed and
rewound for one batch of records."""

from __future__ import annotations

from typing import Any

from aiokafka import ConsumerRecord, TopicPartition

from services.common.metrics import ServiceMetrics
from services.common.pipeline import Judge
from services.common.processing import BatchProcessor
from tests.fakes import FakeWriter, encode, partner_event, toy_service

TOPIC = "in"


def record(partition: int, offset: int, value: bytes) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(
        topic=TOPIC,
        partition=partition,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=None,
        value=value,
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=len(value),
        headers=[],
    )


class Consumer:
    """Owns some partitions; remembers where it was told to seek."""

    def __init__(self, owned: set[TopicPartition]) -> None:
        self.owned = owned
        self.seeks: dict[TopicPartition, int] = {}

    def assignment(self) -> set[TopicPartition]:
        return self.owned

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks[tp] = offset


def processor(writer: FakeWriter, floor: dict[TopicPartition, int] | None = None) -> BatchProcessor:
    judge = Judge(toy_service(), max_record_bytes=10_000, code_version="test")
    return BatchProcessor(judge, writer, ServiceMetrics("screening"), floor or {})


P0, P1 = TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)


async def test_each_partition_commits_its_next_offset() -> None:
    writer = FakeWriter()
    records = [record(0, 5, encode(partner_event(1))), record(1, 7, b"{bad")]
    retry = await processor(writer).process(records, Consumer({P0, P1}))
    assert not retry
    assert [e.kind for e in writer.written] == ["decision", "deadletter"]
    assert writer.committed == [{P0: 6, P1: 8}]


async def test_records_of_revoked_partitions_and_below_the_floor_are_left_alone() -> None:
    writer = FakeWriter()
    records = [
        record(0, 3, encode(partner_event(1))),  # below the floor: the previous owner decided it
        record(0, 4, encode(partner_event(2))),
        record(1, 0, encode(partner_event(3))),  # not ours any more
    ]
    await processor(writer, floor={P0: 4}).process(records, Consumer({P0}))
    assert [e.event_id for e in writer.written] == ["evt-2"]
    assert writer.committed == [{P0: 5}]


async def test_a_failed_write_rewinds_to_the_first_record_and_commits_nothing() -> None:
    writer = FakeWriter(fail_times=1)
    consumer = Consumer({P0})
    retry = await processor(writer).process(
        [record(0, 10, encode(partner_event(1))), record(0, 11, encode(partner_event(2)))], consumer
    )
    assert retry and writer.committed == [] and consumer.seeks == {P0: 10}
