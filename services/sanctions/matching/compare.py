"""Scoring a query against a list entry, with the explanation a compliance officer reads.

The score starts from the best name similarity between any query name and any name of
the entry, then each feature adds its weight when it applies. Every feature is a small
pure function whose docstring is the sentence shown in the evidence, in the style of
nomenklatura's matching features; ``FEATURES`` is the algorithm, as data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

from services.sanctions.lists.model import EntryKind, ListEntry, ListName, NameStrength
from services.sanctions.matching.normalize import (
    NameForm,
    name_form,
    phonetic,
    phonetic_short,
    skeleton,
)

#: token pairs below this similarity count as unmatched
TOKEN_FLOOR = 0.7
#: Jaro-Winkler favours shared prefixes; it only counts this much below Levenshtein
JW_DISCOUNT = 0.1
#: partial token similarity is worth less than its face value: names match or they don't
CREDIT_EXPONENT = 1.0
PARTICLE_WEIGHT = 1.0
#: a person's shorter name whose every token matches the longer one (missing middle names,
#: patronymics) scores this share of its token similarity
SUBSET_FACTOR = 0.88
SUBSET_MIN_SIM = 0.85
#: a core token on each side matching nothing on the other (Ihab/Rami Makhlouf)
REPLACED_FACTOR = 0.8
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


@dataclass(frozen=True, slots=True)
class Query:
    """What is screened: one party's names and the facts that support or weaken a match."""

    names: tuple[str, ...]
    kind: EntryKind | None = None
    countries: tuple[str, ...] = ()
    birth_date: date | None = None


def edit_budget(length: int) -> int:
    """Typos a token of this length may carry and still be the same name."""
    return 0 if length <= 3 else 1 if length <= 7 else 2 if length <= 11 else 3


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str, abjad: bool = False, cjk: bool = False) -> float:
    """1 for equal tokens; an initial against the name it starts; a typo within the edit
    budget; a short token that sounds the same; consonant skeletons for abjad names."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0  # an initial stands for the name it starts
    if a.isdigit() or b.isdigit():
        return 0.0
    score = 0.0
    budget = 0 if cjk else edit_budget(min(len(a), len(b)))  # syllables: exact or nothing
    distance = Levenshtein.distance(a, b, score_cutoff=budget + 2)
    if budget and distance <= budget:
        score = max(
            Levenshtein.normalized_similarity(a, b),
            JaroWinkler.normalized_similarity(a, b) - JW_DISCOUNT,
        )
    elif max(len(a), len(b)) <= 3 and phonetic_short(a) == phonetic_short(b):
        score = 0.85  # "xi" and "si"
    elif (
        not cjk
        and min(len(a), len(b)) >= 4
        and a[0] == b[0]
        and distance <= budget + 1
        and phonetic(a) == phonetic(b)
    ):
        score = 0.85  # transliteration variants that sound alike: aleksandr, alexander
    if abjad:
        sa, sb = skeleton(a), skeleton(b)
        if sa == sb or (min(len(sa), len(sb)) >= 3 and Levenshtein.distance(sa, sb) <= 1):
            score = max(score, 0.95 * Levenshtein.normalized_similarity(sa, sb))
    return score if score >= TOKEN_FLOOR else 0.0


def _weight(token: str, particle: bool) -> float:
    return PARTICLE_WEIGHT if particle else float(min(len(token), 10))


def _tokens(form: NameForm, persons: bool) -> list[tuple[str, bool]]:
    """(token, is_particle); a legal-form word in a person's name ("Pao") is part of it."""
    core = form.core + form.legal if persons else form.core
    return [(t, False) for t in core] + [(t, True) for t in form.particles]


def name_similarity(q: NameForm, c: NameForm, persons: bool = False) -> float:
    """Dice-style overlap of aligned tokens, weighted by token length; or the similarity of
    the names written together, which catches merged and split words; for two persons, also
    a shorter name fully contained in the longer one (missing middle names)."""
    abjad, cjk = q.abjad or c.abjad, q.cjk or c.cjk
    q_tokens = _tokens(q, persons)
    c_tokens = _tokens(c, persons)
    if not q_tokens or not c_tokens:
        return 0.0
    pairs = sorted(
        (
            (token_similarity(a, b, abjad and not (pa or pb), cjk), i, j)
            for i, (a, pa) in enumerate(q_tokens)
            for j, (b, pb) in enumerate(c_tokens)
        ),
        reverse=True,
    )
    used_q: dict[int, tuple[float, int]] = {}
    used_c: dict[int, tuple[float, int]] = {}
    matched = 0.0
    for sim, i, j in pairs:
        if sim <= 0.0:
            break
        if i in used_q or j in used_c:
            continue
        used_q[i], used_c[j] = (sim, j), (sim, i)
        matched += sim**CREDIT_EXPONENT * (_weight(*q_tokens[i]) + _weight(*c_tokens[j]))
    total = sum(_weight(*t) for t in q_tokens) + sum(_weight(*t) for t in c_tokens)
    dice = matched / total
    if _replaced(q_tokens, used_q) and _replaced(c_tokens, used_c):
        dice *= REPLACED_FACTOR  # a name part differs on both sides: likely another party
    if persons and not cjk:
        dice = max(dice, _subset(q_tokens, used_q, c_tokens, used_c))
    qj, cj = q.joined, c.joined
    if abjad and min(len(qj), len(cj)) >= 4 and skeleton(qj) == skeleton(cj):
        return max(dice, 0.9)  # عبد الله and Abdullah: the same consonants written together
    joined = Levenshtein.normalized_similarity(qj, cj) if min(len(qj), len(cj)) >= 6 else 0.0
    return max(dice, 0.97 * joined if joined >= 0.9 else 0.0)


