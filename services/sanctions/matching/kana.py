"""A foreign name written in Japanese katakana, compared by the sounds Japanese can write.

Japan writes a foreign name in katakana, syllable by syllable, with the sounds Japanese has
(ウラジーミル・プーチン: urajīmiru pūchin for Vladimir Putin): every consonant carries a
vowel, l and r are one sound, v is written b or as a vowel (ラブロフ: Lavrov; イワノフ:
Ivanov), ti as chi and di as ji (プーチン, ウラジーミル), z as s or j, h as f before a
consonant (アフマディーネジャード: Ahmadinejad), a final h is not written (ナスララ:
Nasrallah), and ICU's romanisation writes some syllables oddly (ヴィ vui, スィ sui). Its
romanisation then shares no word with the listed name, so a word read from
katakana is compared with a listed word by its consonants with each of those pairs folded
into one (``key``), and is looked up under every listed spelling those consonants may
stand for (``spellings``). The conventions: the Japanese Cabinet notice on writing loanwords
(外来語の表記, Cabinet Notice No. 2 of 1991) and the Hepburn romanisation ICU writes.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from typing import Final

#: kana letters and the prolonged sound mark: katakana, and hiragana, which spells the same
#: sounds (a name written in it is read alike)
KATAKANA: Final = re.compile("[\u3041-\u3096\u30a1-\u30fa\u30fc]")
#: Latin spellings of one sound Japanese writes one way, longest first; applied to the
#: listed word and to the word read from katakana alike
_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("dzh", "d"),
    ("zh", "d"),
    ("tch", "t"),
    ("sch", "s"),
    ("ch", "t"),
    ("sh", "s"),
    ("ts", "t"),
    ("tz", "t"),
    ("th", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("ck", "k"),
    ("ng", "n"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("j", "d"),
    ("z", "s"),
    ("l", "r"),
    ("v", "b"),
)
_VOWEL = "aeiouy"
#: a v or w before a consonant at a word's start: Japanese writes it as the vowel u
#: (Vladimir, Wladimir: ウラジーミル)
_LEADING_W = re.compile(r"^[vw](?=[^aeiouy])")
#: Ye at a word's start is written エ (Yevgeny: エフゲニー), a final -iy as イー
_YE = re.compile(r"^ye")
_IY = re.compile(r"iy$")
#: a final h after a vowel is not written (Nasrallah: ナスララ, Allah: アッラー)
_SILENT_H = re.compile(r"(?<=[aeiouy])h$")
#: w before a vowel is a consonant Japanese writes (ワ, ウィ), as it writes v (イワノフ)
_W = re.compile(r"w(?=[aeiouy])")
_DOUBLED = re.compile(r"(.)\1+")


#: what ICU's romanisation writes for katakana's small-vowel syllables, read as their sound:
#: ヴィ vui (vi), スィ sui (si), ツェ tsue (tse), ウォ uo (wo)
_SMALL_VOWEL = (
    (re.compile(r"(?<=[^aeiou])u(?=[aeioy])"), ""),
    (re.compile(r"^u(?=[aeio])"), "w"),
)
#: a final g after r is written ク (ローテンベルク: Rotenberg)
_FINAL_G = re.compile(r"(?<=r)g$")


def _folded(token: str, read: bool = False) -> str:
    """The word with each sound Japanese writes one way written once, vowels kept;
    ``read``: the word is read from katakana (its romanisation's artefacts undone)."""
    out = token.lower()
    if read:
        for pattern, replacement in _SMALL_VOWEL:
            out = pattern.sub(replacement, out)
    out = _FINAL_G.sub("k", _SILENT_H.sub("", _LEADING_W.sub("", out)))
    out = _IY.sub("i", _YE.sub("e", out))
    if out.endswith("v"):
        out = out[:-1] + "f"  # a final v is written フ: Lavrov, ラブロフ
    out = _W.sub("b", out).replace("y", "i").replace("w", "")
    for latin, sound in _FOLDS:
        out = out.replace(latin, sound)
    return out


def _sounds(token: str) -> str:
    """A word read from katakana: its consonants, folded."""
    return "".join(c for c in _folded(token, read=True) if c not in _VOWEL)


#: u or o after a consonant and before another or the word's end: the vowel katakana adds
#: to a consonant (プーチン puchin, ラブロフ raburofu), and any the listed word has there
#: (Putin, Lavrov), left out of both alike; a word's first u before a consonant is the u
#: katakana writes for v or w (ウラジーミル)
_EPENTHETIC = re.compile(r"(?<=[^aeiou])[uo](?=[^aeiou]|$)|^u(?=[^aeiou])")
#: read from katakana only: f before a consonant, which katakana writes for h (アフマド
#: afumado: Ahmad; Fernandez is not Hernandez)
_F_FOR_H = re.compile(r"f(?=[^aeiou])")
#: an i katakana may have added, tried both ways: at the end after ch, j, sh and r (イーゴリ
#: igori: Igor; アリー ari: Ali keeps it), and after r before a consonant, the soft l it
#: writes リ (コワリチュク: Kovalchuk; プリゴジン: Prigozhin keeps it)
_ADDED_I = (re.compile(r"(?<=[tdsr])i$"), re.compile(r"(?<=r)i(?=[^aeiou])"))


@lru_cache(maxsize=100_000)
def key(token: str, read: bool = False) -> str:
    """The word as katakana can tell it: folded sounds, doubled letters once, long vowels
    short, without the vowels katakana adds (Putin and pūchin: ptin; Lavrov and raburofu:
    rabrf; Kadyrov and kadirofu: kadirf). ``read``: the word is read from katakana."""
    out = _EPENTHETIC.sub("", _DOUBLED.sub(r"\1", _folded(token, read)))
    return _F_FOR_H.sub("h", out) if read else out


@lru_cache(maxsize=100_000)
def read_keys(token: str) -> tuple[str, ...]:
    """A word read from katakana as its ``key``, and without each i katakana may have added."""
    first = key(token, read=True)
    out = dict.fromkeys([first, *(pattern.sub("", first) for pattern in _ADDED_I)])
    return tuple(k for k in out if k)


#: the Arabic article as katakana writes it, joined by a double hyphen or an equals sign
#: (アル＝アサド: al-Assad), and those signs between a name's words
_ARTICLE = re.compile("(?<![\u30a1-\u30fa\u30fc])アル[＝゠=]")
_JOINERS = str.maketrans({"＝": " ", "゠": " ", "=": " "})


#: characters typed for katakana they look like (一 for ー, 口 for ロ, 力 for カ), and the
#: dashes and tildes typed for the prolonged sound mark: read as katakana next to katakana,
#: never beside a Han character (山口 is Yamaguchi)
_LOOKALIKES = {
    "一": "ー",
    "口": "ロ",
    "八": "ハ",
    "力": "カ",
    "夕": "タ",
    "工": "エ",
    "卜": "ト",
    "二": "ニ",
    "〜": "ー",
    "～": "ー",
    "―": "ー",
    "‐": "ー",
    "－": "ー",
    "-": "ー",
}
_KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_LOOKALIKE = re.compile(
    f"(?<![{_HAN}])[{''.join(_LOOKALIKES)}](?=[{_KANA}])(?![{_HAN}])"
    f"|(?<=[{_KANA}])[{''.join(_LOOKALIKES)}](?![{_HAN}])"
)


def prepare(text: str) -> str:
    """A name in katakana with look-alike characters read as the katakana they pass for, the
    Arabic article read as al and the signs that join its words read as spaces (ICU drops
    them and runs the words together)."""
    if not KATAKANA.search(text):
        return text
    text = _LOOKALIKE.sub(lambda m: _LOOKALIKES[m.group(0)], text)
    return _ARTICLE.sub("al ", text).translate(_JOINERS)


#: the listed skeleton letters each sound of a katakana word may stand for (consonant
#: skeletons drop v and w); a silent final h may follow
_SPELLED = {
    "r": ("r", "l"),
    "d": ("d", "j", "z"),
    "t": ("t", "ch", "ts"),
    "s": ("s", "sh", "z", "th"),
    "f": ("f", "h", "kh", ""),
    "h": ("h", "kh", ""),
    "b": ("b", ""),
    "k": ("k", "c", "q", "kh"),
    "g": ("g", "gh"),
    "n": ("n", "ng"),
}
#: the most listed spellings one katakana word is looked up under (a word of five sounds
#: with three spellings each has 243)
MOST_SPELLINGS: Final = 256


@lru_cache(maxsize=20_000)
def spellings(token: str) -> tuple[str, ...]:
    """The consonant skeletons (``normalize.skeleton``) of the listed words a word read from
    katakana may be: each sound in each way the lists may spell it, at most
    ``MOST_SPELLINGS`` of them: past that, the least common spelling of the sound with the
    most is left out, in turn, so every sound keeps its common spellings."""
    sounds = _sounds(token)
    if not sounds:
        return ()
    options = [list(_SPELLED.get(c, (c,))) for c in sounds]
    while math.prod(len(o) for o in options) > MOST_SPELLINGS:
        widest = max(options, key=len)
        widest.pop()
    out: dict[str, None] = {}
    for letters in itertools.product(*options):
        skeleton = _DOUBLED.sub(r"\1", "".join(letters))
        if len(skeleton) >= 2:
            out[skeleton] = None
            out[skeleton + "h"] = None
    return tuple(out)


#: a vowel katakana adds after a final consonant (キム: kimu for Kim, アサド: asado for Assad)
_ADDED_VOWEL = re.compile(r"(?<=[^aeiouy])[uo]$")
#: the most r letters of a word read both ways (r and l) when it is looked up as written
MOST_RS: Final = 3


@lru_cache(maxsize=20_000)
def respellings(token: str) -> tuple[str, ...]:
    """The word as the lists may write it letter for letter: each r also as l (アリー: ari
    for Ali), and without the vowel katakana adds after a final consonant (kimu: Kim)."""
    stems = dict.fromkeys((token, _ADDED_VOWEL.sub("", token)))
    out: dict[str, None] = {}
    for stem in stems:
        at = [i for i, c in enumerate(stem) if c == "r"][:MOST_RS]
        for letters in itertools.product("rl", repeat=len(at)):
            word = list(stem)
            for i, letter in zip(at, letters, strict=True):
                word[i] = letter
            out["".join(word)] = None
    out.pop(token, None)
    return tuple(w for w in out if len(w) >= 2)
