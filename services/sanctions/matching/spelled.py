"""Other ways people write the same name: numbers in words, initials run together.

A listed "Brigade 44" written "Brigade Forty-Four", or a listed Jean-Claude Juncker written
"J.C. Juncker", compared only as written, shares too little with its entry to be found: the
number is a word instead of digits, the initials one word instead of two. Each reading here
is compared beside the name as written (for queries and listed names alike, so "Brigade 44"
also finds a listed "Forty-Four Brigade"); it only adds a way to be found, never removes
one, and the evidence names it.

Number words are read by text2num (``alpha2digit``), a maintained parser of numbers written
in words; only English is read, the language every list Clearway loads is published in (the
UN, EU, UK and US lists write names in Latin letters with English words). Reading each name
in more languages costs 4 to 30 µs per name and language at every cold start.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Final

from normality import ascii_text
from text_to_num import alpha2digit

#: the evidence's words for each reading
NUMBER_WORDS: Final = "number words read as digits"
INITIALS_APART: Final = "initials written together read apart"

#: a number written half in words, half in digits ("Forty 4" is read "40 4" by alpha2digit,
#: "Twenty-7th" "20 7th")
_TENS_UNITS = re.compile(r"\b([1-9])0 ([1-9](?:st|nd|rd|th)?)\b")
#: words of two letters or more (a number in words is one of them)
_WORDS = re.compile(r"[^\W\d_]{2,}")
#: English number words, longest first, to split words written together ("FortyFour", and
#: "Forty\u200bFour" once the invisible character is gone)
_NUMBER_WORDS = sorted(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fourty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        # ordinals: a word written together with others ("TwentyFirst", "SeventySeventh")
        # is split only into words of this list
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
        "hundredth",
        "thousandth",
        "millionth",
    ],
    key=len,
    reverse=True,
)
_NUMBER_WORD = re.compile("|".join(_NUMBER_WORDS), re.IGNORECASE)
_GLUED = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)}){{2,}}\b", re.IGNORECASE)
#: hyphens, dashes and commas inside a number ("Eight Thousand, Two Hundred", "40-Four")
_JOINERS = re.compile(r"[-\u2010-\u2015,_]+")
#: a lone O, a letter here (Sp. z o.o.), which alpha2digit would read as zero
_LONE_O = re.compile(r"\b[oO]\b")
_MASK = "\ue000"
#: text2num reads every tens ordinal but "sixtieth" (text2num 3.1: "seven hundred sixtieth"
#: comes out "700 sixtieth"): it is read as "sixty" with a mark the ordinal ending replaces
_SIXTIETH = re.compile(r"\bsixtieth\b", re.IGNORECASE)
_ORDINAL_MASK = "\ue001"
_MARKED = re.compile(rf"(\d) ?{_ORDINAL_MASK}")


#: initials written with full stops ("J.C.", "A.B.C.")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}(?!\w)")
#: two or three capital consonants: no syllable in any Latin spelling, so initials ("JC")
_CAPITAL_INITIALS = re.compile(r"^[B-DF-HJ-NP-TV-XZ]{2,3}$")
#: two or three capitals, a vowel among them ("AQ", "EA"): initials only leading a name
#: written in small letters otherwise (AQ Khan; in capitals, KO CHOL HUN is syllables)
_CAPITALS = re.compile(r"^[A-Z]{2,3}$")
#: either somewhere in a name (a quick test: most names have none)
_INITIALS_HINT = re.compile(r"[^\W\d_]\.[^\W\d_]\.|\b[A-Z]{2,3}\b")


def _split(word: str) -> list[str] | None:
    """Number words written together, split into the words they are ("eighthundredeleventh"
    is eight hundred eleventh, not eighth and what is left), or None. A walk over the
    letters, not a recursion: a name of any length is split in linear time."""
    came_from: dict[int, tuple[int, str]] = {0: (0, "")}
    for i in range(len(word)):
        if i in came_from:
            for number in _NUMBER_WORDS:
                if word.startswith(number, i):
                    came_from.setdefault(i + len(number), (i, number))
    if len(word) not in came_from:
        return None
    out: list[str] = []
    end = len(word)
    while end:
        end, number = came_from[end]
        out.append(number)
    return out[::-1]


def number_reading(text: str) -> str | None:
    """The name with its numbers written in words as digits ("Brigade Forty-Four" is
    "Brigade 44", "One Hundred and Five Ltd" is "105 Ltd"), or None when it has none.
    Ordinals too ("Twelfth Institute" is "12th Institute"), and small numbers alone ("Unit
    Two" is "Unit 2"): a reading adds a form beside the name as written, so "The One Company"
    is also compared as "The 1 Company" and loses nothing. Words written together, hyphens,
    commas and accents do not hide a number ("FortyFour", "TwentyFirst", "Forty-4", "Fórty
    Four"); a lone O stays a letter."""
    base = text if text.isascii() else ascii_text(text)
    if not _NUMBER_WORD.search(base):
        return None  # most names: no number word at all
    plain = _JOINERS.sub(" ", base)
    plain = _GLUED.sub(lambda m: " ".join(_split(m.group(0).lower()) or [m.group(0)]), plain)
    marked = _SIXTIETH.sub(f"sixty {_ORDINAL_MASK}", _LONE_O.sub(_MASK, plain))
    try:
        read = alpha2digit(marked, "en", threshold=0)
    except (ValueError, RuntimeError):  # the parser refusing a name is no reading of it
        return None
    read = _MARKED.sub(r"\1th", read).replace(_ORDINAL_MASK, "sixtieth")
    read = _TENS_UNITS.sub(r"\1\2", read.replace(_MASK, "o"))
    if _WORDS.findall(read.lower()) == _WORDS.findall(plain.lower()):
        return None  # no number word was read
    return " ".join(read.split())


def initials_reading(text: str, not_initials: Container[str]) -> str | None:
    """The name with initials written together read as initials apart ("J.C. Juncker" and
    "JC Juncker" are "J C Juncker"), or None when it has none. Two or three capital
    consonants count as initials beside another word, and two or three capitals with a
    vowel ("AQ Khan") leading a name in small letters otherwise; never a word of
    ``not_initials`` (lower case: legal forms, titles, particles, names: LLC, DR, AL, MD)."""
    if not _INITIALS_HINT.search(text):
        return None  # most names: nothing that could be initials
    read = _DOTTED.sub(lambda m: " ".join(m.group(0).replace(".", " ").split()), text)
    words = read.split(" ")
    if len(words) > 1:
        # initials with a vowel lead a name written in small letters otherwise ("AQ Khan");
        # a word in capitals elsewhere is a family name (German HAN, BOL MEL KUOL Benjamin)
        lead = bool(_CAPITALS.match(words[0])) and all(
            any(c.islower() for c in w) for w in words[1:]
        )
        words = [
            " ".join(w)
            if (_CAPITAL_INITIALS.match(w) or (lead and i == 0)) and w.lower() not in not_initials
            else w
            for i, w in enumerate(words)
        ]
    read = " ".join(words)
    return read if read != text else None
