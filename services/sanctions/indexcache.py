"""The parsed lists and their built index, kept on disk so that a restart does not parse and
index every list again.

Parsing the default lists and building their index takes 7 to 15 s on a two-core machine
(``make bench`` prints it); reading them back takes about one. A kept index is named by
everything it was built from: the bytes of every list (their whole SHA-256), each source's
spec, the Clearway code that parses and indexes (every file of ``services/sanctions``), the
installed packages (rigour, PyICU, numpy), Python and the system's ICU. A changed list,
parser, normaliser or library therefore never meets an old index: it misses, and the index
is built and kept anew; a kept list is used only when its version is of the bytes just read.

A kept index is read with :mod:`pickle`, which runs code as it reads, and decides what
screening matches: it is read only where nobody but this process's user can have written it
(the file and its folder owned by that user, writable by no one else, as OpenSSH's
StrictModes asks of keys; checked on what was opened, no link followed), and only when the
SHA-256 written in its header is that of what follows (a truncated or damaged file is
rebuilt, never half-read). Anything else, and the lists are parsed and indexed as on a
first start.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import distributions
from pathlib import Path
from typing import BinaryIO

import icu

from services.sanctions.gcpause import paused_gc
from services.sanctions.lists.model import SanctionsList
from services.sanctions.matching.index import ListIndex

_MAGIC = b"clearway-index 1\n"
_PACKAGE = Path(__file__).resolve().parent
#: kept indexes beyond the newest few are removed when one is written
KEEP = 2


@dataclass(frozen=True)
class Kept:
    """Lists by source spec, and the index built over them (in the order of the specs)."""

    lists: Mapping[str, SanctionsList]
    index: ListIndex


@cache
def code_digest() -> str:
    """What the parsing and indexing code is: every file of ``services/sanctions`` (sources
    and the data they read), the Python version, every installed package's version, and
    the system's ICU, which PyICU links (a new image may bring another under the same PyICU)."""
    digest = hashlib.sha256(f"{sys.version}\0{icu.ICU_VERSION}\0{icu.UNICODE_VERSION}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".po":
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def key(sources: Iterable[tuple[str, str]]) -> str:
    """The name of the index built from these (source spec, digest of its bytes) pairs."""
    digest = hashlib.sha256(code_digest().encode())
    for spec, files_digest in sources:
        digest.update(f"\0{spec}\0{files_digest}".encode())
    return digest.hexdigest()[:32]


class IndexCache:
    """Kept indexes in one folder (created owner-only when missing)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"index-{name}.pickle"

    def read(self, name: str) -> Kept | None:
        """The index kept under this name; None when there is none, or it cannot be trusted
        or read (it is then built again). The folder and the file are opened without
        following links and checked on what was opened, so neither can be swapped between
        the check and the read."""
        try:
            data = self._read_private(self._path(name).name)
        except OSError:
            return None
        if data is None:
            return None
        start = len(_MAGIC) + 65
        payload = memoryview(data)[start:]  # no copy
        digest = data[len(_MAGIC) : start - 1]
        if data[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).hexdigest().encode() != digest:
            return None
        try:
            with paused_gc():  # millions of small objects, none of them garbage
                stream = io.BytesIO(data)  # shares the bytes read, no copy
                stream.seek(start)
                return _load(stream)
        except Exception:  # a file from another version of a library: build again
            return None

    def _read_private(self, filename: str) -> bytes | None:
        folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            if not _private(os.fstat(folder), directory=True):
                return None
            fd = os.open(filename, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
        finally:
            os.close(folder)
        with os.fdopen(fd, "rb") as kept:
            if not _private(os.fstat(kept.fileno()), directory=False):
                return None
            return kept.read()

    def write(self, name: str, kept: Kept) -> bool:
        """Keep an index (written whole, then renamed; owner-only), and remove all but the
        newest few kept before it, and anything a write cut short left. False, and nothing
        written, where the folder is not this user's alone (it would never be read back)."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(self.folder), directory=True):
            return False
        target = self._path(name)
        part = target.with_name(target.name + ".part")
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                # streamed, not pickled to bytes first: the index is not held twice in memory
                out.write(_MAGIC + b"0" * 64 + b"\n")
                hashing = _Hashing(out)
                _dump(kept, hashing)
                out.seek(len(_MAGIC))
                out.write(hashing.digest.hexdigest().encode())
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
        older = sorted(
            (p for p in self.folder.glob("index-*.pickle") if p != target),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in [*older[KEEP - 1 :], *self.folder.glob("index-*.part")]:
            old.unlink(missing_ok=True)
        return True


def _dump(kept: Kept, out: _Hashing) -> None:
    """The specs, each list on its own, then the index naming the lists it was built over by
    position (the index writes its entries and names as positions in them): pickle
    remembers every object it wrote until the end of a dump, and one dump of everything held
    the index twice over in that memory."""
    specs = list(kept.lists)
    pickle.dump(specs, out, protocol=5)
    refs: dict[int, int] = {}
    for i, spec in enumerate(specs):
        pickle.dump(kept.lists[spec], out, protocol=5)
        refs[id(kept.lists[spec])] = i
    pickler = pickle.Pickler(out, protocol=5)
    pickler.persistent_id = lambda obj: refs.get(id(obj))  # type: ignore[method-assign]
    pickler.dump(kept.index)


def _load(data: io.BytesIO) -> Kept | None:
    specs = pickle.load(data)  # noqa: S301 - a private file whose digest matched
    lists = [pickle.load(data) for _ in specs]  # noqa: S301
    if not all(isinstance(x, SanctionsList) for x in lists):
        return None
    unpickler = pickle.Unpickler(data)  # noqa: S301
    unpickler.persistent_load = lists.__getitem__  # type: ignore[method-assign]
    index = unpickler.load()
    if not isinstance(index, ListIndex):
        return None
    return Kept(dict(zip(specs, lists, strict=True)), index)


class _Hashing:
    """A file that also hashes what is written to it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.out.write(data)


def _private(info: os.stat_result, *, directory: bool) -> bool:
    """A folder or regular file (no link, no pipe) owned by this process's user and
    writable by nobody else."""
    kind = stat.S_ISDIR if directory else stat.S_ISREG
    if not kind(info.st_mode) or info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
