"""The publication decision as a case table, plus properties (plain pytest, no Kafka)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import PublicationReviewRequestedEvent
from schemas.decision import outcome_of
from services.common.service import Verdict
from services.publication import reference, rules

#: the period arithmetic is tested with the presets confirmed, as a deployment that checked
#: its signed agreements runs them; unconfirmed presets are amber (test_law_2026.py)
RAW = reference.load()
REF = RAW.confirm({"horizon_europe": "test suite", "desca": "test suite"})
D = date.fromisoformat


def event(
    *,
    agreement: str = "horizon_europe",
    notice: str = "2026-01-01",
    planned: str = "2026-03-01",
    on: str | None = "2026-02-01",
    objections: list[tuple[str, bool]] = (),  # type: ignore[assignment]
    disclosures: list[str | None] = (),
    codes: list[str] | None = None,  # type: ignore[assignment]
    periods: tuple[int, int] | None = None,
    **marks: Any,
) -> PublicationReviewRequestedEvent:
    data: dict[str, Any] = {
        "publication_id": "PUB-1",
        "title": "t",
        "abstract": "a",
        "authors": ["A. Author"],
        "agreement": agreement,
        "notice_given_on": notice,
        "planned_date": planned,
        "objections": [
            {"partner_id": f"P{i}", "raised_on": raised, "grounds": "patent", "resolved": resolved}
            for i, (raised, resolved) in enumerate(objections)
        ],
        "invention_disclosures": [
            {"disclosure_id": f"ID{i}", "patent_filed_on": filed}
            for i, filed in enumerate(disclosures)
        ],
        "control_codes": codes,
        **marks,
    }
    if periods:
        data["notice_days"], data["objection_days"] = periods
    if on:
        data["as_of"] = on
    return PublicationReviewRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "publication.review.requested",
            "time": "2026-06-30T12:00:00Z",
            "data": data,
        }
    )


C, R, B = "cleared", "needs_review", "red_flag"
CASES: list[tuple[str, dict[str, Any], str, list[str], str | None]] = [
    # --- periods: Horizon Europe 15/15, DESCA 30/15, custom -------------------------------
    (
        "he last day to object",
        {"planned": "2026-01-16", "on": "2026-01-16"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-17",
    ),
    ("he day after the window", {"planned": "2026-01-17"}, C, ["PUBLICATION_DATE"], "2026-01-17"),
    (
        "he day before notice ends",
        {"planned": "2026-01-15", "on": "2026-01-15"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-17",
    ),
    ("he long after", {}, C, ["PUBLICATION_DATE"], "2026-01-17"),
    # planned before the filing, judged after it: it may go out, from the day after filing
    (
        "planned before filing, judged after",
        {"disclosures": ["2026-03-10"], "on": "2026-03-11"},
        C,
        ["PUBLICATION_DATE"],
        "2026-03-11",
    ),
    # judged again on or after its earliest date (the calendar), a paper planned earlier may
    # go out from then: nothing goes out in the past, and nothing holds it any more
    (
        "he planned early, judged after",
        {"planned": "2026-01-10"},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
    ),
    (
        "he planned early, judged the day before",
        {"planned": "2026-01-10", "on": "2026-01-16"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-17",
    ),
    (
        "desca day before",
        {"agreement": "desca", "planned": "2026-01-30", "on": "2026-01-30"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-31",
    ),
    (
        "desca last day",
        {"agreement": "desca", "planned": "2026-01-31"},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-31",
    ),
    (
        "custom window longer than notice",
        {"agreement": "custom", "periods": (10, 20), "planned": "2026-01-15", "on": "2026-01-15"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-22",
    ),
    (
        "custom notice longer than window",
        {"agreement": "custom", "periods": (20, 10), "planned": "2026-01-21"},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-21",
    ),
    (
        "custom zero periods",
        {"agreement": "custom", "periods": (0, 0), "planned": "2026-01-01"},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-01",
    ),
    (
        "leap year february",
        {"notice": "2028-02-15", "planned": "2028-02-29", "on": "2028-02-20"},
        B,
        ["NOTICE_PERIOD_RUNNING", "REFERENCE_STALE"],  # 2028 is past the data's review-by
        "2028-03-02",
    ),
    (
        "non-leap february",
        {"notice": "2027-02-15", "planned": "2027-03-01", "on": "2027-02-20"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2027-03-03",
    ),
    (
        "year end he",
        {"notice": "2026-12-20", "planned": "2026-12-31", "on": "2026-12-21"},
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2027-01-05",
    ),
    (
        "year end desca last day",
        {"agreement": "desca", "notice": "2026-12-15", "planned": "2027-01-14", "on": "2026-12-16"},
        C,
        ["PUBLICATION_DATE"],
        "2027-01-14",
    ),
    ("evaluation date from time", {"on": None}, C, ["PUBLICATION_DATE"], "2026-01-17"),
    # --- objections ---------------------------------------------------------------------------
    (
        "he objection inside window",
        {"objections": [("2026-01-10", False)]},
        B,
        ["OPEN_OBJECTION"],
        None,
    ),
    (
        "he objection on last window day",
        {"objections": [("2026-01-16", False)]},
        B,
        ["OPEN_OBJECTION"],
        None,
    ),
    (
        "he objection day after window",
        {"objections": [("2026-01-17", False)]},
        C,
        ["PUBLICATION_DATE", "LATE_OBJECTION"],
        "2026-01-17",
    ),
    (
        "he objection resolved",
        {"objections": [("2026-01-10", True)]},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
    ),
    (
        "objection before notice counts",
        {"objections": [("2025-12-30", False)]},
        B,
        ["OPEN_OBJECTION"],
        None,
    ),
    (
        "desca objection holds 90 days",
        {"agreement": "desca", "objections": [("2026-01-10", False)]},
        B,
        ["OPEN_OBJECTION"],
        "2026-04-10",
    ),
    (
        "desca hold day before end",
        {"agreement": "desca", "on": "2026-04-09", "objections": [("2026-01-10", False)]},
        B,
        ["OPEN_OBJECTION"],
        "2026-04-10",
    ),
    (
        "desca hold ended",
        {"agreement": "desca", "on": "2026-04-10", "objections": [("2026-01-10", False)]},
        R,
        ["OPEN_OBJECTION"],
        "2026-01-31",
    ),
    (
        "desca two open objections",
        {"agreement": "desca", "objections": [("2026-01-05", False), ("2026-01-12", False)]},
        B,
        ["OPEN_OBJECTION", "OPEN_OBJECTION"],
        "2026-04-12",
    ),
    (
        "desca one resolved one open",
        {"agreement": "desca", "objections": [("2026-01-05", True), ("2026-01-12", False)]},
        B,
        ["OPEN_OBJECTION"],
        "2026-04-12",
    ),
    (
        "desca late and open",
        {"agreement": "desca", "objections": [("2026-01-17", False), ("2026-01-12", False)]},
        B,
        ["OPEN_OBJECTION", "LATE_OBJECTION"],
        "2026-04-12",
    ),
    (
        "he open and late",
        {"objections": [("2026-01-02", False), ("2026-02-01", False)]},
        B,
        ["OPEN_OBJECTION", "LATE_OBJECTION"],
        None,
    ),
    (
        "custom objection has no cap",
        {"agreement": "custom", "periods": (30, 30), "objections": [("2026-01-25", False)]},
        B,
        ["OPEN_OBJECTION"],
        None,
    ),
    # --- patents ----------------------------------------------------------------------------
    ("disclosure not filed", {"disclosures": [None]}, B, ["PATENT_NOT_FILED"], None),
    (
        "disclosure filed before",
        {"disclosures": ["2025-12-01"]},
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
    ),
    (
        "filed on planned date",
        {"disclosures": ["2026-03-01"], "on": "2026-03-01"},
        B,
        ["PATENT_NOT_FILED"],
        "2026-03-02",
    ),
    (
        "filed after planned date",
        {"disclosures": ["2026-03-10"], "on": "2026-02-20"},
        B,
        ["PATENT_NOT_FILED"],
        "2026-03-11",
    ),
    (
        "filing still ahead of evaluation",
        {"disclosures": ["2026-02-10"]},
        B,
        ["PATENT_NOT_FILED"],
        "2026-02-11",
    ),
    ("one filed one not", {"disclosures": ["2025-12-01", None]}, B, ["PATENT_NOT_FILED"], None),
    (
        "filed the day before",
        {"disclosures": ["2026-02-28"], "on": "2026-03-01"},
        C,
        ["PUBLICATION_DATE"],
        "2026-03-01",  # the day after filing: never an earlier day, whatever the periods
    ),
    # --- export-controlled content ----------------------------------------------------------------
    (
        "control codes unmarked",
        {"codes": ["5A002.a"]},
        R,
        ["EXPORT_CONTROLLED_CONTENT"],
        "2026-01-17",
    ),
    (
        "control codes basic research",
        {"codes": ["5A002.a"], "basic_research": True},
        C,
        ["PUBLICATION_DATE", "TECHNOLOGY_NOT_CONTROLLED"],
        "2026-01-17",
    ),
    (
        "control codes public domain",
        {"codes": ["3E001"], "public_domain": True},
        C,
        ["PUBLICATION_DATE", "TECHNOLOGY_NOT_CONTROLLED"],
        "2026-01-17",
    ),
    (
        "basic research false is not a mark",
        {"codes": ["5A002.a"], "basic_research": False},
        R,
        ["EXPORT_CONTROLLED_CONTENT"],
        "2026-01-17",
    ),
    (
        "public domain false, research absent",
        {"codes": ["5A002.a"], "public_domain": False},
        R,
        ["EXPORT_CONTROLLED_CONTENT"],
        "2026-01-17",
    ),
    ("empty code list", {"codes": []}, C, ["PUBLICATION_DATE"], "2026-01-17"),
    # --- combinations -------------------------------------------------------------------------
    (
        "notice running and codes",
        {"planned": "2026-01-10", "codes": ["5A002.a"], "on": "2026-01-10"},
        B,
        ["NOTICE_PERIOD_RUNNING", "EXPORT_CONTROLLED_CONTENT"],
        "2026-01-17",
    ),
    (
        "notice running and not filed",
        {"planned": "2026-01-10", "disclosures": [None], "on": "2026-01-10"},
        B,
        ["NOTICE_PERIOD_RUNNING", "PATENT_NOT_FILED"],
        None,
    ),
    (
        "notice running and capped objection",
        {
            "agreement": "desca",
            "planned": "2026-01-10",
            "objections": [("2026-01-10", False)],
            "on": "2026-01-10",
        },
        B,
        ["NOTICE_PERIOD_RUNNING", "OPEN_OBJECTION"],
        "2026-04-10",
    ),
    (
        "notice running and late objection",
        {"planned": "2026-01-10", "objections": [("2026-01-20", False)], "on": "2026-01-09"},
        B,
        ["NOTICE_PERIOD_RUNNING", "LATE_OBJECTION"],
        "2026-01-17",
    ),
    (
        "everything in order",
        {
            "agreement": "desca",
            "objections": [("2026-01-05", True)],
            "disclosures": ["2025-11-30"],
            "codes": ["5E001"],
            "public_domain": True,
        },
        C,
        ["PUBLICATION_DATE", "TECHNOLOGY_NOT_CONTROLLED"],
        "2026-01-31",
    ),
]


def decide(**kwargs: Any) -> Verdict:
    return rules.decide(event(**kwargs), REF)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("name", "kwargs", "outcome", "codes", "earliest"), CASES, ids=[c[0] for c in CASES]
)
def test_case(
    name: str, kwargs: dict[str, Any], outcome: str, codes: list[str], earliest: str | None
) -> None:
    verdict = decide(**kwargs)
    assert outcome_of(verdict.reasons).value == outcome
    assert [r.code.value for r in verdict.reasons] == codes
    assert verdict.earliest_publication_date == (D(earliest) if earliest else None)
    for reason in verdict.reasons:
        assert reason.legal_basis and reason.message and "<" not in reason.message
        assert reason.evidence["rule"]
    assert verdict.rules_version == f"publication/{REF.version}"


def test_presets_not_read_in_their_text_are_flagged_unverified_in_the_data() -> None:
    assert not RAW.agreements["desca"].verified and not RAW.agreements["horizon_europe"].verified
    assert RAW.agreements["custom"].verified


_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    notice = draw(_dates)
    agreement = draw(st.sampled_from(["horizon_europe", "desca", "custom"]))
    offsets = st.integers(min_value=-10, max_value=200)
    kwargs: dict[str, Any] = {
        "agreement": agreement,
        "notice": notice.isoformat(),
        "planned": (notice + timedelta(days=draw(offsets))).isoformat(),
        "on": (notice + timedelta(days=draw(offsets))).isoformat(),
        "objections": [
            ((notice + timedelta(days=draw(offsets))).isoformat(), draw(st.booleans()))
            for _ in range(draw(st.integers(0, 3)))
        ],
        "disclosures": [
            draw(st.none() | _dates.map(date.isoformat)) for _ in range(draw(st.integers(0, 2)))
        ],
        "codes": draw(st.none() | st.lists(st.sampled_from(["5A002.a", "3E001"]), max_size=2)),
        "basic_research": draw(st.none() | st.booleans()),
    }
    if agreement == "custom":
        kwargs["periods"] = (draw(st.integers(0, 90)), draw(st.integers(0, 90)))
    return kwargs


_RANK = {"cleared": 0, "needs_review": 1, "red_flag": 2}


@given(requests())
def test_earliest_never_precedes_the_notice_period(kwargs: dict[str, Any]) -> None:
    verdict = decide(**kwargs)
    ev = event(**kwargs)
    notice_days = (
        ev.data.notice_days
        if ev.data.agreement == "custom"
        else REF.agreements[ev.data.agreement].notice_days
    )
    assert notice_days is not None
    if verdict.earliest_publication_date is not None:
        assert verdict.earliest_publication_date >= ev.data.notice_given_on + timedelta(
            days=notice_days
        )
    else:
        assert outcome_of(verdict.reasons).value == "red_flag"


@given(requests(), st.integers(min_value=-10, max_value=100))
def test_an_unresolved_objection_never_makes_it_less_strict(
    kwargs: dict[str, Any], day: int
) -> None:
    before = decide(**kwargs)
    raised = (D(kwargs["notice"]) + timedelta(days=day)).isoformat()
    after = decide(**{**kwargs, "objections": [*kwargs["objections"], (raised, False)]})
    assert _RANK[outcome_of(after.reasons).value] >= _RANK[outcome_of(before.reasons).value]
    if before.earliest_publication_date is None:
        assert after.earliest_publication_date is None
    elif after.earliest_publication_date is not None:
        assert after.earliest_publication_date >= before.earliest_publication_date
