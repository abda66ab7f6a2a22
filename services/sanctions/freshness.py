"""How old a list is, and whether a source has been refreshed as often as it should.

Two different questions, kept apart because they fail differently:

- *age*: how long ago the publisher dated the copy in use (EU ``generationDate``, UN
  ``dateGenerated``, the UK list's ``DateGenerated``, OFAC's publication date). A list can be
  fetched every hour and still be old: a test file, a mirror that stopped, a source that
  points at a frozen file (the OFSI Consolidated List after 28 January 2026).
- *silence*: how long since a refresh last succeeded (a download accepted, or the publisher
  answering "not modified"). That is what the ``ClearwayListNotRefreshed`` alert watches.

Pure functions of their inputs; the clock is passed in.
"""

from __future__ import annotations

import datetime as dt

DAY = 86_400.0


def published_ts(published: str | None) -> float | None:
    """The publisher's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a UTC timestamp of its
    last possible day's start, so that a partial date never makes a list look older than
    it is."""
    if not published:
        return None
    parts = published[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            day = dt.date(year, 12, 31)
        elif len(parts) == 2:
            month = int(parts[1])
            day = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        else:
            day = dt.date(year, int(parts[1]), int(parts[2]))
    except (ValueError, IndexError):
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def age_days(published: str | None, now: float) -> float | None:
    """Days since the publisher's date, or None where the copy carries no date."""
    ts = published_ts(published)
    return None if ts is None else max(0.0, (now - ts) / DAY)


def outdated(published: str | None, now: float, max_age_days: float) -> bool:
    """True when the copy's publisher date is more than ``max_age_days`` ago."""
    age = age_days(published, now)
    return age is not None and age > max_age_days


def overdue(last_success: float | None, interval: float | None, now: float, misses: int) -> bool:
    """True when a refreshed source has not succeeded for ``misses`` intervals (a source
    never refreshed, such as a file, is never overdue)."""
    if interval is None:
        return False
    return last_success is None or now - last_success > misses * interval
