"""The export-control decision as a case table (plain pytest; a small hand-built list for
the end-user screening, which reuses the screening code)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import TechnologyTransferRequestedEvent
from schemas.decision import outcome_of
from services.export_control import reference, rules
from services.export_control.codes import parse_code
from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching.index import ListIndex
from services.sanctions.party import Thresholds
from services.sanctions.snapshot import Snapshot

REF = reference.load()
SNAPSHOT = Snapshot(
    ListIndex(
        [
            SanctionsList(
                "test_list",
                "ftm",
                "v1",
                (
                    ListEntry(
                        "test_list",
                        "E1",
                        "organization",
                        (ListName("Baltic Shipyard Research Bureau", "primary"),),
                    ),
                    ListEntry(
                        "test_list",
                        "E2",
                        "organization",
                        (ListName("Northern Optics Institute Holding", "primary"),),
                    ),
                ),
            )
        ]
    )
)
T = Thresholds()


def event(
    destination: str = "US",
    codes: list[str] | None = None,
    classified: bool = True,
    end_user: str = "Partner University",
    statement: bool = True,
    **flags: Any,
) -> TechnologyTransferRequestedEvent:
    return TechnologyTransferRequestedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "/t",
            "type": "technology.transfer.requested",
            "time": "2026-11-20T09:00:00Z",
            "data": {
                "transfer_id": "T-1",
                "partner_id": "P-1",
                "technology": {
                    "title": "t",
                    "description": "d",
                    "control_codes": codes or [],
                    "classified": classified,
                },
                "destination_country": destination,
                "end_user": {
                    "name": end_user,
                    "kind": "organization",
                    "country": flags.pop("end_user_country", destination),
                },
                "end_use_statement": statement,
                **flags,
            },
        }
    )


C, R, B = "cleared", "needs_review", "red_flag"
LIC, GA, EUS = "DUAL_USE_LICENCE_REQUIRED", "GENERAL_AUTHORISATION", "END_USE_STATEMENT_MISSING"
CASES: list[tuple[str, TechnologyTransferRequestedEvent, str, list[str], bool]] = [
    # --- not listed / classification ---------------------------------------------------------
    ("classified, not listed, to the US", event(), C, ["NOT_LISTED"], False),
    ("classified, not listed, to India", event("IN"), C, ["NOT_LISTED"], False),
    ("classified, not listed, inside the EU", event("FR"), C, ["NOT_LISTED"], False),
    ("not classified", event(classified=False), R, ["NOT_CLASSIFIED"], True),
    (
        "not classified, public domain asserted",
        event(classified=False, public_domain=True),
        R,
        ["NOT_CLASSIFIED"],
        True,
    ),
    # --- EU001 destinations ------------------------------------------------------------------------
    ("5A002 to the US under EU001", event("US", ["5A002.a.1"]), C, [GA], False),
    ("5A002 to Japan under EU001", event("JP", ["5A002"]), C, [GA], False),
    ("3E001 to Switzerland under EU001", event("CH", ["3E001"]), C, [GA], False),
    ("6A003 to Norway under EU001", event("NO", ["6A003.b"]), C, [GA], False),
    ("4E001 to the UK under EU001", event("GB", ["4E001"]), C, [GA], False),
    ("7A003 to Liechtenstein under EU001", event("LI", ["7A003"]), C, [GA], False),
    (
        "EU001 needs no end-use statement (Art. 12(4))",
        event("CA", ["5A002"], statement=False),
        C,
        [GA],
        False,
    ),
    ("EU001 excludes 1C351 pathogens", event("US", ["1C351.d.1"]), R, [LIC], True),
    ("EU001 excludes 9A009.a", event("AU", ["9A009.a"]), R, [LIC], True),
    ("EU001 covers 9A009.b", event("AU", ["9A009.b"]), C, [GA], False),
    ("EU001 excludes Annex IV items", event("US", ["9A004"]), R, [LIC], True),
    (
        "EU001 not usable with a military end use",
        event("US", ["5A002"], military_end_use=True),
        R,
        [LIC],
        True,
    ),
    # --- licence outside EU001 -------------------------------------------------------------------
    ("5A002 to India needs a licence", event("IN", ["5A002"]), R, [LIC], True),
    ("3A001 to Brazil needs a licence", event("BR", ["3A001.a"]), R, [LIC], True),
    ("two listed codes to Singapore", event("SG", ["3E001", "6A005"]), R, [LIC, LIC], True),
    (
        "licence and no end-use statement",
        event("MX", ["2B001"], statement=False),
        R,
        [LIC, EUS],
        True,
    ),
    ("one EU001 code one excluded", event("US", ["5A002", "1C353"]), R, [GA, LIC], True),
    # --- inside the EU, Annex IV -------------------------------------------------------------------
    ("listed item inside the EU", event("DE", ["5A002"]), C, ["INTRA_EU_TRANSFER"], False),
    (
        "0C001 inside the EU: not in Annex IV (Annex IV Part II, Category 0)",
        event("FR", ["0C001"]),
        C,
        ["INTRA_EU_TRANSFER"],
        False,
    ),
    ("Annex IV stealth item inside the EU", event("NL", ["1C001"]), R, [LIC], True),
    (
        "Annex IV and free item inside the EU",
        event("IT", ["0E001", "3A001"]),
        R,
        [LIC, "INTRA_EU_TRANSFER"],
        True,
    ),
    ("Norway is outside the EU", event("NO", ["0C001"]), R, [LIC], True),
    # --- General Technology Note ----------------------------------------------------------------------
    (
        "public domain",
        event("IN", ["5E002"], public_domain=True),
        C,
        ["TECHNOLOGY_NOT_CONTROLLED"],
        False,
    ),
    (
        "basic research",
        event("CN", ["3E001"], basic_research=True),
        C,
        ["TECHNOLOGY_NOT_CONTROLLED"],
        False,
    ),
    (
        "basic research false is not asserted",
        event("IN", ["5E002"], basic_research=False),
        R,
        [LIC],
        True,
    ),
    (
        "public domain but unknown code",
        event("IN", ["4A010"], public_domain=True),
        R,
        ["UNKNOWN_CONTROL_CODE"],
        True,
    ),
    # --- unknown codes -----------------------------------------------------------------------------------
    ("valid code not in the data", event("US", ["4A010"]), R, ["UNKNOWN_CONTROL_CODE"], True),
    ("malformed code", event("US", ["9Z999"]), R, ["UNKNOWN_CONTROL_CODE"], True),
    ("US ECCN is not an EU code", event("US", ["EAR99"]), R, ["UNKNOWN_CONTROL_CODE"], True),
    (
        "one known one unknown",
        event("IN", ["5A002", "5X002"]),
        R,
        ["UNKNOWN_CONTROL_CODE", LIC],
        True,
    ),
    # --- embargoes and bans ----------------------------------------------------------------------------
    (
        "listed item to Russia: prohibited, no licence advised (833/2014 Art. 2)",
        event("RU", ["5A002"]),
        B,
        ["EMBARGOED_COUNTRY"],
        True,
    ),
    ("unlisted item to Russia", event("RU"), R, ["EMBARGOED_COUNTRY", "NOT_LISTED"], False),
    (
        "listed item to Belarus: prohibited (765/2006 Art. 1e)",
        event("BY", ["3E001"]),
        B,
        ["EMBARGOED_COUNTRY"],
        True,
    ),
    (
        "unclassified to North Korea",
        event("KP", classified=False),
        B,
        ["EMBARGOED_COUNTRY", "EMBARGOED_COUNTRY", "NOT_CLASSIFIED"],
        True,
    ),
    (
        "end user from Russia, destination Serbia",
        event("RS", ["5A002"], end_user_country="RU"),
        B,
        ["EMBARGOED_COUNTRY"],
        True,
    ),
    (
        "listed item to Iran: prohibited since the snapback (267/2012 Art. 2, 2025/1975)",
        event("IR", ["5A002"]),
        B,
        ["EMBARGOED_COUNTRY"],
        True,
    ),
    (
        "unlisted item to Myanmar (arms embargo)",
        event("MM"),
        R,
        ["EMBARGOED_COUNTRY", "NOT_LISTED"],
        False,
    ),
    # --- catch-all -------------------------------------------------------------------------------------------
    (
        "WMD concern, unlisted, to Brazil",
        event("BR", wmd_concern=True),
        B,
        ["CATCH_ALL", "NOT_LISTED"],
        True,
    ),
    (
        "WMD concern with EU001 destination",
        event("US", ["5A002"], wmd_concern=True),
        B,
        ["CATCH_ALL", LIC],
        True,
    ),
    (
        "military end use in Venezuela (arms embargo)",
        event("VE", military_end_use=True),
        R,
        ["EMBARGOED_COUNTRY", "CATCH_ALL", "NOT_LISTED"],
        True,
    ),
    (
        "military end use in Armenia (OSCE)",
        event("AM", military_end_use=True),
        R,
        ["CATCH_ALL", "NOT_LISTED"],
        True,
    ),
    (
        "military end use in China (political embargo)",
        event("CN", military_end_use=True),
        R,
        ["CATCH_ALL", "NOT_LISTED"],
        True,
    ),
    (
        "military end use in Brazil, unlisted",
        event("BR", military_end_use=True),
        C,
        ["NOT_LISTED"],
        False,
    ),
    ("military end use unknown is not asserted", event("SG"), C, ["NOT_LISTED"], False),
    # --- end-user screening --------------------------------------------------------------------------------
    (
        "listed end user",
        event("IN", end_user="Baltic Shipyard Research Bureau"),
        B,
        ["SANCTIONS_MATCH", "NOT_LISTED"],
        False,
    ),
    (
        "end user resembling a listing",
        event("IN", end_user="Northern Optics Institut"),
        R,
        ["POSSIBLE_SANCTIONS_MATCH", "NOT_LISTED"],
        False,
    ),
]


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("name", "ev", "outcome", "codes", "licence"), CASES, ids=[c[0] for c in CASES]
)
def test_case(
    name: str, ev: TechnologyTransferRequestedEvent, outcome: str, codes: list[str], licence: bool
) -> None:
    verdict = rules.decide(ev, REF, SNAPSHOT, T)
    assert [r.code.value for r in verdict.reasons] == codes
    assert outcome_of(verdict.reasons).value == outcome
    assert verdict.licence_required is licence
    assert verdict.rules_version.startswith("export_control/annex:")
    assert verdict.lists_version == {"test_list": "v1"}
    for reason in verdict.reasons:
        assert reason.message and reason.legal_basis and "<" not in reason.message


def test_eu001_reason_names_registration_and_reporting() -> None:
    (reason,) = rules.decide(event("US", ["5A002"]), REF, SNAPSHOT, T).reasons
    assert "EU001" in reason.message and "register" in reason.message and "report" in reason.message


def test_without_lists_the_end_user_blocks_clearing() -> None:
    verdict = rules.decide(event(), REF, Snapshot(None, ("us_csl",)), T)
    assert [r.code.value for r in verdict.reasons] == ["LISTS_UNAVAILABLE", "NOT_LISTED"]
    assert outcome_of(verdict.reasons).value == "needs_review"


@given(st.from_regex(r"[0-9][A-E][0-9]{3}(\.([a-z]{1,2}|[0-9]{1,2})){0,3}", fullmatch=True))
def test_every_grammatical_code_parses(code: str) -> None:
    parsed = parse_code(code)
    assert parsed.valid and parsed.heading == code[:5] and parsed.category == code[0]
    entry = REF.annex.latest.lookup(parsed)
    assert entry is None or parsed.raw.startswith(entry.code)


@given(st.text(max_size=20))
def test_anything_else_never_raises_and_is_never_listed_by_accident(text: str) -> None:
    parsed = parse_code(text)
    if not parsed.valid:
        assert REF.annex.latest.lookup(parsed) is None


@given(
    st.sampled_from([e.code for e in REF.annex.latest.entries]),
    st.sampled_from(["US", "IN", "RU", "FR", "CN", "IR"]),
    st.booleans(),
    st.booleans(),
)
def test_a_listed_code_is_never_cleared_without_a_basis(
    code: str, destination: str, statement: bool, military: bool
) -> None:
    verdict = rules.decide(
        event(destination, [code], statement=statement, military_end_use=military), REF, SNAPSHOT, T
    )
    if outcome_of(verdict.reasons).value == "cleared":
        assert {r.code.value for r in verdict.reasons} & {GA, "INTRA_EU_TRANSFER"}
