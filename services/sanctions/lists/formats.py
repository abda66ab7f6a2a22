"""One table of list formats: each with its name, how it is recognised, which companion
files it reads beside the main file, its default list name, and its parser.

Detection reads only the first bytes of the main file (decompressed when gzipped) and its
file name where bytes tie, so a download and a file on disk are recognised the same way.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.sanctions.lists import (
    csl,
    dpl,
    eu,
    ftm,
    ofac_enhanced,
    ofac_legacy,
    uk,
    uk_xml,
    un,
)
from services.sanctions.lists.model import ListEntry, ListFormatError
from services.sanctions.lists.source import FORMAT_NAMES

HEAD_BYTES = 4096
#: the most a list may grow to once decompressed (a gzip bomb is refused, not unpacked)
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ListFiles:
    """The bytes of one list: its main file, companion files read with it (OFAC's
    ``add``/``alt``/``comments``, the UK tables) and FollowTheMoney delta files."""

    main: bytes
    filename: str = ""
    companions: Mapping[str, bytes] = field(default_factory=dict)
    deltas: tuple[bytes, ...] = ()
    #: the most the main file may unpack to (gzip, zip)
    max_unpacked: int = MAX_UNPACKED_BYTES

    def blobs(self) -> list[bytes]:
        """Every byte string the list is made of, in a fixed order (for its checksum)."""
        return [self.main, *(self.companions[k] for k in sorted(self.companions)), *self.deltas]


#: entries and the publisher's date where the format gives one
Parsed = tuple[list[ListEntry], str | None]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    #: True when the (decompressed, stripped) head of the main file and its name are this format
    detect: Callable[[bytes, str], bool]
    parse: Callable[[ListFiles, str], Parsed]
    #: the list name when the spec gives none, from the main file's name
    default_name: Callable[[str], str]
    #: companion files to read beside the main file on disk: name -> path
    companions: Callable[[Path], Mapping[str, Path]] = lambda _path: {}
    #: the main file's name when a source names a folder (formats made of several tables)
    folder_main: str | None = None


def _xml(marker: bytes) -> Callable[[bytes, str], bool]:
    return lambda head, _name: head.startswith(b"<") and marker in head


def _named(name: str) -> Callable[[str], str]:
    return lambda _filename: name


def _ofac_legacy(files: ListFiles, source: str) -> Parsed:
    c = files.companions
    entries = ofac_legacy.parse(
        gunzip(files.main, files.max_unpacked),
        source=source,
        add=c.get("add"),
        alt=c.get("alt"),
        comments=c.get("comments"),
    )
    return entries, None


def _uk(files: ListFiles, source: str) -> Parsed:
    tables = {**files.companions, files.filename or uk.FILES[0]: files.main}
    missing = [f for f in uk.FILES[:2] if f not in tables]
    if missing:
        msg = f"{source}: UK tables missing: {', '.join(missing)}"
        raise ListFormatError(msg)
    return uk.parse(tables, source=source), None


def _uk_companions(path: Path) -> Mapping[str, Path]:
    """The other UK tables in the main table's folder."""
    return {f: path.parent / f for f in uk.FILES if f != path.name and (path.parent / f).exists()}


def _ftm(files: ListFiles, source: str) -> Parsed:
    entries = ftm.parse(gunzip(files.main, files.max_unpacked), source=source)
    for delta in files.deltas:
        entries = ftm.apply_delta(entries, delta, source=source)
    return entries, None


def gunzip(data: bytes, limit: int) -> bytes:
    """``data`` unpacked where it is gzip, never beyond ``limit`` bytes."""
    if data[:2] != b"\x1f\x8b":
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        msg = f"broken gzip stream ({exc})"
        raise ListFormatError(msg) from exc
    if len(out) > limit or inflater.unconsumed_tail:
        msg = f"the list unpacks to more than {limit} bytes; refused (a gzip bomb or a wrong file)"
        raise ListFormatError(msg)
    return out


