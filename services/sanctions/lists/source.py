"""A list source as an operator configures it, parsed once.

``[NAME=][FORMAT:]LOCATION[,DELTA...]``: an optional list name (``us_ofac_sdn=...``), an
optional format (``ofac_legacy:...``) where the content does not say it clearly enough,
and a file, folder or http(s) URL; FollowTheMoney sources may add delta files after
commas. Everything downstream (loading, fetching, status, logs) works from the parsed
:class:`ListSource`, never from the string again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: the format names a spec may give; the parsers behind them are in ``formats.py``
FORMAT_NAMES = (
    "ofac_legacy",
    "ofac_enhanced",
    "us_csl",
    "us_bis_dpl",
    "un",
    "eu_fsf",
    "uk",
    "uk_xml",
    "ftm",
)

_CREDENTIALS = re.compile(r"//[^/@\s]+@")
#: query parameters that carry secrets (the EU's token, API keys, signed URLs)
_SECRET_PARAMS = re.compile(
    r"([?&](?:token|access_token|api_?key|key|secret|password|passwd|pwd|sig|signature|auth)=)"
    r"[^&#\s]*",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """Text with the user:password part of any URL in it removed, and the values of query
    parameters that carry secrets replaced by ``***``."""
    return _SECRET_PARAMS.sub(r"\1***", _CREDENTIALS.sub("//", text))


@dataclass(frozen=True, slots=True)
class ListSource:
    """One configured list source."""

    spec: str
    name: str | None
    format: str | None
    locations: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str) -> ListSource:
        name = None
        rest = spec
        head = rest.split(":", 1)[0]
        if "=" in head:
            name, rest = rest.split("=", 1)
        fmt = None
        head, sep, tail = rest.partition(":")
        if sep and head in FORMAT_NAMES:
            fmt, rest = head, tail
        locations = tuple(p for p in rest.split(",") if p) if not _is_url(rest) else (rest,)
        return cls(spec, name or None, fmt, locations)

    @property
    def location(self) -> str:
        """The main file, folder or URL ("" for an empty spec)."""
        return self.locations[0] if self.locations else ""

    @property
    def deltas(self) -> tuple[str, ...]:
        return self.locations[1:]

    @property
    def is_url(self) -> bool:
        return _is_url(self.location)

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def filename(self) -> str:
        """The last part of the location, for format detection and default list names."""
        if self.is_url:
            return urlsplit(self.location).path.rsplit("/", 1)[-1] or "list"
        return self.path.name

    @property
    def display(self) -> str:
        """The spec as operators see it: never with credentials a URL may carry."""
        return redact(self.spec)


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))
