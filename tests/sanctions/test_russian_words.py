"""Words of Russian organisations' names read in English, as the lists translate them
(``services/sanctions/matching/russian_words.py``)."""

from __future__ import annotations

import json

import pytest

from services.sanctions.matching import russian_words
from services.sanctions.matching.normalize import name_form
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

ROWS = json.loads(russian_words.DATA.read_text(encoding="utf-8"))["words"]


@pytest.mark.parametrize("row", ROWS, ids=[r["written"] for r in ROWS])
def test_each_word_is_translated_so_by_a_listed_entry(real_snapshot: Snapshot, row: dict) -> None:  # type: ignore[type-arg]
    """The evidence holds: the entry is on that list under both names, and read through the
    table the two names share the word's English."""
    assert real_snapshot.index is not None
    evidence = row["evidence"]
    names = {
        n.name
        for entry, source in real_snapshot.index.entries
        if source.name == evidence["list"] and entry.entry_id == evidence["entry"]
        for n in entry.names
    }
    assert set(evidence["names"]) <= names
    russian, english = (name_form(n) for n in evidence["names"])
    assert set(russian.core + russian.legal) & set(english.core + english.legal)


@pytest.mark.parametrize(
    ("spelling", "english"),
    [
        ("kontsern", "concern"),  # the lists and BGN/PCGN
        ("koncern", "concern"),  # ICU's default
        ("zavod", "plant"),
        ("byuro", "bureau"),
        ("buro", "bureau"),
        ("obedinenie", "association"),  # as the lists write it
        ("obyedineniye", "association"),  # BGN/PCGN
        ("kalashnikov", "kalashnikov"),  # any other word is itself
    ],
)
def test_spellings_are_computed(spelling: str, english: str) -> None:
    assert russian_words.english(spelling) == english


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # helper-25's review (2026-12-04): each cleared before
        ("AO Kontsern Kalashnikov", "CONCERN KALASHNIKOV"),
        ("Kontsern Kalashnikov", "CONCERN KALASHNIKOV"),
        ("Концерн Калашников", "CONCERN KALASHNIKOV"),
    ],
)
def test_russian_names_meet_their_english(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_korporatsiya_is_a_legal_form_as_corporation_is() -> None:
    """Korporatsiya, Corporation and Corp are one word, a form of the organisation."""
    assert name_form("Obedinennaya Sudostroitelnaya Korporatsiya").legal == ("corp",)
