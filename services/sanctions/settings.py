"""Settings of the sanctions lists and the match thresholds (``CLEARWAY_SCREENING_*``),
shared by the screening service (partners) and export control (end users).

``CLEARWAY_SCREENING_LISTS`` is a JSON list of list sources, ``[NAME=][FORMAT:]LOCATION``;
by default the real list files in the shared data folder beside the repository
(``CLEARWAY_SHARED_DIR``), which is what the embedded run and the tests use.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, model_validator

from services.common.localkafka import PROJECT_ROOT
from services.common.settings import RuntimeSettings
from services.sanctions.jurisdictions import Jurisdictions, load_jurisdictions
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
        default=None, description="Where accepted downloads of URL sources are kept."
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
    def _ordered(self) -> ListSettings:
        if self.screening_review_threshold > self.screening_match_threshold:
            msg = "CLEARWAY_SCREENING_REVIEW_THRESHOLD must not exceed the match threshold"
            raise ValueError(msg)
        return self
