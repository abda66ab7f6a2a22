"""The names a listed name stands for (``variants``): each packed name indexed on its own,
the words in parentheses that qualify rather than name left out."""

from __future__ import annotations

import pytest

from services.sanctions.lists.model import ListName
from services.sanctions.matching.variants import variants
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

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


#: a query packing names as the lists do: the name in its own script beside it, in
#: parentheses, read as extra words cleared (2026-12-05: Bank Mellat (بانک ملت) 0.69,
#: Rosoboronexport (Рособоронэкспорт) 0.52, Kim Jong Un (金正恩) 0.64)
PACKED_QUERIES = [
    ("Bank Mellat (بانک ملت)", "organization", "BANK MELLAT"),
    ("بانک ملت (Bank Mellat)", "organization", "BANK MELLAT"),
    ("Rosoboronexport (Рособоронэкспорт)", "organization", "ROSOBORONEKSPORT"),
    ("Kim Jong Un (金正恩)", "person", "KIM"),
    ("Vladimir Putin (Владимир Путин)", "person", "PUTIN"),
]


@pytest.mark.parametrize(
    ("query", "kind", "listed"), PACKED_QUERIES, ids=[q[0] for q in PACKED_QUERIES]
)
def test_a_query_is_read_name_by_name(
    real_snapshot: Snapshot, query: str, kind: str, listed: str
) -> None:
    assert_found(real_snapshot, query, kind, listed)
