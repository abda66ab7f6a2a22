"""Words of Russian organisations' names in every inflected form, in the Latin spellings the
lists and transliteration systems write them, read in English: Объединённая авиастроительная
корпорация, Obyedinennaya Aviastroitelnaya Korporatsiya and UNITED AIRCRAFT CORPORATION are
one name.

The UK and EU lists carry Russian bodies under English names, OFAC often under romanised ones
(NAUCHNO PROIZVODSTVENNOE PREDPRIYATIE), and Russian inflects every word of a name (the
agency's name in the genitive, an adjective agreeing with its noun). The table
(``data/org_words_russian.json``) gives the stem of each common word of such names and its
English; each stem is read with Russian's noun and adjective endings, and each such form is
transliterated by every system the lists' spellings follow (BGN/PCGN, ICAO Doc 9303 as
Russian passports write, and ICAO's with я, ю as ya, yu): computed, never typed. A name
written in Cyrillic meets the table through its BGN/PCGN reading (``scripts``); a romanised
one as written. ``translated_words`` reads them, on both sides, beside the name as written,
and only in a phrase (``in_phrase``): a body's own name is left as it is.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Final

from normality import ascii_text

from services.sanctions.matching import DATA_DIR
from services.sanctions.matching.scripts import transliterator

DATA: Final = DATA_DIR / "org_words_russian.json"
#: the endings Russian inflects an adjective with, and a noun (й: the genitive plural of
#: исследование, исследований)
ADJECTIVE_ENDINGS: Final = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым",
    "им", "ых", "их", "ую", "юю", "ою", "ею", "ыми", "ими", "ом", "ем", "о",
)  # fmt: skip
NOUN_ENDINGS: Final = (
    "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й", "ой", "ей", "ом", "ем", "ам", "ям", "ах",
    "ях", "ов", "ев", "ами", "ями", "ия", "ии", "ию", "ией", "ием", "иям", "иях",
)  # fmt: skip
#: the endings of nouns in -ие (предприятие) and in -ия (компания) after their stem's и
_NEUTER_IE: Final = ("е", "я", "ю", "ем", "й", "ям", "ями", "ях")
_FEMININE_IA: Final = ("я", "и", "ю", "ей", "й", "ям", "ями", "ях")
#: ICAO Doc 9303 (8th ed., 2021), Part 3: the transliteration of Russian in passports
ICAO: Final = str.maketrans(
    dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
        "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
    ], strict=True))
)  # fmt: skip
#: a spelling this short may be any word of another language (Doma), and is not read; a word
#: naming a kind of body is read from four letters (bank, fond: Morskoy Bank), as it is read
#: only beside another word of the name (``in_phrase``)
SHORTEST: Final = 5
KIND_SHORTEST: Final = 4
#: not ICU's default: its я and ю, folded to a and u, made Souza of союза (helper-30)
_SYSTEMS: Final = ("Russian-Latin/BGN",)
#: a word this short is read only as a system spells it, not folded: folded, Rossi (Italy's
#: commonest surname) was россии and Souza союза (helper-30)
FOLDED_SHORTEST: Final = 7


def _letters(text: str) -> str:
    return "".join(c for c in (ascii_text(text) or "").lower() if c.isalpha())


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["words"])


def spellings(word: str) -> set[str]:
    """A Russian word's Latin spellings in each system (ё read as е)."""
    word = word.replace("ё", "е")
    icao = word.translate(ICAO)
    # and ICAO's with я, ю as ya, yu, as the lists also write (PREDPRIYATIE)
    out = {icao, icao.replace("iu", "yu").replace("ia", "ya")}
    for system in _SYSTEMS:
        out.add(_letters(str(transliterator(system).transliterate(word))))
    return {s for s in out if s}


def _endings(row: dict[str, Any]) -> tuple[str, ...]:
    """The endings a row's stem takes: its part of speech's, and none where the stem is
    itself the word (банк, завод) or a fixed form (имени)."""
    if row["pos"] == "fixed":
        return ("",)
    endings: tuple[str, ...] = ADJECTIVE_ENDINGS if row["pos"] == "adj" else NOUN_ENDINGS
    if row["pos"] == "noun" and str(row["stem"]).endswith("и"):
        # предприятие and компания decline apart: not партие, not россиь
        endings = _NEUTER_IE if row.get("neuter") else _FEMININE_IA
    return ("", *endings) if row.get("word") else endings


@cache
def _spelled() -> dict[str, tuple[int, str, bool]]:
    """Every Latin spelling of every inflected form of every stem -> (the stem's length, its
    English, a word naming a kind of body); where two stems give one spelling, the longer
    stem's (оборонн, defence's adjective, before оборон)."""
    out: dict[str, tuple[int, str, bool]] = {}
    for row in _rows():
        stem, english, kind = str(row["stem"]), str(row["english"][0]), bool(row["kind"])
        for ending in _endings(row):
            for spelling in spellings(stem + ending):
                shortest = KIND_SHORTEST if kind else SHORTEST
                if len(spelling) >= shortest and out.get(spelling, (0, "", False))[0] < len(stem):
                    out[spelling] = (len(stem), english, kind)
    return out


#: the letters the lists' and people's romanisations of Russian write differently, folded
#: alike, in order: щ, х, ц, я, ю, ё, е after a vowel, then й, ы and the signs (y, j, ii)
_FOLDS: Final = (
    ("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("tz", "c"), ("ts", "c"),
    ("ja", "a"), ("ya", "a"), ("ia", "a"), ("ju", "u"), ("yu", "u"), ("iu", "u"),
    ("je", "e"), ("ye", "e"), ("ie", "e"), ("y", ""), ("j", ""), ("ii", "i"), ("ee", "e"),
)  # fmt: skip


def fold(spelling: str) -> str:
    """A Latin spelling of a Russian word with the systems' differences folded away, so that
    a name romanised by several at once meets the table: Rossijskij, Rossiyskii and
    Rossiiskii are rossiski; Korporacija and Korporatsiya korporacia; Pryamyh pramh."""
    for old, new in _FOLDS:
        spelling = spelling.replace(old, new)
    return spelling


@cache
def _folded() -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[int, str, bool]] = {}
    for spelling, (length, english, kind) in _spelled().items():
        key = fold(spelling)
        if len(key) >= SHORTEST and out.get(key, (0, "", False))[0] < length:
            out[key] = (length, english, kind)
    return {key: (english, kind) for key, (_, english, kind) in out.items()}


def english(word: str) -> tuple[str, bool] | None:
    """A word of the table in English, and whether it names a kind of body: as a system
    spells it, or romanised by several (``fold``); None for any other word."""
    found = _spelled().get(word)
    if found is not None:
        return found[1], found[2]
    return _folded().get(fold(word)) if len(word) >= FOLDED_SHORTEST else None


#: words of the table that make a phrase without one naming a kind of body
WORDS_OF_A_PHRASE: Final = 2


def in_phrase(found: list[tuple[str, bool]], words: int) -> bool:
    """The table's words found in a name of ``words`` words (legal forms aside), as
    ``english`` reads them, are read: one names a kind of body and the name has another
    word, or two are there. A body's own name is one word (SOYUZ, SISTEMA, ENERGIYA: read as
    Union, System, Energy, every Union JSC met JSC SOYUZ at 1.0), and stays its name."""
    return len(found) >= WORDS_OF_A_PHRASE or (words >= 2 and any(kind for _, kind in found))
