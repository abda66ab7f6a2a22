"""Foreign names written in Japanese katakana (``kana``, the katakana branches of
``compare.token_similarity`` and ``compare._subset``, ``keys.query_key_groups``): each query
in ``FOUND`` cleared before 2026-12-03, written as Japanese news and the Japanese Ministry
of Foreign Affairs write these people and bodies. The conventions: the Japanese Cabinet
notice on writing loanwords (外来語の表記, Cabinet Notice No. 2 of 1991: ヴ for v or バ行
for it, ティ/チ and ディ/ジ, the prolonged sound mark) and ICU's Hepburn romanisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import kana
from services.sanctions.matching.compare import KANA_SAME, name_similarity, token_similarity
from services.sanctions.matching.normalize import name_form, name_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

KEYS = [
    # (read from katakana, as listed): one key
    ("puchin", "putin"),  # チ for ti
    ("urajimiru", "vladimir"),  # ウ for v, ジ for di, r for l, the added u
    ("raburofu", "lavrov"),  # ブ for v, フ for a final v
    ("hamenei", "khamenei"),  # ハ for kh
    ("nasurara", "nasrallah"),  # the final h unwritten
    ("afumadinejado", "ahmadinejad"),  # フ for h before a consonant
    ("mafumudo", "mahmoud"),  # ou
    ("igori", "igor"),  # イーゴリ: the soft sign written i
    ("purigojin", "prigozhin"),  # ジ for zh
    ("ari", "ali"),  # アリー: its i is Ali's
    ("kowarichuku", "kovalchuk"),  # リ for a soft l
    ("rotenberuku", "rotenberg"),  # ク for a final g
    ("vuikutoru", "viktor"),  # ヴィ
]


@pytest.mark.parametrize(("read", "listed"), KEYS, ids=[k[1] for k in KEYS])
def test_the_same_word_as_katakana_tells_it(read: str, listed: str) -> None:
    assert kana.key(listed) in kana.read_keys(read)
    assert token_similarity(read, listed, katakana=True) >= KANA_SAME


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("hamenei", "hemin"),  # vowels tell them apart
        ("puchin", "pacheco"),
        ("raburofu", "rublev"),
        ("ferunandesu", "hernandez"),  # katakana tells f from h before a vowel
        ("asadi", "azadeh"),  # the i of a listed name is its own
    ],
)
def test_other_words_stay_apart(read: str, listed: str) -> None:
    assert token_similarity(read, listed, katakana=True) < 0.7


def test_a_name_in_katakana_compares_by_its_sounds_and_latin_names_do_not() -> None:
    (form,) = name_forms("ウラジーミル・プーチン")
    assert form.kana and form.core == ("urajimiru", "puchin")
    assert not name_form("Vladimir Putin").kana
    assert name_similarity(form, name_form("PUTIN, Vladimir"), persons=True) >= 0.85
    assert name_similarity(name_form("urajimiru puchin"), name_form("Vladimir Putin")) < 0.7


def test_the_arabic_article_and_the_double_hyphen() -> None:
    assert name_form("バッシャール・アル＝アサド").core == ("bassharu", "asado")
    assert name_form("バッシャール・アル＝アサド").particles == ("al",)


def test_looked_up_under_the_lists_spellings() -> None:
    assert "ldmr" in kana.spellings("urajimiru")  # Vladimir's skeleton
    assert "ptn" in kana.spellings("puchin")
    assert "ali" in kana.respellings("ari")
    assert "kim" in kana.respellings("kimu")


FOUND = [
    # (query, kind, a name the listed party is carried under)
    ("ウラジーミル・プーチン", "person", "PUTIN"),
    ("セルゲイ・ラブロフ", "person", "LAVROV"),
    ("ドミトリー・メドベージェフ", "person", "MEDVEDEV"),
    ("ラムザン・カディロフ", "person", "KADYROV"),
    ("イーゴリ・セーチン", "person", "SECHIN"),
    ("エフゲニー・プリゴジン", "person", "PRIGOZHIN"),
    ("アリー・ハーメネイー", "person", "KHAMENEI"),
    ("マフムード・アフマディーネジャード", "person", "AHMADINEJAD"),
    ("バッシャール・アル＝アサド", "person", "ASAD"),
    ("ハサン・ナスララ", "person", "NASRALLAH"),
    ("キム・ジョンウン", "person", "KIM"),
    ("ハマス", "organization", "HAMAS"),
    ("ロスネフチ", "organization", "ROSNEFT"),
    ("タリバン", "organization", "TALIBAN"),
]


@pytest.mark.parametrize(("query", "kind", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_written_in_katakana_is_found(
    real_snapshot: Snapshot, query: str, kind: str, listed: str
) -> None:
    assert_found(real_snapshot, query, kind, listed)


@given(
    st.text(
        alphabet="アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポーッャュョィェヴ・＝",
        max_size=30,
    )
)
def test_katakana_is_total(text: str) -> None:
    for form in name_forms(text):
        for token in form.core:
            assert kana.key(token).isascii()
            assert len(kana.spellings(token)) <= 2 * kana.MOST_SPELLINGS
