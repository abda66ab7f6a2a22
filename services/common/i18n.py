"""German and English for what officers read: gettext catalogues (``.po``), read with Babel.

English is the source: a rule's ``message`` template in its ``rules.py`` is the one text of
that message, and a decision records it in English, as the rule said it. German lives beside
each owner as a translation of that English text (``services/<service>/locale/de.po``, with
the rule as the entry's context; ``services/auditweb/locale/de.po`` for the page, the
notifications and the reports), where translators' tools (Poedit, Weblate) read it.

A recorded reason is shown in German only when the English template of its translation,
filled with the reason's own evidence, gives exactly the sentence the decision recorded. A
rule whose wording changed since, or a reason written before its rule had a translation, is
shown as recorded, in English: an officer never reads a German sentence that says something
other than what was decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from babel.messages.pofile import read_po

from services.common.rules import render

Language = Literal["en", "de"]
LANGUAGES: tuple[Language, ...] = ("en", "de")
SERVICES_DIR = Path(__file__).resolve().parents[1]
#: the context of a reason written outside any service's rules (the pipeline's own reasons)
COMMON = "common"


def N_(english: str) -> str:
    """Marks a text for the catalogue where it is written (a table of labels); it is
    translated where it is shown."""
    return english


def language(value: object, default: Language = "en") -> Language:
    """A supported language from a setting, a query parameter or an Accept-Language header
    (``de-DE,de;q=0.9,en;q=0.8``: the first supported one); ``default`` otherwise."""
    if not isinstance(value, str):
        return default
    for part in value.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return default


@lru_cache(maxsize=32)
def catalogue(owner: str, lang: Language) -> dict[tuple[str | None, str], str]:
    """(context, English) -> translation, from ``services/<owner>/locale/<lang>.po``; empty
    for English and for an owner without one. Untranslated and fuzzy entries are left out,
    so they show in English rather than half-done."""
    if lang == "en" or lang not in LANGUAGES or not owner.isidentifier():
        return {}  # an owner is a package name, never a path (a decision names its service)
    path = SERVICES_DIR / owner / "locale" / f"{lang}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle)
    return {
        (m.context, str(m.id)): str(m.string)
        for m in po
        if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
    }


#: the context of fixed words the rules fill into their messages ("owner", "end user")
VALUE = "value"
#: where a service's reasons may come from: its own rules, the shared sanctions rules, the
#: common ones (reference data)
SHARED = ("sanctions", COMMON)


@lru_cache(maxsize=32)
def _by_rule(owner: str, lang: Language) -> dict[str, tuple[tuple[str, str], ...]]:
    """rule name -> its (English template, translation) pairs: a rule built per role (the
    sanctions rules) says its sentence in more than one way."""
    found: dict[str, list[tuple[str, str]]] = {}
    for (ctx, en), tr in catalogue(owner, lang).items():
        if ctx and ctx != VALUE:
            found.setdefault(ctx, []).append((en, tr))
    return {rule: tuple(pairs) for rule, pairs in found.items()}


def _owners(service: str) -> tuple[str, ...]:
    return (service, *(o for o in SHARED if o != service))


def text(lang: Language, english: str, owner: str = "auditweb", **values: Any) -> str:
    """A text of the page, a notification or a report in ``lang``: its translation, or the
    English when there is none; ``{name}`` fields filled from ``values``."""
    template = catalogue(owner, lang).get((None, english), english)
    return render(template, values) if values else template


def reason_message(lang: Language, service: str, reason: Mapping[str, Any]) -> str:
    """The sentence of a recorded reason in ``lang``: the translation of its rule's message,
    filled with its evidence (its fixed words translated too), when the rule's English filled
    the same way is exactly what was recorded; otherwise the recorded sentence."""
    recorded = str(reason.get("message") or "")
    evidence = reason.get("evidence")
    if lang == "en" or not isinstance(evidence, Mapping) or not evidence.get("rule"):
        return recorded
    owners = _owners(service)
    for owner in owners:
        for en, translated in _by_rule(owner, lang).get(str(evidence["rule"]), ()):
            if render(en, evidence) == recorded:
                words = _words(lang, owners)
                filled = {
                    k: words.get(v, v) if isinstance(v, str) else v for k, v in evidence.items()
                }
                return render(translated, filled)
    return recorded


@lru_cache(maxsize=32)
def _words(lang: Language, owners: tuple[str, ...]) -> dict[str, str]:
    """The fixed words the rules fill in ("owner"), translated; a service's own first."""
    words: dict[str, str] = {}
    for owner in reversed(owners):
        words.update({en: tr for (ctx, en), tr in catalogue(owner, lang).items() if ctx == VALUE})
    return words


def translations(service: str, reason: Mapping[str, Any]) -> dict[str, str]:
    """A recorded reason's sentence in every other language it reads in (none when its rule
    says it otherwise now): what the page and the exports show beside the record."""
    found = {lang: reason_message(lang, service, reason) for lang in LANGUAGES if lang != "en"}
    return {lang: text for lang, text in found.items() if text != reason.get("message")}
