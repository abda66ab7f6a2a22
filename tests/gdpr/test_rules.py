"""The GDPR transfer decision as a case table (plain pytest, no Kafka)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas import DataTransferRequestedEvent
from schemas.decision import outcome_of
from services.gdpr import reference, rules

REF = reference.load()


def event(
    importer: str = "US",
    *,
    exporter: str = "DE",
    roles: tuple[str, str] = ("controller", "processor"),
    mechanism: str = "scc",
    module: int | None = 2,
    tia: bool | None = True,
    categories: tuple[str, ...] = ("contact",),
    special: bool = False,
    on: str = "2026-11-20",
    **importer_extra: Any,
) -> DataTransferRequestedEvent:
    return DataTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "data.transfer.requested",
            "time": f"{on}T10:00:00Z",
            "data": {
                "transfer_id": "DT-1",
                "exporter": {"name": "Cluster e.V.", "country": exporter, "role": roles[0]},
                "importer": {
                    "name": "Partner",
                    "country": importer,
                    "role": roles[1],
                    **importer_extra,
                },
                "data_categories": list(categories),
                "special_categories": special,
                "mechanism": mechanism,
                "scc_module": module,
                "tia_completed": tia,
            },
        }
    )


def derogation_event(importer: str, ground: str | None) -> DataTransferRequestedEvent:
    e = event(importer, mechanism="derogation", module=None, tia=None)
    return e.model_copy(update={"data": e.data.model_copy(update={"derogation": ground})})


C, R, B = "cleared", "needs_review", "red_flag"
CASES: list[tuple[str, DataTransferRequestedEvent, str, list[str]]] = [
    # --- inside the EEA ---------------------------------------------------------------------
    ("importer in EU", event("FR", mechanism="none", module=None, tia=None), C, ["INTRA_EEA"]),
    ("importer in Norway (EEA)", event("NO", mechanism="none"), C, ["INTRA_EEA"]),
    ("importer in Iceland (EEA)", event("IS", mechanism="none"), C, ["INTRA_EEA"]),
    ("importer in Liechtenstein (EEA)", event("LI", mechanism="none"), C, ["INTRA_EEA"]),
    ("importer in Greece as GR", event("GR", mechanism="none"), C, ["INTRA_EEA"]),
    (
        "importer in EEA with health data",
        event("AT", mechanism="none", categories=("health",)),
        R,
        ["INTRA_EEA", "SPECIAL_CATEGORY_DATA"],
    ),
    # --- full adequacy ----------------------------------------------------------------------------
    (
        "switzerland full adequacy",
        event("CH", mechanism="adequacy", module=None, tia=None),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "new zealand, nothing declared",
        event("NZ", mechanism="none", module=None, tia=None),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("israel with scc declared anyway", event("IL", module=4), C, ["TRANSFER_MECHANISM_OK"]),
    (
        "uruguay via derogation still covered",
        derogation_event("UY", "explicit_consent"),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("argentina", event("AR", mechanism="adequacy"), C, ["TRANSFER_MECHANISM_OK"]),
    # --- UK: valid until 2025-12-27 in the reference data ---------------------------------------
    (
        "uk before expiry",
        event("GB", mechanism="adequacy", on="2025-12-27"),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "uk after the December 2025 renewal, adequacy",
        event("GB", mechanism="adequacy", on="2025-12-28"),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "uk renewed, nothing declared",
        event("GB", mechanism="none", on="2026-11-20"),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("uk renewed, scc in place", event("GB", on="2026-11-20"), C, ["TRANSFER_MECHANISM_OK"]),
    (
        "uk renewed, scc without tia: adequacy covers it",
        event("GB", tia=None, on="2026-11-20"),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    # --- US: DPF ------------------------------------------------------------------------------
    (
        "us dpf certified",
        event("US", mechanism="adequacy", dpf_certified=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "us not certified, adequacy claimed",
        event("US", mechanism="adequacy", dpf_certified=False),
        B,
        ["NO_TRANSFER_MECHANISM"],
    ),
    (
        "us certification unknown",
        event("US", mechanism="adequacy"),
        R,
        ["ADEQUACY_SCOPE_UNCONFIRMED"],
    ),
    (
        "us not certified, scc module 2 with tia",
        event("US", dpf_certified=False),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("us unknown certification, scc with tia", event("US"), C, ["TRANSFER_MECHANISM_OK"]),
    (
        "us not certified, scc no tia",
        event("US", dpf_certified=False, tia=False),
        R,
        ["TIA_MISSING"],
    ),
    (
        "us not certified, nothing declared",
        event("US", mechanism="none", dpf_certified=False),
        B,
        ["NO_TRANSFER_MECHANISM"],
    ),
    # --- partial adequacy: Canada, Japan, Korea -------------------------------------------------
    (
        "canada in pipeda scope",
        event("CA", mechanism="adequacy", adequacy_scope=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "canada public body out of scope",
        event("CA", mechanism="adequacy", adequacy_scope=False),
        B,
        ["NO_TRANSFER_MECHANISM"],
    ),
    ("canada scope unknown", event("CA", mechanism="adequacy"), R, ["ADEQUACY_SCOPE_UNCONFIRMED"]),
    (
        "japan appi operator",
        event("JP", mechanism="none", adequacy_scope=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "japan out of scope falls through to scc",
        event("JP", adequacy_scope=False),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "korea, scope not stated: public and private sector",
        event("KR", module=1),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    # --- SCC modules ------------------------------------------------------------------------------
    (
        "module 1 controller to controller",
        event("IN", roles=("controller", "controller"), module=1),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("module 2 controller to processor", event("IN", module=2), C, ["TRANSFER_MECHANISM_OK"]),
    (
        "module 3 processor to processor",
        event("IN", roles=("processor", "processor"), module=3),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "module 4 processor to controller",
        event("IN", roles=("processor", "controller"), module=4),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    ("module 1 for controller to processor", event("IN", module=1), R, ["SCC_MODULE_MISMATCH"]),
    (
        "module 3 for processor to controller",
        event("IN", roles=("processor", "controller"), module=3),
        R,
        ["SCC_MODULE_MISMATCH"],
    ),
    ("no module stated", event("IN", module=None), R, ["SCC_MODULE_MISMATCH"]),
    (
        "wrong module and no tia",
        event("IN", module=4, tia=False),
        R,
        ["SCC_MODULE_MISMATCH", "TIA_MISSING"],
    ),
    ("tia unknown is missing", event("CN", tia=None), R, ["TIA_MISSING"]),
    # --- BCR, derogations, none ----------------------------------------------------------------
    (
        "bcr, group and tia unknown",
        event("IN", mechanism="bcr", module=None, tia=None),
        R,
        ["TIA_MISSING", "BCR_GROUP_UNCONFIRMED"],
    ),
    (
        "bcr inside the group with a tia",
        event("IN", mechanism="bcr", module=None, tia=True, same_group=True),
        C,
        ["TRANSFER_MECHANISM_OK"],
    ),
    (
        "bcr with tia known missing",
        event("IN", mechanism="bcr", module=None, tia=False, same_group=True),
        R,
        ["TIA_MISSING"],
    ),
    (
        "derogation explicit consent",
        derogation_event("IN", "explicit_consent"),
        R,
        ["DEROGATION_ONLY"],
    ),
    ("derogation unknown ground", derogation_event("TR", "because"), R, ["DEROGATION_ONLY"]),
    ("derogation without ground", derogation_event("TR", None), R, ["DEROGATION_ONLY"]),
    (
        "no mechanism, no adequacy",
        event("IN", mechanism="none", module=None, tia=None),
        B,
        ["NO_TRANSFER_MECHANISM"],
    ),
    (
        "adequacy claimed where none exists",
        event("IN", mechanism="adequacy"),
        B,
        ["NO_TRANSFER_MECHANISM"],
    ),
    ("kosovo has no adequacy", event("XK", mechanism="none"), B, ["NO_TRANSFER_MECHANISM"]),
    # --- special categories and exporters ---------------------------------------------------------
    (
        "health data with good scc",
        event("IN", categories=("cv", "health")),
        R,
        ["TRANSFER_MECHANISM_OK", "SPECIAL_CATEGORY_DATA"],
    ),
    (
        "fideslang biometric key",
        event("CH", mechanism="adequacy", categories=("user.biometric.fingerprint",)),
        R,
        ["TRANSFER_MECHANISM_OK", "SPECIAL_CATEGORY_DATA"],
    ),
    (
        "criminal history (art 10)",
        event("CH", mechanism="adequacy", categories=("user.criminal_history",)),
        R,
        ["TRANSFER_MECHANISM_OK", "SPECIAL_CATEGORY_DATA"],
    ),
    (
        "declared special without category",
        event("CH", mechanism="adequacy", special=True),
        R,
        ["TRANSFER_MECHANISM_OK", "SPECIAL_CATEGORY_DATA"],
    ),
    (
        "special data and no mechanism",
        event("IN", mechanism="none", categories=("genetic",)),
        B,
        ["NO_TRANSFER_MECHANISM", "SPECIAL_CATEGORY_DATA"],
    ),
    (
        "exporter outside the EEA",
        event("CH", exporter="US", mechanism="adequacy"),
        R,
        ["EXPORTER_OUTSIDE_EEA", "TRANSFER_MECHANISM_OK"],
    ),
]


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("name", "ev", "outcome", "codes"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, ev: DataTransferRequestedEvent, outcome: str, codes: list[str]) -> None:
    verdict = rules.decide(ev, REF)
    assert [r.code.value for r in verdict.reasons] == codes
    assert outcome_of(verdict.reasons).value == outcome
    assert verdict.rules_version == f"gdpr/{REF.version}"
    for reason in verdict.reasons:
        assert reason.legal_basis and reason.message and "<" not in reason.message


def test_expired_reason_names_the_decision_and_the_date() -> None:
    reasons = rules.decide(event("GB", mechanism="adequacy", on="2032-01-05"), REF).reasons
    (reason,) = [r for r in reasons if r.code.value == "REFERENCE_EXPIRED"]
    assert "2021/1772" in reason.message and "2031-12-27" in reason.message


@pytest.mark.parametrize("bad", ["ZZ", "uk", "EU", "GBR", ""])
def test_unknown_country_codes_are_rejected_by_the_contract(bad: str) -> None:
    with pytest.raises(ValidationError):
        event(bad)


@given(
    st.sampled_from(sorted(REF.eea.countries)),
    st.sampled_from(["adequacy", "scc", "bcr", "derogation", "none"]),
)
def test_inside_the_eea_is_never_a_transfer_problem(country: str, mechanism: str) -> None:
    codes = {r.code.value for r in rules.decide(event(country, mechanism=mechanism), REF).reasons}
    assert codes == {"INTRA_EEA"}


@given(
    st.sampled_from(["IN", "CN", "BR", "RU", "US", "CA", "JP", "KR", "GB"]),
    st.sampled_from(["adequacy", "scc", "bcr", "derogation", "none"]),
    st.booleans(),
)
def test_special_category_data_is_never_cleared(
    country: str, mechanism: str, special: bool
) -> None:
    verdict = rules.decide(
        event(country, mechanism=mechanism, categories=("health",), special=special), REF
    )
    assert outcome_of(verdict.reasons).value != "cleared"
