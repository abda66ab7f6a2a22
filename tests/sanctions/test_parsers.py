"""Every official format, parsed from the real files: counts match the data MANIFEST.
Malformed input gives a clear ListFormatError, never a silently empty list."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.sanctions.lists import eu
from services.sanctions.lists.load import load, parse_bytes
from services.sanctions.lists.model import ListFormatError


@pytest.fixture(scope="module")
def data(shared_dir: Path) -> Path:
    return shared_dir / "data" / "sanctions"


# (path under data/sanctions, list name, format, entries from the MANIFEST)
MANIFEST = [
    ("ofac_sdn/sdn_2024-05-03_jackdwyer.csv", "us_ofac_sdn", "ofac_legacy", 14_965),
    ("ofac_sdn/sdn_2024-05-02_jackdwyer.csv", "us_ofac_sdn", "ofac_legacy", 14_973),
    ("ofac_sdn/sdn_2021-08-18_jackdwyer.csv", "us_ofac_sdn", "ofac_legacy", 9_083),
    ("ofac_sdn/watchman_bench_2021-07-07/sdn.csv", "us_ofac_sdn", "ofac_legacy", 8_976),
    ("ofac_non_sdn/cons_prim.csv", "us_ofac_cons", "ofac_legacy", 442),
    ("ofac_non_sdn/CONS_ENHANCED.ZIP", "us_ofac_enhanced", "ofac_enhanced", 443),
    ("us_csl/consolidated.csv.gz", "us_csl", "us_csl", 14_160),
    ("un/UN_consolidated.xml", "un_sc", "un", 730 + 273),
    ("un/un_consolidated_2016-02-11_opendatalabcz.xml", "un_sc", "un", 130 + 109),
    ("eu/eu_fsf_legacy_2016-02-11.xml", "eu_fsf", "eu_fsf", 595),
    ("uk_derived", "uk_sanctions", "uk", 6_046),
    (
        "opensanctions_ftm/yente_t1_entities.ftm.json",
        "ftm_yente_t1_entities",
        "ftm",
        6,
    ),  # +1 Address
]


@pytest.mark.parametrize(("path", "name", "fmt", "count"), MANIFEST, ids=[m[0] for m in MANIFEST])
def test_real_file_parses_with_the_manifest_count(
    data: Path, path: str, name: str, fmt: str, count: int
) -> None:
    loaded = load(str(data / path))
    assert (loaded.name, loaded.format, len(loaded.entries)) == (name, fmt, count)
    assert all(e.names and e.entry_id for e in loaded.entries)
    assert loaded.version


def test_sdn_companion_files_add_aliases_and_countries(data: Path) -> None:
    loaded = load(str(data / "ofac_sdn/watchman_bench_2021-07-07/sdn.csv"))
    aliases = sum(len(e.names) - 1 for e in loaded.entries)
    assert aliases >= 11_000  # alt.csv holds 11,911 rows
    assert sum(1 for e in loaded.entries if e.countries) > 5_000
    cuba = next(e for e in loaded.entries if e.entry_id == "306")
    assert "NATIONAL BANK OF CUBA" in [n.name for n in cuba.names]
    assert set(cuba.countries) == {"CH", "ES", "JP", "PA"}  # its branches, from add.csv


def test_kinds_and_sublists(data: Path) -> None:
    cons = load(str(data / "ofac_non_sdn/cons_prim.csv"))
    assert sum(e.kind == "person" for e in cons.entries) == 79
    un = load(str(data / "un/UN_consolidated.xml"))
    assert collections.Counter(e.kind for e in un.entries) == {"person": 730, "organization": 273}
    eu_legacy = load(str(data / "eu/eu_fsf_legacy_2016-02-11.xml"))
    assert collections.Counter(e.kind for e in eu_legacy.entries) == {
        "person": 319,
        "organization": 276,
    }
    csl = load(str(data / "us_csl/consolidated.csv.gz"))
    sources = collections.Counter(e.source for e in csl.entries)
    assert (
        sources["us_csl/EL"] == 2_001
        and sources["us_csl/MEU"] == 71
        and sources["us_csl/UVL"] == 201
    )
    assert sources["us_csl/DPL"] == 462


def test_dpl_has_one_entry_per_line_after_the_header(data: Path) -> None:
    path = data / "us_bis_dpl/dpl.txt"
    lines = [x for x in path.read_text(errors="replace").splitlines() if x.strip()]
    assert len(load(str(path)).entries) == len(lines) - 1


def test_uk_alias_strength_and_scripts(data: Path) -> None:
    uk = load(str(data / "uk_derived"))
    strengths = collections.Counter(n.strength for e in uk.entries for n in e.names)
    assert strengths["primary"] >= 6_000 and strengths["weak"] > 0
    assert any(not n.name.isascii() for e in uk.entries for n in e.names)


def test_ftm_deltas_apply_in_order(data: Path) -> None:
    folder = data / "opensanctions_ftm"
    deltas = sorted(folder.glob("yente_t2_2024*_entities.delta.json"))
    spec = ",".join(str(p) for p in [folder / "yente_t1_entities.ftm.json", *deltas])
    loaded = load(f"ftm:{spec}")
    ids = {e.entry_id for e in loaded.entries}
    assert "NK-500Poltergeist" not in ids  # added in one delta, deleted in a later one
    assert len(loaded.entries) == 9
    assert loaded.meta["files"] == str(1 + len(deltas))


def test_a_changed_file_is_a_new_version(data: Path) -> None:
    a = load(str(data / "ofac_sdn/sdn_2024-05-02_jackdwyer.csv"))
    b = load(str(data / "ofac_sdn/sdn_2024-05-03_jackdwyer.csv"))
    assert a.version != b.version
    assert load(str(data / "ofac_sdn/sdn_2024-05-03_jackdwyer.csv")).version == b.version


EU_11 = b"""<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-11-20T08:00:00.000+01:00">
 <sanctionEntity designationDetails="" euReferenceNumber="EU.27.28" logicalId="13">
  <regulation regulationType="regulation" publicationDate="2003-07-08" programme="IRQ"/>
  <subjectType code="person" classificationCode="P"/>
  <nameAlias firstName="Saddam" lastName="Hussein Al-Tikriti" wholeName="Saddam Hussein Al-Tikriti"
             strong="true" logicalId="17"/>
  <nameAlias wholeName="Abu Ali" strong="false" logicalId="18"/>
  <citizenship countryIso2Code="IQ"/>
  <birthdate birthdate="1937-04-28" year="1937"/>
 </sanctionEntity>
 <sanctionEntity euReferenceNumber="EU.1.2" logicalId="99">
  <regulation programme="PRK" publicationDate="2017-08-30"/>
  <subjectType code="enterprise" classificationCode="E"/>
  <nameAlias wholeName="Korea Mining Development Trading Corporation" strong="true"/>
  <address countryIso2Code="KP"/>
 </sanctionEntity>
