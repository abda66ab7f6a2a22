"""Reading the page's query parameters into a :class:`~services.auditweb.store.Filter`.

Parameters (all optional, all combinable):

- ``outcome``: ``cleared``, ``needs_review``, ``red_flag``; repeated or comma-separated;
  ``none`` selects nothing (every box unticked on the page);
- ``service``: ``screening``, ``export_control``, ``gdpr``, ``publication``; likewise;
- ``subject``: one subject id, exactly; ``q``: part of a subject id, any case;
- ``since`` / ``until``: ISO 8601 date or date-time (UTC when no offset is given),
  half-open ``[since, until)``, on the time the decision was written to the audit topic;
- ``after``: only decisions newer than this sequence number (the page's "from now").

A bad value is an error the API answers with 400 and the message, never a silent "any".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from services.auditweb.store import OUTCOMES, SERVICES, Filter


class BadQuery(ValueError):
    """A query parameter the page does not understand."""


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date (midnight UTC) or date-time (UTC unless it names an offset)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadQuery(f"not an ISO 8601 date or time: {text!r}") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _choices(values: Iterable[str], allowed: tuple[str, ...], name: str) -> frozenset[str] | None:
    chosen = {part.strip() for value in values for part in value.split(",") if part.strip()}
    if not chosen:
        return None
    if chosen == {"none"}:  # every box unticked: nothing, not "any"
        return frozenset()
    unknown = chosen - set(allowed)
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise BadQuery(f"unknown {name}: {listed} (one of {', '.join(allowed)})")
    return frozenset(chosen)


def parse_filter(params: dict[str, list[str]]) -> Filter:
    """The filter the parameters describe; ``params`` maps each name to all its values."""

    def one(name: str) -> str | None:
        values = [v for v in params.get(name, []) if v.strip()]
        return values[-1].strip() if values else None

    since = one("since")
    until = one("until")
    after = one("after")
    where = Filter(
        outcomes=_choices(params.get("outcome", []), OUTCOMES, "outcome"),
        services=_choices(params.get("service", []), SERVICES, "service"),
        subject_id=one("subject"),
        search=one("q"),
        since=parse_moment(since) if since else None,
        until=parse_moment(until) if until else None,
        after_seq=_integer(after, "after") if after else None,
    )
    if where.since and where.until and where.since >= where.until:
        raise BadQuery("since must be before until")
    return where


def _integer(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise BadQuery(f"{name} must be a whole number, not {text!r}") from exc
    if value < 0:
        raise BadQuery(f"{name} must not be negative")
    return value
