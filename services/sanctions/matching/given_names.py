"""One given name in its Russian, Ukrainian and Belarusian forms, and patronymics built on it.

A person on the lists is often carried under the form of one language while a partner
writes another: Vladimir, Volodymyr and Uladzimir are one name, and so are Vladimirovich,
Volodymyrovych and Uladzimiravich. No spelling rule turns one into the other, so the forms
come from a table (``data/east_slavic_given_names.json``: the Cyrillic spelling in each
language, with its sources); their Latin spellings are computed with the transliteration
systems the lists use (ICU's default and BGN/PCGN for each language), never typed in.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Final

import icu
from normality import ascii_text
from rapidfuzz import process
from rapidfuzz.distance import Hamming

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "east_slavic_given_names.json"
_SYSTEMS = ("Any-Latin", "Russian-Latin/BGN", "Ukrainian-Latin/BGN", "Belarusian-Latin/BGN")
#: patronymic endings after the father's name, longest first (Russian, Ukrainian,
#: Belarusian; masculine then feminine), as the default and BGN/PCGN systems write them
PATRONYMIC_ENDINGS: Final = (
    # as German, Dutch, Polish, Swedish, French, Romanian, Hungarian and Czech write them
    "owitsch",
    "ewitsch",
    "owitsj",
    "ovitch",
    "owicz",
    "ovitj",
    "ovici",
    "ovics",
    "ovic",
    "ovich",
    "evich",
    "ovych",
    "evych",
    "avich",
    "ovna",
    "evna",
    "ivna",
    "auna",
    "avna",
    "ich",
    "ych",
)


def _latin(text: str) -> str:
    return "".join(c for c in (ascii_text(text) or "").lower() if c.isalpha())


@cache
def groups() -> dict[str, int]:
    """Every Latin spelling of every form -> the number of the name it is a form of."""
    rows = json.loads(DATA.read_text(encoding="utf-8"))["names"]
    systems = [icu.Transliterator.createInstance(s) for s in _SYSTEMS]
    out: dict[str, int] = {}
    for number, cells in enumerate(rows):
        for form in (f for cell in cells for f in ([cell] if isinstance(cell, str) else cell)):
            for system in systems:
                spelling = _latin(str(system.transliterate(form)))
                if len(spelling) >= 3:
                    out.setdefault(spelling, number)
    return out


#: a spelling this long may have one letter other than the table's (Wladimir, Oleksii, Aliaksandr:
#: German spelling, Ukraine's 2010 and Belarus's passport systems)
FUZZY_FROM: Final = 6


@cache
def _by_length() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for spelling in groups():
        out.setdefault(len(spelling), []).append(spelling)
    return out


def _lookup(token: str) -> int | None:
    """The name a spelling is, or one letter replaced in it (never added: Petrov is a
    family name, not Petro)."""
    table = groups()
    if token in table:
        return table[token]
    if len(token) < FUZZY_FROM:
        return None
    same = _by_length().get(len(token), [])
    found = process.extractOne(token, same, scorer=Hamming.distance, score_cutoff=1)
    return table[found[0]] if found else None


@lru_cache(maxsize=100_000)
def name_of(token: str) -> tuple[int, bool] | None:
    """(the name a token is a form of, whether it is a patronymic built on it), or None."""
    found = _lookup(token)
    if found is not None:
        return found, False
    for ending in PATRONYMIC_ENDINGS:
        if token.endswith(ending) and len(token) > len(ending) + 2:
            stem = token[: -len(ending)]
            for candidate in (stem, stem + "i", stem + "y", stem + "iy", stem + "a"):
                found = _lookup(candidate)
                if found is not None:
                    return found, True
    return None


def same_name(a: str, b: str) -> bool:
    """Two tokens are forms of one given name, or patronymics built on one."""
    x, y = name_of(a), name_of(b)
    return x is not None and x == y


def other_forms(token: str) -> tuple[str, ...]:
    """The other Latin spellings of a given name (not of patronymics), for retrieval."""
    found = name_of(token)
    if found is None or found[1]:
        return ()
    return tuple(s for s, n in groups().items() if n == found[0] and s != token)
