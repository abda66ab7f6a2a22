"""One path for a list, from bytes to a versioned :class:`SanctionsList`.

``read_files`` gathers a file source's bytes (the main file, its companions, its deltas);
a download arrives as bytes already. Both then go through ``load_bytes``: the format from
the source or from the content, the parser of that format, and a version made of the
publisher's date where the format has one plus a checksum of every byte read, so any
change of content is a new version.
"""

from __future__ import annotations

import csv
import hashlib
import zlib
from pathlib import Path

from services.sanctions.gcpause import paused_gc
from services.sanctions.lists.formats import BY_NAME, FORMATS, Format, ListFiles, detect, head_of
from services.sanctions.lists.model import ListEntry, ListFormatError, SanctionsList, checksum
from services.sanctions.lists.source import ListSource

#: what a parser may raise on malformed input besides ListFormatError
_UNREADABLE = (
    csv.Error,
    UnicodeError,
    ValueError,
    KeyError,
    IndexError,
    EOFError,
    OSError,
    zlib.error,
)


def _format(source: ListSource, files: ListFiles) -> Format:
    """The format the source declares, if the content agrees (a declared format is no
    licence to parse a web page or another list as it), else the one detected."""
    detected = detect(files.main, files.filename) if not source.format else None
    if source.format is None:
        assert detected is not None
        return detected
    declared = BY_NAME[source.format]
    head = head_of(files.main)
    if head[:64].lower().startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        msg = f"{source.display}: the content is a web page, not a {declared.name} list"
        raise ListFormatError(msg)
    if declared.detect(head, files.filename) or (
        head[:2] == b"PK" and declared.name == "ofac_enhanced"
    ):
        return declared
    try:
        other = detect(files.main, files.filename).name
    except ListFormatError:
        other = "unrecognised content"
    msg = f"{source.display}: declared {declared.name}, but the content is {other}; refused"
    raise ListFormatError(msg)


def _folder_format(source: ListSource, folder: Path) -> Format:
    """The format of a source that names a folder: one made of several tables."""
    for fmt in FORMATS:
        if fmt.folder_main and (source.format in (None, fmt.name)):
            if (folder / fmt.folder_main).is_file():
                return fmt
            msg = f"{folder}: folder without the list's main file ({fmt.folder_main})"
            raise ListFormatError(msg)
    msg = f"{folder}: a folder, but {source.format} lists are single files"
    raise ListFormatError(msg)


def read_files(source: ListSource) -> ListFiles:
    """The bytes of a file source: main file (a folder's first table for the UK list),
    the companions its format reads beside it, and delta files."""
    path = source.path
    if not source.location:
        msg = f"empty list spec {source.display!r}"
        raise ListFormatError(msg)
    if not path.exists():
        msg = f"{path}: no such file"
        raise ListFormatError(msg)
    try:
        if path.is_dir():
            fmt = _folder_format(source, path)
            assert fmt.folder_main is not None
            path = path / fmt.folder_main
        main = path.read_bytes()
        fmt = BY_NAME[source.format] if source.format else detect(main, path.name)
        return ListFiles(
            main=main,
            filename=path.name,
            companions={k: p.read_bytes() for k, p in fmt.companions(path).items()},
            deltas=tuple(Path(d).read_bytes() for d in source.deltas),
        )
    except OSError as exc:
        msg = f"{source.display}: cannot read ({type(exc).__name__}: {exc})"
        raise ListFormatError(msg) from exc


def load_bytes(source: ListSource, files: ListFiles) -> SanctionsList:
    """Parse a list's bytes; raises :class:`ListFormatError` for anything unusable (never
    returns an empty list)."""
    fmt = _format(source, files)
    name = source.name or fmt.default_name(files.filename or source.filename)
    try:
        with paused_gc():
            entries, publisher_date = fmt.parse(files, name)
    except ListFormatError:
        raise
    except _UNREADABLE as exc:
        msg = f"{source.display}: unreadable {fmt.name} list ({type(exc).__name__}: {exc})"
        raise ListFormatError(msg) from exc
    digest = files_digest(files)
    version = f"{publisher_date[:10]}+{digest}" if publisher_date else f"sha256:{digest}"
    return SanctionsList(
        name=name,
        format=fmt.name,
        version=version,
        entries=tuple(entries),
        origin=source.display,
        meta={"files": str(len(files.blobs()))},
        published=publisher_date[:10] if publisher_date else None,
    )


def files_digest(files: ListFiles) -> str:
    """The checksum of every byte a list is made of, as its version records it (known before
    the list is parsed: the store names a kept index by it)."""
    return checksum(b"".join(checksum(b).encode() for b in files.blobs()))


def files_sha256(files: ListFiles) -> str:
    """The whole SHA-256 of every byte a list is made of (its version keeps 12 hex digits of
    one; a kept index is named by this)."""
    return hashlib.sha256(b"".join(hashlib.sha256(b).digest() for b in files.blobs())).hexdigest()


def load(spec: str | ListSource) -> SanctionsList:
    """Load a file source (``[NAME=][FORMAT:]PATH``)."""
    source = spec if isinstance(spec, ListSource) else ListSource.parse(spec)
    return load_bytes(source, read_files(source))


def parse_bytes(fmt: str, data: bytes, *, source: str) -> list[ListEntry]:
    """Parse one file's bytes in a named format (no companions, no deltas), for tests."""
    return list(load_bytes(ListSource(source, source, fmt, ()), ListFiles(data)).entries)
