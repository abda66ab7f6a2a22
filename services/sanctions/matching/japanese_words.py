"""An organisation named in Japanese, read with its common words in English and its own
name romanised, as the lists write foreign bodies.

The lists carry Iranian, Russian, North Korean and Chinese bodies under English names
(MAHAN AIR, CENTRAL BANK OF IRAN, ISLAMIC REVOLUTIONARY GUARD CORPS) and never in
Japanese. A Japanese partner, registry or press text writes them in kanji and katakana:
マハン航空, イラン中央銀行, イスラム革命防衛隊, ロシア連邦保安庁. Katakana was read as a foreign
person's name (``kana``) and kanji as Chinese, and 93 of helper-31's 120 such names cleared
(2026-12-05). The common words of such names (``data/org_words_japanese.json``: company,
bank, aviation, ministry, central, Iran, Russia, and the loanwords グループ, テクノロジー) are
found inside a name written together (``phrases``, as for Chinese and Korean), across the
middle dots and equals signs Japanese writes between a foreign name's words (a word in
katakana only as a whole stretch of katakana: ガス, gas, is no word of ガストグループ), and
read in English; what is left between them is the body's own name, its katakana in Hepburn (ICU's
Katakana-Latin: マハン, mahan), its kanji in Pinyin, written together. A name is read so only
when ``phrases.names_a_body`` says its words make it a body's, so a person's name is never
read as a phrase; queries only (``normalize.translated_forms``).
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR, phrases
from services.sanctions.matching.chinese_words import pinyin
from services.sanctions.matching.scripts import transliterator

DATA: Final = DATA_DIR / "org_words_japanese.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Japanese organisation's name in English"
#: a run of kanji and katakana (the prolonged sound mark ー included, and the marks around
#: each katakana stretch), read as one name
_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a1-\u30fa\u30fc\u3014\u3015]+")
#: a stretch of katakana: a word of the table in katakana is one only as a whole stretch
#: (ガス, gas, is no word of ガストグループ, Gusto Group, nor イラン of ハイランド, Highland)
_STRETCH = re.compile("[\u30a1-\u30fa\u30fc]+")
#: katakana letters (a name written with them is Japanese)
_KATAKANA = re.compile("[\u30a1-\u30fa]")
#: what Japanese writes between a foreign name's words (・, ＝, ゠) and spaces between
#: kanji and katakana, taken out so that the table's words are found across them
_BETWEEN = re.compile(
    "(?<=[\u3400-\u9fff\u30a1-\u30fa\u30fc\u3015])[\\s\u30fb\u00b7\uff1d\u30a0=]+"
    "(?=[\u3400-\u9fff\u30a1-\u30fa\u30fc\u3014])"
)

#: the same marks where they part nothing (航空・, a name's end), and the long-vowel mark
#: after no katakana: read as a space, not kept in the reading as a word of their own
_STRAY = re.compile("[\u30fb\u00b7\uff1d\u30a0=]|(?<![\u30a1-\u30fa\u30fc])\u30fc+")


def marked(text: str) -> str:
    """Each katakana stretch between 〔 and 〕, in the table's words and in a name alike."""
    return _STRETCH.sub(lambda m: f"\u3014{m.group(0)}\u3015", text)


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _romanised(piece: str) -> tuple[str, ...]:
    """A body's own name written together: katakana in Hepburn, kanji in Pinyin."""
    kana = transliterator("Katakana-Latin; Latin-ASCII; Lower")
    out = []
    for run in re.findall("[\u30a1-\u30fa\u30fc]+|[^\u30a1-\u30fa\u30fc]+", piece):
        if _KATAKANA.search(run):
            out.append(str(kana.transliterate(run)))
        else:
            out.append("".join(pinyin(run)))
    return ("".join(c for c in "".join(out) if c.isalnum()),)


@cache
def table() -> phrases.Table:
    """The table's words, their English, and how a body's own name is written."""
    rows = [{**row, "written": marked(row["written"])} for row in _data()["words"]]
    return phrases.Table.of(rows, _data()["titles"], _romanised)


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common Japanese words in English and the rest romanised, one
    reading per alternative (at most ``phrases.MOST_READINGS``); none without katakana or
    kanji, or where nothing makes it a body's name (``phrases.names_a_body``)."""
    if not _RUN.search(text):
        return ()
    return phrases.translated(_STRAY.sub(" ", _BETWEEN.sub("", marked(text))), table(), _RUN)
