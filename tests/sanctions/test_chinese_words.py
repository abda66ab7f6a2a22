"""Organisations named in Chinese, read with their common words in English and their own
names in Pinyin written together (``chinese_words``, ``data/org_words_chinese.json``). Each
query in ``FOUND`` cleared before 2026-12-04, read character by character; the name each
body is listed under is the source of the expected name (OFAC's non-SDN Chinese
Military-Industrial Complex list, the CSL's Entity List, the UN list, in
``../shared/data/sanctions``); the meaning of each word, its Wiktionary entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import chinese_words, phrases
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.normalize import name_form, name_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import REVIEW, assert_found, listed_names

DATA = json.loads(chinese_words.DATA.read_text(encoding="utf-8"))

READINGS = [
    # (written, its first reading)
    ("华为技术有限公司", "huawei technology co ltd"),
    ("華為技術有限公司", "huawei technology co ltd"),  # traditional characters
    ("中国电子科技集团公司", "china electronics technology group corporation"),
    ("哈尔滨工业大学", "harbin polytechnical university"),  # Harbin, not ha er bin
    ("深圳市大疆创新科技有限公司", "shenzhen dajiang innovation technology co ltd"),  # 市
    ("華信船務(香港)有限公司", "huaxin shipping ( hong kong ) co ltd"),
    ("长安海连技术有限公司", "changanhailian technology co ltd"),  # 长 read chang in names
    # helper-29: across spaces and middle dots, ordinals in Chinese numerals, 省 after a place
    ("北京 理工 大学", "beijing university of science and technology"),
    ("哈尔滨・工业大学", "harbin polytechnical university"),
    (
        "中国电子科技集团公司第十四研究所",
        "china electronics technology group corporation 14 research institute",
    ),
    ("福建省晋华集成电路有限公司", "fujian jinhua integrated circuit co ltd"),
]


@pytest.mark.parametrize(
    ("numerals", "value"),
    [
        ("十", 10),
        ("十四", 14),
        ("五十四", 54),
        ("一百二十", 120),
        ("七百零三", 703),
        ("二〇一", 201),
    ],
)
def test_number(numerals: str, value: int) -> None:
    assert chinese_words.number(numerals) == value


@given(st.integers(min_value=0, max_value=10**6))
def test_digits_written_one_by_one(value: int) -> None:
    assert (
        chinese_words.number("".join("〇一二三四五六七八九"[int(d)] for d in str(value))) == value
    )


@pytest.mark.parametrize(
    ("listed", "below"),
    [
        # two syllables of a long name read syllable by syllable are another name's by
        # chance (helper-29); three are held as in any other name
        ("Yin Zhao", True),
        ("Fang Yu", True),
        ("Dong Fang Jiao", False),
    ],
)
def test_a_latin_name_held_in_chinese_syllables(listed: str, below: bool) -> None:
    entry = ListEntry("x", "1", "unknown", (ListName(listed, "primary"),))
    query = "新东方教育科技集团" if listed != "Yin Zhao" else "招商银行股份有限公司"
    explained = score_entry(
        Query((query,), "organization"), list(name_forms(query)), entry, floor=REVIEW
    )
    assert (explained.score < REVIEW) is below


@pytest.mark.parametrize(("written", "reading"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(written: str, reading: str) -> None:
    assert chinese_words.translated(written)[0] == reading


@pytest.mark.parametrize(
    "written",
    [
        "习近平",  # a person's name: no word names a kind of body
        "大华",  # a name alone
        "王大部",  # 部 (department) ends a given name here: one character only after a word
        "王公司",  # a family name and one word
        "大学生",  # a student: a title's character after a kind of body
        "三菱重工業株式会社",  # Japanese: its kanji read otherwise
        "東京大学の研究所",  # kana: Japanese
        "Huawei Technologies",
    ],
)
def test_not_read(written: str) -> None:
    assert chinese_words.translated(written) == ()


def test_the_reading_is_a_form_of_the_name_and_says_so() -> None:
    read = [f for f in name_forms("华为技术有限公司") if f.reading == chinese_words.TRANSLATED]
    assert read and read[0].core == ("huawei", "technology") and read[0].legal


def test_every_word_of_the_table_is_found_inside_a_name() -> None:
    """A word of the table after a body's own name and before a word naming a kind of body
    is read: no entry is shadowed by another or by the search for the longest."""
    table = chinese_words.table()
    assert table.kinds <= table.words.keys() and table.anywhere <= table.words.keys()
    for word, english in table.words.items():
        if len(word) == 1:
            continue
        read = chinese_words.translated(f"华为{word}银行")[0]
        assert read == " ".join(["huawei", *english[0].split(), "bank"]), word


@pytest.mark.parametrize("listed", DATA["listed"], ids=[e["entry"] for e in DATA["listed"]])
def test_each_listed_evidence_holds(real_snapshot: Snapshot, listed: dict[str, Any]) -> None:
    """A listed body carried under a Chinese name and an English one: read through the
    table, the Chinese name has the English name's words for the table's words."""
    assert real_snapshot.index is not None
    names = listed_names(real_snapshot, listed["list"], listed["entry"])
    chinese, english = listed["names"]
    assert {chinese, english} <= names
    known = chinese_words.table().words
    read = {w for r in chinese_words.translated(chinese) for w in r.split()}
    for word in listed["words"]:
        assert any(set(e.split()) <= read for e in known[word]), word
        assert any(set(name_form(e).whole) <= set(name_form(english).whole) for e in known[word]), (
            word
        )


FOUND = [
    # (query, a name the listed body is carried under): each cleared before 2026-12-04
    ("华为技术有限公司", "HUAWEI TECHNOLOGIES"),
    ("華為技術有限公司", "HUAWEI TECHNOLOGIES"),
    ("中国电子科技集团公司", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION"),
    ("中国北方工业集团公司", "CHINA NORTH INDUSTRIES GROUP"),
    ("北京航空航天大学", "Beijing University of Aeronautics and Astronautics"),
    ("哈尔滨工业大学", "Harbin Institute of Technology"),
    ("哈尔滨工程大学", "Harbin Engineering University"),
    ("西北工业大学", "Northwestern Polytechnical University"),
    ("国防科技大学", "National University of Defense Technology"),
    ("中国工程物理研究院", "Academy of Engineering Physics"),
    ("南京航空航天大学", "Nanjing University of Aeronautics and Astronautics"),
    ("四川大学", "Sichuan University"),
    ("中国航空工业集团有限公司", "AVIATION INDUSTRY CORPORATION OF CHINA"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_named_in_chinese_is_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_a_chinese_persons_name_is_not_read_as_a_body() -> None:
    entry = ListEntry("x", "1", "organization", (ListName("WANG DA DEPARTMENT", "primary"),))
    query = "王大部"
    assert score_entry(Query((query,), "person"), list(name_forms(query)), entry).score < REVIEW


@given(st.text(alphabet="华为技术有限公司中国银行大学研究所市省部王長安(香港) 39ab", max_size=40))
def test_the_reading_is_total(text: str) -> None:
    readings = chinese_words.translated(text)
    assert len(readings) <= phrases.MOST_READINGS
    assert all(r.strip() and r != text for r in readings)
