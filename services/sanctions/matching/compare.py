"""Scoring a query against a list entry, with the explanation a compliance officer reads.

The score starts from the best name similarity between any query name and any name of
the entry, then each feature adds its weight when it applies. Every feature is a small
pure function whose docstring is the sentence shown in the evidence, in the style of
nomenklatura's matching features; ``FEATURES`` is the algorithm, as data.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from typing import Final

from rapidfuzz.distance import JaroWinkler, Levenshtein

from services.sanctions.lists.model import EntryKind, ListEntry, ListName, NameStrength
from services.sanctions.matching import (
    SOURCES,
    generic,
    given_names,
    identifiers,
    kana,
    mandarin,
    numbers,
    org_words,
    spelled,
)
from services.sanctions.matching.identifiers import Identifier
from services.sanctions.matching.normalize import (
    PARTICLES,
    WITHOUT_HONORIFICS,
    NameForm,
    abjad_onset,
    joins,
    listed_forms,
    name_form,
    phonetic,
    phonetic_short,
    rejoin,
    romanised_forms,
    skeleton,
    skeleton_folded,
    spelled_forms,
    uninflected,
)
from services.sanctions.matching.scripts import korean_key

#: token pairs below this similarity count as unmatched
TOKEN_FLOOR: Final = 0.7
#: Jaro-Winkler favours shared prefixes; it only counts this much below Levenshtein
JW_DISCOUNT: Final = 0.1
#: partial token similarity is worth less than its face value: names match or they don't
CREDIT_EXPONENT: Final = 1.0
PARTICLE_WEIGHT: Final = 1.0
#: a person's shorter name whose every token matches the longer one (missing middle names,
#: patronymics) scores this share of its token similarity
SUBSET_FACTOR: Final = 0.88
SUBSET_MIN_SIM: Final = 0.85
#: a core token on each side matching nothing on the other (Ihab/Rami Makhlouf)
REPLACED_FACTOR: Final = 0.8


@dataclass(frozen=True, slots=True)
class Query:
    """What is screened: one party's names and the facts that support or weaken a match."""

    names: tuple[str, ...]
    kind: EntryKind | None = None
    countries: tuple[str, ...] = ()
    birth_date: date | None = None
    identifiers: tuple[Identifier, ...] = ()


def edit_budget(length: int) -> int:
    """Typos a token of this length may carry and still be the same name."""
    return 0 if length <= 3 else 1 if length <= 7 else 2 if length <= 11 else 3


def _may_be_alike(a: str, b: str, abjad: bool, cjk: bool, katakana: bool = False) -> bool:
    """False where two words cannot be alike: longer than three letters, more edits apart
    than any reading below allows, not an abjad name, not a given name the table knows in
    two forms, not two numbers. ``token_similarity`` asks it first, so a reading added
    there cannot make a word alike that this says is not (and ``may_reach``, which asks it
    to skip the cache, stays a bound)."""
    if abjad or katakana or len(a) <= 3 or len(b) <= 3:
        return True
    budget = 0 if cjk else edit_budget(min(len(a), len(b)))
    if Levenshtein.distance(a, b, score_cutoff=budget + 2) <= budget + 1:
        return True
    if numbers.value(a) is not None and numbers.value(b) is not None:
        return True  # eight and VIII: numbers compare by value
    return not cjk and given_names.name_of(a) is not None and given_names.name_of(b) is not None


#: the letters of its consonant skeleton one word read from an abjad needs for a name
#: without its middle names to meet a listed one on it (Khamenei: khmn; Sayyadi and Sayyid,
#: both sd, are two names)
ABJAD_DISTINCT: Final = 4
#: the most two words written in an abjad score alike: their consonants are all the script
#: writes, so equal consonants are as near to the same word as the writing can show
ABJAD_SAME: Final = 0.95


#: a place's name against its adjective in an organisation's name: the same place, written
#: as English names it
PLACE_ADJECTIVE: Final = 0.95
#: a word and its plural in an organisation's name (Industry, INDUSTRIES): the same word
SINGULAR_PLURAL: Final = 0.95
#: a word and another of its stem in an organisation's name (Industry, INDUSTRIAL; Developing,
#: DEVELOPMENT): the same body named, a little less surely than by a plural, and more surely
#: than by an abbreviation, which may stand for another word; below the similarity at which
#: one name is read as held in the other (Higher Technological Institute is not in HIGHER
#: INSTITUTE OF APPLIED SCIENCE AND TECHNOLOGY)
DERIVED: Final = 0.88
#: a word and its abbreviation in an organisation's name (Bk, BANK; Devt, DEVELOPMENT): as
#: likely another word written short (Res: research, reserve, resources), so below the
#: similarity at which one name is read as contained in the other; a name met so may
#: reach review, never a match (``word_written_short``)
ABBREVIATED: Final = 0.85


