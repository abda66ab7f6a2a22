"""Words of Russian organisations' names in every inflected form and every Latin spelling the
lists follow, read in English (``russian_words``, ``data/org_words_russian.json``). Each
query in ``FOUND`` cleared before 2026-12-04 (helper-25's variants of listed bodies): the UK
and EU lists carry these bodies under English names only; the name each is listed under is
the source of the expected name (``../shared/data/sanctions``); the meaning of each word, its
Wiktionary entry; the spellings, ICAO Doc 9303 Part 3 and ICU's BGN/PCGN and default."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import russian_words, translated_words
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.normalize import query_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import REVIEW, assert_found


@pytest.mark.parametrize(
    ("spelling", "english"),
    [
        ("obyedinennaya", "united"),  # BGN/PCGN, feminine
        ("obedinennogo", "united"),  # ICU's default, genitive
        ("aviastroitelnaya", "aircraft"),
        ("korporatsiya", "corporation"),  # BGN/PCGN
        ("korporacia", "corporation"),  # ICU's default
        ("korporatsii", "corporation"),  # genitive
        ("issledovaniy", "research"),  # genitive plural, BGN/PCGN
        ("issledovatelskii", "research"),  # ICAO, as OFAC writes NAUCHNO ISSLEDOVATELSKII
        ("gosudarstvennyi", "state"),  # ICAO
        ("predpriyatie", "enterprise"),  # ICAO with я as ya, as OFAC writes
        ("predpriiatie", "enterprise"),  # ICAO
        ("oborony", "defence"),  # Министерство обороны
        ("oboronnoy", "defense"),  # the adjective's stem is the longer
        ("fonda", "fonda"),  # under five letters: not read (Fonda)
    ],
)
def test_spellings(spelling: str, english: str) -> None:
    assert translated_words.english(spelling) == english


def test_ye_is_read_as_ye_and_e() -> None:
    """объединённая: ё is е in the table, and each system's spelling is kept."""
    assert {"obyedinennaya", "obieedinennaia", "obieedinennaya", "obedinennaa"} == (
        russian_words.spellings("объединённая")
    )


FOUND = [
    # (query, a name the listed body is carried under)
    ("Объединённая авиастроительная корпорация", "United Aircraft Corporation"),
    ("Obyedinennaya Aviastroitelnaya Korporatsiya", "United Aircraft Corporation"),
    ("Агентство интернет-исследований", "INTERNET RESEARCH AGENCY"),
    ("Agentstvo Internet Issledovaniy", "INTERNET RESEARCH AGENCY"),
    ("Российский фонд прямых инвестиций", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Rossiyskiy Fond Pryamykh Investitsiy", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Объединённая судостроительная корпорация", "United Shipbuilding Corporation"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_named_in_russian_is_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_a_surname_like_a_word_is_only_a_reading() -> None:
    """Morskoy is a surname and the adjective морской (maritime): a person's name is not
    read as an organisation's words (it met IVAN MARITIME at 0.85 so); an organisation's is."""
    entry = ListEntry("x", "1", "organization", (ListName("IVAN MARITIME", "primary"),))
    query = "Ivan Morskoy"
    person = score_entry(Query((query,), "person"), list(query_forms(query, "person")), entry)
    assert person.score < REVIEW
    body = score_entry(
        Query((query,), "organization"), list(query_forms(query, "organization")), entry
    )
    assert body.score >= REVIEW


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", max_size=20))
def test_spellings_are_latin_letters(word: str) -> None:
    assert all(s.isascii() and s.isalpha() and s.islower() for s in russian_words.spellings(word))
