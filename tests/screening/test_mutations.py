"""The mutation corpus (``bench/mutations.py``): real entries of every default list, each
written with invisible characters, soft hyphens, look-alike letters of several scripts,
full-width letters, spaces removed or added, other case, diacritics, another word order and
another legal form. None may come out green."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.mutations import MUTATIONS, corpus, samples
from schemas import PartnerUpsertedEvent
from schemas.decision import Outcome, outcome_of
from services.sanctions.jurisdictions import load_jurisdictions
from services.sanctions.party import Thresholds
from services.sanctions.regimes import load_regimes
from services.sanctions.snapshot import Snapshot
from services.screening import rules

PER_LIST = 40


def partner(name: str, kind: str) -> Any:
    return PartnerUpsertedEvent.model_validate(
        {
            "specversion": "1.0",
            "id": "m",
            "source": "/mutations",
            "type": "partner.upserted",
            "time": "2026-11-20T09:00:00Z",
            "data": {"partner_id": "P", "kind": kind, "name": name, "country": "DE"},
        }
    )


def test_no_mutation_of_a_listed_name_comes_out_green(real_snapshot: Snapshot) -> None:
    assert real_snapshot.index is not None
    picked = samples(list(real_snapshot.index.lists), PER_LIST)
    assert len({s.list_name for s in picked}) >= 5 and len(picked) >= 200
    regimes, thresholds, jurisdictions = load_regimes(), Thresholds(), load_jurisdictions()
    tried: Counter[str] = Counter()
    green: dict[str, list[str]] = {}
    for label, sample, name in corpus(picked):
        kind = "person" if sample.entry.kind == "person" else "organization"
        verdict = rules.decide(
            partner(name, kind), real_snapshot, regimes, thresholds, jurisdictions=jurisdictions
        )
        tried[label] += 1
        if outcome_of(verdict.reasons) is Outcome.CLEARED:
            green.setdefault(label, []).append(f"{sample.list_name}: {name!r}")
    assert set(tried) == set(MUTATIONS)
    assert green == {}, {k: (len(v), v[:5]) for k, v in green.items()}