def _plain(parse: Callable[..., list[ListEntry]]) -> Callable[[ListFiles, str], Parsed]:
    return lambda files, source: (
        parse(gunzip(files.main, files.max_unpacked), source=source),
        None,
    )


def _dated(parse: Callable[..., Parsed]) -> Callable[[ListFiles, str], Parsed]:
    return lambda files, source: parse(gunzip(files.main, files.max_unpacked), source=source)


#: in the order they are tried when detecting (the first that recognises the head wins)
FORMATS: tuple[Format, ...] = (
    Format(
        "uk",
        lambda _head, name: name in uk.FILES,
        _uk,
        _named("uk_sanctions"),
        _uk_companions,
        folder_main=uk.FILES[0],
    ),
    Format(
        "ofac_enhanced",
        _xml(b"<sanctionsData"),
        _dated(ofac_enhanced.parse),
        _named("us_ofac_enhanced"),
    ),
    Format("un", _xml(b"<CONSOLIDATED_LIST"), _dated(un.parse), _named("un_sc")),
    Format("uk_xml", _xml(b"<Designations"), _dated(uk_xml.parse), _named("uk_sanctions")),
    Format(
        "eu_fsf",
        lambda head, name: _xml(b"<WHOLE")(head, name) or _xml(b"<export")(head, name),
        _dated(eu.parse),
        _named("eu_fsf"),
    ),
    Format(
        "ftm",
        lambda head, _name: head.startswith(b"{"),
        _ftm,
        lambda filename: f"ftm_{Path(filename).stem.split('.')[0]}",
    ),
    Format(
        "us_csl",
        lambda head, _name: head.startswith(b"_id,source,") or b"source_list_url" in head[:2048],
        _plain(csl.parse),
        _named("us_csl"),
    ),
    Format(
        "us_bis_dpl",
        lambda head, _name: head.startswith((b'"Name"\t', b"Name\t")),
        _plain(dpl.parse),
        _named("us_bis_dpl"),
    ),
    Format(
        "ofac_legacy",
        lambda head, _name: head.split(b",", 1)[0].isdigit(),
        _ofac_legacy,
        lambda filename: "us_ofac_cons" if filename.startswith("cons_") else "us_ofac_sdn",
        lambda path: {k: p for k, p in ofac_legacy.siblings(path).items()},
    ),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
assert tuple(sorted(BY_NAME)) == tuple(sorted(FORMAT_NAMES)), "format table and names differ"


def head_of(data: bytes) -> bytes:
    """The first bytes as detection reads them: gunzipped, without BOM and leading space.
    A zip archive keeps its head (``PK``); the OFAC ENHANCED parser opens it."""
    head = data[:HEAD_BYTES]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[: 64 * 1024], HEAD_BYTES)
        except zlib.error as exc:
            msg = f"broken gzip stream ({exc})"
            raise ListFormatError(msg) from exc
    if head[:2] == b"PK":
        return head
    return head.lstrip(b"\xef\xbb\xbf").lstrip()


_NOT_A_LIST = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?php", b"<error")


def detect(data: bytes, filename: str) -> Format:
    """The format of a list's main file, from its first bytes (and its name where they tie).
    A web page (an error or a login page served in place of the list) is never a list."""
    head = head_of(data)
    if head[:64].lower().startswith(_NOT_A_LIST):
        msg = f"{filename or 'list'}: the content is a web page, not a list"
        raise ListFormatError(msg)
    if head[:2] == b"PK":  # OFAC publishes ENHANCED_XML zipped; nothing else here is a zip
        return BY_NAME["ofac_enhanced"]
    for fmt in FORMATS:
        if fmt.detect(head, filename):
            return fmt
    msg = (
        f"{filename or 'list'}: unrecognised list format; give it as FORMAT:LOCATION "
        f"({', '.join(FORMAT_NAMES)})"
    )
    raise ListFormatError(msg)
