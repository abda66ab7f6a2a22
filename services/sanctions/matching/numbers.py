"""Numbers in names, compared by value.

A unit, an institute or a fund is often named by its number, and the number is written
many ways: 7, seven, 7th, Seventh, VII. Normalisation writes small numbers as words (7 and
seven meet) and the number reading writes numbers in words as digits (``spelled.py``), so
a token that is a number reaches comparison as digits, an ordinal in digits (44th), a
small number word (seven, first) or a Roman numeral (viii). Compared as strings, 12th and
11th are a letter apart and seven and 7th nothing alike; by value, 12th and 11th are two
numbers and 7th is seven as an ordinal. Names that carry different numbers name different
units: ``compare.number_mismatch`` reads them here too.
"""

from __future__ import annotations

import re
from typing import Final

from services.sanctions.matching.normalize import DIGITS, ORDINALS

#: a number and how it is written: as a count, as an ordinal, in Roman numerals
Value = tuple[int, str]

_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
#: Roman numerals as names carry them (regnal numbers, numbered funds); longer ones are
#: rare in names and would read words as numbers (mix, civil, dill)
ROMAN: Final = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
_WORDS: dict[str, Value] = {
    **{word: (int(digits), "count") for digits, word in DIGITS.items()},
    **{word: (int(ordinal[:-2]), "ordinal") for ordinal, word in ORDINALS.items()},
}


def value(token: str) -> Value | None:
    """The number a token writes, or None: digits (44), an ordinal (44th, first), a small
    number as normalisation writes it (seven), a Roman numeral up to XII."""
    if token[:1].isdecimal():  # not isdigit: ² is a digit int() cannot read (hypothesis)
        if token.isdecimal():
            return int(token), "count"
        found = _ORDINAL.fullmatch(token)
        return (int(found.group(1)), "ordinal") if found else None
    if token in _WORDS:
        return _WORDS[token]
    if token in ROMAN:
        return ROMAN[token], "roman"
    return None


def similarity(a: str, b: str) -> float | None:
    """Two numbers: 1 written alike (7 and seven), 0.9 the same number as a count and an
    ordinal or in Roman numerals (44 and 44th, VIII and 8th), 0 two numbers (12th and 11th
    are two units, not a typo). None where either token is not a number: words compare as
    words."""
    va, vb = value(a), value(b)
    if va is None or vb is None:
        return None
    if va[0] != vb[0]:
        return 0.0
    return 1.0 if va[1] == vb[1] else 0.9
