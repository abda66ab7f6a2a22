"""Time to re-screen known partners (default 100,000, from negatives_us.csv, repeated where
it has fewer) after a list change (the SDN update of 3 May 2024), on one core:

- after a restart or a rollout, each partner is decided once with the lists in use and its
  signature compared with the one stored on the state topic;
- in a running service, each partner is decided with the old and the new lists.

Reading the partners back from the compacted topic adds about a second per 10,000 records;
the work divides across instances by partition, so the projection divides by instances."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

from schemas import PartnerUpsertedEvent
from services.sanctions.regimes import load_regimes
from services.sanctions.settings import shared_data_dir
from services.sanctions.store import ListStore
from services.screening import rules
from services.screening.rescreen import signature

MILLION = 1_000_000
OTHER_LISTS = (
    "sanctions/us_csl/consolidated.csv.gz",
    "sanctions/un/UN_consolidated.xml",
    "sanctions/eu/eu_fsf_legacy_2016-02-11.xml",
    "sanctions/uk_derived",
)


def run() -> list[str]:
    data = shared_data_dir()
    n = int(os.environ.get("BENCH_RESCREEN_PARTNERS", "100000"))
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
        source = list(csv.DictReader(handle))
    rows = [source[i % len(source)] for i in range(n)]
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
    probe = subprocess.run(
        [sys.executable, "-m", "bench.memprobe"], capture_output=True, text=True, check=True
    ).stdout.split()
    index_mb = float(probe[1])
    started = time.perf_counter()
    stored = [signature(rules.decide(e, new, regimes, thresholds)) for e in events]
    once = time.perf_counter() - started
    started = time.perf_counter()
    sample = events[: min(len(events), 10_000)]
    changed = sum(
        signature(rules.decide(e, old, regimes, thresholds))
        != signature(rules.decide(e, new, regimes, thresholds))
        for e in sample
    )
    twice = (time.perf_counter() - started) * len(events) / len(sample)
    rate = len(events) / once
    return [
        "\nRe-screening known partners (SDN 2024-05-02 -> 2024-05-03, all default lists, one core)",
        f"  after a restart or rollout (decide once, compare with the stored signature): "
        f"{len(events):,} partners in {once:.1f} s ({rate:,.0f} partners/s, {len(stored):,} "
        "signatures)",
        f"  in a running service (old and new lists): {twice:.1f} s for {len(events):,} "
        f"(measured on {len(sample):,}; {changed} changed)",
        "  projection across instances (partitions split the work): "
        + ", ".join(f"{k} instances {len(events) / rate / k:.0f} s" for k in (1, 3, 6)),
        "  1,000,000 partners at this rate: "
        + ", ".join(f"{k} instances {MILLION / rate / k / 60:.1f} min" for k in (1, 3, 6, 12)),
        f"  memory per instance: the lists and their index {index_mb:.0f} MB peak resident in a "
        "fresh process (bench.memprobe); partners are not held in memory (read from the "
        "compacted state topic and compared one by one)",
    ]
