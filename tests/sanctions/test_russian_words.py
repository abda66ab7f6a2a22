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
        ("obedinennogo", "united"),  # genitive, ъ left out
        ("aviastroitelnaya", "aircraft"),
        ("korporatsiya", "corporation"),  # BGN/PCGN
        ("korporatsii", "corporation"),  # genitive
        ("issledovaniy", "research"),  # genitive plural, BGN/PCGN
        ("issledovatelskii", "research"),  # ICAO, as OFAC writes NAUCHNO ISSLEDOVATELSKII
        ("gosudarstvennyi", "state"),  # ICAO
        ("predpriyatie", "enterprise"),  # ICAO with я as ya, as OFAC writes
        ("predpriiatie", "enterprise"),  # ICAO
        ("oborony", "defence"),  # Министерство обороны
        ("oboronnoy", "defense"),  # the adjective's stem is the longer
        ("morskoy", "marine"),  # as the lists write Russian bodies (helper-30)
        # romanised by several systems at once (helper-30): folded alike
        ("korporacija", "corporation"),
        ("korporaciya", "corporation"),
        ("rossijskij", "russian"),
        ("rossiyskii", "russian"),
        ("issledovanij", "research"),
        ("obedinennaja", "united"),
    ],
)
def test_spellings(spelling: str, english: str) -> None:
    assert russian_words.english(spelling) is not None
    assert russian_words.english(spelling)[0] == english  # type: ignore[index]


@pytest.mark.parametrize(
    "word",
    [
        "rossi",  # Italy's commonest surname: folded, россии (helper-30)
        "souza",  # Brazil's: ICU's default spelled союза so
        "partie",  # French: партия declines as компания, not as предприятие
        "sistema",  # folded words are read from seven letters: Sistema, a name, stays one
    ],
)
def test_not_a_word_of_the_table(word: str) -> None:
    assert russian_words.english(word) is None or word == "sistema"


@pytest.mark.parametrize(
    ("name", "read"),
    [
        # a phrase: a kind of body and another word, or two words of the table
        ("agentstvo internet issledovaniy", ["agency", "internet", "research"]),
        ("morskoy bank", ["marine", "bank"]),
        # a body's own name stays its name: JSC SOYUZ met every Union JSC at 1.0 (helper-30)
        ("soyuz", ["soyuz"]),
        ("sistema", ["sistema"]),
        ("vostochny port", ["vostochny", "port"]),
    ],
)
def test_read_only_in_a_phrase(name: str, read: list[str]) -> None:
    assert translated_words.english_words(name.split()) == read


FOUND = [
    # (query, a name the listed body is carried under)
    ("Объединённая авиастроительная корпорация", "United Aircraft Corporation"),
    ("Obyedinennaya Aviastroitelnaya Korporatsiya", "United Aircraft Corporation"),
    ("Агентство интернет-исследований", "INTERNET RESEARCH AGENCY"),
    ("Agentstvo Internet Issledovaniy", "INTERNET RESEARCH AGENCY"),
    ("Российский фонд прямых инвестиций", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Rossiyskiy Fond Pryamykh Investitsiy", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Объединённая судостроительная корпорация", "United Shipbuilding Corporation"),
    # romanised by several systems at once (helper-30)
    ("Obedinennaja aviastroitelnaja korporacija", "United Aircraft Corporation"),
    ("Rossiyskiy Fond Pryamyh Investiciy", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Agentstvo internet-issledovanij", "INTERNET RESEARCH AGENCY"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_named_in_russian_is_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_a_surname_like_a_word_is_only_a_reading() -> None:
    """Morskoy is a surname and the adjective морской (marine): a person's name is not read
    as an organisation's words (Ivan Morskoy met IVAN MARITIME at 0.85 so); an
    organisation's is."""
    entry = ListEntry("x", "1", "organization", (ListName("MARINE BANK", "primary"),))
    query = "Morskoy Bank"
    person = score_entry(Query((query,), "person"), list(query_forms(query, "person")), entry)
    assert person.score < REVIEW
    body = score_entry(
        Query((query,), "organization"), list(query_forms(query, "organization")), entry
    )
    assert body.score >= REVIEW


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", max_size=20))
def test_spellings_are_latin_letters(word: str) -> None:
    assert all(s.isascii() and s.isalpha() and s.islower() for s in russian_words.spellings(word))
