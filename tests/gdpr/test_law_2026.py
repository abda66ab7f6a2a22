"""GDPR Chapter V as it stands in late 2026: Brazil, the UK renewal, the European Patent
Organisation, Korea's scope, sector limits of the DPF, Canada and Japan, binding corporate
rules inside a group with a TIA, and the Art. 9 / Art. 10 vocabulary. Each case names its
legal source."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import DataTransferRequestedEvent
from schemas.decision import outcome_of
from services.gdpr import reference, rules

REF = reference.load()
C, R, B = "cleared", "needs_review", "red_flag"

BR = "Commission Implementing Decision (EU) 2026/179, OJ L 2026/179 of 28.1.2026"
UK = "Implementing Decision (EU) 2021/1772 as amended on 19.12.2025, valid to 27.12.2031"
EPO = "Commission Implementing Decision (EU) 2025/1382, OJ 18.7.2025"
KR = "Commission Implementing Decision (EU) 2022/254, Art. 1(2)"
DPF = "Decision (EU) 2023/1795; DPF open to organisations under FTC or DOT jurisdiction"
CA = "Decision 2002/2/EC, recital 5 (PIPEDA: commercial activities only)"
JP = "Decision (EU) 2019/419, Art. 1 and recital 10 (APPI business operators)"
BCR = "Art. 47(1)(a) and Art. 4(20) GDPR; EDPB Recommendations 01/2020 v2.0"


def event(
    country: str,
    mechanism: str = "adequacy",
    *,
    on: str = "2026-11-20",
    module: int | None = None,
    tia: bool | None = None,
    categories: tuple[str, ...] = ("contact",),
    **importer: Any,
) -> DataTransferRequestedEvent:
    return DataTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e",
            "source": "/t",
            "type": "data.transfer.requested",
            "time": f"{on}T10:00:00Z",
            "data": {
                "transfer_id": "DT",
                "exporter": {"name": "Cluster e.V.", "country": "DE", "role": "controller"},
                "importer": {"name": "Partner", "country": country, "role": "processor"} | importer,
                "data_categories": list(categories),
                "special_categories": False,
                "mechanism": mechanism,
                "scc_module": module,
                "tia_completed": tia,
            },
        }
    )


CASES: list[tuple[str, DataTransferRequestedEvent, str, list[str], str]] = [
    ("Brazil, adequacy", event("BR"), C, ["TRANSFER_MECHANISM_OK"], BR),
    (
        "Brazil, a university: exclusively academic processing is outside the LGPD",
        event("BR", sector="university"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        f"{BR}; LGPD Art. 4(II)(b)",
    ),
    (
        "Brazil, a university processing under the LGPD (confirmed)",
        event("BR", sector="university", adequacy_scope=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
        BR,
    ),
    (
        "Brazil, a company",
        event("BR", sector="commercial"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        BR,
    ),
    (
        "Brazil, before the decision applied",
        event("BR", on="2026-01-20"),
        B,
        ["NO_TRANSFER_MECHANISM"],
        BR,
    ),
    (
        "UK under the 2021 decision as extended",
        event("GB", on="2025-12-01"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        "Implementing Decision (EU) 2021/1772 as extended in June 2025",
    ),
    ("UK after the renewal", event("GB", on="2026-06-01"), C, ["TRANSFER_MECHANISM_OK"], UK),
    (
        "UK after the renewed term",
        event("GB", on="2031-12-28"),
        R,
        ["REFERENCE_EXPIRED", "REFERENCE_STALE"],
        UK,
    ),
    (
        "EPO in Munich: Chapter V applies to an international organisation",
        event("DE", international_organisation="EPO"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        EPO,
    ),
    (
        "EPO by its full name",
        event("NL", international_organisation="European Patent Organisation"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        EPO,
    ),
    (
        "EPO before the decision",
        event("DE", on="2025-07-01", international_organisation="EPO"),
        B,
        ["NO_TRANSFER_MECHANISM"],
        EPO,
    ),
    (
        "another international organisation, adequacy claimed",
        event("CH", international_organisation="WHO"),
        B,
        ["NO_TRANSFER_MECHANISM"],
        "Art. 44 and 45 GDPR: no decision for the organisation",
    ),
    (
        "another international organisation with SCCs and a TIA",
        event("CH", "scc", module=2, tia=True, international_organisation="WHO"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        "Art. 46(2)(c) GDPR",
    ),
    ("Korea, a public body", event("KR", sector="public_body"), C, ["TRANSFER_MECHANISM_OK"], KR),
    (
        "Korea, a religious organisation",
        event("KR", sector="religious"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        KR,
    ),
    (
        "Korea, a financial institution (credit information)",
        event("KR", sector="financial"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        KR,
    ),
    (
        "Korea, a bank confirming the data is not credit information",
        event("KR", sector="financial", adequacy_scope=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
        KR,
    ),
    (
        "US non-bank financial firm on the DPF List",
        event("US", dpf_certified=True, sector="financial"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        DPF,
    ),
    (
        "US bank, certification not stated",
        event("US", sector="financial"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        DPF,
    ),
    (
        "Korea, importer says it is outside the PIPA scope",
        event("KR", adequacy_scope=False),
        B,
        ["NO_TRANSFER_MECHANISM"],
        KR,
    ),
    (
        "US university claiming the DPF",
        event("US", dpf_certified=True, sector="university"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        DPF,
    ),
    (
        "US public body, nothing declared",
        event("US", "none", sector="public_body"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        DPF,
    ),
    (
        "US non-profit claiming the DPF",
        event("US", dpf_certified=True, sector="non_profit"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        DPF,
    ),
    (
        "US company on the DPF list",
        event("US", dpf_certified=True, sector="commercial"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        DPF,
    ),
    (
        "US university with SCCs and a TIA",
        event("US", "scc", module=2, tia=True, sector="university"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        "Art. 46(2)(c) GDPR; Decision 2021/914",
    ),
    (
        "Canadian university",
        event("CA", adequacy_scope=True, sector="university"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        CA,
    ),
    (
        "Canadian company under PIPEDA",
        event("CA", adequacy_scope=True, sector="commercial"),
        C,
        ["TRANSFER_MECHANISM_OK"],
        CA,
    ),
    (
        "Japanese university",
        event("JP", adequacy_scope=True, sector="university"),
        R,
        ["ADEQUACY_SECTOR_EXCLUDED"],
        JP,
    ),
    (
        "BCRs to a consortium partner outside the group",
        event("IN", "bcr", tia=True, same_group=False),
        B,
        ["NO_TRANSFER_MECHANISM"],
        BCR,
    ),
    (
        "BCRs inside the group without a TIA",
        event("IN", "bcr", same_group=True),
        R,
        ["TIA_MISSING"],
        BCR,
    ),
    (
        "BCRs inside the group with a TIA",
        event("IN", "bcr", tia=True, same_group=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
        BCR,
    ),
]


@pytest.mark.parametrize(
    ("label", "ev", "outcome", "codes", "source"), CASES, ids=[c[0] for c in CASES]
)
def test_case(label: str, ev: Any, outcome: str, codes: list[str], source: str) -> None:
    verdict = rules.decide(ev, REF)
    assert [r.code.value for r in verdict.reasons] == codes, [r.message for r in verdict.reasons]
    assert outcome_of(verdict.reasons).value == outcome
    assert verdict.reference_versions == {"gdpr/transfer_reference": REF.version}
    for r in verdict.reasons:
        assert r.message and r.legal_basis and "<" not in r.message


def test_sector_reason_says_what_to_use_instead() -> None:
    (reason,) = rules.decide(event("US", dpf_certified=True, sector="university"), REF).reasons
    assert "standard contractual clauses" in reason.message
    assert "transfer impact assessment" in reason.message
    assert "FTC" in reason.message


SPECIAL: list[tuple[str, str]] = [
    # (declared category, the Art. 9 / Art. 10 category it reveals); Art. 9(1) and 10 GDPR
    ("trade union membership", "trade union membership"),
    ("Gewerkschaftszugehörigkeit", "trade union membership"),
    ("user.demographic.trade_union_membership", "trade union membership"),
    ("fingerprints", "biometric data"),
    ("Fingerabdrücke", "biometric data"),
    ("face_images_for_identification", "biometric data"),
    ("user.biometric.fingerprint", "biometric data"),
    ("user.authorization.biometric", "biometric data"),
    ("dna_sequence", "genetic data"),
    ("Genomdaten", "genetic data"),
    ("user.health_and_medical.genetic", "genetic data"),
    ("Gesundheitsdaten", "data concerning health"),
    ("health_record", "data concerning health"),
    ("patient diagnoses", "data concerning health"),
    ("religious beliefs", "religious or philosophical beliefs"),
    ("Weltanschauung", "religious or philosophical beliefs"),
    ("political opinions", "political opinions"),
    ("Politische Meinung", "political opinions"),
    ("ethnic origin", "racial or ethnic origin"),
    ("ethnische Herkunft", "racial or ethnic origin"),
    ("user.demographic.race_ethnicity", "racial or ethnic origin"),
    ("sexual orientation", "sex life or sexual orientation"),
    ("Sexualleben", "sex life or sexual orientation"),
    ("criminal convictions", "criminal convictions and offences"),
    ("Führungszeugnis", "criminal convictions and offences"),
    ("user.criminal_history", "criminal convictions and offences"),
    ("sick leave", "data concerning health"),
    ("Schwerbehindertenausweis", "data concerning health"),
    ("Krankmeldung", "data concerning health"),
    ("Impfnachweis", "data concerning health"),
    ("Kirchensteuermerkmal", "religious or philosophical beliefs"),
    ("user.demographic.philosophical_belief", "religious or philosophical beliefs"),
    ("party affiliation", "political opinions"),
    ("Parteimitglied", "political opinions"),
    ("Vaterschaftstest", "genetic data"),
    ("voice recognition", "biometric data"),
    ("fingerprint", "biometric data"),
    ("gay", "sex life or sexual orientation"),
    ("schwul", "sex life or sexual orientation"),
    ("Strafverfahren", "criminal convictions and offences"),
    ("felony", "criminal convictions and offences"),
    ("ancestry", "racial or ethnic origin"),
    ("Abstammung", "racial or ethnic origin"),
]


@pytest.mark.parametrize(("declared", "label"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_categories_are_recognised(declared: str, label: str) -> None:
    verdict = rules.decide(event("CH", categories=(declared,)), REF)
    reasons = [r for r in verdict.reasons if r.code.value == "SPECIAL_CATEGORY_DATA"]
    assert reasons, f"{declared!r} not recognised"
    assert any(label in s for s in reasons[0].evidence["special"])
    assert outcome_of(verdict.reasons).value == R


@pytest.mark.parametrize(
    "declared",
    [
        "contact",
        "email",
        "job_title",
        "sex",
        "gender",
        "user.contact.email",
        "browser fingerprint",
        "device_fingerprinting",
        "crash diagnostics",
        "politically exposed person",
        "politisch exponierte Person",
        "works council membership",
        "race condition logs",
        "denomination of banknotes",
    ],
)
def test_ordinary_categories_are_not_special(declared: str) -> None:
    verdict = rules.decide(event("CH", categories=(declared,)), REF)
    assert outcome_of(verdict.reasons).value == C, [r.message for r in verdict.reasons]
