"""Words that name no organisation: its kind, its place.

A front, a branch or the party itself is named by the listed name and words anyone may use
(Hamas Movement, Hezbollah Lebanon, Rosneft Deutschland GmbH): a listed name of one word
met so is a reason to look, where the same word beside a distinctive one (Horizon Research
Institute beside a listed HORIZON) is not. Places are told by rigour's territory names (the
OpenSanctions library the legal forms come from), in the languages it knows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from rigour.territories import lookup_territory

#: the kind of a political or armed organisation: its wings, branches and fronts are named
#: so. Commercial words (bank, group, holding, trading, energy) are left out: thousands of
#: unrelated firms are named by an ordinary word and one of them (Pacific Bank, Horizon
#: Group beside a listed PACIFIC or HORIZON: 78 of 1,800 research partners and companies in a
#: review on 2026-12-03)
KIND_WORDS: Final = frozenset(
    {
        "movement",
        "organization",
        "party",
        "front",
        "wing",
        "branch",
        "forces",
        "army",
        "militia",
        "brigade",
        "brigades",
    }
)


@lru_cache(maxsize=10_000)
def names_no_one(word: str) -> bool:
    """The word is a kind of political or armed organisation, or names a place (Lebanon,
    Deutschland, Gaza)."""
    return word in KIND_WORDS or place(word)


#: the letters a place's name and its adjective share at the start (Iran, Iranian; Syria,
#: Syrian; China, Chinese): words rigour files under one territory that start otherwise are
#: a city and its region or two names of a place (Kazan, Tatarstan; Gaza, Palestine)
PLACE_STEM: Final = 3
#: the shortest word read as a place's name or adjective here ("us" is also a word)
PLACE_LETTERS: Final = 4


def same_place(a: str, b: str) -> bool:
    """The two words are one place's name and its adjective (Iran and Iranian, Syria and
    Syrian): National Iranian Oil Company is also written Iran National Oil Company."""
    if a[:PLACE_STEM] != b[:PLACE_STEM] or min(len(a), len(b)) < PLACE_LETTERS:
        return False
    code = territory(a)
    return code is not None and code == territory(b)


@lru_cache(maxsize=10_000)
def territory(word: str) -> str | None:
    """The code of the country or region the word names or is the adjective of."""
    found = lookup_territory(word) if len(word) >= PLACE_LETTERS else None
    return None if found is None else str(found.code)


@lru_cache(maxsize=10_000)
def place(word: str) -> bool:
    """The word names a country, region or city (Kazan, Jamaica, Toronto)."""
    return len(word) >= 3 and lookup_territory(word) is not None


#: the fewest letters of a word's singular for its plural to be read as the same word: news
#: is not new, nor arms arm's plural in a name of three letters
SINGULAR_LETTERS: Final = 4
#: plurals that add -es to the singular (boxes, businesses, branches), and the endings of
#: singulars that end in s (business, corpus, basis, gas)
_ES_AFTER: Final = ("sses", "xes", "zes", "ches", "shes")
_NOT_PLURAL: Final = ("ss", "us", "is", "as")


@lru_cache(maxsize=50_000)
def singular(word: str) -> str:
    """An English plural's singular, by the regular rules (industries, industry; branches,
    branch; groups, group); any other word as it is."""
    if word.endswith("ies") and len(word) - 2 >= SINGULAR_LETTERS:
        return word[:-3] + "y"
    if word.endswith(_ES_AFTER) and len(word) - 2 >= SINGULAR_LETTERS:
        return word[:-2]
    if word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > SINGULAR_LETTERS:
        return word[:-1]
    return word


def same_word_inflected(a: str, b: str) -> bool:
    """The same word in the singular and the plural (Industry, Industries; Electronic,
    Electronics): an organisation's name is written either way, in its own registration
    and in translation."""
    return a != b and a[:3] == b[:3] and singular(a) == singular(b)
