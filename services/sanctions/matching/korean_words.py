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
CREDIT BANK). A name is read so only when one of its words names a kind of body, and a word
of one syllable (국, 부, 성, 당) only at the end of a Hangul word right after another word of
the table: such syllables end many persons' own names (김민국), so a person's name is never
read as a phrase.

The same words written in Latin letters (Choson Taesong Unhaeng, Tanchon Sangop Unhaeng) are
read in English by ``translated_words``, in the spellings ``latin_spellings`` computes.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR
from services.sanctions.matching.scripts import hangul_syllable, mccune_reischauer

DATA: Final = DATA_DIR / "org_words_korean.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Korean organisation's name in English"
_HANGUL_WORD = re.compile(r"[\uAC00-\uD7A3]+")
#: the longest word of the table, in syllables (원자력, 조선인민군: five)
_LONGEST: Final = 5
#: the most readings of one name (each alternative English and each romanisation of the
#: body's own name)
MOST_READINGS: Final = 4
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


def _segments(word: str) -> list[tuple[str, bool]]:
    """A Hangul word as the table's words, longest first, and the stretches between them:
    (text, a word of the table)."""
    known, _ = table()
    out: list[tuple[str, bool]] = []
    pending = ""
    i = 0
    while i < len(word):
        for span in range(min(_LONGEST, len(word) - i), 0, -1):
            piece = word[i : i + span]
            if piece not in known:
                continue
            if span == 1 and not (i + 1 == len(word) and out and out[-1][1] and not pending):
                continue  # one syllable: only last, and right after a word of the table
            break
        else:
            pending += word[i]
            i += 1
            continue
        if pending:
            out.append((pending, False))
            pending = ""
        out.append((piece, True))
        i += span
    if pending:
        out.append((pending, False))
    return out


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common Korean words in English and the rest romanised, one reading
    per alternative English and romanisation (at most ``MOST_READINGS``); none where no word
    names a kind of body. Text outside Hangul words (digits, Latin) is kept."""
    if not _HANGUL_WORD.search(text):
        return ()
    known, kinds = table()
    # each piece of the name: its alternatives (the English of a word of the table, the
    # romanisations of a body's own name, or text as written)
    pieces: list[tuple[str, ...]] = []
    named_kind = False
    position = 0
    for match in _HANGUL_WORD.finditer(text):
        pieces.append((text[position : match.start()],))
        for segment, is_word in _segments(match.group(0)):
            if is_word:
                pieces.append(tuple(f" {e} " for e in known[segment]))
                named_kind = named_kind or segment in kinds
            else:
                ways = (mccune_reischauer(segment), mccune_reischauer(segment, voiced_start=True))
                pieces.append(tuple(dict.fromkeys(f" {w} " for w in ways)))
        position = match.end()
    pieces.append((text[position:],))
    if not named_kind:
        return ()
    # the first alternative of every piece, then each piece's others one at a time: never
    # the product of them all, which a long name would make astronomical
    choices = [[0] * len(pieces)]
    for i, piece in enumerate(pieces):
        choices += [[*([0] * i), k, *([0] * (len(pieces) - i - 1))] for k in range(1, len(piece))]
    readings = (
        " ".join("".join(p[k] for p, k in zip(pieces, c, strict=True)).split()) for c in choices
    )
    return tuple(dict.fromkeys(readings))[:MOST_READINGS]


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
