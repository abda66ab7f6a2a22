"""Identifiers of parties and list entries (registration numbers, LEI, IMO and MMSI numbers,
tax ids, passports, national ids) in one comparable shape.

Lists write identifiers as free text ("Registration ID 1027739609391", "RU, 7736640919, Tax ID
No.", "IMO 7406784"); a scheme is read from the words around the value, the value is kept
as upper-case letters and digits. Two identifiers of the same scheme that differ are
evidence of two parties; an equal value is evidence of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

#: scheme -> words that announce it in list text (checked in this order)
SCHEME_WORDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("lei", ("legal entity number", "lei")),
    ("imo", ("imo",)),
    ("mmsi", ("mmsi",)),
    ("passport", ("passport",)),
    (
        "tax",
        ("tax id", "tax identification", "inn", "nit", "vat", "tin", "rfc", "kpp", "ruc"),
    ),
    (
        "registration",
        (
            "registration",
            "registry",
            "register",
            "company number",
            "ogrn",
            "folio mercantil",
            "matricula mercantil",
            "unified social credit code",
            "government gazette",
            "business number",
        ),
    ),
    (
        "national_id",
        ("national id", "cedula", "c.u.r.p", "curp", "identification number", "personal id"),
    ),
)
SCHEMES: Final = (*(s for s, _ in SCHEME_WORDS), "other")
_SPLIT = re.compile(r"[\s,;:()]+")
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")


@dataclass(frozen=True, slots=True)
class Identifier:
    scheme: str
    value: str  # upper-case letters and digits only

    def __str__(self) -> str:
        return f"{self.scheme} {self.value}"


def normal(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def _scheme(text: str) -> str:
    lowered = f" {text.lower()} "
    for scheme, words in SCHEME_WORDS:
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lowered) for w in words):
            return scheme
    return "other"


@lru_cache(maxsize=100_000)
def listed(text: str) -> Identifier | None:
    """The identifier in a list's text, or None when no value of at least five characters
    with a digit is in it (dates and notes are not identifiers)."""
    candidates = [normal(t) for t in _SPLIT.split(text) if any(c.isdigit() for c in t)]
    values = [v for v in candidates if len(v) >= 5 and not _is_date(v)]
    if not values:
        return None
    value = max(values, key=len)
    scheme = "lei" if _LEI.match(value) else _scheme(text)
    return Identifier(scheme, value)


def given(scheme: str, value: str) -> Identifier | None:
    """An identifier an event states (scheme named by the producer)."""
    v = normal(value)
    if len(v) < 3:
        return None
    return Identifier(scheme if scheme in SCHEMES else "other", v)


def _is_date(value: str) -> bool:
    return len(value) == 8 and value.isdigit() and value[:2] in ("19", "20")


def compare(
    ours: tuple[Identifier, ...], theirs: tuple[Identifier, ...]
) -> tuple[tuple[Identifier, ...], tuple[str, ...]]:
    """(identifiers both sides carry, schemes both sides carry with no value in common)."""
    their_values = {i.value for i in theirs}
    shared = tuple(i for i in ours if i.value in their_values)
    conflicting = tuple(
        sorted(
            {
                i.scheme
                for i in ours
                if i.scheme != "other"
                and any(t.scheme == i.scheme for t in theirs)
                and not any(t.scheme == i.scheme and t.value == i.value for t in theirs)
                and not any(s.scheme == i.scheme for s in shared)
            }
        )
    )
    return shared, conflicting
