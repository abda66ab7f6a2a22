"""A name written without spaces read as a table's words (``phrases``)."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import phrases

TABLE = phrases.Table(
    words={"ab": ("x",), "abc": ("y",), "d": ("z",), "e": ("w",), "kk": ("k1", "k2")},
    romanise=lambda name: (name.upper(), name.title()),
    kinds=frozenset({"kk"}),
    anywhere=frozenset({"e"}),
    titles=frozenset({"t"}),
    elsewhere={"ab": ("later",)},
)
RUNS = re.compile("[a-z]+")

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
    assert phrases.segments(word, TABLE) == pieces


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("qqkk", True),  # a kind of body
        ("abqabc", True),  # two words of the table
        ("qqab", False),  # one
        ("qqabd", False),  # a word of one syllable does not count
        ("qkk", False),  # a family name and a title
        ("qqkkt", False),  # a kind followed by a title's syllable
    ],
)
def test_names_a_body(name: str, body: bool) -> None:
    assert phrases.names_a_body(phrases.segments(name, TABLE), TABLE) is body


def test_readings_vary_one_piece_at_a_time_the_last_first() -> None:
    """A name's kind (its last word) varies first; a word read otherwise when not first."""
    assert phrases.translated("1 qqabkk", TABLE, RUNS) == (
        "1 QQ later k1",
        "1 QQ later k2",
        "1 Qq later k1",
    )
    assert phrases.translated("abqqkk", TABLE, RUNS)[0] == "x QQ k1"


@given(st.integers(min_value=1, max_value=200))
def test_a_long_name_gives_few_readings(pieces: int) -> None:
    """Never the product of every piece's alternatives (2**200 here)."""
    read = phrases.translated("kk" * pieces, TABLE, RUNS)
    assert len(read) == min(phrases.MOST_READINGS, pieces + 1)


@given(st.text(alphabet="abcdekqt", max_size=30))
def test_segments_cut_the_word_whole(word: str) -> None:
    """The pieces put together are the word, and no two stretches are next to each other."""
    pieces = phrases.segments(word, TABLE)
    assert "".join(text for text, _ in pieces) == word
    assert all(a[1] or b[1] for a, b in pairwise(pieces))
    assert all(text in TABLE.words for text, is_word in pieces if is_word)
