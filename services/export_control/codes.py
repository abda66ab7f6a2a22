"""Control codes as exporters write them: an Annex I entry (``5A002.a.1``), a position of the
German export list (``0009``, ``2B909``), or something else. Pure.

The group letter of an Annex I code says what the item is, and that decides which research
exemption can reach it: ``A``, ``B``, ``C`` are goods (systems, equipment, materials),
which no note frees; ``D`` is software (the General Software Note); ``E`` is technology
(the General Technology Note; the Nuclear Technology Note in Category 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CODE = re.compile(
    r"^(?P<category>[0-9])(?P<group>[A-E])(?P<number>[0-9]{3})(?P<sub>(\.([a-z]{1,2}|[0-9]{1,2}))*)$"
)
ItemType = Literal["goods", "software", "technology"]
TYPES: dict[str, ItemType] = {
    "A": "goods",
    "B": "goods",
    "C": "goods",
    "D": "software",
    "E": "technology",
}


@dataclass(frozen=True, slots=True)
class ParsedCode:
    raw: str
    valid: bool
    heading: str | None  # "5A002" for "5A002.a.1"
    category: str | None = None
    group: str | None = None

    @property
    def item_type(self) -> ItemType | None:
        return TYPES.get(self.group or "")

    @property
    def parts(self) -> list[str]:
        return self.raw.split(".")


def parse_code(raw: str) -> ParsedCode:
    """Parse an Annex I code (``5A002.a.1``): category, group, entry heading, sub-paragraphs.
    Trailing dots of the legal text's style (``5A004.a.``) are accepted."""
    text = raw.strip().rstrip(".")
    head, dot, rest = text.partition(".")
    normal = head.upper() + (dot + rest.lower() if dot else "")
    match = CODE.match(normal)
    if not match:
        return ParsedCode(raw, False, None)
    return ParsedCode(normal, True, normal[:5], match.group("category"), match.group("group"))


def within(code: str, entry: str) -> bool:
    """``code`` is ``entry`` or one of its sub-items (5A004.a.1 within 5A004.a)."""
    return code == entry or code.startswith(entry + ".")


def relation(code: str, entry: str) -> Literal["within", "above"] | None:
    """``within``: the code is the entry or below it; ``above``: the code is a heading that
    contains the entry (1C351 above 1C351.d.4), so it may or may not be that item."""
    if within(code, entry):
        return "within"
    if within(entry, code):
        return "above"
    return None
