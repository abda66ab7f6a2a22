"""An organisation named in Korean, read with its common words in English and its own name
romanised as the lists romanise North Korean bodies.

The lists carry North Korean bodies under English names and McCune-Reischauer
romanisations (TANCHON COMMERCIAL BANK, AIR KORYO, KOREA KWANGSON BANKING CORP, CHOSON
TAESONG UNHAENG) and never in Hangul. A partner who writes 단천상업은행 was read syllable by
syllable (dan cheon sang eop eun haeng) and met none of them. Korean writes a body's name as
one word, so the common words of such names (``data/org_words_korean.json``: bank, company,
trading, bureau, Korea) are found inside it, longest first, and read in English; what is
left between them is the body's own name, romanised as one word in McCune-Reischauer
(Tanchon), and also with its first consonant voiced, as the lists write some (DAEDONG
CREDIT BANK). A name is read so only when one of its words names a kind of body or two words
of the table are in it (``phrases.names_a_body``), and a word of one syllable (국, 부, 성, 당)
only at the end of a Hangul word right after another word of the table: such syllables end
many persons' own names (김민국), so a person's name is never read as a phrase.

The same words written in Latin letters (Choson Taesong Unhaeng, Tanchon Sangop Unhaeng) are
read in English by ``translated_words``, in the spellings ``latin_spellings`` computes.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR, phrases
from services.sanctions.matching.scripts import hangul_syllable, mccune_reischauer

DATA: Final = DATA_DIR / "org_words_korean.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Korean organisation's name in English"
_HANGUL_WORD = re.compile(r"[\uAC00-\uD7A3]+")
#: the longest word of the table, in syllables (원자력, 조선인민군: five)
_LONGEST: Final = 5
#: a Latin spelling this short may be any word of another language, and is not read
_SHORTEST_LATIN: Final = 4


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["words"])


@cache
def table() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Hangul words -> their English, and the words that name a kind of body."""
    words = {str(r["written"]): tuple(r["english"]) for r in _rows()}
    return words, frozenset(str(r["written"]) for r in _rows() if r["kind"])


def _pieces(run: str) -> list[tuple[str, ...]]:
    """A Hangul word's pieces: each word of the table as its English, each stretch between
    them romanised (McCune-Reischauer, and with its first consonant voiced)."""
    known, _ = table()
    return [
        known[text]
        if is_word
        else tuple(dict.fromkeys((mccune_reischauer(text), mccune_reischauer(text, True))))
        for text, is_word in phrases.segments(run, known, _LONGEST)
    ]


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common Korean words in English and the rest romanised, one reading
    per alternative English and romanisation (at most ``phrases.MOST_READINGS``); none where
    nothing makes it a body's name (``phrases.names_a_body``). Text outside Hangul words
    (digits, Latin) is kept."""
    runs = [(m.start(), m.end()) for m in _HANGUL_WORD.finditer(text)]
    known, kinds = table()
    found = [
        piece
        for start, end in runs
        for piece, is_word in phrases.segments(text[start:end], known, _LONGEST)
        if is_word
    ]
    if not phrases.names_a_body(found, kinds):
        return ()
    return phrases.read(text, runs, _pieces)


@cache
def latin_spellings() -> dict[str, str]:
    """Each word of two syllables or more written in Latin letters -> its English: in the
    Revised Romanization, in McCune-Reischauer (with its first consonant also voiced) and
    in the spellings the table gives with their evidence; none for a word whose spelling is
    also a given name (``latin``: false)."""
    out: dict[str, str] = {}
    for row in _rows():
        written, english = str(row["written"]), str(row["english"][0])
        if len(written) < 2 or row.get("latin") is False:
            continue
        spellings = {
            "".join(hangul_syllable(c) for c in written),
            mccune_reischauer(written),
            mccune_reischauer(written, voiced_start=True),
            *(str(s["written"]) for s in row.get("spellings", ())),
        }
        for spelling in spellings:
            if len(spelling) >= _SHORTEST_LATIN:
                out.setdefault(spelling, english)
    return out
