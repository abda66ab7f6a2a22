"""Helpers shared by the parsers: empty markers, dates, identifiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.sanctions.lists.model import ListName

import re
from datetime import datetime

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def clean(value: str | None) -> str | None:
    """None for OFAC's ``-0-`` and blank cells; stripped text otherwise."""
    if value is None:
        return None
    text = value.strip()
    return None if not text or text == "-0-" else text


_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")


def parse_dates(text: str | None) -> list[str]:
    """Dates in the forms lists use, as ISO 8601 (partial where the list is partial)."""
    if not text:
        return []
    found: list[str] = []
    rest = text
    for m in _ISO.finditer(rest):
        found.append(m.group(0))
    rest = _ISO.sub(" ", rest)
    for m in _DAY_MONTH_YEAR.finditer(rest):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            found.append(f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}")
    rest = _DAY_MONTH_YEAR.sub(" ", rest)
    for m in _DMY_NUMERIC.finditer(rest):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append(f"{m.group(3)}-{month:02d}-{day:02d}")
    rest = _DMY_NUMERIC.sub(" ", rest)
    for m in _MONTH_YEAR.finditer(rest):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            found.append(f"{m.group(2)}-{month:02d}")
    rest = _MONTH_YEAR.sub(" ", rest)
    found.extend(m.group(1) for m in _YEAR.finditer(rest))
    return list(dict.fromkeys(found))


def iso_date(
    text: str | None, formats: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y")
) -> str | None:
    if not text:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text.strip()[:10], fmt).date().isoformat()
        except ValueError:
            continue
    return None


def dedupe(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def unique_names(names: list[ListName]) -> tuple[ListName, ...]:
    """One name per text, keeping the strongest label it was seen with."""
    from services.sanctions.lists.model import ListName

    rank = {"primary": 0, "strong": 1, "weak": 2}
    best: dict[str, ListName] = {}
    for name in names:
        key = " ".join(name.name.split())
        if key and (key not in best or rank[name.strength] < rank[best[key].strength]):
            best[key] = ListName(key, name.strength)
    return tuple(best.values())