@lru_cache(maxsize=500_000)
def token_similarity(
    a: str, b: str, abjad: bool = False, cjk: bool = False, katakana: bool = False
) -> float:
    """1 for equal tokens; an initial against the name it starts; a typo within the edit
    budget; a short token that sounds the same; consonant skeletons for abjad names; the
    sounds Japanese writes for a word read from katakana; a nominative ending; one East
    Slavic given name in another language's form; two numbers by their value."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0  # an initial stands for the name it starts
    if not _may_be_alike(a, b, abjad, cjk, katakana):
        return 0.0
    number = numbers.similarity(a, b)
    if number is not None:
        return number  # 44th and 44 alike, 12th and 11th not: compared by value
    if a.isdigit() or b.isdigit():
        return 0.0
    if (
        not cjk
        and (a.startswith(b) or b.startswith(a))
        and (uninflected(a) == b or uninflected(b) == a)
    ):
        return 0.85  # a nominative ending: Putinas, Putins
    if not cjk and given_names.same_name(a, b):
        return 0.9  # Vladimir, Volodymyr, Uladzimir; Vladimirovich, Volodymyrovych
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
        # two consonants say little ("sf" is Yusuf and Sofia alike) unless the words also
        # start alike (David, דוד)
        short = min(len(sa), len(sb)) < 3
        # a letter apart needs four consonants: Arif and Asif (rf, sf) are two names
        near = min(len(sa), len(sb)) >= 4 and Levenshtein.distance(sa, sb) <= 1
        if (short and sa == sb and abjad_onset(a) == abjad_onset(b)) or (
            not short and (sa == sb or near)
        ):
            score = max(score, ABJAD_SAME * Levenshtein.normalized_similarity(sa, sb))
        fa, fb = skeleton_folded(a), skeleton_folded(b)
        if min(len(fa), len(fb)) >= 3 and fa == fb:
            score = max(score, 0.9)  # Arabic script writes v as f and p as b
    if katakana:
        score = max(score, kana_similarity(a, b))
    return score if score >= TOKEN_FLOOR else 0.0


def _word_similarity(
    a: str, b: str, abjad: bool, cjk: bool, katakana: bool, organisations: bool = True
) -> float:
    """``token_similarity`` for any names but two persons' (Turki is a person's name, not
    Turkish): a place and its adjective count as the same word (0.95: Iran National Oil
    Company, NATIONAL IRANIAN OIL COMPANY). Where neither name is a person's nor either word
    a particle (``organisations``), so do a word and its plural (0.95: Iran Electronic
    Industry, IRAN ELECTRONICS INDUSTRIES), a word and another of its English stem nearly
    (0.88: Shahid Hemmat Industry Group, SHAHID HEMMAT INDUSTRIAL GROUP), and a word and its
    abbreviation less (0.85: Bk Saderat Iran, BANK SADERAT IRAN). Edwards is a name of its
    own, not Edward's plural, and the particle And is not Auckland written short."""
    sim = token_similarity(a, b, abjad, cjk, katakana)
    if sim < PLACE_ADJECTIVE and a[:3] == b[:3] and generic.same_place(a, b):
        return PLACE_ADJECTIVE
    if not organisations:
        return sim
    if sim < SINGULAR_PLURAL and generic.same_word_inflected(a, b):
        return SINGULAR_PLURAL
    if sim < DERIVED and generic.same_word_derived(a, b):
        return DERIVED
    if sim < ABBREVIATED and generic.written_short(a, b):
        return ABBREVIATED
    return sim


def _organisation_words_alike(a: str, b: str, organisations: bool) -> bool:
    """Alike as only words of an organisation's name are, which ``_may_be_alike`` does not
    know: a place and its adjective; and, where neither name is a person's nor either word
    a particle (And is not Auckland written short), a word and its plural, another word of
    its stem or its abbreviation.
    Each starts both words alike: most pairs are told apart by their first letters."""
    if a[0] != b[0]:
        return False
    return generic.same_place(a, b) or (
        organisations
        and (
            generic.same_word_inflected(a, b)
            or generic.same_word_derived(a, b)
            or generic.written_short(a, b)
        )
    )


#: a word read from katakana and a listed word written alike once the sounds Japanese
#: writes one way are folded: as near as the script can show (Putin, pūchin), a little below
#: an equal spelling; a word a letter apart scores in proportion
KANA_SAME: Final = 0.9
#: a word read from katakana a letter from a listed one as katakana tells them, both starting
#: alike and of six letters or more (ヒズボラ: Hizballah); shorter or starting otherwise they
#: are two names (アサド, Azadi; フェルナンデス, Hernandez)
KANA_NEAR: Final = 0.8
KANA_NEAR_LETTERS: Final = 6
#: the fewest letters, as katakana tells them, of a word that meets another on them alone:
#: Gucci (グッチ) and GWT are both gt
KANA_SHORTEST: Final = 3
#: the letters, as katakana tells them, one word of a name read from katakana needs for the
#: name without its middle names to meet a listed one on it (Khamenei: famenei)
KANA_DISTINCT: Final = 5


@lru_cache(maxsize=200_000)
def kana_similarity(a: str, b: str) -> float:
    """Two words alike as far as katakana can tell (``kana.key``, the query word ``a`` read
    from katakana): Putin and pūchin, Khamenei and hāmenei; Hemin and hāmenei not."""
    kb = kana.key(b)
    if not kb:
        return 0.0
    keys = kana.read_keys(a)
    if kb in keys:
        return KANA_SAME if len(kb) >= KANA_SHORTEST else 0.0
    near = any(
        ka[:1] == kb[:1]
        and max(len(ka), len(kb)) >= KANA_NEAR_LETTERS
        and Levenshtein.distance(ka, kb, score_cutoff=1) <= 1
        for ka in keys
    )
    return KANA_NEAR if near else 0.0


def _weight(token: str, particle: bool) -> float:
    return PARTICLE_WEIGHT if particle else float(min(len(token), 10))


def _tokens(form: NameForm, persons: bool) -> list[tuple[str, bool]]:
    """(token, is_particle); a legal-form word in a person's name ("Pao") is part of it."""
    core = form.core + form.legal if persons else form.core
    return [(t, False) for t in core] + [(t, True) for t in form.particles]


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike two names are, and by which comparison: aligned ``tokens``, a person's
    shorter name contained in the longer (``subset``), or the names written ``together``."""

    score: float
    how: str = "tokens"
    #: core tokens of either name that matched nothing on the other side
    unmatched: tuple[str, ...] = ()
    #: every word of one organisation's name is in the other's, which has more words ("X
    #: Foundation", "X Research Institute" beside X): a front or a successor as often as not
    contained: bool = False
    #: words met only loosely (as a word written short, or a letter or sound apart): North
    #: beside NORTHWEST may as well be a split word, read again joined (North-West)
    loose: tuple[str, ...] = ()
    #: a pair of words met only as a word and its abbreviation (Bk, BANK)
    shortened: bool = False


#: names sharing less than this are not read again with split words joined (a shared word
#: at least: "Haqqani" beside "Jalal-Uddin Haqqani"; wholly split names compare written
#: together)
REJOIN_FROM: Final = 0.3
#: a name contained in the other needs this many letters (two words at least)
CONTAINED_LETTERS: Final = 6


def name_similarity(q: NameForm, c: NameForm, persons: bool = False) -> float:
    return similarity(q, c, persons).score


def similarity(
    q: NameForm, c: NameForm, persons: bool = False, *, organisations: bool = True
) -> Similarity:
    """Dice-style overlap of aligned tokens, weighted by token length; or the similarity of
    the names written together, which catches merged and split words; for two persons, also
    a shorter name fully contained in the longer one (missing middle names). Where words do
    not match, each name is also read with split words joined as the other writes them
    ("Jalal-Uddin" beside "Jalaluddin"). Initials written together and read apart may be
    the name or not (``INITIALS_SIMILARITY``), as Wade-Giles syllables may. ``organisations``:
    neither name is a person's, so a word is also its plural and its abbreviation."""
    best = _rejoined(q, c, persons, organisations)
    if best.score > INITIALS_SIMILARITY and spelled.INITIALS_APART in (q.reading, c.reading):
        return replace(best, score=INITIALS_SIMILARITY)  # may be the name: a person looks
    return best


