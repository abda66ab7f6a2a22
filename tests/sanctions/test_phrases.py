"""A name written without spaces read as a table's words (``phrases``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import phrases

KNOWN = {"ab": "x", "abc": "y", "d": "z", "e": "w"}

SEGMENTS = [
    # (word, its pieces: (text, a word of the table))
    ("qqabc", [("qq", False), ("abc", True)]),  # the longest word first
    ("abcd", [("abc", True), ("d", True)]),  # one syllable: last, after a word of the table
    ("qqd", [("qqd", False)]),  # one syllable after a name is part of the name
    ("abdq", [("ab", True), ("dq", False)]),  # one syllable not last is part of a name
    ("abeq", [("ab", True), ("e", True), ("q", False)]),  # unless it may stand anywhere
    ("qq", [("qq", False)]),
]


@pytest.mark.parametrize(("word", "pieces"), SEGMENTS, ids=[s[0] for s in SEGMENTS])
def test_segments(word: str, pieces: list[tuple[str, bool]]) -> None:
    assert phrases.segments(word, KNOWN, 3, frozenset({"e"})) == pieces


def test_readings_vary_one_piece_at_a_time() -> None:
    read = phrases.read("1 ab", [(2, 4)], lambda run: [("a", "b"), ("c", "d", "e")])
    assert read == ("1 a c", "1 b c", "1 a d", "1 a e")


@given(st.integers(min_value=1, max_value=200))
def test_a_long_name_gives_few_readings(pieces: int) -> None:
    """Never the product of every piece's alternatives (2**200 here)."""
    read = phrases.read("x", [(0, 1)], lambda run: [("a", "b")] * pieces)
    assert len(read) == min(phrases.MOST_READINGS, pieces + 1)


@pytest.mark.parametrize(
    ("words", "body"),
    [
        (["은행"], True),  # a kind of body: bank
        (["광업", "개발"], True),  # two words of the table: mining, development
        (["中国"], False),  # one: 王中国, a person named Zhongguo
        (["中国", "部"], False),  # a word of one syllable does not count
    ],
)
def test_names_a_body(words: list[str], body: bool) -> None:
    assert phrases.names_a_body(words, frozenset({"은행"})) is body
