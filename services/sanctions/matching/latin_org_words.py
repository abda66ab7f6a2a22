"""An Iranian or Arab organisation named in Latin letters, read with its words in English.

The lists carry Iranian and Arab bodies under English names (NATIONAL IRANIAN OIL COMPANY,
MAHAN AIR, COMMERCIAL BANK OF SYRIA) and only now and then under their own. A partner in
Iran or an Arab country, or a registry or paper it is checked against, writes the own name
in Latin letters: Sherkat-e Melli-ye Naft-e Iran, Havapeymayi-ye Mahan; Al-Masraf
al-Tijari al-Suri, Wizarat al-Difa. Compared as written they share a word or none with the
listed name: helper-31 found 34 Persian ones clearing, and 15 of 20 Arab ones cleared
(2026-12-05).

Each word of the tables (``data/org_words_persian_latin.json``,
``data/org_words_arabic_latin.json``) names its word in ``org_words``' table, and is read in
that word's English, so a name means the same in either script. Words are looked up as
``key`` folds them: without apostrophes and doubled letters, ou and oo as u; in Persian
without the ezafe (-e, -ye, written joined or apart: Sherkat-e, Sherkate, Melli-ye), gh as
q, a final -eh as -e and a final long i after a (-ayi, -aei, -aii) as -ai, a plural -ha
written apart joined to its word; in Arabic without the article (al-, el-, the assimilated
as-, ash-, ad- ..., al joined: Almasraf), a final -ah as -a, with lil- and wal- read as for
and and. Phrases come first (seda va sima: broadcasting). A name is read so only when a
word of it names a kind of body (sherkat, sazman, masraf, wizara) and one reads otherwise
in English, or two of its words read otherwise (Foolad Mobarakeh Esfahan is steel and no
kind; Esfahan is no word of the table); and only as a query of an organisation
(``normalize.latin_org_forms``): an added reading beside the name as written, which is
compared as before.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Final

from normality import ascii_text

from services.sanctions.matching import DATA_DIR, org_words

#: the tables, by language
DATA: Final = {
    "fa": DATA_DIR / "org_words_persian_latin.json",
    "ar": DATA_DIR / "org_words_arabic_latin.json",
}
#: the reading's words in the evidence
TRANSLATED: Final = "words of a Persian or Arabic organisation's name in Latin letters, in English"
#: the Persian ezafe, written after a word with a hyphen (Melli-ye, Naft-e) or apart
_EZAFE_WORDS: Final = frozenset({"e", "ye", "yi"})
#: the same joined to its word (Sherkate, Sazmane, Niruye), and the Arabic article joined to
#: its (Almasraf), tried only where the word without it is in the table and as written is not
_JOINED: Final = {"fa": re.compile(r"(?:ye|e)$"), "ar": re.compile(r"^(?:al|el)(?=\w{3})")}
#: the Persian plural ending written after a hyphen, with its ezafe or without
#: (Niru-ha-ye Mosallah, the Armed Forces)
_PLURAL: Final = frozenset({"ha", "haye", "hay", "hayi"})
#: the Arabic article before a hyphen (al-Masraf), assimilated to the sun letters (as-Suri,
#: ash-Sharika, ad-Difa), left out
_ARTICLES: Final = frozenset(
    {"al", "el", "il", "ul", "as", "ash", "at", "ath", "ad", "adh", "an", "ar", "az"}
    | {"es", "esh", "et", "ed", "en", "er", "ez"}  # the Egyptian and Levantine el- so
)
#: Arabic particles with the article before a hyphen, read as English ones (lil-Naft: for
#: oil; wal-Buhuth: and research)
_WITH_ARTICLE: Final = {"lil": "for", "li": "for", "wal": "and", "bil": "by", "fil": "in"}
#: "and" between two words (Seda va Sima, Seda-o-Sima; wa)
_AND: Final = frozenset({"va", "o", "vo", "wa"})
_APOSTROPHES = re.compile("['’ʼʻ`´]")
#: a letter of another script than Latin
_NOT_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")


def key(word: str, language: str = "fa") -> str:
    """A word as the table is looked up, its spelling variants alike: sanaye, sanayeh and
    sanaye' one key, fulad, foulad and foolad another, havapeymayi and havapeymaei a third;
    in Arabic, islamiya, islamiyya and islamiyah one."""
    text = _APOSTROPHES.sub("", (ascii_text(word) or "").lower())
    if language == "fa":
        text = text.replace("gh", "q")
    text = text.replace("oo", "u").replace("ou", "u")
    text = re.sub(r"(.)\1+", r"\1", text)
    if language == "fa":
        text = re.sub(r"eh$", "e", text)
        return re.sub(r"a[yie]+$", "ai", text)
    return re.sub(r"ah$", "a", text)


def words(name: str, language: str = "fa") -> list[str]:
    """The keys of a name's words, the Persian ezafe and the Arabic article left out
    (Sherkat-e Melli-ye Naft: sherkat, meli, naft; al-Masraf al-Tijari: masraf, tijari)."""
    return [folded for folded, _ in _written(name, language)]


def _written(name: str, language: str) -> list[tuple[str, str]]:
    """Each word's key and the word as written, in lower case: the body's own name is read
    as written (Hemmat, not its key hemat)."""
    out: list[tuple[str, str]] = []
    for token in re.split(r"[\s_/,.;:()]+", name):
        parts: list[str] = []
        for part in re.split(r"[\-‐–—]+", token):
            if language == "fa" and parts and part.lower() in _PLURAL:
                parts[-1] += "ha"  # the plural written apart: Niru-ha-ye, forces of
            else:
                parts.append(part)
        for i, part in enumerate(parts):
            lower = part.lower()
            before = i < len(parts) - 1  # a hyphen follows: an article or a particle
            if language == "ar" and (before or len(parts) == 1) and lower in ("al", "el"):
                continue  # the article, written with a hyphen or apart (al Markazi)
            if language == "ar" and before and lower in _ARTICLES:
                continue
            if language == "ar" and before and lower in _WITH_ARTICLE:
                out.append((_WITH_ARTICLE[lower], _WITH_ARTICLE[lower]))
                continue
            folded = key(part, language)
            if folded and not (language == "fa" and folded in _EZAFE_WORDS):
                out.append((folded, lower))
    return out


@cache
def table(
    language: str = "fa",
) -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """Keys of each spelling (a phrase's words) -> the English of its word in ``org_words``'
    table of the language, and the spellings that name a kind of body, as it has them."""
    script, kinds = org_words.table(language)
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    named: set[tuple[str, ...]] = set()
    for row in json.loads(DATA[language].read_text(encoding="utf-8"))["words"]:
        found = " ".join(org_words.fold(w) for w in row["written"].split())
        for spelling in row["latin"]:
            spelled = tuple(words(spelling, language))
            out.setdefault(spelled, script[found])
            if found in kinds:
                named.add(spelled)
    return out, frozenset(named)


@cache
def _longest(language: str) -> int:
    """The most words a spelling of the language's table spans (seda va sima: three)."""
    return max(map(len, table(language)[0]))


def _entry(found: list[str], i: int, language: str) -> tuple[tuple[str, ...], int] | None:
    """The table's spelling the words from ``i`` on start with, the longest first, and how
    many words it spans; a lone word also without what is joined to it (Sherkate,
    Almasraf)."""
    known, _ = table(language)
    for span in range(min(_longest(language), len(found) - i), 0, -1):
        spelled = tuple(found[i : i + span])
        if spelled in known:
            return spelled, span
    bare = _JOINED[language].sub("", found[i])
    if bare != found[i] and (bare,) in known:
        return (bare,), 1
    return None


def _translated(name: str, language: str) -> tuple[str, ...]:
    written = _written(name, language)
    found = [folded for folded, _ in written]
    known, kinds = table(language)
    parts: list[tuple[str, ...]] = []
    kind = False
    changed = 0
    i = 0
    while i < len(found):
        entry = _entry(found, i, language)
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
    return org_words.readings(parts)


@lru_cache(maxsize=50_000)
def translated(name: str) -> tuple[str, ...]:
    """The name with its Persian words in English, then with its Arabic ones, the body's own
    name as written: each a reading, or more where a word is written in English several
    ways (havapeymayi: airlines and air), at most ``org_words.MOST_READINGS`` a language;
    none where the name is not read so (above)."""
    if _NOT_LATIN.search(name):
        return ()  # Persian and Arabic script are org_words' to read
    return tuple(dict.fromkeys(r for language in DATA for r in _translated(name, language)))
