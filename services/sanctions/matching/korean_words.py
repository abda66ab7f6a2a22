"""An organisation named in Korean, read with its common words in English and its own name
romanised as the lists romanise North Korean bodies.

The lists carry North Korean bodies under English names and McCune-Reischauer
romanisations (TANCHON COMMERCIAL BANK, AIR KORYO, KOREA KWANGSON BANKING CORP, CHOSON
TAESONG UNHAENG) and never in Hangul. A partner who writes 단천상업은행 was read syllable by
syllable (dan cheon sang eop eun haeng) and met none of them. Korean writes a body's name as
one word, so the common words of such names (``data/org_words_korean.json``: bank, company,
trading, bureau, Korea) are found inside it (``phrases``) and read in English; what is left
between them is the body's own name, romanised as one word in McCune-Reischauer (Tanchon)
and syllable by syllable, as the lists also write some (PAEKMA). A name is read so only when
``phrases.names_a_body`` says its words make it a body's, so a person's name (김민국) or a
family name with a title (김상사) is never read as a phrase.

The same words written in Latin letters (Choson Taesong Unhaeng, Tanchon Sangop Unhaeng) are
read in English by ``translated_words``, in the spellings ``latin_spellings`` computes.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR, phrases
from services.sanctions.matching.scripts import (
    hangul_syllable,
    korean_syllables_joined,
    mccune_reischauer,
)

DATA: Final = DATA_DIR / "org_words_korean.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Korean organisation's name in English"
_HANGUL_WORD = re.compile(r"[\uAC00-\uD7A3]+")
#: a Latin spelling this short may be any word of another language, and is not read
_SHORTEST_LATIN: Final = 4


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _romanised(name: str) -> tuple[str, ...]:
    """A body's own name in McCune-Reischauer, and each syllable on its own (PAEKMA, not
    paengma), as the lists write North Korean names. Not with its first consonant voiced
    (DAEDONG beside TAEDONG): compared as a Latin word, one letter apart is forgiven, and
    the voiced reading of 기아 (Kia) was GIA, a listed name (helper-29)."""
    return tuple(dict.fromkeys((mccune_reischauer(name), korean_syllables_joined(name))))


@cache
def table() -> phrases.Table:
    """The Hangul words of the table, their English, and how a body's own name is written."""
    return phrases.Table.of(_data()["words"], _data()["titles"], _romanised)


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common Korean words in English and the rest romanised, one reading
    per alternative English and romanisation (at most ``phrases.MOST_READINGS``); none where
    nothing makes it a body's name (``phrases.names_a_body``). Text outside Hangul words
    (digits, Latin) is kept."""
    return phrases.translated(text, table(), _HANGUL_WORD)


@cache
def latin_spellings(in_context: bool = False) -> dict[str, str]:
    """Each word of two syllables or more written in Latin letters -> its English: in the
    Revised Romanization syllable by syllable, in McCune-Reischauer (also with its first
    consonant voiced, and each syllable on its own) and in the spellings the table gives
    with their evidence. Not a word whose spelling is also a name or a word of another
    language (``latin``: false: Sinyong, Konsol), nor one of one syllable (Bu, Guk, Song),
    unless ``in_context``: beside another Korean word of the table (Daedong Sinyong
    Eunhaeng, Kunsu Kongop Bu), such a word is Korean too."""
    out: dict[str, str] = {}
    for row in _data()["words"]:
        written, english = str(row["written"]), str(row["english"][0])
        plain = len(written) > 1 and row.get("latin") is not False
        if not (plain or in_context):
            continue
        spellings = {
            "".join(hangul_syllable(c) for c in written),
            mccune_reischauer(written),
            mccune_reischauer(written, voiced_start=True),
            korean_syllables_joined(written),
            *(str(s["written"]) for s in row.get("spellings", ())),
        }
        for spelling in spellings:
            if len(spelling) >= (_SHORTEST_LATIN if plain else 2):
                out.setdefault(spelling, english)
    return out