def _rejoined(q: NameForm, c: NameForm, persons: bool, organisations: bool) -> Similarity:
    best = _similarity(q, c, persons, organisations)
    if best.score >= 1.0 or best.score < REJOIN_FROM or not best.unmatched:
        return best
    lone = frozenset(t for t in best.unmatched + best.loose if len(t) >= 4)
    for a, b, first in ((q, c, True), (c, q, False)):
        words = lone & frozenset(b.core)
        joined = rejoin(a, words, _close) if words else None
        if joined is not None:
            again = (
                _similarity(joined, b, persons, organisations)
                if first
                else _similarity(b, joined, persons, organisations)
            )
            if again.score > best.score:
                best = again
    return best


def _close(run: str, word: str) -> bool:
    """Two words written together are this word with a typo or two (al-Din, uddin)."""
    if len(word) < 6:
        return False
    budget = edit_budget(len(word))
    return abs(len(run) - len(word)) <= budget and (
        Levenshtein.distance(run, word, score_cutoff=budget + 1) <= budget
    )


#: a Korean name and a romanisation of it, syllable by syllable in the same order
KOREAN_SIMILARITY: Final = 0.95


def korean_order(q: NameForm, c: NameForm) -> bool:
    """One name is written in Hangul, the other is a romanisation of it: the same syllables in
    the same order (in any of the usual romanisations: 김정은, Kim Jong Un, Gim Jeong-eun),
    the family name written first or last. Only the order of whole words may change: 은정
    (Eun-jeong) is another name than 정은 (Jeong-eun)."""
    k, other = (q, c) if q.korean else (c, q)
    if not k.syllables or other.korean:
        return False
    target = "".join(korean_key(t) for t in other.ordered or other.core)
    words = ["".join(korean_key(s) for s in word) for word in k.syllables]
    orders = {tuple(words), tuple(words[-1:] + words[:-1]), tuple(words[1:] + words[:1])}
    return any("".join(order) == target for order in orders)


#: a Chinese name in Wade-Giles and one with the same syllables: Wade-Giles as names write it
#: (no apostrophe) spells several Pinyin syllables alike, so it may be the name, and a
#: person looks (review, not match, unless a date of birth or more ties them)
WADE_GILES_SIMILARITY: Final = 0.8
WADE_GILES: Final = "wade-giles syllables"
#: a name met only once its initials written together are read apart (JC Juncker, Jean-Claude
#: Juncker): letters written together may be initials or a name (Md, KC), so a person looks
#: (review, not match, unless a date of birth or more ties them)
INITIALS_SIMILARITY: Final = 0.8


def _similarity(q: NameForm, c: NameForm, persons: bool, organisations: bool) -> Similarity:
    abjad, cjk = q.abjad or c.abjad, q.cjk or c.cjk
    if (q.korean or c.korean) and korean_order(q, c):
        return Similarity(KOREAN_SIMILARITY, "korean syllables")
    best = _aligned(q, c, persons, abjad, cjk, organisations)
    if best.score < WADE_GILES_SIMILARITY and mandarin.same_syllables(q.words, c.words):
        return Similarity(WADE_GILES_SIMILARITY, WADE_GILES)
    return best


