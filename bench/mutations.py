"""A mutation corpus from real list entries: each listed name written the ways someone who
wants it cleared would write it. Shared by the suite (none may come out green) and
``make bench`` (recall per transformation beside the false-positive rate).

Every transformation is a small pure function of a name and a random generator seeded per
name, so the corpus is the same on every run.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from services.sanctions.lists.model import ListEntry, SanctionsList

Mutation = Callable[[str, random.Random], str]

#: Latin letters and a Cyrillic letter that looks the same
CYRILLIC = {
    "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445",
    "y": "\u0443", "A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d",
    "K": "\u041a", "M": "\u041c", "O": "\u041e", "P": "\u0420", "T": "\u0422", "X": "\u0425",
    "i": "\u0456", "I": "\u0406", "j": "\u0458", "s": "\u0455", "S": "\u0405",
}  # fmt: skip
#: Latin letters and a Greek letter that looks the same
GREEK = {
    "A": "\u0391", "B": "\u0392", "E": "\u0395", "H": "\u0397", "I": "\u0399", "K": "\u039a",
    "M": "\u039c", "N": "\u039d", "O": "\u039f", "P": "\u03a1", "T": "\u03a4", "X": "\u03a7",
    "Y": "\u03a5", "Z": "\u0396", "o": "\u03bf", "v": "\u03bd",
}  # fmt: skip
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u2800", "\u3164")
LEGAL_FORMS = ("Ltd", "Limited", "LLC", "GmbH", "S.A.", "Co.", "Inc.", "JSC")


def _inside(name: str, rng: random.Random, piece: Callable[[], str], every: int = 3) -> str:
    """Insert ``piece()`` inside words, about every ``every`` letters."""
    out = []
    for i, ch in enumerate(name):
        out.append(ch)
        if (
            ch.isalpha()
            and i + 1 < len(name)
            and name[i + 1].isalpha()
            and rng.random() < 1 / every
        ):
            out.append(piece())
    return "".join(out)


def zero_width(name: str, rng: random.Random) -> str:
    """Zero-width spaces, joiners and non-joiners, word joiners and BOMs inside words."""
    return _inside(name, rng, lambda: rng.choice(INVISIBLE[:5]))


def soft_hyphens(name: str, rng: random.Random) -> str:
    """Soft hyphens inside words (invisible unless a line breaks there)."""
    return _inside(name, rng, lambda: "\u00ad", every=4)


def invisible_fillers(name: str, rng: random.Random) -> str:
    """Braille blanks, Hangul fillers and bidi marks inside words."""
    return _inside(name, rng, lambda: rng.choice(INVISIBLE[5:]), every=4)


def _swap(name: str, rng: random.Random, table: dict[str, str], share: float) -> str:
    return "".join(table[c] if c in table and rng.random() < share else c for c in name)


def cyrillic_some(name: str, rng: random.Random) -> str:
    """A few letters replaced by Cyrillic look-alikes (a Latin word carrying Cyrillic)."""
    return _swap(name, rng, CYRILLIC, 0.35)


def cyrillic_all(name: str, rng: random.Random) -> str:
    """Every letter that has a Cyrillic look-alike replaced by it."""
    return _swap(name, rng, CYRILLIC, 1.0)


def greek_upper(name: str, rng: random.Random) -> str:
    """The name in capitals, letters with Greek look-alikes replaced by them."""
    return _swap(name.upper(), rng, GREEK, 0.6)


def fullwidth(name: str, rng: random.Random) -> str:
    """Full-width forms of the letters (as East Asian keyboards write them)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def no_spaces(name: str, rng: random.Random) -> str:
    """The words run together, as in a domain name or a hashtag."""
    return "".join(w[:1].upper() + w[1:] for w in name.split())


def extra_space(name: str, rng: random.Random) -> str:
    """A space inside the longest word."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 6:
        cut = rng.randint(3, len(w) - 3)
        words[i] = w[:cut] + " " + w[cut:]
    return " ".join(words)


def lower_case(name: str, rng: random.Random) -> str:
    """All lower case."""
    return name.lower()


def diacritics(name: str, rng: random.Random) -> str:
    """Accents on some vowels (combining marks, then composed)."""
    marks = ("\u0301", "\u0300", "\u0308", "\u0302")
    out = []
    for c in name:
        out.append(c)
        if c.lower() in "aeiou" and rng.random() < 0.4:
            out.append(rng.choice(marks))
    return unicodedata.normalize("NFC", "".join(out))


def word_order(name: str, rng: random.Random) -> str:
    """The words in another order (surname first, or the last word first)."""
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join([words[-1], *words[:-1]])


def legal_form(name: str, rng: random.Random) -> str:
    """A legal form added, or swapped for another spelling of one."""
    return f"{name} {rng.choice(LEGAL_FORMS)}"


#: the transformations, named as the benchmark prints them
MUTATIONS: dict[str, Mutation] = {
    "zero-width characters": zero_width,
    "soft hyphens": soft_hyphens,
    "invisible fillers and marks": invisible_fillers,
    "Cyrillic look-alikes (some)": cyrillic_some,
    "Cyrillic look-alikes (all)": cyrillic_all,
    "Greek look-alikes in capitals": greek_upper,
    "full-width letters": fullwidth,
    "spaces removed": no_spaces,
    "space added": extra_space,
    "lower case": lower_case,
    "diacritics": diacritics,
    "word order": word_order,
    "legal form": legal_form,
}


@dataclass(frozen=True, slots=True)
class Sample:
    list_name: str
    entry: ListEntry
    name: str


def samples(lists: list[SanctionsList], per_list: int) -> list[Sample]:
    """About ``per_list`` entries of each list, spread over the list: primary names in Latin
    letters of at least two words and eight letters (what a partner registry would hold)."""
    out = []
    for source in lists:
        fit = [
            e
            for e in source.entries
            if e.kind in ("person", "organization")
            and len(e.primary_name.split()) >= 2
            and len(e.primary_name) >= 8
            and e.primary_name.isascii()
        ]
        step = max(1, len(fit) // max(per_list, 1))
        out += [Sample(source.name, e, e.primary_name) for e in fit[::step][:per_list]]
    return out


def corpus(picked: list[Sample]) -> Iterator[tuple[str, Sample, str]]:
    """(transformation, sample, mutated name) for every sample and transformation."""
    for sample in picked:
        for label, mutate in MUTATIONS.items():
            rng = random.Random(f"{label}/{sample.list_name}/{sample.entry.entry_id}")
            yield label, sample, mutate(sample.name, rng)
