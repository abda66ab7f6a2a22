"""Reference data that knows its age (the mechanism; the data sets live in each service).

Every data set a rule reads says what it transcribes (its legal sources, with act, date
and link), when it was last checked, and the date by which it must be checked again
(``review_by``). Rules pick the entries valid on the event's evaluation date; when that
date is past a data set's review-by date the decision cannot be green on it: the shared
rule below says ``REFERENCE_STALE`` (amber), naming the data set and its dates. Decisions
name the version of every data set they used (``reference_versions``).

Pure: the evaluation date comes from the event. Only the status command and the metrics
compare review-by dates with today, to tell operators before decisions turn amber.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas.decision import ReasonCode, Severity
from services.common.rules import Hit, Rule, rule


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    act: str
    date: str | None = None
    link: str | None = None
    checked: str | None = None


class Validity(BaseModel):
    """The period an entry (or a whole data set) is valid: from ``valid_from`` to
    ``valid_until`` inclusive; an open end is None. Rules pick entries valid on the
    evaluation date; an entry outside its period is never a ground for a green."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    valid_from: date | None = None
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def window(self) -> str:
        start = self.valid_from.isoformat() if self.valid_from else "the start"
        end = self.valid_until.isoformat() if self.valid_until else "no end date"
        return f"{start} to {end}"


class DataSet(Validity):
    """The fields every reference data set carries about itself."""

    data_set: str = Field(description="Stable name, e.g. 'gdpr/transfer_reference'.")
    version: str
    sources: tuple[Source, ...] = ()
    checked_on: date
    review_by: date

    def due(self, day: date) -> bool:
        """On ``day`` the data set is past its review-by date."""
        return day > self.review_by

    def status(self, today: date) -> dict[str, object]:
        return {
            "data_set": self.data_set,
            "version": self.version,
            "checked_on": self.checked_on.isoformat(),
            "review_by": self.review_by.isoformat(),
            "days_left": (self.review_by - today).days,
            "due": self.due(today),
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "sources": [s.model_dump(exclude_none=True) for s in self.sources],
        }


def versions(data_sets: Iterable[DataSet]) -> dict[str, str]:
    """data set -> version, as a decision records them."""
    return {d.data_set: d.version for d in data_sets}


class UsesReference(Protocol):
    """A case that knows its evaluation date and the data sets its rules read."""

    @property
    def on(self) -> date: ...

    @property
    def data_sets(self) -> Sequence[DataSet]: ...


@rule(
    ReasonCode.REFERENCE_STALE,
    Severity.REVIEW,
    legal_basis="the reference data named, as last checked against its sources",
    message="The reference data set {data_set} (version {version}, last checked on "
    "{checked_on}) was due to be checked again by {review_by}, before the evaluation date "
    "{on}. A decision on it cannot be cleared: update the data set (see the README, "
    "'Reference data') and decide again.",
)
def reference_stale(case: UsesReference) -> Iterator[Hit]:
    """Reference data past its review-by date is never a silent green."""
    for data_set in case.data_sets:
        if data_set.due(case.on):
            yield Hit(
                {
                    "data_set": data_set.data_set,
                    "version": data_set.version,
                    "checked_on": data_set.checked_on.isoformat(),
                    "review_by": data_set.review_by.isoformat(),
                    "on": case.on.isoformat(),
                }
            )


@rule(
    ReasonCode.REFERENCE_STALE,
    Severity.REVIEW,
    legal_basis="the reference data named, as last checked against its sources",
    message="The reference data set {data_set} (version {version}) covers {window}; the "
    "evaluation date {on} lies outside it, so Clearway holds no data in force for that day. "
    "A decision on it cannot be cleared: check the law in force on that date.",
)
def reference_out_of_window(case: UsesReference) -> Iterator[Hit]:
    """A date the data set does not cover (before the law it transcribes took effect, or
    after its stated end) is never judged on it silently."""
    for data_set in case.data_sets:
        if not data_set.valid_on(case.on):
            yield Hit(
                {
                    "data_set": data_set.data_set,
                    "version": data_set.version,
                    "window": data_set.window,
                    "valid_from": data_set.valid_from,
                    "valid_until": data_set.valid_until,
                    "on": case.on.isoformat(),
                }
            )


#: the shared rules every service's rule set ends with
STALE: tuple[Rule[UsesReference], ...] = (reference_stale, reference_out_of_window)


def status_report(data_sets: Iterable[DataSet], today: date) -> dict[str, object]:
    """What ``clearway reference status`` prints and ``/reference`` serves."""
    rows = [d.status(today) for d in data_sets]
    return {
        "today": today.isoformat(),
        "due": [r["data_set"] for r in rows if r["due"]],
        "data_sets": rows,
    }


def _validity_dates(value: object, out: set[date], depth: int = 0) -> None:
    """Every period in a data set: a period starts on its first day and ends the day after
    its last; a data set falls due the day after its review-by date."""
    if depth > 8:
        return
    # any model with a period, a Validity or not (Annex I versions, dated prohibitions)
    start, end = getattr(value, "valid_from", None), getattr(value, "valid_until", None)
    if isinstance(value, BaseModel):
        if isinstance(start, date):
            out.add(start)
        if isinstance(end, date) and end < date.max:
            out.add(end + timedelta(days=1))
    if isinstance(value, DataSet) and value.review_by < date.max:
        out.add(value.review_by + timedelta(days=1))
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _validity_dates(getattr(value, name, None), out, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            _validity_dates(item, out, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _validity_dates(item, out, depth + 1)


def boundaries(data_sets: Iterable[DataSet]) -> frozenset[date]:
    """The dates on which anything in these data sets starts, ends or falls due: where a
    decision read from them may change (candidates for ``valid_until``)."""
    out: set[date] = set()
    for data_set in data_sets:
        _validity_dates(data_set, out)
    return frozenset(out)


def unique(data_sets: Iterable[DataSet]) -> tuple[DataSet, ...]:
    """Each data set once (several services share the EU regime data)."""
    seen: dict[str, DataSet] = {}
    for d in data_sets:
        seen.setdefault(d.data_set, d)
    return tuple(seen.values())