def _aligned(
    q: NameForm, c: NameForm, persons: bool, abjad: bool, cjk: bool, organisations: bool = True
) -> Similarity:
    q_tokens = _tokens(q, persons)
    c_tokens = _tokens(c, persons)
    if not q_tokens or not c_tokens:
        return Similarity(0.0)
    katakana = q.kana  # a query read from katakana (the lists write none)
    if persons:  # the hot path: no place is a person's name
        pairs = sorted(
            (
                (token_similarity(a, b, abjad and not (pa or pb), cjk, katakana), i, j)
                for i, (a, pa) in enumerate(q_tokens)
                for j, (b, pb) in enumerate(c_tokens)
            ),
            reverse=True,
        )
    else:
        pairs = sorted(
            (
                (
                    _word_similarity(
                        a,
                        b,
                        abjad and not (pa or pb),
                        cjk,
                        katakana,
                        organisations and not (pa or pb),
                    ),
                    i,
                    j,
                )
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
    total = sum((_weight(*t) for t in q_tokens), 0.0) + sum((_weight(*t) for t in c_tokens), 0.0)
    dice = matched / total
    unmatched = _unmatched(q_tokens, used_q) + _unmatched(c_tokens, used_c)
    # a name part on each side that matches nothing (two letters are a name part: Hu, Le)
    if _unmatched(q_tokens, used_q, 2) and _unmatched(c_tokens, used_c, 2):
        dice *= REPLACED_FACTOR  # a name part differs on both sides: likely another party
    contained = (
        not persons
        and (q.cjk == c.cjk or min(len(q_tokens), len(c_tokens)) >= CJK_CONTAINED_SYLLABLES)
        and (
            _contained(q_tokens, used_q, c_tokens, used_c)
            or _contained(c_tokens, used_c, q_tokens, used_q)
        )
    )
    loose = tuple(
        t
        for tokens, used in ((q_tokens, used_q), (c_tokens, used_c))
        for i, (t, _) in enumerate(tokens)
        if i in used and used[i][0] <= ABBREVIATED
    )
    shortened = not persons and organisations and _shortened(q_tokens, c_tokens, used_q)
    best = Similarity(dice, "tokens", unmatched, contained, loose, shortened)
    if persons and (not cjk or katakana):  # katakana writes a foreign name's parts apart
        subset = _subset(q_tokens, used_q, c_tokens, used_c, abjad, katakana)
        if subset > best.score:
            best = Similarity(subset, "subset", unmatched)
    joined = _joined(q, c, abjad, cjk)
    return Similarity(joined, "together") if joined > best.score else best


#: a name written in Chinese characters is read syllable by syllable, and two syllables of a
#: long one are another name's by chance (招商银行股份有限公司 held YIN ZHAO, 新东方教育科技
#: 集团 FANG YU: helper-29): a name in Latin letters is held in it only with three or more
CJK_CONTAINED_SYLLABLES: Final = 3


def _shortened(
    q_tokens: list[tuple[str, bool]],
    c_tokens: list[tuple[str, bool]],
    used_q: dict[int, tuple[float, int]],
) -> bool:
    """A pair of aligned words met only as a word and its abbreviation."""
    for i, (sim, j) in used_q.items():
        if sim == ABBREVIATED:
            (a, pa), (b, pb) = q_tokens[i], c_tokens[j]
            if not (pa or pb) and generic.written_short(a, b):
                return True
    return False


def _contained(
    inner: list[tuple[str, bool]],
    used: dict[int, tuple[float, int]],
    outer: list[tuple[str, bool]],
    used_outer: dict[int, tuple[float, int]],
) -> bool:
    """Every word of ``inner`` (two at least, one not a particle: "Al Furqan", "State
    Enterprise for Phosphates") matches one of ``outer``, which has core words of its own
    besides. A word met only as the initial of another is not held (Ege University in
    MALEK-E ASHTAR UNIVERSITY, its ezafe read as the initial of Ege)."""
    words = range(len(inner))
    if len(inner) < 2 or all(p for _, p in inner):
        return False
    if sum(len(t) for t, _ in inner) < CONTAINED_LETTERS:
        return False
    if any(i not in used or used[i][0] < 0.9 for i in words):
        return False
    for i in words:
        a, b = inner[i][0], outer[used[i][1]][0]
        if a != b and min(len(a), len(b)) == 1:
            return False
    return any(not p and j not in used_outer for j, (_, p) in enumerate(outer))


#: the consonants a name read from an abjad needs, written together, to meet a listed one on
#: them alone: Payam and APAMA are both p-m (شرکت پیام, Payam Company, met the vessel at 0.9)
JOINED_CONSONANTS: Final = 3


def _joined(q: NameForm, c: NameForm, abjad: bool, cjk: bool = False) -> float:
    """The names written together (with and without legal forms and particles): missing or
    extra spaces do not hide a name. The edits allowed are those the names' own letters
    allow (the edit budget of the shorter name without its legal form), so a long legal
    form written out in both ("Obshchestvo s ogranichennoi otvetstvennostiu Bai" beside
    "... Baikal") does not make two names alike; syllables (Han, Kana, Hangul) and abjad
    consonants are alike only when equal."""
    best = 0.0
    # syllables, and abjad letters (consonants: a letter there is a sound, not a typo), are
    # alike written together only when equal
    budget = 0 if cjk or abjad else edit_budget(min(len(q.joined), len(c.joined)))
    if (
        q.kana
        and min(len(q.joined), len(c.joined)) >= 6
        and kana.key(c.joined) in kana.read_keys(q.joined)
    ):
        best = KANA_SAME  # a name katakana runs together (ジョンウン, ウラジーミルプーチン)
    for qj, cj in ((q.joined, c.joined), (q.joined_whole, c.joined_whole), (q.raw, c.raw)):
        if (
            abjad
            and min(len(qj), len(cj)) >= 4
            and len(skeleton(qj)) >= JOINED_CONSONANTS
            and skeleton(qj) == skeleton(cj)
        ):
            best = max(best, 0.9)  # عبد الله and Abdullah: the same consonants written together
        if min(len(qj), len(cj)) >= 6:
            sim = Levenshtein.normalized_similarity(qj, cj)
            if sim >= 0.9 and Levenshtein.distance(qj, cj, score_cutoff=budget + 1) <= budget:
                best = max(best, 0.97 * sim)
    return best


def _unmatched(
    tokens: list[tuple[str, bool]], used: dict[int, tuple[float, int]], shortest: int = 3
) -> tuple[str, ...]:
    return tuple(
        t
        for i, (t, particle) in enumerate(tokens)
        if not particle and len(t) >= shortest and i not in used
    )


def _subset(
    q_tokens: list[tuple[str, bool]],
    used_q: dict[int, tuple[float, int]],
    c_tokens: list[tuple[str, bool]],
    used_c: dict[int, tuple[float, int]],
    abjad: bool = False,
    katakana: bool = False,
) -> float:
    """The shorter name's every core token matches a whole token of the longer one (no
    initials): a person named without middle names or patronymic. One word at least must be
    the same. Read from an abjad, words are the same as far as the script can show when
    their consonants are (``ABJAD_SAME``), and a name may also meet so, but only where every
    word does, one has a consonant skeleton of four letters at least (``ABJAD_DISTINCT``),
    and the query is the shorter name (a partner written without middle names): a short
    listed name inside a long Arabic or Persian name chain, or one of two- and three-letter
    skeletons, is most often two people sharing common names (Mohammad Zamani inside
    Amir-Abbas Mohammad Zamani; Sayyadi and Sayyid). Read from katakana likewise: every word
    alike as far as katakana tells (``KANA_SAME``), one of ``KANA_DISTINCT`` letters at least
    as it tells them (アリー・ハーメネイー: KHAMENEI, Ali Husseini)."""
    query_shorter = len(q_tokens) <= len(c_tokens)
    if query_shorter:
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
    if max(sims) >= 1.0:
        return SUBSET_FACTOR * sum(sims, 0.0) / len(sims)
    if not query_shorter or not (abjad or katakana):
        return 0.0  # every word only nearly alike, and words left over: too little
    if abjad and min(sims) >= ABJAD_SAME:
        if all(len(skeleton(shorter[i][0])) < ABJAD_DISTINCT for i in core):
            return 0.0  # two or three consonants tell too little (Sayyadi and Sayyid: s-d)
        return SUBSET_FACTOR * sum(sims, 0.0) / len(sims)
    if katakana and min(sims) >= KANA_SAME:
        if all(len(kana.key(shorter[i][0], read=True)) < KANA_DISTINCT for i in core):
            return 0.0
        return SUBSET_FACTOR * sum(sims, 0.0) / len(sims)
    return 0.0


@dataclass(frozen=True, slots=True)
class NameHit:
    query_name: str
    matched_name: str
    strength: NameStrength
    similarity: float
    #: how the names were found alike: "tokens", "subset" or "together"
    how: str = "tokens"
    #: core tokens either name has that the other lacks
    unmatched: tuple[str, ...] = ()
    #: how the query name was written, where that is itself evidence
    written: tuple[str, ...] = ()
    #: one organisation name contains every word of the other
    contained: bool = False
    #: the romanisation a name written in another script was read in, where not the default
    reading: str = ""
    #: a word of one name was met only as the other's word written short
    shortened: bool = False


def written_notes(form: NameForm) -> tuple[str, ...]:
    """What was done to read a name as a person sees it (shown with the match)."""
    notes = []
    if form.invisible:
        notes.append(f"{form.invisible} invisible or format character(s) removed")
    if form.mixed:
        notes.append("letters of several scripts mixed in: " + ", ".join(form.mixed))
    if form.lookalike:
        notes.append("written in letters or digits that look Latin; compared as read")
    return tuple(notes)


def compared(forms: Sequence[NameForm], persons: bool) -> Sequence[NameForm]:
    """The forms a name is compared in: initials written together are read apart only where
    a person is compared with a person. An organisation's letters (PMC Wagner, NS Corona)
    are an abbreviation, and read as initials they would meet any given names."""
    if persons or all(f.reading != spelled.INITIALS_APART for f in forms):
        return forms
    return [f for f in forms if f.reading != spelled.INITIALS_APART]


def comparison(query: Query, entry: ListEntry) -> tuple[bool, bool]:
    """How a query's names and an entry's are compared: as two persons' (``persons``), and
    with the plural and abbreviation readings (``organisations``: where neither name may be
    a person's). The best name depends on these, the forms and the names alone."""
    persons = query.kind == "person" and entry.kind in ("person", "unknown")
    organisations = query.kind != "person" and entry.kind not in ("person", "unknown")
    return persons, organisations


def best_name(
    query_forms: Sequence[NameForm],
    entry: ListEntry,
    persons: bool = False,
    organisations: bool = True,
    names: Sequence[ListName] | None = None,
) -> NameHit:
    best = NameHit("", "", "strong", -1.0)
    for q in compared(query_forms, persons):
        for n in names if names is not None else entry.names:
            for c in compared(listed_forms(n.name), persons):
                sim = similarity(q, c, persons, organisations=organisations)
                if sim.score > best.similarity or (
                    sim.score == best.similarity and best.strength == "weak"
                ):
                    best = NameHit(
                        q.text,
                        n.name,
                        n.strength,
                        sim.score,
                        sim.how,
                        sim.unmatched,
                        written_notes(q),
                        sim.contained,
                        mandarin.READING
                        if sim.how == WADE_GILES
                        else " / ".join(r for r in (q.reading, c.reading) if r),
                        sim.shortened,
                    )
    return best


# --- features: (query, entry, name hit) -> applies? ----------------------------------

FeatureFn = Callable[[Query, ListEntry, NameHit], bool]
CapFn = Callable[[Query, ListEntry, NameHit, frozenset[str]], bool]


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
    if hit.how == "together":
        return False  # a name written without spaces is one word only on the page
    q, c = name_form(hit.query_name), name_form(hit.matched_name)
    return min(len(q.core), len(c.core)) == 1 and max(len(q.core), len(c.core)) >= 2


def _acronym(token: str, *forms: NameForm) -> bool:
    """The token is the initials of one of the names ("aeoi" beside Atomic Energy
    Organisation of Iran): an abbreviation of the name, not another word."""
    for form in forms:
        initials = "".join(t[0] for t in (form.ordered or form.core) if t)
        it = iter(initials)
        if len(token) >= 2 and all(ch in it for ch in token):
            return True
    return False


def extra_word(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """One organisation's name has a distinctive word the other lacks (Korea United Development
    Bank against Korea Development Bank): often another organisation."""
    if query.kind == "person" or entry.kind == "person" or hit.how != "tokens":
        return False
    q, c = name_form(hit.query_name), name_form(hit.matched_name)
    return any(len(t) >= 4 and not _acronym(t, q, c) for t in hit.unmatched)


def evasive_spelling(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The name was written with invisible characters or with letters of another script that
    look alike: itself a sign that someone wanted it to pass unseen."""
    return bool(hit.written)


def _entry_identifiers(entry: ListEntry) -> tuple[Identifier, ...]:
    return tuple(i for i in (identifiers.listed(t) for t in entry.identifiers) if i is not None)


def identifier_match(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """An identifier of the party (registration number, LEI, IMO number, tax id, passport)
    is one the list gives for the entry."""
    return bool(query.identifiers) and bool(
        identifiers.compare(query.identifiers, _entry_identifiers(entry))[0]
    )


def identifier_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """The party and the entry both carry an identifier of the same kind, and they differ."""
    return bool(query.identifiers) and bool(
        identifiers.compare(query.identifiers, _entry_identifiers(entry))[1]
    )


def kind_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """A person was matched against an organisation, vessel or aircraft, or the reverse."""
    if query.kind is None or entry.kind == "unknown":
        return False
    return (query.kind == "person") != (entry.kind == "person")


def craft_named_with_a_letter(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """A person met the name of a vessel or aircraft that has a lone letter (EMILY S, MARIA E,
    M-VITO): a ship is named so, and its letter is no initial of the person's family name."""
    if query.kind != "person" or entry.kind not in ("vessel", "aircraft"):
        return False
    return any(len(t) == 1 for t in name_form(hit.matched_name).core)


#: the words a short legal form stands for, so "Company ... Public Joint Stock" written in
#: another order still reads as "PJSC"
LEGAL_PARTS: Final[dict[str, frozenset[str]]] = {
    "pjsc": frozenset({"public", "joint", "stock", "co"}),
    "pao": frozenset({"public", "joint", "stock", "co"}),
    "jsc": frozenset({"joint", "stock", "co"}),
    "ao": frozenset({"joint", "stock", "co"}),
    "ojsc": frozenset({"open", "joint", "stock", "co"}),
    "oao": frozenset({"open", "joint", "stock", "co"}),
    "cjsc": frozenset({"closed", "joint", "stock", "co"}),
    "zao": frozenset({"closed", "joint", "stock", "co"}),
    "llc": frozenset({"limited", "liability", "co"}),
    "ooo": frozenset({"limited", "liability", "co"}),
    "ltd": frozenset({"limited", "ltd"}),
    "coltd": frozenset({"co", "limited", "ltd"}),
    "sacv": frozenset({"sa", "cv"}),
    "gmbhcokg": frozenset({"gmbh", "co", "kg"}),
}


def _legal_words(form: NameForm) -> set[str]:
    words = set(form.legal) | (set(form.particles) & {w for v in LEGAL_PARTS.values() for w in v})
    for legal in form.legal:
        words |= LEGAL_PARTS.get(legal, frozenset())
    return words


def legal_form_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """Both names carry a legal form, and the forms differ (GmbH against LLC)."""
    q, c = name_form(hit.query_name), name_form(hit.matched_name)
    return bool(q.legal) and bool(c.legal) and not _legal_words(q) & _legal_words(c)


def _numbers(name: str) -> set[int]:
    """The numbers a name carries, by value (``numbers.value``): in digits, in words
    (Forty-Five is 45, Ten is 10, read as the name was compared), Roman (VIII), ordinals as
    their number (16th, Sixteenth)."""
    read = [f for f in spelled_forms(name) if f.reading == spelled.NUMBER_WORDS]
    form = read[0] if read else name_form(name)
    return {v[0] for v in map(numbers.value, form.core) if v is not None}


def number_mismatch(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """Each name carries a number the other does not (Fund VIII against Fund IX)."""
    q, c = _numbers(hit.query_name), _numbers(hit.matched_name)
    return bool(q - c) and bool(c - q)


def _lineage(form: NameForm) -> tuple[frozenset[str], str | None]:
    """(own names, father's name) of an Arabic name chain: the core words before the first
    bin (ibn, bint), and the first core word after it; nothing when the name has no bin."""
    seq = form.ordered or form.core
    if "bin" not in seq:
        return frozenset(), None
    i = seq.index("bin")
    own = frozenset(t for t in seq[:i] if t not in PARTICLES)
    father = next((t for t in seq[i + 1 :] if t not in PARTICLES), None)
    return own, father


def lineage_swapped(query: Query, entry: ListEntry, hit: NameHit) -> bool:
    """One name makes the other's person its father (Ibrahim bin al-Din against Saif al-Din
    bin Ibrahim): the same words, and as often another person of the same family."""
    q_own, q_father = _lineage(name_form(hit.query_name))
    c_own, c_father = _lineage(name_form(hit.matched_name))
    if not q_own or not c_own or q_own & c_own:
        return False
    return c_father in q_own or q_father in c_own


#: the algorithm: features and the weight each adds to the name similarity when it applies
FEATURES: Final[tuple[tuple[FeatureFn, float], ...]] = (
    (weak_alias, -0.08),
    (birth_date_match, 0.05),
    (birth_date_mismatch, -0.2),
    (country_match, 0.03),
    (country_mismatch, -0.05),
    (single_word_name, -0.1),
    (kind_mismatch, -0.15),
    (craft_named_with_a_letter, -0.15),
    (legal_form_mismatch, -0.12),
    (number_mismatch, -0.2),
    (lineage_swapped, -0.2),
    (extra_word, -0.05),
    (identifier_match, 0.15),
    (identifier_mismatch, -0.2),
    (evasive_spelling, 0.05),
)


def may_reach(
    q: NameForm, c: NameForm, persons: bool, need: float, organisations: bool = True
) -> bool:
    """Whether ``similarity(q, c)`` could be ``need`` or more, decided for less than computing
    it: each word credited with its best counterpart as though every word could pair with it
    (Dice without the one-to-one alignment: never below the aligned score), and the names
    written together compared as they are. True, to say "compare in full", wherever another
    reading could score more: a Korean name, a one-word name, every word of one name met in
    the other (the subset, contained and lone-name readings), words that might be rejoined."""
    if need <= 0.0 or q.korean or c.korean:
        return True  # every score reaches a need of zero: nothing may be skipped
    if mandarin.same_syllables(q.words, c.words):
        return True
    q_tokens, c_tokens = _tokens(q, persons), _tokens(c, persons)
    if not q_tokens or not c_tokens:
        return False
    if len(q_tokens) == 1 or len(c_tokens) == 1:
        return True
    abjad, cjk, katakana = q.abjad or c.abjad, q.cjk or c.cjk, q.kana
    best_q = [0.0] * len(q_tokens)
    best_c = [0.0] * len(c_tokens)
    for i, (a, pa) in enumerate(q_tokens):
        for j, (b, pb) in enumerate(c_tokens):
            words = organisations and not (pa or pb)
            if not _may_be_alike(a, b, abjad, cjk, katakana) and (
                persons or not _organisation_words_alike(a, b, words)
            ):
                continue
            pair_abjad = abjad and not (pa or pb)
            sim = (
                token_similarity(a, b, pair_abjad, cjk, katakana)
                if persons
                else _word_similarity(a, b, pair_abjad, cjk, katakana, words)
            )
            if sim > best_q[i]:
                best_q[i] = sim
            if sim > best_c[j]:
                best_c[j] = sim
    if _core_least(q_tokens, best_q) >= SUBSET_MIN_SIM or (
        _core_least(c_tokens, best_c) >= SUBSET_MIN_SIM
    ):
        return True  # the subset reading counts core words only: Putin al-X in Putin X
    weights_q = [_weight(*t) for t in q_tokens]
    weights_c = [_weight(*t) for t in c_tokens]
    matched = sum((w * b for w, b in zip(weights_q, best_q, strict=True)), 0.0)
    matched += sum((w * b for w, b in zip(weights_c, best_c, strict=True)), 0.0)
    bound = matched / (sum(weights_q, 0.0) + sum(weights_c, 0.0))
    if bound >= need:
        return True
    bound = max(bound, _joined(q, c, abjad, cjk))
    if bound >= need:
        return True
    return bound >= REJOIN_FROM and bool(
        joins(q, frozenset(c.core), _close) or joins(c, frozenset(q.core), _close)
    )


def _core_least(tokens: list[tuple[str, bool]], best: list[float]) -> float:
    """The least best similarity of a name's core words (particles left out, as the subset
    reading leaves them out), or of all its words when it has no core word."""
    core = [b for (_, particle), b in zip(tokens, best, strict=True) if not particle]
    return min(core or best)


#: the most the features can add to a name's similarity
MAX_RAISE: Final = sum((weight for _, weight in FEATURES if weight > 0), 0.0)


def could_reach(
    query_forms: Sequence[NameForm], names: Sequence[ListName], persons: bool, threshold: float
) -> bool:
    """Whether an entry could score ``threshold`` on these of its names: false only where no
    name, even with every feature that raises a score, comes near. Search uses it to skip
    the full comparison of candidates that share a key and nothing more. Plurals and
    abbreviations count here for any names but two persons' (the score counts them for
    organisations' names only): a bound may say more than the score, never less."""
    need = threshold - MAX_RAISE
    return any(
        may_reach(q, c, persons, need)
        for q in compared(query_forms, persons)
        for n in names
        for c in compared(listed_forms(n.name), persons)
    )


@dataclass(frozen=True, slots=True)
class Explained:
    score: float
    hit: NameHit
    features: tuple[tuple[str, float, str], ...]  # (feature, effect, why)


def exact_listed_name(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str] = frozenset()
) -> bool:
    """The name is exactly a listed name (not a weak alias): what lowers the score may bring it
    down to the review threshold, never below, so a person always looks."""
    return hit.similarity >= 1.0 and hit.strength != "weak"


def contains_listed_name(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str] = frozenset()
) -> bool:
    """One organisation's name holds every word of the other ("X Foundation", "X Research
    Institute" beside a listed X): never below the review threshold, since a front company or
    a successor is named so as often as an unrelated one."""
    return hit.contained and query.kind != "person" and entry.kind != "person"


#: a listed organisation's name of one word needs this many letters to be met among words
#: that name no one (HAMAS, ROSNEFT; not ABC)
ONE_WORD_LETTERS: Final = 5


def listed_word_among_generic_words(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]
) -> bool:
    """An organisation named by a listed organisation's name of one word and words that name
    no one, the kind of a political or armed organisation or a place (Hamas Movement,
    Hezbollah Lebanon, Rosneft Deutschland GmbH): a branch, a front or the party itself is
    named so, so a person looks. The listed name is one word as written, not a place, and
    the query has that very word (or one sounding alike, Hizbollah and Hizballah)."""
    if query.kind == "person" or entry.kind == "person":
        return False
    # the query first (cheap, cached word lookups): most organisations' names have two
    # words or more that name someone, and the entry's names need not be read for them
    named = []
    for name in query.names:
        core = name_form(name).core
        distinctive = [t for t in core if not generic.names_no_one(t)]
        if len(core) >= 2 and len(distinctive) <= 1:
            named.append(distinctive or list(core))
    if not named:
        return False
    listed = {
        c.core[0]
        for n in entry.names
        for c in listed_forms(n.name)
        if len(c.whole) == 1 and len(c.core) == 1 and len(c.core[0]) >= ONE_WORD_LETTERS
    }
    listed = {word for word in listed if not generic.place(word)}
    return any(_same_word(token, word) for words in named for token in words for word in listed)


def _same_word(a: str, b: str) -> bool:
    """The same word, or one sounding alike a letter apart in a long word (Hizbollah,
    Hizballah): a nearer word of an ordinary name is another name (Mercuria, Mercury)."""
    if a == b:
        return True
    return (
        min(len(a), len(b)) >= 7
        and phonetic(a) == phonetic(b)
        and Levenshtein.distance(a, b, score_cutoff=2) <= 1
    )


#: a lone name needs this many letters to name anybody
LONE_NAME_LETTERS: Final = 4
#: and must be that name, a typo or transliteration apart at most (Putyin)
LONE_NAME_SIMILARITY: Final = 0.8


def lone_rare_name(query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]) -> bool:
    """A person named by one word only, and that word is a rare name part of a listed person
    ("President Putin", "Putin", "Ayatollah Khamenei"): a family name alone can stand for the
    listed person, so a person must look."""
    if query.kind != "person" or entry.kind != "person" or hit.strength == "weak":
        return False
    # the name as written, and without its honorifics in each reading of the rest, whichever
    # form met the listed name (آیت الله خامنه‌ای: Khamenei)
    forms = [name_form(hit.query_name)] + [
        f for f in romanised_forms(hit.query_name) if f.reading == WITHOUT_HONORIFICS
    ]
    return any(_lone_rare(q, hit.matched_name, common) for q in forms)


def _lone_rare(q: NameForm, matched_name: str, common: frozenset[str]) -> bool:
    if len(q.whole) != 1 or q.cjk or len(q.core[0]) < LONE_NAME_LETTERS or q.core[0] in common:
        return False
    token = q.core[0]
    return any(
        token_similarity(token, other) >= LONE_NAME_SIMILARITY
        for c in listed_forms(matched_name)
        for other in c.core
    )


#: a word coined for one party has this many letters at least: SOVCOMFLOT, KALASHNIKOV;
#: shorter ones are as often ordinary words (HORIZON, PACIFIC)
COINED_LETTERS: Final = 9


@lru_cache(maxsize=100_000)
def _coined_word(name: str, places: bool) -> str | None:
    """The name's one word besides words of a trade or a kind (and, where ``places``, places'
    names: Sovcomflot Kazakhstan), if it has one and no other, and it is neither a place's
    name nor a common word of organisations' names (one the Arabic-script table translates
    to: Technology, University)."""
    words = [
        t
        for t in name_form(name).core
        if t not in generic.TRADE_WORDS
        and t not in generic.KIND_WORDS
        and not (places and generic.place(t))
    ]
    if len(words) != 1 or generic.place(words[0]) or words[0] in org_words.english_words():
        return None
    return words[0]


def coined_word_of(query: Query) -> str | None:
    """The long word coined for a party that an organisation's name is written with, if any:
    search scores every listed organisation named by it (``coined_word_among_trade_words``
    may keep it at review however little else the names share)."""
    if query.kind == "person":
        return None
    for name in query.names:
        word = _coined_word(name, places=True)
        if word is not None and len(word) >= COINED_LETTERS:
            return word
    return None


def coined_in(word: str, entry: ListEntry, names: Sequence[ListName]) -> bool:
    """One of these names of a listed organisation is named by ``word`` alone."""
    if entry.kind != "organization":
        return False
    for n in names:
        theirs = _coined_word(n.name, places=False)
        if theirs is not None and _same_word(word, theirs):
            return True
    return False


def coined_word_among_trade_words(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]
) -> bool:
    """The one word that names a listed organisation, a long one, written with words of a
    trade, a kind or a place only, or without them (Sovcomflot Group, Uralvagonzavod Plant,
    Kalashnikov beside SOVCOMFLOT, URALVAGONZAVOD, CONCERN KALASHNIKOV): a long word that is
    no common word of organisations' names is most often coined for the party itself, and
    its group, plant, trading arm or branch abroad is named so, so a person looks. A word of
    fewer than nine letters is as often an ordinary one (Horizon Group, Pacific Bank beside
    HORIZON and PACIFIC) and is left to the score, as are vessels' names and names with a
    distinctive word besides."""
    if query.kind == "person" or entry.kind != "organization":
        return False
    mine = _coined_word(hit.query_name, places=True)
    if mine is None or len(mine) < COINED_LETTERS:
        return False
    theirs = _coined_word(hit.matched_name, places=False)
    return theirs is not None and _same_word(mine, theirs)


