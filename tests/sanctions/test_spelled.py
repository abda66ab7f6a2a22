"""Names as people also write them (``matching/spelled.py``): numbers in words, initials run
together. Each case says how the name is written and why it is the same name (or not)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching import spelled
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.index import ListIndex
from services.sanctions.matching.normalize import NOT_INITIALS, listed_forms, name_forms

REVIEW, MATCH = 0.7, 0.85

READINGS = [
    # (written, number reading, initials reading, why)
    ("Brigade Forty-Four", "Brigade 44", None, "a number in words"),
    ("Brigade Forty 4", "Brigade 44", None, "half in words, half in digits"),
    ("One Hundred and Five Ltd", "105 Ltd", None, "and inside a number (British usage)"),
    ("Seven Seas Shipping", "7 Seas Shipping", None, "a number word as a name's word"),
    ("Brigade FortyFour", "Brigade 44", None, "number words written together"),
    ("Brigade-Forty-Four", "Brigade 44", None, "hyphens for spaces"),
    ("Brigade 40-Four", "Brigade 44", None, "a hyphen inside a number"),
    ("Brigade Fórty Four", "Brigade 44", None, "an accent does not hide a word"),
    ("Unit Eight Thousand, Two Hundred", "Unit 8200", None, "a comma inside a number"),
    ("Forty Four SP Z O O", "44 SP Z o o", None, "o stays a letter beside a real number"),
    ("Stone Often None", None, None, "number words inside other words are no numbers"),
    ("The One Company", "The 1 Company", None, "a lone one too: a form beside the name"),
    ("Unit Two", "Unit 2", None, "a small number alone"),
    ("Twelfth Institute", "12th Institute", None, "an ordinal not spelled as its cardinal"),
    ("First Armored Division", "1st Armored Division", None, "first, second and third too"),
    ("Brigade TwentyFirst", "Brigade 21st", None, "ordinal words written together"),
    ("Thirtieth Fund", "30th Fund", None, "tens as ordinals"),
    ("Unity Trading", None, None, "no number"),
    ("DONCOALTRADE SP Z O O", None, None, "o is a letter of a legal form (z o.o.), not zero"),
    ("J.C. Juncker", None, "J C Juncker", "dotted initials"),
    ("JC Juncker", None, "J C Juncker", "capital consonants together: no syllable"),
    ("A.B.C. Trading", None, "A B C Trading", "dotted initials of a company"),
    ("LLC Alpha", None, None, "a legal form, not initials"),
    ("MD Hassan", None, None, "Md writes Mohammad (Bangladesh)"),
    ("Ram KC", None, None, "KC is a Nepali family name"),
    ("John Smith JR", None, None, "a generation, not initials"),
    ("BV Alpha Holding", None, None, "a legal form, not initials"),
    ("JC", None, None, "a name of one word: nothing beside it to be initials of"),
    ("Joe Smith", None, None, "no initials"),
    ("KO CHOL HUN", None, None, "capitals with vowels are syllables (Korean names)"),
    ("AQ Khan", None, "A Q Khan", "capitals in a name in small letters are initials"),
    ("EA Smith", None, "E A Smith", "a vowel among them too"),
    ("Ahmed AL Hassan", None, None, "a particle in capitals, not initials"),
    ("Ivan IV", None, None, "a regnal number, not initials"),
    ("German HAN", None, None, "a family name in capitals after the given name"),
    ("BOL MEL KUOL Benjamin", None, None, "family names in capitals before the given name"),
]


@pytest.mark.parametrize(("written", "number", "initials", "why"), READINGS)
def test_readings(written: str, number: str | None, initials: str | None, why: str) -> None:
    assert spelled.number_reading(written) == number
    assert spelled.initials_reading(written, NOT_INITIALS) == initials


SAME = [
    # (query, listed, kind, at least, why)
    ("Brigade Forty-Four", "Brigade 44", "organization", MATCH, "44 in words"),
    ("Brigade Forty 4", "Brigade 44", "organization", MATCH, "44 half in words"),
    ("Brigade 44", "Forty-Four Brigade", "organization", MATCH, "the listed name in words"),
    ("Brigade Forty\u200bFour", "Brigade 44", "organization", MATCH, "an invisible space"),
    ("Unit Eight-Thousand-Two-Hundred", "Unit 8200", "organization", MATCH, "hyphens"),
    ("J.C. Juncker", "Jean-Claude Juncker", "person", REVIEW, "dotted initials"),
    ("JC Juncker", "Jean-Claude Juncker", "person", REVIEW, "initials together"),
    ("AQ Khan", "Abdul Qadeer Khan", "person", REVIEW, "initials together, a vowel among them"),
    (
        "Second Academy of Natural Sciences",
        "2nd Academy of Natural Sciences",
        "organization",
        MATCH,
        "second is 2nd",
    ),
]


@pytest.mark.parametrize(("query", "listed", "kind", "least", "why"), SAME)
def test_a_name_written_another_way_is_found(
    query: str, listed: str, kind: str, least: float, why: str
) -> None:
    entry = ListEntry("x", "1", kind, (ListName(listed, "strong"),))  # type: ignore[arg-type]
    explained = score_entry(Query((query,), kind), list(name_forms(query)), entry)  # type: ignore[arg-type]
    assert explained.score >= least
    # the evidence names the reading that found it (or the name matched as written)
    assert explained.hit.reading in {"", spelled.NUMBER_WORDS, spelled.INITIALS_APART}


DIFFERENT = [
    # (query, listed): the numbers differ, so the names do
    ("Brigade Forty-Four", "Brigade 45"),
    ("Al-Aqsa Martyrs Brigade Forty-Five", "Al-Aqsa Martyrs Brigade 44"),
    ("Unit Eight Thousand Three Hundred", "Unit 8200"),
    ("Sixteenth Ocean GmbH & Co. KG", "15th Ocean GmbH & Co. KG"),
]


@pytest.mark.parametrize(("query", "listed"), DIFFERENT)
def test_another_number_in_words_is_another_name(query: str, listed: str) -> None:
    """Forty-four is not forty-five: the numbers a name carries are read in words and
    ordinals too, so the number mismatch lowers the score as it does for digits."""
    entry = ListEntry("x", "1", "organization", (ListName(listed, "strong"),))
    explained = score_entry(Query((query,), "organization"), list(name_forms(query)), entry)
    assert explained.score < MATCH
    assert "number_mismatch" in {name for name, _, _ in explained.features}


def test_initials_read_apart_reach_review_not_match() -> None:
    """Letters written together may be initials or a name: a person looks, as for any
    reading that may be the name (unless a date of birth or more ties them)."""
    entry = ListEntry("x", "1", "person", (ListName("Jean-Claude Juncker", "strong"),))
    explained = score_entry(Query(("JC Juncker",), "person"), list(name_forms("JC Juncker")), entry)
    assert REVIEW <= explained.score < MATCH
    assert explained.hit.reading == spelled.INITIALS_APART


def test_an_organisation_s_letters_are_no_initials() -> None:
    """PMC Wagner is an abbreviation: read as initials it met any person named Wagner."""
    entry = ListEntry("x", "1", "organization", (ListName("PMC Wagner", "strong"),))
    query = "Christiane Wagner"
    explained = score_entry(Query((query,), "person"), list(name_forms(query)), entry)
    assert explained.score < REVIEW


def test_the_index_finds_a_listed_name_by_its_number_written_in_words() -> None:
    """Listed names are read the same way, so retrieval keys hold the digits too."""
    decoys = [
        ListEntry("d", str(i), "organization", (ListName(f"Brigade {100 + i}"),)) for i in range(60)
    ]
    target = ListEntry("t", "x", "organization", (ListName("Forty-Four Brigade"),))
    index = ListIndex([SanctionsList("t", "fixture", "1", (*decoys, target), "test")])
    found = index.search(Query(("Brigade 44",), "organization"), REVIEW)
    assert found and found[0].entry is target
    assert any(f.reading == spelled.NUMBER_WORDS for f in listed_forms("Forty-Four Brigade"))


WORDS = st.sampled_from(
    [
        "forty",
        "four",
        "one",
        "hundred",
        "and",
        "brigade",
        "twelfth",
        "first",
        "44th",
        "J.C.",
        "JC",
        "LLC",
        "Smith",
        "44",
    ]
)


@given(st.lists(WORDS | st.text(max_size=8), max_size=6))
def test_a_reading_is_another_text_or_none_and_never_fails(words: list[str]) -> None:
    text = " ".join(words)
    for read in (spelled.number_reading(text), spelled.initials_reading(text, NOT_INITIALS)):
        assert read is None or read != text
    assert name_forms(text) is not None
