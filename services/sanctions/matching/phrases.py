"""A name written without spaces between its words (Korean, Chinese), read as a table's words
and the stretches between them; and the readings made of the pieces' alternatives.

Korean and Chinese write a body's name as one word (단천상업은행, 华信船务有限公司): the
common words of such names are found inside it, longest first, and what is left between them
is the body's own name. A word of one syllable is read only right after another word of the
table, and (unless its table says it may stand anywhere: 市, city, after a city's name) only
as the last syllable: such syllables end and begin many persons' and bodies' own names
(김민국, 大华).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

#: the most readings of one name (each alternative English and romanisation of a piece)
MOST_READINGS: Final = 4


def segments(
    word: str, known: Mapping[str, object], longest: int, anywhere: frozenset[str] = frozenset()
) -> list[tuple[str, bool]]:
    """``word`` as the table's words, longest first, and the stretches between them: (text,
    a word of the table)."""
    out: list[tuple[str, bool]] = []
    pending = ""
    i = 0
    while i < len(word):
        for span in range(min(longest, len(word) - i), 0, -1):
            piece = word[i : i + span]
            if piece not in known:
                continue
            after_word = bool(out) and out[-1][1] and not pending
            if span == 1 and not (after_word and (i + 1 == len(word) or piece in anywhere)):
                continue  # one syllable: right after a word of the table, and last
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


#: words of the table (of two syllables or more) that make a name a body's without one that
#: names its kind: 광업 개발 무역 (mining, development, trading) name no person
WORDS_OF_A_BODY: Final = 2


def names_a_body(words: Sequence[str], kinds: frozenset[str]) -> bool:
    """The table's words found in a name (``words``) make it a body's: one names a kind of
    body (bank, company, university), or two or more of two syllables or more are there. A
    person's name of two to four syllables holds one such word at most (王中国: Wang
    Zhongguo, 中国 China), so it is never read as a phrase."""
    return any(w in kinds for w in words) or sum(len(w) > 1 for w in words) >= WORDS_OF_A_BODY


def read(
    text: str, runs: Sequence[tuple[int, int]], pieces: Callable[[str], list[tuple[str, ...]]]
) -> tuple[str, ...]:
    """``text`` with each run (start, end) replaced by its pieces, each piece one of its
    alternatives, the text between runs kept: the first alternative of every piece, then each
    piece's others one at a time (never the product of them all, which a long name would
    make astronomical), at most ``MOST_READINGS``."""
    parts: list[tuple[str, ...]] = []
    position = 0
    for start, end in runs:
        parts.append((text[position:start],))
        parts.extend(tuple(f" {a} " for a in piece) for piece in pieces(text[start:end]))
        position = end
    parts.append((text[position:],))
    choices = [[0] * len(parts)]
    for i, part in enumerate(parts):
        choices += [[*([0] * i), k, *([0] * (len(parts) - i - 1))] for k in range(1, len(part))]
    readings = (
        " ".join("".join(p[k] for p, k in zip(parts, c, strict=True)).split()) for c in choices
    )
    return tuple(dict.fromkeys(readings))[:MOST_READINGS]
