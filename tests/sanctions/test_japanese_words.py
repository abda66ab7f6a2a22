"""Organisations named in Japanese, read with their common words in English and their own
names romanised (``japanese_words``, ``data/org_words_japanese.json``). Each query in
``FOUND`` is one of helper-31's Japanese forms of a listed body (2026-12-05), as Japanese
press writes it, and cleared before; the name each body is listed under (OFAC SDN, CSL, UN,
UK, in ``../shared/data/sanctions``) is the source of the expected name; the meaning of
each word, its Wiktionary entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import japanese_words
from services.sanctions.matching.normalize import name_forms, query_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

DATA = json.loads(japanese_words.DATA.read_text(encoding="utf-8"))

READINGS = [
    # (written, its first reading; None where it is not read)
    ("マハン航空", "mahan air"),  # the own name in katakana, in Hepburn
    ("イラン中央銀行", "iran central bank"),
    ("イスラム革命防衛隊", "islamic revolutionary guard corps"),
    ("朝鮮鉱業開発貿易会社", "korea mining development trading corporation"),
    ("オーシャン・マリタイム・マネジメント", "ocean maritime management"),  # across ・
    ("民間軍事会社ワグネル", "private military company waguneru"),
    # a mark that parts nothing is no word (hypothesis found 航空・ read "air ・", 2026-12-05)
    ("マハン航空・", "mahan air"),
    ("航空ー", "air"),
    ("篠田建市", None),  # a person's name: no word of the table
    ("ウラジーミル・プーチン", None),  # a foreign person's name in katakana
]


@pytest.mark.parametrize(("written", "reading"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(written: str, reading: str | None) -> None:
    found = japanese_words.translated(written)
    assert (found[0] if found else None) == reading


def test_a_person_is_never_read() -> None:
    reading = japanese_words.TRANSLATED
    assert all(f.reading != reading for f in query_forms("イラン中央銀行", "person"))
    assert any(f.reading == reading for f in name_forms("イラン中央銀行"))


def test_a_katakana_name_compares_as_katakana() -> None:
    """The reading of a name with katakana compares its own name by the sounds Japanese
    writes (メラット, meratto: MELLAT)."""
    forms = [f for f in name_forms("メラット銀行") if f.reading == japanese_words.TRANSLATED]
    assert forms and all(f.kana and not f.cjk for f in forms)


FOUND = [
    # (query, words of the name the body is listed under)
    ("マハン航空", "MAHAN AIR"),
    ("イラン航空", "IRAN AIR"),
    ("イラン中央銀行", "CENTRAL BANK OF IRAN"),
    ("メラット銀行", "BANK MELLAT"),
    ("セパー銀行", "BANK SEPAH"),
    ("イラン国立銀行", "NATIONAL BANK OF IRAN"),
    ("イスラム革命防衛隊", "ISLAMIC REVOLUTIONARY GUARD CORPS"),
    ("イラン原子力庁", "ATOMIC ENERGY ORGANIZATION OF IRAN"),
    ("航空宇宙産業機構", "AEROSPACE INDUSTRIES ORGANIZATION"),
    ("イラン国防産業機構", "DEFENSE INDUSTRIES ORGANIZATION"),
    ("シャリフ工科大学", "SHARIF UNIVERSITY OF TECHNOLOGY"),
    ("イラン国営タンカー会社", "NATIONAL IRANIAN TANKER COMPANY"),
    ("ロシア連邦保安庁", "FEDERAL SECURITY SERVICE"),
    ("ロシア直接投資基金", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("ロシア鉄道", "RUSSIAN RAILWAYS"),
    ("統一造船会社", "UNITED SHIPBUILDING CORPORATION"),
    ("国営企業ロステック", "ROSTEC"),
    ("民間軍事会社ワグネル", "WAGNER"),
    ("朝鮮鉱業開発貿易会社", "KOREA MINING DEVELOPMENT TRADING CORPORATION"),
    ("朝鮮檀君貿易会社", "KOREA TANGUN TRADING CORPORATION"),
    ("偵察総局", "RECONNAISSANCE GENERAL BUREAU"),
    ("大同信用銀行", "DAEDONG CREDIT BANK"),
    ("ハルビン工業大学", "HARBIN INSTITUTE OF TECHNOLOGY"),
    ("イスラム抵抗運動ハマス", "ISLAMIC RESISTANCE MOVEMENT"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


@pytest.mark.parametrize("row", DATA["words"], ids=[r["written"] for r in DATA["words"]])
def test_each_word_is_well_formed(row: dict[str, Any]) -> None:
    assert row["english"] and all(e == e.lower() and e.isascii() for e in row["english"])
    assert isinstance(row["kind"], bool)
    assert japanese_words.table().words[japanese_words.marked(row["written"])] == tuple(
        row["english"]
    )


@given(st.text(alphabet="イランロシア中央銀行会社航空マハン・ー大学省庁山口組 ", max_size=20))
def test_any_text_reads_in_few_readings(text: str) -> None:
    """Whatever is written, at most ``phrases.MOST_READINGS`` readings, in ASCII."""
    found = japanese_words.translated(text)
    assert len(found) <= 6
    assert all(r.isascii() for r in found)
