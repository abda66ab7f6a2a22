"""The names a listed name stands for, as the index should know them.

Lists pack several names into one field: the UN writes aliases as
``Hay'at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hay'et Tahrir al-Sham)``,
acronyms follow names in parentheses (``HAQQANI NETWORK (HQN)``), and an entry may name two
parties at once (``BANK SEPAH AND BANK SEPAH INTERNATIONAL``). Compared whole, such a field
resembles none of the names it holds, and a party using one of them passes. Each name in it
is indexed on its own: the part before any parenthesis with the field's strength, the
other parts as weak names (a weak name never makes a red by itself, see ``compare``).
Pure, used when the index is built.
"""

from __future__ import annotations

import re

from services.sanctions.lists.model import ListName
from services.sanctions.matching.places import is_place

#: markers lists write inside names that are not names
_MARKERS = re.compile(
    r"\((?:original script|in original script)\)|\b(?:a\.?k\.?a|f\.?k\.?a|n\.?k\.?a)\b\.?[:,]?",
    re.IGNORECASE,
)
#: parts that describe rather than name (documents, dates, places of birth)
_NOT_A_NAME = re.compile(
    r"\d{3,}|\b(?:passport|born|date of|identity|identification|formerly|previously|number|"
    r"no\.)\b",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text) if w]


def _tidy(parts: list[str]) -> list[str]:
    tidy = [" ".join(p.split()).strip(" ,.-") for p in parts]
    return [p for p in tidy if len(p) >= 2 and not _NOT_A_NAME.search(p)]


def _split(text: str) -> tuple[list[str], list[str]]:
    """The names of a field: those at the top level (separated by semicolons, with any text
    in parentheses taken out) and those inside parentheses (separated by semicolons or
    further parentheses)."""
    top: list[str] = [""]
    nested: list[str] = [""]
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
            nested.append("")
        elif char in ")]":
            depth = max(0, depth - 1)
            nested.append("")
        elif char == ";":
            (top if depth == 0 else nested).append("")
        elif depth == 0:
            top[-1] += char
        else:
            nested[-1] += char
    return _tidy(top), _tidy(nested)


def _acronym(word: str, name: str) -> bool:
    """``word`` is the acronym of ``name``: its initial, then its letters in order."""
    letters = [c for c in name.upper() if c.isalpha()]
    if not (2 <= len(word) <= 8 and word.isalpha() and word.isupper() and letters):
        return False
    if word[0] != letters[0]:
        return False
    it = iter(letters)
    return all(c in it for c in word)


#: a place's name has this many words at most (Bosnia and Herzegovina)
_PLACE_WORDS = 3


def _place(part: str) -> bool:
    """The part names a country, region or city (rigour's territories), however written
    (``places``). Asked only of parts of a few words: most parts are names."""
    return len(_words(part)) <= _PLACE_WORDS and is_place(part)


def variants(listed: ListName) -> list[ListName]:
    """The listed name itself, then each name packed into it."""
    out = [listed]
    text = listed.name
    if any(c in text for c in ";()[]"):
        top, nested = _split(_MARKERS.sub(" ", text))
        for i, part in enumerate(top):
            # names a semicolon separates are aliases of equal standing
            out.append(ListName(part, listed.strength if i == 0 else "strong"))
        head = top[0] if top else ""
        for part in nested:
            # a name in parentheses: several words, a name in its original script, or the
            # acronym of the name before it (SSSI); one other word qualifies (PAKISTAN, KIEV),
            # as does a place's name however written (HONG KONG, 香港): indexed as a name of
            # its own, it met every partner named after the place (helper-29)
            named = len(_words(part)) >= 2 or not part.isascii() or _acronym(part, head)
            if named and not _place(part):
                out.append(ListName(part, "weak"))
    for name in list(out):
        halves = _AND.split(name.name)
        # "X AND X INTERNATIONAL": two parties named in one field, both starting alike; other
        # names with "and" in them ("Trade and Development Bank") are one name
        if len(halves) == 2:
            left, right = _words(halves[0]), _words(halves[1])
            if len(left) >= 2 and len(right) >= 2 and left[0].lower() == right[0].lower():
                out += [ListName(halves[0], "weak"), ListName(halves[1], "weak")]
    seen: set[str] = set()
    unique = []
    for name in out:
        key = " ".join(name.name.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique
