"""The event a decision judged: where it lies, and what of it the page may show.

Decisions name their input event (``source_event_id``) but do not carry it. The reader
indexes the input topics by event id (the position only, never the content) and the
detail view fetches the one record on demand. Input events carry personal data that
decisions do not (a person's name when nothing matched, a birth date, an address,
authors, abstracts); those fields are withheld unless the decision already shows the
same value, so the page never adds personal data beyond the decision events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from services.auditweb.store import Position

#: fields of input events that may hold personal data, withheld unless the decision shows them
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "aliases",
        "address",
        "birth_date",
        "authors",
        "abstract",
        "description",
        "end_use",
        "note",
        "reviewer",
    }
)
WITHHELD = "[withheld: personal data the decision does not show]"


class JudgedIndex:
    """Input event id -> position, bounded (the oldest ids are forgotten first)."""

    def __init__(self, capacity: int = 2_000_000) -> None:
        self.capacity = capacity
        self._positions: dict[str, Position] = {}

    def __len__(self) -> int:
        return len(self._positions)

    def add(self, event_id: str, position: Position) -> None:
        # a re-sent event keeps its first position: that is the one the decision judged
        if event_id in self._positions:
            return
        self._positions[event_id] = position
        if len(self._positions) > self.capacity:
            del self._positions[next(iter(self._positions))]

    def get(self, event_id: str) -> Position | None:
        return self._positions.get(event_id)


def event_id_of(value: bytes) -> str | None:
    """The CloudEvents ``id`` of an input record, or ``None`` for a bad record."""
    try:
        event = json.loads(value)
    except (TypeError, ValueError):
        return None
    ident = event.get("id") if isinstance(event, dict) else None
    return ident if isinstance(ident, str) and ident else None


def shown_values(decision: Any) -> set[str]:
    """Every string the decision event carries anywhere (a matched query name, say)."""
    return set(_strings(decision))


def withhold(event: Any, shown: set[str], *, key: str | None = None) -> tuple[Any, int]:
    """``event`` with personal fields replaced by a marker unless their value is in
    ``shown``; returns the copy and how many values were withheld."""
    if isinstance(event, dict):
        out: dict[str, Any] = {}
        count = 0
        for name, value in event.items():
            out[name], n = withhold(value, shown, key=name)
            count += n
        return out, count
    if isinstance(event, list):
        items = [withhold(item, shown, key=key) for item in event]
        return [item for item, _ in items], sum(n for _, n in items)
    if key in PERSONAL_FIELDS and event is not None and str(event) not in shown:
        return WITHHELD, 1
    return event, 0


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
