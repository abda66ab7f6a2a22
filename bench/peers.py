"""Clearway's matcher side by side with nomenklatura's, in one run, on the same lists and
queries: logic-v2 (yente's default), logic-v1, regression-v1 and its implementation of the
OFAC search tool's name algorithm (``ofac``).

Only scoring differs: every matcher gets the candidates Clearway's index retrieves for a
query, and a query is flagged when one candidate scores at least the matcher's threshold.
Each matcher's threshold is the one that maximises its pair F1 on half A of the labelled
pairs (the same fixed split ``quality.half_of`` uses), so no matcher is judged at a
threshold chosen for another; the F1 on half B says how well that choice holds.

Lines, for each matcher: pair F1 on half A and half B; recall on the mutation corpus (the
share of mutated listed names flagged); false-positive rate on the US negatives; cross-script
recall on both shared sets; time per partner against all lists (retrieval and scoring).
Sizes are environment settings (BENCH_PEER_NEGATIVES, default 2,000; BENCH_PEER_MUTATION_
ENTRIES per list, default 10): nomenklatura scores an entity pair in tenths of a
millisecond, so the whole 50,000 negatives would take hours for four peers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from bench import quality
from bench.mutations import corpus, samples
from bench.quality import _prf, half_of, pairs
from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.index import ListIndex
from services.sanctions.matching.normalize import name_forms
from services.sanctions.party import Thresholds

PEERS = ("logic-v2", "logic-v1", "regression-v1", "ofac")
SCHEMAS = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}
SCHEMAS |= {"aircraft": "Airplane"}

#: (query name, kind, the listed entry or None) -> score
Scorer = Callable[[str, str, ListEntry], float]


@dataclass
class Line:
    name: str
    threshold: float
    f1_a: float
    f1_b: float
    mutation: float
    false_positives: float
    cross_pairs: float
    cross_putin: float
    ms_per_partner: float


def _entity(number: int, schema: str, props: dict[str, list[str]]) -> Any:
    """An entity for nomenklatura; each with its own id, as it caches by id."""
    from followthemoney.entity import ValueEntity

    return ValueEntity.from_dict({"id": f"e{number}", "schema": schema, "properties": props})


def peer_scorer(algorithm_name: str) -> Scorer:
    """A nomenklatura matcher as a scorer of (query name, kind, listed entry)."""
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algorithm, config = get_algorithm(algorithm_name), ScoringConfig.defaults()
    assert algorithm is not None
    ids = count()

    def score(name: str, kind: str, entry: ListEntry) -> float:
        schema = SCHEMAS.get(kind, "LegalEntity")
        query = _entity(next(ids), schema, {"name": [name]})
        props: dict[str, list[str]] = {"name": [n.name for n in entry.names]}
        if entry.birth_dates and schema == "Person":
            props["birthDate"] = list(entry.birth_dates)
        listed = _entity(next(ids), SCHEMAS.get(entry.kind, "LegalEntity"), props)
        return float(algorithm.compare(query, listed, config).score)

    return score


def clearway_scorer(index: ListIndex, review: float) -> Scorer:
    """Clearway's scoring as search applies it: the review threshold as the floor of exact
    and contained names, the index's common name parts."""

    def score(name: str, kind: str, entry: ListEntry) -> float:
        query = Query((name,), kind)  # type: ignore[arg-type]
        forms = list(name_forms(name))
        return score_entry(query, forms, entry, floor=review, common=index.common).score

    return score


def _pair_entry(row: dict[str, str]) -> tuple[str, str, ListEntry]:
    kind = quality.KINDS.get(row["schema"], "organization")
    entry = ListEntry("pairs", "1", kind, (ListName(row["name2"], "primary"),))  # type: ignore[arg-type]
    return row["name1"], kind, entry


def _found(
    index: ListIndex, scorer: Scorer, name: str, kind: str, threshold: float
) -> Iterator[str]:
    """The names of the candidates scoring at least ``threshold``, as they are scored."""
    forms = [f for f in name_forms(name) if f.core]
    for number in index.candidates(forms, person=kind == "person"):
        entry = index.entries[number][0]
        if scorer(name, kind, entry) >= threshold:
            yield " ".join(n.name for n in entry.names)


def _flagged(index: ListIndex, scorer: Scorer, name: str, kind: str, threshold: float) -> bool:
    return next(_found(index, scorer, name, kind, threshold), None) is not None


