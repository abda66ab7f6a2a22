"""UK sanctions list as derived tables (subjects, subject_names with alias strength,
subject_dobs, subject_identifiers), joined on ``unique_id``.

These are the tables the covyr/uk-sanctions-list project derives from the official UK
Sanctions List CSV; the official file itself was not at hand (see the data MANIFEST).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from services.sanctions.lists.common import dedupe, iso_date, unique_names
from services.sanctions.lists.model import EntryKind, ListEntry, ListFormatError, ListName

FILES = ("subjects.csv", "subject_names.csv", "subject_dobs.csv", "subject_identifiers.csv")
_KINDS: dict[str, EntryKind] = {"individual": "person", "entity": "organization", "ship": "vessel"}


def _table(data: bytes, needed: set[str], what: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    if not reader.fieldnames or not needed <= set(reader.fieldnames):
        msg = f"{what}: expected columns {sorted(needed)}, found {reader.fieldnames!r}"
        raise ListFormatError(msg)
    return list(reader)


def parse(tables: dict[str, bytes], *, source: str) -> list[ListEntry]:
    subjects = _table(tables["subjects.csv"], {"unique_id", "subject_type"}, f"{source} subjects")
    names: dict[str, list[ListName]] = defaultdict(list)
    for row in _table(
        tables["subject_names.csv"], {"unique_id", "name_type", "full_name"}, f"{source} names"
    ):
        strength = (
            "primary"
            if row["name_type"] == "primary"
            else (
                "weak"
                if (row.get("alias_strength") or "").lower() in ("low_quality_aka", "weak")
                else "strong"
            )
        )
        if row["full_name"].strip():
            names[row["unique_id"]].append(ListName(row["full_name"].strip(), strength))  # type: ignore[arg-type]
    dobs: dict[str, list[str]] = defaultdict(list)
    if "subject_dobs.csv" in tables:
        for row in _table(tables["subject_dobs.csv"], {"unique_id", "year"}, f"{source} dobs"):
            parts = [row.get("year") or "", row.get("month") or "", row.get("day") or ""]
            dobs[row["unique_id"]].append("-".join(p for p in parts if p and p != "00"))
    ids: dict[str, list[str]] = defaultdict(list)
    if "subject_identifiers.csv" in tables:
        for row in _table(
            tables["subject_identifiers.csv"], {"unique_id", "raw_value"}, f"{source} ids"
        ):
            ids[row["unique_id"]].append(row["raw_value"].strip())
    entries = []
    for subject in subjects:
        uid = subject["unique_id"]
        if not names.get(uid):
            msg = f"{source}: subject {uid} has no name"
            raise ListFormatError(msg)
        entries.append(
            ListEntry(
                source=source,
                entry_id=uid,
                kind=_KINDS.get(subject["subject_type"].lower(), "unknown"),
                names=unique_names(names[uid]),
                birth_dates=dedupe(dobs.get(uid, [])),
                identifiers=dedupe(ids.get(uid, [])),
                programmes=dedupe([uid.rstrip("0123456789")]),
                listed_on=iso_date(subject.get("date_designated"), ("%d/%m/%Y",)),
            )
        )
    return entries
