"""A spelling of a listed party searched against the real lists: the one check the tables of
hostile and foreign spellings share."""

from __future__ import annotations

from services.sanctions.matching.compare import Query
from services.sanctions.snapshot import Snapshot

REVIEW = 0.70


def assert_found(snapshot: Snapshot, query: str, kind: str, listed: str) -> None:
    """Some entry reaching review on ``query`` has a name holding ``listed``."""
    assert snapshot.index is not None
    matches = snapshot.index.search(Query((query,), kind), REVIEW)  # type: ignore[arg-type]
    assert any(listed.lower() in n.name.lower() for m in matches for n in m.entry.names), [
        m.explained.hit.matched_name for m in matches[:3]
    ]


def listed_names(snapshot: Snapshot, list_name: str, entry_id: str) -> set[str]:
    """The names an entry of a list is carried under: the evidence a table cites."""
    assert snapshot.index is not None
    return {
        n.name
        for entry, source in snapshot.index.entries
        if source.name == list_name and entry.entry_id == entry_id
        for n in entry.names
    }
