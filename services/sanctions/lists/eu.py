"""EU Financial Sanctions Files (FSF) XML: the current 1.1 schema (``export`` /
``sanctionEntity`` in namespace ``http://eu.europa.ec/fpi/fsd/export``) and the legacy
pre-2017 schema (``WHOLE`` / ``ENTITY`` with NAME, BIRTH, CITIZEN, PASSPORT children).

In 1.1, ``nameAlias/@strong="false"`` marks a weak alias; so does a ``remark`` saying "low
quality alias", which the export of 2026 writes on aliases it still marks ``strong="true"``
(the UN's low-quality aliases carried over).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from services.sanctions.lists.common import dedupe, iso_date, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import ListEntry, ListFormatError, ListName
from services.sanctions.lists.xmlutil import child, children, local, parse_xml, text


def _legacy(root: Element, source: str) -> list[ListEntry]:
    entries = []
    for entity in children(root, "ENTITY"):
        names: list[ListName] = []
        for name in children(entity, "NAME"):
            whole = text(child(name, "WHOLENAME")) or " ".join(
                p
                for p in (text(child(name, t)) for t in ("FIRSTNAME", "MIDDLENAME", "LASTNAME"))
                if p
            )
            if whole:
                names.append(ListName(whole, "primary" if not names else "strong"))
        if not names:
            msg = f"{source}: ENTITY {entity.get('Id')} has no name"
            raise ListFormatError(msg)
        countries = [to_iso2(text(child(c, "COUNTRY"))) for c in children(entity, "CITIZEN")]
        countries += [to_iso2(text(child(a, "COUNTRY"))) for a in children(entity, "ADDRESS")]
        entries.append(
            ListEntry(
                source=source,
                entry_id=entity.get("Id") or "",
                kind="person" if entity.get("Type") == "P" else "organization",
                names=unique_names(names),
                countries=dedupe([c for c in countries if c]),
                birth_dates=dedupe(
                    [d for d in (text(child(b, "DATE")) for b in children(entity, "BIRTH")) if d]
                ),
                identifiers=dedupe(
                    [
                        n
                        for n in (text(child(p, "NUMBER")) for p in children(entity, "PASSPORT"))
                        if n
                    ]
                ),
                programmes=dedupe([entity.get("programme") or ""]),
                listed_on=entity.get("reg_date"),
            )
        )
    return entries


#: the widest year range (``yearRangeFrom`` .. ``yearRangeTo``, "between 1953 and 1958") whose
#: years are each kept as a possible birth year; a wider one says too little to compare
MAX_YEAR_RANGE = 10


def _low_quality(alias: Element) -> bool:
    """A remark that says so ("low quality alias"; also misspelt "aliias" in the data)."""
    return any(
        (text(r) or "").casefold().startswith("low quality") for r in children(alias, "remark")
    )


_YEAR = re.compile(r"[0-9]{4}")
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _birth_dates(node: Element) -> list[str]:
    """A 1.1 ``birthdate``: the full date, else the year, else each year of a short range."""
    for exact in (node.get("birthdate"), node.get("year")):
        if exact and _ISO.fullmatch(exact.strip()):
            return [exact.strip()]
    low, high = (node.get("yearRangeFrom") or "").strip(), (node.get("yearRangeTo") or "").strip()
    if (
        _YEAR.fullmatch(low)
        and _YEAR.fullmatch(high)
        and 0 <= int(high) - int(low) <= MAX_YEAR_RANGE
    ):
        return [str(y) for y in range(int(low), int(high) + 1)]
    return [low] if _YEAR.fullmatch(low) and not high else []


def _with_primary(names: list[ListName], aliases: list[Element]) -> list[ListName]:
    """The 1.1 export marks no primary name and lists aliases in no useful order (a French
    or Irish spelling may come first): the name shown is the first strong alias written in
    parts (``lastName``, as the regulations give the person's name), else the first strong
    one in English or without language, else the first strong one."""

    def rank(i: int) -> tuple[bool, bool, int]:
        alias = aliases[i]
        return (not alias.get("lastName"), alias.get("nameLanguage") not in ("EN", "", None), i)

    strong = [i for i, n in enumerate(names) if n.strength != "weak"]
    if not strong:
        return names
    best = min(strong, key=rank)
    return [ListName(n.name, "primary") if i == best else n for i, n in enumerate(names)]


def _current(root: Element, source: str) -> list[ListEntry]:
    entries = []
    for entity in children(root, "sanctionEntity"):
        names: list[ListName] = []
        aliases: list[Element] = []
        for alias in children(entity, "nameAlias"):
            whole = alias.get("wholeName") or " ".join(
                p for p in (alias.get(a) for a in ("firstName", "middleName", "lastName")) if p
            )
            if whole:
                weak = alias.get("strong") == "false" or _low_quality(alias)
                names.append(ListName(whole, "weak" if weak else "strong"))
                aliases.append(alias)
        if not names:
            msg = f"{source}: sanctionEntity {entity.get('logicalId')} has no name"
            raise ListFormatError(msg)
        names = _with_primary(names, aliases)
        subject = child(entity, "subjectType")
        code = (subject.get("code") if subject is not None else None) or ""
        countries = [c.get("countryIso2Code") for c in children(entity, "citizenship")]
        countries += [a.get("countryIso2Code") for a in children(entity, "address")]
        regulations = children(entity, "regulation")
        entries.append(
            ListEntry(
                source=source,
                entry_id=entity.get("euReferenceNumber") or entity.get("logicalId") or "",
                kind="person" if code == "person" else "organization",
                names=unique_names(names),
                countries=dedupe([c for c in (to_iso2(x) for x in countries) if c]),
                birth_dates=dedupe(
                    [d for b in children(entity, "birthdate") for d in _birth_dates(b)]
                ),
                identifiers=dedupe(
                    [i.get("number") or "" for i in children(entity, "identification")]
                ),
                programmes=dedupe([r.get("programme") or "" for r in regulations]),
                listed_on=iso_date(entity.get("designationDate"))
                or iso_date(next((r.get("publicationDate") for r in regulations), None)),
            )
        )
    return entries


def parse(data: bytes, *, source: str) -> tuple[list[ListEntry], str | None]:
    root = parse_xml(data, source)
    tag = local(root.tag)
    if tag == "WHOLE":
        return _legacy(root, source), iso_date(root.get("Date"), ("%d/%m/%Y",))
    if tag == "export":
        return _current(root, source), (root.get("generationDate") or "")[:10] or None
    msg = f"{source}: root element is {tag!r}, neither EU FSF 1.1 'export' nor legacy 'WHOLE'"
    raise ListFormatError(msg)
