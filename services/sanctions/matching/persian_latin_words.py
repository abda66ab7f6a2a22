"""An Iranian organisation named in Latin letters, read with its Persian words in English.

The lists carry Iranian bodies under English names (NATIONAL IRANIAN OIL COMPANY, MAHAN
AIR, ISLAMIC REPUBLIC OF IRAN SHIPPING LINES) and only now and then under their Persian
ones. A partner in Iran, or a registry or paper it is checked against, writes the Persian
name in Latin letters: Sherkat-e Melli-ye Naft-e Iran, Havapeymayi-ye Mahan, Keshtirani-ye
Jomhuri-ye Eslami-ye Iran. Compared as written they share a word or none with the listed
name: helper-31 found 34 such names clearing (2026-12-05).

Each word of the table (``data/org_words_persian_latin.json``) names its Persian word in
``org_words``' table, and is read in that word's English, so a name means the same in
either script. Words are looked up as ``key`` folds them: without the ezafe (-e, -ye,
written joined or apart: Sherkat-e, Sherkate, Melli-ye), apostrophes, doubled letters,
and with ou and oo as u, gh as q, a final -eh as -e and a final long i after a (-ayi,
-aei, -aii) as -ai; phrases first (seda va sima: broadcasting). A name is read so only when
a word of it names a kind of body (sherkat, sazman, bank) or two of its words read
otherwise in English (Foolad Mobarakeh Esfahan is steel, and no kind; Esfahan is not a
word of the table), and only as a query (``normalize.persian_latin_forms``): an added
reading beside the name as written, which is compared as before.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Final

from normality import ascii_text

from services.sanctions.matching import DATA_DIR, org_words

DATA: Final = DATA_DIR / "org_words_persian_latin.json"
#: the reading's words in the evidence
TRANSLATED: Final = "words of a Persian organisation's name in Latin letters, in English"
#: the ezafe, written after a word with a hyphen (Melli-ye, Naft-e) or apart
_EZAFE_WORDS: Final = frozenset({"e", "ye", "yi"})
#: the same joined to its word (Sherkate, Sazmane, Niruye), tried only where the word
#: without it is in the table and the word as written is not
_EZAFE_JOINED = re.compile(r"(?:ye|e)$")
#: the plural ending written after a hyphen, with its ezafe or without (Niru-ha-ye Mosallah,
#: the Armed Forces)
_PLURAL: Final = frozenset({"ha", "haye", "hay", "hayi"})
#: "and" between two words (Seda va Sima, Seda-o-Sima)
_AND: Final = frozenset({"va", "o", "vo"})
_APOSTROPHES = re.compile("['’ʼʻ`´]")
#: a letter of another script than Latin
_NOT_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")


def key(word: str) -> str:
    """A word as the table is looked up, its spelling variants alike: sanaye, sanayeh and
    sanaye' one key, fulad, foulad and foolad another, havapeymayi and havapeymaei a
    third."""
    text = _APOSTROPHES.sub("", (ascii_text(word) or "").lower())
    text = text.replace("gh", "q").replace("oo", "u").replace("ou", "u")
    text = re.sub(r"(.)\1+", r"\1", text)
    text = re.sub(r"eh$", "e", text)
    return re.sub(r"a[yie]+$", "ai", text)


def words(name: str) -> list[str]:
    """The keys of a name's words, the ezafe written apart or after a hyphen left out
    (Sherkat-e Melli-ye Naft: sherkat, meli, naft)."""
    return [folded for folded, _ in _written(name)]


def _written(name: str) -> list[tuple[str, str]]:
    """Each word's key and the word as written, in lower case: the body's own name is read
    as written (Hemmat, not its key hemat)."""
    out: list[tuple[str, str]] = []
    for token in re.split(r"[\s_/,.;:()]+", name):
        parts: list[str] = []
        for part in re.split(r"[\-‐–—]+", token):
            if parts and part.lower() in _PLURAL:
                parts[-1] += "ha"  # the plural written apart: Niru-ha-ye, forces of
            else:
                parts.append(part)
        for part in parts:
            folded = key(part)
            if folded and folded not in _EZAFE_WORDS:
                out.append((folded, part.lower()))
    return out


@cache
def table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """Keys of each spelling (a phrase's words) -> the English of its Persian word, and the
    spellings that name a kind of body, as ``org_words`` has them."""
    persian, kinds = org_words.table("fa")
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    named: set[tuple[str, ...]] = set()
    for row in json.loads(DATA.read_text(encoding="utf-8"))["words"]:
        found = " ".join(org_words.fold(w) for w in row["persian"].split())
        for spelling in row["latin"]:
            spelled = tuple(words(spelling))
            out.setdefault(spelled, persian[found])
            if found in kinds:
                named.add(spelled)
    return out, frozenset(named)


def _entry(found: list[str], i: int) -> tuple[tuple[str, ...], int] | None:
    """The table's spelling the words from ``i`` on start with, the longest first, and how
    many words it spans; a lone word also without an ezafe joined to it."""
    known, _ = table()
    longest = max(map(len, known))
    for span in range(min(longest, len(found) - i), 0, -1):
        spelled = tuple(found[i : i + span])
        if spelled in known:
            return spelled, span
    bare = _EZAFE_JOINED.sub("", found[i])
    if bare != found[i] and (bare,) in known:
        return (bare,), 1
    return None


@lru_cache(maxsize=50_000)
def translated(name: str) -> tuple[str, ...]:
    """The name with its Persian words in English, the body's own name as written: one
    reading, or more where a word is written in English several ways (havapeymayi:
    airlines and air), at most ``org_words.MOST_READINGS``; none where the name is not
    read so (above)."""
    if _NOT_LATIN.search(name):
        return ()  # Persian script is org_words' to read
    written = _written(name)
    found = [folded for folded, _ in written]
    known, kinds = table()
    parts: list[tuple[str, ...]] = []
    kind = False
    changed = 0
    i = 0
    while i < len(found):
        entry = _entry(found, i)
        if entry is None:
            between = found[i] in _AND and 0 < i < len(found) - 1
            parts.append(("and",) if between else (written[i][1],))
            i += 1
            continue
        spelled, span = entry
        parts.append(known[spelled])
        kind = kind or spelled in kinds
        changed += known[spelled][0] != " ".join(spelled)
        i += span
    if not (kind and changed) and changed < 2:
        return ()
    ways = min(org_words.MOST_READINGS, max(len(p) for p in parts))
    readings = (" ".join(p[min(k, len(p) - 1)] for p in parts) for k in range(ways))
    return tuple(dict.fromkeys(readings))
