"""OFAC Sanctions List Service ENHANCED_XML (``sanctionsData``), plain or zipped.

Entities carry typed names (primary, A.K.A./F.K.A./N.K.A., low-quality = weak) in
several scripts, features (birthdate, nationality, citizenship, ...), identity
documents and the programmes and lists they are on.
"""

from __future__ import annotations

import io
import zipfile

from services.sanctions.lists.common import dedupe, unique_names
from services.sanctions.lists.countries import to_iso2
from services.sanctions.lists.model import (
    EntryKind,
    ListEntry,
    ListFormatError,
    ListName,
    NameStrength,
)
from services.sanctions.lists.xmlutil import child, children, descendants, local, parse_xml, text

_KINDS: dict[str, EntryKind] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


#: the most the XML in an ENHANCED_XML zip may unpack to
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024


def unzip(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml_names = [n for n in archive.namelist() if n.lower().endswith(".xml")]
            if not xml_names:
                msg = "zip archive holds no XML file"
                raise ListFormatError(msg)
            info = archive.getinfo(xml_names[0])
            if info.file_size > MAX_UNZIPPED_BYTES:
                msg = f"zip member of {info.file_size} bytes; over {MAX_UNZIPPED_BYTES}, refused"
                raise ListFormatError(msg)
            return archive.read(xml_names[0])
    except zipfile.BadZipFile as exc:
        msg = f"not a valid zip archive ({exc})"
        raise ListFormatError(msg) from exc


def parse(data: bytes, *, source: str) -> tuple[list[ListEntry], str | None]:
    """Entries and the publication's ``dataAsOf`` date."""
    if data[:2] == b"PK":
        data = unzip(data)
    root = parse_xml(data, source)
    if local(root.tag) != "sanctionsData":
        msg = f"{source}: root element is {local(root.tag)!r}, not sanctionsData"
        raise ListFormatError(msg)
    as_of = text(child(child(root, "publicationInfo") or root, "dataAsOf"))
    entities = child(root, "entities")
    if entities is None:
        msg = f"{source}: no <entities> element"
        raise ListFormatError(msg)
    entries = []
    for entity in children(entities, "entity"):
        names: list[ListName] = []
        for name in descendants(entity, "name"):
            primary = text(child(name, "isPrimary")) == "true"
            weak = text(child(name, "isLowQuality")) == "true"
            for translation in descendants(name, "translation"):
                full = text(child(translation, "formattedFullName"))
                if full:
                    strength: NameStrength = (
                        "weak" if weak else ("primary" if primary and not names else "strong")
                    )
                    names.append(ListName(full, strength))
        if not names:
            msg = f"{source}: entity {entity.get('id')} has no name"
            raise ListFormatError(msg)
        countries, dobs = [], []
        for feature in descendants(entity, "feature"):
            kind = (text(child(feature, "type")) or "").lower()
            value = text(child(feature, "value"))
            if (
                kind
                in (
                    "nationality country",
                    "citizenship country",
                    "nationality",
                    "citizenship",
                    "location",
                )
                and value
            ):
                iso = to_iso2(value)
                if iso:
                    countries.append(iso)
            elif kind == "birthdate":
                date_begin = text(next(iter(descendants(feature, "fromDateBegin")), None))
                dobs.append(
                    date_begin[:4]
                    if date_begin and value and len(value) == 4
                    else (date_begin or value or "")
                )
        countries += [c for c in (to_iso2(text(e)) for e in descendants(entity, "country")) if c]
        general = child(entity, "generalInfo")
        entity_type = (text(child(general, "entityType")) if general is not None else None) or ""
        entries.append(
            ListEntry(
                source=source,
                entry_id=entity.get("id") or "",
                kind=_KINDS.get(entity_type.lower(), "unknown"),
                names=unique_names(names),
                countries=dedupe(countries),
                birth_dates=dedupe(dobs),
                identifiers=dedupe(
                    [
                        t
                        for t in (
                            text(child(d, "documentNumber"))
                            for d in descendants(entity, "identityDocument")
                        )
                        if t
                    ]
                ),
                programmes=dedupe(
                    [t for t in (text(p) for p in descendants(entity, "sanctionsProgram")) if t]
                ),
                identity=f"ofac:{entity.get('id')}" if entity.get("id") else "",
            )
        )
    return entries, as_of
