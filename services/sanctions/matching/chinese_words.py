"""An organisation named in Chinese, read with its common words in English and its own name
written as one word of Pinyin, as the lists write Chinese bodies.

The lists carry Chinese bodies under English and Pinyin names (HUAWEI TECHNOLOGIES CO.,
LTD., CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION, BEIJING UNIVERSITY OF AERONAUTICS AND
ASTRONAUTICS) and almost never in Chinese. A partner who writes 华为技术有限公司 was read
character by character (hua wei ji shu you xian gong si) and met none of them. Chinese
writes a name without spaces, so the common words of such names
(``data/org_words_chinese.json``: company, group, research institute, university,
technology, China, and the places the lists write otherwise than their Pinyin) are found
inside it (``phrases``), across spaces and middle dots, and read in English; what is left
between them is the body's own name, in Pinyin written together (Huawei, HUAXIN SHIPPING).
A name in traditional characters is read as simplified, an ordinal in Chinese numerals as
its number (第十四: 14). A name is read so only when ``phrases.names_a_body`` says its words
make it a body's, so a person's name is never read as a phrase; a name written with Japanese
kana is Japanese, whose kanji read otherwise, and is not read so.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR, phrases
from services.sanctions.matching.scripts import transliterator

DATA: Final = DATA_DIR / "org_words_chinese.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of a Chinese organisation's name in English"
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: kana letters (not the middle dot ・ that Chinese is also typed with): a name is Japanese
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
#: what may stand between the characters of one name: spaces and middle dots (北京 理工 大学,
#: 哈尔滨・工业大学), taken out so that the table's words are found across them
_BETWEEN = re.compile("(?<=[\u3400-\u9fff])[\\s\u00b7\u30fb\u2027]+(?=[\u3400-\u9fff])")
_DIGITS: Final = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
#: an ordinal written in Chinese numerals (第十四: 14th), read as its number
_ORDINAL = re.compile("第([〇零一二两三四五六七八九十百千]+)")
#: characters whose reading in names differs from the one ICU gives them out of context
#: (长 is chang in Chang'an, Changsha, Changchun; ICU reads zhang, "to grow")
_NAME_READINGS: Final = {"长": "chang"}


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def simplified(text: str) -> str:
    """The text in simplified characters (ICU's Traditional-Simplified): 華為 is 华为."""
    return str(transliterator("Traditional-Simplified").transliterate(text))


def pinyin(text: str) -> tuple[str, ...]:
    """Characters in Pinyin without tone marks, one syllable each (ICU's Han-Latin)."""
    to_latin = transliterator("Han-Latin; Latin-ASCII; Lower")
    return tuple(_NAME_READINGS.get(c) or str(to_latin.transliterate(c)) for c in text)


def number(numerals: str) -> int:
    """Chinese numerals as a number: 十四 14, 五十四 54, 二〇一 201, 七百零三 703."""
    if all(c in _DIGITS for c in numerals):  # written digit by digit: 二〇一
        return int("".join(str(_DIGITS[c]) for c in numerals))
    total, digit = 0, 0
    for c in numerals:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (digit or 1) * _UNITS[c]
            digit = 0
    return total + digit


def _written(text: str) -> str:
    """The name as its words are looked up: simplified, one run across spaces and middle
    dots, ordinals as numbers (中国电子科技集团公司第十四研究所: CETC 14th Research Institute)."""
    text = _BETWEEN.sub("", simplified(text))
    return _ORDINAL.sub(lambda m: f" {number(m.group(1))} ", text)


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
    return phrases.translated(_written(text), table(), _HAN)
