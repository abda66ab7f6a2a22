"""Build the name-matching modules as C extensions with mypyc, into ``_native``.

Why: screening spends most of its time in these modules' Python (issue 22's profile: the
bound, the token alignment, the readings), and mypyc compiles the same strictly typed
sources to C without a line of them rewritten. Run by ``make native`` (which ``make test``
and ``make bench`` need) and in the image's build stage; it needs mypy, setuptools and a C
compiler, none of which a running service needs. The digests of the sources are taken
before compiling and written last, so a build that fails or is cut leaves no manifest and
the package keeps running the sources as written (see ``services.sanctions.matching``).

    python -m services.sanctions.matching.native_build [--if-stale]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from services.sanctions.matching import (
    NATIVE_DIR,
    NATIVE_MANIFEST,
    SOURCES,
    build_inputs,
    compiled_sources,
    library_count,
    native_is_current,
)

#: the shared library of the compiled modules, inside this package (never a top-level name)
GROUP = "services.sanctions.matching.native"


def build(verbose: bool = False) -> Path:
    """Compile, replace what ``_native`` held, and write the manifest last."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    names = compiled_sources()
    inputs = build_inputs()  # before compiling: what is built is what was read
    root = SOURCES.parents[2]  # the folder holding ``services``: module names start there
    package = SOURCES.relative_to(root)
    with tempfile.TemporaryDirectory(prefix="clearway-native-") as tmp:
        work = Path(tmp)
        here = Path.cwd()
        os.chdir(root)
        try:
            extensions = mypycify(
                [
                    # the sources alone decide the build, not a mypy configuration around them
                    "--config-file",
                    os.devnull,
                    "--ignore-missing-imports",
                    *(str(package / n) for n in names),
                ],
                opt_level="3",
                target_dir=str(work / "c"),
                group_name=GROUP,
                verbose=verbose,
            )
            dist = Distribution({"name": "clearway-native", "ext_modules": extensions})
            command = dist.get_command_obj("build_ext")
            command.build_lib = str(work / "lib")
            command.build_temp = str(work / "tmp")
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(here)
        built = sorted((work / "lib" / package).glob("*.so"))
        if len(built) != library_count():
            msg = f"mypyc built {len(built)} libraries for {len(names)} modules"
            raise RuntimeError(msg)
        shutil.rmtree(NATIVE_DIR, ignore_errors=True)
        NATIVE_DIR.mkdir()
        for library in built:
            shutil.copy2(library, NATIVE_DIR / library.name)
    manifest = {
        "inputs": inputs,
        "built": [library.name for library in built],
        "mypy": version("mypy"),
    }
    NATIVE_MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return NATIVE_DIR


if __name__ == "__main__":
    if "--if-stale" in sys.argv and native_is_current():
        print(f"{NATIVE_DIR} is current")
    else:
        print(f"compiled into {build(verbose='-v' in sys.argv)}")
