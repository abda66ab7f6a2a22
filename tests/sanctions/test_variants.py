"""The names a listed name stands for (``variants``): each packed name indexed on its own,
the words in parentheses that qualify rather than name left out."""

from __future__ import annotations

import pytest

from services.sanctions.lists.model import ListName
from services.sanctions.matching.variants import variants

CASES = [
    # (the field as listed, the names it stands for)
    ("HAQQANI NETWORK (HQN)", ["HAQQANI NETWORK (HQN)", "HAQQANI NETWORK", "HQN"]),  # acronym
    (
        "Hay'at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script))",
        [
            "Hay'at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script))",
            "Hay'at Tahrir al-Sham",
            "HTS",
            "هيئة تحرير الشام",
        ],
    ),
    (
        "BANK SEPAH AND BANK SEPAH INTERNATIONAL",
        ["BANK SEPAH AND BANK SEPAH INTERNATIONAL", "BANK SEPAH", "BANK SEPAH INTERNATIONAL"],
    ),
    ("Trade and Development Bank", ["Trade and Development Bank"]),  # one name with "and"
    ("ABC TRADING (PAKISTAN)", ["ABC TRADING (PAKISTAN)", "ABC TRADING"]),  # one word qualifies
    # a place's name qualifies however written: indexed alone, HONG KONG met every partner
    # named after the place (helper-29, 2026-12-04: UN KPe.059)
    (
        "HUAXIN SHIPPING (HONG KONG) LTD",
        ["HUAXIN SHIPPING (HONG KONG) LTD", "HUAXIN SHIPPING LTD"],
    ),
    ("華信船務(香港)有限公司", ["華信船務(香港)有限公司", "華信船務有限公司"]),
    ("GREEN PINE (NORTH KOREA) CORP", ["GREEN PINE (NORTH KOREA) CORP", "GREEN PINE CORP"]),
]


@pytest.mark.parametrize(("field", "names"), CASES, ids=[c[0] for c in CASES])
def test_variants(field: str, names: list[str]) -> None:
    assert [v.name for v in variants(ListName(field, "primary"))] == names
