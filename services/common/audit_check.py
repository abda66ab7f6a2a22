"""Checking the audit trail: signatures and hash chains over records read in log order
(pure: ``clearway audit verify`` and the audit page feed it).

Per audit partition, records are taken in offset order. Each must be signed by a known key
(``unsigned``, ``unknown_key``, ``bad_signature`` otherwise). Each links to the previous
record its writer wrote to that partition (``clearwayprev``): a link that points elsewhere
is a ``broken`` chain (a record deleted, reordered or inserted before it); a record whose
hash was already seen anywhere on the topic is ``replayed``; a record signed for another
partition than the one it lies on is ``misplaced``; ``start`` begins a chain (a later
``start`` from the same writer is a ``restart``: it recovered no head, which is reported,
not failed). A range that begins mid-topic cannot check the first link of each writer:
such a record is ``unanchored`` (signature good, place in its chain unknown): not a
failure of the range, but never proof that the record belongs where it lies.

What a chain cannot show: records removed from the very end of a writer's chain (nothing
links to them). Compare the writers' last records with an earlier verify run to see that.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from services.common.integrity import GENESIS, Checked, Verifier

Finding = Literal[
    "verified",
    "unsigned",
    "unknown_key",
    "bad_signature",
    "unreadable",
    "broken",
    "replayed",
    "misplaced",
    "unanchored",
]
FAILURES = frozenset(
    {"unsigned", "unknown_key", "bad_signature", "unreadable", "broken", "replayed", "misplaced"}
)


@dataclass
class PartitionCheck:
    """The running check of one audit partition."""

    partition: int
    #: the range began at the partition's first record (first links can be checked)
    anchored: bool = True
    #: the offset the range began at
    first_offset: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    heads: dict[str, str] = field(default_factory=dict)
    #: hashes seen on the whole topic (shared by the partitions of one check)
    seen: set[str] = field(default_factory=set)
    restarts: int = 0
    unanchored: int = 0
    #: the first few problems, for the report: (offset, finding, event id)
    problems: list[tuple[int, str, str | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(self.counts[f] for f in FAILURES)

    def add(self, offset: int, checked: Checked) -> Finding:
        finding = self._finding(checked)
        self.counts["records"] += 1
        self.counts[finding] += 1
        if finding != "verified" and len(self.problems) < 50:
            self.problems.append((offset, finding, checked.event_id))
        return finding

    def _finding(self, checked: Checked) -> Finding:
        if checked.status != "verified":
            return checked.status
        assert checked.hash is not None
        writer, prev = checked.writer or "", checked.prev or ""
        if checked.hash in self.seen:
            return "replayed"
        self.seen.add(checked.hash)
        if checked.partition != self.partition:
            return "misplaced"
        expected = self.heads.get(writer)
        self.heads[writer] = checked.hash
        if prev.startswith(GENESIS):
            if expected is not None:
                self.restarts += 1
            return "verified"
        if expected is None:
            if self.anchored:
                return "broken"  # its predecessor is not on the topic
            self.unanchored += 1
            return "unanchored"
        return "verified" if prev == expected else "broken"

    def as_dict(self) -> dict[str, object]:
        return {
            "partition": self.partition,
            "first_offset": self.first_offset,
            "records": self.counts["records"],
            "verified": self.counts["verified"] + self.counts["unanchored"],
            "unsigned": self.counts["unsigned"],
            "unknown_key": self.counts["unknown_key"],
            "bad_signature": self.counts["bad_signature"],
            "unreadable": self.counts["unreadable"],
            "broken_chain": self.counts["broken"],
            "replayed": self.counts["replayed"],
            "misplaced": self.counts["misplaced"],
            "restarts": self.restarts,
            "unanchored_first_links": self.unanchored,
            "writers": len(self.heads),
            "ok": self.ok,
            "problems": [{"offset": o, "finding": f, "event_id": e} for o, f, e in self.problems],
        }


class TrailCheck:
    """Checks every partition of a topic range."""

    def __init__(self, verifier: Verifier) -> None:
        self.verifier = verifier
        self.partitions: dict[int, PartitionCheck] = {}
        self.seen: set[str] = set()  # a record replayed on another partition is found too

    def start(self, partition: int, *, anchored: bool, first_offset: int = 0) -> None:
        self.partitions[partition] = PartitionCheck(
            partition, anchored, first_offset, seen=self.seen
        )

    def add(self, partition: int, offset: int, value: bytes | None) -> Finding:
        check = self.partitions.get(partition)
        if check is None:
            self.start(partition, anchored=True)
            check = self.partitions[partition]
        return check.add(offset, self.verifier.check(value))

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.partitions.values())