</export>"""


def test_eu_fsf_current_schema() -> None:
    entries, version = eu.parse(EU_11, source="eu_fsf")
    assert version == "2026-11-20"
    saddam, kmdtc = entries
    assert saddam.entry_id == "EU.27.28" and saddam.kind == "person"
    assert [(n.name, n.strength) for n in saddam.names] == [
        ("Saddam Hussein Al-Tikriti", "primary"),
        ("Abu Ali", "weak"),
    ]
    assert saddam.countries == ("IQ",) and saddam.birth_dates == ("1937-04-28",)
    assert saddam.programmes == ("IRQ",) and saddam.listed_on == "2003-07-08"
    assert kmdtc.kind == "organization" and kmdtc.countries == ("KP",)


FORMATS = ["ofac_legacy", "ofac_enhanced", "us_csl", "us_bis_dpl", "un", "eu_fsf", "ftm"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMATS), st.binary(max_size=600))
def test_garbage_is_a_clear_error(fmt: str, garbage: bytes) -> None:
    try:
        entries = parse_bytes(fmt, garbage, source="test")
    except ListFormatError as exc:
        message = str(exc)
    else:
        message = ""
        assert entries, "a parser returned an empty list instead of raising"
    assert message or entries


REAL = {
    "ofac_legacy": "ofac_sdn/sdn_2024-05-03_jackdwyer.csv",
    "un": "un/un_consolidated_2016-02-11_opendatalabcz.xml",
    "eu_fsf": "eu/eu_fsf_legacy_2016-02-11.xml",
    "us_bis_dpl": "us_bis_dpl/dpl.txt",
    "ftm": "opensanctions_ftm/yente_zala_entities.ftm.json",
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(REAL)), st.floats(min_value=0.0, max_value=0.999))
def test_truncated_real_files_never_give_an_empty_list(data: Path, fmt: str, keep: float) -> None:
    raw = (data / REAL[fmt]).read_bytes()
    try:
        entries = parse_bytes(fmt, raw[: int(len(raw) * keep)], source="test")
    except ListFormatError:
        return
    assert entries


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="no such file"):
        load(str(tmp_path / "nope.csv"))
    odd = tmp_path / "odd.txt"
    odd.write_text("hello world\n")
    with pytest.raises(ListFormatError, match="unrecognised list format"):
        load(str(odd))
    empty = tmp_path / "empty.xml"
    empty.write_text("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>")
    with pytest.raises(ListFormatError, match="no entries"):
        load(str(empty))
