"""The decision store in a database (issue 20, first part): the schema by Alembic, the
projector (idempotent by decision id and content, offsets in the same transaction as the
rows) and search. On SQLite in a file, the embedded default, and on a real PostgreSQL
server."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from services.auditweb.db.migrate import upgrade
from services.auditweb.db.projector import Record, project, resume_offsets
from services.auditweb.db.projector import event_names as names_in
from services.auditweb.db.schema import decisions, event_names, metadata
from services.auditweb.db.search import Query, search
from tests.auditweb.records import SAMPLES, SANCTIONS_REASON, T0, decision, real_decisions


def records(values: list[bytes], *, partition: int = 0, first: int = 0) -> list[Record]:
    start = int(T0.timestamp() * 1000)
    return [
        Record("compliance.audit.v1", partition, first + i, v, start + (first + i) * 600_000)
        for i, v in enumerate(values)
    ]


def test_the_migrations_build_exactly_the_schema_and_run_twice(engine: Engine) -> None:
    upgrade(engine)  # nothing left to do
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_a_batch_is_stored_once_and_the_offsets_go_with_it(engine: Engine) -> None:
    values = [decision(i) for i in range(5)]
    assert project(engine, records(values)).stored == 5
    again = project(engine, records(values))  # read again after a crash: nothing twice
    assert (again.stored, again.duplicates) == (0, 5)
    assert resume_offsets(engine) == {("compliance.audit.v1", 0): 5}
    project(engine, records([decision(9)], partition=2, first=41))
    assert resume_offsets(engine)[("compliance.audit.v1", 2)] == 42
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(decisions)).scalar_one() == 6


def test_the_same_decision_with_other_content_is_a_version_and_bad_records_advance(
    engine: Engine,
) -> None:
    first = decision(1, outcome="cleared", decision_id="d-x")
    second = decision(1, outcome="red_flag", decision_id="d-x")
    result = project(engine, records([first, b"not json", second]))
    assert (result.stored, result.skipped) == (2, 1)
    assert resume_offsets(engine) == {("compliance.audit.v1", 0): 3}
    rows = search(engine, Query())
    assert [r.outcome for r in rows] == ["red_flag", "cleared"]
    assert rows[0].value() == second  # the record exactly as it was on the topic


def test_a_failing_batch_stores_nothing_and_keeps_the_offsets(engine: Engine) -> None:
    project(engine, records([decision(0)]))
    broken = records([decision(1), decision(2)], first=1)
    broken[1] = Record(broken[1].topic, 0, 2, broken[1].value, -(10**18))  # no such time
    with pytest.raises((OverflowError, OSError, ValueError)):
        project(engine, broken)
    assert resume_offsets(engine) == {("compliance.audit.v1", 0): 1}
    assert len(search(engine, Query())) == 1


MIXED = [
    decision(0, outcome="cleared", service="gdpr", subject="DT-001"),
    decision(1, outcome="needs_review", service="gdpr", subject="DT-002"),
    decision(
        2, outcome="red_flag", service="screening", subject="P-001", reasons=[SANCTIONS_REASON]
    ),
    decision(3, outcome="cleared", service="screening", subject="P-002"),
    decision(4, outcome="red_flag", service="publication", subject="PUB-001"),
    decision(5, outcome="needs_review", service="screening", subject="P-001"),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Query(), [5, 4, 3, 2, 1, 0]),
        (Query(outcomes=frozenset({"red_flag"})), [4, 2]),
        (Query(services=frozenset({"gdpr"}), outcomes=frozenset({"cleared"})), [0]),
        (Query(subject_id="P-001"), [5, 2]),
        # the names screened, case-folded, from the start of the name
        (Query(name="banco nacional"), [2]),
        (Query(name="BANCO  NACIONAL DE CUBA"), [2]),
        (Query(name="nacional"), []),
        (Query(name="%"), []),  # LIKE's wildcards are plain characters
        (Query(code="SANCTIONS_MATCH"), [2]),
        (Query(list_name="us_ofac_sdn", entry_id="306"), [2]),
        (Query(list_name="us_ofac_sdn", entry_id="307"), []),
        # half-open window on the time recorded: [since, until)
        (Query(since=T0 + timedelta(minutes=20)), [5, 4, 3, 2]),
        (Query(until=T0 + timedelta(minutes=20)), [1, 0]),
        (Query(before=3), [1, 0]),  # ids start at 1: the page after the row with id 3
        (Query(limit=2), [5, 4]),
        (Query(outcomes=frozenset()), []),
    ],
)
def test_search(engine: Engine, query: Query, expected: list[int]) -> None:
    project(engine, records(MIXED))
    assert [int(r.decision_id.removeprefix("d-")) for r in search(engine, query)] == expected


def test_real_decisions_of_every_service_are_stored_and_found(engine: Engine) -> None:
    values = real_decisions("screening", "export_control", "gdpr", "publication")
    result = project(engine, records(values))
    assert result.stored == len(values) and result.skipped == 0
    services = {r.service for r in search(engine, Query(limit=500))}
    assert services == {"screening", "export_control", "gdpr", "publication"}
    red = search(engine, Query(outcomes=frozenset({"red_flag"}), services=frozenset({"screening"})))
    assert red and all(r.outcome == "red_flag" for r in red)


def test_a_search_by_name_finds_green_decisions_through_their_input_events(
    engine: Engine,
) -> None:
    """A cleared partner's decision names nobody in its reasons; the store keeps the names
    of the input event it judged (partner, owners, representatives), so an officer finds it
    by any of them."""
    events = SAMPLES.read_bytes().splitlines()
    values = real_decisions("screening")
    result = project(engine, records([*events, *values]))
    assert result.skipped == 0
    whole = "Fraunhofer-Gesellschaft zur  Förderung der angewandten Forschung e.V."
    found = search(engine, Query(name=whole))  # case and spacing do not matter
    assert [r.subject_id for r in found] == ["P-021"] and found[0].outcome == "cleared"
    # a name the page withholds is found only whole: no spelling it out by its start
    assert search(engine, Query(name="fraunhofer-gesellschaft")) == []
    owned = search(engine, Query(name="AEROCARIBBEAN AIRLINES"))  # an owner of P-023
    assert {r.subject_id for r in owned} == {"P-023"}
    # a name a decision shows (the matched name) is found by its start
    shown = search(engine, Query(name="aerocarib"))
    assert {r.subject_id for r in shown} == {"P-023"}
    again = project(engine, records(events))  # read again: no name twice
    assert again.skipped == 0
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(event_names)).scalar_one()
    assert count == len({(i, n) for i, n in _all_names(events)})


def _all_names(lines: list[bytes]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        event = json.loads(line)
        if event["type"] in ("partner.upserted", "technology.transfer.requested"):
            out += [(event["id"], n) for n in names_in(event["data"])]
    return out


def test_names_nobody_screens_stay_out_of_the_store(engine: Engine) -> None:
    """A data exporter's or an author's name is not screened: not kept, not searchable."""
    events = [
        line
        for line in SAMPLES.read_bytes().splitlines()
        if json.loads(line)["type"] in ("data.transfer.requested", "publication.review.requested")
    ]
    assert project(engine, records(events)).skipped == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(event_names)).scalar_one() == 0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["name", "aliases", "owners", "x"]), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(JSON)
def test_names_are_found_in_any_shape_without_error(value: object) -> None:
    names = names_in(value)
    assert all(n == " ".join(n.split()) and n == n.casefold() for n in names)


def test_pages_by_time_and_id_cover_everything_once_even_with_equal_times(
    engine: Engine,
) -> None:
    start = int(T0.timestamp() * 1000)
    # three decisions share each second: the id breaks the tie
    project(
        engine,
        [Record("audit", 0, i, decision(i), start + (i // 3) * 1000) for i in range(10)],
    )
    everything = [r.decision_id for r in search(engine, Query(limit=500))]
    paged: list[str] = []
    cursor: tuple[int | None, object] = (None, None)
    while True:
        rows = search(engine, Query(limit=2, before=cursor[0], before_at=cursor[1]))  # type: ignore[arg-type]
        if not rows:
            break
        paged += [r.decision_id for r in rows]
        cursor = (rows[-1].id, rows[-1].recorded_at)
    assert paged == everything and len(set(paged)) == 10


def test_a_record_too_long_or_unsigned_is_left_out_and_the_store_goes_on(engine: Engine) -> None:
    """Never cut short (two subjects would share a case), never a stop (the batch and its
    offsets are written), and with the services' keys nothing unsigned opens a case."""
    long_id = decision(1, decision_id="d-" + "x" * 300)
    long_subject = decision(2, subject="X" * 501)
    result = project(engine, records([long_id, long_subject, decision(3)]))
    assert (result.stored, result.skipped) == (1, 2)
    assert resume_offsets(engine) == {("compliance.audit.v1", 0): 3}
    checked = project(engine, records([decision(4)], first=3), verify=lambda _v: False)
    assert (checked.stored, checked.unverified) == (0, 1)
    assert resume_offsets(engine) == {("compliance.audit.v1", 0): 4}
