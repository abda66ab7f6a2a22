"""Identifiers as lists write them, read into one comparable shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching.identifiers import Identifier, compare, listed
from services.sanctions.matching.identifiers import given as stated

LISTED = [
    ("Registration ID 14063277", "registration", "14063277"),
    ("RU, 7736640919, Tax ID No.", "tax", "7736640919"),
    ("IMO 7406784", "imo", "7406784"),
    ("MMSI 572469210", "mmsi", "572469210"),
    ("Passport 1084010", "passport", "1084010"),
    ("NIT # 800018928-0", "tax", "8000189280"),
    ("INN: 7831000122", "tax", "7831000122"),
    (
        "CN, 91110000MA005UCQ5P, Unified Social Credit Code (USCC)",
        "registration",
        "91110000MA005UCQ5P",
    ),
    ("C.U.R.P. AIMM67125HCHRRG06", "national_id", "AIMM67125HCHRRG06"),
    ("Legal Entity Number 213800ABCDEF12345678", "lei", "213800ABCDEF12345678"),
]


@pytest.mark.parametrize(("text", "scheme", "value"), LISTED)
def test_list_text_is_read(text: str, scheme: str, value: str) -> None:
    assert listed(text) == Identifier(scheme, value)


@pytest.mark.parametrize(
    "text", ["Tax ID No. AABA", "Male, Gender", "03 Jun 2021, Listing Date (CMIC)"]
)
def test_text_without_an_identifier_is_none(text: str) -> None:
    assert listed(text) is None


def test_equal_values_are_shared_and_differing_values_of_one_scheme_conflict() -> None:
    ours = (Identifier("registration", "1027739609391"), Identifier("lei", "X" * 18 + "12"))
    theirs = (Identifier("registration", "1027739609391"), Identifier("lei", "Y" * 18 + "12"))
    shared, conflicting = compare(ours, theirs)
    assert [i.scheme for i in shared] == ["registration"] and conflicting == ("lei",)
    assert compare((Identifier("imo", "1234567"),), (Identifier("passport", "7654321"),)) == (
        (),
        (),
    )


@given(st.text(min_size=3, max_size=30))
def test_a_stated_value_is_upper_case_letters_and_digits(value: str) -> None:
    found = stated("registration", value)
    assert found is None or (found.value.isalnum() and found.value == found.value.upper())
