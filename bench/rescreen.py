"""Time to re-screen 10,000 partners after a list change (the SDN update of 3 May 2024):
both decisions per partner (old lists, new lists) and the comparison, on one core. Reading
the partners back from the compacted topic adds about a second per 10,000 records; the
work divides across instances by partition."""

from __future__ import annotations

import csv
import os
import time

from schemas import PartnerUpsertedEvent
from services.sanctions.regimes import load_regimes
from services.sanctions.settings import shared_data_dir
from services.sanctions.store import ListStore
from services.screening import rules
from services.screening.rescreen import signature

OTHER_LISTS = (
    "sanctions/us_csl/consolidated.csv.gz",
    "sanctions/un/UN_consolidated.xml",
    "sanctions/eu/eu_fsf_legacy_2016-02-11.xml",
    "sanctions/uk_derived",
)


def run() -> list[str]:
    data = shared_data_dir()
    n = int(os.environ.get("BENCH_RESCREEN_PARTNERS", "10000"))
    old, new = (
        ListStore(
            [
                str(data / f"sanctions/ofac_sdn/sdn_{day}_jackdwyer.csv"),
                *(str(data / p) for p in OTHER_LISTS),
            ]
        ).load_all()
        for day in ("2024-05-02", "2024-05-03")
    )
    regimes, thresholds = load_regimes(), rules.Thresholds()
    with (data / "matching-dev" / "negatives_us.csv").open() as handle:
        rows = list(csv.DictReader(handle))[:n]
    events = [
        PartnerUpsertedEvent.model_validate(
            {
                "specversion": "1.0",
                "id": f"e{i}",
                "source": "/bench",
                "type": "partner.upserted",
                "time": "2026-11-20T00:00:00Z",
                "data": {
                    "partner_id": f"P{i}",
                    "kind": "person",
                    "name": r["full_name"],
                    "birth_date": r["date_of_birth"] or None,
                },
            }
        )
        for i, r in enumerate(rows)
    ]
    started = time.perf_counter()
    changed = sum(
        signature(rules.decide(e, old, regimes, thresholds))
        != signature(rules.decide(e, new, regimes, thresholds))
        for e in events
    )
    seconds = time.perf_counter() - started
    return [
        "\nRe-screening after a list change (SDN 2024-05-02 -> 2024-05-03, all default lists)",
        f"  {len(events):,} partners decided with the old and the new lists in {seconds:.1f} s on one "
        f"core ({len(events) / seconds:,.0f} partners/s); {changed} changed",
    ]
