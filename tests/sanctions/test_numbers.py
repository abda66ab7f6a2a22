"""Numbers in names compared by value (``matching/numbers.py``), and the number reading of
every way a number is written. A unit named by its number written another way must not
clear; two units with different numbers are two units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import numbers, spelled
from services.sanctions.matching.compare import Query, score_entry, token_similarity
from services.sanctions.matching.normalize import name_form, name_forms

REVIEW, MATCH = 0.70, 0.85

VALUES = [
    ("44", (44, "count")),
    ("44th", (44, "ordinal")),
    ("33rd", (33, "ordinal")),
    ("seven", (7, "count")),  # normalisation writes 1 to 10 as words
    ("first", (1, "ordinal")),  # and 1st to 5th
    ("viii", (8, "roman")),
    ("xii", (12, "roman")),
    ("xiv", None),  # Roman numerals past XII read words as numbers (mix, civil)
    ("a320", None),  # a model, not a number
    ("mig29", None),
    ("seventh", None),  # the number reading writes it 7th
    ("smith", None),
]


@pytest.mark.parametrize(("token", "value"), VALUES)
def test_value(token: str, value: numbers.Value | None) -> None:
    assert numbers.value(token) == value


PAIRS = [
    # (a, b, token similarity, why)
    ("44", "44th", 0.9, "a unit named by its number either way"),
    ("seven", "7th", 0.9, "a small number as normalisation writes it"),
    ("eight", "viii", 0.9, "Roman numerals"),
    ("12th", "11th", 0.0, "two numbers, not a typo (was 0.75)"),
    ("20th", "10th", 0.0, "two numbers"),
    ("first", "1st", 1.0, "the same ordinal"),
]


@pytest.mark.parametrize(("a", "b", "expected", "why"), PAIRS)
def test_numbers_compare_by_value(a: str, b: str, expected: float, why: str) -> None:
    assert token_similarity(a, b) == expected
    assert token_similarity(b, a) == expected


def _score(query: str, listed: str) -> tuple[float, set[str]]:
    entry = ListEntry("x", "1", "organization", (ListName(listed, "strong"),))
    explained = score_entry(Query((query,), "organization"), list(name_forms(query)), entry)
    return explained.score, {name for name, _, _ in explained.features}


SAME = [
    # (query, listed, why): each cleared before 2026-12-03 (score in brackets)
    ("SeventySeventh Light Infantry Division", "77th Light Infantry Division", "glued (0.57)"),
    ("FortyEighth TsNII Kirov", "48th TsNII Kirov", "glued ordinal (0.42)"),
    ("EightHundredEleventh Institute", "811th Institute", "glued, eight before hundred (0.39)"),
    ("Brigade Seven", "7TH BRIGADE", "a cardinal for the ordinal (0.46)"),
    ("Brigade #7", "7TH BRIGADE", "in digits (0.46)"),
    ("Shipyard Five", "5th Shipyard", "order and ordinal (0.46)"),
    ("One Armored Division", "1ST ARMORED DIVISION", "one for first (0.58)"),
    ("CETC Ten Research Institute", "CETC 10th Research Institute", "ten for tenth (0.64)"),
    ("Twenty-7th NTs", "27th NTs", "half in words, an ordinal ending (0.07)"),
    ("Forty-4th Brigade", "Brigade 44", "half in words (0.27)"),
    ("Twelfth Institute", "12th Institute", "an ordinal not spelled as its cardinal (0)"),
    ("Forty-Fourth Brigade", "Brigade 44", "an ordinal for the number (0.51)"),
    ("XII Institute", "12th Institute", "Roman numerals (0.33)"),
    ("Fund VIII", "Fund 8", "Roman numerals and digits"),
    ("27th Scientific Center", "27 Scientific Center", "an ordinal and its number (0.87)"),
]


@pytest.mark.parametrize(("query", "listed", "why"), SAME)
def test_a_number_written_another_way_is_the_same_name(query: str, listed: str, why: str) -> None:
    score, features = _score(query, listed)
    assert score >= MATCH
    assert "number_mismatch" not in features


DIFFERENT = [
    # (query, listed): the numbers differ, so the units do
    ("Research Institute 10", "Research Institute 14"),  # ten was no number (0.92)
    ("CETC Twelfth Research Institute", "CETC 11th Research Institute"),
    ("Tarhuna Ninth Brigade", "TARHUNA 7TH BRIGADE"),
    ("Fund VIII", "Fund IX"),
    ("Twelfth Institute", "13th Institute"),
]


@pytest.mark.parametrize(("query", "listed"), DIFFERENT)
def test_another_number_is_another_unit(query: str, listed: str) -> None:
    score, features = _score(query, listed)
    assert score < MATCH
    assert "number_mismatch" in features


def test_a_number_only_one_name_carries_is_no_mismatch() -> None:
    """Seven Seas Shipping 2000 beside Seven Seas Shipping: both carry seven, only one 2000;
    a number added is no other number (each must carry one the other lacks)."""
    _, features = _score("Seven Seas Shipping 2000", "Seven Seas Shipping")
    assert "number_mismatch" not in features


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_ONES += " fifteen sixteen seventeen eighteen nineteen"
ONES = _ONES.split()
TENS = ["-", "-", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth"}
ORDINAL |= {"eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def in_words(n: int) -> list[str]:
    """English words for 1 to 999, as a test's own reference (no library in between)."""
    out = [ONES[n // 100], "hundred"] if n >= 100 else []
    rest = n % 100
    if rest >= 20:
        out += [TENS[rest // 10]] + ([ONES[rest % 10]] if rest % 10 else [])
    elif rest:
        out.append(ONES[rest])
    return out


def as_ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in ORDINAL:
        last = ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return [*words[:-1], last]


@given(
    st.integers(1, 999),
    st.booleans(),
    st.sampled_from([" ", "-", ""]),
    st.sampled_from([str.lower, str.upper, str.capitalize]),
)
def test_every_number_in_words_is_read_as_its_value(
    n: int, ordinal: bool, joiner: str, case: object
) -> None:
    """Spaced, hyphenated or written together, in any case: Unit Seven Hundred Twelfth is
    Unit 712th, and the number it names is 712."""
    words = as_ordinal(in_words(n)) if ordinal else in_words(n)
    written = "Unit " + joiner.join(case(w) for w in words)  # type: ignore[operator]
    read = spelled.number_reading(written)
    assert read is not None, written
    value = numbers.value(name_form(read).core[-1])
    assert value is not None, (written, read)
    assert value[0] == n, (written, read)
    assert (value[1] == "ordinal") == ordinal, (written, read)


def test_a_superscript_is_no_number() -> None:
    """² is a digit to str.isdigit and none to int(): hypothesis found 0² raised."""
    assert numbers.value("0²") is None
