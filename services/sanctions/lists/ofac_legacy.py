"""OFAC legacy CSV sets: SDN (``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv``)
and the consolidated non-SDN list (``cons_prim.csv`` + ``cons_add.csv`` + ``cons_alt.csv`` +
``cons_comments.csv``).

No header; Latin-1; ``-0-`` marks an empty cell. Primary columns: ent_num, name, type
(``individual``, ``vessel``, ``aircraft`` or ``-0-`` for an entity), programs (``A] [B``),
title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks. Remarks
carry birth dates, nationalities, identifiers and ``a.k.a.`` names; the companion files,
when present beside the primary file, add aliases, addresses (countries) and remark
overflow, joined on ent_num.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from services.sanctions.lists.common import clean, dedupe, parse_dates, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import EntryKind, ListEntry, ListFormatError, ListName

_KINDS: dict[str, EntryKind] = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_AKA = re.compile(r"\b([afn])\.k\.a\.,?\s+'([^']+)'", re.IGNORECASE)
_DOB = re.compile(r"\bDOB\s+([^;]+)")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([^;.]+)", re.IGNORECASE)
_IDENTIFIER = re.compile(
    r"\b(Passport|National ID No\.|Cedula No\.|Tax ID No\.|Registration (?:ID|Number)|"
    r"NIT #|RFC|C\.U\.R\.P\.|Identification Number|IMO|MMSI)\s*:?\s*([A-Za-z0-9][A-Za-z0-9\-/]{2,})"
)

_SIBLINGS = {
    "sdn": ("add.csv", "alt.csv", "sdn_comments.csv"),
    "cons": ("cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}


def _rows(data: bytes, min_columns: int, what: str) -> list[list[str]]:
    text = data.decode("latin-1").replace("\x1a", "")  # OFAC ends files with DOS EOF
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    for row in rows:
        if len(row) < min_columns or not row[0].strip().isdigit():
            msg = f"{what}: not an OFAC legacy CSV row: {row[:3]!r}"
            raise ListFormatError(msg)
    return rows


def siblings(primary: Path) -> dict[str, Path]:
    kind = "cons" if primary.name.startswith("cons_") else "sdn"
    add, alt, comments = (primary.with_name(n) for n in _SIBLINGS[kind])
    return {k: p for k, p in (("add", add), ("alt", alt), ("comments", comments)) if p.exists()}


def parse(
    primary: bytes,
    *,
    source: str,
    add: bytes | None = None,
    alt: bytes | None = None,
    comments: bytes | None = None,
) -> list[ListEntry]:
    """Parse a primary OFAC legacy file, with its companion files where given."""
    rows = _rows(primary, 12, source)
    aliases: dict[str, list[ListName]] = defaultdict(list)
    if alt:
        for row in _rows(alt, 4, f"{source} alt"):
            name = clean(row[3])
            if name:
                weak = "weak" in (row[4] if len(row) > 4 else "").lower()
                aliases[row[0].strip()].append(ListName(name, "weak" if weak else "strong"))
    countries: dict[str, list[str]] = defaultdict(list)
    if add:
        for row in _rows(add, 5, f"{source} add"):
            iso = to_iso2(clean(row[4]))
            if iso:
                countries[row[0].strip()].append(iso)
    overflow: dict[str, str] = {}
    if comments:
        for row in _rows(comments, 2, f"{source} comments"):
            overflow[row[0].strip()] = clean(row[1]) or ""
    entries = []
    for row in rows:
        ent = row[0].strip()
        name = clean(row[1])
        if not name:
            msg = f"{source}: entry {ent} has no name"
            raise ListFormatError(msg)
        remarks = " ".join(filter(None, [clean(row[11]), overflow.get(ent)]))
        names = [ListName(name, "primary"), *aliases.get(ent, [])]
        names += [ListName(m.group(2).strip(), "strong") for m in _AKA.finditer(remarks)]
        nationality = [to_iso2(m.group(1)) for m in _NATIONALITY.finditer(remarks)]
        dobs = [d for m in _DOB.finditer(remarks) for d in parse_dates(m.group(1))]
        programmes = [p.strip(" []") for p in (clean(row[3]) or "").split("] [")]
        entries.append(
            ListEntry(
                source=source,
                entry_id=ent,
                kind=_KINDS.get((clean(row[2]) or "").lower(), "organization"),
                names=unique_names(names),
                countries=dedupe([*countries.get(ent, []), *(c for c in nationality if c)]),
                birth_dates=dedupe(dobs),
                identifiers=dedupe(
                    [f"{m.group(1)} {m.group(2)}" for m in _IDENTIFIER.finditer(remarks)]
                ),
                programmes=dedupe(programmes),
                identity=f"ofac:{ent}",
            )
        )
    return entries
