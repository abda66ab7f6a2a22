"""Words that name no organisation: its kind, its place.

A front, a branch or the party itself is named by the listed name and words anyone may use
(Hamas Movement, Hezbollah Lebanon, Rosneft Deutschland GmbH): a listed name of one word
met so is a reason to look, where the same word beside a distinctive one (Horizon Research
Institute beside a listed HORIZON) is not. Places are told by rigour's territory names (the
OpenSanctions library the legal forms come from), in the languages it knows.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import places

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


#: words of an organisation's trade or of its kind in commerce, which a one-word name is
#: written beside for the group, a plant or a trading arm (Sovcomflot Group, Uralvagonzavod
#: Plant, Rosoboronexport Trading: helper-25's review, 2026-12-04)
TRADE_WORDS: Final = frozenset(
    {
        "group",
        "holding",
        "holdings",
        "concern",
        "plant",
        "factory",
        "refinery",
        "works",
        "trading",
        "shipping",
        "enterprise",
        "industries",
        "industrial",
        "network",
        "bureau",
        "design",
        "services",
        "international",
        "logistics",
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
    return places.code(word) if len(word) >= PLACE_LETTERS else None


@lru_cache(maxsize=10_000)
def place(word: str) -> bool:
    """The word names a country, region or city (Kazan, Jamaica, Toronto)."""
    return len(word) >= 3 and places.is_place(word)


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


#: the fewest letters of the stem two words derived from it share: Unit and United, Ship
#: and Shipping, Hold and Holding are told apart (each its own word in a firm's name)
STEM_LETTERS: Final = 5


@cache
def _english() -> Any:
    """Snowball's English stemmer, loaded at the first comparison that asks for it, not at
    a start: the index is built without it, and its 3 MB are not added to the start's
    peak."""
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The word's English stem by Snowball's stemmer (Porter's second, the one search
    engines use): industry and industrial are industri, federal and federation feder."""
    return str(_english().stemWord(word))


def same_word_derived(a: str, b: str) -> bool:
    """Two words of one English stem (Industry, Industrial; Federal, Federation;
    Development, Developing; Trade, Trading): an organisation is named either way in
    registers, translations and the press, and a partner who writes Shahid Hemmat Industry
    Group names SHAHID HEMMAT INDUSTRIAL GROUP still."""
    if a == b or a[:3] != b[:3]:
        return False
    found = stem(a)
    return len(found) >= STEM_LETTERS and found == stem(b)


#: the fewest letters of a word cut short (Nac, Isl, Econ): two begin too many words
CUT_LETTERS: Final = 3
#: the fewest letters a word must lose to be written short: Bank and Banks are one word
SHORTENED_BY: Final = 2
#: the fewest letters of a word written short
WORD_LETTERS: Final = 4
#: a contraction keeps a third of the word at least: PCC is an acronym, not Polytechnic
CONTRACTED_SHARE: Final = 3
#: a contraction shorter than this keeps no vowel after its first letter (Bk, Utd, Msls):
#: with one, it is a word or a name of its own (Hsin is not Hossein, nor Al Abdul)
CONTRACTED_VOWELS_FROM: Final = 5
_VOWELS: Final = frozenset("aeiouy")
#: a cut ends on a consonant: not after a vowel, nor after j or w, which romanise the
#: glides (Бай, written Baj)
_CUT_NOT_AFTER: Final = _VOWELS | frozenset("jw")


def abbreviates(short: str, word: str) -> bool:
    """``short`` is ``word`` written short, as company registers, trade directories and the
    lists themselves write the words of an organisation's name: cut after its first letters,
    on a consonant (Nac, Isl, Econ, Petrol: Nacional, Islamic, Economic, Petroleum; Bai is a
    name, not Baikal written short), or contracted to some of its letters in order, the
    first and the last kept (Bk, Cttee, Msls, Utd: Bank, Committee, Missiles, United), a
    third of the word at least, with no vowel after the first letter unless of five letters
    or more (Cttee, Techs) and none at all in two (Bk, not Al, which begins Abdul and ends
    it). A place's name is neither written short nor the short of another word (Niger is
    not Nigerian, nor Bar Barcelona), and numbers are compared by their value."""
    if len(word) < WORD_LETTERS or len(word) - len(short) < SHORTENED_BY or len(short) < 2:
        return False
    if short[0] != word[0] or not (short.isalpha() and word.isalpha()):
        return False  # numbers compare by value (Plant 100 is not PLANT 10000)
    if territory(short) is not None or territory(word) is not None:
        return False
    if word.startswith(short):
        return len(short) >= CUT_LETTERS and short[-1] not in _CUT_NOT_AFTER
    if short[-1] != word[-1] or len(short) * CONTRACTED_SHARE < len(word):
        return False
    vowels = short if len(short) == 2 else short[1:]
    if len(short) < CONTRACTED_VOWELS_FROM and not _VOWELS.isdisjoint(vowels):
        return False
    letters = iter(word)
    return all(letter in letters for letter in short)


def written_short(a: str, b: str) -> bool:
    """Either word is the other written short (``abbreviates``, whichever is shorter)."""
    return abbreviates(a, b) or abbreviates(b, a)
