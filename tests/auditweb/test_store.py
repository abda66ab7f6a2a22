"""The decisions held and the questions the page asks of them: case tables, properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.auditweb.store import MAX_HOURS, DecisionStore, Filter, Position, hour_of
from tests.auditweb.records import T0, at, decision, filled

MIXED = [
    decision(0, outcome="cleared", service="gdpr", subject="DT-001"),
    decision(1, outcome="needs_review", service="gdpr", subject="DT-002"),
    decision(2, outcome="red_flag", service="screening", subject="P-001"),
    decision(3, outcome="cleared", service="screening", subject="P-002"),
    decision(4, outcome="red_flag", service="publication", subject="PUB-001"),
    decision(5, outcome="needs_review", service="screening", subject="P-001"),
]


@pytest.mark.parametrize(
    ("where", "expected_seqs"),
    [
        (Filter(), [6, 5, 4, 3, 2, 1]),
        (Filter(outcomes=frozenset({"red_flag"})), [5, 3]),
        (Filter(outcomes=frozenset({"cleared", "needs_review"})), [6, 4, 2, 1]),
        (Filter(services=frozenset({"screening"})), [6, 4, 3]),
        (Filter(services=frozenset({"gdpr"}), outcomes=frozenset({"cleared"})), [1]),
        (Filter(subject_id="P-001"), [6, 3]),
        (Filter(subject_id="p-001"), []),
        (Filter(search="p-00"), [6, 4, 3]),
        (Filter(search="DT"), [2, 1]),
        # half-open window on the time written: [since, until)
        (Filter(since=at(20)), [6, 5, 4, 3]),
        (Filter(until=at(20)), [2, 1]),
        (Filter(since=at(10), until=at(30)), [3, 2]),
        (Filter(after_seq=4), [6, 5]),
        (Filter(outcomes=frozenset()), []),
    ],
)
def test_filters(where: Filter, expected_seqs: list[int]) -> None:
    store = filled(MIXED)
    assert [e.seq for e in store.matching(where)] == expected_seqs


def test_pages_newest_first_with_before() -> None:
    store = filled([decision(i) for i in range(10)])
    first = store.page(Filter(), limit=4)
    assert [e.seq for e in first] == [10, 9, 8, 7]
    second = store.page(Filter(), limit=4, before_seq=first[-1].seq)
    assert [e.seq for e in second] == [6, 5, 4, 3]


def test_a_redelivered_decision_is_held_once_and_counted() -> None:
    store = filled([decision(1), decision(1), decision(2)])
    assert len(store) == 2
    assert store.duplicates == 1


def test_the_same_decision_id_with_other_content_is_kept_as_a_new_version() -> None:
    first = decision(1, outcome="cleared", subject="P-9", decision_id="d-x")
    again = decision(1, outcome="red_flag", subject="P-9", decision_id="d-x", trigger="x")
    store = filled([first, again])
    assert len(store) == 2 and store.duplicates == 0
    newest = store.get("d-x")
    assert newest is not None and newest.outcome == "red_flag"
    assert [e.outcome for e in store.versions("d-x")] == ["cleared", "red_flag"]
    assert store.get("d-x", seq=1) is not None
    assert store.get("d-x", seq=99) is None


@pytest.mark.parametrize(
    "value",
    [
        b"not json",
        b"[]",
        b'{"data": "x"}',
        b'{"data": {"decision_id": "d"}}',
        decision(1).replace(b'"cleared"', b'"green"'),
    ],
)
def test_records_that_are_not_decisions_are_skipped_and_counted(value: bytes) -> None:
    store = DecisionStore()
    assert store.add(value, T0, Position("audit", 0, 0)) is None
    assert len(store) == 0 and store.skipped == 1


def test_the_oldest_are_dropped_at_capacity_and_every_index_follows() -> None:
    values = [decision(i, subject="P-1" if i < 2 else f"P-{i}") for i in range(5)]
    store = filled(values, capacity=3)
    assert len(store) == 3 and store.evicted == 2
    assert store.get("d-0000") is None and store.get("d-0004") is not None
    assert store.history("P-1") == []
    assert [e.seq for e in store.newer_than(0, Filter())] == [3, 4, 5]
    assert [e.seq for e in store.newer_than(4, Filter())] == [5]


def test_newer_than_applies_the_filter_oldest_first() -> None:
    store = filled(MIXED)
    red = store.newer_than(1, Filter(outcomes=frozenset({"red_flag"})))
    assert [e.seq for e in red] == [3, 5]


def test_history_is_oldest_first() -> None:
    store = filled(MIXED)
    assert [e.outcome for e in store.history("P-001")] == ["red_flag", "needs_review"]


def test_stats_count_per_outcome_service_and_hour_with_empty_hours() -> None:
    store = filled(MIXED, step_minutes=50)  # 0, 50, 100, ... 250 minutes after 09:00
    stats = store.stats(Filter()).as_json()
    assert stats["total"] == 6
    assert stats["outcomes"] == {"cleared": 2, "needs_review": 2, "red_flag": 2}
    assert stats["services"]["screening"] == {"cleared": 1, "needs_review": 1, "red_flag": 1}
    hours = stats["hours"]
    assert [h["hour"][11:16] for h in hours] == ["09:00", "10:00", "11:00", "12:00", "13:00"]
    assert sum(h["cleared"] + h["needs_review"] + h["red_flag"] for h in hours) == 6
    assert stats["hours_truncated"] is False


def test_stats_plot_keeps_the_most_recent_two_weeks() -> None:
    store = DecisionStore()
    for i, hours_later in enumerate([0, MAX_HOURS + 5]):
        store.add(decision(i), T0 + timedelta(hours=hours_later), Position("a", 0, i))
    stats = store.stats(Filter()).as_json()
    assert len(stats["hours"]) == MAX_HOURS
    assert stats["hours_truncated"] is True
    assert stats["total"] == 2


def test_the_record_value_is_kept_exactly() -> None:
    value = decision(7, outcome="red_flag")
    entry = filled([value]).get("d-0007")
    assert entry is not None and entry.raw() == value
    assert entry.event()["data"]["outcome"] == "red_flag"


moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@given(moments)
def test_hour_of_is_the_start_of_the_utc_hour(moment: datetime) -> None:
    hour = hour_of(moment)
    assert hour <= moment < hour + timedelta(hours=1)
    assert (hour.minute, hour.second, hour.microsecond) == (0, 0, 0)
    assert hour_of(hour) == hour


@given(st.lists(st.sampled_from(["cleared", "needs_review", "red_flag"]), max_size=40))
def test_stats_add_up(outcomes: list[str]) -> None:
    store = filled([decision(i, outcome=o) for i, o in enumerate(outcomes)], step_minutes=37)
    stats = store.stats(Filter()).as_json()
    assert stats["total"] == len(outcomes) == sum(stats["outcomes"].values())
    plotted = sum(h[o] for h in stats["hours"] for o in ("cleared", "needs_review", "red_flag"))
    assert plotted == len(outcomes)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["cleared", "needs_review", "red_flag"]),
            st.sampled_from(["gdpr", "screening"]),
        ),
        max_size=60,
    ),
    st.integers(min_value=1, max_value=20),
)
def test_running_totals_equal_a_full_count_after_drops(
    decisions: list[tuple[str, str]], capacity: int
) -> None:
    values = [decision(i, outcome=o, service=s) for i, (o, s) in enumerate(decisions)]
    store = filled(values, step_minutes=23, capacity=capacity)
    scanned = store.stats(Filter(after_seq=0)).as_json()  # not the default: counted afresh
    assert store.stats(Filter()).as_json() == scanned
