"""Reference data that knows its age: every data set dated, cited and versioned; a decision
never green on data past its review-by date or outside a validity window; the status command,
the /reference route and the metric that watch it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner

from schemas import (
    DataTransferRequestedEvent,
    PartnerUpsertedEvent,
    PublicationReviewRequestedEvent,
    TechnologyTransferRequestedEvent,
)
from schemas.decision import Outcome, outcome_of
from services import registry
from services.cli import app
from services.common.reference_data import DataSet, Validity, status_report, unique
from services.common.runtime import build_app
from services.common.settings import RuntimeSettings
from services.export_control import reference as export_reference
from services.export_control import rules as export_rules
from services.gdpr import reference as gdpr_reference
from services.gdpr import rules as gdpr_rules
from services.publication import reference as publication_reference
from services.publication import rules as publication_rules
from services.sanctions.jurisdictions import load_jurisdictions
from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching.index import ListIndex
from services.sanctions.party import Thresholds
from services.sanctions.regimes import load_regimes
from services.sanctions.snapshot import Snapshot
from services.screening import rules as screening_rules
from tests.fakes import FakeWriter, toy_service

ALL = unique(
    d
    for name in registry.names()
    for d in registry.get(name).reference_data(registry.get(name).settings())
)


def test_every_data_set_is_named_cited_dated_and_versioned() -> None:
    names = {d.data_set for d in ALL}
    assert names >= {
        "gdpr/transfer_reference",
        "publication/agreements",
        "sanctions/eu_regimes",
        "sanctions/list_jurisdictions",
        "export_control/annex_i",
        "export_control/annex_iv",
        "export_control/authorisations",
        "export_control/prohibitions",
        "export_control/german_export_list",
        "export_control/embargoes",
    }
    for d in ALL:
        assert d.version and d.sources, d.data_set
        assert all(s.act for s in d.sources), d.data_set
        assert d.checked_on <= d.review_by, d.data_set
        assert d.review_by - d.checked_on <= timedelta(days=400), "checked at least once a year"


def test_the_shipped_data_is_not_past_due_on_the_day_it_was_checked() -> None:
    report = status_report(ALL, date(2026, 12, 2))
    assert report["due"] == []


# --- the property: move the evaluation date across every boundary ---------------------------


def _windows(model: Any) -> Iterator[Validity]:
    """Every dated thing in a data set: the set itself and each entry with a validity."""
    if isinstance(model, Validity):
        yield model
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _windows(getattr(model, name))
    elif isinstance(model, tuple | list):
        for item in model:
            yield from _windows(item)
    elif isinstance(model, dict):
        for item in model.values():
            yield from _windows(item)


def _boundaries(*data_sets: DataSet) -> list[date]:
    days: set[date] = set()
    for d in data_sets:
        days |= {d.review_by, d.review_by + timedelta(days=1)}
        for w in _windows(d):
            if w.valid_from is not None:
                days |= {w.valid_from - timedelta(days=1), w.valid_from}
            if w.valid_until is not None:
                days |= {w.valid_until, w.valid_until + timedelta(days=1)}
    return sorted(x for x in days if date(2000, 1, 2) <= x <= date(2040, 12, 30))


GDPR = gdpr_reference.load()
PUBLICATION = publication_reference.load().confirm({"horizon_europe": "t", "desca": "t"})
EXPORT = export_reference.load()
REGIMES, JURIS = load_regimes(), load_jurisdictions()


def _at(day: date) -> str:
    return f"{day.isoformat()}T12:00:00Z"


def _gdpr(day: date, country: str, mechanism: str, org: str | None) -> DataTransferRequestedEvent:
    importer: dict[str, Any] = {"name": "P", "country": country, "role": "processor"}
    if org:
        importer["international_organisation"] = org
    return DataTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "data.transfer.requested",
            "time": _at(day),
            "data": {
                "transfer_id": "T",
                "exporter": {"name": "E", "country": "DE", "role": "controller"},
                "importer": importer,
                "data_categories": ["contact"],
                "special_categories": False,
                "mechanism": mechanism,
                "scc_module": 2 if mechanism == "scc" else None,
                "tia_completed": True if mechanism == "scc" else None,
            },
        }
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_boundaries(GDPR)),
    st.sampled_from(["GB", "BR", "KR", "CH", "JP", "US", "DE", "IN"]),
    st.sampled_from(["adequacy", "none", "scc"]),
    st.sampled_from([None, "EPO"]),
)
def test_gdpr_is_never_green_outside_a_window(
    day: date, country: str, mechanism: str, org: str | None
) -> None:
    verdict = gdpr_rules.decide(_gdpr(day, country, mechanism, org), GDPR)
    green = outcome_of(verdict.reasons) is Outcome.CLEARED
    if GDPR.due(day):
        assert not green and "REFERENCE_STALE" in {r.code.value for r in verdict.reasons}
    for r in verdict.reasons:
        if r.code.value == "TRANSFER_MECHANISM_OK" and "window" in r.evidence:
            adequacy = next(a for a in GDPR.adequacy if a.decision == r.evidence["decision"])
            assert adequacy.valid_on(day), (day, adequacy.decision)


def _publication(day: date, agreement: str) -> PublicationReviewRequestedEvent:
    data: dict[str, Any] = {
        "publication_id": "P",
        "title": "t",
        "abstract": "a",
        "authors": ["A"],
        "agreement": agreement,
        "notice_given_on": (day - timedelta(days=100)).isoformat(),
        "planned_date": day.isoformat(),
        "objections": [],
        "invention_disclosures": [],
    }
    if agreement == "custom":
        data |= {"notice_days": 10, "objection_days": 10}
    return PublicationReviewRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "publication.review.requested",
            "time": _at(day),
            "data": data,
        }
    )


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_boundaries(PUBLICATION)),
    st.sampled_from(["horizon_europe", "desca", "custom"]),
)
def test_publication_is_never_green_outside_a_window(day: date, agreement: str) -> None:
    verdict = publication_rules.decide(_publication(day, agreement), PUBLICATION)
    green = outcome_of(verdict.reasons) is Outcome.CLEARED
    terms = PUBLICATION.agreements[agreement]  # type: ignore[index]
    if PUBLICATION.due(day) or not terms.valid_on(day):
        assert not green, (day, agreement, [r.code.value for r in verdict.reasons])


def _technology(day: date, code: str, destination: str) -> TechnologyTransferRequestedEvent:
    return TechnologyTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "technology.transfer.requested",
            "time": _at(day),
            "data": {
                "transfer_id": "T",
                "partner_id": "P",
                "technology": {
                    "title": "t",
                    "description": "d",
                    "classified": True,
                    "control_codes": [code],
                },
                "destination_country": destination,
                "end_user": {
                    "name": "Clean Partner GmbH",
                    "kind": "organization",
                    "country": destination,
                },
                "end_use": "civil research",
                "end_use_statement": True,
                "military_end_use": False,
                "wmd_concern": False,
                "cyber_surveillance": False,
                "human_rights_concern": False,
            },
        }
    )


EMPTY = Snapshot(
    ListIndex(
        [
            SanctionsList(
                "eu_fsf",
                "ftm",
                "v1",
                (
                    ListEntry(
                        "eu_fsf", "1", "organization", (ListName("Nobody Listed Here", "primary"),)
                    ),
                ),
            )
        ]
    )
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_boundaries(*EXPORT.data_sets, JURIS)),
    st.sampled_from(["EAR99", "5A002", "3A001.a.1", "1C450.a.1", "9A012"]),
    st.sampled_from(["US", "FR", "JP", "CN"]),
)
def test_export_control_is_never_green_outside_a_window(
    day: date, code: str, destination: str
) -> None:
    verdict = export_rules.decide(
        _technology(day, code, destination), EXPORT, EMPTY, Thresholds(), jurisdictions=JURIS
    )
    green = outcome_of(verdict.reasons) is Outcome.CLEARED
    outside = any(d.due(day) or not d.valid_on(day) for d in (*EXPORT.data_sets, JURIS))
    if outside or EXPORT.annex.on(day) is None:
        assert not green, (day, code, destination, [r.code.value for r in verdict.reasons])


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_boundaries(REGIMES, JURIS)), st.sampled_from(["DE", "FR", "JP"]))
def test_screening_is_never_green_outside_a_window(day: date, country: str) -> None:
    event = PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "partner.upserted",
            "time": _at(day),
            "data": {
                "partner_id": "P",
                "kind": "organization",
                "name": "Clean Partner GmbH",
                "country": country,
            },
        }
    )
    verdict = screening_rules.decide(event, EMPTY, REGIMES, Thresholds(), jurisdictions=JURIS)
    if REGIMES.due(day) or JURIS.due(day):
        assert outcome_of(verdict.reasons) is not Outcome.CLEARED
        assert "REFERENCE_STALE" in {r.code.value for r in verdict.reasons}
    else:
        assert outcome_of(verdict.reasons) is Outcome.CLEARED


def test_a_stale_reason_names_the_data_set_and_its_dates() -> None:
    day = GDPR.review_by + timedelta(days=1)
    verdict = gdpr_rules.decide(_gdpr(day, "CH", "adequacy", None), GDPR)
    (stale,) = [r for r in verdict.reasons if r.code.value == "REFERENCE_STALE"]
    assert "gdpr/transfer_reference" in stale.message
    assert GDPR.review_by.isoformat() in stale.message
    assert stale.evidence["version"] == GDPR.version


def test_decisions_name_the_versions_of_the_data_sets_they_read() -> None:
    verdict = export_rules.decide(
        _technology(date(2026, 11, 20), "5A002", "US"),
        EXPORT,
        EMPTY,
        Thresholds(),
        jurisdictions=JURIS,
    )
    assert verdict.reference_versions == {d.data_set: d.version for d in (*EXPORT.data_sets, JURIS)}


# --- the status command, the route, the metric ---------------------------------------------


def test_status_command_lists_every_data_set_and_exits_zero_when_none_is_due() -> None:
    result = CliRunner().invoke(app, ["reference", "status", "--today", "2026-12-02", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {r["data_set"] for r in report["data_sets"]} == {d.data_set for d in ALL}
    row = next(r for r in report["data_sets"] if r["data_set"] == "gdpr/transfer_reference")
    assert row["sources"] and row["review_by"] == GDPR.review_by.isoformat()


def test_status_command_exits_non_zero_when_a_data_set_is_past_due() -> None:
    result = CliRunner().invoke(app, ["reference", "status", "--today", "2027-04-01"])
    assert result.exit_code == 1
    assert "PAST DUE" in result.stdout
    assert "REFERENCE_STALE" in result.stderr


def test_status_command_for_one_service() -> None:
    result = CliRunner().invoke(
        app, ["reference", "status", "--service", "gdpr", "--today", "2026-12-02", "--json"]
    )
    assert result.exit_code == 0
    assert [r["data_set"] for r in json.loads(result.stdout)["data_sets"]] == [
        "gdpr/transfer_reference"
    ]


async def test_reference_route_and_metric_are_served() -> None:
    service = replace(toy_service(), reference=(GDPR,))
    service_app = build_app(
        service, RuntimeSettings(input_topic="in", group_id="g"), writer=FakeWriter()
    )
    transport = httpx.ASGITransport(app=service_app.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        body = (await client.get("/reference")).json()
        metrics = (await client.get("/metrics")).text
    (row,) = body["data_sets"]
    assert row["data_set"] == "gdpr/transfer_reference" and row["version"] == GDPR.version
    assert "clearway_reference_review_by_timestamp_seconds" in metrics
    assert 'data_set="gdpr/transfer_reference"' in metrics


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "day", "expected"),
    [
        (None, None, date(2000, 1, 1), True),
        (date(2026, 1, 28), None, date(2026, 1, 27), False),
        (date(2026, 1, 28), None, date(2026, 1, 28), True),
        (None, date(2031, 12, 27), date(2031, 12, 27), True),
        (None, date(2031, 12, 27), date(2031, 12, 28), False),
    ],
)
def test_validity_is_inclusive_at_both_ends(
    valid_from: date | None, valid_until: date | None, day: date, expected: bool
) -> None:
    assert Validity(valid_from=valid_from, valid_until=valid_until).valid_on(day) is expected
