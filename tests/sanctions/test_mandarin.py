"""Chinese names in Wade-Giles beside Pinyin (``matching/mandarin.py``); each case with the
syllables of the conversion table it rests on (``data/wade_giles.json``: pypinyin 0.55.0's
table, after the University of Chicago Library's Wade-Giles/Pinyin conversion table)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching import mandarin
from services.sanctions.matching.compare import WADE_GILES, Query, score_entry
from services.sanctions.matching.index import ListIndex
from services.sanctions.matching.normalize import name_forms

REVIEW, MATCH = 0.7, 0.85

SAME = [
    # (name as written, the other name, same syllables?, the syllables it rests on)
    ("Hsi Chin-ping", "Xi Jinping", True, "hsi = xi, chin = jin, ping = ping"),
    ("Mao Tse-tung", "Mao Zedong", True, "tse = ze, tung = dong"),
    ("Chin-ping Hsi", "Xi Jinping", True, "the family name written last"),
    ("Chang Hsiao-yen", "Zhang Xiaoyan", True, "chang = zhang, hsiao = xiao, yen = yan"),
    ("Chou En-lai", "Zhou Enlai", False, "chou, en, lai are Pinyin spellings too: as written"),
    ("Teng Hsiao-ping", "Deng Xiaoping", True, "teng = deng, hsiao = xiao"),
    ("Liu Pao Hsia", "LIU, Baoxia", True, "pao = bao (pao is a legal form elsewhere)"),
    ("Mao Tse-tung", "Mao Zemin", False, "tung is dong or tong, never min"),
    ("Hsi Chin-ping", "Xi Jinhua", False, "another given name"),
    ("Chen Ping", "Chen Bing", False, "Pinyin both: no Wade-Giles spelling (hs, ts, -ung, -ih)"),
    ("Li Peng", "Li Peng", False, "Pinyin both: compared as written, not here"),
    ("Hsi", "Xi", False, "one word: a name is a family and a given name"),
    ("I Hsing", "Yi Xing", True, "i = yi, hsing = xing"),
    ("I Ping", "Yi Bing", False, "i alone (an initial as often) is no sign of Wade-Giles"),
    ("Li Yen-a", "Li Yana", True, "yana split as yan-a, not only ya-na (no apostrophe)"),
    ("Li T'ieh-ying", "Li Tieying", True, "tie = t'ieh (Legeza; pypinyin's t'oeh corrected)"),
    ("Li Shih-hao", "Li Shihao", True, "shihao is Pinyin shi-hao, though shih-ao in letters"),
    ("Szu-ma Chien", "Sima Jian", True, "si is ssu, also written szu (Szu-ma Ch'ien)"),
    ("Chiang Yi-hsin", "Jiang Yixin", True, "yi is i, also written yi (Legeza)"),
    ("Hsu Ke-chin", "Xu Gejin", True, "ge is ko, also written kê (Legeza)"),
    ("Chu Teh", "Zhu De", True, "de is tê, also written teh (Chu Teh)"),
    ("Kei Ma", "Gei Ma", False, "kei is Pinyin too (k'ei): two Pinyin names, as written"),
    ("Maria Hsu", "Maria Xu", False, "maria is no Chinese syllable: the name is not read"),
]


@pytest.mark.parametrize(("written", "other", "same", "why"), SAME)
def test_wade_giles_and_pinyin_compare_syllable_by_syllable(
    written: str, other: str, same: bool, why: str
) -> None:
    a = name_forms(written)[0]
    b = name_forms(other)[0]
    assert mandarin.same_syllables(a.whole, b.whole) is same


@pytest.mark.parametrize(("written", "other"), [(w, o) for w, o, same, _ in SAME if same])
# every case above is read in Wade-Giles, most only so
def test_a_wade_giles_name_reaches_review_not_match(written: str, other: str) -> None:
    """Wade-Giles as names write it spells several Pinyin syllables alike: a person looks
    (names close in letters too, T'ieh-ying and Tieying, score as letters say)."""
    entry = ListEntry("x", "1", "person", (ListName(other, "strong"),))
    explained = score_entry(Query((written,), "person"), list(name_forms(written)), entry)
    assert explained.score >= REVIEW
    if explained.hit.how == WADE_GILES:
        assert explained.score < MATCH
        assert explained.hit.reading == mandarin.READING


def test_a_date_of_birth_ties_a_wade_giles_name_to_the_entry() -> None:
    from datetime import date

    entry = ListEntry("x", "1", "person", (ListName("Xi Jinping"),), birth_dates=("1953-06-15",))
    query = Query(("Hsi Chin-ping",), "person", birth_date=date(1953, 6, 15))
    assert score_entry(query, list(name_forms("Hsi Chin-ping")), entry).score >= MATCH


def test_a_wade_giles_query_finds_the_pinyin_entry_among_many_alike() -> None:
    """Retrieval looks the syllables up as a whole (like a name written exactly), so listed
    names sharing the family name in letters do not push the entry out of the candidates."""
    decoys = [ListEntry("d", str(i), "person", (ListName(f"CHANG, Chin {i}"),)) for i in range(60)]
    target = ListEntry("t", "x", "person", (ListName("ZHANG, Jian"),))
    index = ListIndex([SanctionsList("t", "fixture", "1", (*decoys, target), "test")])
    found = index.search(Query(("Chang Chien",), "person"), REVIEW)
    assert any(m.entry is target for m in found)


def test_every_syllable_of_the_table_is_read() -> None:
    table = json.loads(mandarin.DATA.read_text(encoding="utf-8"))
    assert len(table["syllables"]) == 421 and "MIT" in table["licence_text"]
    to_wade_giles, _, markers, _ = mandarin._tables()
    assert to_wade_giles["xi"] == "hsi" and to_wade_giles["dong"] == "tung"
    assert to_wade_giles["zi"] == "tzu" and to_wade_giles["ri"] == "jih"
    assert to_wade_giles["tie"] == "tieh" and to_wade_giles["kei"] == "kei"
    assert {"hsi", "tse", "tung", "chih", "szu"} <= markers
    assert not markers & {"ping", "kei", "tei", "yi", "ke", "he", "toeh"}


PINYIN = sorted(mandarin._tables()[0])


@given(st.lists(st.lists(st.sampled_from(PINYIN), min_size=1, max_size=3), min_size=2, max_size=3))
def test_any_pinyin_name_meets_its_wade_giles_spelling(words: list[list[str]]) -> None:
    """Whatever syllables a Pinyin name has, its Wade-Giles spelling (each word's syllables
    written together) has the same syllables, whenever that spelling can be told from
    Pinyin at all."""
    to_wade_giles = mandarin._tables()[0]
    pinyin = tuple("".join(w) for w in words)
    wade_giles = tuple("".join(to_wade_giles[s] for s in w) for w in words)
    assert mandarin.pinyin_words(pinyin)
    if mandarin.wade_giles_words(wade_giles):
        assert mandarin.same_syllables(wade_giles, pinyin)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14))
def test_a_word_is_read_as_syllables_that_spell_it(word: str) -> None:
    for pinyin in (True, False):
        for split in mandarin._syllables(word, pinyin):
            assert "".join(split) == word
