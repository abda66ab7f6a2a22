"""The BIS Denied Persons List, tab-separated with a header (Name, Street_Address, City,
State, Country, Postal_Code, Effective_Date, Expiration_Date, ...)."""

from __future__ import annotations

import csv
import io

from services.sanctions.lists.common import dedupe, iso_date, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import ListEntry, ListFormatError, ListName


def parse(data: bytes, *, source: str) -> list[ListEntry]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace")), delimiter="\t")
    if (
        not reader.fieldnames
        or "Name" not in reader.fieldnames
        or "Effective_Date" not in reader.fieldnames
    ):
        msg = f"{source}: not a Denied Persons List file (columns {reader.fieldnames!r})"
        raise ListFormatError(msg)
    entries = []
    for number, row in enumerate(reader, start=2):
        name = (row.get("Name") or "").strip()
        if not name:
            msg = f"{source}: line {number} has no name"
            raise ListFormatError(msg)
        entries.append(
            ListEntry(
                source=source,
                entry_id=f"{name}|{(row.get('Effective_Date') or '').strip()}",
                kind="unknown",
                names=unique_names([ListName(name, "primary")]),
                countries=dedupe([c for c in [to_iso2(row.get("Country"))] if c]),
                programmes=("DPL",),
                listed_on=iso_date(row.get("Effective_Date"), ("%m/%d/%Y",)),
            )
        )
    return entries
