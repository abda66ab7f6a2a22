"""An organisation named in Chinese, read with its common words in English and its own name
written as one word of Pinyin, as the lists write Chinese bodies.

The lists carry Chinese bodies under English and Pinyin names (HUAWEI TECHNOLOGIES CO.,
LTD., CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION, BEIJING UNIVERSITY OF AERONAUTICS AND
ASTRONAUTICS) and almost never in Chinese. A partner who writes 华为技术有限公司 was read
character by character (hua wei ji shu you xian gong si) and met none of them. Chinese
writes a name without spaces, so the common words of such names
(``data/org_words_chinese.json``: company, group, research institute, university,
technology, China, and the places the lists write otherwise than their Pinyin) are found
inside it, longest first (``phrases``), and read in English; what is left between them is
the body's own name, in Pinyin written together (Huawei, HUAXIN SHIPPING). A name in
traditional characters is read as simplified. A name is read so only when one of its words
names a kind of body or two words of the table are in it (``phrases.names_a_body``), so a
person's name is never read as a phrase; a name written with
Japanese kana is Japanese, whose kanji read otherwise, and is not read so.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

import icu

from services.sanctions.matching import DATA_DIR, phrases

DATA: Final = DATA_DIR / "org_words_chinese.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Chinese organisation's name in English"
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KANA = re.compile("[\u3040-\u30ff]")
#: characters whose reading in names differs from the one ICU gives them out of context
#: (长 is chang in Chang'an, Changsha, Changchun; ICU reads zhang, "to grow")
_NAME_READINGS: Final = {"长": "chang"}


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@cache
def _transliterator(system: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(system)


def simplified(text: str) -> str:
    """The text in simplified characters (ICU's Traditional-Simplified): 華為 is 华为."""
    return str(_transliterator("Traditional-Simplified").transliterate(text))


def pinyin(text: str) -> tuple[str, ...]:
    """Characters in Pinyin without tone marks, one syllable each (ICU's Han-Latin)."""
    to_latin = _transliterator("Han-Latin; Latin-ASCII; Lower")
    return tuple(_NAME_READINGS.get(c) or str(to_latin.transliterate(c)) for c in text)


def _romanised(name: str) -> tuple[str, ...]:
    """A body's own name in Pinyin written together (syllable by syllable, its syllables of
    one or two letters met any name with such an initial: 阿里巴巴, a li ba ba, met AMAN
    HOLDING GROUP)."""
    return ("".join(pinyin(name)),)


@cache
def table() -> phrases.Table:
    """The simplified words of the table, their English, and how a body's own name is
    written."""
    return phrases.Table.of(_data()["words"], _data()["titles"], _romanised)


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common Chinese words in English and the rest in Pinyin, one reading
    per alternative (at most ``phrases.MOST_READINGS``); none where nothing makes it a
    body's name (``phrases.names_a_body``) or the name is Japanese. Text outside runs of
    characters (digits, Latin) is kept."""
    if not _HAN.search(text) or _KANA.search(text):
        return ()
    return phrases.translated(simplified(text), table(), _HAN)
