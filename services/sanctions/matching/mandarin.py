"""Chinese names written in Wade-Giles, beside the Pinyin the lists write.

Taiwan's passports and registers, Hong Kong's and older Western records write Mandarin names
in Wade-Giles (Hsi Chin-ping, Mao Tse-tung, Chang Hsiao-yen); the lists write the names of
the People's Republic in Pinyin (Xi Jinping, Mao Zedong). Letter by letter the two have
little in common (hsi/xi, chin/jin, tung/dong), so a name in one slipped past a listed name
in the other. Both are syllable systems with a fixed table between them
(``data/wade_giles.json``, from pypinyin's table): a name whose words are all Wade-Giles
syllables, one of them at least a spelling Pinyin never uses (hsi, tse, tung, chih), is
compared with a name whose words are all Pinyin syllables, each Pinyin syllable spelled as
Wade-Giles writes it, syllable by syllable in order, the family name first or last.

Wade-Giles written without its apostrophe and diacritics (as names are) spells several
Pinyin syllables alike (ping: bing and ping; chu: zhu, chu, ju, qu): the comparison folds
Pinyin into that spelling and so says "may be the same name", never more. A name is read
so only whole: every word must be syllables, or the name is not read at all.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from itertools import islice, product
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "wade_giles.json"
#: the longest syllable in either system (zhuang, hsiung, chiung)
_LONGEST = 6
_MARKS = str.maketrans("", "", "'’`ʼ")
#: what the evidence says the names were read as
READING = "Wade-Giles romanisation of Mandarin, compared syllable by syllable with Pinyin"
#: spellings only Wade-Giles has that say little on their own: "i" is an initial as often
_WEAK_MARKERS = frozenset({"i"})


def _ascii(text: str) -> str:
    """As a name is written: no apostrophe, no diacritic (ch'ü is chu)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.translate(_MARKS).lower()


@cache
def _tables() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(Pinyin syllable -> its Wade-Giles spelling, Wade-Giles syllables, the Wade-Giles
    spellings that are no Pinyin syllable), all as names write them."""
    rows: dict[str, str] = json.loads(DATA.read_text(encoding="utf-8"))["syllables"]
    to_wade_giles: dict[str, str] = {}
    for pinyin, wade_giles in rows.items():
        to_wade_giles.setdefault(_ascii(pinyin), _ascii(wade_giles))
    spellings = frozenset(to_wade_giles.values())
    markers = spellings - frozenset(to_wade_giles) - _WEAK_MARKERS
    return to_wade_giles, spellings, markers


#: readings of one word, and of one name, at most (xian: xian, xi an)
MAX_SPLITS, MAX_READINGS = 4, 8


@lru_cache(maxsize=100_000)
def _syllables(word: str, pinyin: bool) -> tuple[tuple[str, ...], ...]:
    """The ways the word is written in the fewest syllables of one system (Pinyin or
    Wade-Giles): ``yana`` is ya-na and yan-a, as Xian is Xian and Xi'an without the
    apostrophe names leave out; none when it is not written in them."""
    to_wade_giles, spellings, _ = _tables()
    known = to_wade_giles.keys() if pinyin else spellings
    empty: tuple[str, ...] = ()
    best: list[list[tuple[str, ...]]] = [[empty]] + [[] for _ in word]
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST), end):
            if not best[start] or word[start:end] not in known:
                continue
            splits = [(*before, word[start:end]) for before in best[start]]
            if not best[end] or len(splits[0]) < len(best[end][0]):
                best[end] = splits[:MAX_SPLITS]
            elif len(splits[0]) == len(best[end][0]):
                best[end] = (best[end] + splits)[:MAX_SPLITS]
    return tuple(best[-1]) if word else ()


@lru_cache(maxsize=100_000)
def wade_giles_words(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """A name written in Wade-Giles, word by word (None otherwise): two words at least, each
    made of Wade-Giles syllables, one syllable at least a spelling Pinyin does not have."""
    if len(words) < 2:
        return None
    split = [_syllables(w, pinyin=False) for w in words]
    if not all(split):
        return None
    markers = _tables()[2]
    if not any(syllable in markers for ways in split for way in ways for syllable in way):
        return None
    return words


@lru_cache(maxsize=100_000)
def pinyin_words(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A name written in Pinyin, each word spelled as Wade-Giles writes its syllables (Xi
    Jinping: hsi chinping), in every way its words split into syllables (a few at most);
    none when a word is not Pinyin syllables."""
    if len(words) < 2:
        return ()
    to_wade_giles = _tables()[0]
    spelled = []
    for word in words:
        ways = _syllables(word, pinyin=True)
        if not ways:
            return ()
        spelled.append(dict.fromkeys("".join(to_wade_giles[s] for s in way) for way in ways))
    return tuple(islice(product(*spelled), MAX_READINGS))


def orders(words: tuple[str, ...]) -> frozenset[str]:
    """The name's syllables written together, the family name first or last."""
    return frozenset(
        "".join(order) for order in (words, words[-1:] + words[:-1], words[1:] + words[:1])
    )


def same_syllables(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is written in Wade-Giles, and the other (in Pinyin or Wade-Giles) has the same
    syllables in the same order, the family name first or last."""
    for wade_giles, other in ((a, b), (b, a)):
        written = wade_giles_words(wade_giles)
        if written is None:
            continue
        spelled = orders(written)
        read = wade_giles_words(other)
        if any(spelled & orders(r) for r in ((read,) if read else pinyin_words(other))):
            return True
    return False


def index_keys(words: tuple[str, ...], listed: bool) -> frozenset[str]:
    """Keys a name is found by in Wade-Giles spelling: a listed name in Pinyin or Wade-Giles,
    and a query only when written in Wade-Giles (a Pinyin query finds Pinyin names by its
    words already)."""
    read = wade_giles_words(words)
    ways = (read,) if read else pinyin_words(words) if listed else ()
    return frozenset("w:" + o for way in ways for o in orders(way))