#: findings that keep a score at the review threshold at least
FLOORS: Final[tuple[CapFn, ...]] = (
    exact_listed_name,
    contains_listed_name,
    listed_word_among_generic_words,
    coined_word_among_trade_words,
    lone_rare_name,
)


def weak_single_word(query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]) -> bool:
    """The name matched is a weak alias of one word (a nickname, an acronym): it can point to
    the listed party, never identify it, so a person must look."""
    return hit.strength == "weak" and len(name_form(hit.matched_name).core) <= 1


def common_person_name(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]
) -> bool:
    """Two name parts, each common among listed persons (Ali Omar, Amir Khan), and nothing else
    (date of birth, identifier) that ties the person to the entry: many people bear the
    name, so a person must look."""
    if query.kind != "person" or entry.kind != "person":
        return False
    q, c = name_form(hit.query_name), name_form(hit.matched_name)
    shorter = min((q.core, c.core), key=len)
    return (
        len(shorter) <= 2
        and all(t in common for t in shorter)
        and not birth_date_match(query, entry, hit)
        and not identifier_match(query, entry, hit)
    )


def word_written_short(
    query: Query, entry: ListEntry, hit: NameHit, common: frozenset[str]
) -> bool:
    """A word of the name was met only as the other name's word written short (Bk for Bank,
    Devt for Development): a short form may stand for another word as well (Gold for
    Golden, Bar for Baroon), so a person must look."""
    return hit.shortened


