"""The UK Sanctions List as the FCDO publishes it in XML (``Designations`` / ``Designation``),
the single official UK list since the OFSI Consolidated List closed on 28 January 2026.

Per designation: ``UniqueID`` (``RUS0001``: regime prefix and number), ``Names/Name`` with
the parts ``Name1`` to ``Name6`` (given names first, ``Name6`` the family name or the whole
name of an entity or ship), ``NameType`` (Primary Name, Primary Name Variation, Alias) and,
on some aliases, ``AliasStrength`` ("Good quality a.k.a", "Low quality a.k.a");
``NonLatinNames`` in the original script; ``IndividualEntityShip``; dates as
``dd/mm/yyyy`` where unknown parts are written ``dd`` and ``mm`` (``dd/mm/1945``);
nationalities and countries as English names; passports, national identifiers, company
registration numbers and IMO numbers as identifiers. ``DateGenerated`` on the root is the
publisher's date.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree.ElementTree import Element

from services.sanctions.lists.common import dedupe, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import EntryKind, ListEntry, ListFormatError, ListName
from services.sanctions.lists.xmlutil import child, children, descendants, local, parse_xml, text

_KINDS: dict[str, EntryKind] = {"individual": "person", "entity": "organization", "ship": "vessel"}
_DATE = re.compile(r"^(dd|[0-9]{1,2})/(mm|[0-9]{1,2})/([0-9]{4})$")
#: earlier years are typing errors (``0000``), never a birth or designation date
_FIRST_YEAR = 1800
#: where identifiers sit, by the element that holds one number
_IDENTIFIERS = (
    "PassportNumber",
    "NationalIdentifierNumber",
    "BusinessRegistrationNumber",
    "IMONumber",
)


def uk_date(value: str | None) -> str | None:
    """``12/05/1958`` → ``1958-05-12``; ``dd/mm/1945`` → ``1945``; ``dd/05/1945`` →
    ``1945-05``; a bare year stays a year. Anything else is not a date (None)."""
    if not value:
        return None
    value = value.strip()
    m = _DATE.match(value) or re.fullmatch(r"()()([0-9]{4})", value)
    if not m or int(m.group(3)) < _FIRST_YEAR:
        return None
    day, month, year = m.groups()
    if month in ("", "mm"):
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day == "dd":
        return f"{year}-{int(month):02d}"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # 31/02: not a day of the calendar
        return None


def _name(node: Element) -> str:
    parts = [text(child(node, f"Name{i}")) for i in range(1, 7)]
    return " ".join(p for p in parts if p)


def _names(designation: Element) -> list[ListName]:
    names: list[ListName] = []
    holder = child(designation, "Names")
    for node in children(holder, "Name") if holder is not None else []:
        whole = _name(node)
        if not whole:
            continue
        kind = (text(child(node, "NameType")) or "").lower()
        strength = (text(child(node, "AliasStrength")) or "").lower()
        if kind == "primary name":
            names.append(ListName(whole, "primary"))
        else:
            names.append(ListName(whole, "weak" if strength.startswith("low") else "strong"))
    for node in descendants(designation, "NameNonLatinScript"):
        original = text(node)
        if original:
            names.append(ListName(original, "strong"))
    if not any(n.strength == "primary" for n in names):
        # no "Primary Name": the first name that is not a weak alias stands in for it
        first = next((i for i, n in enumerate(names) if n.strength != "weak"), None)
        if first is not None:
            names[first] = ListName(names[first].name, "primary")
    return names


def _countries(designation: Element) -> list[str]:
    found = [text(n) for n in descendants(designation, "Nationality")]
    found += [text(n) for n in descendants(designation, "AddressCountry")]
    return [c for c in (to_iso2(x) for x in found if x) if c]


def parse(data: bytes, *, source: str) -> tuple[list[ListEntry], str | None]:
    root = parse_xml(data, source)
    if local(root.tag) != "Designations":
        msg = f"{source}: root element is {local(root.tag)!r}, not the UK list's 'Designations'"
        raise ListFormatError(msg)
    entries = []
    # anywhere below the root: a wrapper element the format may gain must not hide any
    for designation in descendants(root, "Designation"):
        uid = text(child(designation, "UniqueID")) or ""
        if not uid:
            msg = f"{source}: a Designation without UniqueID"
            raise ListFormatError(msg)
        names = _names(designation)
        if not names:
            msg = f"{source}: designation {uid} has no name"
            raise ListFormatError(msg)
        kind = (text(child(designation, "IndividualEntityShip")) or "").lower()
        entries.append(
            ListEntry(
                source=source,
                entry_id=uid,
                kind=_KINDS.get(kind, "unknown"),
                names=unique_names(names),
                countries=dedupe(_countries(designation)),
                birth_dates=dedupe(
                    [d for d in (uk_date(text(n)) for n in descendants(designation, "DOB")) if d]
                ),
                identifiers=dedupe(
                    [
                        t
                        for tag in _IDENTIFIERS
                        for n in descendants(designation, tag)
                        if (t := text(n))
                    ]
                ),
                programmes=dedupe([uid.rstrip("0123456789")]),
                listed_on=uk_date(text(child(designation, "DateDesignated"))),
            )
        )
    if not entries:
        msg = f"{source}: no Designation in the UK list"
        raise ListFormatError(msg)
    return entries, uk_date(text(child(root, "DateGenerated")))
