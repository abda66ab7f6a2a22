"""Words of Russian organisations' names read in English: Kontsern, Zavod, Byuro.

The lists carry a Russian organisation under its romanised name and under its English one,
and not always both (AO KONTSERN OKEANPRIBOR and JSC CONCERN OKEANPRIBOR are one entry; CONCERN
KALASHNIKOV has no Kontsern). A partner written in Russian, or romanised from it, meets the
English name only if these words are read in English, on both sides, as the abbreviation
table reads Intl. Each word's English is the lists' own: the table
(``data/russian_org_words.json``) names, per word, a listed organisation named both ways. The
Latin spellings are computed with the transliterations the lists use (ICU's default and
BGN/PCGN), beside the one the evidence writes.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Final

import icu
from normality import ascii_text

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "russian_org_words.json"
_SYSTEMS: Final = ("Any-Latin", "Russian-Latin/BGN")


def _spelling(text: str) -> str:
    return "".join(c for c in (ascii_text(text) or "").lower() if c.isalpha())


@cache
def table() -> dict[str, str]:
    """Every Latin spelling of every word -> its English."""
    systems = [icu.Transliterator.createInstance(s) for s in _SYSTEMS]
    out: dict[str, str] = {}
    for row in json.loads(DATA.read_text(encoding="utf-8"))["words"]:
        english = str(row["english"])
        out[str(row["written"])] = english
        for system in systems:
            out[_spelling(str(system.transliterate(row["cyrillic"])))] = english
    return out


def english(token: str) -> str:
    """The token in English where it is a word of the table, else itself."""
    return table().get(token, token)