#: findings that keep a score below the match threshold: too little to block on
CAPS: Final[tuple[CapFn, ...]] = (weak_single_word, common_person_name, word_written_short)


def score_entry(
    query: Query,
    query_forms: Sequence[NameForm],
    entry: ListEntry,
    names: Sequence[ListName] | None = None,
    floor: float = 0.0,
    *,
    ceiling: float = 1.0,
    common: frozenset[str] = frozenset(),
    hit: NameHit | None = None,
) -> Explained:
    """Score an entry on its best name (among ``names`` where given: the names the index
    retrieved), then apply the features; an exact or contained listed name never scores
    below ``floor`` (the review threshold), and a match resting on too little never reaches
    ``ceiling`` (just below the match threshold). ``hit``: the best name, when the caller
    already has it (``best_name`` on the same forms, names and ``comparison``)."""
    if hit is None:
        hit = best_name(query_forms, entry, *comparison(query, entry), names)
    explained = _explained(query, entry, hit, floor, ceiling, common)
    if explained.score < floor and hit.reading:
        # a reading adds a way to be found, never removes one: where the best name was met
        # in a reading and falls short, the name as written is judged too, and its floors
        # (Qanat al-Aqsa al-Fadaiya, read as Channel Aqsa Fadaiya, met an Al-Aqsa entry more
        # alike but without the floor the name as written reached: helper-35)
        written = [f for f in query_forms if not f.reading]
        if written:
            other = best_name(written, entry, *comparison(query, entry), names)
            alternative = _explained(query, entry, other, floor, ceiling, common)
            if alternative.score > explained.score:
                return alternative
    return explained


