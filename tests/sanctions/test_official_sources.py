"""The official list sources: the current EU FSF 1.1 and UK Sanctions List XML formats, the
manifest of download locations, the one setting that switches them on, per-source intervals
and floors, and how old a list is (fixtures: tests/sanctions/fixtures/MANIFEST.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from structlog.testing import capture_logs

from services.sanctions import freshness
from services.sanctions.fetch import ListFetcher
from services.sanctions.lists.load import load
from services.sanctions.lists.model import ListFormatError
from services.sanctions.lists.source import FORMAT_NAMES
from services.sanctions.lists.uk_xml import uk_date
from services.sanctions.official import load_official, plan
from services.sanctions.regimes import DATA_DIR
from services.sanctions.runtime import report_outdated
from services.sanctions.settings import ListSettings
from services.sanctions.store import ListStore
from tests.listserver import serve

FIXTURES = Path(__file__).parent / "fixtures"
EU = FIXTURES / "eu_fsf_1_1_2026-08.xml"
UK = FIXTURES / "uk_sanctions_list_2026-09.xml"

# --- the current formats ----------------------------------------------------------------

# (entry id, kind, primary name, weak names, birth dates, countries, identifiers)
EU_CASES = [
    # strong aliases; two full birth dates; a passport whose country is "00" (unknown)
    (
        "EU.3579.2",
        "person",
        "Khalid Sheikh MOHAMMED",
        set(),
        ("1965-04-14", "1964-03-01"),
        (),
        ("488555",),
    ),
    # "circa" with only a year range (yearRangeFrom/To): each year of the range
    (
        "EU.502.12",
        "person",
        "Haji Ahmad Jan",
        set(),
        ("1953", "1954", "1955", "1956", "1957", "1958"),
        ("AF",),
        (),
    ),
    # an enterprise, a Persian name among the aliases, an address in Iran
    (
        "EU.3953.70",
        "organization",
        "Parchin Chemical Industries (PCI)",
        set(),
        (),
        ("IR",),
        ("892",),
    ),
    # "low quality alias" written as a remark on aliases marked strong="true"
    (
        "EU.3092.36",
        "person",
        "Ibrahim Hassan Tali Al-Asiri",
        {"Abu-Salaah", "Abu Saleh"},
        (),
        ("SA",),
        (),
    ),
]

UK_CASES = [
    # an entity with a Persian name in NonLatinNames, addresses in two countries
    ("AFG0001", "organization", "HAJI KHAIRULLAH MONEY EXCHANGE", set(), (), ("AF", "AE"), ()),
    # Name1, Name2, Name6 joined; dd/mm/1945 is the year only; a national identifier
    ("AFG0006", "person", "MOHAMMAD HASSAN AKHUND", set(), ("1945", "1946"), ("AF",), ("2132370",)),
    # "Low quality a.k.a" is a weak alias; a company registration number
    (
        "BEL0107",
        "organization",
        "BNK (UK) Ltd",
        {"BNK"},
        (),
        ("GB",),
        ("UK Company no. 06527449",),
    ),
    # a ship: its IMO number
    ("DPR0075", "vessel", "Petrel 8", set(), (), (), ("IMO9562233",)),
    ("AQD0195", "person", "Fadhil Harun", set(), ("1972",), ("KM",), ()),
]


@pytest.mark.parametrize(
    ("path", "name", "fmt", "published", "cases"),
    [
        (EU, "eu_fsf", "eu_fsf", "2026-08-05", EU_CASES),
        (UK, "uk_sanctions", "uk_xml", "2026-09-10", UK_CASES),
    ],
    ids=["eu_fsf_1_1", "uk_sanctions_list_xml"],
)
def test_the_current_official_formats_parse_entry_by_entry(
    path: Path, name: str, fmt: str, published: str, cases: list[tuple[object, ...]]
) -> None:
    loaded = load(str(path))
    assert (loaded.name, loaded.format, loaded.published) == (name, fmt, published)
    assert loaded.version.startswith(published + "+")
    by_id = {e.entry_id: e for e in loaded.entries}
    assert set(by_id) == {c[0] for c in cases}
    for entry_id, kind, primary, weak, births, countries, ids in cases:
        entry = by_id[str(entry_id)]
        assert (entry.kind, entry.primary_name) == (kind, primary), entry_id
        assert {n.name for n in entry.names if n.strength == "weak"} == weak, entry_id
        assert (entry.birth_dates, entry.countries, entry.identifiers) == (births, countries, ids)


def test_names_in_their_original_script_are_kept() -> None:
    eu = {e.entry_id: e for e in load(str(EU)).entries}
    uk = {e.entry_id: e for e in load(str(UK)).entries}
    assert "صنایع شیمیایی پارچین" in {n.name for n in eu["EU.3953.70"].names}
    assert "محمد حسن آخوند" in {n.name for n in uk["AFG0006"].names}


def test_a_uk_list_declared_as_another_format_or_broken_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="declared eu_fsf"):
        load(f"eu_fsf:{UK}")
    empty = tmp_path / "uk.xml"
    empty.write_text("<Designations><DateGenerated>10/09/2026</DateGenerated></Designations>")
    with pytest.raises(ListFormatError, match="no Designation"):
        load(str(empty))
    nameless = tmp_path / "nameless.xml"
    nameless.write_text(
        "<Designations><Designation><UniqueID>RUS0001</UniqueID><Names/></Designation>"
        "</Designations>"
    )
    with pytest.raises(ListFormatError, match="RUS0001 has no name"):
        load(str(nameless))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_uk_dates_become_iso_dates(day: dt.date) -> None:
    assert uk_date(day.strftime("%d/%m/%Y")) == day.isoformat()
    assert uk_date(day.strftime("dd/%m/%Y")) == day.isoformat()[:7]
    assert uk_date(day.strftime("dd/mm/%Y")) == str(day.year)


@given(st.text(max_size=20))
def test_anything_else_is_a_date_or_nothing(text: str) -> None:
    value = uk_date(text)
    assert value is None or dt.date.fromisoformat(value.ljust(10, "-01")[:10].replace("--", "-"))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12/05/1958", "1958-05-12"),
        ("dd/05/1958", "1958-05"),
        ("dd/mm/1958", "1958"),
        ("1958", "1958"),
        ("31/02/1950", None),  # not a day of the calendar
        ("12/05/0000", None),  # a typing error, not a year
        ("١٢/٠٥/١٩٥٨", None),  # only ASCII digits are digits here
        ("1958-05-12", None),  # another format: no date rather than a wrong one
        ("", None),
    ],
)
def test_uk_dates_case_table(text: str, iso: str | None) -> None:
    assert uk_date(text) == iso


def _uk(body: str) -> str:
    return f"<Designations><DateGenerated>10/09/2026</DateGenerated>{body}</Designations>"


def test_hostile_uk_designations_fail_closed(tmp_path: Path) -> None:
    weak_only = tmp_path / "weak.xml"
    weak_only.write_text(
        _uk(
            "<Designation><UniqueID>RUS9999</UniqueID><Names><Name><Name6>Vanya</Name6>"
            "<NameType>Alias</NameType><AliasStrength>Low quality a.k.a</AliasStrength></Name>"
            "</Names><IndividualEntityShip>Individual</IndividualEntityShip>"
            "<IndividualDetails><Individual><DOBs><DOB>31/02/1950</DOB></DOBs></Individual>"
            "</IndividualDetails></Designation>"
        )
    )
    (entry,) = load(str(weak_only)).entries
    assert [(n.name, n.strength) for n in entry.names] == [("Vanya", "weak")]
    assert entry.birth_dates == ()  # an impossible date is dropped, not the list
    wrapped = tmp_path / "wrapped.xml"
    wrapped.write_text(
        _uk(
            "<Group><Designation><UniqueID>RUS0001</UniqueID><Names><Name><Name6>A</Name6>"
            "<NameType>Primary Name</NameType></Name></Names></Designation></Group>"
        )
    )
    assert [e.entry_id for e in load(str(wrapped)).entries] == ["RUS0001"]


def test_odd_eu_birth_dates_never_refuse_the_list(tmp_path: Path) -> None:
    odd = tmp_path / "eu.xml"
    odd.write_text(
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05">'
        '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1">'
        '<subjectType code="person"/>'
        '<nameAlias wholeName="A B" strong="true" nameLanguage="EN"/>'
        '<birthdate yearRangeFrom="\u00b9\u00b9\u00b9\u00b9" yearRangeTo="1958"/>'
        '<birthdate birthdate="not a date"/>'
        '<birthdate yearRangeFrom="1900" yearRangeTo="1990"/>'
        "</sanctionEntity></export>"
    )
    (entry,) = load(str(odd)).entries
    assert entry.birth_dates == ()


# --- the manifest -------------------------------------------------------------------------

OFFICIAL = load_official(DATA_DIR)


def test_the_manifest_names_every_official_list_with_a_working_format() -> None:
    assert {s.list for s in OFFICIAL} == {
        "eu_fsf",
        "un_sc",
        "uk_sanctions",
        "us_ofac_sdn",
        "us_ofac_cons",
        "us_csl",
    }
    jurisdictions = json.loads((DATA_DIR / "list_jurisdictions.json").read_text())["lists"]
    for source in OFFICIAL:
        assert source.url.startswith("https://"), source.list
        assert source.format in FORMAT_NAMES, source.list
        assert source.list in jurisdictions, f"{source.list}: whose law is it?"
        assert source.refresh_seconds >= 3600 and source.min_bytes > 0 and source.min_entries > 0
        assert source.page.startswith("https://") and source.licence, source.list
        assert all("/" not in h and "*" not in h for h in source.redirect_hosts), source.list
    raw = json.loads((DATA_DIR / "official_sources.json").read_text())
    assert raw["checked_on"] <= raw["review_by"]
    # the UK list is the FCDO's since the OFSI Consolidated List closed on 28 January 2026
    uk = next(s for s in OFFICIAL if s.list == "uk_sanctions")
    assert "fcdo.gov.uk" in uk.url and uk.format == "uk_xml"


def test_one_setting_switches_the_official_lists_on(monkeypatch: pytest.MonkeyPatch) -> None:
    off = ListSettings().list_plan()
    assert not any(s.startswith(("http://", "https://")) for s in off.specs)
    monkeypatch.setenv("CLEARWAY_SCREENING_OFFICIAL_LISTS", "true")
    on = ListSettings().list_plan()
    assert on.specs == tuple(s.spec for s in OFFICIAL)
    assert on.min_entries["eu_fsf"] == 3000 and on.min_entries["us_ofac_enhanced"] == 5000
    assert on.intervals["us_csl"] == 86400 and on.min_bytes["uk_sanctions"] == 8_000_000
    assert on.redirect_hosts["un_sc"] == ("unsolprodfiles.blob.core.windows.net",)
    assert on.secrets["eu_fsf"]  # the token of the public download link
    # what an operator sets explicitly goes over the manifest, and more lists are added
    monkeypatch.setenv("CLEARWAY_SCREENING_LISTS", '["/data/own.csv"]')
    monkeypatch.setenv("CLEARWAY_SCREENING_LIST_SECRETS", '{"eu_fsf": "own-token"}')
    monkeypatch.setenv("CLEARWAY_SCREENING_LIST_REFRESH_INTERVALS", '{"un_sc": 1800}')
    mine = ListSettings().list_plan()
    assert mine.specs[-1] == "/data/own.csv" and len(mine.specs) == len(OFFICIAL) + 1
    assert mine.secrets["eu_fsf"] == "own-token" and mine.intervals["un_sc"] == 1800


# --- fetching them ------------------------------------------------------------------------


async def test_official_sources_load_on_their_own_intervals_with_the_token_unseen(
    tmp_path: Path,
) -> None:
    """The EU and UK fixtures served as the official files would be: the EU token goes into
    the URL and nowhere else; a source is fetched again only when its interval has passed;
    each records when it last succeeded and the publisher's date."""
    with serve(EU) as eu_server, serve(UK) as uk_server:
        sources = tuple(
            dataclasses.replace(s, url=url, min_bytes=1000, min_entries=1)
            for s, url in (
                (_official("eu_fsf"), eu_server.url + "?token={token}"),
                (_official("uk_sanctions"), uk_server.url),
            )
        )
        sources = (dataclasses.replace(sources[0], refresh_seconds=3600), sources[1])
        the_plan = plan(
            sources,
            specs=None,
            min_entries={},
            min_bytes={},
            intervals={"uk_sanctions": 0},
            redirect_hosts={},
            secrets={},
        )
        store = ListStore(
            the_plan.specs,
            min_entries=the_plan.min_entries,
            min_bytes=the_plan.min_bytes,
            intervals=the_plan.intervals,
            secrets=the_plan.secrets,
        )
        async with httpx.AsyncClient(timeout=5) as client:
            fetcher = ListFetcher(client, attempts=1)
            snapshot = await store.refresh(fetcher)
            assert set(snapshot.versions) == {"eu_fsf", "uk_sanctions"}
            assert eu_server.requests[-1][":path"].endswith("token=dG9rZW4tMjAxNw")
            rows = {r["list"]: r for r in (s.as_dict() for s in store.status.values())}
            assert "dG9rZW4tMjAxNw" not in json.dumps(rows)
            assert rows["eu_fsf"]["published"] == "2026-08-05"
            assert rows["uk_sanctions"]["refresh_seconds"] == 0
            first = rows["eu_fsf"]["last_success_at"]
            assert isinstance(first, float)
            await store.refresh(fetcher)  # the EU file is not due for an hour; the UK one is
            assert (len(eu_server.requests), len(uk_server.requests)) == (1, 2)
            assert uk_server.requests[-1].get("If-None-Match")  # answered 304: still current
            uk_status = next(s for s in store.status.values() if s.list_name == "uk_sanctions")
            assert uk_status.last_success_at is not None and uk_status.last_error is None
            assert store.tick() == 0


