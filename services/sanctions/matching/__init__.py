"""Explainable name matching: normalisation, a token index, and scoring features.

The modules that compare names are also built as C extensions with mypyc (``make native``,
and in the image): the same sources, typed as strict mypy checks them, compiled, which
screens about 1.4 times as fast (``make bench`` prints both, and which ran). A build is
used only while everything it was made from is what is here now, as its manifest records
it (``build_inputs``): every compiled source and the list model they import, byte for byte
(SHA-256), the Python it is for (its extension suffix) and the versions of the typed
libraries its calls rely on, and only while its folder holds exactly the libraries it
built. Anything else, and every module runs as written, never a stale build in place of
the code a reviewer reads. ``CLEARWAY_PURE_PYTHON=1`` runs the sources as written in any
case (the parity test compares both).
"""

from __future__ import annotations

import hashlib
import json
import os
import sysconfig
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: the folder of these sources (a built module's own ``__file__`` is in ``NATIVE_DIR``)
SOURCES = Path(__file__).resolve().parent
#: the reference data the matching modules read (given names, Wade-Giles, Unihan, org words)
DATA_DIR = SOURCES.parent / "data"
#: where ``native_build`` writes the compiled modules and the manifest of what they are
NATIVE_DIR = SOURCES / "_native"
#: what a build was made from (``build_inputs``) and the libraries it made
NATIVE_MANIFEST = NATIVE_DIR / "sources.json"
#: sources left as written: the package (it chooses what is imported), the build, and the
#: index, which ``indexcache`` pickles through its ``__dict__`` (a compiled class has none;
#: its own work is numpy's)
NOT_COMPILED = frozenset({"__init__.py", "native_build.py", "index.py"})
#: other sources the compiled modules were typed against: the list model they import
ALSO_BUILT_FROM = ("../lists/model.py",)
#: typed libraries whose signatures mypyc compiled calls against (another version may
#: return another type, which compiled code rejects where the sources would not)
TYPED_LIBRARIES = ("rapidfuzz", "rigour", "normality")


def compiled_sources() -> list[str]:
    """The file names of the modules that are compiled."""
    return sorted(p.name for p in SOURCES.glob("*.py") if p.name not in NOT_COMPILED)


def library_count() -> int:
    """The libraries a build makes: one for each compiled module, and their shared one."""
    return len(compiled_sources()) + 1


def source_digests(names: list[str]) -> dict[str, str]:
    """The SHA-256 of each named source file, by its path from this folder."""
    return {n: hashlib.sha256((SOURCES / n).read_bytes()).hexdigest() for n in names}


def build_inputs() -> dict[str, object]:
    """Everything a build depends on: the Python it is for (its extension suffix), every
    compiled source and the list model by SHA-256 (a module added, removed, renamed or
    moved to ``NOT_COMPILED`` changes the list), and the typed libraries' versions."""

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return {
        "suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "files": source_digests([*compiled_sources(), *ALSO_BUILT_FROM]),
        "libraries": {name: installed(name) for name in TYPED_LIBRARIES},
    }


def native_is_current() -> bool:
    """Whether the build in ``NATIVE_DIR`` was made from exactly what is here now, and holds
    the very libraries it made (one each module and their shared one), no fewer, no more."""
    try:
        manifest = json.loads(NATIVE_MANIFEST.read_text())
        built = sorted(manifest["built"])
        present = sorted(p.name for p in NATIVE_DIR.glob("*.so"))
        return bool(
            built
            and built == present
            and len(built) == library_count()
            and manifest["inputs"] == build_inputs()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


#: whether the compiled modules are the ones imported in this process
NATIVE = os.environ.get("CLEARWAY_PURE_PYTHON") != "1" and native_is_current()
if NATIVE:
    __path__.insert(0, str(NATIVE_DIR))