def _explained(
    query: Query,
    entry: ListEntry,
    hit: NameHit,
    floor: float,
    ceiling: float,
    common: frozenset[str],
) -> Explained:
    """The score of an entry on a name hit: the features, then the floors, then the caps."""
    applied = []
    score = hit.similarity
    for feature, weight in FEATURES:
        if feature(query, entry, hit):
            score += weight
            applied.append((feature.__name__, weight, _why(feature)))
    for keep in FLOORS:
        if score < floor and keep(query, entry, hit, common):
            applied.append((keep.__name__, round(floor - score, 4), _why(keep)))
            score = floor
    for cap in CAPS:
        if score >= ceiling and cap(query, entry, hit, common):
            applied.append((cap.__name__, round(ceiling - score, 4), _why(cap)))
            score = ceiling
    return Explained(round(max(0.0, min(1.0, score)), 4), hit, tuple(applied))


def _why(feature: Callable[..., bool]) -> str:
    """A feature's docstring, the sentence an officer reads, as this module's source writes
    it: a function compiled by mypyc keeps none of its own."""
    doc = _docstrings().get(feature.__name__) or feature.__doc__ or feature.__name__
    return " ".join(doc.split())


@cache
def _docstrings() -> dict[str, str]:
    tree = ast.parse((SOURCES / "compare.py").read_text(encoding="utf-8"))
    return {
        node.name: ast.get_docstring(node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
