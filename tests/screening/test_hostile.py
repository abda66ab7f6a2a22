"""Hostile input against the real lists: each way found to turn a listed or restricted
partner green (an independent review, December 2026), as a case table with the entry or the
legal act it rests on. None may come out green; where the law blocks, red.

Entries: UN IRe.034 KAVEH CUTTING TOOLS COMPANY, UN IRe.006 ATOMIC ENERGY ORGANISATION OF
IRAN, UN KPe.003 TANCHON COMMERCIAL BANK, UN TAi.040 JALALUDDIN HAQQANI, UN KPi.050 PAK TO
CHUN, UN IRe.070 SHAHID SAYYADE SHIRAZI INDUSTRIES, UN TAe.012 HAQQANI NETWORK, UN QDe.137
(Hay'at Tahrir al-Sham), UN IRe.007 BANK SEPAH, EU RABITA TRUST.
"""

from __future__ import annotations

from typing import Any

import pytest

from schemas import PartnerUpsertedEvent
from schemas.decision import outcome_of
from services.sanctions.jurisdictions import load_jurisdictions
from services.sanctions.party import Thresholds
from services.sanctions.regimes import load_regimes
from services.sanctions.snapshot import Snapshot
from services.screening import rules

REGIMES = load_regimes()
JURISDICTIONS = load_jurisdictions()
T = Thresholds()
R, B = "needs_review", "red_flag"
UN = "UN Security Council consolidated list, binding through the EU regulations"
R692 = "Regulation (EU) No 692/2014 (Crimea and Sevastopol), Art. 2a"
R263 = "Regulation (EU) 2022/263 (non-government-controlled areas), Art. 3"
R833 = "Regulation (EU) No 833/2014, Art. 5l(1)(b)"
EU_BEST = "EU Best Practices on restrictive measures, ownership and control (aggregation)"

DECOYS = [
    "Islamic Mohammadreza Ozean Corps",
    "Partnership Engineering Kong Leader",
    "Shiny International Nights Trading",
    "Erdarbeiten Ghadir Sufficiency Electricity",
    "Energy Generation Shipping Horizont",
    "Production Hongkong Beijing Development",
    "Engineering Organization Granit Bureau",
    "Organic Khedmati Technology Tehran",
    "Moscow Coltd Research Special",
    "Sino Alborz Guard Leading",
    "Jehad Associates Technical Hong",
    "Power Self Development Gmbhcokg",
    "Energy Research Revolutionary Institute",
    "Material",
]
KAVEH = "KAVEH CUTTING TOOLS COMPANY"


def partner(name: str = "Rheinland Photonics GmbH", **data: Any) -> dict[str, Any]:
    return {"name": name, "kind": "organization", "country": "DE", **data}


def chain(*shares: float, top: str = KAVEH) -> list[dict[str, Any]]:
    """A chain of holdings down to ``top``: partner <- Alpha (shares[0]) <- ... <- top."""
    node: dict[str, Any] = {"name": top, "kind": "organization", "share": shares[-1]}
    for i, share in enumerate(reversed(shares[:-1])):
        node = {"name": f"Holding {i} BV", "kind": "organization", "share": share, "owners": [node]}
    return [node]


CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    # --- alias flooding: the exact name with decoy aliases
    ("alias flooding", partner(KAVEH, aliases=DECOYS), B, "SANCTIONS_MATCH", UN),
    # --- listed owners at any depth
    (
        "listed 49 % owner of a 100 % holding",
        partner(owners=chain(1.0, 0.49)),
        R,
        "POSSIBLE_SANCTIONS_MATCH",
        EU_BEST,
    ),
    ("two hops", partner(owners=chain(1.0, 0.49, 1.0)), R, "POSSIBLE_SANCTIONS_MATCH", EU_BEST),
    (
        "listed 100 % owner, US copy leads",
        partner(
            owners=[
                {"name": "ATOMIC ENERGY ORGANISATION OF IRAN", "kind": "organization", "share": 1.0}
            ]
        ),
        B,
        "OWNER_SANCTIONED",
        UN,
    ),
    (
        "UN-listed 30 % + EU-listed 20 %",
        partner(
            owners=[
                {"name": "IDRISSA DJALÓ", "kind": "person", "share": 0.3},
                {"name": "AZIZ SALIH AL-NUMAN", "kind": "person", "share": 0.2},
            ]
        ),
        B,
        "OWNER_SANCTIONED",
        EU_BEST,
    ),
    # --- letters that pass for Latin ones
    ("Latin alpha", partner("Tɑnchon Commerciɑl Bɑnk"), B, "SANCTIONS_MATCH", UN),
    ("APL alpha, person", partner("P⍺k To Chun", kind="person"), B, "SANCTIONS_MATCH", UN),
    ("Latin iota", partner("Shahɩd Sayyade Shɩrazɩ Industrɩes"), B, "SANCTIONS_MATCH", UN),
    ("negative squared letters", partner("🅷🅰🆀🆀🅰🅽🅸 NETWORK"), B, "SANCTIONS_MATCH", UN),
    (
        "Lisu words beside an honest Cyrillic word",
        partner("ꓗꓮꓦꓰꓧ ꓚꓴꓔꓔꓲꓠꓖ ꓔꓳꓳꓡꓢ ꓚꓳꓟꓑꓮꓠꓬ ПАО"),
        B,
        "SANCTIONS_MATCH",
        UN,
    ),
    (
        "Cyrillic look-alike words beside ПАО",
        partner("РАК ТО CHUN ПАО", kind="person"),
        B,
        "SANCTIONS_MATCH",
        UN,
    ),
    (
        "a Cherokee letter with no reading",
        partner("DAWOOD ᏆᏴᎡᎪᎻᏆᎷ KASKAR", kind="person"),
        R,
        "NAME_NOT_SCREENABLE",
        "fail closed: a name that cannot be read in full",
    ),
    # --- split words, digits
    ("al-Din for uddin", partner("Jalal al-Din Haqqani", kind="person"), B, "SANCTIONS_MATCH", UN),
    (
        "inverted, hyphen inside",
        partner("Haqqani, Jalal-Uddin", kind="person"),
        B,
        "SANCTIONS_MATCH",
        UN,
    ),
    (
        "middle dots inside words",
        partner("SHA·HID SAY·YADE SHI·RAZI INDUS·TRIES"),
        B,
        "SANCTIONS_MATCH",
        UN,
    ),
    ("digit for a letter", partner("PAK T0 CHUN", kind="person"), B, "SANCTIONS_MATCH", UN),
    ("digit one", partner("T1Z PARS"), B, "SANCTIONS_MATCH", UN),
    # --- short forms and added words
    ("Org. for Organisation", partner("Atomic Energy Org. of Iran"), B, "SANCTIONS_MATCH", UN),
    (
        "listed name + Foundation",
        partner("Rabita Trust Foundation"),
        R,
        "POSSIBLE_SANCTIONS_MATCH",
        "EU and UN lists: RABITA TRUST",
    ),
    (
        "listed name + Research Institute",
        partner("Kaveh Cutting Tools Company Research Institute"),
        R,
        "POSSIBLE_SANCTIONS_MATCH",
        UN,
    ),
    ("acronym in parentheses", partner("SSSI"), R, "POSSIBLE_SANCTIONS_MATCH", UN),
    ("alias packed into a UN field", partner("Hay'at Tahrir al-Sham"), B, "SANCTIONS_MATCH", UN),
    ("one of two parties in one UN name", partner("Bank Sepah"), B, "SANCTIONS_MATCH", UN),
    # --- regions and seats
    (
        "region code of Kyiv, address in Simferopol",
        partner(
            country="UA",
            region="UA-30",
            address="vul. Pushkina 1, Simferopol",
            cooperation=["public_funding"],
        ),
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "no country, region UA-43",
        {
            "name": "Tavria Agro LLC",
            "kind": "organization",
            "region": "UA-43",
            "cooperation": ["public_funding"],
        },
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "no country, address in Sevastopol",
        {
            "name": "Tavria Agro LLC",
            "kind": "organization",
            "address": "ul. Lenina 5, Sevastopol",
            "cooperation": ["public_funding"],
        },
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "no country at all",
        {"name": "Tavria Agro LLC", "kind": "organization"},
        R,
        "COUNTRY_UNKNOWN",
        "fail closed: a missing country is not a clear one",
    ),
    (
        "Crimean Tatar name",
        partner(country="UA", address="Aqmescit", cooperation=["public_funding"]),
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "adjective form",
        partner(
            country="UA", address="Krymskaya oblast, Dzhankoi rayon", cooperation=["public_funding"]
        ),
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "place split and in look-alike letters",
        partner(country="UA", address="Sevɑsto-pol", cooperation=["joint_venture"]),
        B,
        "RESTRICTED_REGION",
        R692,
    ),
    (
        "Luhansk city, occupied since 2014",
        partner(
            country="UA",
            region="UA-09",
            address="vul. Sadova 3, Luhansk",
            cooperation=["joint_venture"],
        ),
        B,
        "RESTRICTED_REGION",
        R263,
    ),
    (
        "Ukraine, place unknown",
        partner(country="UA", cooperation=["public_funding"]),
        R,
        "REGION_UNCONFIRMED",
        R692,
    ),
    # --- ownership from Russia
    (
        "Russian parent declared a person, named with a legal form",
        partner(
            cooperation=["public_funding"],
            owners=[
                {
                    "name": "AO Volzhskaya Innovatsionnaya",
                    "kind": "person",
                    "country": "RU",
                    "share": 1.0,
                }
            ],
        ),
        B,
        "OWNED_FROM_SANCTIONED_COUNTRY",
        R833,
    ),
    (
        "Russian share a hair above 50 %",
        partner(
            cooperation=["public_funding"],
            owners=[
                {
                    "name": "AO Volzhskaya Innovatsionnaya",
                    "kind": "organization",
                    "country": "RU",
                    "share": 0.5000004,
                }
            ],
        ),
        B,
        "OWNED_FROM_SANCTIONED_COUNTRY",
        R833,
    ),
]


