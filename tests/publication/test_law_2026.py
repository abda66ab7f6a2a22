"""Publication holds as corrected in late 2026: the earliest date is the day after the last
day an objection may be raised; a decision not to file lifts the patent hold; grace periods
are information only; presets not read in their agreement's text are amber until confirmed;
terms outside their period and data past its review date are never green. Each case names
its source."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from schemas import PublicationReviewRequestedEvent
from schemas.decision import outcome_of
from services.publication import reference, rules

RAW = reference.load()
REF = RAW.confirm({"horizon_europe": "compliance office, GA Annex 5", "desca": "signed CA"})
C, R, B = "cleared", "needs_review", "red_flag"
HE = "Horizon Europe MGA Annex 5: objection within 15 days of receiving notification"
EPC = "Art. 54 and 55 EPC"


def event(
    *,
    agreement: str = "horizon_europe",
    planned: str = "2026-03-01",
    on: str = "2026-02-01",
    objections: tuple[str, ...] = (),
    disclosure: dict[str, Any] | None = None,
    periods: tuple[int, int] | None = None,
    received: str | None = None,
) -> PublicationReviewRequestedEvent:
    data: dict[str, Any] = {
        "publication_id": "PUB",
        "title": "t",
        "abstract": "a",
        "authors": ["A. Author"],
        "agreement": agreement,
        "notice_given_on": "2026-01-01",
        "planned_date": planned,
        "as_of": on,
        "objections": [
            {"partner_id": f"P{i}", "raised_on": d, "grounds": "patent", "resolved": False}
            for i, d in enumerate(objections)
        ],
        "invention_disclosures": (
            [{"disclosure_id": "ID1", **disclosure}] if disclosure is not None else []
        ),
    }
    if periods:
        data["notice_days"], data["objection_days"] = periods
    if received:
        data["notice_received_on"] = received
    return PublicationReviewRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "publication.review.requested",
            "time": f"{on}T12:00:00Z",
            "data": data,
        }
    )


NOT_TO_FILE = {"decided_by": "TTO of the University", "decided_on": "2026-01-20"}
CASES: list[tuple[str, Any, reference.PublicationReference, str, list[str], str | None, str]] = [
    (
        "HE preset, not verified, not confirmed",
        event(),
        RAW,
        R,
        ["AGREEMENT_TERMS_UNVERIFIED"],
        "2026-01-17",
        "fail closed: the MGA clause was not read",
    ),
    (
        "DESCA preset, not verified",
        event(agreement="desca"),
        RAW,
        R,
        ["AGREEMENT_TERMS_UNVERIFIED"],
        "2026-01-31",
        "fail closed: the DESCA text was not read",
    ),
    (
        "custom periods from the signed agreement",
        event(agreement="custom", periods=(15, 15)),
        RAW,
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
        "the consortium agreement",
    ),
    (
        "planned on the last day to object",
        event(planned="2026-01-16", on="2026-01-16"),
        REF,
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-17",
        HE,
    ),
    (
        "planned the day after the window",
        event(planned="2026-01-17"),
        REF,
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
        HE,
    ),
    (
        "objection raised on the fifteenth day is timely",
        event(objections=("2026-01-16",)),
        REF,
        B,
        ["OPEN_OBJECTION"],
        None,
        HE,
    ),
    (
        "objection on the sixteenth day is late",
        event(objections=("2026-01-17",)),
        REF,
        C,
        ["PUBLICATION_DATE", "LATE_OBJECTION"],
        "2026-01-17",
        HE,
    ),
    (
        "custom 15/15, last day to object",
        event(agreement="custom", periods=(15, 15), planned="2026-01-16", on="2026-01-16"),
        RAW,
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-17",
        "the consortium agreement",
    ),
    (
        "one partner received the notice four days late",
        event(planned="2026-01-20", received="2026-01-05", on="2026-01-20"),
        REF,
        B,
        ["NOTICE_PERIOD_RUNNING"],
        "2026-01-21",
        f"{HE} (the window runs from receipt)",
    ),
    (
        "an objection on the last day counted from receipt",
        event(received="2026-01-05", objections=("2026-01-20",)),
        REF,
        B,
        ["OPEN_OBJECTION"],
        None,
        HE,
    ),
    (
        "no patent application, no decision",
        event(disclosure={}),
        REF,
        B,
        ["PATENT_NOT_FILED"],
        None,
        EPC,
    ),
    (
        "decision not to file lifts the hold",
        event(disclosure={"decision_not_to_file": NOT_TO_FILE}),
        REF,
        C,
        ["PUBLICATION_DATE", "PATENT_NOT_PURSUED"],
        "2026-01-20",
        EPC,
    ),
    (
        "decision not to file dated after the evaluation date",
        event(on="2026-01-10", disclosure={"decision_not_to_file": NOT_TO_FILE}),
        REF,
        B,
        ["PATENT_NOT_FILED"],
        None,
        EPC,
    ),
    (
        "filed before: the decision not to file is moot",
        event(disclosure={"patent_filed_on": "2025-12-01", "decision_not_to_file": NOT_TO_FILE}),
        REF,
        C,
        ["PUBLICATION_DATE"],
        "2026-01-17",
        EPC,
    ),
    (
        "HE terms before Horizon Europe applied",
        event(on="2020-06-01"),
        REF,
        R,
        ["REFERENCE_EXPIRED"],
        "2026-01-17",
        "Regulation (EU) 2021/695 applies from 1 January 2021; the data set starts there",
    ),
    (
        "evaluated after the data's review-by date",
        event(on="2027-07-01", planned="2027-07-01"),
        REF,
        R,
        ["REFERENCE_STALE"],
        "2026-01-17",
        "reference data past its review date",
    ),
]


@pytest.mark.parametrize(
    ("label", "ev", "ref", "outcome", "codes", "earliest", "source"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_case(
    label: str,
    ev: Any,
    ref: reference.PublicationReference,
    outcome: str,
    codes: list[str],
    earliest: str | None,
    source: str,
) -> None:
    verdict = rules.decide(ev, ref)
    assert [r.code.value for r in verdict.reasons] == codes, [r.message for r in verdict.reasons]
    assert outcome_of(verdict.reasons).value == outcome
    assert verdict.earliest_publication_date == (date.fromisoformat(earliest) if earliest else None)
    assert verdict.reference_versions == {"publication/agreements": ref.version}
    for r in verdict.reasons:
        assert r.message and r.legal_basis and "<" not in r.message


def test_grace_periods_are_information_never_a_reason_to_publish() -> None:
    (reason,) = rules.decide(event(disclosure={}), REF).reasons
    assert "never a reason to publish" in reason.message
    for shown in ("US 12 months", "JP 12 months", "KR 12 months", "BR 12 months", "EP 6 months"):
        assert shown in reason.message
    assert reason.severity.value == "block"


def test_a_confirmation_is_part_of_the_version_every_decision_names() -> None:
    assert REF.version.endswith("+confirmed:desca,horizon_europe")
    assert REF.agreements["horizon_europe"].confirmed == "compliance office, GA Annex 5"
    with pytest.raises(ValueError, match="not presets"):
        RAW.confirm({"fp7": "x"})
