"""Country names as lists write them (\"Iran\", \"Korea, North\", \"Burma\") to ISO alpha-2."""

from __future__ import annotations

from functools import lru_cache

import pycountry

_ALIASES = {
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "venezuela": "VE",
    "bolivia": "BO",
    "korea, north": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "burma": "MM",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "laos": "LA",
    "moldova": "MD",
    "tanzania": "TZ",
    "vietnam": "VN",
    "viet nam": "VN",
    "taiwan": "TW",
    "palestinian": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "kosovo": "XK",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "united kingdom": "GB",
    "uk": "GB",
    "united states": "US",
    "usa": "US",
    "czech republic": "CZ",
    "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "brunei": "BN",
    "cape verde": "CV",
    "micronesia": "FM",
    "swaziland": "SZ",
    "east timor": "TL",
    "vatican": "VA",
    "iran (islamic republic of)": "IR",
    "syrian arab republic": "SY",
    "russian federation": "RU",
    "lao people's democratic republic": "LA",
    "venezuela (bolivarian republic of)": "VE",
    "united republic of tanzania": "TZ",
    "republic of moldova": "MD",
}


@lru_cache(maxsize=4096)
def to_iso2(value: str | None) -> str | None:
    """ISO alpha-2 for a country name or code, or None when unknown."""
    if not value:
        return None
    text = value.strip().strip(".").strip()
    if not text or text == "-0-":
        return None
    if len(text) == 2 and text.isalpha():
        upper = text.upper()
        return upper if upper == "XK" or pycountry.countries.get(alpha_2=upper) else None
    lowered = text.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None