@pytest.mark.parametrize(
    ("label", "data", "outcome", "code", "source"), CASES, ids=[c[0] for c in CASES]
)
def test_hostile_case(
    real_snapshot: Snapshot,
    label: str,
    data: dict[str, Any],
    outcome: str,
    code: str,
    source: str,
) -> None:
    event = PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "h",
            "source": "/hostile",
            "type": "partner.upserted",
            "time": "2026-11-20T00:00:00Z",
            "data": {"partner_id": "P", **data},
        }
    )
    verdict = rules.decide(event, real_snapshot, REGIMES, T, jurisdictions=JURISDICTIONS)
    codes = [r.code.value for r in verdict.reasons]
    assert outcome_of(verdict.reasons).value == outcome, (
        label,
        [r.message for r in verdict.reasons],
    )
    assert code in codes, (label, codes)


COMMON = [
    ("Amir Khan", "1985-04-02"),
    ("Ahmad Shah", "1985-04-02"),
    ("Omar Ali", None),
    ("Ali Mohamed", None),
    ("Haji Mohammad", None),
]


@pytest.mark.parametrize(("name", "born"), COMMON, ids=[c[0] for c in COMMON])
def test_a_common_two_part_name_is_reviewed_not_blocked(
    real_snapshot: Snapshot, name: str, born: str | None
) -> None:
    """Many people bear these names: a match resting on them alone is amber, with the reason
    why, never red."""
    data = {"name": name, "kind": "person", "country": "DE"} | (
        {"birth_date": born} if born else {}
    )
    event = PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "c",
            "source": "/hostile",
            "type": "partner.upserted",
            "time": "2026-11-20T00:00:00Z",
            "data": {"partner_id": "P", **data},
        }
    )
    verdict = rules.decide(event, real_snapshot, REGIMES, T, jurisdictions=JURISDICTIONS)
    assert outcome_of(verdict.reasons).value == R, [r.message for r in verdict.reasons]
    features = {f["feature"] for r in verdict.reasons for f in r.evidence.get("features", [])}
    assert features & {"common_person_name", "weak_single_word"}, features
