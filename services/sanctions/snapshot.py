"""The lists a decision is made against, as one immutable value.

A :class:`Snapshot` is what the rules see: the index over every list that loaded and the
names of the sources that did not. The store replaces it whole, so one decision never
sees two generations of lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.sanctions.matching.index import ListIndex


@dataclass(frozen=True)
class Snapshot:
    """The lists a decision is made against: index, versions and what failed to load."""

    index: ListIndex | None
    failed: tuple[str, ...] = ()

    @property
    def versions(self) -> dict[str, str]:
        return self.index.versions() if self.index is not None else {}
