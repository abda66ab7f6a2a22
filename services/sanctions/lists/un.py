"""UN Security Council consolidated list XML (``CONSOLIDATED_LIST``: INDIVIDUALS, ENTITIES).

Aliases carry a QUALITY (``Good``, ``Low``); low-quality aliases are weak names.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from services.sanctions.lists.common import dedupe, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import ListEntry, ListFormatError, ListName
from services.sanctions.lists.xmlutil import child, children, local, parse_xml, text


def _names(node: Element, alias_tag: str) -> list[ListName]:
    parts = [
        text(child(node, t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    ]
    names = [ListName(" ".join(p for p in parts if p), "primary")] if any(parts) else []
    original = text(child(node, "NAME_ORIGINAL_SCRIPT"))
    if original:
        names.append(ListName(original, "strong"))
    for alias in children(node, alias_tag):
        alias_name = text(child(alias, "ALIAS_NAME"))
        if alias_name:
            quality = (text(child(alias, "QUALITY")) or "").lower()
            names.append(
                ListName(alias_name, "weak" if quality in ("low", "a.k.a low") else "strong")
            )
    return names


def parse(data: bytes, *, source: str) -> tuple[list[ListEntry], str | None]:
    root = parse_xml(data, source)
    if local(root.tag) != "CONSOLIDATED_LIST":
        msg = f"{source}: root element is {local(root.tag)!r}, not CONSOLIDATED_LIST"
        raise ListFormatError(msg)
    entries = []
    for group, item, alias_tag, kind in (
        ("INDIVIDUALS", "INDIVIDUAL", "INDIVIDUAL_ALIAS", "person"),
        ("ENTITIES", "ENTITY", "ENTITY_ALIAS", "organization"),
    ):
        container = child(root, group)
        for node in children(container, item) if container is not None else []:
            names = _names(node, alias_tag)
            if not names:
                msg = f"{source}: {item} {text(child(node, 'DATAID'))} has no name"
                raise ListFormatError(msg)
            countries = [
                to_iso2(text(v))
                for tag in ("NATIONALITY",)
                for n in children(node, tag)
                for v in children(n, "VALUE")
            ]
            countries += [
                to_iso2(text(child(a, "COUNTRY"))) for a in children(node, f"{item}_ADDRESS")
            ]
            dobs = []
            for dob in children(node, "INDIVIDUAL_DATE_OF_BIRTH"):
                dobs.append(text(child(dob, "DATE")) or text(child(dob, "YEAR")) or "")
                dobs += [y for y in (text(child(dob, t)) for t in ("FROM_YEAR", "TO_YEAR")) if y]
            documents = [text(child(d, "NUMBER")) for d in children(node, "INDIVIDUAL_DOCUMENT")]
            entries.append(
                ListEntry(
                    source=source,
                    entry_id=text(child(node, "REFERENCE_NUMBER"))
                    or text(child(node, "DATAID"))
                    or "",
                    kind=kind,  # type: ignore[arg-type]
                    names=unique_names(names),
                    countries=dedupe([c for c in countries if c]),
                    birth_dates=dedupe([d[:10] for d in dobs if d]),
                    identifiers=dedupe([d for d in documents if d]),
                    programmes=dedupe([text(child(node, "UN_LIST_TYPE")) or ""]),
                    listed_on=text(child(node, "LISTED_ON")),
                )
            )
    return entries, root.get("dateGenerated")
