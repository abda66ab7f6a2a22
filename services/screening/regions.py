"""Where in a country with regional measures the partner is: Crimea and Sevastopol as a
whole, the non-government-controlled areas of four oblasts, or elsewhere. Pure.

Both the event's ISO 3166-2 ``region`` and the places its address names are read, and a
restricted place beats a code that names another region (a code is easy to get wrong, and
a wrong one must not hide "Simferopol" in the address). Addresses get the cleaning every
name gets (invisible characters, look-alike letters, word by word), are transliterated to
Latin, and are matched on runs of words written together, so "Sevasto-pol" and
"S e v a s t o p o l" name Sevastopol. A region may also be named by a stem (``krym``: the
Krymskaya oblast, Krymsky rayon). A place in a region restricted as a whole, or a place
known to be occupied, is certainly in the restricted area; an oblast restricted only in
part is not certain; an address that names nothing known leaves the region unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from normality import ascii_text

from services.sanctions.matching.clean import clean, lookalike
from services.sanctions.regimes import Regime, Region

#: the longest run of words a place name may be split into ("s e v a s t o p o l")
_RUN = 14
_SPLIT = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Located:
    """What is known of the partner's region in a regional-measures country."""

    regime: Regime
    #: the restricted region the partner is in, or may be in
    region: Region | None = None
    #: the partner is certainly in the restricted area (not only in a partly restricted oblast)
    certain: bool = False
    #: the partner is known to be outside every restricted region
    elsewhere: bool = False
    #: how it was found: the region code or the place the address names
    how: str = ""


def _latin(text: str) -> str:
    return ascii_text(text).lower().replace("'", "")


@lru_cache(maxsize=8_192)
def _words(text: str) -> tuple[tuple[str, ...], ...]:
    """The address's words in Latin letters, as written and as read where written in
    look-alike letters."""
    shown = clean(text).text
    readings = [shown, *(r for r in (lookalike(shown),) if r is not None)]
    return tuple(tuple(w for w in _SPLIT.split(_latin(r)) if w) for r in readings)


@lru_cache(maxsize=4_096)
def _place_key(place: str) -> str:
    return "".join(w for w in _SPLIT.split(_latin(place)) if w)


def names_place(text: str, places: tuple[str, ...], stems: tuple[str, ...] = ()) -> str | None:
    """The first of ``places`` the text names (as a run of whole words written together), or
    the first word starting with one of ``stems``."""
    keys: dict[str, str] = {}
    for p in places:
        keys.setdefault(_place_key(p), p)
    for words in _words(text):
        for i in range(len(words)):
            run = ""
            for word in words[i : i + _RUN]:
                run += word
                if run in keys:
                    return keys[run]
        for word in words:
            for stem in stems:
                if word.startswith(stem):
                    return word
    return None


def _from_address(regime: Regime, address: str) -> Located | None:
    for region in regime.regions:
        occupied = names_place(address, region.occupied_places)
        if occupied is not None:
            return Located(regime, region, True, how=f"address names '{occupied}'")
        place = names_place(address, region.places, region.stems)
        if place is not None:
            return Located(regime, region, region.whole, how=f"address names '{place}'")
    if regime.regions_elsewhere is not None:
        place = names_place(address, regime.regions_elsewhere.places)
        if place is not None:
            return Located(regime, elsewhere=True, how=f"address names '{place}'")
    return None


def locate(regime: Regime, region_code: str | None, address: str | None) -> Located:
    """The partner's place as the event gives it: code and address read together, a
    restricted place named by either counting."""
    found = _from_address(regime, address) if address else None
    if region_code is None:
        return found or Located(regime)
    coded = next((r for r in regime.regions if region_code in r.codes), None)
    if coded is None:
        if found is not None and found.region is not None:
            return replace(found, how=f"{found.how}, although the region code is {region_code}")
        return Located(regime, elsewhere=True, how=f"region {region_code}")
    if found is not None and found.region is not None and found.region is not coded:
        # the address names a place of another restricted region: the more certain one counts
        return found if found.certain else Located(regime, coded, coded.whole, how=found.how)
    certain = coded.whole or bool(found and found.region is coded and found.certain)
    how = f"region {region_code}" + (f", {found.how}" if found and found.region is coded else "")
    return Located(regime, coded, certain, how=how)


def regime_by_place(regimes: tuple[Regime, ...], address: str | None) -> Regime | None:
    """For a partner whose event gives no country: the regional regime whose restricted
    places its address names."""
    if not address:
        return None
    for regime in regimes:
        found = _from_address(regime, address)
        if found is not None and found.region is not None:
            return regime
    return None
