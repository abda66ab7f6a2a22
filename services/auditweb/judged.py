"""The event a decision judged: where it lies, and what of it the page may show.

Decisions name their input event (``source_event_id``) but do not carry it. The reader
indexes the input topics by event id (the position only, never the content) and the
detail view fetches the one record on demand. Input events carry personal data that
decisions do not (a person's name when nothing matched, a birth date, an address,
authors, abstracts, and whatever a producer adds). The page shows only the fields on an
allow-list per event type (ids, countries, kinds, dates, flags, codes); every other value is
withheld unless the decision already shows it, so the page never adds personal data
beyond the decision events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from services.auditweb.store import Position

#: the fields of each input event the page shows: an allow-list, so a field a producer adds
#: (an email, a passport number) is withheld by default. ``[]`` stands for every list item.
ENVELOPE = frozenset(
    {"specversion", "id", "source", "type", "time", "datacontenttype", "correlationid"}
)
SHOWN: dict[str, frozenset[str]] = {
    "partner.upserted": frozenset(
        {
            "data.partner_id",
            "data.kind",
            "data.country",
            "data.region",
            "data.cooperation",
            "data.cooperation[]",
            "data.as_of",
            "data.owners[].kind",
            "data.owners[].country",
            "data.owners[].share",
            "data.representatives[].kind",
            "data.representatives[].country",
        }
    ),
    "technology.transfer.requested": frozenset(
        {
            "data.transfer_id",
            "data.partner_id",
            "data.technology.control_codes",
            "data.technology.control_codes[]",
            "data.technology.classified",
            "data.destination_country",
            "data.end_user.kind",
            "data.end_user.country",
            "data.end_user.nationality",
            "data.end_use_statement",
            "data.military_end_use",
            "data.wmd_concern",
            "data.basic_research",
            "data.public_domain",
            "data.cyber_surveillance",
            "data.human_rights_concern",
            "data.as_of",
        }
    ),
    "data.transfer.requested": frozenset(
        {
            "data.transfer_id",
            "data.exporter.country",
            "data.exporter.role",
            "data.importer.country",
            "data.importer.role",
            "data.importer.dpf_certified",
            "data.importer.adequacy_scope",
            "data.importer.sector",
            "data.importer.same_group",
            "data.importer.international_organisation",
            "data.data_categories",
            "data.data_categories[]",
            "data.special_categories",
            "data.mechanism",
            "data.scc_module",
            "data.tia_completed",
            "data.derogation",
            "data.as_of",
        }
    ),
    "publication.review.requested": frozenset(
        {
            "data.publication_id",
            "data.agreement",
            "data.notice_days",
            "data.objection_days",
            "data.notice_given_on",
            "data.notice_received_on",
            "data.planned_date",
            "data.objections[].partner_id",
            "data.objections[].raised_on",
            "data.objections[].grounds",
            "data.objections[].resolved",
            "data.invention_disclosures[].disclosure_id",
            "data.invention_disclosures[].patent_filed_on",
            "data.invention_disclosures[].decision_not_to_file.decided_on",
            "data.control_codes",
            "data.control_codes[]",
            "data.basic_research",
            "data.public_domain",
            "data.as_of",
        }
    ),
}
WITHHELD = "[withheld: not a field the page shows, and the decision does not show it]"


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
    """The CloudEvents ``id`` of an input record, or ``None`` for a bad record (whatever is
    wrong with it: a record nested thousands deep must not stop the index)."""
    try:
        event = json.loads(value)
    except Exception:
        return None
    ident = event.get("id") if isinstance(event, dict) else None
    return ident if isinstance(ident, str) and ident else None


def shown_values(decision: Any) -> set[str]:
    """Every string the decision event carries anywhere (a matched query name, say)."""
    return set(_strings(decision))


def withhold(event: Any, shown: set[str]) -> tuple[Any, int]:
    """``event`` with every value outside the allow-list of its type replaced by a marker,
    unless the decision itself shows that value; returns the copy and how many values were
    withheld. An event of an unknown type shows its envelope only."""
    kind = event.get("type") if isinstance(event, dict) else None
    allowed = SHOWN.get(kind, frozenset()) if isinstance(kind, str) else frozenset()
    return _walk(event, "", allowed, shown)


def _walk(value: Any, path: str, allowed: frozenset[str], shown: set[str]) -> tuple[Any, int]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        count = 0
        for name, item in value.items():
            here = f"{path}.{name}" if path else str(name)
            if not path and name in ENVELOPE:
                out[name] = item
                continue
            out[name], n = _walk(item, here, allowed, shown)
            count += n
        return out, count
    if isinstance(value, list):
        if path in allowed and all(not isinstance(i, dict | list) for i in value):
            return value, 0
        items = [_walk(item, f"{path}[]", allowed, shown) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    if value is None or path in allowed or str(value) in shown:
        return value, 0
    return WITHHELD, 1


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
