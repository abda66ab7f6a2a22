"""Explainable name matching: normalisation, a token index, and scoring features.

The modules that compare names are also built as C extensions with mypyc (``make native``,
and in the image): the same sources, typed as strict mypy checks them, compiled, which
judges a partner about half as fast again (``make bench`` prints which ran). A built module
is used only while every source it was built from is the one in this folder, byte for byte
(their SHA-256 is written beside the build), and only by the Python it was built for (its
extension suffix): a source edited since, or another interpreter, and every module runs as
written instead, never a stale build in place of the code a reviewer reads.
``CLEARWAY_PURE_PYTHON=1`` runs the sources as written in any case (the parity test
compares both).
"""

from __future__ import annotations

import hashlib
import json
import os
import sysconfig
from pathlib import Path

#: the folder of these sources (a built module's own ``__file__`` is in ``NATIVE_DIR``)
SOURCES = Path(__file__).resolve().parent
#: the reference data the matching modules read (given names, Wade-Giles, Unihan, org words)
DATA_DIR = SOURCES.parent / "data"
#: where ``native_build`` writes the compiled modules and the digests of their sources
NATIVE_DIR = SOURCES / "_native"
#: what a build records: the interpreter it is for and each source's SHA-256
NATIVE_MANIFEST = NATIVE_DIR / "sources.json"


def source_digests(names: list[str]) -> dict[str, str]:
    """The SHA-256 of each named source file of this folder."""
    return {n: hashlib.sha256((SOURCES / n).read_bytes()).hexdigest() for n in names}


def native_is_current() -> bool:
    """Whether a build is there, for this interpreter, of exactly the sources in this folder."""
    try:
        manifest = json.loads(NATIVE_MANIFEST.read_text())
        files = manifest["files"]
        return bool(
            manifest["suffix"] == sysconfig.get_config_var("EXT_SUFFIX")
            and files
            and source_digests(sorted(files)) == files
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


#: whether the compiled modules are the ones imported in this process
NATIVE = os.environ.get("CLEARWAY_PURE_PYTHON") != "1" and native_is_current()
if NATIVE:
    __path__.insert(0, str(NATIVE_DIR))
