"""How records reach the handler: FastStream's batch parser and decoder, told to keep each
record exactly as it arrived (bytes, whatever its headers), and the conversion to the
pipeline's :class:`RawRecord`. The Judge validates the bytes itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import ConsumerRecord
from faststream.message import StreamMessage

from services.common.pipeline import RawRecord


def _text_headers(record: ConsumerRecord[Any, Any]) -> ConsumerRecord[Any, Any]:
    """FastStream decodes header values as UTF-8; a record with binary or null header
    values would fail before our handler sees it. Give FastStream a copy it can read."""
    try:
        for _, value in record.headers:
            value.decode()
    except (AttributeError, UnicodeDecodeError):
        headers = [(k, (v or b"").decode("utf-8", "replace").encode()) for k, v in record.headers]
        return dataclasses.replace(record, headers=headers)
    return record


async def tolerant_batch_parser(
    records: tuple[ConsumerRecord[Any, Any], ...],
    original: Callable[[tuple[ConsumerRecord[Any, Any], ...]], Awaitable[StreamMessage[Any]]],
) -> StreamMessage[Any]:
    message = await original(tuple(_text_headers(r) for r in records))
    message.raw_message = records  # the handler reads the records exactly as they arrived
    return message


async def raw_decoder(message: StreamMessage[Any], _original: Any) -> Any:
    return message.body  # no JSON decoding here: the Judge validates the bytes itself


def raw_record(record: ConsumerRecord[Any, Any]) -> RawRecord:
    return RawRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple((k, v if v is not None else b"") for k, v in record.headers),
        timestamp_ms=record.timestamp,
    )
