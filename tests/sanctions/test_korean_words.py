"""Organisations named in Korean, read with their common words in English and their own
names romanised as the lists write North Korean bodies (``korean_words``,
``data/org_words_korean.json``, ``scripts.mccune_reischauer``). Each query in ``FOUND``
cleared before 2026-12-04: helper-25's variants of listed organisations written in Hangul
or romanised Korean, run against the real lists, found none of them. The name each body is
listed under is the source of the expected name (UN, OFAC, UK and CSL lists in
``../shared/data/sanctions``); the meaning of each word, its Wiktionary entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import korean_words, phrases, translated_words
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.normalize import english_word_forms, name_form, name_forms
from services.sanctions.matching.scripts import (
    hangul_of_romanised,
    korean_syllables_joined,
    mccune_reischauer,
)
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import REVIEW, assert_found, listed_names

ROWS = json.loads(korean_words.DATA.read_text(encoding="utf-8"))["words"]

ROMANISED = [
    # (Hangul, McCune-Reischauer as the lists write the body's name): the lists' spellings
    ("단천", "tanchon"),  # TANCHON COMMERCIAL BANK
    ("광선", "kwangson"),  # KOREA KWANGSON BANKING CORP
    ("고려", "koryo"),  # AIR KORYO, KORYO BANK
    ("련봉", "ryonbong"),  # KOREA RYONBONG GENERAL CORPORATION: the North's initial r
    ("대성", "taesong"),  # TAESONG BANK
    ("단군", "tangun"),  # KOREA TANGUN TRADING CORPORATION
    ("청송", "chongsong"),  # CHONGSONG YONHAP
    ("금해룡", "kumhaeryong"),  # KU'MHAERYONG COMPANY LTD
    # the sounds syllables take beside each other (McCune-Reischauer, 1939)
    ("개발", "kaebal"),  # voiced between vowels: CHOSUN CHAWO'N KAEBAL T'UJA HOESA
    ("상업", "sangop"),  # a silent initial: the final is read on
    ("국민", "kungmin"),  # k before m is nasal
    ("종로", "chongno"),  # r after ng is n
    ("신라", "silla"),  # n before r, and r after it, are l
    ("설날", "sollal"),  # and n after l (helper-28)
    ("설악", "sorak"),  # l carried to a vowel is r
    ("옷이", "osi"),  # a final s carried as s
]


@pytest.mark.parametrize(
    ("hangul", "written"),
    [
        # each syllable on its own, as the lists also write (helper-28: 120 listed names)
        ("백마", "paekma"),  # PAEKMA, not paengma
        ("금룡", "kumryong"),  # KUMRYONG
        ("백양산", "paekyangsan"),  # PAEKYANGSAN
        ("합장강", "hapjanggang"),  # HAPJANGGANG
    ],
)
def test_syllables_joined(hangul: str, written: str) -> None:
    assert korean_syllables_joined(hangul) == written


@pytest.mark.parametrize(("hangul", "written"), ROMANISED, ids=[r[0] for r in ROMANISED])
def test_mccune_reischauer(hangul: str, written: str) -> None:
    assert mccune_reischauer(hangul) == written


def test_voiced_start() -> None:
    """DAEDONG CREDIT BANK and TAEDONG CREDIT BANK: the lists write both."""
    assert mccune_reischauer("대동", voiced_start=True) == "daedong"
    assert mccune_reischauer("대동") == "taedong"


READINGS = [
    # (written, its readings): a kind of body's alternatives (the name's last words) first
    ("단천상업은행", ("tanchon commercial bank",)),
    ("단천 상업 은행", ("tanchon commercial bank",)),  # spaced
    (
        "정찰총국",
        (
            "reconnaissance general bureau",
            "reconnaissance bureau",
            "reconnaissance general administration",
        ),
    ),
    (
        "군수공업부",
        (
            "munitions industry department",
            "munitions industry ministry",
            "munitions industrial department",
        ),
    ),
    ("39호실", ("39 office", "39 room")),  # digits kept
    # cut where fewest letters are left outside the table's words: 광선 전자, not 광 선전 자
    ("광선전자은행", ("kwangson electronics bank",)),
    ("조선무역", ("korea trading", "korea trade", "choson trading")),  # two words: a body
    # 조선 is Korea first, shipbuilding after a name (Daesung Shipbuilding, a South Korean
    # firm, met KOREA DAESONG BANK read "taesong korea company": helper-28)
    (
        "대성조선회사",
        ("taesong shipbuilding corporation", "taesong shipbuilding company"),
    ),
    (
        "조선콤퓨터쎈터",
        ("korea computer center", "korea computer centre", "choson computer center"),
    ),
    # no word names a kind of body: a person's name, or a name alone, never a phrase
    ("김정은", ()),
    ("대성", ()),
    # one syllable only last and after a word of the table: 국 ends the given name Min-guk
    ("김민국", ()),
    ("박대부", ()),
    # a family name and a title (helper-28): Sergeant Kim, Minister Park, a bank's president
    ("김상사", ()),
    ("박공사", ()),
    ("은행장 김민국", ()),
    ("회사원 김민국", ()),
    ("Korea Trading Bank", ()),
]


@pytest.mark.parametrize(("written", "readings"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(written: str, readings: tuple[str, ...]) -> None:
    assert korean_words.translated(written) == readings


def test_the_reading_is_a_form_of_the_name_and_says_so() -> None:
    read = [f for f in name_forms("단천상업은행") if f.reading == korean_words.TRANSLATED]
    assert read and read[0].core == ("tanchon", "commercial", "bank")


def test_every_word_of_the_table_is_found_inside_a_name() -> None:
    """A word of the table after a body's own name and before a word naming a kind of body
    is read: no entry is shadowed by another or by the search for the longest."""
    table = korean_words.table()
    assert table.kinds <= table.words.keys() and len(table.words) >= 100
    for word, english in table.words.items():
        if len(word) == 1:
            continue
        read = korean_words.translated(f"광선{word}은행")[0]
        assert read == f"kwangson {table.elsewhere.get(word, english)[0]} bank", word


@pytest.mark.parametrize(
    "row", [r for r in ROWS if "listed" in r], ids=[r["written"] for r in ROWS if "listed" in r]
)
def test_each_listed_evidence_holds(real_snapshot: Snapshot, row: dict[str, Any]) -> None:
    """Where the table names a listed body carried both romanised and in English, it is on
    that list under both names, and the romanised one reads the word in English."""
    _holds(real_snapshot, row["listed"], row["english"])
    for spelling in row.get("spellings", ()):
        _holds(real_snapshot, spelling, row["english"])


def _holds(snapshot: Snapshot, evidence: dict[str, Any], english: list[str]) -> None:
    assert snapshot.index is not None
    names = listed_names(snapshot, evidence["list"], evidence["entry"])
    romanised, translated = evidence["names"]
    assert {romanised, translated} <= names
    read = {t for f in english_word_forms(romanised) for t in f.whole}
    assert set(english[0].split()) <= read  # read as the first English
    assert any(set(e.split()) <= set(name_form(translated).whole) for e in english)


@pytest.mark.parametrize(
    ("spelling", "english"),
    [
        ("unhaeng", "bank"),  # McCune-Reischauer
        ("eunhaeng", "bank"),  # the Revised Romanization
        ("muyok", "trading"),
        ("muyeok", "trading"),
        ("hoesa", "corporation"),  # as the lists translate HOESA
        ("choson", "korea"),
        ("joseon", "korea"),
        ("chosun", "korea"),  # the lists' own spelling, with its evidence
        ("kaebal", "development"),
        ("susan", "susan"),  # a given name: 수산 (fisheries) is not read in Latin letters
        ("haeun", "haeun"),
        ("konsol", "konsol"),  # 건설 as SK KONSOL-STROI writes a Russian word (helper-28)
        ("sinyong", "sinyong"),  # 신용, also the given name 신영
    ],
)
def test_latin_spellings(spelling: str, english: str) -> None:
    assert translated_words.english(spelling) == english


FOUND = [
    # (query, a name the listed body is carried under): each cleared before 2026-12-04
    ("단천상업은행", "TANCHON COMMERCIAL BANK"),
    ("단천 상업 은행", "TANCHON COMMERCIAL BANK"),
    ("조선광선은행", "KOREA KWANGSON BANKING"),
    ("조선광업개발무역회사", "KOREA MINING DEVELOPMENT TRADING"),
    ("정찰총국", "RECONNAISSANCE GENERAL BUREAU"),
    ("원양해운관리회사", "OCEAN MARITIME MANAGEMENT"),
    ("고려항공", "AIR KORYO"),
    ("고려 항공", "AIR KORYO"),
    ("고려은행", "KORYO BANK"),
    ("조선민족보험총회사", "KOREA NATIONAL INSURANCE"),
    ("대동신용은행", "DAEDONG CREDIT BANK"),
    ("군수공업부", "MUNITIONS INDUSTRY DEPARTMENT"),
    ("39호실", "OFFICE 39"),
    ("조선단군무역회사", "KOREA TANGUN TRADING"),
    ("조선련봉총회사", "KOREA RYONBONG GENERAL CORPORATION"),
    ("압록강개발은행", "AMNOKKANG DEVELOPMENT BANK"),
    # helper-28: the North's spelling of centre; a name the lists spell with an e
    ("조선콤퓨터쎈터", "KOREA COMPUTER CENTER"),
    ("해성무역회사", "HESONG TRADING"),
    # romanised Korean, read in English on both sides
    ("Tanchon Sangop Unhaeng", "TANCHON COMMERCIAL BANK"),
    ("Choson Kwangop Kaebal Muyok Hoesa", "KOREA MINING DEVELOPMENT TRADING"),
    ("Chosun Ryonbong General Corporation", "KOREA RYONBONG GENERAL CORPORATION"),
    ("Daedong Sinyong Eunhaeng", "DAEDONG CREDIT BANK"),  # helper-29
    ("Goryeo Hanggong", "AIR KORYO"),
    ("Kunsu Kongop Bu", "MUNITIONS INDUSTRY DEPARTMENT"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_named_in_korean_is_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_a_korean_persons_name_is_not_read_as_a_body() -> None:
    """김민국 (Kim Min-guk) has no reading of a body, and meets no listed bureau."""
    entry = ListEntry("x", "1", "organization", (ListName("KIMMIN BUREAU", "primary"),))
    query = "김민국"
    score = score_entry(Query((query,), "person"), list(name_forms(query)), entry).score
    assert score < REVIEW


@given(st.text(alphabet="조선단천상업은행총국부회사공무역김민호실 39ab", max_size=40))
def test_the_reading_is_total(text: str) -> None:
    readings = korean_words.translated(text)
    assert len(readings) <= phrases.MOST_READINGS
    assert all(r.strip() and r != text for r in readings)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # romanised Korean read back into Hangul, then as the lists write it
        ("goryeo", "koryo"),  # the Revised Romanization
        ("koryo", "koryo"),  # McCune-Reischauer itself
        ("dancheon", "tanchon"),
        ("daeseong", "taesong"),
        ("gwangseon", "kwangson"),
        ("air", ""),  # no Korean word
        ("trading", ""),
    ],
)
def test_romanised_read_back(written: str, read: str) -> None:
    hangul = hangul_of_romanised(written)
    assert (mccune_reischauer(hangul) if hangul else "") == read


@given(st.text(alphabet="abcdeghijklmnoprstuwy", max_size=20))
def test_reading_back_is_hangul_or_nothing(word: str) -> None:
    hangul = hangul_of_romanised(word)
    assert all("\uac00" <= c <= "\ud7a3" for c in hangul)
    assert len(hangul) <= len(word)


@pytest.mark.parametrize(
    ("name", "english"),
    [
        # beside a Korean word of the table, the words read only so (helper-29)
        ("daedong sinyong eunhaeng", ["taedong", "credit", "bank"]),
        ("kunsu kongop bu", ["munitions", "industry", "department"]),
        ("goryeo hanggong", ["koryo", "air"]),  # the body's own name as the lists write it
        # alone they are a name, a word of another language, or a syllable
        ("sinyong trading", ["sinyong", "trading"]),
        ("kim song", ["kim", "song"]),
        ("air goryeo", ["air", "goryeo"]),  # no Korean word of the table: left as written
    ],
)
def test_korean_words_beside_one_another(name: str, english: list[str]) -> None:
    assert translated_words.english_words(name.split()) == english


def test_a_party_on_several_lists_takes_one_place(real_snapshot: Snapshot) -> None:
    """KOREA TAESONG TRADING COMPANY and CHOSON TAESONG UNHAENG, three lists each, took six of
    sixteen places and pushed KOREA DAESONG GENERAL TRADING CORPORATION (0.947) out: the
    retrieval budget counts names, not entries."""
    assert real_snapshot.index is not None
    query = Query(("Korea Taesong General Trading Corporation",), "organization")
    best = real_snapshot.index.search(query, REVIEW)[0]
    assert best.explained.hit.matched_name == "KOREA DAESONG GENERAL TRADING CORPORATION"
