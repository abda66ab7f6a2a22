"""The official list sources, as ``data/official_sources.json`` names them, and how the list
settings combine with them into what the list store runs on.

With ``CLEARWAY_SCREENING_OFFICIAL_LISTS=true`` the services fetch the official files
(EU, UN, UK, OFAC SDN and non-SDN, US CSL) from their publishers; whatever an operator sets
explicitly (more lists, other floors or intervals, an own EU token) goes over the manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "official_sources.json"


@dataclass(frozen=True, slots=True)
class OfficialSource:
    list: str
    title: str
    url: str
    format: str
    refresh_seconds: float
    min_bytes: int
    min_entries: int
    redirect_hosts: tuple[str, ...] = ()
    token: str | None = None
    page: str = ""
    licence: str = ""

    @property
    def spec(self) -> str:
        """The source as a list spec (``NAME=FORMAT:URL``)."""
        return f"{self.list}={self.format}:{self.url}"


def load_official(data_dir: Path) -> tuple[OfficialSource, ...]:
    """The manifest's sources; a manifest that cannot be read is an error at start, never
    an empty set of lists."""
    raw = json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    return tuple(
        OfficialSource(
            list=s["list"],
            title=s["title"],
            url=s["url"],
            format=s["format"],
            refresh_seconds=float(s["refresh_seconds"]),
            min_bytes=int(s["min_bytes"]),
            min_entries=int(s["min_entries"]),
            redirect_hosts=tuple(s.get("redirect_hosts") or ()),
            token=s.get("token"),
            page=s.get("page", ""),
            licence=s.get("licence", ""),
        )
        for s in raw["sources"]
    )


@dataclass(frozen=True)
class ListPlan:
    """Everything the list store is built from, after the manifest and the settings met."""

    specs: tuple[str, ...]
    min_entries: Mapping[str, int] = field(default_factory=dict)
    min_bytes: Mapping[str, int] = field(default_factory=dict)
    intervals: Mapping[str, float] = field(default_factory=dict)
    redirect_hosts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)


def plan(
    official: tuple[OfficialSource, ...],
    *,
    specs: list[str] | None,
    min_entries: Mapping[str, int],
    min_bytes: Mapping[str, int],
    intervals: Mapping[str, float],
    redirect_hosts: Mapping[str, list[str]],
    secrets: Mapping[str, str],
) -> ListPlan:
    """The manifest's sources first, then the operator's own (``specs``, those set
    explicitly); per list, an explicit setting beats the manifest."""
    own = list(specs or [])
    return ListPlan(
        specs=tuple(dict.fromkeys([*(s.spec for s in official), *own])),
        min_entries={**{s.list: s.min_entries for s in official}, **min_entries},
        min_bytes={**{s.list: s.min_bytes for s in official}, **min_bytes},
        intervals={**{s.list: s.refresh_seconds for s in official}, **intervals},
        redirect_hosts={
            **{s.list: s.redirect_hosts for s in official if s.redirect_hosts},
            **{k: tuple(v) for k, v in redirect_hosts.items()},
        },
        secrets={**{s.list: s.token for s in official if s.token}, **secrets},
    )
