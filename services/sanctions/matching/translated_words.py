"""Words of organisations' names romanised from Russian, Arabic, Persian and Korean, read in
English: Kontsern, Zavod, Harakat, Bonyad, Unhaeng; and every inflected form of the common
words of Russian ones (``russian_words``: Obyedinennaya Aviastroitelnaya Korporatsiya).

The lists carry such an organisation under its romanised name and under its English one,
and not always both (AO KONTSERN OKEANPRIBOR and JSC CONCERN OKEANPRIBOR are one entry;
CONCERN KALASHNIKOV has no Kontsern). A partner written in Russian, or romanised from
Russian, Arabic or Persian, meets the English name only if these words are also read in
English, on both sides (``normalize.english_word_forms``: a reading beside the name as
written, so a spelling the tables lack still meets as before). Each word's English is the
lists' own:
the tables name, per word, a listed organisation named both ways. Russian words
(``data/russian_org_words.json``) are spelled as the evidence writes them and as ICU's
default and BGN/PCGN transliterate the Cyrillic (computed, never typed); Arabic and Persian
ones (``data/romanised_org_words.json``) in each spelling the lists use, each with its own
evidence, since their romanisations follow no one system.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Final

from normality import ascii_text

from services.sanctions.matching import DATA_DIR, korean_words, russian_words
from services.sanctions.matching.scripts import (
    hangul_of_romanised,
    mccune_reischauer,
    transliterator,
)

RUSSIAN: Final = DATA_DIR / "russian_org_words.json"
ROMANISED: Final = DATA_DIR / "romanised_org_words.json"
_SYSTEMS: Final = ("Any-Latin", "Russian-Latin/BGN")


def _spelling(text: str) -> str:
    return "".join(c for c in (ascii_text(text) or "").lower() if c.isalpha())


@cache
def table() -> dict[str, str]:
    """Every Latin spelling of every word -> its English."""
    systems = [transliterator(s) for s in _SYSTEMS]
    out: dict[str, str] = {}
    for row in json.loads(RUSSIAN.read_text(encoding="utf-8"))["words"]:
        english = str(row["english"])
        out[str(row["written"])] = english
        for system in systems:
            out[_spelling(str(system.transliterate(row["cyrillic"])))] = english
    for row in json.loads(ROMANISED.read_text(encoding="utf-8"))["words"]:
        for spelling in row["spellings"]:
            out[str(spelling["written"])] = str(row["english"])
    for spelling, english in korean_words.latin_spellings().items():
        out.setdefault(spelling, english)
    return out


def english(token: str) -> str:
    """The token in English where it is a word of the tables, else itself."""
    return table().get(token, token)


def english_words(words: Sequence[str], core: int | None = None) -> list[str]:
    """Each word in English where it is a word of the tables. Where ``russian_words`` finds a
    phrase in a name of ``core`` words besides legal forms, its words in every inflected form
    (Obyedinennaya Aviastroitelnaya Korporatsiya). In a name with a Korean word of the tables
    (Unhaeng, Hoesa), also the Korean words read only beside one, as they are also names or
    other words alone (Sinyong, Bu: ``korean_words.latin_spellings``), and the body's own
    name in McCune-Reischauer, as the lists write North Korean names, where it is written in
    another romanisation (Goryeo Hanggong: Koryo Air)."""
    out = [english(w) for w in words]
    russian = [
        russian_words.english(w) if e == w else None for w, e in zip(words, out, strict=True)
    ]
    # the tables' own words (Kontsern, Korporatsiya) name kinds of body: a phrase with them
    found = [r for r in russian if r is not None] + [
        (e, True) for w, e in zip(words, out, strict=True) if e != w
    ]
    if found and russian_words.in_phrase(found, len(words) if core is None else core):
        out = [e if r is None else r[0] for e, r in zip(out, russian, strict=True)]
    if any(w in korean_words.latin_spellings() for w in words):
        beside = korean_words.latin_spellings(in_context=True)
        out = [
            beside.get(w, _mccune_reischauer(w)) if e == w else e
            for w, e in zip(words, out, strict=True)
        ]
    return out


def _mccune_reischauer(word: str) -> str:
    hangul = hangul_of_romanised(word)
    return mccune_reischauer(hangul) if hangul else word
