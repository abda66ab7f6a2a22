"""``valid_until``: the first date on which the same event, judged again, gets another
outcome or other reasons; the rules name the dates, a re-judgement confirms (plain pytest)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import DataTransferRequestedEvent, PublicationReviewRequestedEvent
from services.common.reference_data import boundaries
from services.common.service import Verdict
from services.common.validity import candidates, on_date, signature, valid_until
from services.gdpr import reference as gdpr_reference
from services.gdpr import rules as gdpr
from services.publication import reference as pub_reference
from services.publication import rules as publication

PUB = pub_reference.load().confirm({"horizon_europe": "test suite", "desca": "test suite"})
GDPR = gdpr_reference.load()
D = date.fromisoformat


def paper(on: str, planned: str, notice: str = "2026-11-01", **data: Any) -> Any:
    return PublicationReviewRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "publication.review.requested",
            "time": f"{on}T12:00:00Z",
            "data": {
                "publication_id": "PUB-1",
                "title": "t",
                "abstract": "a",
                "authors": ["A. Author"],
                "agreement": data.pop("agreement", "horizon_europe"),
                "notice_given_on": notice,
                "planned_date": planned,
                "objections": data.pop("objections", []),
                "invention_disclosures": data.pop("invention_disclosures", []),
                **data,
            },
        }
    )


def transfer(on: str, country: str = "CH") -> DataTransferRequestedEvent:
    return DataTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "t1",
            "source": "/t",
            "type": "data.transfer.requested",
            "time": f"{on}T10:00:00Z",
            "data": {
                "transfer_id": "DT-1",
                "exporter": {"name": "Cluster e.V.", "country": "DE", "role": "controller"},
                "importer": {"name": "Partner", "country": country, "role": "processor"},
                "data_categories": ["contact"],
                "special_categories": False,
                "mechanism": "adequacy",
            },
        }
    )


def pub_decide(event: Any) -> Verdict:
    return publication.decide(event, PUB)


def gdpr_decide(event: Any) -> Verdict:
    return gdpr.decide(event, GDPR)


def codes(verdict: Verdict) -> list[str]:
    return [r.code.value for r in verdict.reasons]


def test_a_red_paper_turns_green_on_its_earliest_date() -> None:
    # notice on 1 Nov (Horizon Europe: 15 days' notice, 15 days to object): 17 Nov at the
    # earliest; judged on 12 Nov for the 14th it is red until then
    event = paper("2026-11-12", "2026-11-14")
    verdict = pub_decide(event)
    assert codes(verdict) == ["NOTICE_PERIOD_RUNNING"]
    until = valid_until(pub_decide, event, verdict, extra=boundaries((PUB,)))
    assert until == D("2026-11-17") == verdict.earliest_publication_date
    assert codes(pub_decide(on_date(event, until))) == ["PUBLICATION_DATE"]
    assert codes(pub_decide(on_date(event, until - timedelta(days=1)))) == ["NOTICE_PERIOD_RUNNING"]


def test_a_desca_objection_hold_ends_after_ninety_days() -> None:
    objection = {"partner_id": "P1", "raised_on": "2026-11-05", "grounds": "patent"}
    event = paper(
        "2026-11-20", "2026-12-15", agreement="desca", objections=[{**objection, "resolved": False}]
    )
    verdict = pub_decide(event)
    assert "OPEN_OBJECTION" in codes(verdict) and signature(verdict)[0] == "red_flag"
    until = valid_until(pub_decide, event, verdict, extra=boundaries((PUB,)))
    assert until == D("2026-11-05") + timedelta(days=90)
    assert signature(pub_decide(on_date(event, until)))[0] == "needs_review"


def test_a_green_transfer_turns_amber_the_day_after_its_reference_is_due() -> None:
    event = transfer("2026-11-20")
    verdict = gdpr_decide(event)
    assert signature(verdict)[0] == "cleared"
    until = valid_until(gdpr_decide, event, verdict, extra=boundaries((GDPR,)))
    assert until == GDPR.review_by + timedelta(days=1)
    assert "REFERENCE_STALE" in codes(gdpr_decide(on_date(event, until)))


def test_candidates_include_cited_dates_and_the_day_after() -> None:
    verdict = pub_decide(paper("2026-11-12", "2026-11-14"))
    found = candidates(verdict)
    assert D("2026-11-17") in found and D("2026-11-18") in found


def test_a_limit_never_lets_a_decision_outlive_an_unconfirmed_date() -> None:
    event = transfer("2026-11-20")
    verdict = gdpr_decide(event)
    soon = D("2026-12-01")
    assert valid_until(gdpr_decide, event, verdict, extra=[soon], limit=0) == soon


@settings(max_examples=40, deadline=None)
@given(
    judged=st.integers(0, 60),
    planned=st.integers(0, 60),
    objection=st.one_of(st.none(), st.integers(0, 40)),
    agreement=st.sampled_from(["horizon_europe", "desca"]),
)
def test_a_decision_holds_every_day_before_its_valid_until(
    judged: int, planned: int, objection: int | None, agreement: str
) -> None:
    start = D("2026-11-01")
    objections = (
        [
            {
                "partner_id": "P1",
                "raised_on": (start + timedelta(days=objection)).isoformat(),
                "grounds": "patent",
                "resolved": False,
            }
        ]
        if objection is not None
        else []
    )
    event = paper(
        (start + timedelta(days=judged)).isoformat(),
        (start + timedelta(days=planned)).isoformat(),
        agreement=agreement,
        objections=objections,
    )
    verdict = pub_decide(event)
    until = valid_until(pub_decide, event, verdict, extra=boundaries((PUB,)))
    on = event.evaluated_at().date()
    end = until or on + timedelta(days=200)
    for day in range(1, min((end - on).days, 200)):
        assert signature(pub_decide(on_date(event, on + timedelta(days=day)))) == signature(
            verdict
        ), (on + timedelta(days=day), until)
    if until is not None:
        assert signature(pub_decide(on_date(event, until))) != signature(verdict)


def test_a_prohibition_that_starts_later_ends_a_green_on_its_first_day() -> None:
    """Dated acts in the export-control data are candidates although they are not a
    ``Validity`` (reference_data.boundaries reads any model with a period)."""
    import dataclasses

    from services.export_control import reference as export_reference
    from services.export_control import rules as export
    from services.export_control.reference import Prohibition
    from services.sanctions.jurisdictions import Jurisdictions
    from tests.export_control.test_rules import SNAPSHOT, T
    from tests.export_control.test_rules import event as export_event

    ref = export_reference.load()
    start = D("2027-01-15")
    new = Prohibition(
        id="BR-test",
        country="BR",
        severity="block",
        scope="all_technology",
        valid_from=start,
        legal_basis="a hypothetical act applying from 15 January 2027",
        text="any technology",
        verified=True,
    )
    ref = dataclasses.replace(
        ref,
        prohibitions=ref.prohibitions.model_copy(
            update={"prohibitions": (*ref.prohibitions.prohibitions, new)}
        ),
    )
    strict = Jurisdictions.strict()

    def decide(e: Any) -> Verdict:
        return export.decide(e, ref, SNAPSHOT, T, jurisdictions=strict)

    event = on_date(export_event(destination="BR", codes=[]), D("2026-12-02"))
    verdict = decide(event)
    assert signature(verdict)[0] == "cleared"
    until = valid_until(decide, event, verdict, extra=boundaries((*ref.data_sets, strict)))
    assert until == start
    assert signature(decide(on_date(event, start)))[0] == "red_flag"


def test_a_paper_planned_before_its_patent_filing_never_names_an_earlier_day() -> None:
    event = paper(
        "2026-03-11",
        "2026-03-01",
        notice="2026-01-01",
        invention_disclosures=[{"disclosure_id": "ID1", "patent_filed_on": "2026-03-10"}],
    )
    verdict = pub_decide(event)
    assert signature(verdict)[0] == "cleared"
    assert verdict.earliest_publication_date == D("2026-03-11")  # the day after filing
    earlier = on_date(event, D("2026-03-10"))
    assert signature(pub_decide(earlier))[0] == "red_flag"
