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
from typing import Final

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "wade_giles.json"
#: the longest syllable in either system (zhuang, hsiung, chiung)
_LONGEST = 6
_MARKS = str.maketrans("", "", "'’`ʼ")
#: what the evidence says the names were read as
READING: Final = "Wade-Giles romanisation of Mandarin, compared syllable by syllable with Pinyin"
#: spellings only Wade-Giles has that say little on their own: "i" is an initial as often
_WEAK_MARKERS = frozenset({"i"})


def _ascii(text: str) -> str:
    """As a name is written: no apostrophe, no diacritic (ch'ü is chu)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.translate(_MARKS).lower()


@cache
def _tables() -> tuple[dict[str, str], frozenset[str], frozenset[str], dict[str, str]]:
    """(Pinyin syllable -> its Wade-Giles spelling, Wade-Giles spellings, those that are no
    Pinyin syllable, a variant spelling -> the table's), all as names write them."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    to_wade_giles: dict[str, str] = {}
    for pinyin, wade_giles in data["syllables"].items():
        to_wade_giles.setdefault(_ascii(pinyin), _ascii(wade_giles))
    variants = {_ascii(k): _ascii(v) for k, v in data["variants"].items()}
    spellings = frozenset(to_wade_giles.values()) | frozenset(variants)
    markers = spellings - frozenset(to_wade_giles) - _WEAK_MARKERS
    return to_wade_giles, spellings, markers, variants


#: readings of one word, and of one name, at most (xian: xian, xi an)
MAX_SPLITS, MAX_READINGS = 4, 8


@lru_cache(maxsize=100_000)
def _syllables(word: str, pinyin: bool) -> tuple[tuple[str, ...], ...]:
    """The ways the word is written in the fewest syllables of one system (Pinyin or
    Wade-Giles): ``yana`` is ya-na and yan-a, as Xian is Xian and Xi'an without the
    apostrophe names leave out; none when it is not written in them."""
    to_wade_giles, spellings, _, _ = _tables()
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
def wade_giles_words(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A name written in Wade-Giles, word by word, each syllable in the table's spelling
    (szu: ssu), in every way its words split into syllables (a few at most); none unless
    it has two words at least, each made of Wade-Giles syllables, and one syllable a spelling
    Pinyin does not have."""
    if len(words) < 2:
        return ()
    _, _, markers, variants = _tables()
    split = [_syllables(w, pinyin=False) for w in words]
    if not all(split):
        return ()
    if not any(syllable in markers for ways in split for way in ways for syllable in way):
        return ()
    spelled = [
        dict.fromkeys("".join(variants.get(s, s) for s in way) for way in ways) for ways in split
    ]
    return tuple(islice(product(*spelled), MAX_READINGS))


@lru_cache(maxsize=100_000)
def pinyin_words(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A name written in Pinyin, each word spelled as Wade-Giles writes its syllables (Xi
    Jinping: hsi chinping), in every way its words split into syllables (a few at most);
    none when a word is not Pinyin syllables. A name may be read both ways: Shihao is Pinyin
    (shi-hao) and Wade-Giles letters (shih-ao)."""
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
    """One name is written in Wade-Giles, and the other, read in Wade-Giles or in Pinyin, has
    the same syllables in the same order, the family name first or last."""
    for wade_giles, other in ((a, b), (b, a)):
        written = wade_giles_words(wade_giles)
        if not written:
            continue
        spelled = frozenset().union(*(orders(w) for w in written))
        if any(spelled & orders(r) for r in wade_giles_words(other) + pinyin_words(other)):
            return True
    return False


def index_keys(words: tuple[str, ...], listed: bool) -> frozenset[str]:
    """Keys a name is found by in Wade-Giles spelling: a listed name read in Wade-Giles or
    Pinyin, and a query only when written in Wade-Giles (a Pinyin query finds Pinyin names
    by its words already)."""
    ways = wade_giles_words(words) + (pinyin_words(words) if listed else ())
    return frozenset("w:" + o for way in ways for o in orders(way))
