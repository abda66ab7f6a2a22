"""A green must be earned: names written to slip past the matcher, names that cannot be
screened, ownership from sanctioned countries and through chains, regimes by kind and
region, binding and foreign lists. Case tables, each with the legal source it rests on;
lists named as the real ones so their jurisdictions apply (list_jurisdictions.json)."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import PartnerUpsertedEvent
from schemas.decision import outcome_of
from services.sanctions.jurisdictions import load_jurisdictions
from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching.index import ListIndex
from services.sanctions.party import Thresholds
from services.sanctions.regimes import load_regimes
from services.sanctions.snapshot import Snapshot
from services.screening import rules

REGIMES = load_regimes()
JURISDICTIONS = load_jurisdictions()
T = Thresholds()


def _list(name: str, *entries: ListEntry) -> SanctionsList:
    return SanctionsList(name, "ftm", "v1", entries)


def _entry(source: str, ident: str, kind: str, name: str, **kw: Any) -> ListEntry:
    return ListEntry(source, ident, kind, (ListName(name, "primary"),), **kw)  # type: ignore[arg-type]


LISTS = [
    _list(
        "eu_fsf",
        _entry("eu_fsf", "EU-1", "organization", "Rosoboronexport", countries=("RU",)),
        _entry("eu_fsf", "EU-2", "person", "Ivan Ivanovich Petrov", countries=("RU",)),
    ),
    _list(
        "us_ofac_sdn",
        _entry(
            "us_ofac_sdn",
            "306",
            "organization",
            "BANCO NACIONAL DE CUBA",
            programmes=("CUBA",),
            identity="ofac:306",
        ),
        _entry(
            "us_ofac_sdn",
            "777",
            "organization",
            "Zenit Holding Group",
            programmes=("RUSSIA-EO14024",),
            identity="ofac:777",
            identifiers=("Registration ID 1027739609391",),
        ),
        _entry("us_ofac_sdn", "888", "person", "Olga Smirnova", programmes=("RUSSIA-EO14024",)),
    ),
    _list(
        "us_csl",
        _entry(
            "us_csl/SDN",
            "306",
            "organization",
            "BANCO NACIONAL DE CUBA",
            programmes=("CUBA",),
            identity="ofac:306",
        ),
    ),
    _list("uk_sanctions", _entry("uk_sanctions", "UK-1", "person", "Sergei Orlov")),
]
SNAPSHOT = Snapshot(ListIndex(LISTS))


def event(name: str = "Clean Partner GmbH", country: str | None = "DE", **data: Any) -> Any:
    return PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "partner.upserted",
            "time": "2026-11-20T09:00:00Z",
            "data": {
                "partner_id": "P1",
                "kind": data.pop("kind", "organization"),
                "name": name,
                "country": country,
                **data,
            },
        }
    )


def owner(name: str, share: float | None, country: str | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kw.pop("kind", "organization"),
        **({"share": share} if share is not None else {}),
        **({"country": country} if country else {}),
        **kw,
    }


C, R, B = "cleared", "needs_review", "red_flag"
BANCO = "Banco Nacional de Cuba"
RU_5L = "Regulation 833/2014 Art. 5l(1)(b), as replaced by Regulation (EU) 2024/1745"
IR_1O = "Regulation 267/2012 Art. 1(o)(iv)"
KP_17 = "Regulation 2017/1509 Art. 17(1)(f) and 17(2)"
BP_2024 = "EU Best Practices (update of 3 July 2024): 50 % or more, added together"
OFAC_50 = "OFAC 50 Percent Rule (13 August 2014): 50 % or more, in the aggregate"
OFSI = "OFSI general guidance (2022): more than 50 %, not simply added together"
STATUTE = "Regulation 2271/96 Art. 5 and Annex (Delegated Regulation 2018/1100)"
R692 = "Regulation 692/2014 Arts 2-2d (Crimea and Sevastopol)"
R263 = "Regulation 2022/263 Arts 2-6 as amended by 2022/1903 (occupied oblasts)"

CASES: list[tuple[str, Any, str, list[str], str]] = [
    # --- evasive spellings of a name listed only on US lists: amber, never green
    ("plain", event(BANCO), R, ["FOREIGN_LIST_MATCH"], STATUTE),
    ("zero-width space", event("Ban\u200bco Nacional de Cuba"), R, ["FOREIGN_LIST_MATCH"], STATUTE),
    (
        "soft hyphens",
        event("Ban\u00adco Naci\u00adonal de Cu\u00adba"),
        R,
        ["FOREIGN_LIST_MATCH"],
        STATUTE,
    ),
    (
        "Cyrillic look-alikes",
        event("Ban\u0441o Na\u0441ional de \u0421uba"),
        R,
        ["FOREIGN_LIST_MATCH"],
        STATUTE,
    ),
    ("words run together", event("BancoNacionaldeCuba"), R, ["FOREIGN_LIST_MATCH"], STATUTE),
    ("words split", event("Ban co Nacio nal de Cuba"), R, ["FOREIGN_LIST_MATCH"], STATUTE),
    (
        "whole-script look-alikes",
        event("\u0412\u0410N\u0421\u041e NACIONAL DE CUBA"),
        R,
        ["FOREIGN_LIST_MATCH"],
        STATUTE,
    ),
    # --- binding lists block, with every evasion
    (
        "EU-listed",
        event("Rosoboronexport", "DE"),
        B,
        ["SANCTIONS_MATCH"],
        "Regulation 269/2014 via the EU list",
    ),
    (
        "EU-listed, Cyrillic o",
        event("Rosob\u043eronexp\u043ert", "DE"),
        B,
        ["SANCTIONS_MATCH"],
        "EU list",
    ),
    (
        "EU-listed, braille blank",
        event("Roso\u2800boronexport", "DE"),
        B,
        ["SANCTIONS_MATCH"],
        "EU list",
    ),
    # --- nothing to compare is never cleared
    ("dots only", event("..."), R, ["NAME_NOT_SCREENABLE"], "fail closed"),
    ("an emoji", event("\U0001f3e6"), R, ["NAME_NOT_SCREENABLE"], "fail closed"),
    ("a lone zero-width space", event("\u200b"), R, ["NAME_NOT_SCREENABLE"], "fail closed"),
    (
        "an owner named with invisible characters only",
        event(owners=[owner("\u200b\u200c", 0.6)]),
        R,
        ["NAME_NOT_SCREENABLE"],
        "fail closed",
    ),
    # --- binding and foreign lists for the same party: one reason naming both copies
    ("SDN and its CSL copy: one reason", event(BANCO), R, ["FOREIGN_LIST_MATCH"], STATUTE),
    # --- listed owners, per jurisdiction's test
    (
        "EU-listed owner 50 %",
        event(owners=[owner("Rosoboronexport", 0.5)]),
        B,
        ["OWNER_SANCTIONED"],
        BP_2024,
    ),
    (
        "EU-listed owner 40 %",
        event(owners=[owner("Rosoboronexport", 0.4)]),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
        BP_2024,
    ),
    (
        "EU-listed owners 30 % + 25 % (added together)",
        event(
            owners=[
                owner("Rosoboronexport", 0.3),
                owner("Ivan Ivanovich Petrov", 0.25, kind="person"),
            ]
        ),
        B,
        ["OWNER_SANCTIONED", "OWNER_SANCTIONED"],
        BP_2024,
    ),
    (
        "EU-listed owner 60 % of a 60 % owner (indirect)",
        event(
            owners=[owner("Alpha Holding BV", 0.6, "NL", owners=[owner("Rosoboronexport", 0.6)])]
        ),
        B,
        ["OWNER_SANCTIONED"],
        BP_2024,
    ),
    (
        "EU-listed owner of unknown share of a 60 % owner",
        event(
            owners=[owner("Alpha Holding BV", 0.6, "NL", owners=[owner("Rosoboronexport", None)])]
        ),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
        BP_2024,
    ),
    (
        "US-listed owners 25 % + 25 % (OFAC adds them): foreign",
        event(
            owners=[
                owner("Zenit Holding Group", 0.25),
                owner("Olga Smirnova", 0.25, kind="person"),
            ]
        ),
        R,
        ["FOREIGN_LIST_MATCH", "FOREIGN_LIST_MATCH"],
        OFAC_50,
    ),
    (
        "UK-listed owner exactly 50 %: not more than 50 %",
        event(owners=[owner("Sergei Orlov", 0.5, kind="person")]),
        R,
        ["POSSIBLE_SANCTIONS_MATCH"],
        OFSI,
    ),
    # --- owners from countries whose measures reach ownership
    (
        "Cyprus company 100 % owned by an unlisted Russian company",
        event("Limassol Photonics Ltd", "CY", owners=[owner("Sibirskaya Optika OOO", 1.0, "RU")]),
        R,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "the same, with EU or national programme funding",
        event(
            "Limassol Photonics Ltd",
            "CY",
            owners=[owner("Sibirskaya Optika OOO", 1.0, "RU")],
            cooperation=["research", "public_funding"],
        ),
        B,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "the same, research without funding",
        event(
            "Limassol Photonics Ltd",
            "CY",
            owners=[owner("Sibirskaya Optika OOO", 1.0, "RU")],
            cooperation=["research"],
        ),
        R,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "Russian company 60 % through a Dutch holding (indirect)",
        event(
            "Limassol Photonics Ltd",
            "CY",
            owners=[owner("Alpha Holding BV", 0.8, "NL", owners=[owner("Optika AO", 0.6, "RU")])],
            cooperation=["public_funding"],
        ),
        B,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "Russian company exactly 50 %: not more than 50 %",
        event(
            "Limassol Photonics Ltd",
            "CY",
            owners=[owner("Optika AO", 0.5, "RU")],
            cooperation=["public_funding"],
        ),
        C,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "Russian company of unknown share",
        event("Limassol Photonics Ltd", "CY", owners=[owner("Optika AO", None, "RU")]),
        R,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        RU_5L,
    ),
    (
        "Russian national holding 100 %: Art. 5l counts entities",
        event(
            "Limassol Photonics Ltd", "CY", owners=[owner("Ivan Sidorov", 1.0, "RU", kind="person")]
        ),
        C,
        [],
        RU_5L,
    ),
    (
        "UAE company 90 % owned by an Iranian company",
        event("Gulf Materials FZE", "AE", owners=[owner("Pars Polymer Co", 0.9, "IR")]),
        R,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        IR_1O,
    ),
    (
        "Chinese company 60 % owned by a North Korean company",
        event(
            "Dandong Trading Co", "CN", owners=[owner("Korea Ryongbong General Corp", 0.6, "KP")]
        ),
        B,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        KP_17,
    ),
    (
        "Chinese company 10 % owned by a North Korean company",
        event(
            "Dandong Trading Co", "CN", owners=[owner("Korea Ryongbong General Corp", 0.1, "KP")]
        ),
        R,
        ["OWNED_FROM_SANCTIONED_COUNTRY"],
        KP_17,
    ),
    # --- regimes by kind
    (
        "seated in Turkey: listings only",
        event(country="TR"),
        C,
        ["COUNTRY_LISTINGS_ONLY"],
        "Regulation 2019/1890",
    ),
    (
        "seated in Moldova: listings only",
        event(country="MD"),
        C,
        ["COUNTRY_LISTINGS_ONLY"],
        "Regulation 2023/888",
    ),
    (
        "seated in Nicaragua: listings only",
        event(country="NI"),
        C,
        ["COUNTRY_LISTINGS_ONLY"],
        "Regulation 2019/1716",
    ),
    (
        "seated in Venezuela: sectoral",
        event(country="VE"),
        R,
        ["EMBARGOED_COUNTRY"],
        "Regulation 2017/2063",
    ),
    ("seated in Russia", event(country="RU"), B, ["EMBARGOED_COUNTRY"], "Regulation 833/2014"),
    # --- regions
    ("Kyiv", event(country="UA", address="vul. Khreshchatyk 1, Kyiv"), C, [], R692),
    ("Kyiv in Cyrillic", event(country="UA", address="вул. Хрещатик 1, Київ"), C, [], R692),
    ("Ukraine, region unknown", event(country="UA"), R, ["REGION_UNCONFIRMED"], R692),
    (
        "Simferopol, cooperation unknown",
        event(country="UA", address="Simferopol, Crimea"),
        R,
        ["RESTRICTED_REGION"],
        R692,
    ),
    (
        "Simferopol, joint venture",
        event(country="UA", address="Симферополь", cooperation=["joint_venture"]),
        B,
        ["RESTRICTED_REGION"],
        R692,
    ),
    (
        "region code of Sevastopol",
        event(country="UA", region="UA-40", cooperation=["research"]),
        R,
        ["RESTRICTED_REGION"],
        R692,
    ),
    (
        "Zaporizhzhia oblast, investment: only partly occupied",
        event(country="UA", region="UA-23", cooperation=["investment"]),
        R,
        ["RESTRICTED_REGION"],
        R263,
    ),
    (
        "Melitopol, investment",
        event(country="UA", address="Melitopol, Zaporizhzhia oblast", cooperation=["investment"]),
        B,
        ["RESTRICTED_REGION"],
        R263,
    ),
    ("region code of Kyiv", event(country="UA", region="UA-30"), C, [], R692),
]


@pytest.mark.parametrize(
    ("name", "ev", "outcome", "codes", "source"), CASES, ids=[c[0] for c in CASES]
)
def test_case(name: str, ev: Any, outcome: str, codes: list[str], source: str) -> None:
    verdict = rules.decide(ev, SNAPSHOT, REGIMES, T, jurisdictions=JURISDICTIONS)
    assert [r.code.value for r in verdict.reasons] == codes, [r.message for r in verdict.reasons]
    assert outcome_of(verdict.reasons).value == outcome
    for reason in verdict.reasons:
        assert reason.message and reason.legal_basis and "<" not in reason.message


def decide(ev: Any) -> Any:
    return rules.decide(ev, SNAPSHOT, REGIMES, T, jurisdictions=JURISDICTIONS)


def test_one_reason_names_both_copies_of_one_listed_party() -> None:
    (reason,) = decide(event(BANCO)).reasons
    assert reason.evidence["lists"] == ["us_csl", "us_ofac_sdn"]
    assert {f["entry_id"] for f in reason.evidence["found_on"]} == {"306"}


def test_the_blocking_statute_is_named_for_a_cuba_listing_only() -> None:
    (cuba,) = decide(event(BANCO)).reasons
    assert cuba.evidence["blocking_statute"] is True
    assert "Blocking Statute" in cuba.message and "2271/96" in cuba.legal_basis
    (russia,) = decide(event("Zenit Holding Group")).reasons
    assert russia.evidence["blocking_statute"] is False and "Blocking" not in russia.message


def test_evasive_spelling_is_itself_evidence() -> None:
    (reason,) = decide(event("Ban\u0441o Na\u200bcional de Cuba")).reasons
    written = reason.evidence["name_as_written"]
    assert any("invisible" in w for w in written) and any("scripts" in w for w in written)
    assert "evasive_spelling" in [f["feature"] for f in reason.evidence["features"]]


def test_when_us_lists_bind_the_same_match_blocks() -> None:
    us = load_jurisdictions(binding=["EU", "UN", "US"])
    verdict = rules.decide(event(BANCO), SNAPSHOT, REGIMES, T, jurisdictions=us)
    assert [r.code.value for r in verdict.reasons] == ["SANCTIONS_MATCH"]
    assert "binding=EU+UN+US" in verdict.rules_version


def test_a_list_of_unknown_jurisdiction_binds() -> None:
    odd = Snapshot(
        ListIndex([_list("ftm_local", _entry("ftm_local", "X", "organization", "Omega Labs"))])
    )
    verdict = rules.decide(event("Omega Labs"), odd, REGIMES, T, jurisdictions=JURISDICTIONS)
    assert [r.code.value for r in verdict.reasons] == ["SANCTIONS_MATCH"]


def test_identifiers_are_evidence_both_ways() -> None:
    same = decide(event("Zenit Holding", registration_number="1027739609391")).reasons[0]
    other = decide(event("Zenit Holding", registration_number="1027700000000")).reasons
    assert "identifier_match" in [f["feature"] for f in same.evidence["features"]]
    assert all(r.evidence.get("score", 0) < same.evidence["score"] for r in other)


def test_an_exact_listed_name_is_never_below_the_review_threshold() -> None:
    """Penalties that add up (a birth year, a country and a passport that differ) may lower an
    exact listed name to the review threshold, never below it."""
    listed = Snapshot(
        ListIndex(
            [
                _list(
                    "un_sc",
                    _entry(
                        "un_sc",
                        "QDi.006",
                        "person",
                        "Ayman al Zawahiri",
                        countries=("EG",),
                        birth_dates=("1951-06-19",),
                        identifiers=("Passport 1084010",),
                    ),
                )
            ]
        )
    )
    ev = event(
        "Ayman al Zawahiri",
        "DE",
        kind="person",
        birth_date="1990-01-01",
        identifiers=[{"scheme": "passport", "value": "C01X00T47"}],
    )
    (reason,) = rules.decide(ev, listed, REGIMES, T, jurisdictions=JURISDICTIONS).reasons
    assert reason.code.value == "POSSIBLE_SANCTIONS_MATCH" and reason.evidence["score"] == T.review
    assert "exact_listed_name" in [f["feature"] for f in reason.evidence["features"]]


def test_region_evidence_says_how_it_was_found() -> None:
    (reason,) = decide(event(country="UA", address="Simferopol")).reasons
    assert reason.evidence["how"] == "address names 'simferopol'" and reason.evidence["certain"]


def test_korea_development_bank_is_not_red_against_the_real_lists(real_snapshot: Snapshot) -> None:
    """A South Korean state bank against the DPRK's Korea United Development Bank: an extra
    distinctive word and a conflicting country must not add up to a block."""
    verdict = rules.decide(
        event("Korea Development Bank", "KR"),
        real_snapshot,
        REGIMES,
        T,
        jurisdictions=JURISDICTIONS,
    )
    assert outcome_of(verdict.reasons).value != "red_flag"
    assert all(r.evidence.get("score", 0) < T.match for r in verdict.reasons)
