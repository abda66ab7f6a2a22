"""Where in a country with regional measures the partner is: Crimea and Sevastopol as a
whole, the non-government-controlled areas of four oblasts, or elsewhere. Pure.

The region comes from the event's ISO 3166-2 ``region`` where given, else from the places
its address names (in Latin or Cyrillic letters, with the look-alike and invisible-character
cleaning every name gets). A place in a region restricted as a whole, or a place known to
be occupied, is certainly in the restricted area; an oblast restricted only in part is not
certain; an address that names nothing known leaves the region unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text

from services.sanctions.matching.clean import clean
from services.sanctions.regimes import Regime, Region


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


@lru_cache(maxsize=4_096)
def _readings(address: str) -> tuple[str, str]:
    """The address lower-cased as written (after cleaning) and transliterated to Latin."""
    shown = clean(address).text.lower()
    latin = ascii_text(shown).lower().replace("'", "")
    return shown, latin


def _names(text: str, places: tuple[str, ...]) -> str | None:
    """The first of ``places`` the text names as a whole word."""
    shown, latin = _readings(text)
    for place in places:
        pattern = rf"(?<![\w]){re.escape(place)}(?![\w])"
        if re.search(pattern, shown) or re.search(pattern, latin):
            return place
    return None


def locate(regime: Regime, region_code: str | None, address: str | None) -> Located:
    """The partner's place as the event gives it (code first, then address)."""
    if region_code is not None:
        for region in regime.regions:
            if region_code in region.codes:
                occupied = _names(address, region.occupied_places) if address else None
                certain = region.whole or occupied is not None
                how = f"region {region_code}" + (
                    f", address names '{occupied}'" if occupied else ""
                )
                return Located(regime, region, certain, how=how)
        return Located(regime, elsewhere=True, how=f"region {region_code}")
    if address:
        for region in regime.regions:
            place = _names(address, region.occupied_places) or _names(address, region.places)
            if place is not None:
                certain = region.whole or place in region.occupied_places
                return Located(regime, region, certain, how=f"address names '{place}'")
        if regime.regions_elsewhere is not None:
            place = _names(address, regime.regions_elsewhere.places)
            if place is not None:
                return Located(regime, elsewhere=True, how=f"address names '{place}'")
    return Located(regime)
