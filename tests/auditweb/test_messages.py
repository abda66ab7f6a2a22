"""The page, its notifications and its reports in German: every English text where it is
written has its German, with the same fields, and the catalogue holds nothing else."""

from __future__ import annotations

from string import Formatter

from services.auditweb import messages
from services.common import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_every_text_has_its_german_with_the_same_fields() -> None:
    catalogue = i18n.catalogue("auditweb", "de")
    missing = [t for t in messages.texts() if (None, t) not in catalogue]
    assert missing == [], "run `python -m services.auditweb.messages` and translate these"
    for (_, english), german in catalogue.items():
        assert _fields(german) == _fields(english), english


def test_the_catalogue_holds_the_texts_of_today() -> None:
    """Nothing left from texts no longer written (the refresh drops them)."""
    written = set(messages.texts())
    assert {m.id for m in messages.read() if m.id} == written


def test_html_texts_skip_what_is_not_to_be_translated() -> None:
    html = (
        '<p title="A hint">Hello <b>you</b></p><select translate="no"><option>English</option>'
        "</select><script>x()</script><input placeholder='Find'><p>  two\n  lines </p><p>42</p>"
    )
    assert messages.html_texts(html) == ["A hint", "Hello", "you", "Find", "two lines"]


def test_a_text_is_german_or_english_never_half() -> None:
    assert i18n.text("de", "Reasons ({n})", n=3) == "Gründe (3)"
    assert i18n.text("en", "Reasons ({n})", n=3) == "Reasons (3)"
    assert i18n.text("de", "A text nobody translated") == "A text nobody translated"
