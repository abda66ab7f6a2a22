"""The US Consolidated Screening List CSV (trade.gov), plain or gzipped.

One row per entry of thirteen source lists (OFAC SDN and non-SDN lists, the BIS Entity
List, Military End User and Unverified lists, the Denied Persons List, State's lists).
``alt_names`` are separated by ``;``; entries keep their source list as ``us_csl/<code>``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re

from services.sanctions.lists.common import dedupe, parse_dates, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import EntryKind, ListEntry, ListFormatError, ListName

REQUIRED = {"source", "name", "alt_names", "type", "programs"}
#: the CSL's source lists that are OFAC's: their entity_number is OFAC's own entry number
OFAC_SOURCES = frozenset({"SDN", "SSI", "FSE", "NS-MBS", "CAP", "CMIC", "PLC"})
_CODE = re.compile(r"\(([A-Z0-9-]+)(?: List)?\)")
_KINDS: dict[str, EntryKind] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


def parse(data: bytes, *, source: str) -> list[ListEntry]:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            msg = f"{source}: broken gzip stream ({exc})"
            raise ListFormatError(msg) from exc
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    if not reader.fieldnames or not set(reader.fieldnames) >= REQUIRED:
        msg = f"{source}: not a Consolidated Screening List CSV (columns {reader.fieldnames!r})"
        raise ListFormatError(msg)
    entries = []
    for number, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            msg = f"{source}: row {number} has no name"
            raise ListFormatError(msg)
        code = _CODE.search(row.get("source") or "")
        sublist = code.group(1) if code else (row.get("source") or "unknown")[:20]
        names = [ListName(name, "primary")]
        names += [
            ListName(a.strip(), "strong")
            for a in (row.get("alt_names") or "").split(";")
            if a.strip()
        ]
        countries = [
            to_iso2(c.strip())
            for field in ("citizenships", "nationalities")
            for c in (row.get(field) or "").split(";")
        ]
        countries += [
            to_iso2(part.strip())
            for address in (row.get("addresses") or "").split(";")
            for part in address.split(",")[-1:]
        ]
        entries.append(
            ListEntry(
                source=f"us_csl/{sublist}",
                entry_id=(row.get("entity_number") or "").strip() or (row.get("_id") or "").strip(),
                kind=_KINDS.get(
                    (row.get("type") or "").strip().lower(),
                    "person" if sublist == "DPL" and "," not in name else "organization",
                ),
                names=unique_names(names),
                countries=dedupe([c for c in countries if c]),
                birth_dates=dedupe(parse_dates(row.get("dates_of_birth"))),
                identifiers=dedupe(
                    [i.strip() for i in (row.get("ids") or "").split(";") if i.strip()][:20]
                ),
                programmes=dedupe([p.strip() for p in (row.get("programs") or "").split(";")]),
                listed_on=(row.get("start_date") or "").strip() or None,
                identity=(
                    f"ofac:{row['entity_number'].strip()}"
                    if sublist in OFAC_SOURCES and (row.get("entity_number") or "").strip()
                    else ""
                ),
            )
        )
    return entries
