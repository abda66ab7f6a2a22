"""Until when a decision holds: ``valid_until``, the first date on which the same event,
judged again with the same rules, lists and reference data, gets a different outcome or
different reasons (pure: the dates come from the decision, never from a clock).

The candidates are the dates a decision can turn on: every period in the reference data the
service reads (an adequacy decision's start and the day after its end, an Annex I
version's start, a prohibition's start and end, each data set's review-by date: see
``reference_data.boundaries``), every date a reason's evidence cites with the day after it
("until 5 May" changes on the 6th: a notice period's end, a patent filing, a review's
expiry), and any a service adds as :attr:`Verdict.boundaries`. Those are only
*candidates*: the decision function is run again on each, in date order, and the first on
which the outcome, the reason codes and severities, the licence answer or the earliest
publication date differ is the answer. A candidate that changes nothing is passed over, so
``valid_until`` is exact for the dates the rules name.

Judging is not free (screening matches every name again), so at most ``limit`` candidates
are tried; past that the next candidate is returned unconfirmed. That errs towards a
re-judgement that finds nothing new, never towards a decision that silently outlives its
ground. A candidate on which the decision function fails ends the decision there too.
Dates that are not candidates are not looked at: a rule that compares the evaluation date
with a date it neither cites nor reads from reference data must add it to ``boundaries``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from schemas.decision import outcome_of
from schemas.envelope import InputEvent
from services.common.service import Verdict

E = TypeVar("E", bound=InputEvent)

#: candidates tried at most per decision (beyond: the next candidate, unconfirmed)
LIMIT = 24
_DAY = timedelta(days=1)


def _dates(value: Any, depth: int = 0) -> Iterator[date]:
    """Every date in an evidence value: date objects and ISO dates at the start of strings."""
    if depth > 6:
        return
    if isinstance(value, datetime):
        yield value.date()
    elif isinstance(value, date):
        yield value
    elif isinstance(value, str):
        if 10 <= len(value) <= 32 and value[4:5] == "-" and value[7:8] == "-":
            try:
                yield date.fromisoformat(value[:10])
            except ValueError:
                return
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _dates(v, depth + 1)
    elif isinstance(value, list | tuple):
        for v in value[:50]:
            yield from _dates(v, depth + 1)


def candidates(verdict: Verdict) -> set[date]:
    """The dates on which the decision might change: the rules' boundaries, and each date
    its reasons cite with the day after it."""
    found: set[date] = set(verdict.boundaries)
    cited: set[date] = set()
    for reason in verdict.reasons:
        cited.update(_dates(reason.evidence))
    if verdict.earliest_publication_date is not None:
        cited.add(verdict.earliest_publication_date)
    for day in cited:
        found.add(day)
        if day < date.max:
            found.add(day + _DAY)
    return found


def signature(verdict: Verdict) -> tuple[object, ...]:
    """What must stay the same for a decision to hold: outcome, reason codes and severities
    (with multiplicity), the licence answer and the earliest publication date. Messages and
    evidence that merely restate the evaluation date are not compared."""
    reasons = sorted((r.code.value, r.severity.value) for r in verdict.reasons)
    return (
        outcome_of(list(verdict.reasons)).value,
        tuple(reasons),
        verdict.licence_required,
        verdict.earliest_publication_date,
    )


def on_date(event: E, day: date) -> E:
    """The same event, evaluated on ``day`` (``data.as_of`` set; nothing else changes)."""
    data = event.data.model_copy(update={"as_of": day})
    return event.model_copy(update={"data": data})


def valid_until(
    decide: Callable[[E], Verdict],
    event: E,
    verdict: Verdict,
    *,
    limit: int = LIMIT,
    extra: Iterable[date] = (),
) -> date | None:
    """The first date after the evaluation date on which ``decide`` says something else, or
    None when nothing in the decision depends on the calendar (see the module docstring)."""
    on = event.evaluated_at().date()
    todo = sorted(d for d in {*candidates(verdict), *extra} if d > on)
    base = signature(verdict)
    for tried, day in enumerate(todo):
        if tried >= limit:
            return day  # not confirmed: re-judged that day, conservatively
        try:
            other = decide(on_date(event, day))
        except Exception:
            return day  # cannot be judged that day: the decision holds no longer than that
        if signature(other) != base:
            return day
    return None