def _replaced(tokens: list[tuple[str, bool]], used: dict[int, tuple[float, int]]) -> bool:
    return any(
        not particle and len(t) >= 3 and i not in used for i, (t, particle) in enumerate(tokens)
    )


def _subset(
    q_tokens: list[tuple[str, bool]],
    used_q: dict[int, tuple[float, int]],
    c_tokens: list[tuple[str, bool]],
    used_c: dict[int, tuple[float, int]],
) -> float:
    """The shorter name's every core token matches a whole token of the longer one (no
    initials): a person named without middle names or patronymic."""
    if len(q_tokens) <= len(c_tokens):
        shorter, used, other = q_tokens, used_q, c_tokens
    else:
        shorter, used, other = c_tokens, used_c, q_tokens
    core = [i for i, (_, particle) in enumerate(shorter) if not particle]
    if len(core) < 2:
        return 0.0
    sims = []
    for i in core:
        if i not in used:
            return 0.0
        sim, j = used[i]
        if sim < SUBSET_MIN_SIM or len(shorter[i][0]) < 2 or len(other[j][0]) < 2 or other[j][1]:
            return 0.0
        sims.append(sim)
    return SUBSET_FACTOR * sum(sims) / len(sims)


@dataclass(frozen=True, slots=True)
class NameHit:
    query_name: str
    matched_name: str
    strength: NameStrength
    similarity: float


def best_name(
    query_forms: Sequence[NameForm],
    entry: ListEntry,
    persons: bool = False,
    names: Sequence[ListName] | None = None,
) -> NameHit:
    best = NameHit("", "", "strong", -1.0)
    for q in query_forms:
        for n in names if names is not None else entry.names:
            sim = name_similarity(q, name_form(n.name), persons)
            if sim > best.similarity or (sim == best.similarity and best.strength == "weak"):
                best = NameHit(q.text, n.name, n.strength, sim)
    return best


# --- features: (query, entry, name hit) -> applies? ----------------------------------

FeatureFn = Callable[[Query, ListEntry, NameHit], bool]


def _years(values: Sequence[str]) -> set[int]:
    return {int(v[:4]) for v in values if len(v) >= 4 and v[:4].isdigit()}


def weak_alias(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The name matched is a weak alias of the entry (a nickname or partial name)."""
    return hit.strength == "weak"


def birth_date_match(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The date of birth matches one the list gives."""
    if query.birth_date is None:
        return False
    full = query.birth_date.isoformat()
    return any(
        full.startswith(d) or d == full for d in entry.birth_dates if len(d) >= 4
    ) and query.birth_date.year in _years(entry.birth_dates)


def birth_date_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The year of birth differs by more than a year from every one the list gives."""
    years = _years(entry.birth_dates)
    return (
        query.birth_date is not None
        and bool(years)
        and all(abs(query.birth_date.year - y) > 1 for y in years)
    )


def country_match(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """A country of the party is a country the list gives for the entry."""
    return bool(set(query.countries) & set(entry.countries))


def country_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The party's countries and the entry's countries have nothing in common."""
    return (
        bool(query.countries)
        and bool(entry.countries)
        and not (set(query.countries) & set(entry.countries))
    )


def single_word_name(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The list name matched is a single word, met by one word of a longer name."""
    q, c = name_form(hit.query_name), name_form(hit.matched_name)
    return min(len(q.core), len(c.core)) == 1 and max(len(q.core), len(c.core)) >= 2


def kind_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """A person was matched against an organisation, vessel or aircraft, or the reverse."""
    if query.kind is None or entry.kind == "unknown":
        return False
    return (query.kind == "person") != (entry.kind == "person")


def legal_form_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """Both names carry a legal form, and the forms differ (GmbH against LLC)."""
    q, c = name_form(hit.query_name).legal, name_form(hit.matched_name).legal
    return bool(q) and bool(c) and not set(q) & set(c)


def _numbers(form: NameForm) -> set[str]:
    return {t for t in form.core if t.isdigit() or t in _ROMAN}


def number_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """Both names carry numbers, and they differ (Fund VIII against Fund IX)."""
    q, c = _numbers(name_form(hit.query_name)), _numbers(name_form(hit.matched_name))
    return bool(q) and bool(c) and q != c


#: the algorithm: features and the weight each adds to the name similarity when it applies
FEATURES: tuple[tuple[FeatureFn, float], ...] = (
    (weak_alias, -0.08),
    (birth_date_match, 0.05),
    (birth_date_mismatch, -0.2),
    (country_match, 0.03),
    (country_mismatch, -0.05),
    (single_word_name, -0.1),
    (kind_mismatch, -0.15),
    (legal_form_mismatch, -0.12),
    (number_mismatch, -0.2),
)


@dataclass(frozen=True, slots=True)
class Explained:
    score: float
    hit: NameHit
    features: tuple[tuple[str, float, str], ...]  # (feature, effect, why)


def score_entry(
    query: Query,
    query_forms: Sequence[NameForm],
    entry: ListEntry,
    names: Sequence[ListName] | None = None,
) -> Explained:
    """Score an entry on its best name (among ``names`` where given: the names the index
    retrieved), then apply the features."""
    persons = query.kind == "person" and entry.kind in ("person", "unknown")
    hit = best_name(query_forms, entry, persons, names)
    applied = []
    score = hit.similarity
    for feature, weight in FEATURES:
        if feature(query, entry, hit):
            score += weight
            applied.append((feature.__name__, weight, (feature.__doc__ or "").strip()))
    return Explained(round(max(0.0, min(1.0, score)), 4), hit, tuple(applied))
