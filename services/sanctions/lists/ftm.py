"""FollowTheMoney JSON lines (OpenSanctions exports) and their delta files.

An entity file holds one entity per line (``{"id", "schema", "properties": {...}}``); a
delta file holds ``{"op": "ADD" | "MOD" | "DEL", "entity": {...}}`` per line and is applied
in order to a base set. Only schemata that can be screened become entries; addresses,
sanctions, ownership edges and payments are context, not targets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from services.sanctions.lists.common import dedupe, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import EntryKind, ListEntry, ListFormatError, ListName

SCREENABLE: dict[str, EntryKind] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}


def _lines(data: bytes, source: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            msg = f"{source}: line {number} is not JSON ({exc})"
            raise ListFormatError(msg) from exc
        if not isinstance(obj, dict):
            msg = f"{source}: line {number} is not a JSON object"
            raise ListFormatError(msg)
        yield obj


def to_entry(entity: dict[str, Any], source: str) -> ListEntry | None:
    kind = SCREENABLE.get(str(entity.get("schema")))
    if kind is None:
        return None
    props: dict[str, list[str]] = entity.get("properties") or {}
    names = [
        ListName(n, "primary" if i == 0 else "strong") for i, n in enumerate(props.get("name", []))
    ]
    names += [
        ListName(n, "strong") for key in ("alias", "previousName") for n in props.get(key, [])
    ]
    names += [ListName(n, "weak") for n in props.get("weakAlias", [])]
    if not names:
        return None
    countries = [
        to_iso2(c)
        for key in ("country", "nationality", "citizenship", "jurisdiction")
        for c in props.get(key, [])
    ]
    return ListEntry(
        source=source,
        entry_id=str(entity["id"]),
        kind=kind,
        names=unique_names(names),
        countries=dedupe([c for c in countries if c]),
        birth_dates=dedupe(props.get("birthDate", [])),
        identifiers=dedupe(
            [
                i
                for key in (
                    "registrationNumber",
                    "idNumber",
                    "passportNumber",
                    "innCode",
                    "ogrnCode",
                    "imoNumber",
                )
                for i in props.get(key, [])
            ]
        ),
        programmes=dedupe(props.get("program", []) + props.get("topics", [])),
        listed_on=next(iter(props.get("createdAt", [])), None),
    )


def parse(data: bytes, *, source: str) -> list[ListEntry]:
    entities: dict[str, ListEntry] = {}
    seen = 0
    for obj in _lines(data, source):
        if "op" in obj:
            msg = f"{source}: this is a delta file; apply it to a base set"
            raise ListFormatError(msg)
        if "id" not in obj or "schema" not in obj:
            msg = f"{source}: not a FollowTheMoney entity (keys {sorted(obj)[:5]})"
            raise ListFormatError(msg)
        seen += 1
        entry = to_entry(obj, source)
        if entry is not None:
            entities[entry.entry_id] = entry
    if seen and not entities:
        msg = f"{source}: {seen} entities, none of a schema that can be screened"
        raise ListFormatError(msg)
    return list(entities.values())


def apply_delta(base: Iterable[ListEntry], delta: bytes, *, source: str) -> list[ListEntry]:
    """Apply an ``entities.delta.json`` (ADD/MOD/DEL per line) to ``base``."""
    entries = {e.entry_id: e for e in base}
    for obj in _lines(delta, source):
        op, entity = obj.get("op"), obj.get("entity")
        if op not in ("ADD", "MOD", "DEL") or not isinstance(entity, dict) or "id" not in entity:
            msg = f"{source}: not a delta operation: {str(obj)[:80]}"
            raise ListFormatError(msg)
        if op == "DEL":
            entries.pop(str(entity["id"]), None)
            continue
        entry = to_entry(entity, source)
        if entry is not None:
            entries[entry.entry_id] = entry
    return list(entries.values())
