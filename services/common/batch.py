"""Batch mode of the contract: JSON lines in, one decision or dead-letter line out per line.

The same :class:`Judge` as the Kafka runtime decides; only the transport differs.
Blank lines are not events and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from services.common.pipeline import Emission, Judge, RawRecord


def judge_lines(judge: Judge[Any], lines: Iterable[bytes], source: str) -> Iterator[Emission]:
    for number, line in enumerate(lines, start=1):
        value = line.rstrip(b"\r\n")
        if not value.strip():
            continue
        yield judge.judge(
            RawRecord(topic=source, partition=None, offset=number, key=None, value=value)
        )
