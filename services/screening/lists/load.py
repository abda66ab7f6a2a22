"""Loading list files: recognise the format from the content (or ``FORMAT:PATH``),
parse, and version the result (publisher date where the format has one, plus a content
checksum, so any change of content is a new version)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from services.screening.lists import csl, dpl, eu, ftm, ofac_enhanced, ofac_legacy, uk, un
from services.screening.lists.model import ListEntry, ListFormatError, SanctionsList, checksum

FORMATS = ("ofac_legacy", "ofac_enhanced", "us_csl", "us_bis_dpl", "un", "eu_fsf", "uk", "ftm")


def detect(path: Path, head: bytes) -> str:
    """The format of a list file, from its first bytes (and the name where bytes tie)."""
    if path.is_dir() or path.name in uk.FILES:
        return "uk"
    if head[:2] == b"PK":
        return "ofac_enhanced"
    if head[:2] == b"\x1f\x8b":
        head = _gunzip_head(path)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        for marker, fmt in (
            (b"<CONSOLIDATED_LIST", "un"),
            (b"<WHOLE", "eu_fsf"),
            (b"<export", "eu_fsf"),
            (b"<sanctionsData", "ofac_enhanced"),
        ):
            if marker in head[:4096]:
                return fmt
    if text.startswith(b"{"):
        return "ftm"
    if text.startswith(b"_id,source,") or b"source_list_url" in text[:2048]:
        return "us_csl"
    if text.startswith(b'"Name"\t') or text.startswith(b"Name\t"):
        return "us_bis_dpl"
    first = text.split(b",", 1)[0]
    if first.isdigit():
        return "ofac_legacy"
    msg = f"{path}: unrecognised list format; give it as FORMAT:PATH ({', '.join(FORMATS)})"
    raise ListFormatError(msg)


def _gunzip_head(path: Path) -> bytes:
    with gzip.open(path, "rb") as handle:
        return handle.read(4096)


def default_name(fmt: str, path: Path) -> str:
    if fmt == "ofac_legacy":
        return "us_ofac_cons" if path.name.startswith("cons_") else "us_ofac_sdn"
    return {
        "ofac_enhanced": "us_ofac_enhanced",
        "us_csl": "us_csl",
        "us_bis_dpl": "us_bis_dpl",
        "un": "un_sc",
        "eu_fsf": "eu_fsf",
        "uk": "uk_sanctions",
    }.get(fmt, f"ftm_{path.stem.split('.')[0]}")


def parse_spec(spec: str) -> tuple[str | None, str | None, list[Path]]:
    """``[NAME=][FORMAT:]PATH[,DELTA...]`` -> (name, format, paths)."""
    name = None
    if "=" in spec.split(":", 1)[0]:
        name, spec = spec.split("=", 1)
    fmt = None
    head, _, rest = spec.partition(":")
    if rest and head in FORMATS:
        fmt, spec = head, rest
    return name, fmt, [Path(p) for p in spec.split(",") if p]


def load(spec: str) -> SanctionsList:
    """Load one list from a spec; raises :class:`ListFormatError` for anything unusable."""
    try:
        return _load(spec)
    except ListFormatError:
        raise
    except (csv.Error, UnicodeError, ValueError, KeyError, IndexError, EOFError) as exc:
        msg = f"{spec}: unreadable list ({type(exc).__name__}: {exc})"
        raise ListFormatError(msg) from exc


def parse_bytes(fmt: str, data: bytes, *, source: str) -> list[ListEntry]:
    """Parse one file's bytes in a named format (no companions, no deltas): for tests and
    for validating downloads before they replace a good list. Never returns an empty list."""
    entries = _parse_bytes(fmt, data, source=source)
    if not entries:
        msg = f"{source}: no entries parsed; refusing an empty list"
        raise ListFormatError(msg)
    return entries


def _parse_bytes(fmt: str, data: bytes, *, source: str) -> list[ListEntry]:
    try:
        if fmt == "ofac_legacy":
            return ofac_legacy.parse(data, source=source)
        if fmt == "ofac_enhanced":
            return ofac_enhanced.parse(data, source=source)[0]
        if fmt == "us_csl":
            return csl.parse(data, source=source)
        if fmt == "us_bis_dpl":
            return dpl.parse(data, source=source)
        if fmt == "un":
            return un.parse(data, source=source)[0]
        if fmt == "eu_fsf":
            return eu.parse(data, source=source)[0]
        if fmt == "ftm":
            return ftm.parse(data, source=source)
    except ListFormatError:
        raise
    except (csv.Error, UnicodeError, ValueError, KeyError, IndexError, EOFError) as exc:
        msg = f"{source}: unreadable {fmt} data ({type(exc).__name__}: {exc})"
        raise ListFormatError(msg) from exc
    msg = f"unknown format {fmt!r}"
    raise ListFormatError(msg)


def _load(spec: str) -> SanctionsList:
    name, fmt, paths = parse_spec(spec)
    if not paths:
        msg = f"empty list spec {spec!r}"
        raise ListFormatError(msg)
    path = paths[0]
    if not path.exists():
        msg = f"{path}: no such file"
        raise ListFormatError(msg)
    if fmt is None:
        head = b"" if path.is_dir() else path.open("rb").read(4096)
        fmt = detect(path, head)
    name = name or default_name(fmt, path)
    blobs: list[bytes] = []
    publisher_date: str | None = None
    if fmt == "uk":
        tables = uk.read_dir(path)
        blobs = [tables[k] for k in sorted(tables)]
        entries = uk.parse(tables, source=name)
    else:
        data = path.read_bytes()
        blobs = [data]
        if fmt == "ofac_legacy":
            companions = {k: p.read_bytes() for k, p in ofac_legacy.siblings(path).items()}
            blobs += [companions[k] for k in sorted(companions)]
            entries = ofac_legacy.parse(data, source=name, **companions)
        elif fmt == "ofac_enhanced":
            entries, publisher_date = ofac_enhanced.parse(data, source=name)
        elif fmt == "us_csl":
            entries = csl.parse(data, source=name)
        elif fmt == "us_bis_dpl":
            entries = dpl.parse(data, source=name)
        elif fmt == "un":
            entries, publisher_date = un.parse(data, source=name)
        elif fmt == "eu_fsf":
            entries, publisher_date = eu.parse(data, source=name)
        else:
            entries = ftm.parse(data, source=name)
            for delta in paths[1:]:
                delta_data = delta.read_bytes()
                blobs.append(delta_data)
                entries = ftm.apply_delta(entries, delta_data, source=name)
    digest = checksum(b"".join(checksum(b).encode() for b in blobs))
    version = f"{publisher_date[:10]}+{digest}" if publisher_date else f"sha256:{digest}"
    return SanctionsList(
        name=name,
        format=fmt,
        version=version,
        entries=tuple(entries),
        origin=str(path),
        meta={"files": str(len(blobs))},
    )
