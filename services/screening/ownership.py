"""Who owns the partner, as far as the event says: ownership chains and the tests the law
applies to them. Pure.

An owner counts toward a test when it is what the test is about (listed on a list of the
test's jurisdiction, or established in a country whose measures reach ownership), or when
it is itself owned so (its own owners meet the same test): status passes up the chain, as
the EU Best Practices, OFAC's 50 Percent Rule and Art. 5l(1)(b) of Regulation 833/2014
("directly or indirectly owned") have it. The shares of the owners that count are then
added together where the test adds them, and compared with its threshold.

An owner whose share is unknown, or whose own ownership cannot be decided for a missing
share, is never taken as not counting: it is reported as undecided, and the rules say amber.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from schemas.common import Party
from services.sanctions.party import Screened


class Test(Protocol):
    """An ownership test: threshold, "or more" or "more than", added together or not."""

    @property
    def aggregate(self) -> bool: ...

    def passes(self, share: float) -> bool: ...


@dataclass(frozen=True, slots=True)
class Holder:
    """An owner in the chain: its label (``owner[0].owner[1]``), what the event says of it,
    how it screened, and its own owners."""

    label: str
    party: Party
    screened: Screened
    owners: tuple[Holder, ...]

    @property
    def share(self) -> float | None:
        return self.party.share


def holders(
    owners: Sequence[Party], screened: Mapping[str, Screened], prefix: str = ""
) -> tuple[Holder, ...]:
    """The owners of the event as a tree, each with its screening result (by label)."""
    out = []
    for i, party in enumerate(owners):
        label = f"{prefix}owner[{i}]"
        out.append(
            Holder(
                label, party, screened[label], holders(party.owners or (), screened, label + ".")
            )
        )
    return tuple(out)


def labelled(owners: Sequence[Party], prefix: str = "") -> Iterator[tuple[str, Party]]:
    """Every owner at every depth with its label, parents before their owners."""
    for i, party in enumerate(owners):
        label = f"{prefix}owner[{i}]"
        yield label, party
        yield from labelled(party.owners or (), label + ".")


@dataclass(frozen=True, slots=True)
class Counted:
    """A direct owner that counts toward a test, and the holders further down through which
    it counts (itself when it is what the test is about)."""

    holder: Holder
    through: tuple[Holder, ...]


@dataclass(frozen=True, slots=True)
class Ownership:
    """The result of a test over a set of owners."""

    #: the test is met: the partner is owned in the sense of the test
    passes: bool
    #: owners that count, with known shares
    counted: tuple[Counted, ...]
    #: owners that count (or may count) but whose share, or their own ownership, is unknown
    undecided: tuple[Counted, ...]
    #: the counted shares added together
    share: float
    #: met only if holdings are added together, which this test does not do by itself
    only_together: bool = False

    @property
    def bases(self) -> tuple[Holder, ...]:
        """The holders the test is about (listed owners, owners from the country), deduped."""
        seen: dict[str, Holder] = {}
        for c in (*self.counted, *self.undecided):
            for h in c.through:
                seen.setdefault(h.label, h)
        return tuple(seen.values())

    @property
    def involved(self) -> bool:
        return bool(self.counted or self.undecided)


def owned(owners: Sequence[Holder], is_base: Callable[[Holder], bool], test: Test) -> Ownership:
    """Apply ``test`` to ``owners``: which count, their added shares, and whether it is met."""
    counted: list[Counted] = []
    undecided: list[Counted] = []
    for h in owners:
        if is_base(h):
            target = counted if h.share is not None else undecided
            target.append(Counted(h, (h,)))
            continue
        if not h.owners:
            continue
        below = owned(h.owners, is_base, test)
        if below.passes:
            (counted if h.share is not None else undecided).append(Counted(h, below.bases))
        elif below.undecided:  # it may be owned so: its own shares are not known
            undecided.append(Counted(h, below.bases))
    shares = [c.holder.share for c in counted if c.holder.share is not None]
    total = _exact_sum(shares)
    if test.aggregate:
        passes = test.passes(total)
        only_together = False
    else:
        passes = any(test.passes(s) for s in shares)
        only_together = not passes and test.passes(total)
    return Ownership(passes, tuple(counted), tuple(undecided), total, only_together)


def _exact_sum(shares: Sequence[float]) -> float:
    """Shares added as the decimals they were written as (0.1 + 0.2 + 0.2 is 0.5, and
    0.5000004 stays more than 0.5): neither rounding nor binary fractions move a share
    across a threshold."""
    return float(sum((Decimal(repr(s)) for s in shares), Decimal(0)))
