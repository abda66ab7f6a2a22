"""The screening decision as a case table, on a small hand-built list (plain pytest)."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import PartnerUpsertedEvent
from schemas.decision import outcome_of
from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching.index import ListIndex
from services.sanctions.snapshot import Snapshot
from services.screening import reference, rules

REGIMES = reference.load_regimes()
LIST = SanctionsList(
    "test_list",
    "ftm",
    "v1",
    (
        ListEntry(
            "test_list",
            "E1",
            "organization",
            (ListName("Rosoboronexport", "primary"),),
            ("RU",),
            programmes=("RUSSIA-EO14024",),
        ),
        ListEntry(
            "test_list",
            "E2",
            "person",
            (ListName("Ivan Ivanovich Petrov", "primary"),),
            ("RU",),
            birth_dates=("1961",),
        ),
        ListEntry("test_list", "E3", "person", (ListName("Olga Smirnova", "primary"),)),
        ListEntry("test_list", "E4", "organization", (ListName("Zenit Holding Group", "primary"),)),
    ),
)
SNAPSHOT = Snapshot(ListIndex([LIST]))
T = rules.Thresholds()


def event(
    name: str = "Clean Partner GmbH",
    kind: str = "organization",
    country: str | None = "DE",
    **data: Any,
) -> PartnerUpsertedEvent:
    return PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "partner.upserted",
            "time": "2026-11-20T09:00:00Z",
            "data": {"partner_id": "P1", "kind": kind, "name": name, "country": country, **data},
        }
    )


def owner(name: str, share: float | None, kind: str = "person") -> dict[str, Any]:
    return {"name": name, "kind": kind, **({"share": share} if share is not None else {})}


C, R, B = "cleared", "needs_review", "red_flag"
CASES = [
    ("clean partner", event(), C, []),
    ("partner listed", event("Rosoboronexport", country="DE"), B, ["SANCTIONS_MATCH"]),
    (
        "partner listed under an alias given",
        event("Other Name", aliases=["ROSOBORONEXPORT"], country="DE"),
        B,
        ["SANCTIONS_MATCH"],
    ),
    (
        "partner resembles a listing",
        event("Zenit Holding", country="DE"),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
    ),
    (
        "representative listed",
        event(representatives=[owner("Olga Smirnova", None)]),
        B,
        ["SANCTIONS_MATCH"],
    ),
    (
        "owner 60 % listed",
        event(owners=[owner("Ivan Ivanovich Petrov", 0.6)]),
        B,
        ["OWNER_SANCTIONED"],
    ),
    (
        "owner exactly 50 %",
        event(owners=[owner("Ivan Ivanovich Petrov", 0.5)]),
        B,
        ["OWNER_SANCTIONED"],
    ),
    (
        "two listed owners together 55 %",
        event(owners=[owner("Ivan Ivanovich Petrov", 0.3), owner("Olga Smirnova", 0.25)]),
        B,
        ["OWNER_SANCTIONED", "OWNER_SANCTIONED"],
    ),
    (
        "listed minority owner",
        event(owners=[owner("Olga Smirnova", 0.2)]),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
    ),
    (
        "listed owner of unknown share",
        event(owners=[owner("Olga Smirnova", None)]),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
    ),
    ("clean owner with majority", event(owners=[owner("Hans Meier", 0.9)]), C, []),
    ("seated in Russia", event(country="RU"), B, ["EMBARGOED_COUNTRY"]),
    ("seated in Belarus", event(country="BY"), B, ["EMBARGOED_COUNTRY"]),
    ("seated in North Korea", event(country="KP"), B, ["EMBARGOED_COUNTRY"]),
    ("seated in Iran", event(country="IR"), R, ["EMBARGOED_COUNTRY"]),
    ("seated in Syria", event(country="SY"), R, ["EMBARGOED_COUNTRY"]),
    ("seated in the US", event(country="US"), C, []),
    ("seated in China", event(country="CN"), C, []),
    (
        "listed and seated in Russia",
        event("Rosoboronexport", country="RU"),
        B,
        ["SANCTIONS_MATCH", "EMBARGOED_COUNTRY"],
    ),
]


@pytest.mark.parametrize(("name", "ev", "outcome", "codes"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, ev: PartnerUpsertedEvent, outcome: str, codes: list[str]) -> None:
    verdict = rules.decide(ev, SNAPSHOT, REGIMES, T)
    assert [r.code.value for r in verdict.reasons] == codes
    assert outcome_of(verdict.reasons).value == outcome
    assert verdict.lists_version == {"test_list": "v1"}
    for reason in verdict.reasons:
        assert reason.message and reason.legal_basis and "<" not in reason.message


def test_match_evidence_has_what_the_contract_requires() -> None:
    (reason,) = rules.decide(
        event(representatives=[owner("Olga Smirnova", None)]), SNAPSHOT, REGIMES, T
    ).reasons
    for key in ("party", "query_name", "list", "entry_id", "matched_name", "score"):
        assert key in reason.evidence
    assert reason.evidence["party"] == "representative[0]" and reason.evidence["entry_id"] == "E3"


def test_owner_evidence_names_the_shares() -> None:
    reasons = rules.decide(
        event(owners=[owner("Ivan Ivanovich Petrov", 0.3), owner("Olga Smirnova", 0.25)]),
        SNAPSHOT,
        REGIMES,
        T,
    ).reasons
    assert {r.evidence["listed_share"] for r in reasons} == {0.55}
    assert "55 %" in reasons[0].message


@pytest.mark.parametrize("name", ["Clean Partner GmbH", "Rosoboronexport"])
def test_without_lists_it_never_clears(name: str) -> None:
    verdict = rules.decide(event(name, country="DE"), Snapshot(None, ("us_ofac_sdn",)), REGIMES, T)
    assert [r.code.value for r in verdict.reasons] == ["LISTS_UNAVAILABLE"]
    assert outcome_of(verdict.reasons).value == "needs_review"
    assert verdict.lists_version == {}


def test_a_failed_source_is_reported_beside_the_matches_of_the_others() -> None:
    partial = Snapshot(ListIndex([LIST]), ("un_sc",))
    verdict = rules.decide(event("Rosoboronexport", country="DE"), partial, REGIMES, T)
    assert [r.code.value for r in verdict.reasons] == ["LISTS_UNAVAILABLE", "SANCTIONS_MATCH"]
    assert "un_sc" in verdict.reasons[0].message


def test_embargo_reason_cites_the_legal_acts() -> None:
    (reason,) = rules.decide(event(country="RU"), SNAPSHOT, REGIMES, T).reasons
    assert "833/2014" in reason.legal_basis and "833/2014" in reason.message
