"""Words of Russian organisations' names in every inflected form, in the Latin spellings the
lists and transliteration systems write them, read in English: Объединённая авиастроительная
корпорация, Obyedinennaya Aviastroitelnaya Korporatsiya and UNITED AIRCRAFT CORPORATION are
one name.

The UK and EU lists carry Russian bodies under English names, OFAC often under romanised ones
(NAUCHNO PROIZVODSTVENNOE PREDPRIYATIE), and Russian inflects every word of a name (the
agency's name in the genitive, an adjective agreeing with its noun). The table
(``data/org_words_russian.json``) gives the stem of each common word of such names and its
English; each stem is read with Russian's noun and adjective endings, and each such form is
transliterated by every system the lists' spellings follow (BGN/PCGN, ICU's default, ICAO Doc
9303 as Russian passports write, and ICAO's with я, ю as ya, yu): computed, never typed. A
name written in Cyrillic meets the table through its BGN/PCGN and default readings
(``scripts``); a romanised one as written. ``translated_words`` reads them, on both sides,
beside the name as written.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Final

import icu
from normality import ascii_text

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "org_words_russian.json"
#: the endings Russian nouns and adjectives take, the stem's own form first
ENDINGS: Final = (
    "", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "ой", "ей", "ом", "ем", "ам", "ям", "ах",
    "ях", "ов", "ев", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ую", "юю", "ым", "им",
    "ых", "их", "ою", "ею", "ия", "ии", "ию", "ами", "ями", "ого", "его", "ому", "ему", "ыми",
    "ими", "ией", "ием", "иям", "иях",
)  # fmt: skip
#: ICAO Doc 9303 (8th ed., 2021), Part 3: the transliteration of Russian in passports
ICAO: Final = str.maketrans(
    dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
        "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
    ], strict=True))
)  # fmt: skip
#: as the lists also write: ICAO's, with я, ю as ya, yu (PREDPRIYATIE, ISSLEDOVATELSKII)
_LISTS_OWN: Final = {"iu": "yu", "ia": "ya"}
#: a spelling this short may be any word of another language (Fonda, Doma), and is not read
SHORTEST: Final = 5
_SYSTEMS: Final = ("Russian-Latin/BGN", "Any-Latin")


def _letters(text: str) -> str:
    return "".join(c for c in (ascii_text(text) or "").lower() if c.isalpha())


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["words"])


@cache
def _transliterator(system: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(system)


def spellings(word: str) -> set[str]:
    """A Russian word's Latin spellings in each system (ё read as е first)."""
    word = word.replace("ё", "е")
    icao = word.translate(ICAO)
    out = {icao, icao.replace("iu", "yu").replace("ia", "ya")}
    for system in _SYSTEMS:
        out.add(_letters(str(_transliterator(system).transliterate(word))))
    return {s for s in out if s}


@cache
def table() -> dict[str, str]:
    """Every Latin spelling of every inflected form of every stem -> its English; where two
    stems give one spelling, the longer stem's (оборонн, defence's adjective, before оборон)."""
    out: dict[str, tuple[int, str]] = {}
    for row in _rows():
        stem, english = str(row["stem"]), str(row["english"][0])
        for ending in ENDINGS:
            for spelling in spellings(stem + ending):
                if len(spelling) >= SHORTEST and out.get(spelling, (0, ""))[0] < len(stem):
                    out[spelling] = (len(stem), english)
    return {spelling: english for spelling, (_, english) in out.items()}
