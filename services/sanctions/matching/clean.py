"""The first step of every name: what a person sees, not what the bytes say.

A name written to slip past the matcher hides in characters that do not show or that look
like others. Before anything else (transliteration turns invisible characters into ``?`` or
``-`` and splits words on them; look-alike letters are transliterated by their sound):

1. Unicode NFKC, so compatibility forms (full-width letters, ligatures, circled letters)
   read as the letters they show;
2. remove every default-ignorable code point (the Unicode property
   Default_Ignorable_Code_Point: zero-width characters, joiners, BOM, bidi controls, soft
   hyphen, variation selectors, the combining grapheme joiner, tags), the invisible
   fillers that property misses (U+2800 and others below), format and control characters;
   other separators become spaces;
3. fold look-alike letters into a token's main script, only inside tokens that mix
   scripts (a Latin word carrying one Cyrillic letter), with the confusable mappings of
   Unicode's UTS #39 as ICU ships them;
4. read characters that transliteration cannot read as a letter (``ɑ`` LATIN SMALL LETTER
   ALPHA, ``⍺`` APL ALPHA, ``🅷`` NEGATIVE SQUARED H, Lisu and Cherokee letters) as the Latin
   letter they show: by the letter their Unicode name gives, else by UTS #39. Left alone,
   they would vanish or split the word, and the name would read shorter than it looks.

``lookalike`` gives a second reading for words written wholly in letters that look like
Latin ones (``ВАNСО``, word by word, so one honest foreign word beside them does not hide
them): each letter read as the Latin letter whose UTS #39 skeleton it shares. A skeleton
is a comparison key, not a folding into Latin (it maps an honest ``Vladimir`` to
``Vladirnir``), so it is used letter by letter, only for letters of other scripts, and the
reading is only ever an extra form to compare, never the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

import icu
from normality import ascii_text

from services.sanctions.matching import scripts

#: invisible characters the Default_Ignorable_Code_Point property does not include: the
#: Braille blank, the Hangul fillers (listed by recent Unicode versions, kept here for older
#: ICU data), the Mongolian vowel separator, the Khmer inherent vowels, invisible operators
INVISIBLE_EXTRA: Final = "\u2800\u3164\u115f\u1160\uffa0\u180e\u17b4\u17b5\u2061\u2062\u2063\u2064"
_REMOVE = icu.UnicodeSet(
    "[[:Default_Ignorable_Code_Point:][:Cf:][:Cc:][:Co:][:Cs:]["
    + "".join(f"\\u{ord(c):04x}" for c in INVISIBLE_EXTRA)
    + "]-[\\u0009\\u000a\\u000d]]"
)
#: the zero-width non-joiner between two Arabic-script letters of a name written in Persian
#: (one with a letter only Persian writes: پ چ ژ گ, Persian kaf and ye): Persian orthography
#: writes it inside words, between parts that are not to join (خامنه‌ای, پزشک‌فر, علی‌اکبر),
#: so it is removed like any invisible character but is no evidence of a name written to
#: slip past the matcher. Arabic orthography has no use for it: there it stays evidence
#: (ص‌الح, a name split where its letters join)
_ARABIC_LETTER = "[\u0620-\u064a\u066e-\u06d5\u06fa-\u06ff\u0750-\u077f]"
_PERSIAN_ZWNJ = re.compile(f"(?<={_ARABIC_LETTER})\u200c(?={_ARABIC_LETTER})")
PERSIAN_LETTERS: Final = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
_SPACES = icu.UnicodeSet("[[:Zs:][:Zl:][:Zp:]\\u0009\\u000a\\u000d]")


def _char_class(uset: icu.UnicodeSet) -> str:
    """A regular-expression class of the set's code points (escaped, so surrogates and
    controls are safe in the pattern)."""
    parts = []
    for i in range(uset.getRangeCount()):
        start, end = ord(uset.getRangeStart(i)), ord(uset.getRangeEnd(i))
        parts.append(f"\\U{start:08x}" + (f"-\\U{end:08x}" if end != start else ""))
    return "[" + "".join(parts) + "]"


_INVISIBLE = re.compile(_char_class(_REMOVE))
_SPACE = re.compile(_char_class(_SPACES))
_SPOOF = icu.SpoofChecker()
_LATIN = "Latin"
#: scripts whose letters commonly pass for Latin ones, and the reverse is folded for
_LOOKALIKE_SCRIPTS = ("Cyrillic", "Greek", "Armenian", "Cherokee")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A name as it is shown, and what had to be done to get there (match evidence)."""

    text: str
    #: invisible or format characters removed
    invisible: int = 0
    #: tokens that mixed letters of several scripts, folded into their main script
    mixed: tuple[str, ...] = ()
    #: tokens with letters that can be read neither by transliteration nor as a look-alike
    #: (a Cherokee letter that resembles none): the name cannot be compared in full
    unreadable: tuple[str, ...] = ()