async def test_a_download_below_its_floor_in_bytes_is_refused() -> None:
    with serve(UK) as server:
        store = ListStore(
            [f"uk_sanctions=uk_xml:{server.url}"], min_bytes={"uk_sanctions": 10_000_000}
        )
        async with httpx.AsyncClient(timeout=5) as client:
            snapshot = await store.refresh(ListFetcher(client, attempts=1))
    assert snapshot.index is None and snapshot.failed == ("uk_sanctions",)
    (status,) = store.status.values()
    assert status.last_error and "implausible download" in status.last_error
    assert status.last_success_at is None


def _official(name: str):  # type: ignore[no-untyped-def]
    return next(s for s in OFFICIAL if s.list == name)


# --- age ----------------------------------------------------------------------------------

NOW = dt.datetime(2026, 12, 2, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(
    ("published", "max_age", "old"),
    [
        ("2026-11-30", 30, False),
        ("2026-10-01", 30, True),
        ("2026-11", 30, False),  # a month counts from its last day
        ("2016-02-11", 30, True),  # the legacy EU test file
        ("2026", 30, False),  # a year from its last day
        (None, 30, False),  # no publisher's date: age unknown, never called outdated
        ("not a date", 30, False),
    ],
)
def test_a_list_is_outdated_by_its_publishers_date(
    published: str | None, max_age: float, old: bool
) -> None:
    assert freshness.outdated(published, NOW, max_age) is old


def test_a_source_is_overdue_after_missed_intervals_and_a_file_never() -> None:
    assert freshness.overdue(NOW - 3 * 3600 - 1, 3600, NOW, misses=3)
    assert not freshness.overdue(NOW - 3600, 3600, NOW, misses=3)
    assert freshness.overdue(None, 3600, NOW, misses=3)
    assert not freshness.overdue(None, None, NOW, misses=3)


def test_outdated_lists_get_a_line_at_start(shared_dir: Path) -> None:
    store = ListStore([str(shared_dir / "data/sanctions/eu/eu_fsf_legacy_2016-02-11.xml"), str(UK)])
    store.load_all()
    with capture_logs() as logs:
        report_outdated(store, 30, now=NOW)
    lines = [(e["event"], e["list"], e["published"]) for e in logs]
    assert lines == [
        ("list_outdated", "eu_fsf", "2016-02-11"),
        ("list_outdated", "uk_sanctions", "2026-09-10"),
    ]
    with capture_logs() as logs:
        report_outdated(store, 365, now=NOW)
    assert [e["list"] for e in logs] == ["eu_fsf"]


def test_a_failed_source_is_retried_on_the_default_interval_not_its_own() -> None:
    store = ListStore(
        ["us_csl=us_csl:https://example.org/csl.csv"],
        intervals={"us_csl": 86400},
        default_interval=3600,
    )
    (source,) = store.sources
    status = store.status[source.spec]
    status.checked_at = NOW - 4000
    assert store.due(source, NOW)  # never succeeded: retried after an hour
    status.last_success_at = status.checked_at
    assert not store.due(source, NOW)  # succeeded: next in a day
    status.last_success_at = NOW - 90_000  # the last check failed
    assert store.due(source, NOW)
    assert store.tick() == 3600


def test_refresh_intervals_below_a_minute_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEARWAY_SCREENING_LIST_REFRESH_INTERVALS", '{"un_sc": -5}')
    with pytest.raises(ValueError, match="at least 60 seconds"):
        ListSettings()
