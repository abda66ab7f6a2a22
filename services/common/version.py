"""The version of the Clearway code that decides, as every decision records it.

Its own module so that batch mode, the audit page and the CLI can name the version without
importing the Kafka runtime.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def code_version() -> str:
    try:
        return version("clearway")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"
