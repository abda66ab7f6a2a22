"""Whether a word or a part of a name names a country, region or city, and which: rigour's
territories (every territory's names, strong and weak, and the places that identify it),
read once.

rigour's own ``lookup_territory`` answers the same question, but its first call builds a
table of 29,000 names, every one outside ASCII transliterated, and that took 1.1 s of a
screening instance's start: the index asks it of the parts the lists put in parentheses,
and the matcher of words in names (Iran, Iranian). Here (0.6 s) the table's names are kept
as written (casefolded, punctuation dropped, accents stripped where that leaves ASCII) and,
for names in Cyrillic, Greek or Latin letters only, also as rigour reads them in ASCII (ЛНР:
LNR, Луганская: Luganskaya, Færøerne: Faeroerne); a text is looked up as written and as
rigour reads it. On the words of every listed name it answers as rigour's lookup does but
for two that rigour finds through a name in another script read in ASCII (Bahreini,
Cheko): no place in the lists' own spelling (``tests/sanctions/test_places.py``).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from rigour.data import iter_jsonl_text
from rigour.territories import lookup_by_identifier
from rigour.text.translit import ascii_text

#: what rigour's territory lookup drops from a name before comparing (its SKIP_CHARACTERS)
_SKIP = frozenset(".()[],;:_-/ʻ'’")


def key(name: str) -> str:
    """A name as the table keeps it: casefolded, punctuation dropped, spaces squashed, and
    then accents stripped where that leaves only ASCII (São Tomé: sao tome)."""
    kept = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        if char in _SKIP:
            continue
        if not char.isalnum() and not unicodedata.category(char).startswith("M"):
            kept.append(" ")  # marks carry vowels in some scripts: never a word break
        else:
            kept.append(char)
    text = " ".join("".join(kept).split())
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(bare.split()) if bare.isascii() else text


@cache
def _codes() -> dict[str, str]:
    """Every name of every territory rigour knows, as ``key`` keeps it, with the territory's
    code; as in rigour, a strong name wins over a weak one and both over a place's."""
    from rigour._core import territories_jsonl  # rigour's own data; read as rigour reads it

    rows = list(iter_jsonl_text(territories_jsonl()))
    found: dict[str, str] = {}
    for tier in ("names_strong", "names_weak", "places"):
        named: dict[str, str] = {}  # within a tier the last name wins, as in rigour
        for data in rows:
            names = list(data.get(tier, ()))
            if tier == "names_strong":
                names += [data["name"], data.get("full_name", data["name"])]
            for name in names:
                keyed = key(name)
                if _european(keyed):  # ЛНР also as LNR
                    named[key(ascii_text(name))] = data["code"]
                named[keyed] = data["code"]
            for k in found.keys() & named.keys():
                del named[k]  # a name of a higher tier wins
        found.update(named)
    return found


def _european(name: str) -> bool:
    """Written with Cyrillic or Greek letters, or Latin ones accents do not make (ø, æ): the
    names read in ASCII as they are also written in the lists (ЛНР: LNR, Луганская:
    Luganskaya, Færøerne: Faeroerne). Other scripts' names are kept as written only: read in
    ASCII they become short Latin words (عمان: man) that name no place in the lists' own
    spelling."""
    return not name.isascii() and any(
        unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK", "LATIN"))
        for c in name
        if c.isalpha() and not c.isascii()
    )


def code(text: str) -> str | None:
    """The code of the territory the text is a code or a name of, however written."""
    territory = lookup_by_identifier(text)
    if territory is not None:
        return str(territory.code)
    codes = _codes()
    found = codes.get(key(text))
    if found is None and not text.isascii():
        found = codes.get(key(ascii_text(text)))
    return found


#: words a formal name is read without, as a translation may leave them out (Jomhuri-ye
#: Eslami-ye Iran: islamic republic iran)
_OF = frozenset({"of", "the"})


@cache
def _formal() -> dict[tuple[str, ...], str]:
    """A country's formal names of two words or more, as ``key`` keeps them (Islamic
    Republic of Iran, Russian Federation, Democratic People's Republic of Korea) -> its short
    name (Iran, Russia, North Korea); a city's or a region's names are not a country's."""
    from rigour._core import territories_jsonl

    out: dict[tuple[str, ...], str] = {}
    for data in iter_jsonl_text(territories_jsonl()):
        if not data.get("is_country") or data.get("is_historical"):
            continue
        short = key(data["name"])
        for name in (data.get("full_name", ""), *data.get("names_strong", ())):
            words = tuple(w for w in key(name).split() if w not in _OF)
            if len(words) >= 2 and name.isascii() and " ".join(words) != short:
                out.setdefault(words, short)
    return out


@cache
def _longest_formal() -> int:
    """The most words of a country's formal name (United Kingdom of Great Britain and
    Northern Ireland), counted once, not at every name read."""
    return max(map(len, _formal()))


def with_short_names(text: str) -> str | None:
    """The text with each country's formal name as its short name (Ministry of Intelligence
    of the Islamic Republic of Iran: ministry intelligence iran), longest first, "of" and
    "the" left out; None where it names no country formally. An organisation of a state is
    named with the state's formal name as often as with its short one, and the lists write
    either."""
    words = [w for w in key(text).split() if w not in _OF]
    formal = _formal()
    longest = _longest_formal()
    out: list[str] = []
    i, found = 0, False
    while i < len(words):
        for span in range(min(longest, len(words) - i), 1, -1):
            short = formal.get(tuple(words[i : i + span]))
            if short is not None:
                out.append(short)
                i += span
                found = True
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out) if found else None


def is_place(text: str) -> bool:
    """The text is a territory's code or one of its names, however written."""
    return code(text) is not None
