"""A name written without spaces between its words (Korean, Chinese), read as a table's words
and the stretches between them: the table's words in English, the stretches (the body's own
name) romanised as one word.

Korean and Chinese write a body's name as one word (단천상업은행, 华信船务有限公司): the
common words of such names are found inside it, and what is left between them is the body's
own name. A word of one syllable is read only right after another word of the table and
last, or between two (unless its table says it may stand anywhere: 市, city, after a city's
name; or begins words: 총, general): such syllables end and begin many persons' and bodies'
own names (김민국, 大华). A name is read only when what is found makes it a body's
(``names_a_body``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

#: the most readings of one name (each alternative English and romanisation of a piece)
MOST_READINGS: Final = 6
#: words of the table (of two syllables or more) that make a name a body's without one that
#: names its kind: 광업 개발 무역 (mining, development, trading) name no person
WORDS_OF_A_BODY: Final = 2


@dataclass(frozen=True)
class Table:
    """One language's words of bodies' names (a ``data/org_words_*.json``), and how the
    stretches between them are romanised."""

    words: Mapping[str, tuple[str, ...]]
    romanise: Callable[[str], tuple[str, ...]]
    kinds: frozenset[str] = frozenset()
    #: words of one syllable read anywhere right after a word of the table (市, 省)
    anywhere: frozenset[str] = frozenset()
    #: words of one syllable read right before a word of the table (총 무역: general trading)
    before_word: frozenset[str] = frozenset()
    #: syllables that make the word of the table before them a person's title (은행장)
    titles: frozenset[str] = frozenset()
    #: a word's English when it is not the first of the name (조선: shipbuilding)
    elsewhere: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def longest(self) -> int:
        return max(map(len, self.words), default=1)

    @classmethod
    def of(
        cls,
        rows: Sequence[Mapping[str, Any]],
        titles: Sequence[str],
        romanise: Callable[[str], tuple[str, ...]],
    ) -> Table:
        """The table of a data file's rows (``written``, ``english``, ``kind``, ``anywhere``,
        ``before_word``, ``elsewhere``) and title syllables."""
        return cls(
            words={str(r["written"]): tuple(r["english"]) for r in rows},
            romanise=romanise,
            kinds=frozenset(str(r["written"]) for r in rows if r["kind"]),
            anywhere=frozenset(str(r["written"]) for r in rows if r.get("anywhere")),
            before_word=frozenset(str(r["written"]) for r in rows if r.get("before_word")),
            titles=frozenset(titles),
            elsewhere={str(r["written"]): tuple(r["elsewhere"]) for r in rows if "elsewhere" in r},
        )


#: the best cut of a word's first characters: (characters left out, pieces), where the last
#: piece begins, and whether the piece before it is a word of the table (1), a stretch (0)
#: or none (-1)
_Cut = tuple[tuple[int, int], int, int]
_NONE: Final[_Cut] = ((1 << 30, 1 << 30), -1, -1)


def segments(word: str, table: Table) -> list[tuple[str, bool]]:
    """``word`` as the table's words and the stretches between them: (text, a word of the
    table). Of all the ways to cut it, the one leaving fewest characters outside the table's
    words, then the one of fewest pieces: 광선전자은행 is 광선 전자 은행 (Kwangson
    Electronics Bank), not 광 선전 자 은행 (propaganda), which reading the longest word from
    the left finds."""
    n = len(word)
    # best[i][w]: the best cut of word[:i] whose last piece is a word of the table (w = 1)
    # or a stretch (w = 0)
    best = [[_NONE, _NONE] for _ in range(n + 1)]
    for i in range(n):
        starts = [(((0, 0), -1, -1), -1)] if i == 0 else [(best[i][w], w) for w in (0, 1)]
        for ((out, pieces), _, _), was in starts:
            if out >= _NONE[0][0]:
                continue
            _keep(best[i + 1], 0, ((out + 1, pieces + (was != 0)), i, was))
            for span in range(1, min(table.longest, n - i) + 1):
                piece = word[i : i + span]
                if piece not in table.words:
                    continue
                if span == 1 and not _one_syllable(word, i, was == 1, table):
                    continue
                _keep(best[i + span], 1, ((out, pieces + 1), i, was))
    found: list[tuple[str, bool]] = []
    i, w = n, min((0, 1), key=lambda k: best[n][k][0])
    while i > 0:
        _, before, was = best[i][w]
        if w == 0 and found and not found[-1][1]:
            found[-1] = (word[before:i] + found[-1][0], False)
        else:
            found.append((word[before:i], bool(w)))
        i, w = before, was
    return found[::-1]


def _one_syllable(word: str, i: int, after_word: bool, table: Table) -> bool:
    """A word of one syllable at ``i`` is read as one: right after a word of the table and
    last, before another (로동 당 중앙), or anywhere where its table says so (市 after a city);
    and one that begins words (총, general: 총 무역 회사) right before a word of the table."""
    piece = word[i]
    before_word = any(word[i + 1 : i + 1 + k] in table.words for k in range(2, table.longest + 1))
    if piece in table.before_word:
        return before_word
    return after_word and (i + 1 == len(word) or before_word or piece in table.anywhere)


def _keep(cell: list[_Cut], w: int, cut: _Cut) -> None:
    if cut[0] < cell[w][0]:
        cell[w] = cut


def names_a_body(found: Sequence[tuple[str, bool]], table: Table) -> bool:
    """The pieces of a name make it a body's: a word names a kind of body (bank, company,
    university), or two or more words of the table of two syllables or more are there. Not
    a word followed by a title's syllable (은행장, a bank's president; 대학생, a student), and
    not a name of one syllable and one word (김상사, Sergeant Kim; 박공사, Minister Park): a
    family name with a title. A person's name of two to four syllables holds one word of
    the table at most (王中国: Wang Zhongguo, 中国 China), so it is never read as a phrase."""
    if len(found) == 2 and len(found[0][0]) == 1 and not found[0][1] and found[1][1]:
        return False
    titled = {i for i, (text, is_word) in enumerate(found) if not is_word and text in table.titles}
    words = [text for i, (text, is_word) in enumerate(found) if is_word and i + 1 not in titled]
    return any(w in table.kinds for w in words) or sum(len(w) > 1 for w in words) >= WORDS_OF_A_BODY


def translated(text: str, table: Table, runs: re.Pattern[str]) -> tuple[str, ...]:
    """``text`` with each run of the script (``runs``) read as the table's words in English
    and the stretches between them romanised, the text between runs kept; none where nothing
    makes it a body's name. The first alternative of every piece, then each piece's others
    one at a time, the last pieces (a name's kind) first (never the product of them all,
    which a long name would make astronomical), at most ``MOST_READINGS``."""
    spans = [(m.start(), m.end()) for m in runs.finditer(text)]
    split = [segments(text[start:end], table) for start, end in spans]
    if not names_a_body([s for run in split for s in run], table):
        return ()
    parts: list[tuple[str, ...]] = []
    position = 0
    for (start, end), pieces in zip(spans, split, strict=True):
        parts.append((text[position:start],))
        for piece, is_word in pieces:
            if not is_word:
                alternatives = table.romanise(piece)
            elif len(parts) > 1 and piece in table.elsewhere:
                alternatives = table.elsewhere[piece]
            else:
                alternatives = table.words[piece]
            parts.append(tuple(f" {a} " for a in alternatives))
        position = end
    parts.append((text[position:],))
    first = [p[0] for p in parts]
    readings: dict[str, None] = {_joined(first): None}
    for i in reversed(range(len(parts))):
        for alternative in parts[i][1:]:
            if len(readings) >= MOST_READINGS:
                return tuple(readings)
            readings[_joined([*first[:i], alternative, *first[i + 1 :]])] = None
    return tuple(readings)


def _joined(parts: Sequence[str]) -> str:
    return " ".join("".join(parts).split())
