"""Words that name no organisation: its kind, its trade, its place.

A front, a branch or the party itself is named by the listed name and words anyone may use
(Hamas Movement, Hezbollah Lebanon, Rosneft Deutschland GmbH): a listed name of one word
met so is a reason to look, where the same word beside a distinctive one (Horizon Research
Institute beside a listed HORIZON) is not. Places are told by rigour's territory names (the
OpenSanctions library the legal forms come from), in the languages it knows.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import lookup_territory

#: the kind of an organisation, its trade, and the words of its name that say no more (after
#: normalisation: organisation is organization, company co, airlines air)
KIND_WORDS = frozenset(
    {
        "movement",
        "organization",
        "party",
        "group",
        "front",
        "network",
        "wing",
        "branch",
        "office",
        "bureau",
        "representation",
        "forces",
        "army",
        "militia",
        "foundation",
        "association",
        "union",
        "council",
        "committee",
        "international",
        "global",
        "worldwide",
        "holding",
        "holdings",
        "co",
        "corp",
        "trading",
        "trade",
        "services",
        "industries",
        "industry",
        "enterprise",
        "enterprises",
        "oil",
        "gas",
        "energy",
        "bank",
        "air",
        "shipping",
        "logistics",
        "neftyanaya",  # Russian "oil" (Neftyanaya Kompaniya Rosneft)
        "neftegaz",
    }
)


@lru_cache(maxsize=10_000)
def names_no_one(word: str) -> bool:
    """The word is a kind or trade of organisation, or names a place (Lebanon, Deutschland,
    Gaza)."""
    return word in KIND_WORDS or (len(word) >= 3 and lookup_territory(word) is not None)
