"""The models implement CONTRACT.md: round trips, strict rejections, committed JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schemas import (
    DataTransferRequestedEvent,
    Decision,
    DecisionMade,
    PartnerUpsertedEvent,
    PublicationReviewRequestedEvent,
    ReasonCode,
    ReviewRecordedEvent,
    TechnologyTransferRequestedEvent,
)
from schemas.common import CountryCode
from schemas.generate import expected_files
from schemas.topics import record_key

ENVELOPE = {
    "specversion": "1.0",
    "id": "01JD3Q8V6T9YJ4ZK3W6F5N2P7R",
    "source": "/crm/partners",
    "time": "2026-11-20T09:30:00Z",
    "datacontenttype": "application/json",
    "correlationid": "onboarding-4711",
}

SAMPLES: dict[type[Any], dict[str, Any]] = {
    PartnerUpsertedEvent: {
        **ENVELOPE,
        "type": "partner.upserted",
        "subject": "P-000123",
        "data": {
            "partner_id": "P-000123",
            "kind": "organization",
            "name": "Тестовая Компания ООО",
            "aliases": ["Testovaya Kompaniya OOO"],
            "country": "DE",
            "address": "Hauptstr. 1",
            "registration_number": "HRB 1",
            "owners": [
                {"name": "A Holding", "kind": "organization", "country": "CY", "share": 0.5}
            ],
            "representatives": [{"name": "Jane Doe", "kind": "person", "birth_date": "1970-01-31"}],
        },
    },
    TechnologyTransferRequestedEvent: {
        **ENVELOPE,
        "type": "technology.transfer.requested",
        "data": {
            "transfer_id": "T-1",
            "partner_id": "P-1",
            "technology": {
                "title": "t",
                "description": "d",
                "control_codes": ["5A002.a"],
                "classified": True,
            },
            "destination_country": "JP",
            "end_user": {"name": "U", "kind": "organization"},
            "end_use_statement": True,
            "military_end_use": None,
        },
    },
    DataTransferRequestedEvent: {
        **ENVELOPE,
        "type": "data.transfer.requested",
        "data": {
            "transfer_id": "D-1",
            "exporter": {"name": "E", "country": "DE", "role": "controller"},
            "importer": {"name": "I", "country": "US", "role": "processor", "dpf_certified": True},
            "data_categories": ["contact", "cv"],
            "special_categories": False,
            "mechanism": "scc",
            "scc_module": 2,
            "tia_completed": True,
        },
    },
    PublicationReviewRequestedEvent: {
        **ENVELOPE,
        "type": "publication.review.requested",
        "data": {
            "publication_id": "PUB-1",
            "title": "t",
            "abstract": "a",
            "authors": ["x"],
            "agreement": "desca",
            "notice_given_on": "2026-10-01",
            "planned_date": "2026-12-01",
            "objections": [
                {
                    "partner_id": "P-2",
                    "raised_on": "2026-10-05",
                    "grounds": "patent",
                    "resolved": False,
                }
            ],
            "invention_disclosures": [{"disclosure_id": "ID-1", "patent_filed_on": None}],
            "as_of": "2026-11-01",
        },
    },
    ReviewRecordedEvent: {
        **ENVELOPE,
        "type": "review.recorded",
        "data": {
            "partner_id": "P-1",
            "list": "us_ofac_sdn",
            "entry_id": "36",
            "verdict": "false_positive",
            "reviewer": "officer-7",
        },
    },
}


@pytest.mark.parametrize("model", list(SAMPLES), ids=lambda m: m.__name__)
def test_round_trip(model: type[Any]) -> None:
    raw = json.dumps(SAMPLES[model])
    event = model.model_validate_json(raw, strict=True)
    again = model.model_validate_json(event.model_dump_json(by_alias=True), strict=True)
    assert again == event


def test_review_keeps_the_contract_field_name_list() -> None:
    event = ReviewRecordedEvent.model_validate_json(json.dumps(SAMPLES[ReviewRecordedEvent]))
    assert json.loads(event.model_dump_json(by_alias=True))["data"]["list"] == "us_ofac_sdn"


def _mutate(model: type[Any], path: str, value: Any) -> dict[str, Any]:
    sample = json.loads(json.dumps(SAMPLES[model]))
    *parents, leaf = path.split(".")
    node = sample
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if value is _DELETE:
        del node[leaf]
    else:
        node[leaf] = value
    return sample


_DELETE = object()

REJECTIONS = [
    (PartnerUpsertedEvent, "data.country", "de", "data.country"),
    (PartnerUpsertedEvent, "data.country", "ZZ", "not an assigned ISO 3166-1"),
    (PartnerUpsertedEvent, "data.country", "DEU", "data.country"),
    (PartnerUpsertedEvent, "data.kind", "robot", "data.kind"),
    (PartnerUpsertedEvent, "data.owners.0.share", 1.5, "data.owners.0.share"),
    (PartnerUpsertedEvent, "data.representatives.0.birth_date", "31.01.1970", "birth_date"),
    (PartnerUpsertedEvent, "data.representatives.0.birth_date", 0, "birth_date"),
    (PartnerUpsertedEvent, "data.name", "", "data.name"),
    (PartnerUpsertedEvent, "specversion", "0.3", "specversion"),
    (PartnerUpsertedEvent, "time", "yesterday", "time"),
    (PartnerUpsertedEvent, "time", "2026-11-20T09:30:00", "timezone"),
    # persons only: a birth date on an organisation is an error, named (never a penalty)
    (
        PartnerUpsertedEvent,
        "data.birth_date",
        "1951-06-19",
        "birth_date is allowed for persons only",
    ),
    (PartnerUpsertedEvent, "data.owners.0.birth_date", "1951-06-19", "birth_date is allowed"),
    (PartnerUpsertedEvent, "data.region", "UA-43", "not a subdivision of country DE"),
    (PartnerUpsertedEvent, "data.region", "Crimea", "data.region"),
    (PartnerUpsertedEvent, "data.cooperation", ["donation"], "data.cooperation"),
    (PartnerUpsertedEvent, "data.identifiers", [{"scheme": "dna", "value": "1"}], "scheme"),
    (TechnologyTransferRequestedEvent, "data.technology.classified", "yes", "classified"),
    (TechnologyTransferRequestedEvent, "data.end_use_statement", _DELETE, "end_use_statement"),
    (DataTransferRequestedEvent, "data.mechanism", "contract", "mechanism"),
    (DataTransferRequestedEvent, "data.scc_module", 5, "scc_module"),
    (DataTransferRequestedEvent, "data.special_categories", _DELETE, "special_categories"),
    (PublicationReviewRequestedEvent, "data.agreement", "custom", "notice_days"),
    (PublicationReviewRequestedEvent, "data.planned_date", "2026-02-30", "planned_date"),
    (PublicationReviewRequestedEvent, "data.objections.0.grounds", "dislike", "grounds"),
    (ReviewRecordedEvent, "data.verdict", "maybe", "verdict"),
]


@pytest.mark.parametrize(
    ("model", "path", "value", "in_message"),
    REJECTIONS,
    ids=[f"{m.__name__}:{p}={v!r}" for m, p, v, _ in REJECTIONS],
)
def test_strict_rejections_are_readable(
    model: type[Any], path: str, value: Any, in_message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(json.dumps(_mutate(model, path, value)), strict=True)
    assert in_message in str(caught.value)


def test_an_ownership_chain_is_bounded() -> None:
    sample = _mutate(PartnerUpsertedEvent, "time", "2026-11-20T09:30:00Z")
    chain: dict[str, Any] = {"name": "Root Holding", "kind": "organization", "share": 1.0}
    for depth in range(6):
        chain = {"name": f"Level {depth}", "kind": "organization", "share": 1.0, "owners": [chain]}
    sample["data"]["owners"] = [chain]
    with pytest.raises(ValidationError, match="ownership chain deeper than 5 levels"):
        PartnerUpsertedEvent.model_validate_json(json.dumps(sample), strict=True)


def test_an_event_needs_an_evaluation_date() -> None:
    sample = _mutate(PartnerUpsertedEvent, "time", _DELETE)
    with pytest.raises(ValidationError, match="no evaluation date"):
        PartnerUpsertedEvent.model_validate_json(json.dumps(sample), strict=True)
    sample["data"]["as_of"] = "2026-01-02"
    event = PartnerUpsertedEvent.model_validate_json(json.dumps(sample), strict=True)
    assert event.evaluated_at().isoformat() == "2026-01-02T00:00:00+00:00"


def test_as_of_overrides_time() -> None:
    event = PublicationReviewRequestedEvent.model_validate_json(
        json.dumps(SAMPLES[PublicationReviewRequestedEvent]), strict=True
    )
    assert event.evaluated_at().date().isoformat() == "2026-11-01"


def _decision(**changes: Any) -> dict[str, Any]:
    base = {
        "decision_id": "d",
        "service": "gdpr",
        "subject_type": "data_transfer",
        "subject_id": "D-1",
        "source_event_id": "e",
        "source_event_type": "data.transfer.requested",
        "outcome": "needs_review",
        "licence_required": None,
        "earliest_publication_date": None,
        "evaluated_at": "2026-11-20T09:30:00Z",
        "rules_version": "r1",
        "reasons": [
            {
                "code": "TIA_MISSING",
                "severity": "review",
                "message": "m",
                "legal_basis": "Art. 46 GDPR",
                "evidence": {},
            }
        ],
    }
    return {**base, **changes}


def test_decision_round_trip() -> None:
    event = DecisionMade.model_validate(
        {**ENVELOPE, "type": "compliance.decision.made", "data": _decision()}
    )
    assert DecisionMade.model_validate_json(event.model_dump_json()) == event


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "cleared"}, "contradicts its reasons"),
        ({"outcome": "needs_review", "reasons": []}, "only for a cleared decision"),
        ({"service": "tax"}, "service"),
        (
            {
                "reasons": [
                    {"code": "NOPE", "severity": "review", "message": "m", "legal_basis": "x"}
                ]
            },
            "code",
        ),
        (
            {
                "reasons": [
                    {
                        "code": "TIA_MISSING",
                        "severity": "urgent",
                        "message": "m",
                        "legal_basis": "x",
                    }
                ]
            },
            "severity",
        ),
    ],
)
def test_decision_rejections(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Decision.model_validate(_decision(**changes))


def test_every_contract_reason_code_exists(shared_dir: Path) -> None:
    contract = (shared_dir / "CONTRACT.md").read_text()
    codes = re.findall(r"^\| `([A-Z_]+)` \|", contract, flags=re.MULTILINE)
    assert len(codes) >= 17
    assert set(codes) <= {c.value for c in ReasonCode}


def test_committed_json_schemas_match_the_models() -> None:
    for path, text in expected_files().items():
        assert path.exists(), f"{path.name} missing: run python -m schemas.generate"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} drifted from the models: run python -m schemas.generate"
        )
    committed = {p.name for p in next(iter(expected_files())).parent.glob("*.json")}
    assert committed == {p.name for p in expected_files()}, "stale schema files"


def test_record_keys_follow_the_topic_table() -> None:
    assert record_key(SAMPLES[PartnerUpsertedEvent]) == "P-000123"
    assert record_key(SAMPLES[TechnologyTransferRequestedEvent]) == "T-1"
    assert record_key(SAMPLES[DataTransferRequestedEvent]) == "D-1"
    assert record_key(SAMPLES[PublicationReviewRequestedEvent]) == "PUB-1"
    assert record_key(SAMPLES[ReviewRecordedEvent]) == "P-1/us_ofac_sdn/36"
    assert record_key({"type": "x"}) is None


_COUNTRY = TypeAdapter(CountryCode)
_ASSIGNED = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})


@given(st.sampled_from(_ASSIGNED))
def test_every_assigned_country_code_is_accepted(code: str) -> None:
    assert _COUNTRY.validate_python(code) == code


@given(st.text(max_size=4))
def test_anything_else_is_rejected(text: str) -> None:
    if text in _ASSIGNED:
        return
    with pytest.raises(ValidationError):
        _COUNTRY.validate_python(text)