@lru_cache(maxsize=65_536)
def script_of(char: str) -> str:
    return str(icu.Script.getScript(ord(char)).getName())


@lru_cache(maxsize=65_536)
def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text`` (ICU's confusable data)."""
    return str(_SPOOF.getSkeleton(0, text))


@cache
def _into(script: str) -> dict[str, str]:
    """Latin letter -> a letter of ``script`` that looks the same (from the skeletons of that
    script's letters), for folding a Latin intruder into a Cyrillic or Greek word."""
    table: dict[str, str] = {}
    for cp in range(0x0370, 0x1000):
        char = chr(cp)
        if not char.isalpha() or script_of(char) != script:
            continue
        sk = skeleton(char)
        if len(sk) == 1 and sk.isascii() and sk.isalpha():
            table.setdefault(sk, char)
    return table


def _scripts(token: str) -> Counter[str]:
    scripts = Counter(script_of(c) for c in token if c.isalpha())
    scripts.pop("Common", None)
    scripts.pop("Inherited", None)
    return scripts


@cache
def _latin_by_prototype() -> dict[str, tuple[str, ...]]:
    """UTS #39 prototype -> the Latin letters that have it ("l" -> l, I)."""
    table: dict[str, list[str]] = {}
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table.setdefault(skeleton(letter), []).append(letter)
    return {k: tuple(v) for k, v in table.items()}


def latin_lookalike(char: str) -> str | None:
    """The Latin letter ``char`` passes for, in its case (Greek capital iota is "I", not the
    prototype "l"), or None."""
    letters = _latin_by_prototype().get(skeleton(char))
    if not letters:
        return None
    # a caseless letter (Lisu) passes for a capital: it is drawn like one
    upper = char.isupper() or not char.islower()
    same_case = [x for x in letters if x.isupper() == upper]
    return (same_case or list(letters))[0]


_NAMED_LETTER = re.compile(r"\b(?:LATIN (?:CAPITAL|SMALL) |SYMBOL )LETTER ([A-Z])$")


@lru_cache(maxsize=65_536)
def letter_reading(char: str) -> str | None:
    """The Latin letter a character shows when transliteration cannot read it as a letter
    (``ɑ``, ``⍺``, ``🅷``), or None (``é`` reads as ``e`` already; ``·`` shows no letter; the
    Cyrillic soft sign ``ь`` is a sign in its word, not a Latin ``b``)."""
    if char.isascii() or script_of(char) == "Arabic":
        return None  # an Arabic-script letter ICU cannot read (Urdu ھ) is read as Arabic later
    plain = ascii_text(char)
    if plain and (plain.isalnum() or set(plain) <= _MARKS):
        return None  # a letter, or a sign every romanisation writes as a mark (ь, ъ)
    named = _NAMED_LETTER.search(unicodedata.name(char, ""))
    if named:
        letter = named.group(1)
        return letter.lower() if "SMALL" in unicodedata.name(char) else letter
    return latin_lookalike(char)


def _looks_latin(char: str) -> bool:
    return latin_lookalike(char) is not None


def _fold(token: str) -> str:
    scripts = _scripts(token)
    if len(scripts) < 2:
        return token
    # the main script: Latin when every other letter of the word passes for a Latin one
    # (a word written to look Latin, however many letters were swapped); else the script of
    # most letters (a Cyrillic word with a Latin intruder)
    foreign = [c for c in token if c.isalpha() and script_of(c) not in (_LATIN, "Common")]
    if _LATIN in scripts and all(_looks_latin(c) for c in foreign):
        main = _LATIN
    else:
        main = max(scripts, key=lambda s: (scripts[s], s == _LATIN))
    out = []
    for char in token:
        script = script_of(char) if char.isalpha() else main
        if script in (main, "Common", "Inherited"):
            out.append(char)
        elif main == _LATIN:
            out.append(latin_lookalike(char) or char)
        elif script == _LATIN and main in _LOOKALIKE_SCRIPTS:
            out.append(_into(main).get(char, char))
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=200_000)
def clean(name: str) -> Cleaned:
    """NFKC, invisible characters removed, separators as spaces, mixed-script tokens folded."""
    text = unicodedata.normalize("NFKC", name)
    if PERSIAN_LETTERS.search(text):
        text = _PERSIAN_ZWNJ.sub("", text)
    text, removed = _INVISIBLE.subn("", text)
    text = _SPACE.sub(" ", text)
    if text.isascii():
        return Cleaned(text, removed)
    tokens = text.split(" ")
    mixed = [t for t in tokens if not t.isascii() and len(_scripts(t)) > 1]
    folded = [_fold(t) if t in mixed else t for t in tokens]
    read = []
    unreadable = []
    for token in folded:
        shown = "".join(letter_reading(c) or c for c in token)
        if shown != token and token not in mixed:
            mixed.append(token)
        if any(_unreadable(c) for c in shown):
            unreadable.append(token)
        read.append(shown)
    return Cleaned(" ".join(read), removed, tuple(mixed), tuple(unreadable))


