"""Listed parties written the way a partner abroad writes them: German, Polish, French and
Portuguese romanisations of Russian names (``matching/romanised.py``), titles and forms of address, and
an organisation named by a listed one-word name among words that name no one
(``compare.listed_word_among_generic_words``). Each query here cleared before 2026-12-03
(a hostile pass against the real lists, helper-17; the Portuguese ones measured against the
code before them on 2026-12-03; the score then in brackets)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import romanised
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.normalize import name_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

REVIEW = 0.70

READINGS = [
    # (written, reading, which)
    ("Jewgeni Prigoschin", "yevgeni prigoshin", romanised.GERMAN_POLISH),
    ("Roman Abramowitsch", "roman abramovich", romanised.GERMAN_POLISH),
    ("Kim Dschong Un", "kim jong un", romanised.GERMAN_POLISH),
    ("Ali Chamenei", "ali khamenei", romanised.GERMAN_POLISH),
    ("Tschernomyrdin", "chernomyrdin", romanised.GERMAN_POLISH),
    ("Siergiej Ławrow", "sergey lavrov", romanised.GERMAN_POLISH),
    ("Dmitrij Miedwiediew", "dmitriy medvedev", romanised.GERMAN_POLISH),
    ("Jewgienij Prigożyn", "yevgeniy prigozhyn", romanised.GERMAN_POLISH),
    ("Alaksandr Łukašenka", "alaksandr lukashenka", romanised.GERMAN_POLISH),
    ("Sergueï Choïgou", "sergei shoigu", romanised.FRENCH),
    ("Evgueni Prigojine", "evgeni prigozhin", romanised.FRENCH),
    ("Alexandre Loukachenko", "alexandre lukashenko", romanised.FRENCH),
    ("Ievgueni Prigojin", "yevgeni prigozhin", romanised.PORTUGUESE),
    ("Viatcheslav Volodin", "vyacheslav volodin", romanised.PORTUGUESE),
    ("Nikolai Patruchev Tchemezov", "nikolai patrushev chemezov", romanised.PORTUGUESE),
]


@pytest.mark.parametrize(("written", "reading", "which"), READINGS)
def test_readings(written: str, reading: str, which: str) -> None:
    assert (reading, which) in romanised.readings(written)


@pytest.mark.parametrize(
    "written",
    [
        "Maria Gómez",  # no German, Polish or French spelling
        "Louis Young",
        "Sergej Viktorovich Navros",  # a j alone is a given name's: given_names reads it
    ],
)
def test_no_reading_without_a_sign_of_the_spelling(written: str) -> None:
    assert romanised.readings(written) == []


def test_a_given_name_s_j_alone_does_not_bring_a_look_alike_closer() -> None:
    """Read as Sergey, Sergej Viktorovich Navros was two letters from Sergey Viktorovich
    Lavrov written together (0.89, a false match of the labelled pairs)."""
    query = "Sergej Viktorovich Navros"
    entry = ListEntry("x", "1", "person", (ListName("Sergey Viktorovich LAVROV", "primary"),))
    assert score_entry(Query((query,), "person"), list(name_forms(query)), entry).score < REVIEW


FOUND = [
    # (query, kind, a word of the listed name it must meet, why (score before))
    ("Jewgeni Prigoschin", "person", "PRIGOZHIN", "German (not retrieved)"),
    ("Jewgienij Prigożyn", "person", "PRIGOZHIN", "Polish (not retrieved)"),
    ("Evgueni Prigojine", "person", "PRIGOZHIN", "French (0)"),
    ("Sergej Lawrow", "person", "LAVROV", "German (0.36)"),
    ("Siergiej Ławrow", "person", "LAVROV", "Polish (not retrieved)"),
    ("Roman Abramowitsch", "person", "ABRAMOVICH", "German (0.27)"),
    ("Igor Setschin", "person", "SECHIN", "German (0.29)"),
    ("Dmitrij Miedwiediew", "person", "MEDVEDEV", "Polish (not retrieved)"),
    ("Sergueï Choïgou", "person", "SHOIGU", "French (not retrieved)"),
    ("Kim Dschong Un", "person", "JONG UN", "German (0.38)"),
    ("Ali Chamenei", "person", "KHAMENEI", "German (not retrieved)"),
    ("Ayatollah Ali Khamenei", "person", "KHAMENEI", "a title (0.45)"),
    ("Sayyed Ali Khamenei", "person", "KHAMENEI", "an honorific (0.49)"),
    ("Ayatollah Khamenei", "person", "KHAMENEI", "an honorific and a family name (0.40)"),
    # the same honorifics in Persian and Arabic script (helper-31, 2026-12-05)
    ("سید علی خامنه‌ای", "person", "KHAMENEI", "Seyyed in Persian script (0.50)"),
    ("سيد علي خامنئي", "person", "KHAMENEI", "Sayyid in Arabic script (0.50)"),
    ("آیت‌الله علی خامنه‌ای", "person", "KHAMENEI", "Ayatollah in Persian script (0.44)"),
    (
        "آیت الله خامنه‌ای",
        "person",
        "KHAMENEI",
        "Ayatollah and a family name in script (0.63, Atta Ullah)",
    ),
    ("سید حسن نصرالله", "person", "NASRALLAH", "Sayyed Hassan Nasrallah in script (0.84)"),
    ("Minister Lavrov", "person", "LAVROV", "an office (0.37)"),
    ("Herr Putin", "person", "PUTIN", "a form of address (0.38)"),
    ("Monsieur Poutine", "person", "PUTIN", "French, addressed (0.34)"),
    ("Iêvgueni Prigojin", "person", "PRIGOZHIN", "Portuguese (0.46)"),
    ("Aiatolá Ali Khamenei", "person", "KHAMENEI", "Portuguese title (0.48)"),
    ("Mahan Airlines", "organization", "MAHAN", "Airlines is Air (0.33)"),
    ("Hamas Movement", "organization", "HAMAS", "its kind (0.41)"),
    ("Hezbollah Lebanon", "organization", "HEZBOLLAH", "its place (0.57)"),
    ("Rosneft Deutschland GmbH", "organization", "ROSNEFT", "a place and a legal form (0.43)"),
]


@pytest.mark.parametrize(("query", "kind", "listed", "why"), FOUND, ids=[f[3] for f in FOUND])
def test_written_abroad_is_found(
    real_snapshot: Snapshot, query: str, kind: str, listed: str, why: str
) -> None:
    assert_found(real_snapshot, query, kind, listed)


def test_a_listed_name_keeps_its_honorific() -> None:
    """The UN lists SAYYED MOHAMMED HAQQANI: without Sayyed it is any Mohammed Haqqani, and
    met Mohammad Yaqoub Haqqani (another listed person) at 0.88. Only queries drop it."""
    query = "Mohammad Yaqoub Haqqani"
    entry = ListEntry("x", "1", "person", (ListName("SAYYED MOHAMMED HAQQANI", "primary"),))
    assert score_entry(Query((query,), "person"), list(name_forms(query)), entry).score < 0.85


def _score(query: str, listed: str) -> tuple[float, set[str]]:
    entry = ListEntry("x", "1", "organization", (ListName(listed, "primary"),))
    forms = list(name_forms(query))
    explained = score_entry(Query((query,), "organization"), forms, entry, floor=REVIEW)
    return explained.score, {name for name, _, _ in explained.features}


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hamas Movement", "HAMAS"),
        ("Hizbollah Party", "HIZBALLAH"),  # a letter apart, sounding alike, in a long word
        ("Rosneft Deutschland GmbH", "ROSNEFT"),  # a place and a legal form
    ],
)
def test_a_listed_word_among_generic_words_is_reviewed(query: str, listed: str) -> None:
    score, features = _score(query, listed)
    assert score >= REVIEW
    assert "listed_word_among_generic_words" in features


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # a review of 1,800 research partners and companies (helper-18) found these noise
        ("Horizon Research Institute", "HORIZON"),  # research names the institute
        ("Pacific Bank", "PACIFIC"),  # a trade word: thousands of firms are named so
        ("Horizon Group", "HORIZON"),
        ("Mercuria Deutschland", "MERCURY"),  # a near word of an ordinary name
        ("Kazan Trading Movement", "KAZAN"),  # the listed word is itself a place
        ("Alliance Deutschland", "SAS ALLIANCE FZCO"),  # one word only without its form
        ("Hamas Ahmed Trading", "HAMAS"),  # Ahmed names someone
        ("Abc Movement", "ABC"),  # three letters name nothing alone
    ],
)
def test_a_listed_word_beside_a_distinctive_word_is_not_floored(query: str, listed: str) -> None:
    _, features = _score(query, listed)
    assert "listed_word_among_generic_words" not in features


@given(st.text(max_size=60))
def test_readings_are_total_and_change_the_name(text: str) -> None:
    for read, which in romanised.readings(text):
        assert read != text.lower()
        assert which in {romanised.GERMAN_POLISH, romanised.FRENCH, romanised.PORTUGUESE}