def measure(
    name: str, scorer: Scorer, index: ListIndex, data: Path, threshold: float | None = None
) -> Line:
    """One matcher's line; at ``threshold`` where given (Clearway's review threshold, the one
    it runs at), else at the threshold best on half A."""
    rows = pairs(data)
    scored = [(half_of(r), r["is_match"] == "true", scorer(*_pair_entry(r))) for r in rows]
    a = [(t, s) for h, t, s in scored if h == "A"]
    b = [(t, s) for h, t, s in scored if h == "B"]
    if threshold is None:
        threshold = max(
            (t / 100 for t in range(30, 100)),
            key=lambda th: _prf([t for t, _ in a], [s for _, s in a], th)[2],
        )
    f1_a = _prf([t for t, _ in a], [s for _, s in a], threshold)[2]
    f1_b = _prf([t for t, _ in b], [s for _, s in b], threshold)[2]

    picked = samples(list(index.lists), int(os.environ.get("BENCH_PEER_MUTATION_ENTRIES", "10")))
    mutated = list(corpus(picked))
    hit = sum(
        _flagged(
            index, scorer, text, "person" if s.entry.kind == "person" else "organization", threshold
        )
        for _, s, text in mutated
    )

    limit = int(os.environ.get("BENCH_PEER_NEGATIVES", "2000"))
    negatives = [r["full_name"] for r in quality.negatives(data, limit)]
    started = time.perf_counter()
    false = sum(_flagged(index, scorer, n, "person", threshold) for n in negatives)
    per_partner = (time.perf_counter() - started) / len(negatives) * 1000

    cross = quality.cross_pairs(data)
    cross_hit = sum(
        scorer(q, "person", ListEntry("x", "1", "person", (ListName(e, "primary"),))) >= threshold
        for q, e in cross
    )
    putin = quality.putin_names(data)
    putin_hit = sum(
        any("putin" in f.lower() for f in _found(index, scorer, n, "person", threshold))
        for n in putin
    )
    return Line(
        name,
        threshold,
        f1_a,
        f1_b,
        hit / len(mutated),
        false / len(negatives),
        cross_hit / len(cross),
        putin_hit / len(putin),
        per_partner,
    )


def table(lines: Sequence[Line], negatives: int, mutated: int) -> list[str]:
    out = [
        "\nSide by side (Clearway's retrieval in front of every matcher; Clearway at its review "
        "threshold, each peer at its best threshold on half A of the pairs; "
        f"{negatives:,} negatives, {mutated:,} mutated listed names)",
        f"  {'matcher':<16} {'thresh':>6} {'F1 A':>6} {'F1 B':>6} {'mutation':>9} {'FP rate':>8} "
        f"{'cross pairs':>11} {'cross Putin':>11} {'ms/partner':>10}",
    ]
    for x in lines:
        out.append(
            f"  {x.name:<16} {x.threshold:>6.2f} {x.f1_a:>6.3f} {x.f1_b:>6.3f} {x.mutation:>9.1%} "
            f"{x.false_positives:>8.2%} {x.cross_pairs:>11.0%} {x.cross_putin:>11.0%} "
            f"{x.ms_per_partner:>10.2f}"
        )
    best = {
        "F1 B": max(lines, key=lambda x: x.f1_b).name,
        "mutation": max(lines, key=lambda x: x.mutation).name,
        "FP rate": min(lines, key=lambda x: x.false_positives).name,
        "cross pairs": max(lines, key=lambda x: x.cross_pairs).name,
        "cross Putin": max(lines, key=lambda x: x.cross_putin).name,
        "ms/partner": min(lines, key=lambda x: x.ms_per_partner).name,
    }
    out.append("  best per column: " + ", ".join(f"{k} {v}" for k, v in best.items()))
    return out


def run(index: ListIndex, data: Path, peers: Sequence[str] = PEERS) -> list[str]:
    review = Thresholds().review
    lines = [measure("clearway", clearway_scorer(index, review), index, data, review)]
    for peer in peers:
        lines.append(measure(peer, peer_scorer(peer), index, data))
    negatives = int(os.environ.get("BENCH_PEER_NEGATIVES", "2000"))
    per_list = int(os.environ.get("BENCH_PEER_MUTATION_ENTRIES", "10"))
    mutated = len(list(corpus(samples(list(index.lists), per_list))))
    return table(lines, min(negatives, 50_000), mutated)