@lru_cache(maxsize=65_536)
def _unreadable(char: str) -> bool:
    """A letter transliteration turns into nothing legible, with no Latin look-alike. A letter
    read as a mark (the Cyrillic soft and hard signs ь ъ, Arabic hamza and ayn: ' and ") is a
    sign of how the letter before it sounds, written so in every romanisation, not a lost
    letter: Игорь, Анатольевич, Объединённая are readable."""
    if char.isascii() or not char.isalpha():
        return False
    plain = ascii_text(char.translate(scripts.URDU))  # Urdu ھ is read as Arabic ه
    if plain and set(plain) <= _MARKS:
        return False
    return not (plain and any(c.isalnum() for c in plain)) and letter_reading(char) is None


#: what transliteration writes for a letter that is a sign, not a sound
_MARKS = frozenset("'\"`")


def _read_word(word: str) -> str:
    """A word whose every letter of another script passes for a Latin one, read as Latin;
    any other word as it is (an honest Cyrillic or Greek word)."""
    out = []
    for char in word:
        if char.isalpha() and script_of(char) != _LATIN:
            latin = latin_lookalike(char)
            if latin is None:
                return word
            out.append(latin)
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=65_536)
def lookalike(text: str) -> str | None:
    """A Latin reading of the words of a name written in letters that look Latin but are not
    (whole-script confusables such as ``ВАNСО``), word by word: every letter read as the Latin
    letter it passes for under UTS #39. None when no word reads so (an honest Cyrillic or
    Greek name). Word by word, so one honest word (``ПАО``) does not hide the others."""
    if text.isascii() or not any(c.isalpha() and not c.isascii() for c in text):
        return None
    reading = " ".join(_read_word(w) for w in text.split(" ")).lower()
    return reading if reading != text.lower() else None
