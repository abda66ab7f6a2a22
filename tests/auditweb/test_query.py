"""Query parameters -> filter: accepted forms, errors, and properties of date parsing."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.auditweb.query import BadQuery, parse_filter, parse_moment
from services.auditweb.store import Filter


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filter()),
        ({"outcome": ["red_flag"]}, Filter(outcomes=frozenset({"red_flag"}))),
        (
            {"outcome": ["red_flag,needs_review"]},
            Filter(outcomes=frozenset({"red_flag", "needs_review"})),
        ),
        ({"outcome": ["red_flag", "cleared"]}, Filter(outcomes=frozenset({"red_flag", "cleared"}))),
        ({"outcome": [""]}, Filter()),
        ({"outcome": ["none"]}, Filter(outcomes=frozenset())),
        ({"service": ["gdpr"]}, Filter(services=frozenset({"gdpr"}))),
        ({"subject": [" P-1 "]}, Filter(subject_id="P-1")),
        ({"q": ["p-"]}, Filter(search="p-")),
        ({"since": ["2026-11-20"]}, Filter(since=datetime(2026, 11, 20, tzinfo=UTC))),
        (
            {"until": ["2026-11-20T10:30"]},
            Filter(until=datetime(2026, 11, 20, 10, 30, tzinfo=UTC)),
        ),
        (
            {"since": ["2026-11-20T10:30:00+02:00"]},
            Filter(since=datetime(2026, 11, 20, 8, 30, tzinfo=UTC)),
        ),
        ({"after": ["12"]}, Filter(after_seq=12)),
    ],
)
def test_parameters(params: dict[str, list[str]], expected: Filter) -> None:
    assert parse_filter(params) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"outcome": ["green"]}, "unknown outcome: green"),
        ({"outcome": ["none,red_flag"]}, "unknown outcome: none"),
        ({"service": ["hr"]}, "unknown service: hr"),
        ({"since": ["yesterday"]}, "not an ISO 8601"),
        ({"since": ["2026-11-21"], "until": ["2026-11-20"]}, "since must be before until"),
        ({"after": ["x"]}, "whole number"),
        ({"after": ["-1"]}, "must not be negative"),
    ],
)
def test_bad_parameters_are_errors_not_any(params: dict[str, list[str]], message: str) -> None:
    with pytest.raises(BadQuery, match=message):
        parse_filter(params)


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), None]),
    )
)
def test_parse_moment_round_trips_iso_texts(moment: datetime) -> None:
    parsed = parse_moment(moment.isoformat())
    assert parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0)
    expected = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    assert parsed == expected


@given(st.text(max_size=30))
def test_parse_moment_never_fails_with_anything_but_bad_query(text: str) -> None:
    with contextlib.suppress(BadQuery):
        parse_moment(text)
