"""Safe XML parsing for downloaded lists (defusedxml: no entity expansion attacks)."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from services.sanctions.lists.model import ListFormatError


def parse_xml(data: bytes, what: str) -> Element:
    try:
        root: Element = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as exc:
        msg = f"{what}: not well-formed XML ({exc})"
        raise ListFormatError(msg) from exc
    return root


def local(tag: str) -> str:
    """The tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    value = element.text.strip()
    return value or None


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if local(c.tag) == name]


def child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def descendants(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if local(e.tag) == name]
