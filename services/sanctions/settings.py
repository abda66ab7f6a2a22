"""Settings of the sanctions lists and the match thresholds (``CLEARWAY_SCREENING_*``),
shared by the screening service (partners) and export control (end users).

``CLEARWAY_SCREENING_LISTS`` is a JSON list of list sources, ``[NAME=][FORMAT:]LOCATION``;
by default the real list files in the shared data folder beside the repository
(``CLEARWAY_SHARED_DIR``), which is what the embedded run and the tests use.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from services.common.localkafka import PROJECT_ROOT
from services.common.settings import RuntimeSettings
from services.sanctions.jurisdictions import Jurisdictions, load_jurisdictions
from services.sanctions.official import ListPlan, load_official, plan
from services.sanctions.party import Thresholds
from services.sanctions.regimes import DATA_DIR

DEFAULT_LISTS = (
    "sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv",
    "sanctions/ofac_non_sdn/cons_prim.csv",
    "sanctions/us_csl/consolidated.csv.gz",
    "sanctions/un/UN_consolidated.xml",
    "sanctions/eu/eu_fsf_legacy_2016-02-11.xml",
    "sanctions/uk_derived",
)


def shared_data_dir() -> Path:
    return Path(os.environ.get("CLEARWAY_SHARED_DIR", PROJECT_ROOT.parent / "shared")) / "data"


#: the fewest entries a plausible copy of each official list has (a fraction of its size in
#: 2024 to 2026: us_ofac_sdn about 15,000, us_csl 14,000, uk_sanctions 6,000, un_sc 1,000)
MIN_ENTRIES: dict[str, int] = {
    "us_ofac_sdn": 5_000,
    "us_ofac_enhanced": 5_000,
    "us_csl": 5_000,
    "uk_sanctions": 2_000,
    "un_sc": 500,
    "eu_fsf": 500,
    "us_ofac_cons": 100,
}


def default_lists() -> list[str]:
    return [str(shared_data_dir() / p) for p in DEFAULT_LISTS]


class ListSettings(RuntimeSettings):
    """The list sources, thresholds and regime data of party screening."""

    screening_lists: list[str] = Field(default_factory=default_lists)
    screening_match_threshold: float = Field(default=0.85, gt=0, le=1)
    screening_review_threshold: float = Field(default=0.70, gt=0, le=1)
    screening_data_dir: Path = Field(
        default=DATA_DIR,
        description="Folder of the EU regime data and list jurisdictions (eu_regimes.json, "
        "list_jurisdictions.json).",
    )
    screening_refresh_seconds: float = Field(
        default=3600, gt=0, description="URL sources: how often"
    )
    screening_fetch_timeout_seconds: float = Field(default=30, gt=0)
    screening_fetch_attempts: int = Field(default=3, ge=1)
    screening_fetch_backoff_seconds: float = Field(default=1.0, ge=0)
    screening_min_entry_ratio: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="A download with fewer entries than this share of the last good list "
        "is refused.",
    )
    screening_list_jurisdictions: dict[str, str] = Field(
        default_factory=dict,
        description="Whose law each list is, over the defaults in list_jurisdictions.json "
        '(JSON: {"my_list": "EU"}); a list without one is treated as binding.',
    )
    screening_binding_jurisdictions: list[str] | None = Field(
        default=None,
        description="Jurisdictions whose listings bind this operator (default EU and UN, for "
        "an operator established in the EU); matches only on other lists are amber.",
    )
    screening_cache_dir: Path | None = Field(
        default=None,
        description="Where the last good copy of each URL source is kept; loaded at start, so "
        "a restart during a source's outage screens on it. The parsed lists and their index "
        "are kept there too (folder index/, owner-only), so a restart on the same lists reads "
        "them in about a second instead of parsing and indexing them again.",
    )
    screening_keep_index: bool = Field(
        default=True,
        description="Keep the parsed lists and their index in the cache folder for the next "
        "start (read back only when built from the same list bytes by the same code and "
        "libraries, from a file only this user can write, whose checksum matches).",
    )
    screening_list_min_entries: dict[str, int] = Field(
        default_factory=lambda: dict(MIN_ENTRIES),
        description="List name -> the fewest entries a plausible copy has; a copy with fewer "
        "(a truncated download, an error page) is refused, even on the first load.",
    )
    screening_max_list_bytes: int = Field(
        default=200 * 1024 * 1024,
        ge=1024,
        description="The most bytes a download, or a list once unpacked, may have.",
    )
    screening_list_redirect_hosts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="List name -> hosts its URL may redirect to over https, beyond its own "
        '(JSON: {"un_sc": ["scsanctions.un.org"]}).',
    )
    screening_list_secrets: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="List name -> secret put in place of {token} in its URL (the EU file "
        "needs a token); never logged or shown.",
    )

    screening_official_lists: bool = Field(
        default=False,
        description="Fetch the official lists (EU, UN, UK, OFAC SDN and non-SDN, US CSL) from "
        "their publishers, as services/sanctions/data/official_sources.json names them; lists "
        "set in CLEARWAY_SCREENING_LISTS are screened as well.",
    )
    screening_list_refresh_intervals: dict[str, float] = Field(
        default_factory=dict,
        description="List name -> how often its URL is fetched, in seconds, over the manifest "
        "and CLEARWAY_SCREENING_REFRESH_SECONDS.",
    )
    screening_list_min_bytes: dict[str, int] = Field(
        default_factory=dict,
        description="List name -> the fewest bytes a download of it has (over the manifest); "
        "a smaller one is refused.",
    )
    screening_list_max_age_days: float = Field(
        default=30,
        gt=0,
        description="A list whose publisher's date is older than this is reported at start, "
        "at /lists, in `clearway lists status` and by the ClearwayListOutdated alert.",
    )

    def list_plan(self) -> ListPlan:
        """The sources and their limits, with the official manifest when switched on."""
        secrets = {k: v.get_secret_value() for k, v in self.screening_list_secrets.items()}
        if not self.screening_official_lists:
            return ListPlan(
                specs=tuple(self.screening_lists),
                min_entries=self.screening_list_min_entries,
                min_bytes=self.screening_list_min_bytes,
                intervals=self.screening_list_refresh_intervals,
                redirect_hosts={k: tuple(v) for k, v in self.screening_list_redirect_hosts.items()},
                secrets=secrets,
            )
        explicit = self.model_fields_set
        official = load_official(self.screening_data_dir)
        named = {s.list for s in official}
        return plan(
            official,
            specs=self.screening_lists if "screening_lists" in explicit else None,
            # the built-in floors fit the test files; the manifest's fit the official ones
            min_entries=(
                self.screening_list_min_entries
                if "screening_list_min_entries" in explicit
                else {k: v for k, v in self.screening_list_min_entries.items() if k not in named}
            ),
            min_bytes=self.screening_list_min_bytes,
            intervals=self.screening_list_refresh_intervals,
            redirect_hosts=self.screening_list_redirect_hosts,
            secrets=secrets,
        )

    def thresholds(self) -> Thresholds:
        return Thresholds(self.screening_match_threshold, self.screening_review_threshold)

    def jurisdictions(self) -> Jurisdictions:
        return load_jurisdictions(
            self.screening_data_dir,
            overrides=self.screening_list_jurisdictions,
            binding=self.screening_binding_jurisdictions,
        )

    @model_validator(mode="after")
    def _positive(self) -> ListSettings:
        bad = {k: v for k, v in self.screening_list_refresh_intervals.items() if not v >= 60}
        if bad:
            msg = f"CLEARWAY_SCREENING_LIST_REFRESH_INTERVALS must be at least 60 seconds: {bad}"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _ordered(self) -> ListSettings:
        if self.screening_review_threshold > self.screening_match_threshold:
            msg = "CLEARWAY_SCREENING_REVIEW_THRESHOLD must not exceed the match threshold"
            raise ValueError(msg)
        return self
