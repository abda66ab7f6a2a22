"""Special categories of personal data (Art. 9 GDPR) and criminal-offence data (Art. 10),
recognised in the data categories a producer declares: fideslang keys, and words in English
and German with their synonyms. Pure.

A declared category is folded before it is compared (NFKC, case, ``ß`` and umlauts written
out, any punctuation a space), so ``Gesundheitsdaten``, ``health_record`` and
``user.health_and_medical.genetic`` are all read. A term matches as whole words
("trade union"); a stem anywhere in a word, for compounds ("Gewerkschaftszugehörigkeit");
phrases that only look like a category ("device fingerprint", "race condition") are taken
out first. Over-reading is the safe side: a category flagged that is not special costs a
look; one missed costs a transfer without an Art. 9(2) condition.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property

from pydantic import BaseModel, ConfigDict, PrivateAttr

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, umlauts and ß written out, accents dropped, anything else a space."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).split())


class Category(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str
    article: str
    label: str
    terms: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    #: phrases that look like the category and are not ("device fingerprint", "race
    #: condition", "politically exposed person"): taken out before matching
    exceptions: tuple[str, ...] = ()
    fideslang: tuple[str, ...] = ()
    #: keys of Clearway's own for what fideslang has no key for (trade-union membership)
    extension_keys: tuple[str, ...] = ()
    note: str | None = None

    @property
    def text(self) -> str:
        return f"{self.article} {self.label}"

    @cached_property
    def _terms(self) -> tuple[str, ...]:
        return tuple(f" {fold(t)} " for t in self.terms)

    @cached_property
    def _exceptions(self) -> tuple[str, ...]:
        return tuple(f" {fold(e)} " for e in self.exceptions)

    @cached_property
    def _stems(self) -> tuple[str, ...]:
        return tuple(fold(s).replace(" ", "") for s in self.stems)

    def matches(self, declared: str) -> bool:
        lowered = declared.strip().lower()
        if any(
            lowered == k or lowered.startswith(k + ".")
            for k in (*self.fideslang, *self.extension_keys)
        ):
            return True
        padded = f" {fold(declared)} "
        for exception in self._exceptions:
            padded = padded.replace(exception, " ")
        folded = padded.strip()
        if any(t in padded for t in self._terms):
            return True
        words = folded.split()
        return any(s in w for s in self._stems for w in (*words, "".join(words)))


class Vocabulary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    categories: tuple[Category, ...]
    #: declared category -> the texts of the categories it reveals (the same words are
    #: declared again and again; bounded)
    _seen: dict[str, tuple[str, ...]] = PrivateAttr(default_factory=dict)

    def found(self, declared: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
        """Category text -> the declared categories that revealed it."""
        out: dict[str, list[str]] = {}
        for item in declared:
            texts = self._seen.get(item)
            if texts is None:
                texts = tuple(c.text for c in self.categories if c.matches(item))
                if len(self._seen) >= 10_000:
                    self._seen.clear()
                self._seen[item] = texts
            for text in texts:
                out.setdefault(text, []).append(item)
        return out
