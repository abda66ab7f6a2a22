"""Cleaning names before anything else: what a person does not see is removed, look-alike
letters inside a word are read as the script of the word, and a name written wholly in
look-alike letters gets a Latin reading (UTS #39 confusables, through ICU)."""

from __future__ import annotations

import unicodedata

import icu
import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching.clean import INVISIBLE_EXTRA, clean, lookalike

DEFAULT_IGNORABLE = icu.UnicodeSet("[:Default_Ignorable_Code_Point:]")
NAME = "Banco Nacional de Cuba"

CASES = [
    # (written, shown, invisible removed, why)
    ("Ban\u200bco Nacional de Cuba", NAME, 1, "zero-width space"),
    ("Ban\u00adco Naci\u00adonal de Cu\u00adba", NAME, 3, "soft hyphens"),
    ("Ban\u200cco Na\u200dcional", "Banco Nacional", 2, "zero-width (non-)joiners"),
    ("\ufeffBanco", "Banco", 1, "byte-order mark"),
    ("Ban\u202eco", "Banco", 1, "bidi override"),
    ("Ban\u2066co\u2069", "Banco", 2, "bidi isolates"),
    ("Ban\ufe0fco", "Banco", 1, "variation selector"),
    ("Ban\u034fco", "Banco", 1, "combining grapheme joiner"),
    ("Ban\U000e0041co", "Banco", 1, "tag character"),
    ("Ban\u3164co", "Banco", 1, "Hangul filler"),
    ("Ban\u2800co", "Banco", 1, "Braille blank"),
    ("Ban\u2060co", "Banco", 1, "word joiner"),
    ("\uff22\uff41\uff4e\uff43\uff4f", "Banco", 0, "full-width letters (NFKC)"),
    ("Banco\u00a0Nacional", "Banco Nacional", 0, "no-break space"),
    ("Banco\u2028Nacional", "Banco Nacional", 0, "line separator"),
]


@pytest.mark.parametrize(("written", "shown", "removed", "why"), CASES, ids=[c[3] for c in CASES])
def test_invisible_characters_are_removed(written: str, shown: str, removed: int, why: str) -> None:
    cleaned = clean(written)
    assert cleaned.text == shown and cleaned.invisible == removed


FOLDED = [
    # (written, shown, why)
    ("Ban\u0441o Na\u0441ional de \u0421uba", NAME, "Cyrillic c and C in Latin words"),
    ("B\u0430nk M\u0435ll\u0430t", "Bank Mellat", "Cyrillic a and e in Latin words"),
    ("\u0412\u0410N\u0421\u041e", "BANCO", "a Latin N among Cyrillic look-alikes"),
    ("AL-T\u0399\u039aR\u0399\u03a4\u0399", "AL-TIKRITI", "Greek capitals: iota read as I, not l"),
    (
        "B\u043b\u0430\u0434\u0438\u043c\u0438\u0440",
        "\u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440",
        "a Latin B in a Cyrillic word",
    ),
]


@pytest.mark.parametrize(("written", "shown", "why"), FOLDED, ids=[c[2] for c in FOLDED])
def test_look_alikes_are_folded_into_the_script_of_the_word(
    written: str, shown: str, why: str
) -> None:
    cleaned = clean(written)
    assert cleaned.text == shown and cleaned.mixed


def test_honest_names_in_other_scripts_are_left_alone() -> None:
    for name in ("Владимир Путин", "Ελληνική Εταιρεία", "محمد", "金正恩", "Vladimir"):
        assert clean(name).text == unicodedata.normalize("NFKC", name)
        assert not clean(name).mixed and lookalike(clean(name).text) is None


def test_a_name_wholly_in_look_alike_letters_gets_a_latin_reading() -> None:
    assert lookalike("\u0410\u0412\u0412\u0410\u0405") == "abbas"  # АВВАЅ
    assert lookalike("\u0391\u0392\u0395") == "abe"  # Greek capitals


INVISIBLES = st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", *INVISIBLE_EXTRA]
)


@given(
    st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd"]), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), INVISIBLES), max_size=6),
)
def test_inserted_invisibles_never_change_the_name(
    text: str, inserts: list[tuple[int, str]]
) -> None:
    written = text
    for position, char in inserts:
        written = written[:position] + char + written[position:]
    assert clean(written).text == clean(text).text


@given(st.text(max_size=60))
def test_cleaning_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    once = clean(text).text
    assert clean(once).text == once
    assert not any(DEFAULT_IGNORABLE.contains(c) for c in once)
    assert not any(unicodedata.category(c) in ("Cf", "Cc") for c in once)


@pytest.mark.parametrize("name", ["Игорь", "Анатольевич", "Объединённая", "Ольга"])
def test_signs_read_as_marks_are_readable(name: str) -> None:
    """ь and ъ are written ' and " by every romanisation: signs, not lost letters."""
    assert clean(name).unreadable == ()
