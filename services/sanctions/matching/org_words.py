"""An organisation named in Persian or Arabic, read with its common words in English.

The lists carry Iranian and Arab bodies under English names (NATIONAL IRANIAN OIL COMPANY,
MAHAN AIR, COMMERCIAL BANK OF SYRIA) and almost never under their own, so a partner who
writes شرکت ملی نفت ایران or هواپیمایی ماهان shares no word with them that a romanisation
could find: the words must be translated. Only the common words of such names are (company,
bank, airline, national, oil: ``data/org_words_arabic_script.json``, with its sources); the
body's own name (Mahan, Tasnim, Sepah) is left to be romanised, as the lists write it. A
name is read so only when one of its words says what kind of body it names, so a person
called Eslami (اسلامی, Islamic) or Nafisi is never read as a phrase.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "org_words_arabic_script.json"
#: the reading's words in the evidence
TRANSLATED: Final = "common words of an organisation's name in English"
#: the letters Persian and Arabic write differently, folded alike, and the marks and the
#: zero-width non-joiner left out: مؤسسة and موسسه, شركة and شرکت are one word
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",  # the Persian ezafe written on he (بیمۀ)
        "ھ": "ه",  # Urdu he, typed for it
        "ہ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ؤ": "و",
    }
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u2060\ufeff]")
#: a word: letters, the marks written on them and the zero-width non-joiner; anything else
#: (guillemets, the Arabic comma, hyphens) is between words
_WORD = re.compile("[\\w\u064b-\u065f\u0670\u0640\u200c-\u200d]+")
_ZWNJ = "\u200c"
#: letters of the word as written that read as another (alef wasla, Urdu he), for the words
#: left to be romanised
_SHAPES = str.maketrans({"ٱ": "ا", "ھ": "ه", "ہ": "ه", "ۀ": "ه"})
_ARABIC_LETTER = re.compile("[\u0620-\u06ff]")
#: what Arabic writes joined before a word: the article, and "and", "for", "by", "as" with
#: or without it (المصرف, للنفط, والأمن, بالشركة), longest first
_PREFIXES = ("وال", "بال", "فال", "کال", "لل", "ال", "و", "ل", "ب")
#: the Persian ezafe written after a long vowel (سیمای, نیروی: "the vision of", "the
#: force of"), looked up without it
_EZAFE = re.compile("(?<=[او])ی$")
#: the most words one entry of the table spans (صدا و سیما: broadcasting)
_LONGEST = 3


def fold(word: str) -> str:
    """A word as the table is looked up: letters both languages write differently alike,
    without marks and the zero-width non-joiner."""
    return _MARKS.sub("", word).replace(_ZWNJ, "").translate(_FOLD)


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["words"])


@cache
def table(language: str = "fa") -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Folded words (or phrases) -> their English, and the words that name a kind of body:
    the language's own words first, then the other's (a Persian name borrows Arabic words,
    but مخابرات is telecommunications in Persian and intelligence in Arabic)."""
    words: dict[str, tuple[str, ...]] = {}
    kinds: set[str] = set()
    for row in sorted(_rows(), key=lambda r: r["language"] != language):
        key = " ".join(fold(w) for w in row["written"].split())
        if key in words:
            continue
        words[key] = tuple(row["english"])
        if row["kind"]:
            kinds.add(key)
    return words, frozenset(kinds)


@cache
def _english_kinds() -> frozenset[str]:
    """The English of every word that names a kind of body (company, bank, ministry)."""
    return frozenset(e for r in _rows() if r["kind"] for e in r["english"] if " " not in e)


@cache
def english_words() -> frozenset[str]:
    """The English of every word of the table: common words of organisations' names
    (company, technology, engineering, university)."""
    return frozenset(e for r in _rows() for e in r["english"] if " " not in e)


#: letters Persian writes and Arabic does not (its own kaf and ye among them)
_PERSIAN = re.compile("[پچژگکی]")
#: the most readings of one name (a word written in English three ways)
MOST_READINGS: Final = 3


def _entry(words: list[str], i: int, language: str) -> tuple[str, int] | None:
    """The table's entry the words from ``i`` on start with, and how many words it spans:
    the longest phrase first, the first word also without what Arabic joins before it."""
    known, _ = table(language)
    first = words[i]
    stems = [first] + [first[len(p) :] for p in _PREFIXES if first.startswith(p)]
    stems = [s for s in stems if len(s) >= 2 or s == first]
    for span in range(min(_LONGEST, len(words) - i), 0, -1):
        rest = words[i + 1 : i + span]
        last = (
            [rest]
            if not rest or not _EZAFE.search(rest[-1])
            else [rest, [*rest[:-1], rest[-1][:-1]]]
        )
        for stem in stems:
            for word in (stem, stem[:-1]) if _EZAFE.search(stem) else (stem,):
                for tail in last:
                    key = " ".join([word, *tail])
                    if key in known:
                        return key, span
    return None


def _words(text: str) -> list[str]:
    """The name's words; a word joined to the next by a zero-width non-joiner and unknown
    as a whole (هواپیمایی‌ماهان) as its parts."""
    out: list[str] = []
    for word in _WORD.findall(text):
        parts = [p for p in word.split(_ZWNJ) if p]
        if len(parts) > 1 and _entry([fold(word)], 0, "fa") is None:
            out.extend(parts)
        else:
            out.append(word)
    return out


def _language(text: str, words: list[str]) -> str:
    """Arabic where a word has the article or a tāʾ marbūṭa (المصرف التجاری, typed on a
    Persian keyboard, is Arabic still); else Persian where a letter only Persian writes is
    used; else Arabic."""
    if "ة" in text or any(w.startswith("ال") and len(w) > 3 for w in words):
        return "ar"
    return "fa" if _PERSIAN.search(text) else "ar"


@lru_cache(maxsize=50_000)
def translated(text: str) -> tuple[str, ...]:
    """The name with its common words in English, the body's own name left as written: one
    reading, or more where a word is written in English several ways (هواپیمایی: airlines
    and air), at most ``MOST_READINGS``; none where no word names a kind of body."""
    if not _ARABIC_LETTER.search(text):
        return ()
    written = _words(text)
    words = [fold(w) for w in written]
    language = _language(text, words)
    known, kinds = table(language)
    parts: list[tuple[str, ...]] = []
    named_kind = False
    i = 0
    while i < len(words):
        found = _entry(words, i, language)
        if found is None:
            plain = _MARKS.sub("", written[i]).translate(_SHAPES)
            parts.append((plain,))
            # a kind written in English (Company ملی نفت ایران) names a body as well
            named_kind = named_kind or plain.lower() in _english_kinds()
            i += 1
            continue
        key, span = found
        parts.append(known[key])
        named_kind = named_kind or key in kinds
        i += span
    return readings(parts) if named_kind else ()


def readings(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    """A name's readings from its parts, each a word's ways in English (or the word as
    written): the first way of every word, then the second of those that have one, and so
    on, at most ``MOST_READINGS``; shared by the readings in Latin letters
    (``latin_org_words``)."""
    ways = min(MOST_READINGS, max((len(p) for p in parts), default=0))
    read = (" ".join(p[min(k, len(p) - 1)] for p in parts) for k in range(ways))
    return tuple(dict.fromkeys(read))
